//! Where records go: to one handler at a time, or to stderr by `BEEPER_LOG`. A handler is
//! replaced while other threads log: the replacement returns only once no thread runs the old
//! one, so that whatever the old one uses may be freed as soon as it returns.

use log::{Level, LevelFilter, Log, Metadata, Record};
use once_cell::sync::{Lazy, OnceCell};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Receives one record: its level, its target (`beeper_setup::client`, `ureq::pool`, ...) and
/// its message. Called on whatever thread logs, possibly on several at once. Records logged
/// while it runs on a thread (by calls it makes into the library) are dropped, so that a
/// handler never calls itself.
pub type Handler = Arc<dyn Fn(Level, &str, &str) + Send + Sync>;

static DISPATCH: Lazy<Dispatch> = Lazy::new(|| Dispatch::new(stderr_level_from_env()));
/// Whether [`DISPATCH`] is the process's `log` logger (another logger may have come first).
static INSTALLED: OnceCell<bool> = OnceCell::new();

thread_local! {
    /// The generation of the handler this thread is running now, if it is running one.
    static RUNNING: Cell<Option<u64>> = const { Cell::new(None) };
    /// Records of the crates under the library, logged on this thread and not delivered yet.
    static PENDING: RefCell<Vec<(Level, String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The most records of the HTTP layer held back on one thread (one request makes about ten).
const MAX_PENDING: usize = 256;

/// Delivers the records of the crates under the library held back on this thread. The library
/// calls it where it holds no lock of theirs: after each HTTP exchange, and as each C call ends.
pub(crate) fn flush_pending() {
    if RUNNING.with(Cell::get).is_some() {
        return;
    }
    let pending = PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        (!pending.is_empty()).then(|| std::mem::take(&mut *pending))
    });
    for (level, target, message) in pending.into_iter().flatten() {
        DISPATCH.deliver(level, &target, &message);
    }
}

/// Makes the library's logger the process's `log` logger, once; false when another logger was
/// installed first (its records then go there, and handlers set here receive nothing). The C
/// ABI calls this as a client is made or a handler set, so that `BEEPER_LOG` works in every
/// language. A Rust program with a logger of its own need not call it.
pub fn install() -> bool {
    *INSTALLED.get_or_init(|| {
        let state = DISPATCH.lock();
        let installed = log::set_logger(&*DISPATCH).is_ok();
        if installed {
            log::set_max_level(state.threshold());
        }
        installed
    })
}

/// Sends every record at `level` or more severe to `handler` from now on, instead of stderr;
/// `None` goes back to stderr (at the `BEEPER_LOG` level). Returns once no other thread runs
/// the previous handler: after that it is never called again. Called from a handler, it does
/// not wait for that handler (which is its caller), nor for handlers that are themselves
/// inside this function on other threads (which could not end before it returns).
pub fn set_handler(handler: Option<Handler>, level: LevelFilter) {
    install();
    let dispatch = &*DISPATCH;
    let mut state = dispatch.lock();
    state.generation += 1;
    let generation = state.generation;
    let previous = std::mem::replace(&mut state.handler, handler.map(|h| (generation, h)));
    state.handler_level = level;
    dispatch.apply_threshold(&state);
    let caller = RUNNING.with(Cell::get);
    if let Some(g) = caller {
        state.calls.entry(g).or_default().parked += 1;
        // Another replacement may be waiting for this thread's handler.
        dispatch.changed.notify_all();
    }
    while state
        .calls
        .range(..generation)
        .any(|(_, c)| c.running > c.parked)
    {
        state = dispatch
            .changed
            .wait(state)
            .unwrap_or_else(PoisonError::into_inner);
    }
    if let Some(g) = caller {
        if let Some(c) = state.calls.get_mut(&g) {
            c.parked -= 1;
        }
    }
    drop(state);
    drop(previous);
}

/// Changes the threshold of the handler, or of stderr when no handler is set (overriding
/// `BEEPER_LOG`). Records above it are not even formatted.
pub fn set_level(level: LevelFilter) {
    install();
    let dispatch = &*DISPATCH;
    let mut state = dispatch.lock();
    if state.handler.is_some() {
        state.handler_level = level;
    } else {
        state.stderr_level = level;
    }
    dispatch.apply_threshold(&state);
}

fn stderr_level_from_env() -> LevelFilter {
    let value = std::env::var("BEEPER_LOG").unwrap_or_default();
    match value.trim().to_ascii_lowercase().as_str() {
        "error" => LevelFilter::Error,
        "warn" | "warning" => LevelFilter::Warn,
        "info" => LevelFilter::Info,
        "debug" => LevelFilter::Debug,
        "trace" => LevelFilter::Trace,
        _ => LevelFilter::Off,
    }
}

/// The most detail a target may log at: everything for the library's own records, DEBUG for
/// the crates under it (ureq's TRACE records show paths, queries and redirect targets).
fn cap(target: &str) -> LevelFilter {
    let ours = target
        .strip_prefix("beeper_setup")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"));
    if ours {
        LevelFilter::Trace
    } else {
        LevelFilter::Debug
    }
}

