//! Socket timeouts that repeat from one request to the next, a request written in one piece,
//! and noting when a request's bytes leave this process (see `exchange`).
//!
//! With a total timeout, the time left differs on every request, and the agent's TCP transport
//! then sets the socket's read and write timeouts (a system call each) before every write and
//! read. Rounding the time left up to a step makes the value repeat, so those calls are skipped.
//! A deadline can then pass late by at most one step, which is kept to an eighth of the
//! configured timeout (and at most a second), and to an eighth of the time left.
//!
//! The agent hands a request over in pieces (its head, then its body) and each piece would be a
//! write of its own: with Nagle's algorithm off, a segment each, and a server that wakes up for
//! the head only to wait again for the body. The pieces are held instead until the agent next
//! waits for the answer, or until they pass [`HOLD_LIMIT`], and then written at once (from a TLS
//! connection's second request on: see `Stepped::holding`).
//!
//! The pool asks whether a connection is still open twice per request: when it takes the
//! connection back after the answer, and when it hands it out for the next request. Each
//! answer of the TCP transport is a probe of three system calls (non-blocking on, a read,
//! blocking again). Only the second one is made: it sees all the first would have (bytes the
//! server sent after the answer stay in the socket, and so does the end of a connection the
//! server closed), and more, since it comes later, right before the connection carries
//! anything again.

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
        Ok(chained.map(|inner| Stepped::new(inner, self.step)))
    }
}

/// The most output held back to be written together. A request of this API (a head and a small
/// JSON body) fits many times over; a larger body goes out in writes of the agent's own size.
const HOLD_LIMIT: usize = 16 * 1024;

#[derive(Debug)]
pub(crate) struct Stepped<T> {
    inner: T,
    step: Duration,
    /// Output the agent has handed over and that has not been written yet. The agent writes
    /// each piece at the start of the transport's output buffer, so what is held is kept here.
    held: Vec<u8>,
    /// A request went out since the pool last asked whether the connection is open: the next
    /// question is the pool taking the connection back, and the probe waits for the one after.
    used_since_asked: bool,
    /// Whether output is held. Not yet on a TLS connection's first request: a server that
    /// leaves Nagle's algorithm on holds its answer until the tickets it sent after the
    /// handshake are acknowledged, and only the request's second piece acknowledges them at
    /// once (in one piece, the answer waited for the delayed acknowledgement, 40 ms).
    holding: bool,
}

impl<T> Stepped<T> {
    fn new(inner: T, step: Duration) -> Self {
        Stepped {
            inner,
            step,
            held: Vec::new(),
            used_since_asked: false,
            holding: false,
        }
    }

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

impl<T: Transport> Stepped<T> {
    /// Writes the first `amount` bytes of the output buffer.
    fn write(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        // Counted before the write: a write that fails may still have put bytes on the wire.
        super::exchange::note_sent();
        self.inner.transmit_output(amount, timeout)
    }

    /// Writes what is held, if anything.
    fn release(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let amount = self.held.len();
        if amount == 0 {
            return Ok(());
        }
        self.inner.buffers().output()[..amount].copy_from_slice(&self.held);
        self.held.clear();
        self.write(amount, timeout)
    }
}

impl<T: Transport> Transport for Stepped<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.used_since_asked = true;
        let timeout = self.round(timeout);
        if !self.holding && !self.inner.is_tls() {
            self.holding = true;
        }
        let output = self.inner.buffers().output();
        let held = self.held.len();
        if !self.holding {
            return self.write(amount, timeout);
        }
        if held + amount <= HOLD_LIMIT.min(output.len()) {
            self.held.extend_from_slice(&output[..amount]);
            return Ok(());
        }
        if held + amount <= output.len() {
            // What is held goes in front of this piece, and both out in one write.
            output.copy_within(..amount, held);
            output[..held].copy_from_slice(&self.held);
            self.held.clear();
            return self.write(held + amount, timeout);
        }
        if held > 0 {
            // A piece that fills the output buffer: what is held goes first, on its own.
            let piece = output[..amount].to_vec();
            self.release(timeout)?;
            self.inner.buffers().output()[..amount].copy_from_slice(&piece);
        }
        self.write(amount, timeout)
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        if self.inner.buffers().can_use_input() {
            // An answer already at hand (the server spoke first): the request still goes out
            // whole, as it would have without holding.
            self.release(self.round(timeout))?;
            return Ok(true);
        }
        self.await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let timeout = self.round(timeout);
        // The write runs under the time left now: the request's own deadline, not a fresh one.
        self.release(timeout)?;
        self.holding = true;
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        // Output still held belongs to a request whose answer was never awaited: the
        // connection is in no state for another one.
        if !self.held.is_empty() {
            return false;
        }
        // Taken back after its answer: the probe is left to the pool handing it out again.
        if std::mem::take(&mut self.used_since_asked) {
            return true;
        }
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
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

#[cfg(test)]
mod tests {
    use super::super::exchange::run;
    use super::*;
    use ureq::unversioned::transport::LazyBuffers;

