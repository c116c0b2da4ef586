//! The simulator for C and every language built on it: `libbeeper_setup_sim`, a testing library
//! apart from the production one, declared in `include/beeper_setup_sim.h`. A test starts a
//! simulator in its own process (loopback, a free port), steers it through the control
//! endpoints by name, and stops it; one it forgets ends with the process.

use crate::{describe, Sim, SimOptions};
use serde_json::{json, Value};
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

/// The call succeeded; `*out_json` is its answer.
pub const BEEPER_SIM_OK: i32 = 0;
/// A NULL where a value is needed, text that is not UTF-8 or not the JSON asked for, an unknown
/// option or scenario: nothing was started or changed.
pub const BEEPER_SIM_ERR_INVALID_ARGUMENT: i32 = 1;
/// The simulator could not start (the system refused a socket or a thread).
pub const BEEPER_SIM_ERR_START: i32 = 2;
/// The control endpoint refused the call (an unknown name, a method it does not take, an action
/// the state does not allow): `*out_json` holds its `status`, `code` and `message`.
pub const BEEPER_SIM_ERR_REFUSED: i32 = 4;
/// A bug in the simulator (a caught panic); the host process is unharmed.
pub const BEEPER_SIM_ERR_INTERNAL: i32 = 7;

/// A running simulator, owned by the caller of beeper_simulator_start() until
/// beeper_simulator_stop().
pub struct BeeperSimulator {
    sim: Sim,
    base_url: CString,
}

/// What a failed call hands back, as `{"kind", "message", ...}`.
struct Failure {
    status: i32,
    body: Value,
}

impl Failure {
    fn new(status: i32, kind: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            body: json!({"kind": kind, "message": message.into()}),
        }
    }

    fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(BEEPER_SIM_ERR_INVALID_ARGUMENT, "invalid_argument", message)
    }
}

/// Runs `f` with panics caught and writes its answer (or the failure) to `out_json`.
fn guarded(out_json: *mut *mut c_char, f: impl FnOnce() -> Result<Value, Failure>) -> i32 {
    if out_json.is_null() {
        return BEEPER_SIM_ERR_INVALID_ARGUMENT;
    }
    let (status, body) = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(answer)) => (BEEPER_SIM_OK, answer),
        Ok(Err(failure)) => (failure.status, failure.body),
        Err(_) => {
            let f = Failure::new(
                BEEPER_SIM_ERR_INTERNAL,
                "internal",
                "the simulator panicked",
            );
            (f.status, f.body)
        }
    };
    // serde_json never writes a NUL byte: a NUL inside a string is escaped as \u0000.
    let text = CString::new(body.to_string()).unwrap_or_default();
    // SAFETY: checked non-NULL above; the caller gave a place for one pointer.
    unsafe { *out_json = text.into_raw() };
    status
}

/// A borrowed C string as UTF-8; NULL is `None`.
///
/// # Safety
/// `s` is NULL or a NUL-terminated string that lives for `'a`.
unsafe fn text<'a>(s: *const c_char, what: &str) -> Result<Option<&'a str>, Failure> {
    if s.is_null() {
        return Ok(None);
    }
    CStr::from_ptr(s)
        .to_str()
        .map(Some)
        .map_err(|_| Failure::invalid(format!("{what} is not valid UTF-8")))
}

/// Starts a simulator in this process, on a free loopback port, and returns when it is ready.
///
/// `options_json` (NULL or `{}` for the defaults): `{"scenario"?: name or null, "auto"?: bool,
/// "mock"?: bool, "requireToken"?: bool}`, as the `beeper-setup-sim` flags. On BEEPER_SIM_OK
/// `*out_sim` is the handle (stop it once with beeper_simulator_stop()) and `*out_json`
/// `{"baseURL": "http://127.0.0.1:PORT"}`; otherwise `*out_sim` is NULL and `*out_json` the error
/// object. Free `*out_json` with beeper_simulator_string_free().
///
/// # Safety
/// `options_json` is NULL or a NUL-terminated string; `out_sim` and `out_json` point to writable
/// pointers.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_start(
    options_json: *const c_char,
    out_sim: *mut *mut BeeperSimulator,
    out_json: *mut *mut c_char,
) -> i32 {
    if !out_sim.is_null() {
        *out_sim = ptr::null_mut();
    }
    guarded(out_json, || {
        if out_sim.is_null() {
            return Err(Failure::invalid("out_sim is NULL"));
        }
        let options = SimOptions::from_json(text(options_json, "options_json")?.unwrap_or(""))
            .map_err(Failure::invalid)?;
        let sim = Sim::start(options).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidInput => Failure::invalid(e.to_string()),
            _ => Failure::new(BEEPER_SIM_ERR_START, "start", format!("cannot start: {e}")),
        })?;
        let base_url = CString::new(sim.base_url()).unwrap_or_default();
        let answer = json!({"baseURL": sim.base_url()});
        *out_sim = Box::into_raw(Box::new(BeeperSimulator { sim, base_url }));
        Ok(answer)
    })
}

