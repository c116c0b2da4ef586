//! The client handle's functions: made, configured, freed, cancelled, and its calls that are
//! not one operation's own (by name, custom requests, the wait). Each operation's own function
//! is in `operations.rs`, generated from the declaration; cbindgen writes the header from all.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::boundary::{
    borrow_client, boundary, method_named, operation_named, optional_str, options_arg,
    request_options, require_out, required_str, BeeperClient,
};
use crate::call::custom::request_ready;
use crate::call::entry::call_with_ready;
use crate::call::wait::{join_poll_threads, wait_since};
use crate::{Client, Secret, WaitParams};
use std::ffi::c_char;
use std::ptr;

/// Makes a client. `config_json` (borrowed, may be NULL for all defaults) is an object with the
/// optional keys baseURL, accessToken, timeoutMs, connectTimeoutMs, maxRetries, defaultHeaders,
/// userAgent, adoptAccessToken, allowInsecureHttp, caCertificatesPem; unknown keys are an error.
/// An accessToken may hold anything but control characters (spaces are fine). defaultHeaders refuses
/// Content-Length, Transfer-Encoding, Host, Content-Type and control characters in values; an
/// Authorization there is sent only where the token would be, and only while there is no token.
/// caCertificatesPem is a string of one or more PEM certificates trusted for https in addition to
/// the platform's trust store (text that is not PEM certificates is BEEPER_ERR_INVALID_ARGUMENT);
/// a certificate that does not check out is BEEPER_ERR_CONNECTION with a message saying why.
/// On success
/// `*out_client` receives a handle to free with `beeper_client_free`, and `*out_json` the string
/// "null"; on failure `*out_client` is NULL and `*out_json` the error object.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_new(
    config_json: *const c_char,
    out_client: *mut *mut BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        if !out_client.is_null() {
            *out_client = ptr::null_mut();
        }
        require_out(out_json)?;
        if out_client.is_null() {
            return Err(crate::Error::invalid("out_client must not be NULL"));
        }
        let config = optional_str(config_json, "config_json")?.unwrap_or("null");
        // Before the client, so that `BEEPER_LOG` shows its creation.
        crate::logging::install();
        let client = Client::from_json(config)?;
        *out_client = Box::into_raw(Box::new(BeeperClient { client }));
        Ok("null".to_owned())
    })
}

/// Frees a client made by `beeper_client_new`. NULL is fine. Call it once, after every blocking
/// call on this client has returned (in every thread). Calls started without blocking that
/// have not ended are ended here: each not yet called back is called back on this thread with
/// BEEPER_ERR_CANCELLED, and callbacks running on other threads are waited for, so that no
/// callback of this client runs once this returns (from inside one of its callbacks, all but
/// that one). No thread of the client outlives it: a wait's poll still ending when the wait
/// ended is waited for here (it stops within 50 ms, whatever it was doing).
#[no_mangle]
pub unsafe extern "C" fn beeper_client_free(client: *mut BeeperClient) {
    // A panic in a destructor must not unwind into C.
    boundary!(or () => {
        if !client.is_null() {
            let handle = Box::from_raw(client);
            handle.client.end_calls();
            // A wait that ended while its poll was still connecting left that poll's thread
            // to finish: nothing of the client may outlive the free.
            join_poll_threads(&handle.client);
            drop(handle);
        }
    })
}

/// Replaces the client's access token (`token` borrowed; NULL removes it; control characters
/// are refused, spaces are fine). Thread-safe: calls
/// already in flight keep the token they started with. `*out_json` receives "null" or the error.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_set_access_token(
    client: *const BeeperClient,
    token: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let token = optional_str(token, "token")?.map(Secret::new);
        borrow_client(client)?.set_access_token(token)?;
        Ok("null".to_owned())
    })
}

/// The client's effective settings, after the environment and defaults: `*out_json` receives
/// {baseURL, timeoutMs, connectTimeoutMs, maxRetries, userAgent, adoptAccessToken,
/// hasAccessToken}. The token itself is never returned.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_settings(
    client: *const BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        Ok(borrow_client(client)?.settings_json().to_string())
    })
}

/// The access token the client holds now: `*out_json` receives it as a JSON string, or "null"
/// when there is none. It is the one the client's requests use: given in the config or by
/// `beeper_client_set_access_token`, taken from BEEPER_ACCESS_TOKEN, or adopted after a
/// successful setup.response or setup.register (also one made through `beeper_client_call`
/// with `raw`), so a binding reads it here rather than watching answers itself. The string is
/// a secret: free it with `beeper_string_free` once copied and never log it.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_access_token(
    client: *const BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let token = borrow_client(client)?.access_token();
        Ok(serde_json::to_string(&token).unwrap_or_else(|_| "null".to_owned()))
    })
}

/// Ends, promptly and with BEEPER_ERR_CANCELLED, every `beeper_setup_wait` on this client that
/// began before this call returns, every blocking call on it that has not sent its request yet
/// (looking the name up, connecting, in the TLS handshake: within 50 ms) or is pausing before a
/// retry (a request already sent by a blocking call is never cut: its outcome on the server
/// would be unknown), and every call started without blocking that has not ended, as
/// beeper_call_cancel ends each. Calls made afterwards are not affected. Nothing is cancelled on the server. Returns BEEPER_OK, or
/// BEEPER_ERR_INVALID_ARGUMENT for a NULL client.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_cancel(client: *const BeeperClient) -> i32 {
    boundary!(status => {
        borrow_client(client)?.cancel();
        Ok(())
    })
}

