//! What every connection thread shares: how API requests are answered, the state, the faults
//! and counters that `/_sim/` steers and reads, and the open connections, so that stopping can
//! close them. The connections (`server.rs`) and the control endpoints (`control.rs`) both
//! start from here, and neither needs the other.

use crate::faults::Faults;
use crate::state::{Scenario, State};
use crate::stats::Stats;
use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Takes a lock even when a thread panicked while holding it: a panic serving one request must
/// not make every later request, and the test's `/_sim/` calls, fail.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How API requests are answered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// The setup state machine.
    Stateful,
    /// Stateless examples; see `mock.rs`.
    Mock { require_token: bool },
}

pub struct Shared {
    pub mode: Mode,
    pub state: Mutex<State>,
    pub faults: Mutex<Faults>,
    pub stats: Mutex<Stats>,
    pub default_scenario: Option<Scenario>,
    pub default_auto: bool,
    stopping: AtomicBool,
    conns: Mutex<HashMap<u64, TcpStream>>,
    next_conn: AtomicU64,
}

impl Shared {
    pub fn new(mode: Mode, scenario: Option<Scenario>, auto: bool) -> Shared {
        Shared {
            mode,
            state: Mutex::new(State::new(scenario, auto)),
            faults: Mutex::new(Faults::default()),
            stats: Mutex::new(Stats::default()),
            default_scenario: scenario,
            default_auto: auto,
            stopping: AtomicBool::new(false),
            conns: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(0),
        }
    }

    pub fn stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// From now on every connection thread leaves at its next look.
    pub fn begin_stopping(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    /// Keeps a handle on an open connection, for `close_all`; the id is for `forget`.
    pub fn track(&self, stream: &TcpStream) -> u64 {
        let id = self.next_conn.fetch_add(1, Ordering::Relaxed);
        if let Ok(c) = stream.try_clone() {
            lock(&self.conns).insert(id, c);
        }
        id
    }

    pub fn forget(&self, id: u64) {
        lock(&self.conns).remove(&id);
    }

    /// Shuts every open connection so blocked reads and writes return at once.
    pub fn close_all(&self) {
        let conns = lock(&self.conns);
        for s in conns.values() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}
