//! The outcome of a call started without a callback, kept in its handle until a waiter takes it
//! (`beeper_call_wait`).
//!
//! A waiter blocks in the kernel until the call ends, its time is up, or (on Linux) a signal
//! handler runs on its thread: a caller whose signal handlers run only between two native calls
//! (an interpreter's main thread) sees a Ctrl-C at once and decides there whether to wait again
//! or to cancel. The call's end wakes the waiter directly; no code of the caller runs on the
//! library's thread.

use crate::error::{Error, ErrorKind, Result};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The call runs.
const RUNNING: u32 = 0;
/// The outcome is in `outcome`.
const ENDED: u32 = 1;

/// A call's status and its answer or error object, as the blocking function would return them.
pub(crate) type Outcome = (i32, String);

#[derive(Default)]
pub(crate) struct Kept {
    state: AtomicU32,
    /// `None` before the end, and again once handed over.
    outcome: Mutex<Option<Outcome>>,
    #[cfg(not(target_os = "linux"))]
    ended: std::sync::Condvar,
}

/// What a wait found.
pub(crate) enum Waited {
    Ended(Outcome),
    /// Not ended yet: the time was up, or a signal handler ran on this thread.
    NotYet,
}

impl Kept {
    /// Records the outcome and wakes the waiters (once: a second end is dropped).
    pub fn end(&self, result: Result<String>) {
        let outcome = match result {
            Ok(text) => (0, text),
            Err(e) => (e.kind.code(), e.to_json().to_string()),
        };
        {
            let mut slot = self.outcome.lock().unwrap_or_else(PoisonError::into_inner);
            if self.state.load(Ordering::Acquire) == ENDED {
                return;
            }
            *slot = Some(outcome);
            self.state.store(ENDED, Ordering::Release);
        }
        self.wake_all();
    }

    /// Waits up to `timeout` for the end, and takes the outcome. An outcome already taken is an
    /// `invalid_argument` error: it is handed over once.
    pub fn wait(&self, timeout: Duration) -> Result<Waited> {
        let deadline = Instant::now().checked_add(timeout);
        while self.state.load(Ordering::Acquire) == RUNNING {
            let left = deadline.map_or(Duration::MAX, |d| {
                d.saturating_duration_since(Instant::now())
            });
            if left.is_zero() || !self.sleep(left) {
                return Ok(Waited::NotYet);
            }
        }
        self.outcome
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .map(Waited::Ended)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "this call's outcome was already handed over",
                )
            })
    }

    /// Sleeps while the call runs, at most `left`; false when a signal handler ran on this
    /// thread meanwhile.
    #[cfg(target_os = "linux")]
    fn sleep(&self, left: Duration) -> bool {
        let timeout = libc::timespec {
            tv_sec: libc::time_t::try_from(left.as_secs()).unwrap_or(libc::time_t::MAX),
            tv_nsec: left.subsec_nanos().into(),
        };
        // The kernel compares the word with RUNNING before it sleeps: an end between the load
        // above and this call is not missed.
        let slept = unsafe {
            libc::syscall(
                libc::SYS_futex,
                self.state.as_ptr(),
                libc::FUTEX_WAIT | libc::FUTEX_PRIVATE_FLAG,
                RUNNING,
                &timeout as *const libc::timespec,
                std::ptr::null::<u32>(),
                0u32,
            )
        };
        slept == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR)
    }

    #[cfg(target_os = "linux")]
    fn wake_all(&self) {
        unsafe {
            libc::syscall(
                libc::SYS_futex,
                self.state.as_ptr(),
                libc::FUTEX_WAKE | libc::FUTEX_PRIVATE_FLAG,
                i32::MAX,
            );
        }
    }

    /// Elsewhere the wait does not see signals: a caller that waits in short slices still
    /// handles them within a slice.
    #[cfg(not(target_os = "linux"))]
    fn sleep(&self, left: Duration) -> bool {
        let slot = self.outcome.lock().unwrap_or_else(PoisonError::into_inner);
        if self.state.load(Ordering::Acquire) == RUNNING {
            drop(self.ended.wait_timeout(slot, left));
        }
        true
    }

    #[cfg(not(target_os = "linux"))]
    fn wake_all(&self) {
        self.ended.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_waiter_wakes_at_the_end_and_takes_the_outcome_once() {
        let kept = Arc::new(Kept::default());
        assert!(matches!(
            kept.wait(Duration::from_millis(1)).unwrap(),
            Waited::NotYet
        ));
        let ender = kept.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            ender.end(Ok("{}".into()));
            ender.end(Err(Error::invalid("late")));
        });
        let started = Instant::now();
        let Waited::Ended((status, text)) = kept.wait(Duration::from_secs(30)).unwrap() else {
            panic!("the call ended");
        };
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!((status, text.as_str()), (0, "{}"));
        t.join().unwrap();
        let again = kept.wait(Duration::from_secs(30)).err().unwrap();
        assert_eq!(again.kind, ErrorKind::InvalidArgument);
    }

    #[test]
    fn an_error_is_kept_as_its_status_and_error_object() {
        let kept = Kept::default();
        kept.end(Err(Error::new(
            ErrorKind::Cancelled,
            "cancelled by the caller",
        )));
        let Waited::Ended((status, text)) = kept.wait(Duration::ZERO).unwrap() else {
            panic!("the call ended");
        };
        assert_eq!(status, ErrorKind::Cancelled.code());
        assert!(text.contains("\"kind\":\"cancelled\""), "{text}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_signal_handler_run_on_the_waiting_thread_ends_the_wait_early() {
        extern "C" fn ignore(_: libc::c_int) {}
        unsafe {
            // As an interpreter installs its handlers: without SA_RESTART.
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = ignore as *const () as usize;
            assert_eq!(
                libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()),
                0
            );
        }
        let kept = Arc::new(Kept::default());
        let waiter = unsafe { libc::pthread_self() };
        let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = done.clone();
        // Again and again: a signal landing just before the wait began is not seen by it.
        let signaller = std::thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                std::thread::sleep(Duration::from_millis(100));
                unsafe { libc::pthread_kill(waiter, libc::SIGUSR1) };
            }
        });
        let started = Instant::now();
        let waited = kept.wait(Duration::from_secs(60)).unwrap();
        done.store(true, Ordering::Release);
        signaller.join().unwrap();
        assert!(matches!(waited, Waited::NotYet));
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}
