//! Log records for C: one callback with a level threshold, or stderr by `BEEPER_LOG`.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use crate::logging::{self, Level, LevelFilter};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

use super::boundary::boundary;
use super::library::{BEEPER_ERR_INTERNAL, BEEPER_ERR_INVALID_ARGUMENT, BEEPER_OK};

/// No records (a threshold only).
pub const BEEPER_LOG_OFF: i32 = 0;
/// Something failed that the library could not report through a call's answer.
pub const BEEPER_LOG_ERROR: i32 = 1;
/// Something looks wrong but the call goes on.
pub const BEEPER_LOG_WARN: i32 = 2;
/// Retries, connection and TLS failures with their cause, a wait's state changes, client creation.
pub const BEEPER_LOG_INFO: i32 = 3;
/// Each request (method, path, status, time taken, attempt), and the HTTP layer's connection records.
pub const BEEPER_LOG_DEBUG: i32 = 4;
/// Everything the library says.
pub const BEEPER_LOG_TRACE: i32 = 5;

/// Receives one log record. `level` is BEEPER_LOG_ERROR .. BEEPER_LOG_TRACE; `target` names the
/// part that logged ("beeper_setup::request", "beeper_setup::retry", "beeper_setup::wait",
/// "beeper_setup::client", "ureq::..."); `message` is one line of UTF-8. Both strings are
/// borrowed for the duration of the call only: copy them to keep them. `user_data` is what was
/// given to beeper_log_set_callback().
pub type BeeperLogCallback = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        level: i32,
        target: *const c_char,
        message: *const c_char,
    ),
>;

/// Sends the library's log records at `max_level` or more severe (BEEPER_LOG_OFF ..
/// BEEPER_LOG_TRACE) to `callback`, with `user_data` (which the library never reads or frees),
/// instead of stderr. A NULL `callback` clears it: records go to stderr again, at the level
/// that the environment variable BEEPER_LOG (error, warn, info, debug, trace) names; with
/// neither, nothing is logged. Returns BEEPER_OK, or BEEPER_ERR_INVALID_ARGUMENT for a level
/// out of range (nothing changes).
///
/// Threading: may be called from any thread at any time, also while other threads make calls.
/// The callback is called on whatever thread logs (a caller's thread, or a wait's poll thread),
/// possibly on several threads at once, so it and `user_data` must be thread-safe. It may call
/// any function of this library, this one included; records logged while it runs on a thread
/// are dropped (it is never called recursively).
///
/// Lifetime: when this function returns, the previous callback is not running on any other
/// thread and is never called again, so its `user_data` may be freed at once. Called from
/// within a callback, it does not wait for that callback (its caller), nor for callbacks that
/// are themselves inside this function on other threads.
///
/// No record holds an access token, recovery key, emailed code or lead token at any level.
/// The HTTP layer's records (target "ureq...") are capped at BEEPER_LOG_DEBUG, and arrive as
/// the exchange they belong to ends (it logs them under locks of its own).
#[no_mangle]
pub unsafe extern "C" fn beeper_log_set_callback(
    callback: BeeperLogCallback,
    user_data: *mut c_void,
    max_level: i32,
) -> i32 {
    boundary!(or BEEPER_ERR_INTERNAL => {
        let Some(level) = level_filter(max_level) else {
            return BEEPER_ERR_INVALID_ARGUMENT;
        };
        let handler = callback.map(|callback| {
            let user_data = UserData(user_data);
            let handler: logging::Handler = Arc::new(move |level, target, message| {
                let (target, message) = (c_text(target), c_text(message));
                // SAFETY: the caller promised a callback that takes these arguments from any
                // thread; both strings live until it returns.
                unsafe {
                    callback(
                        user_data.get(),
                        level_number(level),
                        target.as_ptr(),
                        message.as_ptr(),
                    )
                };
            });
            handler
        });
        logging::set_handler(handler, level);
        BEEPER_OK
    })
}

/// Changes the threshold (BEEPER_LOG_OFF .. BEEPER_LOG_TRACE) of the callback set with
/// beeper_log_set_callback(), keeping the callback; with none set, the threshold of stderr
/// (overriding BEEPER_LOG). Records above the threshold cost almost nothing: they are not
/// formatted. Any thread, any time. Returns BEEPER_OK, or BEEPER_ERR_INVALID_ARGUMENT for a
/// level out of range.
#[no_mangle]
pub extern "C" fn beeper_log_set_level(max_level: i32) -> i32 {
    boundary!(or BEEPER_ERR_INTERNAL => match level_filter(max_level) {
        Some(level) => {
            logging::set_level(level);
            BEEPER_OK
        }
        None => BEEPER_ERR_INVALID_ARGUMENT,
    })
}

/// The caller's `user_data`, handed back to its callback on whatever thread logs: the header
/// makes the callback's thread safety the caller's promise.
#[derive(Clone, Copy)]
struct UserData(*mut c_void);
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

impl UserData {
    // A method rather than the field, so that the closure captures the whole Send wrapper.
    fn get(self) -> *mut c_void {
        self.0
    }
}

fn level_filter(number: i32) -> Option<LevelFilter> {
    Some(match number {
        BEEPER_LOG_OFF => LevelFilter::Off,
        BEEPER_LOG_ERROR => LevelFilter::Error,
        BEEPER_LOG_WARN => LevelFilter::Warn,
        BEEPER_LOG_INFO => LevelFilter::Info,
        BEEPER_LOG_DEBUG => LevelFilter::Debug,
        BEEPER_LOG_TRACE => LevelFilter::Trace,
        _ => return None,
    })
}

fn level_number(level: Level) -> i32 {
    match level {
        Level::Error => BEEPER_LOG_ERROR,
        Level::Warn => BEEPER_LOG_WARN,
        Level::Info => BEEPER_LOG_INFO,
        Level::Debug => BEEPER_LOG_DEBUG,
        Level::Trace => BEEPER_LOG_TRACE,
    }
}

/// A record's text as a C string; a NUL inside (which no record of ours holds) is shown as
/// U+FFFD rather than cutting the line short.
fn c_text(text: &str) -> CString {
    CString::new(text)
        .unwrap_or_else(|_| CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default())
}
