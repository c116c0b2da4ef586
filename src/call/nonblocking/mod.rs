//! Calls started without blocking: any operation, and `wait`, run on the library's threads
//! (see [`runtime`]) and end by running a completion exactly once; each has a handle whose
//! cancel ends that call only.
//!
//! A cancel ends the call at once; a request in flight is abandoned: the worker stops within
//! 50 ms whatever the exchange is doing (a name lookup, a connect, a TLS handshake, a write or
//! a read all wait in slices and look at the call's flag: see `net::exchange`); nothing is sent
//! for the call after its cancel (no retry, no next poll).

mod registry;
pub mod runtime;

pub(crate) use registry::{Flag, Registry};

use crate::call::options::ReadyOptions;
use crate::call::plan::Plan;
use crate::call::wait::WaitProgress;
use crate::error::{Error, Result};
use crate::net::exchange::Probe;
use crate::Operation;
use crate::{CallOptions, Client, WaitParams};
use registry::Completion;
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Instant;

/// What stops the exchange of a call whose flag is `flag`: its being over (cancelled, or ended
/// at its deadline).
pub(crate) fn probe_of(flag: &Arc<Flag>) -> Probe {
    let flag = flag.clone();
    Rc::new(move || flag.is_over())
}

/// The handle of a call started with [`Client::start_call`] or [`Client::start_wait`]. Dropping
/// it neither cancels the call nor stops its completion.
#[derive(Clone)]
pub struct CallHandle {
    id: u64,
    flag: Arc<Flag>,
    registry: Arc<Registry>,
}

impl std::fmt::Debug for CallHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallHandle")
            .field("id", &self.id)
            .field("over", &self.flag.is_over())
            .finish()
    }
}

impl CallHandle {
    /// Ends this call only, with a `Cancelled` error, at once: a call not yet sent sends
    /// nothing, one pausing (before a retry, between a wait's polls) sends nothing more, and
    /// one whose request is in flight ends without its answer (the server may still act on
    /// the request). The completion runs on the library's timer thread, never inside this
    /// function. A no-op once the call has ended.
    pub fn cancel(&self) {
        self.registry.cancel(self.id, &self.flag);
    }

    /// Whether the call has ended or been cancelled.
    pub fn is_over(&self) -> bool {
        self.flag.is_over()
    }
}

/// The parts every call's work shares: its id in its client's registry, and its flag.
pub(crate) struct Slot {
    pub(crate) id: u64,
    pub(crate) flag: Arc<Flag>,
}

impl Slot {
    /// Stops the call's exchange once the call is over (cancelled, or ended at its deadline).
    fn probe(&self) -> Probe {
        probe_of(&self.flag)
    }
}

/// Registers `work` with the client's registry, and gives `work` its slot once known.
pub(crate) fn register<W: Send + Sync + 'static>(
    client: &Client,
    completion: Completion,
    make: impl FnOnce(Slot) -> W,
) -> (Arc<W>, CallHandle) {
    // The work must be in the registry before it can run, and needs the id the registry
    // gives: the registry keeps a cell that receives the work right after.
    let cell: Arc<OnceLock<Arc<W>>> = Arc::default();
    let (id, flag) = client.calls().add(completion, cell.clone());
    let work = Arc::new(make(Slot {
        id,
        flag: flag.clone(),
    }));
    let _ = cell.set(work.clone());
    let handle = CallHandle {
        id,
        flag,
        registry: client.calls_arc(),
    };
    (work, handle)
}

/// An operation's call: its plan (each attempt knows its own retry count).
struct PlainCall {
    slot: Slot,
    client: Client,
    plan: Plan,
}

impl PlainCall {
    /// One attempt on a worker; then the outcome, or the next attempt after its pause.
    fn attempt(self: Arc<Self>, retries: u32) {
        if self.slot.flag.is_over() {
            return;
        }
        let client = &self.client;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            client.exchange(client.agent(), &self.plan, retries, Some(self.slot.probe()))
        }));
        let result = match outcome {
            Err(_) => Err(Error::internal("internal error (caught panic in a call)")),
            Ok(Ok(answer)) => self.plan.reply(answer),
            Ok(Err((_, Some(delay)))) if retries < self.plan.max_retries => {
                runtime::schedule_for(Instant::now() + delay, &self, move |call| {
                    runtime::spawn_work(Box::new(move || call.attempt(retries + 1)))
                });
                return;
            }
            Ok(Err((error, _))) => Err(error.with_retries(retries)),
        };
        client.calls().finish(self.slot.id, result);
    }
}

