//! Calls started without blocking: `BeeperCall` handles, the completion callback, and the
//! worker bound. The model (threads, exactly once, ownership, the free) is the header's, stated
//! once at its top.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::boundary::{
    borrow_client, boundary, method_named, operation_named, optional_str, options_arg, outcome,
    request_options, require_out, required_str, BeeperClient,
};
use crate::call::nonblocking::{start_call_ready, start_request_ready, start_wait_published};
use crate::{CallHandle, Client, Error, Result, WaitParams};
use std::ffi::{c_char, c_void};
use std::ptr;

/// The completion of a call started with beeper_client_call_async,
/// beeper_client_request_async, beeper_setup_wait_async or beeper_setup_next_change_async:
/// called exactly once, on one of the library's threads, with the `user_data` given at the
/// start, the call's status (as the blocking function would return it) and `json` (the answer
/// or the error object, never NULL), which the callback owns and frees with beeper_string_free.
pub type BeeperCallback =
    Option<unsafe extern "C" fn(user_data: *mut c_void, status: i32, json: *mut c_char)>;

/// The handle of a call started without blocking. Made by beeper_client_call_async,
/// beeper_client_request_async, beeper_setup_wait_async and their twins into a queue
/// (beeper_client_call_start, beeper_client_request_start, beeper_setup_wait_start), freed by
/// beeper_call_free.
pub struct BeeperCall {
    handle: CallHandle,
}

pub(super) use crate::call::nonblocking::{Completion, Publish};

impl BeeperCall {
    /// The handle of a call started without blocking, for the caller.
    pub(super) fn new(handle: CallHandle) -> *mut BeeperCall {
        Box::into_raw(Box::new(BeeperCall { handle }))
    }
}

/// The caller's callback and its user data, carried to the thread that ends the call.
struct Callback {
    function: unsafe extern "C" fn(*mut c_void, i32, *mut c_char),
    user_data: *mut c_void,
}

// The header tells the caller that the callback runs on the library's threads with this
// user_data: passing it there is the contract.
unsafe impl Send for Callback {}

impl Callback {
    fn new(function: BeeperCallback, user_data: *mut c_void) -> Result<Self> {
        let function = function.ok_or_else(|| Error::invalid("callback must not be NULL"))?;
        Ok(Callback {
            function,
            user_data,
        })
    }

    fn into_completion(self) -> Completion {
        // A method call captures the whole value (which is Send), not its fields.
        Box::new(move |result| self.call(result))
    }

    fn call(self, result: Result<String>) {
        let (status, json) = outcome(result);
        unsafe { (self.function)(self.user_data, status, json) }
    }
}

/// The caller's callback (which must not be NULL) receives the outcome.
pub(super) fn to_callback(
    callback: BeeperCallback,
    user_data: *mut c_void,
) -> impl FnOnce() -> Result<Completion> {
    move || Ok(Callback::new(callback, user_data)?.into_completion())
}

/// What every start function shares: the checks every start makes, then `begin` with the
/// client, the completion, and where the handle goes: to the caller, when it asked for one,
/// before the call can end (its callback may read it, or free it).
pub(super) unsafe fn start(
    client: *const BeeperClient,
    delivery: impl FnOnce() -> Result<Completion>,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
    begin: impl FnOnce(&Client, Completion, Publish<'_>) -> Result<CallHandle>,
) -> Result<String> {
    if !out_call.is_null() {
        *out_call = ptr::null_mut();
    }
    require_out(out_json)?;
    let client = borrow_client(client)?;
    let completion = delivery()?;
    begin(client, completion, &mut |handle| {
        if !out_call.is_null() {
            *out_call = BeeperCall::new(handle.clone());
        }
    })?;
    Ok("null".to_owned())
}

/// Starts an operation's call from the C arguments (borrowed until it has started).
pub(super) unsafe fn operation_call(
    operation: *const c_char,
    verification_id: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
) -> impl FnOnce(&Client, Completion, Publish<'_>) -> Result<CallHandle> {
    move |client, done, publish| {
        let op = operation_named(operation)?;
        let id = optional_str(verification_id, "verification_id")?;
        let params = optional_str(params_json, "params_json")?;
        start_call_ready(
            client,
            op,
            id,
            params,
            options_arg(options_json)?,
            done,
            publish,
        )
    }
}

/// Starts a custom request from the C arguments (borrowed until it has started).
pub(super) unsafe fn request_call(
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
) -> impl FnOnce(&Client, Completion, Publish<'_>) -> Result<CallHandle> {
    move |client, done, publish| {
        let method = method_named(method)?;
        let path = required_str(path, "path")?;
        let body = optional_str(body_json, "body_json")?;
        let options = request_options(options_json)?;
        start_request_ready(client, method, path, body, options, done, publish)
    }
}

/// Starts a wait from its C params (borrowed until it has started).
pub(super) unsafe fn wait_call(
    params_json: *const c_char,
) -> impl FnOnce(&Client, Completion, Publish<'_>) -> Result<CallHandle> {
    move |client, done, publish| {
        let params = WaitParams::from_json(optional_str(params_json, "params_json")?)?;
        start_wait_published(client, params, done, publish)
    }
}

/// Starts the operation named `operation` without blocking; every other argument but the last
/// four is as for beeper_client_call (borrowed for this call only). On BEEPER_OK the call is
/// under way: `callback(user_data, status, json)` will run exactly once, `*out_call` (when
/// `out_call` is not NULL) receives the call's handle (free it with beeper_call_free) and
/// `*out_json` the string "null". Any other status means the call was refused before anything
/// was sent (a NULL client or callback, an unknown operation, bad params or options):
/// `*out_json` is the error object, `*out_call` is NULL and the callback never runs.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_call_async(
    client: *const BeeperClient,
    operation: *const c_char,
    verification_id: *const c_char,
    params_json: *const c_char,
    options_json: *const c_char,
    callback: BeeperCallback,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = operation_call(operation, verification_id, params_json, options_json);
        start(
            client,
            to_callback(callback, user_data),
            out_call,
            out_json,
            begin,
        )
    })
}

