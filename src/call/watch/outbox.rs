//! One watcher's deliveries: its changes, then its end, handed to its callback in the order
//! they were decided, one at a time, whichever threads decide them; nothing after the end.

use super::Delivery;
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::ThreadId;

/// The watcher's callback.
pub(crate) type Sink = Box<dyn FnMut(Delivery) + Send>;

pub(crate) struct Outbox {
    state: Mutex<State>,
    /// Signalled when a thread stops delivering, for an end waiting for it.
    idle: Condvar,
}

struct State {
    queue: VecDeque<Delivery>,
    /// The callback, until the end has been delivered.
    sink: Option<Sink>,
    /// Whether the end is queued: later changes are dropped.
    closed: bool,
    /// Whether the end has been handed to the callback.
    finished: bool,
    /// The thread handing deliveries to the callback now.
    delivering: Option<ThreadId>,
}

impl Outbox {
    pub(crate) fn new(sink: Sink) -> Outbox {
        Outbox {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                sink: Some(sink),
                closed: false,
                finished: false,
                delivering: None,
            }),
            idle: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues a change (dropped once the end is queued); [`deliver`](Outbox::deliver) hands
    /// it over.
    pub(crate) fn push(&self, delivery: Delivery) {
        let mut state = self.lock();
        if !state.closed {
            state.queue.push_back(delivery);
        }
    }

    /// Queues the end and delivers everything; returns once the end has been handed to the
    /// callback, unless this thread is inside the callback (then the end follows when it
    /// returns). So the end of a watch, like a call's completion, runs before the client's
    /// free returns.
    pub(crate) fn end(&self, delivery: Delivery) {
        {
            let mut state = self.lock();
            if state.closed {
                return;
            }
            state.closed = true;
            state.queue.push_back(delivery);
        }
        self.deliver();
        let me = std::thread::current().id();
        let mut state = self.lock();
        while !state.finished && state.delivering.is_some_and(|t| t != me) {
            state = self
                .idle
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Hands what is queued to the callback on this thread, unless another thread is doing it
    /// (it will hand over what was queued meanwhile too).
    pub(crate) fn deliver(&self) {
        let mut state = self.lock();
        if state.delivering.is_some() {
            return;
        }
        let Some(mut sink) = state.sink.take() else {
            return;
        };
        state.delivering = Some(std::thread::current().id());
        while let Some(delivery) = state.queue.pop_front() {
            let last = matches!(delivery, Delivery::End(_));
            drop(state);
            // A callback that panics must not unwind into the library's thread.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sink(delivery)));
            state = self.lock();
            if last {
                state.queue.clear();
                state.finished = true;
                state.delivering = None;
                drop(state);
                drop(sink);
                self.idle.notify_all();
                return;
            }
        }
        state.sink = Some(sink);
        state.delivering = None;
        drop(state);
        self.idle.notify_all();
    }
}
