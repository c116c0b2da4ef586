//! Waiting for the server to get somewhere (`Client::wait`): a poll of `setup.retrieve` on a
//! schedule, cancellable, shared by the blocking wait and the one started without blocking
//! (`WaitProgress`), and the poll threads of ended waits kept until the client is freed.

use crate::api::object_or_default;
use crate::call::plan::plan_call;
use crate::call::send::send_with;
use crate::error::{json_error_message, Error, ErrorKind, Result};
use crate::models::Session;
use crate::Client;
use crate::Operation;
use serde::Deserialize;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What [`Client::wait`] waits for.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WaitParams {
    /// Session states that end the wait. Default `["ready"]`.
    #[serde(default = "default_until")]
    pub until: Vec<String>,
    /// Verification states that end the wait (e.g. `["sas_ready", "done", "cancelled"]`).
    #[serde(default)]
    pub verification_states: Vec<String>,
    /// Give up after this long (error kind `timeout`). Default 5 minutes.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Time between polls. Default 500 ms.
    #[serde(default = "default_interval_ms")]
    pub interval_ms: u64,
    /// Ends the wait as soon as the session state is anything but this one (typically the state
    /// the app is showing), including a state this version does not know.
    #[serde(default)]
    pub while_state: Option<String>,
    /// Ends the wait as soon as the verification's state is anything but this one, or the
    /// verification is gone.
    #[serde(default)]
    pub while_verification_state: Option<String>,
}

fn default_until() -> Vec<String> {
    vec!["ready".to_owned()]
}
fn default_timeout_ms() -> u64 {
    300_000
}
fn default_interval_ms() -> u64 {
    500
}

impl Default for WaitParams {
    fn default() -> Self {
        WaitParams {
            until: default_until(),
            verification_states: Vec::new(),
            timeout_ms: default_timeout_ms(),
            interval_ms: default_interval_ms(),
            while_state: None,
            while_verification_state: None,
        }
    }
}

impl WaitParams {
    /// Parses the JSON form; `null` or empty means the defaults.
    pub fn from_json(text: Option<&str>) -> Result<Self> {
        let params: WaitParams = object_or_default(text.unwrap_or_default(), "wait params")?;
        params.check()?;
        Ok(params)
    }

    /// Refuses params no wait can run with.
    pub(crate) fn check(&self) -> Result<()> {
        if self.interval_ms == 0 || self.timeout_ms == 0 {
            return Err(Error::invalid(
                "timeoutMs and intervalMs must be greater than 0",
            ));
        }
        Ok(())
    }

    fn reached(&self, session: &Session) -> bool {
        let state = session.state.as_str();
        let verification = session.verification.as_ref().map(|v| v.state.as_str());
        self.until.iter().any(|s| s == state)
            || verification.is_some_and(|v| self.verification_states.iter().any(|s| s == v))
            || self.while_state.as_deref().is_some_and(|w| w != state)
            || self
                .while_verification_state
                .as_deref()
                .is_some_and(|w| verification != Some(w))
    }
}

/// The longest pause between polls while the server is unreachable.
pub(crate) const MAX_ERROR_BACKOFF: Duration = Duration::from_secs(5);

/// [`Client::wait`], ended by any cancel after the canceller's epoch was `epoch`: the C ABI
/// reads it as the call begins, so that a cancel racing the call's start is not lost.
pub(crate) fn wait_since(client: &Client, epoch: u64, params: &WaitParams) -> Result<String> {
    let mut progress = WaitProgress::new(params);
    let mut poller = Poller::new(client);
    loop {
        let polled = poller.poll(epoch, progress.deadline);
        if let Some(session) = progress.on_poll(params, polled)? {
            return Ok(session);
        }
        client.canceller().sleep(epoch, progress.next_pause()?)?;
    }
}

/// How far a wait has got: its deadline, the pause before its next poll (longer after errors
/// the server may recover from), and the last state seen. The blocking wait and the one
/// started without blocking share it, so both decide alike.
pub(crate) struct WaitProgress {
    deadline: Instant,
    interval: Duration,
    pause: Duration,
    last_state: String,
    timeout_ms: u64,
    /// Logs each state the wait sees change, blocking or not.
    trace: crate::logging::events::WaitTrace,
}

impl WaitProgress {
    pub(crate) fn new(params: &WaitParams) -> Self {
        let interval = Duration::from_millis(params.interval_ms);
        WaitProgress {
            deadline: Instant::now() + Duration::from_millis(params.timeout_ms),
            interval,
            pause: interval,
            last_state: String::from("unknown"),
            timeout_ms: params.timeout_ms,
            trace: Default::default(),
        }
    }

    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    pub(crate) fn time_left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Takes a poll's outcome: the session when the wait is over, `None` to poll again, or the
    /// error that ends the wait.
    pub(crate) fn on_poll(
        &mut self,
        params: &WaitParams,
        polled: Result<String>,
    ) -> Result<Option<String>> {
        match polled {
            Ok(text) => {
                let session: Session = serde_json::from_str(&text).map_err(|e| {
                    Error::new(
                        ErrorKind::Decode,
                        format!("setup.retrieve: {}", json_error_message(&e)),
                    )
                })?;
                self.trace.saw(&session);
                if params.reached(&session) {
                    return Ok(Some(text));
                }
                self.last_state = session.state.as_str().to_owned();
                self.pause = self.interval;
            }
            Err(e) if transient(&e) => {
                self.pause = (self.pause * 2).min(MAX_ERROR_BACKOFF).max(self.interval)
            }
            Err(e) => return Err(e),
        }
        Ok(None)
    }

