//! The exchange running on this thread, as its connection sees it: whether it should stop, and
//! whether any byte of its request has left this process.
//!
//! The layer above decides what stops an exchange (a cancelled call, a thread's interrupt
//! check) and hands it over as a [`Probe`] for the length of the exchange ([`run`]). Every wait
//! of the connection (a name lookup, a connect, a TLS handshake, a write the server does not
//! take, a read) is made in slices of at most [`SLICE`] and asks the probe between two; a
//! probe that says stop ends the wait with [`Interrupted`].
//!
//! The state is the thread's, not an argument: ureq's agent hands the connection nothing of the
//! request it carries, and an exchange runs on one thread from its start to its end, so the
//! thread answers both questions exactly.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// The longest a wait of an exchange with a probe goes without asking it.
pub(crate) const SLICE: Duration = Duration::from_millis(50);

/// Says whether the exchange should stop now. Asked on the exchange's thread.
pub(crate) type Probe = Rc<dyn Fn() -> bool>;

/// The deadlines of an exchange whose answer exists once (the agent's own total timeout is off
/// for it): its request must leave by `before_sent`; once it has, the answer is read while
/// bytes keep coming (each read's silence is the agent's per-read timeout) for at most
/// `answer_cap`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Patience {
    pub before_sent: Instant,
    pub answer_cap: Duration,
}

struct Current {
    probe: RefCell<Option<Probe>>,
    sent: Cell<bool>,
    patience: Cell<Option<Patience>>,
    /// When the first byte of the request was written, under a patience.
    sent_at: Cell<Option<Instant>>,
}

thread_local! {
    static CURRENT: Current = const {
        Current {
            probe: RefCell::new(None),
            sent: Cell::new(false),
            patience: Cell::new(None),
            sent_at: Cell::new(None),
        }
    };
}

/// Runs `exchange` with `probe` asked by its waits; returns its result and whether any byte of
/// its request was written (below TLS, the handshake does not count: it carries nothing of the
/// request). What was there before is put back after: an exchange can run inside another's
/// probe (an interrupt check may call the library).
pub(crate) fn run<R>(
    probe: Option<Probe>,
    patience: Option<Patience>,
    exchange: impl FnOnce() -> R,
) -> (R, bool) {
    struct Restore(Option<Probe>, bool, Option<Patience>, Option<Instant>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| {
                *c.probe.borrow_mut() = self.0.take();
                c.sent.set(self.1);
                c.patience.set(self.2);
                c.sent_at.set(self.3);
            });
        }
    }
    let previous = CURRENT.with(|c| {
        Restore(
            c.probe.replace(probe),
            c.sent.replace(false),
            c.patience.replace(patience),
            c.sent_at.replace(None),
        )
    });
    let _restore = previous;
    let result = exchange();
    (result, CURRENT.with(|c| c.sent.get()))
}

/// Notes that bytes of the request are about to be written (a write that fails may still have
/// put some on the wire).
pub(crate) fn note_sent() {
    CURRENT.with(|c| {
        if !c.sent.replace(true) {
            c.sent_at.set(Some(Instant::now()));
        }
    });
}

/// The exchange's own deadline, under a patience: before its request left, and after.
fn own_deadline() -> Option<Instant> {
    CURRENT.with(|c| {
        let patience = c.patience.get()?;
        match c.sent_at.get() {
            Some(at) => at.checked_add(patience.answer_cap),
            None => Some(patience.before_sent),
        }
    })
}

/// Whether any byte of the request of the exchange on this thread has been written so far.
pub(crate) fn sent() -> bool {
    CURRENT.with(|c| c.sent.get())
}

/// Whether the exchange on this thread has a probe: only then are its waits made in slices.
pub(crate) fn probed() -> bool {
    CURRENT.with(|c| c.probe.borrow().is_some())
}

