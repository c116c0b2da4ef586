//! A client's feed of session changes: one poll loop shared by every watcher of the client (a
//! thousand watchers cost one request per interval), run as the calls started without
//! blocking run: the timer thread schedules each poll, a worker runs it; between polls no
//! thread is held. It polls while it has watchers, no faster than the smallest of their
//! intervals, slower after errors Beeper may recover from (a restart), and keeps the last
//! changes so that a watcher that starts after one of them misses none.

use super::outbox::{Outbox, Sink};
use super::{Delivery, Key, Record, Start, WatchParams};
use crate::call::nonblocking::{probe_of, register, runtime, CallHandle, Flag, Publish, Slot};
use crate::call::wait::{poll_on, transient, MAX_ERROR_BACKOFF};
use crate::error::{Error, ErrorKind, Result};
use crate::{Client, StepOptions};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::{Duration, Instant};

/// How many changes the feed keeps for watchers that start after one of them.
const HISTORY: usize = 64;

#[derive(Default)]
pub(crate) struct Feed {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The last changes, oldest first.
    history: VecDeque<Arc<Record>>,
    watchers: Vec<Entry>,
    /// The loop that polls while there are watchers (held by them).
    runner: Weak<Runner>,
    /// Whether a poll is scheduled or in flight.
    running: bool,
    /// Bumped to make a scheduled poll stale when an earlier one is scheduled instead.
    generation: u64,
    /// When the scheduled poll runs (`None` while one is in flight).
    next_at: Option<Instant>,
    /// When the last poll ended.
    last_end: Option<Instant>,
    /// The pause after errors the server may recover from; zero while it answers.
    backoff: Duration,
    /// The flag of the poll in flight: cancelled when the last watcher leaves.
    in_flight: Option<Arc<Flag>>,
}

/// A watcher as the feed sees it: what it has seen, and where its changes go.
struct Entry {
    watcher: Arc<Watcher>,
    seen: Seen,
}

/// What a watcher has seen.
enum Seen {
    /// Nothing: its first change is the next poll's session.
    Nothing,
    /// Everything up to this sequence.
    Upto(u64),
    /// A session shown as this key: its first change is the next one that differs.
    Like(Key),
}

/// One watch: a call of its client's registry, so that its handle, the client's cancel and the
/// client's free end it as they end any call started without blocking.
struct Watcher {
    slot: Slot,
    client: Client,
    interval: Duration,
    /// Ends with its first change (the one-shot "next change").
    once: bool,
    timeout_ms: Option<u64>,
    /// The change it ends with, read by its completion.
    last: Arc<Mutex<Option<Arc<Record>>>>,
    outbox: Arc<Outbox>,
    /// Keeps the poll loop going while the watcher lives.
    _runner: Arc<Runner>,
}

/// The poll loop of a feed, alive while a watcher holds it.
struct Runner {
    client: Client,
}

/// A watcher's deliveries decided under the feed's lock, made after it.
enum Ending {
    Not,
    With(Result<Arc<Record>>),
}

