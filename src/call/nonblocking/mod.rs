//! Calls started without blocking: any operation, a custom request, and `wait`, run on the library's threads
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

use crate::call::custom::plan_request;
use crate::call::options::ReadyOptions;
use crate::call::plan::{plan_call, Plan};
use crate::call::send::exchange;
use crate::call::wait::poll_on;
use crate::call::wait::WaitProgress;
use crate::error::{Error, ErrorKind, Result};
use crate::{Client, Method, Operation, WaitParams};
pub(crate) use registry::Completion;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What stops the exchange of a call whose flag is `flag`: its being over (cancelled, or ended
/// at its deadline).
pub(crate) fn probe_of(flag: &Flag) -> impl Fn() -> bool + '_ {
    move || flag.is_over()
}

/// The handle of a call started with [`Client::start_call`], [`Client::start_request`] or
/// [`Client::start_wait`]. Dropping
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
    /// the request). The completion runs on one of the library's workers, never inside this
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
    fn probe(&self) -> impl Fn() -> bool + '_ {
        probe_of(&self.flag)
    }
}

/// Where a call's handle goes before the call can end: the C ABI writes it to the caller's
/// `out_call` here, so that a callback (which may free it) finds it there.
pub(crate) type Publish<'a> = &'a mut dyn FnMut(&CallHandle);

/// Makes a call's work with its slot, hands its handle to `publish`, then records it in the
/// client's registry, from where it can end. Refused once the client is being freed.
pub(crate) fn register<W: Send + Sync + 'static>(
    client: &Client,
    completion: Completion,
    make: impl FnOnce(Slot) -> W,
    publish: Publish<'_>,
) -> Result<(Arc<W>, CallHandle)> {
    let (id, flag) = client.calls().reserve()?;
    let work = Arc::new(make(Slot {
        id,
        flag: flag.clone(),
    }));
    let handle = CallHandle {
        id,
        flag: flag.clone(),
        registry: client.calls_arc(),
    };
    publish(&handle);
    client.calls_arc().add(
        id,
        flag,
        completion,
        work.clone() as Arc<dyn std::any::Any + Send + Sync>,
    );
    Ok((work, handle))
}

/// An operation's call: its plan (each attempt knows its own retry count).
struct PlainCall {
    slot: Slot,
    client: Client,
    plan: Plan,
    /// The attempt queued for a worker (its retry count + 1), 0 while none is: whichever of
    /// the worker and the attempt's deadline takes it first decides.
    queued: AtomicU32,
}

impl PlainCall {
    /// Hands attempt `retries` to a worker. Its timeout runs from now: an attempt still queued
    /// at its deadline ends the call `timeout`, unsent.
    fn queue(self: &Arc<Self>, retries: u32) {
        let queued_at = Instant::now();
        self.queued.store(retries + 1, Ordering::Release);
        let call = self.clone();
        let job = Box::new(move || call.attempt(retries, queued_at));
        let at_once = runtime::spawn_work(self.client.lane(), job);
        if !at_once {
            let deadline = queued_at + self.plan.timeout(self.client.settings());
            runtime::schedule_for(deadline, self, move |call| call.expire(retries));
        }
    }