/// Asks the probe (false without one).
pub(crate) fn should_stop() -> bool {
    // Taken out of the cell first: the probe may run an exchange of its own on this thread.
    let probe = CURRENT.with(|c| c.probe.borrow().clone());
    probe.is_some_and(|p| p())
}

/// The slices of a wait that ends at `deadline` (`None`: no end of its own).
pub(crate) struct Slices {
    deadline: Option<Instant>,
    /// Whether the probe is asked before the first slice too (a write: nothing is sent once
    /// the exchange should stop); a read or a connect asks it only once a slice has ended.
    ask_first: bool,
}

impl Slices {
    pub fn until(deadline: Option<Instant>) -> Self {
        Slices {
            deadline,
            ask_first: false,
        }
    }

    /// Slices of a write: the probe is asked before it starts.
    pub fn of_write(deadline: Option<Instant>) -> Self {
        Slices {
            deadline,
            ask_first: true,
        }
    }

    /// The next slice: the time left, at most [`SLICE`] when there is a probe, `None` for a
    /// wait without end. [`Interrupted`] once the probe says stop, `TimedOut` once the deadline
    /// has passed.
    pub fn next(&mut self) -> std::io::Result<Option<Duration>> {
        if std::mem::replace(&mut self.ask_first, true) && should_stop() {
            return Err(Interrupted.into());
        }
        let deadline = match (self.deadline, own_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left.is_some_and(|l| l.is_zero()) {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        if probed() {
            return Ok(Some(left.map_or(SLICE, |l| l.min(SLICE))));
        }
        Ok(left)
    }
}

/// When a wait given `timeout` by the agent ends.
pub(crate) fn deadline_of(timeout: &ureq::unversioned::transport::NextTimeout) -> Option<Instant> {
    match timeout.after {
        ureq::unversioned::transport::time::Duration::Exact(left) => {
            Instant::now().checked_add(left)
        }
        ureq::unversioned::transport::time::Duration::NotHappening => None,
    }
}

/// A wait's failure as the agent reports it: a deadline that passed is the agent's timeout.
pub(crate) fn failed(e: std::io::Error, reason: ureq::Timeout) -> ureq::Error {
    if e.kind() == std::io::ErrorKind::TimedOut && !Interrupted::is_io(&e) {
        ureq::Error::Timeout(reason)
    } else {
        ureq::Error::Io(e)
    }
}

/// A wait given up because the exchange's probe said stop. The layer above says what that
/// means for its call.
#[derive(Debug)]
pub(crate) struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

impl From<Interrupted> for std::io::Error {
    fn from(i: Interrupted) -> Self {
        std::io::Error::new(std::io::ErrorKind::Interrupted, i)
    }
}

impl Interrupted {
    /// Whether `e` is an interruption.
    pub fn is(e: &ureq::Error) -> bool {
        match e {
            ureq::Error::Io(io) => Self::is_io(io),
            _ => false,
        }
    }

    pub fn is_io(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|i| i.is::<Interrupted>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_exchange_leaves_the_outer_ones_state_as_it_was() {
        let ((inner_sent, outer_stops), outer_sent) = run(Some(Rc::new(|| true)), None, || {
            note_sent();
            let ((), inner) = run(None, None, || assert!(!should_stop() && !probed()));
            (inner, should_stop())
        });
        assert!(!inner_sent && outer_stops && outer_sent);
        assert!(!probed());
        assert!(matches!(Slices::until(None).next(), Ok(None)));
    }

    #[test]
    fn under_a_patience_the_deadline_moves_once_the_request_has_left() {
        let now = Instant::now();
        let patience = Patience {
            before_sent: now + Duration::from_millis(100),
            answer_cap: Duration::from_secs(600),
        };
        run(None, Some(patience), || {
            let before = Slices::until(None).next().unwrap().unwrap();
            assert!(before <= Duration::from_millis(100));
            note_sent();
            let after = Slices::until(Some(now + Duration::from_secs(3600)))
                .next()
                .unwrap()
                .unwrap();
            assert!(after > Duration::from_secs(500));
        });
    }
}