impl Feed {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts a watch on `client`'s feed.
pub(super) fn watch(
    client: &Client,
    params: &WatchParams,
    once: bool,
    sink: Sink,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    let start = params.start()?;
    let feed = client.feed();
    let outbox = Arc::new(Outbox::new(sink));
    let last: Arc<Mutex<Option<Arc<Record>>>> = Arc::default();
    let runner = {
        let mut state = feed.lock();
        state.runner.upgrade().unwrap_or_else(|| {
            let runner = Arc::new(Runner {
                client: client.clone(),
            });
            state.runner = Arc::downgrade(&runner);
            state.running = false;
            runner
        })
    };
    let completion = {
        let (feed, outbox, last) = (feed.clone(), outbox.clone(), last.clone());
        Box::new(move |result: Result<String>| {
            let end = result.map(|_| last.lock().unwrap_or_else(PoisonError::into_inner).take());
            let end = match end {
                Ok(Some(record)) => Ok(record),
                Ok(None) => Err(Error::internal("a watch ended without its change")),
                Err(e) => Err(e),
            };
            feed.forget_ended();
            outbox.end(Delivery::End(end));
        })
    };
    let (watcher, handle) = register(
        client,
        completion,
        |slot| Watcher {
            slot,
            client: client.clone(),
            interval: params.interval(),
            once,
            timeout_ms: params.timeout_ms,
            last,
            outbox,
            _runner: runner.clone(),
        },
        publish,
    )?;
    if let Some(deadline) = params.deadline() {
        runtime::schedule_for(deadline, &watcher, Watcher::on_deadline);
    }
    let ending = {
        let mut state = feed.lock();
        let seen = match start {
            Start::Now => Seen::Nothing,
            Start::After {
                sequence: Some(s),
                key,
            } if state
                .history
                .iter()
                .any(|r| r.change.sequence == s && r.key == key) =>
            {
                Seen::Upto(s)
            }
            Start::After { key, .. } => Seen::Like(key),
        };
        let mut entry = Entry {
            watcher: watcher.clone(),
            seen,
        };
        // Changes it has not seen yet are handed over now (never on this thread).
        let ending = match entry.seen {
            Seen::Upto(_) => catch_up(&mut entry, &state.history),
            _ => Ending::Not,
        };
        // A watcher ended already (the client's cancel came first) is not kept: nothing would
        // remove it, and the polls would go on for it.
        if matches!(ending, Ending::Not) && !watcher.slot.flag.is_over() {
            state.watchers.push(entry);
            state.schedule(&runner, watcher.interval);
        }
        ending
    };
    let ended = watcher.clone();
    runtime::deliver(Box::new(move || ended.settle(ending)));
    Ok(handle)
}

impl State {
    /// Makes sure a poll comes within `interval` of the last one (at once if none came yet).
    fn schedule(&mut self, runner: &Arc<Runner>, interval: Duration) {
        let now = Instant::now();
        let wanted = self
            .last_end
            .map_or(now, |end| end + interval.max(self.backoff))
            .max(now);
        match (self.running, self.next_at) {
            (false, _) => {}
            (true, Some(at)) if wanted < at => {}
            // A poll is in flight, or comes soon enough.
            (true, _) => return,
        }
        self.running = true;
        self.generation += 1;
        self.next_at = Some(wanted);
        let generation = self.generation;
        runtime::schedule_for(wanted, runner, move |runner| runner.tick(generation));
    }

    /// The smallest interval of the watchers.
    fn interval(&self) -> Option<Duration> {
        self.watchers.iter().map(|e| e.watcher.interval).min()
    }
}

impl Runner {
    fn feed(&self) -> &Feed {
        self.client.feed()
    }

    /// On the timer thread: the poll, on a worker, unless it is stale or nobody watches.
    fn tick(self: Arc<Self>, generation: u64) {
        let mut state = self.feed().lock();
        if generation != state.generation {
            return;
        }
        state.next_at = None;
        if state.watchers.is_empty() {
            state.running = false;
            return;
        }
        let flag = Arc::new(Flag::default());
        state.in_flight = Some(flag.clone());
        drop(state);
        let lane = self.client.lane();
        runtime::spawn_work(lane, Box::new(move || self.poll(flag)));
    }

    /// On a worker: one `setup.retrieve`, its changes to the watchers, and the next poll.
    fn poll(self: Arc<Self>, flag: Arc<Flag>) {
        let client = &self.client;
        let timeout = client.settings().timeout;
        let token = client.access_token();
        let polled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            poll_on(client, client.agent(), timeout, Some(&probe_of(&flag)))
        }))
        .unwrap_or_else(|_| Err(Error::internal("internal error (caught panic in a watch)")));
        // A 401 while the client holds no token, or to a poll sent before it took a new one, is
        // no answer for the token it will hold: a sign-in is ending (the server has signed in,
        // the client has not yet adopted the token it returned). It is ridden out like a
        // restart; a 401 to the token held now ends the watchers.
        let signing_in = matches!(&polled, Err(e) if e.status == Some(401)) && {
            let now = client.access_token();
            now.is_none() || now != token
        };
        // Read before the lock: a verification this client cancelled ends as cancelled here.
        let options = client.with_cancelled_here(&StepOptions::default());
        let mut state = self.feed().lock();
        state.in_flight = None;
        state.last_end = Some(Instant::now());
        // A poll cut short when its last watcher left says nothing about the session.
        let endings = if flag.is_over() {
            Vec::new()
        } else if signing_in {
            state.back_off();
            Vec::new()
        } else {
            state.on_poll(polled, &options)
        };
        state.running = false;
        if let Some(interval) = state.interval() {
            state.schedule(&self, interval);
        }
        drop(state);
        for (watcher, ending) in endings {
            watcher.settle(ending);
        }
    }
}

