//! The threads the library owns for calls started without blocking: workers that run HTTP
//! exchanges (and completions), and one timer thread that keeps every pause (a retry's delay,
//! a wait's next poll, a deadline). A pause holds no thread: it is an entry in the timer's heap,
//! so a thousand waits between polls cost a thousand entries. The timer thread runs the
//! completions of calls that reach their deadline (a thread each would cost more than the
//! callback), never those of cancelled calls: a cancel's completion runs on a worker, so a
//! callback that blocks there delays nobody's timing.
//!
//! Workers are shared by every client, but each client's calls take at most
//! [`worker_threads`] of them at once (the client's lane), and lanes are served in turn: a
//! server that hangs holds its own client's calls only, while another client's calls get
//! workers of their own, started as needed (up to [`MAX_WORKER_THREADS`] in the process) and
//! ended when idle. The bound is per client rather than per process because a worker blocked on
//! a server serves nobody else: under one shared bound, one client's hung calls would take
//! every worker and stall every other client past its deadlines.
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

/// Calls in flight at once per client when nothing else is set: enough for a few slow requests
/// at once on a small machine. Each exchange blocks its worker.
pub const DEFAULT_WORKER_THREADS: usize = 8;
/// The most that may be asked for per client, and the most worker threads of the process.
pub const MAX_WORKER_THREADS: usize = 256;
/// How long an idle worker or timer thread stays before it ends.
const IDLE_EXIT: Duration = Duration::from_secs(2);

static MAX_WORKERS: AtomicUsize = AtomicUsize::new(0);

/// The bound on each client's calls in flight at once: set by [`set_worker_threads`], else
/// `BEEPER_WORKER_THREADS` from the environment, else [`DEFAULT_WORKER_THREADS`].
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

/// Sets the bound on each client's calls in flight at once (1 to [`MAX_WORKER_THREADS`]). It
/// applies at once, to queued calls too: more start when the bound rises, and none starts
/// while a client has as many running as a lowered bound.
pub fn set_worker_threads(n: usize) -> crate::Result<()> {
    if !(1..=MAX_WORKER_THREADS).contains(&n) {
        return Err(crate::Error::invalid(format!(
            "the worker thread count must be between 1 and {MAX_WORKER_THREADS}"
        )));
    }
    MAX_WORKERS.store(n, Ordering::Relaxed);
    let mut state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
    let state_ref = state.in_this_process();
    let lanes: Vec<Lane> = state_ref.lanes.iter().map(|(lane, _)| *lane).collect();
    for lane in lanes {
        state_ref.make_ready(lane);
    }
    staff(state);
    Ok(())
}

/// Whose work a job is: the calls of one client share a lane (see [`Lane::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Lane(u64);

impl Lane {
    /// A lane of its own, never one used before (a client made where a freed one was does not
    /// inherit what its jobs left running).
    pub fn new() -> Lane {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Lane(NEXT.fetch_add(1, Ordering::Relaxed))
    }

    /// The lane of cancelled calls' completions: they run beside every client's calls, not
    /// behind them, and not on the timer thread.
    const DELIVERIES: Lane = Lane(0);

    /// How many jobs of this lane may run at once (deliveries too: a burst of deadlines
    /// must not start a thread each).
    fn bound(self) -> usize {
        worker_threads()
    }
}

struct Pool {
    state: Mutex<PoolState>,
    work: Condvar,
}

/// One client's jobs: queued, and how many run now.
#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    running: usize,
    /// Whether the lane is in [`PoolState::ready`].
    ready: bool,
}

