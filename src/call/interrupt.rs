//! Blocking calls that the calling thread's own signal handling can end. A language whose signal
//! handlers run only on one thread, between two steps of its own code (Python's main thread),
//! cannot run them while that thread is inside a blocking call: a Ctrl-C would wait for the
//! call's end. A thread can instead give the library a check (see
//! [`set_thread_interrupt_check`]) that its blocking calls run every [`SLICE`] while they wait:
//! for the server (a read), for a pause before a retry, or between the polls of a wait. The
//! check runs the handlers that are due and says whether the call should end; a call it ends
//! fails with `cancelled` at once, and nothing more is sent for it. Every wait of the exchange
//! asks it (a name lookup, a connect, a TLS handshake, a write, a read: see `net::exchange`),
//! never from inside itself: a call that the check makes is not interruptible.

use std::cell::RefCell;
use std::time::Duration;

/// How long a blocking call of a thread with a check waits before it asks the check again.
pub(crate) const SLICE: Duration = crate::net::exchange::SLICE;

/// A thread's check: true when its call should end.
pub type InterruptCheck = Box<dyn FnMut() -> bool>;

thread_local! {
    /// `Some(None)` while the check runs (it is taken out so that it is not asked again from a
    /// call it makes).
    static CHECK: RefCell<Option<Option<InterruptCheck>>> = const { RefCell::new(None) };
}

/// Makes the blocking calls of the calling thread interruptible by `check` (`None`: no longer).
/// The check runs on this thread, between two waits of at most 50 ms, inside the call; it may
/// call the library (those calls are not interruptible).
pub fn set_thread_interrupt_check(check: Option<InterruptCheck>) {
    CHECK.with(|c| *c.borrow_mut() = check.map(Some));
}

/// Whether this thread has a check: its blocking waits are then made in slices.
pub(crate) fn armed() -> bool {
    CHECK.with(|c| matches!(&*c.borrow(), Some(Some(_))))
}

/// Asks this thread's check whether its call should end (false without a check, and while the
/// check is itself running).
pub(crate) fn requested() -> bool {
    let Some(mut check) = CHECK.with(|c| c.borrow_mut().as_mut().and_then(Option::take)) else {
        return false;
    };
    let end = check();
    CHECK.with(|c| {
        let mut slot = c.borrow_mut();
        // The check may have replaced or removed itself meanwhile: that choice stands.
        if let Some(empty @ None) = slot.as_mut() {
            *empty = Some(check);
        }
    });
    end
}

/// The error of a call its thread's check ended.
pub(crate) fn interrupted() -> crate::Error {
    let mut e = crate::Error::new(
        crate::ErrorKind::Cancelled,
        "the call was interrupted (its thread's interrupt check asked to end it)",
    );
    e.do_not_retry = true;
    e
}

/// The error of an exchange its probe stopped: interrupted by this thread's check, or else
/// cancelled by the caller.
pub(crate) fn stopped() -> crate::Error {
    if armed() {
        return interrupted();
    }
    let mut e = crate::Error::new(crate::ErrorKind::Cancelled, "cancelled by the caller");
    e.do_not_retry = true;
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn a_check_is_asked_on_its_thread_only_and_not_from_inside_itself() {
        assert!(!armed() && !requested());
        let asked = Rc::new(Cell::new(0));
        let seen = asked.clone();
        set_thread_interrupt_check(Some(Box::new(move || {
            seen.set(seen.get() + 1);
            // A call the check makes is not interrupted by it.
            assert!(!requested());
            seen.get() >= 2
        })));
        assert!(armed());
        assert!(!requested());
        assert!(requested());
        assert_eq!(asked.get(), 2);
        assert!(std::thread::spawn(|| !armed() && !requested())
            .join()
            .unwrap());
        set_thread_interrupt_check(None);
        assert!(!armed() && !requested());
    }

    #[test]
    fn a_check_may_remove_itself() {
        set_thread_interrupt_check(Some(Box::new(|| {
            set_thread_interrupt_check(None);
            true
        })));
        assert!(requested());
        assert!(!armed());
    }
}