/// Starts the custom request beeper_client_request would send (`method`, `path`, `body_json`
/// and `options_json` as there, borrowed for this call only) without blocking; the callback,
/// its user data, `*out_call`, `*out_json` and the statuses are as for
/// beeper_client_call_async: the request is refused before anything is sent (a NULL or unknown
/// method, a path that leaves the base URL, a body that is not JSON, bad options, plain http
/// off loopback without allowInsecureHttp) with the error beeper_client_request would return,
/// and the callback never runs. Its callback receives what beeper_client_request would have
/// written to `*out_json`.
#[no_mangle]
pub unsafe extern "C" fn beeper_client_request_async(
    client: *const BeeperClient,
    method: *const c_char,
    path: *const c_char,
    body_json: *const c_char,
    options_json: *const c_char,
    callback: BeeperCallback,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = request_call(method, path, body_json, options_json);
        start(
            client,
            to_callback(callback, user_data),
            out_call,
            out_json,
            begin,
        )
    })
}

/// Starts beeper_setup_wait without blocking (`params_json` as there, borrowed for this call
/// only); the rest is as for beeper_client_call_async. Between its polls the wait holds no
/// thread; at its deadline it ends BEEPER_ERR_TIMEOUT even while a poll is in flight.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_wait_async(
    client: *const BeeperClient,
    params_json: *const c_char,
    callback: BeeperCallback,
    user_data: *mut c_void,
    out_call: *mut *mut BeeperCall,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        let begin = wait_call(params_json);
        start(
            client,
            to_callback(callback, user_data),
            out_call,
            out_json,
            begin,
        )
    })
}

/// Ends this call only, with BEEPER_ERR_CANCELLED, at once: a call not yet sent sends nothing;
/// one pausing before a retry or between a wait's polls sends nothing more; one whose request
/// is in flight ends at once without its answer, and the server may still have acted
/// on that request (a sign-in may have succeeded, a verification may have moved on). Its
/// callback runs on one of the library's workers, never inside this function. Other calls of the
/// client are not touched. A no-op for a call that has ended. Returns BEEPER_OK, or
/// BEEPER_ERR_INVALID_ARGUMENT for NULL. `call` is borrowed; valid until beeper_call_free.
#[no_mangle]
pub unsafe extern "C" fn beeper_call_cancel(call: *const BeeperCall) -> i32 {
    boundary!(status => {
        let call = call
            .as_ref()
            .ok_or_else(|| Error::invalid("call must not be NULL"))?;
        call.handle.cancel();
        Ok(())
    })
}

/// Frees a call's handle. NULL is fine; call it once per handle, at any time: before or after
/// the callback has run, from inside the callback, after the client was freed. Freeing neither
/// cancels the call nor stops its callback.
#[no_mangle]
pub unsafe extern "C" fn beeper_call_free(call: *mut BeeperCall) {
    boundary!(or () => {
        if !call.is_null() {
            drop(Box::from_raw(call));
        }
    })
}

/// Sets how many calls started without blocking each client runs at once (1 to 256; default 8,
/// or BEEPER_WORKER_THREADS from the environment when set): each request in flight occupies
/// one worker for its exchange; waits between polls and retry pauses occupy none. Clients are
/// served in turn, each with workers of its own (at most 256 worker threads in the process), so
/// a server that hangs holds only its own client's calls. It applies at once, to calls already
/// started and queued too: a raised bound starts queued calls now, and under a lowered one no
/// call starts until fewer than the new bound run. Returns BEEPER_OK, or
/// BEEPER_ERR_INVALID_ARGUMENT for a count out of range.
#[no_mangle]
pub extern "C" fn beeper_set_worker_threads(count: u32) -> i32 {
    boundary!(status => {
        crate::set_worker_threads(count as usize)?;
        Ok(())
    })
}
