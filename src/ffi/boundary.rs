//! What every exported function shares: the panic boundary, reading C strings, writing the
//! answer, and borrowing a handle.

use crate::{Client, Error, ErrorKind, Method, Operation, Result};
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// An opaque client handle. Made by `beeper_client_new`, freed by `beeper_client_free`.
pub struct BeeperClient {
    pub(crate) client: Client,
}

/// The panic boundary, written once for every exported function: its body runs behind
/// `catch_unwind`, so that no panic unwinds into C. The body of every `extern "C"` function of
/// src/ffi is one `boundary!` (`every_export_is_one_boundary` below checks it), in one of three
/// forms:
///
/// - `boundary!(out_json => body)`: `body` gives a `Result<String>`; the status is returned and
///   the answer, or the error object, written to `*out_json` (a NULL `out_json` is tolerated).
///   A panic is BEEPER_ERR_INTERNAL, with an error object saying so.
/// - `boundary!(status => body)`: `body` gives a `Result<()>`; only the status is returned.
/// - `boundary!(or fallback => body)`: `body`'s own value, or `fallback` after a panic (the log
///   functions' status, a free's `()`).
macro_rules! boundary {
    (status => $body:expr) => {
        $crate::ffi::boundary::run_status(|| $body)
    };
    (or $fallback:expr => $body:expr) => {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| $body)).unwrap_or($fallback)
    };
    ($out_json:ident => $body:expr) => {
        $crate::ffi::boundary::run($out_json, || $body)
    };
}
pub(crate) use boundary;

/// `boundary!(out_json => ...)`: runs `body` behind the panic boundary and reports its outcome,
/// the status code as the return value, and the answer (or the error object) in `*out_json`
/// when `out_json` is not NULL.
pub(crate) fn run(out_json: *mut *mut c_char, body: impl FnOnce() -> Result<String>) -> i32 {
    if !out_json.is_null() {
        // Set before anything can fail, so that the caller never reads garbage.
        unsafe { *out_json = std::ptr::null_mut() };
    }
    let result = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::internal(format!(
            "internal error (caught panic: {what})"
        )))
    });
    // Records the HTTP layer logged under its own locks are delivered now that none is held.
    crate::logging::flush_pending();
    if out_json.is_null() {
        return status_of(&result);
    }
    let (status, json) = outcome(result);
    unsafe { *out_json = json };
    status
}

/// `boundary!(status => ...)`: as [`run`], for a function that returns only a status.
pub(crate) fn run_status(body: impl FnOnce() -> Result<()>) -> i32 {
    run(std::ptr::null_mut(), || body().map(|()| String::new()))
}

fn status_of(result: &Result<String>) -> i32 {
    match result {
        Ok(_) => 0,
        Err(e) => e.kind.code(),
    }
}

/// A call's outcome as C receives it: the status, and the answer or the error object as a
/// string the receiver frees with `beeper_string_free`.
pub(crate) fn outcome(result: Result<String>) -> (i32, *mut c_char) {
    let status = status_of(&result);
    let text = match result {
        Ok(text) => text,
        Err(e) => e.to_json().to_string(),
    };
    (status, into_c_string(text))
}

/// Hands a string to C. JSON text never holds a NUL byte (serde escapes it, and server bodies
/// were parsed first), but a broken invariant must not become a crash.
fn into_c_string(text: String) -> *mut c_char {
    CString::new(text)
        .unwrap_or_else(|_| {
            CString::new(r#"{"kind":"internal","message":"answer held a NUL byte","retries":0}"#)
                .expect("literal has no NUL")
        })
        .into_raw()
}

/// Checks that `out_json` can receive the answer.
pub(crate) fn require_out(out_json: *mut *mut c_char) -> Result<()> {
    if out_json.is_null() {
        return Err(Error::invalid("out_json must not be NULL"));
    }
    Ok(())
}

/// Borrows the client behind a handle without taking ownership.
pub(crate) unsafe fn borrow_client<'a>(handle: *const BeeperClient) -> Result<&'a Client> {
    handle
        .as_ref()
        .map(|h| &h.client)
        .ok_or_else(|| Error::invalid("client must not be NULL"))
}

/// The operation named by a C string (its dotted name, "setup.retrieve").
pub(crate) unsafe fn operation_named(ptr: *const c_char) -> Result<Operation> {
    let name = required_str(ptr, "operation")?;
    Operation::from_name(name).ok_or_else(|| {
        Error::invalid(format!(
            "unknown operation {:?}",
            crate::error::excerpt(name, 64)
        ))
    })
}

/// The method of a custom request, named by a C string in any case ("GET", "post").
pub(crate) unsafe fn method_named(ptr: *const c_char) -> Result<Method> {
    let name = required_str(ptr, "method")?;
    Method::from_name(name).ok_or_else(|| {
        Error::invalid(format!(
            "unknown method {:?}: GET, POST, PUT, PATCH or DELETE",
            crate::error::excerpt(name, 16)
        ))
    })
}

/// Reads a required C string argument as UTF-8.
pub(crate) unsafe fn required_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    optional_str(ptr, name)?.ok_or_else(|| Error::invalid(format!("{name} must not be NULL")))
}