struct PoolState {
    /// The lanes with jobs queued or running (a few: one per client busy now).
    lanes: Vec<(Lane, Queue)>,
    /// Lanes with a job they may start now, served in turn: one client with many calls queued
    /// does not keep another's from the workers.
    ready: VecDeque<Lane>,
    threads: usize,
    /// Workers running a job now; the others are waiting for work, just woken or starting,
    /// and each will take a job.
    busy: usize,
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
                lanes: Vec::new(),
                ready: VecDeque::new(),
                threads: 0,
                busy: 0,
                idle: 0,
                pid,
            };
        }
        self
    }

    fn queue(&mut self, lane: Lane) -> Option<&mut Queue> {
        self.lanes
            .iter_mut()
            .find(|(l, _)| *l == lane)
            .map(|(_, q)| q)
    }

    /// Puts `lane` in turn when it has a job it may start now.
    fn make_ready(&mut self, lane: Lane) {
        let Some(queue) = self.queue(lane) else {
            return;
        };
        if !queue.ready && !queue.jobs.is_empty() && queue.running < lane.bound() {
            queue.ready = true;
            self.ready.push_back(lane);
        }
    }

    /// The next job that may start, from the next lane in turn.
    fn take(&mut self) -> Option<(Lane, Job)> {
        while let Some(lane) = self.ready.pop_front() {
            let Some(queue) = self.queue(lane) else {
                continue;
            };
            queue.ready = false;
            if queue.running >= lane.bound() {
                // The bound was lowered: the lane waits for its running jobs to end.
                continue;
            }
            let Some(job) = queue.jobs.pop_front() else {
                continue;
            };
            queue.running += 1;
            self.make_ready(lane);
            return Some((lane, job));
        }
        None
    }

    /// A job of `lane` has ended.
    fn ended(&mut self, lane: Lane) {
        let Some(queue) = self.queue(lane) else {
            return;
        };
        queue.running -= 1;
        if queue.running == 0 && queue.jobs.is_empty() {
            self.lanes.retain(|(l, _)| *l != lane);
        } else {
            self.make_ready(lane);
        }
    }

    /// How many jobs could start now.
    fn startable(&self) -> usize {
        self.ready
            .iter()
            .filter_map(|lane| {
                let (_, queue) = self.lanes.iter().find(|(l, _)| l == lane)?;
                Some(
                    queue
                        .jobs
                        .len()
                        .min(lane.bound().saturating_sub(queue.running)),
                )
            })
            .sum()
    }
}

static POOL: Pool = Pool {
    state: Mutex::new(PoolState {
        lanes: Vec::new(),
        ready: VecDeque::new(),
        threads: 0,
        busy: 0,
        idle: 0,
        pid: 0,
    }),
    work: Condvar::new(),
};

/// Runs `job` on a worker, in `lane`'s turn and within its bound; true when it starts at once
/// (a worker is free or was started for it), false when it queues.
pub(crate) fn spawn_work(lane: Lane, job: Job) -> bool {
    let mut guard = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
    let state = guard.in_this_process();
    if state.queue(lane).is_none() {
        state.lanes.push((lane, Queue::default()));
    }
    let queue = state.queue(lane).expect("just added");
    queue.jobs.push_back(job);
    let at_once = queue.running + queue.jobs.len() <= lane.bound();
    state.make_ready(lane);
    let staffed = staff(guard);
    at_once && staffed
}

/// Wakes idle workers, or starts workers (up to [`MAX_WORKER_THREADS`]), for the jobs that may
/// start now; false when the cap leaves some waiting.
fn staff(mut guard: std::sync::MutexGuard<'_, PoolState>) -> bool {
    let state = &mut *guard;
    let wanted = state.startable();
    let woken = wanted.min(state.idle);
    // Workers not running a job (waiting, woken, starting) will each take one.
    let missing = wanted.saturating_sub(state.threads - state.busy);
    let started = missing.min(MAX_WORKER_THREADS.saturating_sub(state.threads));
    state.threads += started;
    drop(guard);
    for _ in 0..woken {
        POOL.work.notify_one();
    }
    for _ in 0..started {
        let spawned = std::thread::Builder::new()
            .name("beeper-setup-worker".into())
            .spawn(work_loop);
        if spawned.is_err() {
            let mut state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.threads -= 1;
            // With no worker at all the jobs would never run: run them here rather than lose them.
            if state.threads == 0 {
                while let Some((lane, job)) = state.take() {
                    drop(state);
                    run_guarded(job);
                    state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
                    state.ended(lane);
                }
            }
        }
    }
    started == missing
}

fn work_loop() {
    let mut state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some((lane, job)) = state.take() {
            state.busy += 1;
            drop(state);
            run_guarded(job);
            state = POOL.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.busy -= 1;
            state.ended(lane);
            continue;
        }
        state.idle += 1;
        let (next, timeout) = POOL
            .work
            .wait_timeout(state, IDLE_EXIT)
            .unwrap_or_else(PoisonError::into_inner);
        state = next;
        state.idle -= 1;
        if timeout.timed_out() && state.ready.is_empty() {
            break;
        }
    }
    state.threads -= 1;
}