    /// Takes attempt `retries` from the queue; false when its deadline took it first.
    fn take(&self, retries: u32) -> bool {
        self.queued
            .compare_exchange(retries + 1, 0, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// At the deadline of an attempt still queued: the call ends `timeout`, unsent.
    fn expire(self: Arc<Self>, retries: u32) {
        if self.take(retries) {
            self.end_unsent(retries);
        }
    }

    /// Ends the call `timeout`: its attempt waited for a worker past its deadline.
    fn end_unsent(&self, retries: u32) {
        {
            let error = Error::new(
                ErrorKind::Timeout,
                "the call timed out before it was sent (it waited for a worker all its time: \
                 every worker of this client was busy)",
            );
            self.client
                .calls()
                .finish(self.slot.id, Err(error.with_retries(retries)));
        }
    }

    /// One attempt on a worker, within what is left of its timeout; then the outcome, or the
    /// next attempt after its pause.
    fn attempt(self: Arc<Self>, retries: u32, queued_at: Instant) {
        if !self.take(retries) || self.slot.flag.is_over() {
            return;
        }
        let client = &self.client;
        // The time spent queued counts: the attempt gets what is left (a millisecond or less
        // is not worth a request config of its own).
        let waited = queued_at.elapsed();
        let timeout = self.plan.timeout(client.settings());
        if waited >= timeout {
            return self.end_unsent(retries);
        }
        let within = (waited >= Duration::from_millis(1)).then(|| timeout - waited);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            exchange(
                client,
                client.agent(),
                &self.plan,
                retries,
                Some(&self.slot.probe()),
                within,
            )
        }));
        let result = match outcome {
            Err(_) => Err(Error::internal("internal error (caught panic in a call)")),
            Ok(Ok(answer)) => self.plan.reply(answer),
            Ok(Err((_, Some(delay)))) if retries < self.plan.max_retries => {
                runtime::schedule_for(Instant::now() + delay, &self, move |call| {
                    call.queue(retries + 1)
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

    fn queue(self: Arc<Self>) {
        runtime::spawn_work(self.client.lane(), Box::new(move || self.poll()));
    }

    /// One poll on a worker; then the outcome, or the next poll after its pause.
    fn poll(self: Arc<Self>) {
        if self.slot.flag.is_over() {
            return;
        }
        let left = self.progress().time_left();
        let client = &self.client;
        let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            poll_on(client, client.agent(), left, Some(&self.slot.probe()))
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
            Ok(Ok(pause)) => runtime::schedule_for(Instant::now() + pause, &self, WaitCall::queue),
            Ok(Err(session)) => client.calls().finish(self.slot.id, Ok(session)),
            Err(e) => client.calls().finish(self.slot.id, Err(e)),
        }
    }

    /// At the deadline, wherever the wait is (pausing, queued or polling), it ends `timeout`.
    fn on_deadline(self: Arc<Self>) {
        let error = self.progress().timed_out();
        self.client.calls().finish(self.slot.id, Err(error));
    }
}

/// [`start_call`](Client::start_call) for options made ready (and so checked), shared
/// rather than copied, with the handle published before the call can end: the C ABI's path.
pub(crate) fn start_call_ready(
    client: &Client,
    op: Operation,
    id: Option<&str>,
    params: Option<&str>,
    options: Option<Arc<ReadyOptions>>,
    on_done: Completion,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    let plan = plan_call(client, op, id, params, options)?;
    start_plan(client, plan, on_done, publish)
}

/// [`start_request`](Client::start_request) for options made ready (and so checked), with the
/// handle published before the request can end: the C ABI's path.
pub(crate) fn start_request_ready(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&str>,
    options: Arc<ReadyOptions>,
    on_done: Completion,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    let plan = plan_request(client, method, path, body, options)?;
    start_plan(client, plan, on_done, publish)
}

fn start_plan(
    client: &Client,
    plan: Plan,
    on_done: Completion,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    let (call, handle) = register(
        client,
        on_done,
        |slot| PlainCall {
            slot,
            client: client.clone(),
            plan,
            queued: AtomicU32::new(0),
        },
        publish,
    )?;
    call.queue(0);
    Ok(handle)
}

/// [`start_wait`](Client::start_wait) with the handle published before the wait can end.
pub(crate) fn start_wait_published(
    client: &Client,
    params: WaitParams,
    on_done: Completion,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    params.check()?;
    let progress = WaitProgress::new(&params);
    let deadline = progress.deadline();
    let (wait, handle) = register(
        client,
        on_done,
        |slot| WaitCall {
            slot,
            client: client.clone(),
            params,
            progress: Mutex::new(progress),
        },
        publish,
    )?;
    runtime::schedule_for(deadline, &wait, WaitCall::on_deadline);
    wait.queue();
    Ok(handle)
}
