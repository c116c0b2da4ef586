//! The threads the library owns for calls started without blocking: a bounded pool of workers
//! that run HTTP exchanges, and one timer thread that keeps every pause (a retry's delay, a
//! wait's next poll and its deadline) and ends cancelled calls. A pause holds no thread: it is
//! an entry in the timer's heap, so a thousand waits between polls cost a thousand entries.
//!
//! Both start on first use and end after a while without work, so a program that never starts
//! a call without blocking has no thread of ours, and one that stops has none two seconds
//! later.

use std::collections::{BinaryHeap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// A piece of work for a worker or the timer.
pub(crate) type Job = Box<dyn FnOnce() + Send>;

/// Workers when nothing else is set: enough for a few slow requests at once on a small
/// machine. Each exchange blocks its worker, so this bounds the requests in flight.
pub const DEFAULT_WORKER_THREADS: usize = 8;
/// The most workers that may be asked for.
pub const MAX_WORKER_THREADS: usize = 256;
/// How long an idle worker or timer thread stays before it ends.
const IDLE_EXIT: Duration = Duration::from_secs(2);

static MAX_WORKERS: AtomicUsize = AtomicUsize::new(0);

/// The bound on worker threads: set by [`set_worker_threads`], else `BEEPER_WORKER_THREADS`
/// from the environment, else [`DEFAULT_WORKER_THREADS`].
pub fn worker_threads() -> usize {
    match MAX_WORKERS.load(Ordering::Relaxed) {
        0 => {
            let from_env = std::env::var("BEEPER_WORKER_THREADS")
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .filter(|n| (1..=MAX_WORKER_THREADS).contains(n))
                .unwrap_or(DEFAULT_WORKER_THREADS);
            // A concurrent `set_worker_threads` wins over the environment.
            let _ = MAX_WORKERS.compare_exchange(0, from_env, Ordering::Relaxed, Ordering::Relaxed);
            MAX_WORKERS.load(Ordering::Relaxed)
        }
        n => n,
    }
}

/// Sets the process-wide bound on worker threads (1 to [`MAX_WORKER_THREADS`]). It applies at
/// once: more workers start when work waits, and extra ones end when they are next idle.
pub fn set_worker_threads(n: usize) -> crate::Result<()> {
    if !(1..=MAX_WORKER_THREADS).contains(&n) {
        return Err(crate::Error::invalid(format!(
            "the worker thread count must be between 1 and {MAX_WORKER_THREADS}"
        )));
    }
    MAX_WORKERS.store(n, Ordering::Relaxed);
    POOL.work.notify_all();
    Ok(())
}

struct Pool {
    state: Mutex<PoolState>,
    work: Condvar,
}

struct PoolState {
    queue: VecDeque<Job>,
    threads: usize,
    idle: usize,
    /// The process these counts belong to: after `fork()` the child has none of the threads.
    pid: u32,
}

impl PoolState {
    fn in_this_process(&mut self) -> &mut Self {
        let pid = std::process::id();
        if self.pid != pid {
            // The parent's queued work belongs to the parent's calls.
            *self = PoolState {
                queue: VecDeque::new(),
                threads: 0,
                idle: 0,
                pid,
            };
        }
        self
    }
}

static POOL: Pool = Pool {
    state: Mutex::new(PoolState {
        queue: VecDeque::new(),
        threads: 0,
        idle: 0,
        pid: 0,
    }),
    work: Condvar::new(),
};

/// Runs `job` on a worker, starting one when every worker is busy and the bound allows.
pub(crate) fn spawn_work(job: Job) {
    let mut guard = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
    let state = guard.in_this_process();
    state.queue.push_back(job);
    if state.idle >= state.queue.len() {
        drop(guard);
        POOL.work.notify_one();
        return;
    }
    if state.threads >= worker_threads() {
        return;
    }
    state.threads += 1;
    drop(guard);
    let started = std::thread::Builder::new()
        .name("beeper-setup-worker".into())
        .spawn(work_loop);
    if started.is_err() {
        let mut state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.threads -= 1;
        // With no worker at all the job would never run: run it here rather than lose it.
        if state.threads == 0 {
            let queued: Vec<Job> = state.queue.drain(..).collect();
            drop(state);
            queued.into_iter().for_each(run_guarded);
        }
    }
}

fn work_loop() {
    let mut state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some(job) = state.queue.pop_front() {
            drop(state);
            run_guarded(job);
            state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
            continue;
        }
        if state.threads > worker_threads() {
            break;
        }
        state.idle += 1;
        let (next, timeout) = POOL
            .work
            .wait_timeout(state, IDLE_EXIT)
            .unwrap_or_else(PoisonError::into_inner);
        state = next;
        state.idle -= 1;
        if timeout.timed_out() && state.queue.is_empty() {
            break;
        }
    }
    state.threads -= 1;
}

/// A job's panic must not take its thread (or the process) down; each job reports its own
/// failures to its call, so here it is only contained.
fn run_guarded(job: Job) {
    let _ = catch_unwind(AssertUnwindSafe(job));
    // Records the HTTP layer logged under its own locks are delivered now that none is held.
    crate::logging::flush_pending();
}