    /// The pause before the next poll, or the timeout once the deadline has passed.
    pub(crate) fn next_pause(&self) -> Result<Duration> {
        let left = self.time_left();
        if left.is_zero() {
            return Err(self.timed_out());
        }
        Ok(self.pause.min(left))
    }

    /// The error of a wait whose deadline has passed.
    pub(crate) fn timed_out(&self) -> Error {
        Error::new(
            ErrorKind::Timeout,
            format!(
                "the wait timed out after {} ms; the state was {}",
                self.timeout_ms, self.last_state
            ),
        )
    }
}

/// How long an ended wait gives its poll thread to finish after the request was cut short,
/// before handing it to the client (a name lookup, which cannot be cut, may keep it longer).
const POLL_THREAD_GRACE: Duration = Duration::from_millis(250);

/// The polls of one wait. Each runs on a thread of its own, so that a server that hangs cannot
/// hold the wait past a cancel or its deadline; they use an agent (a connection pool) of their
/// own, so that when the wait ends, a request still in flight is cut short by shutting that
/// agent down, without touching the client's other calls. Nothing of a wait outlives it by
/// more than a moment, and nothing outlives the client (see [`PollThreads`]).
struct Poller<'a> {
    client: &'a Client,
    agent: ureq::Agent,
    /// The thread of a poll that the wait stopped waiting for.
    abandoned: Option<std::thread::JoinHandle<()>>,
}

impl<'a> Poller<'a> {
    fn new(client: &'a Client) -> Self {
        Poller {
            client,
            agent: client.new_agent(),
            abandoned: None,
        }
    }

    /// One `setup.retrieve`, given up at the deadline or when cancelled.
    fn poll(&mut self, epoch: u64, deadline: Instant) -> Result<String> {
        let slot: Arc<Mutex<Option<Result<String>>>> = Arc::default();
        let left = deadline.saturating_duration_since(Instant::now());
        let (client, agent, filled) = (self.client.clone(), self.agent.clone(), slot.clone());
        let worker = std::thread::Builder::new()
            .name("beeper-setup-poll".into())
            .spawn(move || {
                let result = poll_on(&client, &agent, left, None);
                *filled.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
                client.canceller().wake();
            })
            .map_err(|e| Error::internal(format!("could not start a poll thread: {e}")))?;
        let answer = self.client.canceller().sleep_until(epoch, deadline, || {
            slot.lock().unwrap_or_else(PoisonError::into_inner).take()
        });
        match answer {
            Ok(Some(result)) => {
                // It has answered and is only exiting.
                let _ = worker.join();
                result
            }
            Ok(None) => {
                self.abandoned = Some(worker);
                Err(Error::new(
                    ErrorKind::Timeout,
                    "the wait timed out during a poll",
                ))
            }
            Err(e) => {
                self.abandoned = Some(worker);
                Err(e)
            }
        }
    }
}

impl Drop for Poller<'_> {
    fn drop(&mut self) {
        // Closes the idle connection, and interrupts a request still reading or writing.
        self.agent.clone().shutdown();
        let Some(worker) = self.abandoned.take() else {
            return;
        };
        let until = Instant::now() + POLL_THREAD_GRACE;
        while !worker.is_finished() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(1));
        }
        if worker.is_finished() {
            let _ = worker.join();
        } else {
            self.client.poll_threads().keep(worker);
        }
    }
}

/// `setup.retrieve` through `agent`, once (no retries), within `timeout`: one poll of a
/// wait, which has its own agent so that ending the wait can cut the request short.
pub(crate) fn poll_on(
    client: &Client,
    agent: &ureq::Agent,
    timeout: Duration,
    probe: Option<crate::net::exchange::Probe<'_>>,
) -> Result<String> {
    let plan = plan_call(client, Operation::SetupRetrieve, None, None, None)?
        .once_within(timeout, client.settings().timeout);
    plan.reply(send_with(client, agent, &plan, probe)?)
}

/// Waits for the poll threads of ended waits (each ends within 50 ms of its wait's end).
/// `beeper_client_free` calls it, so that no thread of the client outlives the free.
pub(crate) fn join_poll_threads(client: &Client) {
    client.poll_threads().join_all();
}

/// A client's poll threads that were still ending (connecting) when their wait ended: kept
/// until the client is freed, so that none outlives it.
#[derive(Default)]
pub(crate) struct PollThreads(Mutex<Vec<JoinHandle<()>>>);

impl PollThreads {
    /// Keeps `thread` until [`join_all`](PollThreads::join_all); threads that have ended
    /// meanwhile are joined now.
    fn keep(&self, thread: JoinHandle<()>) {
        let mut threads = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let (ended, running): (Vec<_>, Vec<_>) =
            threads.drain(..).partition(JoinHandle::is_finished);
        *threads = running;
        threads.push(thread);
        drop(threads);
        for t in ended {
            let _ = t.join();
        }
    }

    fn join_all(&self) {
        let threads = std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner));
        for t in threads {
            let _ = t.join();
        }
    }
}

/// Errors that mean "not reachable right now" rather than "this will never work".
pub(crate) fn transient(e: &Error) -> bool {
    match e.kind {
        ErrorKind::Connection | ErrorKind::Timeout => true,
        ErrorKind::Api => e.status.is_some_and(|s| s >= 500 || s == 429 || s == 408),
        _ => false,
    }
}