struct Dispatch {
    state: Mutex<State>,
    /// Signalled when a handler call ends or a thread running one parks in `set_handler`.
    changed: Condvar,
    /// `State::threshold()`, readable without the lock for every record.
    threshold: AtomicUsize,
}

struct State {
    handler: Option<(u64, Handler)>,
    handler_level: LevelFilter,
    stderr_level: LevelFilter,
    /// Counts handler replacements; each handler is known by the generation it was set in.
    generation: u64,
    /// Handler calls in progress, by generation.
    calls: BTreeMap<u64, Calls>,
}

#[derive(Default)]
struct Calls {
    running: usize,
    /// Of those, the ones whose thread is inside `set_handler` (called from the handler).
    parked: usize,
}

impl State {
    fn threshold(&self) -> LevelFilter {
        match self.handler {
            Some(_) => self.handler_level,
            None => self.stderr_level,
        }
    }
}

impl Dispatch {
    /// Hands one record to the handler, or to stderr when none is set.
    fn deliver(&self, level: Level, target: &str, message: &str) {
        let mut state = self.lock();
        let Some((generation, handler)) = state.handler.clone() else {
            let to_stderr = level <= state.stderr_level;
            drop(state);
            if to_stderr {
                eprintln!("[{level:<5} {target}] {message}");
            }
            return;
        };
        if level > state.handler_level {
            return;
        }
        let _running = Running::begin(self, &mut state, generation);
        drop(state);
        handler(level, target, message);
    }

    fn new(stderr_level: LevelFilter) -> Self {
        Dispatch {
            state: Mutex::new(State {
                handler: None,
                handler_level: LevelFilter::Off,
                stderr_level,
                generation: 0,
                calls: BTreeMap::new(),
            }),
            changed: Condvar::new(),
            threshold: AtomicUsize::new(stderr_level as usize),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn apply_threshold(&self, state: &State) {
        let threshold = state.threshold();
        self.threshold.store(threshold as usize, Ordering::Relaxed);
        if INSTALLED.get() == Some(&true) {
            log::set_max_level(threshold);
        }
    }
}

/// One handler call in progress: counted from before it starts until it has returned (or
/// unwound), so that a replacement knows when it may return.
struct Running<'a> {
    dispatch: &'a Dispatch,
    generation: u64,
}

impl Running<'_> {
    fn begin<'a>(dispatch: &'a Dispatch, state: &mut State, generation: u64) -> Running<'a> {
        state.calls.entry(generation).or_default().running += 1;
        RUNNING.with(|r| r.set(Some(generation)));
        Running {
            dispatch,
            generation,
        }
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        RUNNING.with(|r| r.set(None));
        let mut state = self.dispatch.lock();
        if let Some(c) = state.calls.get_mut(&self.generation) {
            c.running -= 1;
            if c.running == 0 {
                state.calls.remove(&self.generation);
            }
        }
        drop(state);
        self.dispatch.changed.notify_all();
    }
}

impl Log for Dispatch {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= cap(metadata.target())
            && metadata.level() as usize <= self.threshold.load(Ordering::Relaxed)
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) || RUNNING.with(Cell::get).is_some() {
            return;
        }
        let (level, target) = (record.level(), record.target());
        let message = record.args().to_string();
        if cap(target) < LevelFilter::Trace {
            // The HTTP layer logs while holding its own locks (its connection pool): a handler
            // run there could not call the library, so its records wait for the next point
            // where the library holds none.
            PENDING.with(|pending| {
                let mut pending = pending.borrow_mut();
                if pending.len() < MAX_PENDING {
                    pending.push((level, target.to_owned(), message));
                }
            });
            return;
        }
        flush_pending();
        self.deliver(level, target, &message);
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crates_below_the_library_are_capped_at_debug() {
        assert_eq!(cap("beeper_setup"), LevelFilter::Trace);
        assert_eq!(cap("beeper_setup::client"), LevelFilter::Trace);
        assert_eq!(cap("beeper_setup_sim"), LevelFilter::Debug);
        assert_eq!(cap("ureq::unversioned::transport"), LevelFilter::Debug);
        assert_eq!(cap("ureq_proto::client"), LevelFilter::Debug);
    }

    #[test]
    fn the_threshold_filters_before_anything_is_formatted() {
        let dispatch = Dispatch::new(LevelFilter::Info);
        let at = |level, target| {
            dispatch.enabled(&Metadata::builder().level(level).target(target).build())
        };
        assert!(at(Level::Info, "beeper_setup::client"));
        assert!(!at(Level::Debug, "beeper_setup::client"));
        dispatch
            .threshold
            .store(LevelFilter::Trace as usize, Ordering::Relaxed);
        assert!(at(Level::Trace, "beeper_setup::client"));
        assert!(at(Level::Debug, "ureq::run"));
        assert!(!at(Level::Trace, "ureq::run"));
    }
}