/// The simulator's base URL (`http://127.0.0.1:PORT`, no trailing slash), borrowed: valid until
/// beeper_simulator_stop(). NULL for a NULL handle.
///
/// # Safety
/// `sim` is NULL or a handle from beeper_simulator_start() not yet stopped.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_base_url(sim: *const BeeperSimulator) -> *const c_char {
    match sim.as_ref() {
        Some(s) => s.base_url.as_ptr(),
        None => ptr::null(),
    }
}

/// Calls a control endpoint by name, in-process: `name` is its path under `/_sim/` (`state`,
/// `reset`, `other-device/accept`, `other-device/cancel`, `first-sync`, `faults`, `stats`,
/// `last-request`, ...; beeper_simulator_describe() lists them), `method` NULL for the usual one
/// (POST where the endpoint takes it, else its only method; DELETE on `faults` must be named),
/// `body_json` NULL or the JSON object it takes (`{"code": "m.mismatched_sas"}`). On
/// BEEPER_SIM_OK `*out_json` is the endpoint's answer; when the endpoint refuses, it is
/// `{"kind": "refused", "status", "code", "message"}` with BEEPER_SIM_ERR_REFUSED. Safe from
/// any thread, beside API requests in flight.
///
/// # Safety
/// `sim` is NULL or a live handle; the strings are NULL or NUL-terminated; `out_json` points to
/// a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_control(
    sim: *const BeeperSimulator,
    method: *const c_char,
    name: *const c_char,
    body_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    guarded(out_json, || {
        let sim = sim
            .as_ref()
            .ok_or_else(|| Failure::invalid("sim is NULL"))?;
        let name = text(name, "name")?.ok_or_else(|| Failure::invalid("name is NULL"))?;
        let method = text(method, "method")?;
        let body = text(body_json, "body_json")?.unwrap_or("");
        let answer = sim.sim.control(method, name, body.as_bytes());
        if (200..300).contains(&answer.status) {
            return Ok(answer.body);
        }
        let mut refusal = json!({"kind": "refused", "status": answer.status});
        if let (Value::Object(out), Value::Object(sent)) = (&mut refusal, answer.body) {
            out.extend(sent);
        }
        Err(Failure {
            status: BEEPER_SIM_ERR_REFUSED,
            body: refusal,
        })
    })
}

/// Stops the simulator (closing every connection to it) and frees the handle. NULL is a no-op.
/// Stop it once, after the last call on it has returned.
///
/// # Safety
/// `sim` is NULL or a handle from beeper_simulator_start() not yet stopped.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_stop(sim: *mut BeeperSimulator) {
    if sim.is_null() {
        return;
    }
    let sim = Box::from_raw(sim);
    let _ = catch_unwind(AssertUnwindSafe(|| sim.sim.stop()));
}

/// What the simulator offers, as JSON in `*out_json`: `{"scenarios": [names], "controls":
/// [{"name", "methods", "mock"}], "recoveryKey"}` (`mock`: the endpoint works in the mock mode
/// too). Always BEEPER_SIM_OK unless `out_json` is NULL.
///
/// # Safety
/// `out_json` points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_describe(out_json: *mut *mut c_char) -> i32 {
    guarded(out_json, || Ok(describe()))
}

/// Frees a string this library returned. NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a string from this library, not yet freed.
#[no_mangle]
pub unsafe extern "C" fn beeper_simulator_string_free(s: *mut c_char) {
    if !s.is_null() {
        drop(CString::from_raw(s));
    }
}
