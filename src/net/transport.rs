//! Socket timeouts that repeat from one request to the next, and whether a request's bytes
//! left this process.
//!
//! With a total timeout, the time left differs on every request, and the agent's TCP transport
//! then sets the socket's read and write timeouts (a system call each) before every write and
//! read. Rounding the time left up to a step makes the value repeat, so those calls are skipped.
//! A deadline can then pass late by at most one step, which is kept to an eighth of the
//! configured timeout (and at most a second), and to an eighth of the time left.

use std::time::Duration;
use ureq::unversioned::transport::time::Duration as TimeLeft;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// Wraps each connection so that its timeouts are rounded up to `step`.
#[derive(Debug)]
pub(crate) struct SteppedTimeouts {
    step: Duration,
}

impl SteppedTimeouts {
    /// Steps of an eighth of `timeout`, between 1 ms and 1 s.
    pub fn for_timeout(timeout: Duration) -> Self {
        let step = (timeout / 8).clamp(Duration::from_millis(1), Duration::from_secs(1));
        SteppedTimeouts { step }
    }
}

impl<T: Transport> Connector<T> for SteppedTimeouts {
    type Out = Stepped<T>;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<T>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| Stepped {
            inner,
            step: self.step,
        }))
    }
}

#[derive(Debug)]
pub(crate) struct Stepped<T> {
    inner: T,
    step: Duration,
}

impl<T> Stepped<T> {
    fn round(&self, mut timeout: NextTimeout) -> NextTimeout {
        if let TimeLeft::Exact(left) = timeout.after {
            // Little time left (near the deadline, or a per-call timeout shorter than the
            // client's) takes a finer step, at most an eighth of it: a power of two, so the
            // rounded values still repeat.
            let finer =
                1u128 << (u128::BITS - 1 - (left.as_nanos() / 8).max(1_000_000).leading_zeros());
            let step = self.step.as_nanos().min(finer);
            let steps = left.as_nanos().div_ceil(step).max(1);
            let rounded = u64::try_from(steps * step).map_or(left, Duration::from_nanos);
            timeout.after = TimeLeft::Exact(rounded);
        }
        timeout
    }
}

/// How long a read of a call started without blocking waits before it looks whether the call
/// was cancelled: a cancelled call frees its worker this soon even when the server does not
/// answer.
const ABORT_SLICE: Duration = Duration::from_millis(50);

impl<T: Transport> Stepped<T> {
    /// Waits for input in slices, and gives up once the worker's call has been cancelled.
    fn await_input_abortable(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let deadline = match timeout.after {
            TimeLeft::Exact(left) => Some(std::time::Instant::now() + left),
            _ => None,
        };
        loop {
            let left = deadline.map(|d| d.saturating_duration_since(std::time::Instant::now()));
            let mut slice = timeout;
            match left {
                Some(left) if left <= ABORT_SLICE => {
                    slice.after = TimeLeft::Exact(left);
                    return self.inner.await_input(slice);
                }
                _ => slice.after = TimeLeft::Exact(ABORT_SLICE),
            }
            match self.inner.await_input(slice) {
                Err(ureq::Error::Timeout(_)) => {
                    if crate::call::nonblocking::running_call_is_over() == Some(true) {
                        return Err(ureq::Error::Io(std::io::Error::new(
                            std::io::ErrorKind::Interrupted,
                            "the call was cancelled",
                        )));
                    }
                }
                other => return other,
            }
        }
    }
}

impl<T: Transport> Transport for Stepped<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let timeout = self.round(timeout);
        // Counted before the write: a write that fails may still have put bytes on the wire.
        sent::note();
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let timeout = self.round(timeout);
        match crate::call::nonblocking::running_call_is_over() {
            Some(_) if timeout.per_read.is_none() => self.await_input_abortable(timeout),
            _ => self.inner.await_input(timeout),
        }
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Whether any byte of the current request was handed to the connection (below TLS, the
/// handshake does not count: it carries nothing of the request). An exchange runs on one thread
/// from start to end, so a per-thread flag, cleared before each attempt, answers "did this
/// attempt's request possibly reach the server?" exactly.
pub(crate) mod sent {
    use std::cell::Cell;

    thread_local! {
        static SENT: Cell<bool> = const { Cell::new(false) };
    }

    /// Called before an attempt.
    pub fn clear() {
        SENT.with(|s| s.set(false));
    }

    pub(super) fn note() {
        SENT.with(|s| s.set(true));
    }

    /// Whether the attempt since [`clear`] wrote anything of its request.
    pub fn anything() -> bool {
        SENT.with(Cell::get)
    }
}

/// Why a connection was refused on purpose (a certificate that does not check out, a name that
/// should be loopback and is not). Carried inside the transport's error so that the client reports
/// it as it is and does not retry: trying again cannot change the answer.
#[derive(Debug)]
pub(crate) struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// The refusal inside `e`, if it is one.
    pub fn of(e: &ureq::Error) -> Option<&Refusal> {
        match e {
            ureq::Error::Io(io) => io.get_ref()?.downcast_ref::<Refusal>(),
            _ => None,
        }
    }
}

/// Maps a transport failure to our kinds. ureq's messages name hosts and causes, never headers.
pub(crate) fn transport_error(e: ureq::Error) -> crate::Error {
    use crate::ErrorKind;
    if let Some(refusal) = Refusal::of(&e) {
        let mut error = crate::Error::new(ErrorKind::Connection, refusal.0.clone());
        error.do_not_retry = true;
        return error;
    }
    let kind = match &e {
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => ErrorKind::Timeout,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => ErrorKind::InvalidArgument,
        _ => ErrorKind::Connection,
    };
    let what = match kind {
        ErrorKind::Timeout => "the request timed out",
        ErrorKind::InvalidArgument => "the request could not be built",
        _ => "could not talk to the server",
    };
    crate::Error::new(kind, format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_is_rounded_up_to_the_step() {
        let s = Stepped {
            inner: (),
            step: SteppedTimeouts::for_timeout(Duration::from_secs(30)).step,
        };
        let round = |d: Duration| match s
            .round(NextTimeout {
                after: TimeLeft::Exact(d),
                ..NextTimeout::default()
            })
            .after
        {
            TimeLeft::Exact(d) => d,
            TimeLeft::NotHappening => panic!("stays exact"),
        };
        assert_eq!(
            round(Duration::from_millis(29_999)),
            Duration::from_secs(30)
        );
        assert_eq!(
            round(Duration::from_millis(29_001)),
            Duration::from_secs(30)
        );
        // Near the deadline the step shrinks with the time left (a per-call timeout of 100 ms
        // must not wait for a one-second step).
        assert_eq!(
            round(Duration::from_nanos(1)),
            Duration::from_nanos(1 << 19)
        );
        let short = round(Duration::from_millis(100));
        assert!(short >= Duration::from_millis(100) && short < Duration::from_millis(113));
        assert_eq!(
            SteppedTimeouts::for_timeout(Duration::from_millis(200)).step,
            Duration::from_millis(25)
        );
        assert_eq!(
            SteppedTimeouts::for_timeout(Duration::from_millis(2)).step,
            Duration::from_millis(1)
        );
    }
}
