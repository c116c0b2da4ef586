//! The exchange running on this thread, as its connection sees it: whether it should stop, and
//! whether any byte of its request has left this process.
//!
//! The layer above decides what stops an exchange (a cancelled call, a thread's interrupt
//! check) and lends it as a [`Probe`] for the length of the exchange ([`run`]). Every wait
//! of the connection (a name lookup, a connect, a TLS handshake, a write the server does not
//! take, a read) is made in slices of at most [`SLICE`] and asks the probe between two; a
//! probe that says stop ends the wait with [`Interrupted`].
//!
//! The state is the thread's, not an argument: ureq's agent hands the connection nothing of the
//! request it carries, and an exchange runs on one thread from its start to its end, so the
//! thread answers both questions exactly.

use std::cell::Cell;
use std::ptr::NonNull;
use std::time::{Duration, Instant};
use ureq::unversioned::transport::time::Duration as TimeLeft;
use ureq::unversioned::transport::NextTimeout;

/// The longest a wait of an exchange with a probe goes without asking it.
pub(crate) const SLICE: Duration = Duration::from_millis(50);

/// Says whether the exchange should stop now. Asked on the exchange's thread. Lent, not
/// given: a call makes its probe on its own stack, so that no call allocates one.
pub(crate) type Probe<'a> = &'a dyn Fn() -> bool;

/// The deadlines of an exchange whose answer exists once (the agent's own total timeout is off
/// for it): its request must leave by `before_sent`; once it has, the answer is read while
/// bytes keep coming (each read's silence is the agent's per-read timeout) for at most
/// `answer_cap`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Patience {
    pub before_sent: Instant,
    pub answer_cap: Duration,
}

/// The probe [`run`] lent, its lifetime erased (see `run` for why it is never used past it).
type Lent = NonNull<dyn Fn() -> bool>;

#[derive(Clone, Copy)]
struct State {
    probe: Option<Lent>,
    sent: bool,
    patience: Option<Patience>,
    /// When the first byte of the request was written, under a patience.
    sent_at: Option<Instant>,
}

impl State {
    /// The exchange's own deadline, under a patience: before its request left, and after.
    fn own_deadline(&self) -> Option<Instant> {
        let patience = self.patience?;
        match self.sent_at {
            Some(at) => at.checked_add(patience.answer_cap),
            None => Some(patience.before_sent),
        }
    }
}

thread_local! {
    static CURRENT: Cell<State> = const {
        Cell::new(State {
            probe: None,
            sent: false,
            patience: None,
            sent_at: None,
        })
    };
}