/// Runs the operation named `operation`, with per-call options. Every pointer argument is
/// borrowed for the duration of the call only; nothing passed in is freed or kept.
/// - `operation` (required): the operation's dotted name, as in the official SDKs:
///   "setup.retrieve", "setup.start", "setup.email", "setup.response", "setup.register",
///   "recoveryKey.verify", "recoveryKey.reset.create", "recoveryKey.reset.confirm",
///   "verifications.list", "verifications.create", "verifications.retrieve",
///   "verifications.accept", "verifications.cancel", "verifications.qr.scan",
///   "verifications.qr.confirmScanned", "verifications.sas.start", "verifications.sas.confirm".
/// - `verification_id`: required for the operations whose path takes an id, else NULL.
/// - `params_json`: the body params, as for the operation's own function; NULL where every
///   field is optional.
/// - `options_json`: NULL for none, or an object whose keys are all optional (unknown keys and
///   wrong types are BEEPER_ERR_INVALID_ARGUMENT, and nothing is sent):
///   `timeoutMs` (number >= 0: this call's timeout), `maxRetries` (integer >= 0),
///   `extraHeaders` (name -> string, or null to remove a default header such as User-Agent or
///   one from defaultHeaders; control characters and the headers the library writes, Content-Length,
///   Transfer-Encoding, Host and Content-Type, are refused; an Authorization value replaces the
///   token for this call and is guarded and hidden like it),
///   `extraQuery` (name -> string, number, boolean, or null to leave out; percent-encoded),
///   `extraBody` (object merged into the top level of the JSON body; refused for operations
///   that send no body), `raw` (boolean, default false), `validateResponse` (boolean, default
///   true: false returns a 2xx body of the wrong shape as sent instead of BEEPER_ERR_DECODE).
///
/// `*out_json` always receives a string (`out_json` NULL is BEEPER_ERR_INVALID_ARGUMENT), which
/// the caller frees with `beeper_string_free`: the response body, or with `raw`
/// `{"status": 200, "headers": {"content-type": "...", ...}, "request": {"method": "GET",
/// "url": "..."}, "body": <JSON or null>}` (header names lower-case, repeated headers joined
/// with ", "; `request` is the request as sent: its method and its final URL, the id and the
/// query percent-encoded exactly as on the wire, never a header or the body; a body that is
/// not JSON gives `"body": null` and `"text": "<the body>"`), or the error object. Errors of kind "api" always
/// carry "response": {"status", "headers", "body"} in the same form.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_call(
    client: *const BeeperClient,
    operation: *const c_char,
    verification_id: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let client = borrow_client(client)?;
        let op = operation_named(operation)?;
        let id = optional_str(verification_id, "verification_id")?;
        let params = optional_str(params_json, "params_json")?;
        match options_arg(options_json)? {
            None => client.call(op, id, params),
            // Checked when parsed.
            Some(ready) => call_with_ready(client, op, id, params, ready),
        }
    })
}

/// Sends a custom request: a method and a path the operation functions do not cover, through
/// the same pipeline (retries, header rules, the response size cap). Every pointer argument
/// is borrowed for the duration of the call only.
/// - `method` (required): "GET", "POST", "PUT", "PATCH" or "DELETE" (any case).
/// - `path` (required): relative to the base URL ("/v1/app/setup", may hold a query), or an
///   absolute URL that starts with the base URL; "." and ".." segments, control characters,
///   spaces, "\" and "#" are refused.
/// - `body_json`: the JSON body, any JSON value, sent as given; NULL sends no body (a GET
///   takes none).
/// - `options_json`: NULL, or the options of `beeper_client_call` (`extraBody` needs an object
///   body or none; `validateResponse` has nothing to check here).
///
/// The access token is sent when the client has one; over plain http to a host that is not
/// loopback the request is refused (BEEPER_ERR_INVALID_ARGUMENT, nothing sent) unless
/// allowInsecureHttp is set, token or not. No token is adopted from the answer. `*out_json`
/// receives the response body as sent ("null" when empty; a 2xx body that is not JSON is
/// BEEPER_ERR_DECODE unless `raw`), or with `raw` the {status, headers, request, body} answer
/// of `beeper_client_call`, or the error object; the caller frees it with `beeper_string_free`.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_request(
    client: *const BeeperClient,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let client = borrow_client(client)?;
        let method = method_named(method)?;
        let path = required_str(path, "path")?;
        let body = optional_str(body_json, "body_json")?;
        request_ready(client, method, path, body, request_options(options_json)?)
    })
}

/// Polls setup.retrieve until the state is one of `until` (default ["ready"]), or the
/// verification reaches one of `verificationStates`, or the state (`whileState`) or the
/// verification's state (`whileVerificationState`) is no longer the one given; `params_json`
/// (borrowed, may be NULL) also takes timeoutMs (default 300000) and intervalMs (default 500). `*out_json` receives the last
/// Session. Ends with BEEPER_ERR_TIMEOUT at the deadline, or BEEPER_ERR_CANCELLED when
/// beeper_client_cancel is called from another thread once this call has begun.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_wait(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let client = borrow_client(c)?;
        // Registered before the params are read: a cancel that comes while they are parsed
        // (the call has begun) must still end this wait.
        let since = client.canceller().epoch();
        require_out(out_json)?;
        let params = WaitParams::from_json(optional_str(params_json, "params_json")?)?;
        wait_since(client, since, &params)
    })
}