/// A wait's call: its params and how far it has got.
struct WaitCall {
    slot: Slot,
    client: Client,
    params: WaitParams,
    progress: Mutex<WaitProgress>,
}

impl WaitCall {
    fn progress(&self) -> std::sync::MutexGuard<'_, WaitProgress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// One poll on a worker; then the outcome, or the next poll after its pause.
    fn poll(self: Arc<Self>) {
        if self.slot.flag.is_over() {
            return;
        }
        let left = self.progress().time_left();
        let client = &self.client;
        let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            client.poll_on(client.agent(), left, Some(self.slot.probe()))
        }))
        .unwrap_or_else(|_| Err(Error::internal("internal error (caught panic in a wait)")));
        let next = {
            let mut progress = self.progress();
            progress
                .on_poll(&self.params, polled)
                .and_then(|reached| match reached {
                    Some(session) => Ok(Err(session)),
                    None => progress.next_pause().map(Ok),
                })
        };
        match next {
            Ok(Ok(pause)) => runtime::schedule_for(Instant::now() + pause, &self, |wait| {
                runtime::spawn_work(Box::new(move || wait.poll()))
            }),
            Ok(Err(session)) => client.calls().finish(self.slot.id, Ok(session)),
            Err(e) => client.calls().finish(self.slot.id, Err(e)),
        }
    }

    /// At the deadline, wherever the wait is (pausing or polling), it ends `timeout`.
    fn on_deadline(self: Arc<Self>) {
        let error = self.progress().timed_out();
        self.client.calls().finish(self.slot.id, Err(error));
    }
}

impl Client {
    /// Starts `op` without blocking and returns its handle; `on_done` runs exactly once, on one
    /// of the library's threads, with what [`call`](Client::call) (no `options`) or
    /// [`call_with`](Client::call_with) would have returned. Arguments are checked here: an
    /// error is returned at once, nothing is sent and `on_done` never runs.
    pub fn start_call(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: Option<CallOptions>,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        let ready = options.map(ReadyOptions::new).transpose()?;
        let plan = self.plan_call(op, id, params, ready)?;
        Ok(self.start_plan(plan, Box::new(on_done)))
    }

    /// [`start_call`](Client::start_call) for options made ready (and so checked), shared
    /// rather than copied: the C ABI's path.
    pub(crate) fn start_call_ready(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: Option<Arc<ReadyOptions>>,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        let plan = self.plan_call(op, id, params, options)?;
        Ok(self.start_plan(plan, Box::new(on_done)))
    }

    fn start_plan(&self, plan: Plan, on_done: Completion) -> CallHandle {
        let (call, handle) = register(self, on_done, |slot| PlainCall {
            slot,
            client: self.clone(),
            plan,
        });
        runtime::spawn_work(Box::new(move || call.attempt(0)));
        handle
    }

    /// Starts [`wait`](Client::wait) without blocking; `on_done` runs exactly once, on one of
    /// the library's threads. Between its polls the wait holds no thread.
    pub fn start_wait(
        &self,
        params: WaitParams,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        params.check()?;
        let progress = WaitProgress::new(&params);
        let deadline = progress.deadline();
        let (wait, handle) = register(self, Box::new(on_done), |slot| WaitCall {
            slot,
            client: self.clone(),
            params,
            progress: Mutex::new(progress),
        });
        runtime::schedule_for(deadline, &wait, WaitCall::on_deadline);
        runtime::spawn_work(Box::new(move || wait.poll()));
        Ok(handle)
    }

    /// Ends every call started without blocking on this client (and its clones) `cancelled`,
    /// running the completions not yet run on this thread, and returns once no completion of
    /// them runs anywhere (from inside one, once the others have). `beeper_client_free` calls
    /// it.
    pub fn end_calls(&self) {
        self.calls().end_all();
    }

    /// How many calls started without blocking have not ended.
    pub fn calls_in_progress(&self) -> usize {
        self.calls().len()
    }
}