/// Runs `exchange` with `probe` asked by its waits; returns its result and whether any byte of
/// its request was written (below TLS, the handshake does not count: it carries nothing of the
/// request). What was there before is put back after: an exchange can run inside another's
/// probe (an interrupt check may call the library).
pub(crate) fn run<R>(
    probe: Option<Probe<'_>>,
    patience: Option<Patience>,
    exchange: impl FnOnce() -> R,
) -> (R, bool) {
    struct Restore(State);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let probe = probe.map(|p| {
        let lent: NonNull<dyn Fn() -> bool + '_> = NonNull::from(p);
        // SAFETY: only the lifetime bound of the trait object changes. The pointer lives in
        // this thread's state only until `Restore` puts the previous state back, when this
        // function returns or unwinds, while `p` is still borrowed; `should_stop` reads it only
        // from that state, so it is never used after the borrow ends.
        unsafe { std::mem::transmute::<NonNull<dyn Fn() -> bool + '_>, Lent>(lent) }
    });
    let _restore = Restore(CURRENT.with(|c| {
        c.replace(State {
            probe,
            sent: false,
            patience,
            sent_at: None,
        })
    }));
    let result = exchange();
    (result, sent())
}

/// Notes that bytes of the request are about to be written (a write that fails may still have
/// put some on the wire).
pub(crate) fn note_sent() {
    CURRENT.with(|c| {
        let mut state = c.get();
        if !state.sent {
            state.sent = true;
            state.sent_at = state.patience.map(|_| Instant::now());
            c.set(state);
        }
    });
}

/// Whether any byte of the request of the exchange on this thread has been written so far.
pub(crate) fn sent() -> bool {
    CURRENT.with(|c| c.get().sent)
}

/// Asks the probe (false without one).
pub(crate) fn should_stop() -> bool {
    // Read out of the state first: the probe may run an exchange of its own on this thread.
    let probe = CURRENT.with(|c| c.get().probe);
    // SAFETY: a probe in this thread's state belongs to a `run` still on this thread's stack
    // (see `run`), so what it points to is alive.
    probe.is_some_and(|p| unsafe { p.as_ref() }())
}

/// The slices of a wait: each at most [`SLICE`] when the exchange has a probe, none past the
/// wait's deadline or the exchange's own.
pub(crate) struct Slices {
    /// When the wait ends (`None`: no end of its own), once known.
    deadline: Option<Instant>,
    /// The time the agent gave the wait, not yet a deadline: the first slice makes it one with
    /// the clock it reads anyway, so that a wait ended by its first slice reads the clock once.
    given: Option<Duration>,
    /// Whether the probe is asked before the first slice too (a write: nothing is sent once
    /// the exchange should stop); a read or a connect asks it only once a slice has ended.
    ask_first: bool,
}

impl Slices {
    /// Slices of a wait that ends at `deadline` (`None`: no end of its own).
    pub fn until(deadline: Option<Instant>) -> Self {
        Slices {
            deadline,
            given: None,
            ask_first: false,
        }
    }

    /// Slices of a wait (a read, a name lookup) given `timeout` by the agent.
    pub fn within(timeout: &NextTimeout) -> Self {
        Slices {
            deadline: None,
            given: given(timeout),
            ask_first: false,
        }
    }

    /// Slices of a write given `timeout` by the agent: the probe is asked before it starts.
    pub fn of_write(timeout: &NextTimeout) -> Self {
        Slices {
            deadline: None,
            given: given(timeout),
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
        let state = CURRENT.with(Cell::get);
        let mut clock = None;
        let mut now = || *clock.get_or_insert_with(Instant::now);
        if let Some(given) = self.given.take() {
            self.deadline = now().checked_add(given);
        }
        let deadline = match (self.deadline, state.own_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let left = deadline.map(|d| d.saturating_duration_since(now()));
        if left.is_some_and(|l| l.is_zero()) {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        if state.probe.is_some() {
            return Ok(Some(left.map_or(SLICE, |l| l.min(SLICE))));
        }
        Ok(left)
    }
}

/// The time `timeout` leaves a wait (`None`: no end of its own).
fn given(timeout: &NextTimeout) -> Option<Duration> {
    match timeout.after {
        TimeLeft::Exact(left) => Some(left),
        TimeLeft::NotHappening => None,
    }
}

/// When a wait given `timeout` by the agent ends.
pub(crate) fn deadline_of(timeout: &NextTimeout) -> Option<Instant> {
    given(timeout).and_then(|left| Instant::now().checked_add(left))
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

    fn probed() -> bool {
        CURRENT.with(|c| c.get().probe.is_some())
    }

    #[test]
    fn a_nested_exchange_leaves_the_outer_ones_state_as_it_was() {
        let ((inner_sent, outer_stops), outer_sent) = run(Some(&|| true), None, || {
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

    #[test]
    fn a_probe_may_run_an_exchange_of_its_own() {
        let inner_asked = Cell::new(false);
        let inner = || {
            inner_asked.set(true);
            false
        };
        let outer = || !run(Some(&inner), None, should_stop).0;
        let (asked, _) = run(Some(&outer), None, || (should_stop(), should_stop()));
        assert_eq!(asked, (true, true));
        assert!(inner_asked.get());
    }

    #[test]
    fn a_wait_given_a_timeout_has_all_of_it_in_its_first_slice() {
        let timeout = NextTimeout {
            after: TimeLeft::Exact(Duration::from_secs(5)),
            ..NextTimeout::default()
        };
        let mut slices = Slices::within(&timeout);
        assert_eq!(slices.next().unwrap(), Some(Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(2));
        assert!(slices.next().unwrap().unwrap() <= Duration::from_millis(4998));
        let no_end = NextTimeout {
            after: TimeLeft::NotHappening,
            ..timeout
        };
        assert_eq!(Slices::within(&no_end).next().unwrap(), None);
        let probe = || false;
        run(Some(&probe), None, || {
            assert_eq!(Slices::within(&timeout).next().unwrap(), Some(SLICE));
            assert_eq!(Slices::of_write(&no_end).next().unwrap(), Some(SLICE));
        });
    }
}