/// Runs `job` (a cancelled call's end, with its completion) on a worker rather than the timer
/// thread, which every client's timing depends on: a completion that blocks holds only its
/// worker.
pub(crate) fn deliver(job: Job) {
    spawn_work(Lane::DELIVERIES, job);
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
    ENTRIES.store(state.heap.len(), Ordering::Relaxed);
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

/// Calls ended since the timer last dropped the entries of ended calls.
static ENDED: AtomicUsize = AtomicUsize::new(0);
/// The entries in the timer's heap, as of its last change.
static ENTRIES: AtomicUsize = AtomicUsize::new(0);

/// Counts a call's end: once about half the timer's entries may belong to ended calls, the
/// timer drops them (a cancelled wait's deadline, minutes away, frees its memory now).
pub(crate) fn note_ended() {
    let ended = ENDED.fetch_add(1, Ordering::Relaxed) + 1;
    // The timer may be asleep until an ended call's deadline: woken, it drops those entries
    // (and ends once it has none). No heap, no wake: a wake is a system call.
    let entries = ENTRIES.load(Ordering::Relaxed);
    if entries > 0 && ended * 2 >= entries {
        TIMER.changed.notify_one();
    }
}

/// Drops the entries of ended calls when about half may be.
fn sweep(state: &mut TimerState) {
    let ended = ENDED.load(Ordering::Relaxed);
    if ended > 0 && ended * 2 >= state.heap.len() {
        ENDED.store(0, Ordering::Relaxed);
        state.heap.retain(|e| (e.alive)());
        ENTRIES.store(state.heap.len(), Ordering::Relaxed);
    }
}

fn timer_loop() {
    let mut state = TIMER.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        sweep(&mut state);
        let now = Instant::now();
        match state.heap.peek().map(|e| e.at) {
            Some(at) if at <= now => {
                let entry = state.heap.pop().expect("peeked");
                ENTRIES.store(state.heap.len(), Ordering::Relaxed);
                drop(state);
                run_guarded(entry.job);
                state = TIMER.state.lock().unwrap_or_else(PoisonError::into_inner);
            }
            // Before a long sleep, entries of ended calls go, so that the thread can end.
            Some(at) if at - now >= IDLE_EXIT && state.heap.iter().any(|e| !(e.alive)()) => {
                state.heap.retain(|e| (e.alive)());
                ENTRIES.store(state.heap.len(), Ordering::Relaxed);
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
    fn entries_of_ended_calls_leave_the_heap_while_the_timer_is_busy() {
        fn tick(owner: Arc<u8>) {
            schedule_for(Instant::now() + Duration::from_millis(10), &owner, tick);
        }
        let busy = Arc::new(0u8);
        tick(busy.clone());
        let far = Instant::now() + Duration::from_secs(600);
        let owners: Vec<Arc<u8>> = (0..1000).map(|_| Arc::new(0)).collect();
        for owner in &owners {
            schedule_for(far, owner, |_| {});
        }
        let entries = || TIMER.state.lock().unwrap().heap.len();
        assert!(entries() >= 1000);
        drop(owners);
        for _ in 0..1000 {
            note_ended();
        }
        let until = Instant::now() + Duration::from_millis(500);
        while entries() > 100 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(entries() <= 100, "{} entries kept", entries());
        drop(busy);
    }

    #[test]
    fn a_lanes_jobs_stay_within_the_bound_and_other_lanes_go_beside_them() {
        use std::sync::atomic::AtomicUsize;
        static RUNNING: AtomicUsize = AtomicUsize::new(0);
        let (tx, rx) = mpsc::channel();
        let (lane, other) = (Lane::new(), Lane::new());
        for _ in 0..40 {
            let tx = tx.clone();
            spawn_work(
                lane,
                Box::new(move || {
                    let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
                    std::thread::sleep(Duration::from_millis(5));
                    RUNNING.fetch_sub(1, Ordering::SeqCst);
                    tx.send(now).unwrap();
                }),
            );
        }
        // Another lane's job starts at once, though lane 1 has jobs queued.
        let (other_tx, other_rx) = mpsc::channel();
        let queued_at = Instant::now();
        spawn_work(
            other,
            Box::new(move || other_tx.send(Instant::now()).unwrap()),
        );
        let started = other_rx.recv().unwrap();
        assert!(started - queued_at < Duration::from_millis(20));
        let most = (0..40).map(|_| rx.recv().unwrap()).max().unwrap();
        assert!(most <= worker_threads(), "{most} at once");
        assert!(running_workers() <= MAX_WORKER_THREADS);
    }
}