/// Reads an optional C string argument (NULL means absent) as UTF-8.
pub(crate) unsafe fn optional_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    CStr::from_ptr(ptr).to_str().map(Some).map_err(|_| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("{name} is not valid UTF-8"),
        )
    })
}

/// The per-call options argument: NULL for none. Parsed, checked and made ready once per thread
/// while the text stays the same, so that a binding passing the same options on every call pays
/// once.
pub(crate) unsafe fn options_arg(
    options_json: *const c_char,
) -> Result<Option<std::sync::Arc<crate::call::options::ReadyOptions>>> {
    optional_str(options_json, "options_json")?
        .map(crate::CallOptions::from_json_reused)
        .transpose()
}

/// The per-call options of a custom request: NULL for the defaults (a request always has its
/// options made ready: it sends their query and reads their `raw`).
pub(crate) unsafe fn request_options(
    options_json: *const c_char,
) -> Result<std::sync::Arc<crate::call::options::ReadyOptions>> {
    match options_arg(options_json)? {
        Some(ready) => Ok(ready),
        None => crate::call::options::ReadyOptions::new(crate::CallOptions::default()),
    }
}

/// The shared body of the operation functions (`operations.rs`), inside their boundary.
pub(crate) unsafe fn operation(
    op: Operation,
    c: *const BeeperClient,
    verification_id: *const c_char,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> Result<String> {
    require_out(out_json)?;
    let client = borrow_client(c)?;
    // NULL where the path takes none; the id is checked where every call's is.
    let id = optional_str(verification_id, "verification_id")?;
    let params = optional_str(params_json, "params_json")?;
    client.call(op, id, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_and_the_process_survives() {
        let mut out: *mut c_char = std::ptr::null_mut();
        let status = run(&mut out, || panic!("deliberate"));
        assert_eq!(status, ErrorKind::Internal.code());
        let text = unsafe { CString::from_raw(out) }.into_string().unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["kind"], "internal");
        assert!(v["message"].as_str().unwrap().contains("deliberate"));
    }

    #[test]
    fn null_out_json_is_tolerated() {
        assert_eq!(run(std::ptr::null_mut(), || Ok("{}".into())), 0);
    }

    #[test]
    fn every_export_is_one_boundary() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ffi");
        let mut exports = 0;
        let mut bare = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("\n#[no_mangle]\n") {
                let rest = &text[at..];
                let signature = rest.find("extern \"C\" fn ").expect("an exported function");
                let name = rest[signature + "extern \"C\" fn ".len()..]
                    .split('(')
                    .next();
                // The body: after the first `{` ending a line, comments aside.
                let open = rest.find("{\n").expect("a body");
                let body = rest[open + 1..]
                    .lines()
                    .map(str::trim)
                    .find(|line| !line.is_empty() && !line.starts_with("//"))
                    .unwrap_or_default();
                exports += 1;
                if !body.starts_with("boundary!(") {
                    bare.extend(name.map(str::to_owned));
                }
            }
        }
        assert!(exports >= 30, "only {exports} exports found");
        assert!(
            bare.is_empty(),
            "exports whose body is not one boundary!: {bare:?}"
        );
    }
}