    /// A connection that records each write, and answers each wait with a few bytes.
    #[derive(Debug)]
    struct Recorder {
        buffers: LazyBuffers,
        writes: Vec<Vec<u8>>,
        refuse_writes: bool,
        /// What a probe of the socket finds, and how many probes were made.
        open: bool,
        probes: usize,
        tls: bool,
    }

    const OUTPUT_SIZE: usize = 64 * 1024;

    impl Transport for Recorder {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }

        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            self.writes.push(self.buffers.output()[..amount].to_vec());
            if self.refuse_writes {
                return Err(ureq::Error::Io(std::io::ErrorKind::BrokenPipe.into()));
            }
            Ok(())
        }

        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            self.buffers.input_append_buf()[..5].copy_from_slice(b"HTTP/");
            self.buffers.input_appended(5);
            Ok(true)
        }

        fn is_open(&mut self) -> bool {
            self.probes += 1;
            self.open
        }

        fn is_tls(&self) -> bool {
            self.tls
        }
    }

    fn connection() -> Stepped<Recorder> {
        let recorder = Recorder {
            buffers: LazyBuffers::new(16 * 1024, OUTPUT_SIZE),
            writes: Vec::new(),
            refuse_writes: false,
            open: true,
            probes: 0,
            tls: false,
        };
        Stepped::new(recorder, Duration::from_millis(1))
    }

    fn timeout() -> NextTimeout {
        NextTimeout {
            after: TimeLeft::Exact(Duration::from_secs(30)),
            ..NextTimeout::default()
        }
    }

    /// Hands `piece` over as the agent does: written at the start of the output buffer.
    fn hand_over(c: &mut Stepped<Recorder>, piece: &[u8]) -> Result<(), ureq::Error> {
        c.buffers().output()[..piece.len()].copy_from_slice(piece);
        c.transmit_output(piece.len(), timeout())
    }

    fn bytes(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    const HEAD: &[u8] = b"POST /v1/app/setup/verifications HTTP/1.1\r\ncontent-length: 19\r\n\r\n";
    const BODY: &[u8] = b"{\"purpose\":\"login\"}";

    #[test]
    fn a_request_is_written_in_one_piece_once_its_answer_is_awaited() {
        let mut c = connection();
        let ((), sent) = run(None, None, || {
            hand_over(&mut c, HEAD).unwrap();
            hand_over(&mut c, BODY).unwrap();
        });
        assert!(c.inner.writes.is_empty());
        assert!(!sent, "nothing has reached the socket yet");
        let (answered, sent) = run(None, None, || c.await_input(timeout()).unwrap());
        assert!(answered);
        assert_eq!(c.inner.writes, vec![[HEAD, BODY].concat()]);
        assert!(sent);
        // The next request on the connection starts afresh.
        hand_over(&mut c, HEAD).unwrap();
        c.buffers().input_consume(5);
        c.await_input(timeout()).unwrap();
        assert_eq!(c.inner.writes.len(), 2);
        assert_eq!(c.inner.writes[1], HEAD);
    }

    #[test]
    fn a_tls_connections_first_request_goes_out_as_handed_over_and_later_ones_whole() {
        let mut c = connection();
        c.inner.tls = true;
        hand_over(&mut c, HEAD).unwrap();
        hand_over(&mut c, BODY).unwrap();
        assert_eq!(c.inner.writes, vec![HEAD.to_vec(), BODY.to_vec()]);
        c.await_input(timeout()).unwrap();
        c.buffers().input_consume(5);
        hand_over(&mut c, HEAD).unwrap();
        hand_over(&mut c, BODY).unwrap();
        assert_eq!(c.inner.writes.len(), 2, "held until the answer is awaited");
        c.await_input(timeout()).unwrap();
        assert_eq!(c.inner.writes[2], [HEAD, BODY].concat());
    }

    #[test]
    fn a_body_larger_than_the_limit_goes_out_in_the_agents_pieces() {
        let mut c = connection();
        let pieces = [bytes(20_000, 1), bytes(20_000, 2), bytes(1_000, 3)];
        hand_over(&mut c, HEAD).unwrap();
        for piece in &pieces {
            hand_over(&mut c, piece).unwrap();
        }
        c.await_input(timeout()).unwrap();
        let writes = &c.inner.writes;
        assert_eq!(
            writes.len(),
            3,
            "the head with the first piece, the second, the last"
        );
        assert_eq!(writes[0], [HEAD, &pieces[0]].concat());
        assert_eq!(writes[1], pieces[1]);
        assert_eq!(writes[2], pieces[2]);
    }

    #[test]
    fn a_piece_that_fills_the_output_buffer_follows_what_is_held() {
        let mut c = connection();
        let full = bytes(OUTPUT_SIZE, 7);
        hand_over(&mut c, HEAD).unwrap();
        assert!(c.inner.writes.is_empty());
        hand_over(&mut c, &full).unwrap();
        assert_eq!(c.inner.writes, vec![HEAD.to_vec(), full]);
        c.await_input(timeout()).unwrap();
        assert_eq!(c.inner.writes.len(), 2, "nothing was left held");
    }

    #[test]
    fn an_answer_already_at_hand_still_lets_the_request_out() {
        let mut c = connection();
        c.await_input(timeout()).unwrap();
        c.buffers().input_consume(1); // the agent has read part of it
        hand_over(&mut c, HEAD).unwrap();
        assert!(c.inner.writes.is_empty());
        assert!(c.maybe_await_input(timeout()).unwrap());
        assert_eq!(c.inner.writes, vec![HEAD.to_vec()]);
    }

    #[test]
    fn a_connection_holding_output_is_not_reused() {
        let mut c = connection();
        hand_over(&mut c, HEAD).unwrap();
        assert!(!c.is_open());
        c.await_input(timeout()).unwrap();
        assert!(c.is_open());
    }

    /// One request and its answer, as the agent makes them, and the pool taking the connection
    /// back: whether it keeps it.
    fn exchange_and_return(c: &mut Stepped<Recorder>) -> bool {
        hand_over(c, HEAD).unwrap();
        c.await_input(timeout()).unwrap();
        c.buffers().input_consume(5);
        c.is_open()
    }

    #[test]
    fn a_connection_is_probed_once_per_request_when_handed_out() {
        let mut c = connection();
        for request in 1..=3 {
            assert!(exchange_and_return(&mut c), "taken back");
            assert_eq!(c.inner.probes, request - 1, "no probe when taken back");
            assert!(c.is_open(), "handed out");
            assert_eq!(c.inner.probes, request);
        }
    }

    #[test]
    fn a_connection_the_server_closed_is_not_handed_out() {
        let mut c = connection();
        assert!(exchange_and_return(&mut c));
        // The server closes it while it sits in the pool, or had already closed it when the
        // pool took it back: the probe when it is handed out sees it either way.
        c.inner.open = false;
        assert!(!c.is_open());
        assert!(!c.is_open(), "every later look probes too");
        assert_eq!(c.inner.probes, 2);
    }

    #[test]
    fn a_failed_write_of_what_was_held_is_reported_and_counts_as_sent() {
        let mut c = connection();
        c.inner.refuse_writes = true;
        let (failed, sent) = run(None, None, || {
            hand_over(&mut c, HEAD).unwrap();
            hand_over(&mut c, BODY).unwrap();
            c.await_input(timeout())
        });
        assert!(matches!(failed, Err(ureq::Error::Io(_))));
        // A write that fails may still have put bytes on the wire.
        assert!(sent);
    }

    #[test]
    fn time_left_is_rounded_up_to_the_step() {
        let s = Stepped::new(
            (),
            SteppedTimeouts::for_timeout(Duration::from_secs(30)).step,
        );
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