impl State {
    /// Takes a poll's outcome: the new change (if any) to every watcher that has not seen it;
    /// an error the polls cannot ride out ends every watcher. Returns each watcher's ending.
    fn on_poll(
        &mut self,
        polled: Result<String>,
        options: &StepOptions,
    ) -> Vec<(Arc<Watcher>, Ending)> {
        let record = match polled.and_then(|text| self.record(&text, options)) {
            Ok(record) => {
                self.backoff = Duration::ZERO;
                record
            }
            Err(e) if transient(&e) => {
                self.back_off();
                return Vec::new();
            }
            Err(e) => {
                return std::mem::take(&mut self.watchers)
                    .into_iter()
                    .map(|entry| (entry.watcher, Ending::With(Err(e.clone()))))
                    .collect();
            }
        };
        let mut endings = Vec::with_capacity(self.watchers.len());
        let history = &self.history;
        self.watchers.retain_mut(|entry| {
            if entry.watcher.slot.flag.is_over() {
                return false;
            }
            let ending = match &entry.seen {
                Seen::Nothing => hand(entry, &record),
                Seen::Like(key) if *key == record.key => {
                    entry.seen = Seen::Upto(record.change.sequence);
                    Ending::Not
                }
                Seen::Like(_) => hand(entry, &record),
                Seen::Upto(_) => catch_up(entry, history),
            };
            let keep = matches!(ending, Ending::Not);
            endings.push((entry.watcher.clone(), ending));
            keep
        });
        endings
    }

    /// Slows the polls down after an error the server may recover from: twice the pause each
    /// time, from the smallest interval up to [`MAX_ERROR_BACKOFF`].
    fn back_off(&mut self) {
        let floor = self.interval().unwrap_or_default();
        self.backoff = (self.backoff * 2).clamp(floor, MAX_ERROR_BACKOFF.max(floor));
    }

    /// The poll's session as a change: the last one when it shows the same, else a new one.
    fn record(&mut self, text: &str, options: &StepOptions) -> Result<Arc<Record>> {
        let next = self.history.back().map_or(1, |r| r.change.sequence + 1);
        let record = Record::new(next, text, options)?;
        if let Some(last) = self.history.back() {
            if last.key == record.key {
                return Ok(last.clone());
            }
        }
        let record = Arc::new(record);
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(record.clone());
        Ok(record)
    }
}

/// Hands `record` to the watcher; its ending when it ends with it.
fn hand(entry: &mut Entry, record: &Arc<Record>) -> Ending {
    entry.seen = Seen::Upto(record.change.sequence);
    if entry.watcher.once || record.change.is_done() {
        return Ending::With(Ok(record.clone()));
    }
    entry.watcher.outbox.push(Delivery::Change(record.clone()));
    Ending::Not
}

/// Hands the watcher every kept change after the last it saw, in order, up to its ending.
fn catch_up(entry: &mut Entry, history: &VecDeque<Arc<Record>>) -> Ending {
    let Seen::Upto(seen) = entry.seen else {
        return Ending::Not;
    };
    for record in history.iter().filter(|r| r.change.sequence > seen) {
        if let Ending::With(end) = hand(entry, record) {
            return Ending::With(end);
        }
    }
    Ending::Not
}

impl Feed {
    /// Drops the watchers whose calls have ended (cancelled, timed out, the client freed);
    /// with none left, a poll in flight is cut short.
    fn forget_ended(&self) {
        let mut state = self.lock();
        state.watchers.retain(|e| !e.watcher.slot.flag.is_over());
        if state.watchers.is_empty() {
            if let Some(flag) = state.in_flight.take() {
                flag.cancel();
            }
        }
    }
}

impl Watcher {
    /// Makes what was decided for it: its changes handed over, and its end when it ends.
    fn settle(&self, ending: Ending) {
        match ending {
            Ending::Not => self.outbox.deliver(),
            Ending::With(end) => {
                let result = end.map(|record| {
                    *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(record);
                    String::new()
                });
                self.client.calls().finish(self.slot.id, result);
            }
        }
    }

    /// At the deadline it ends `timeout`.
    fn on_deadline(self: Arc<Self>) {
        let ms = self.timeout_ms.unwrap_or_default();
        let error = Error::new(
            ErrorKind::Timeout,
            format!("the watch timed out after {ms} ms"),
        );
        self.client.calls().finish(self.slot.id, Err(error));
    }
}
