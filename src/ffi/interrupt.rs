//! Blocking calls the calling thread's signal handling can end (`call::interrupt`).
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, stated once at its top.

use super::boundary::boundary;
use std::ffi::c_void;

/// Asked by a blocking call of the thread that set it, with the `user_data` given: nonzero ends
/// the call (see beeper_thread_set_interrupt_check).
pub type BeeperInterruptCheck = Option<unsafe extern "C" fn(user_data: *mut c_void) -> i32>;

/// Makes the blocking calls of the calling thread interruptible, for languages whose signal
/// handlers run only on one thread and between two steps of its own code (Python's main thread):
/// while such a call waits (for the server's answer, a pause before a retry, the next poll of a
/// wait), it runs `check(user_data)` on this thread every 50 ms; the check runs the handlers that
/// are due (it may call the library, and those calls are not interrupted) and returns nonzero
/// to end the call, which then fails with BEEPER_ERR_CANCELLED at once, nothing more sent for
/// it. Every wait of the call asks it alike: a name lookup, a connect, a TLS handshake, a write
/// the server does not take. NULL removes the check. It applies to this thread only,
/// until changed; a check must not unwind. Returns BEEPER_OK.
#[no_mangle]
pub unsafe extern "C" fn beeper_thread_set_interrupt_check(
    check: BeeperInterruptCheck,
    user_data: *mut c_void,
) -> i32 {
    boundary!(status => {
        let check = check.map(|check| -> crate::InterruptCheck {
            // SAFETY: the caller promises a function that may be called with its user_data on
            // this thread until it is replaced.
            Box::new(move || unsafe { check(user_data) } != 0)
        });
        crate::set_thread_interrupt_check(check);
        Ok(())
    })
}
