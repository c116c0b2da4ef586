//! A client's calls in progress, and the one rule for ending each: its completion runs exactly
//! once, whichever comes first of its outcome, its cancel, the client's cancel or the client's
//! end; later outcomes are dropped.

use super::runtime;
use crate::error::{Error, ErrorKind, Result};
use std::any::Any;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

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
    /// Set by [`Registry::end_all`]: no call is added after it.
    closed: bool,
}

/// The calls of one client that have not ended.
pub(crate) struct Registry {
    state: Mutex<State>,
    /// The lane the client's calls take to the workers.
    lane: runtime::Lane,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            state: Mutex::default(),
            lane: runtime::Lane::new(),
        }
    }
}

fn cancelled() -> Error {
    Error::new(ErrorKind::Cancelled, "cancelled by the caller")
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn address(&self) -> usize {
        self as *const Registry as usize
    }

    /// An id and a flag for a new call, which [`add`](Registry::add) then records; refused once
    /// the client is being freed.
    pub fn reserve(&self) -> Result<(u64, Arc<Flag>)> {
        let mut state = self.lock();
        if state.closed {
            return Err(Error::invalid(
                "the client is being freed: no call can start on it",
            ));
        }
        let id = state.next_id;
        state.next_id += 1;
        Ok((id, Arc::default()))
    }

    /// Records the call reserved as `id`, whose handle its caller now holds. A cancel that came
    /// through that handle meanwhile ends it now; so does a free that came meanwhile (only a
    /// free racing the start from another thread, which the header forbids, can).
    pub fn add(
        self: &Arc<Self>,
        id: u64,
        flag: Arc<Flag>,
        completion: Completion,
        work: Arc<dyn Any + Send + Sync>,
    ) {
        let pending = Pending {
            completion,
            flag,
            _work: work,
        };
        let mut state = self.lock();
        if state.closed {
            drop(state);
            pending.flag.0.store(ENDED, Ordering::Release);
            self.deliver(pending, Err(cancelled()));
            return;
        }
        let over = pending.flag.is_over();
        state.pending.insert(id, pending);
        drop(state);
        if over {
            let registry = self.clone();
            runtime::deliver(Box::new(move || registry.finish(id, Err(cancelled()))));
        }
    }

    /// Ends call `id` with `result` on this thread, unless it has ended already; a call
    /// cancelled first ends `cancelled` instead.
    pub fn finish(&self, id: u64, result: Result<String>) {
        let mut state = self.lock();
        let Some(pending) = state.pending.remove(&id) else {
            return;
        };
        lives::delivering(self.address());
        drop(state);
        let was = pending.flag.0.swap(ENDED, Ordering::AcqRel);
        let result = if was == CANCELLED {
            Err(cancelled())
        } else {
            result
        };
        self.deliver_counted(pending, result);
    }

    /// Runs the completion of `pending` on this thread.
    fn deliver(&self, pending: Pending, result: Result<String>) {
        lives::delivering(self.address());
        self.deliver_counted(pending, result);
    }

    /// [`deliver`](Registry::deliver), counted already (under the lock that took the call).
    fn deliver_counted(&self, pending: Pending, result: Result<String>) {
        let Pending {
            completion, _work, ..
        } = pending;
        // A completion that panics must not unwind into the library's thread.
        let _ = catch_unwind(AssertUnwindSafe(move || completion(result)));
        // The work (and the client it holds) goes before the delivery counts as done.
        drop(_work);
        lives::delivered(self.address());
        runtime::note_ended();
    }

    /// Cancels call `id`: no more is sent for it, and it ends `cancelled` on a worker at once
    /// (its completion never runs on the canceller's thread, nor on the timer's).
    pub fn cancel(self: &Arc<Self>, id: u64, flag: &Flag) {
        if flag.cancel() {
            let registry = self.clone();
            runtime::deliver(Box::new(move || registry.finish(id, Err(cancelled()))));
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
        runtime::deliver(Box::new(move || {
            for id in ids {
                registry.finish(id, Err(cancelled()));
            }
        }));
    }

    /// Closes the registry (no call is added after this), ends every call now, `cancelled`,
    /// with its completion run on this thread, then waits for completions running on other
    /// threads; after it returns no completion of these calls runs, and none of a call started
    /// from one (it was refused). It does not wait for its own thread's completions, nor for
    /// a completion whose thread waits, through a chain of frees, for this one: that wait
    /// would never end (two callbacks freeing each other's client).
    pub fn end_all(&self) {
        let mut state = self.lock();
        state.closed = true;
        let ended: Vec<Pending> = state.pending.drain().map(|(_, p)| p).collect();
        drop(state);
        for pending in ended {
            pending.flag.0.store(ENDED, Ordering::Release);
            self.deliver(pending, Err(cancelled()));
        }
        lives::await_deliveries(self.address());
    }

    /// The lane the client's calls take to the workers.
    pub fn lane(&self) -> runtime::Lane {
        self.lane
    }

    /// How many calls have not ended.
    pub fn len(&self) -> usize {
        self.lock().pending.len()
    }
}

/// Which thread runs completions of which registry, and which thread waits in
/// [`Registry::end_all`] for which registry, process-wide: a wait that would close a cycle (a
/// completion freeing a client whose completion, on another thread, is freeing its own) is not
/// made.
mod lives {
    use std::sync::{Condvar, Mutex, PoisonError};

    /// A thread, by the address of a thread-local of its own: unlike `std::thread::current()`,
    /// asking costs no allocation (which on a program's main thread Rust never frees).
    type ThreadId = usize;

    fn me() -> ThreadId {
        thread_local! {
            static MARK: u8 = const { 0 };
        }
        MARK.with(|m| m as *const u8 as usize)
    }

    /// A few entries at most (one per thread in a completion now): lists, emptied to nothing.
    struct Lives {
        /// The registries whose completions each thread runs now, innermost last.
        delivering: Vec<(ThreadId, usize)>,
        /// The registry each thread in `end_all` waits for.
        waiting: Vec<(ThreadId, usize)>,
    }

    static LIVES: Mutex<Lives> = Mutex::new(Lives {
        delivering: Vec::new(),
        waiting: Vec::new(),
    });
    static CHANGED: Condvar = Condvar::new();

    fn lock() -> std::sync::MutexGuard<'static, Lives> {
        LIVES.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Gives back a list's memory once it is empty.
    fn trim(list: &mut Vec<(ThreadId, usize)>) {
        if list.is_empty() {
            *list = Vec::new();
        }
    }

    pub fn delivering(registry: usize) {
        let me = me();
        lock().delivering.push((me, registry));
    }

    pub fn delivered(registry: usize) {
        let me = me();
        let mut lives = lock();
        if let Some(at) = lives.delivering.iter().rposition(|e| *e == (me, registry)) {
            lives.delivering.remove(at);
        }
        trim(&mut lives.delivering);
        let awaited = !lives.waiting.is_empty();
        drop(lives);
        if awaited {
            CHANGED.notify_all();
        }
    }

    /// Waits until no other thread runs a completion of `registry`, except one that waits
    /// (through other frees) for this thread.
    pub fn await_deliveries(registry: usize) {
        let me = me();
        let mut lives = lock();
        loop {
            let blocking = lives
                .delivering
                .iter()
                .any(|&(t, r)| t != me && r == registry && !waits_for(&lives, t, me));
            if !blocking {
                lives.waiting.retain(|(t, _)| *t != me);
                trim(&mut lives.waiting);
                return;
            }
            if !lives.waiting.iter().any(|(t, _)| *t == me) {
                lives.waiting.push((me, registry));
            }
            lives = CHANGED.wait(lives).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Whether `thread` waits, through a chain of frees, for a completion on `target`.
    fn waits_for(lives: &Lives, thread: ThreadId, target: ThreadId) -> bool {
        let mut seen = vec![thread];
        let mut next = vec![thread];
        while let Some(t) = next.pop() {
            for &(_, registry) in lives.waiting.iter().filter(|(w, _)| *w == t) {
                for &(d, r) in &lives.delivering {
                    if r != registry {
                        continue;
                    }
                    if d == target {
                        return true;
                    }
                    if !seen.contains(&d) {
                        seen.push(d);
                        next.push(d);
                    }
                }
            }
        }
        false
    }
}
