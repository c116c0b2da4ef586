//! What belongs to the library rather than to a client: the status codes, its version and ABI
//! number, freeing the strings it returns, and the next-step advice.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::abi::BEEPER_ABI_VERSION;
use super::boundary::{
    borrow_client, boundary, optional_str, require_out, required_str, BeeperClient,
};
use crate::{next_step_json, next_step_json_with, StepOptions};
use std::ffi::{c_char, CString};

/// Success.
pub const BEEPER_OK: i32 = 0;
/// The caller passed something unusable (NULL, invalid UTF-8 or JSON, a wrong type, an empty id); nothing was sent.
pub const BEEPER_ERR_INVALID_ARGUMENT: i32 = 1;
/// The server could not be reached, or the connection broke.
pub const BEEPER_ERR_CONNECTION: i32 = 2;
/// A time limit passed.
pub const BEEPER_ERR_TIMEOUT: i32 = 3;
/// The server answered with a non-2xx status; see `status`, `code`, `body` and `response`
/// ({status, headers, body}: the answer itself) in the error object.
pub const BEEPER_ERR_API: i32 = 4;
/// The server answered 2xx with a body that is not the documented shape.
pub const BEEPER_ERR_DECODE: i32 = 5;
/// A wait, or a call pausing before a retry, was ended by `beeper_client_cancel`.
pub const BEEPER_ERR_CANCELLED: i32 = 6;
/// A bug in this library (for example a caught panic). The process is unharmed.
pub const BEEPER_ERR_INTERNAL: i32 = 7;

/// The library version, e.g. "0.1.0". Static: never free it.
#[no_mangle]
pub extern "C" fn beeper_version() -> *const c_char {
    boundary!(or std::ptr::null() => concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast())
}

/// The number of the C ABI this library provides (`BEEPER_ABI_VERSION` when it was built; 0 for
/// libbeeper_setup.so.0). A program or binding compares it with the `BEEPER_ABI_VERSION` it was
/// written for and refuses a library whose number differs.
#[no_mangle]
pub extern "C" fn beeper_abi_version() -> i32 {
    boundary!(or BEEPER_ABI_VERSION => BEEPER_ABI_VERSION)
}

/// Frees a string returned in `*out_json`. NULL is fine.
#[no_mangle]
pub unsafe extern "C" fn beeper_string_free(s: *mut c_char) {
    boundary!(or () => {
        if !s.is_null() {
            drop(CString::from_raw(s));
        }
    })
}

/// What the app should do next, from a Session (or any response with a `session` field),
/// `session_json` borrowed. Pure: no I/O. `*out_json` receives {step, state, verificationID?,
/// action?, emojis?, decimals?, qrData?, comparison?, outcome?, otherDevice?, direction?,
/// alternatives, message}, as beeper_setup_next_step_with answers it without options.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_next_step(
    session_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        next_step_json(required_str(session_json, "session_json")?)
    })
}

/// beeper_setup_next_step, with options and what a client knows. Every pointer is borrowed for
/// the call only. No I/O.
/// - `client`: NULL, or a client whose own cancels (`verifications.cancel` answered 2xx) mark
///   those verifications as cancelled here.
/// - `session_json` (required): a Session, or any response with a `session` field.
/// - `options_json`: NULL, or {"language"?: a BCP-47 tag ("de-DE", "pt-BR", "zh-Hans") or POSIX
///   locale ("de_DE.UTF-8") to name the emojis in (default English; a language the table lacks
///   falls back to another variant of it, then to English), "cancelledHere"?: [verification ids
///   this app cancelled itself]}. Unknown keys and wrong types: BEEPER_ERR_INVALID_ARGUMENT.
///
/// `*out_json` receives the step: {step, state, verificationID?, action?, emojis?, decimals?,
/// qrData?, message, alternatives: ["other-device" | "qr" | "enter-recovery-key" |
/// "create-recovery-key", ...in the order a screen lists them], otherDevice?: {id, name?},
/// direction?: "incoming" | "outgoing", comparison? (for action "compare-emojis"): {emojis: [{position,
/// emoji, number (0-63, null when not in the Matrix SAS table), englishName, name}] (seven),
/// decimals?: [three numbers], language}, outcome? (for an ended verification): {kind:
/// "declined" | "cancelled-here" | "mismatch" | "timed-out" | "accepted-elsewhere" |
/// "protocol-error" | "unknown", code?, reason?, cancelledByUs}}.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_next_step_with(
    client: *const BeeperClient,
    session_json: *const c_char,
    options_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => {
        require_out(out_json)?;
        let session = required_str(session_json, "session_json")?;
        let mut options = StepOptions::from_json(optional_str(options_json, "options_json")?)?;
        if !client.is_null() {
            options = borrow_client(client)?.with_cancelled_here(&options);
        }
        next_step_json_with(session, &options)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn status_codes_are_the_error_kinds() {
        let pairs = [
            (BEEPER_ERR_INVALID_ARGUMENT, ErrorKind::InvalidArgument),
            (BEEPER_ERR_CONNECTION, ErrorKind::Connection),
            (BEEPER_ERR_TIMEOUT, ErrorKind::Timeout),
            (BEEPER_ERR_API, ErrorKind::Api),
            (BEEPER_ERR_DECODE, ErrorKind::Decode),
            (BEEPER_ERR_CANCELLED, ErrorKind::Cancelled),
            (BEEPER_ERR_INTERNAL, ErrorKind::Internal),
        ];
        for (status, kind) in pairs {
            assert_eq!(status, kind.code());
        }
    }
}
