//! A client's calls in progress, and the one rule for ending each: its completion runs exactly
//! once, whichever comes first of its outcome, its cancel, the client's cancel or the client's
//! end; later outcomes are dropped.

use super::runtime;
use crate::error::{Error, ErrorKind, Result};
use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// What runs once when a call ends, with its outcome.
pub(crate) type Completion = Box<dyn FnOnce(Result<String>) + Send>;

/// The call runs (or waits to).
const RUNNING: u8 = 0;
/// A cancel came first: the call ends `cancelled`, whatever its request brings back.
const CANCELLED: u8 = 1;
/// The outcome has been taken for delivery.
const ENDED: u8 = 2;

/// One call's state, shared by its handle, its work and the registry.
#[derive(Default)]
pub(crate) struct Flag(AtomicU8);

impl Flag {
    /// Whether the call needs no more work (cancelled or ended): nothing more is sent for it.
    pub fn is_over(&self) -> bool {
        self.0.load(Ordering::Acquire) != RUNNING
    }

    /// Marks the call cancelled unless it has already ended; true when this did it.
    pub(crate) fn cancel(&self) -> bool {
        self.0
            .compare_exchange(RUNNING, CANCELLED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }
}

struct Pending {
    completion: Completion,
    flag: Arc<Flag>,
    /// The call's work (its plan, its client), kept while the call runs so that a pause in the
    /// timer's heap can hold only a weak reference: an ended call frees its client at once.
    _work: Arc<dyn Any + Send + Sync>,
}

#[derive(Default)]
struct State {
    pending: HashMap<u64, Pending>,
    next_id: u64,
    /// Completions running now, on any thread.
    delivering: usize,
    /// Threads in [`Registry::end_all`] waiting for those completions to end: only then does
    /// the end of one wake anybody (a wake is a system call on every call's end otherwise).
    awaiting: usize,
}

/// The calls of one client that have not ended.
#[derive(Default)]
pub(crate) struct Registry {
    state: Mutex<State>,
    delivered: Condvar,
}

thread_local! {
    /// The registries whose completions run on this thread now (one per nesting level), so
    /// that [`Registry::end_all`] called from a completion does not wait for itself.
    static DELIVERING: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

fn cancelled() -> Error {
    Error::new(ErrorKind::Cancelled, "cancelled by the caller")
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a new call; its id and flag.
    pub fn add(
        &self,
        completion: Completion,
        work: Arc<dyn Any + Send + Sync>,
    ) -> (u64, Arc<Flag>) {
        let flag = Arc::new(Flag::default());
        let mut state = self.lock();
        let id = state.next_id;
        state.next_id += 1;
        state.pending.insert(
            id,
            Pending {
                completion,
                flag: flag.clone(),
                _work: work,
            },
        );
        (id, flag)
    }

    /// Ends call `id` with `result` on this thread, unless it has ended already; a call
    /// cancelled first ends `cancelled` instead.
    pub fn finish(&self, id: u64, result: Result<String>) {
        let mut state = self.lock();
        let Some(pending) = state.pending.remove(&id) else {
            return;
        };
        state.delivering += 1;
        drop(state);
        let was = pending.flag.0.swap(ENDED, Ordering::AcqRel);
        let result = if was == CANCELLED {
            Err(cancelled())
        } else {
            result
        };
        self.deliver(pending, result);
    }

    fn deliver(&self, pending: Pending, result: Result<String>) {
        let me = self as *const Registry as usize;
        DELIVERING.with(|d| d.borrow_mut().push(me));
        let Pending {
            completion, _work, ..
        } = pending;
        // A completion that panics must not unwind into the library's thread.
        let _ = catch_unwind(AssertUnwindSafe(move || completion(result)));
        DELIVERING.with(|d| d.borrow_mut().pop());
        // The work (and the client it holds) goes before the delivery counts as done.
        drop(_work);
        let mut state = self.lock();
        state.delivering -= 1;
        let awaited = state.awaiting > 0;
        drop(state);
        if awaited {
            self.delivered.notify_all();
        }
    }

    /// Cancels call `id`: no more is sent for it, and it ends `cancelled` on the timer thread
    /// at once (its completion never runs on the canceller's thread).
    pub fn cancel(self: &Arc<Self>, id: u64, flag: &Flag) {
        if flag.cancel() {
            let registry = self.clone();
            runtime::run_soon(Box::new(move || registry.finish(id, Err(cancelled()))));
        }
    }

    /// Cancels every call not yet ended, as [`cancel`](Registry::cancel) does each.
    pub fn cancel_all(self: &Arc<Self>) {
        let ids: Vec<u64> = self
            .lock()
            .pending
            .iter()
            .filter(|(_, p)| p.flag.cancel())
            .map(|(id, _)| *id)
            .collect();
        if ids.is_empty() {
            return;
        }
        let registry = self.clone();
        runtime::run_soon(Box::new(move || {
            for id in ids {
                registry.finish(id, Err(cancelled()));
            }
        }));
    }

    /// Ends every call now, `cancelled`, with its completion run on this thread, then waits for
    /// completions running on other threads; after it returns no completion of these calls runs.
    /// From inside a completion of this registry, that one is not waited for.
    pub fn end_all(&self) {
        let mut state = self.lock();
        let ended: Vec<Pending> = state.pending.drain().map(|(_, p)| p).collect();
        state.delivering += ended.len();
        drop(state);
        for pending in ended {
            pending.flag.0.store(ENDED, Ordering::Release);
            self.deliver(pending, Err(cancelled()));
        }
        let me = self as *const Registry as usize;
        let mine = DELIVERING.with(|d| d.borrow().iter().filter(|r| **r == me).count());
        let mut state = self.lock();
        while state.delivering > mine {
            state.awaiting += 1;
            state = self
                .delivered
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.awaiting -= 1;
        }
    }

    /// How many calls have not ended.
    pub fn len(&self) -> usize {
        self.lock().pending.len()
    }
}