/// The number of worker threads running now.
#[cfg(test)]
fn running_workers() -> usize {
    POOL.state
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .threads
}

struct Timer {
    state: Mutex<TimerState>,
    changed: Condvar,
}

struct TimerState {
    heap: BinaryHeap<Entry>,
    next_seq: u64,
    running: bool,
    /// The process the thread belongs to: after `fork()` the child has no timer thread.
    pid: u32,
}

struct Entry {
    at: Instant,
    seq: u64,
    job: Job,
    /// Whether the job still has something to do (its call has not ended): an ended call's
    /// deadline, minutes away, must not keep the thread.
    alive: Box<dyn Fn() -> bool + Send>,
}

// The heap is a max-heap: the earliest entry (then the first scheduled) must compare greatest.
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other.at.cmp(&self.at).then(other.seq.cmp(&self.seq))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.seq == other.seq
    }
}
impl Eq for Entry {}

static TIMER: Timer = Timer {
    state: Mutex::new(TimerState {
        heap: BinaryHeap::new(),
        next_seq: 0,
        running: false,
        pid: 0,
    }),
    changed: Condvar::new(),
};

/// Runs `step` on the timer thread at `at` (at once when it has passed) with `owner`, unless
/// every strong reference to `owner` has gone by then. Steps must be short: they decide,
/// deliver or hand work to the workers, never wait for the network.
pub(crate) fn schedule_for<W: Send + Sync + 'static>(
    at: Instant,
    owner: &Arc<W>,
    step: impl FnOnce(Arc<W>) + Send + 'static,
) {
    let weak = Arc::downgrade(owner);
    let check = weak.clone();
    let job = Box::new(move || {
        if let Some(owner) = weak.upgrade() {
            step(owner);
        }
    });
    push(at, job, Box::new(move || check.strong_count() > 0));
}

/// Runs `job` on the timer thread at `at` (at once when it has passed).
#[cfg(test)]
fn schedule(at: Instant, job: Job) {
    push(at, job, Box::new(|| true));
}

fn push(at: Instant, job: Job, alive: Box<dyn Fn() -> bool + Send>) {
    let mut state = TIMER.state.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    if state.pid != pid {
        // The parent's pauses belong to the parent's calls.
        state.pid = pid;
        state.heap.clear();
        state.running = false;
    }
    let seq = state.next_seq;
    state.next_seq += 1;
    state.heap.push(Entry {
        at,
        seq,
        job,
        alive,
    });
    if state.running {
        drop(state);
        TIMER.changed.notify_one();
        return;
    }
    state.running = true;
    drop(state);
    let started = std::thread::Builder::new()
        .name("beeper-setup-timer".into())
        .spawn(timer_loop);
    if started.is_err() {
        // The entry stays in the heap; the next `schedule` tries to start the thread again.
        TIMER
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .running = false;
    }
}

/// Runs `job` on the timer thread as soon as it is free.
pub(crate) fn run_soon(job: Job) {
    push(Instant::now(), job, Box::new(|| true));
}

fn timer_loop() {
    let mut state = TIMER.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let now = Instant::now();
        match state.heap.peek().map(|e| e.at) {
            Some(at) if at <= now => {
                let entry = state.heap.pop().expect("peeked");
                drop(state);
                run_guarded(entry.job);
                state = TIMER.state.lock().unwrap_or_else(PoisonError::into_inner);
            }
            // Before a long sleep, entries of ended calls go, so that the thread can end.
            Some(at) if at - now >= IDLE_EXIT && state.heap.iter().any(|e| !(e.alive)()) => {
                state.heap.retain(|e| (e.alive)());
            }
            Some(at) => {
                state = TIMER
                    .changed
                    .wait_timeout(state, at - now)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0;
            }
            None => {
                let (next, timeout) = TIMER
                    .changed
                    .wait_timeout(state, IDLE_EXIT)
                    .unwrap_or_else(PoisonError::into_inner);
                state = next;
                if timeout.timed_out() && state.heap.is_empty() {
                    state.running = false;
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn timer_runs_jobs_in_time_order() {
        let (tx, rx) = mpsc::channel();
        let now = Instant::now();
        for (i, ms) in [(2, 60u64), (0, 20), (1, 40)] {
            let tx = tx.clone();
            schedule(
                now + Duration::from_millis(ms),
                Box::new(move || tx.send(i).unwrap()),
            );
        }
        let order: Vec<i32> = (0..3).map(|_| rx.recv().unwrap()).collect();
        assert_eq!(order, [0, 1, 2]);
        assert!(now.elapsed() >= Duration::from_millis(60));
    }

    #[test]
    fn workers_stay_within_the_bound() {
        let (tx, rx) = mpsc::channel();
        for _ in 0..40 {
            let tx = tx.clone();
            spawn_work(Box::new(move || {
                std::thread::sleep(Duration::from_millis(5));
                tx.send(running_workers()).unwrap();
            }));
        }
        let most = (0..40).map(|_| rx.recv().unwrap()).max().unwrap();
        assert!(most <= worker_threads(), "{most} workers");
    }
}
