//! Watching the setup session (`client.setup().watch(..)`): each change of the session (its
//! state, a verification appearing, changing state, ending) delivered once, in order, with a
//! sequence number and its `next_step`. The polls are the client's, shared by every watcher of
//! it ([`feed`]); each watcher receives its changes through its own ordered [`outbox`].

mod feed;
mod outbox;

pub(crate) use feed::Feed;

use crate::api::{next_step_with, object_or_default, Change, Step, StepOptions};
use crate::call::nonblocking::{CallHandle, Publish};
use crate::error::{json_error_message, Error, ErrorKind, Result};
use crate::models::Session;
use crate::Client;
use once_cell::sync::Lazy;
use serde::Deserialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What a watch is given: its pace, its deadline, and where it starts.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WatchParams {
    /// Give up after this long (error kind `timeout`). Default: no deadline; the watch ends
    /// when setup is done or it is cancelled.
    #[serde(default)]
    pub timeout_ms: Option<u64>,
    /// The least time between two polls. Default 500 ms, as `wait`'s.
    #[serde(default)]
    pub interval_ms: Option<u64>,
    /// Start after this change (a [`Change`] as JSON) or session (a `Session` as JSON): the
    /// first change delivered is the next one. Without it, the first change is the session as
    /// it is at the watch's first poll.
    #[serde(default)]
    pub after: Option<Value>,
}

impl WatchParams {
    /// Parses the JSON form; `null` or empty means the defaults.
    pub fn from_json(text: Option<&str>) -> Result<Self> {
        let params: WatchParams = object_or_default(text.unwrap_or_default(), "watch params")?;
        params.check()?;
        Ok(params)
    }

    fn check(&self) -> Result<()> {
        if self.interval_ms == Some(0) || self.timeout_ms == Some(0) {
            return Err(Error::invalid(
                "timeoutMs and intervalMs must be greater than 0",
            ));
        }
        self.start().map(drop)
    }

    fn interval(&self) -> Duration {
        Duration::from_millis(self.interval_ms.unwrap_or(DEFAULT_INTERVAL_MS))
    }

    fn deadline(&self) -> Option<Instant> {
        self.timeout_ms
            .map(|ms| Instant::now() + Duration::from_millis(ms))
    }

    /// Where the watch starts, from `after`.
    fn start(&self) -> Result<Start> {
        let Some(after) = &self.after else {
            return Ok(Start::Now);
        };
        let sequence = after.get("sequence").and_then(Value::as_u64);
        let session = match after.get("session") {
            Some(inner) if after.get("state").is_none() => inner,
            _ => after,
        };
        let session = Session::deserialize(session).map_err(|e| {
            Error::invalid(format!(
                "after is neither a change nor a session: {}",
                json_error_message(&e)
            ))
        })?;
        Ok(Start::After {
            sequence,
            key: Key::of(&session),
        })
    }
}

/// The default pause between polls, as `wait`'s.
const DEFAULT_INTERVAL_MS: u64 = 500;

/// Where a watcher starts.
#[derive(Clone, Debug)]
enum Start {
    /// With the session as the next poll finds it.
    Now,
    /// With the first change after this one (by its sequence when it is one of this client's
    /// changes, else by what it shows).
    After { sequence: Option<u64>, key: Key },
}

/// What makes two sessions one change or two: the session's state and the verification's id,
/// state and error code.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Key {
    state: String,
    verification: Option<(String, String, Option<String>)>,
}

impl Key {
    fn of(session: &Session) -> Key {
        Key {
            state: session.state.as_str().to_owned(),
            verification: session.verification.as_ref().map(|v| {
                (
                    v.id.clone(),
                    v.state.as_str().to_owned(),
                    v.error.as_ref().map(|e| e.code.clone()),
                )
            }),
        }
    }
}

impl Change {
    /// Whether setup is done: a watch ends with this change.
    pub fn is_done(&self) -> bool {
        self.next_step.step == Step::Done
    }
}

/// A change as the feed keeps it: typed, and its JSON made once for every watcher in C.
pub(crate) struct Record {
    change: Change,
    key: Key,
    /// `{"sequence": n, "session": <as sent>, "nextStep": {...}}`.
    json: String,
}

impl Record {
    /// The change of `text`, its step read with `options` (the client's own cancels).
    fn new(sequence: u64, text: &str, options: &StepOptions) -> Result<Record> {
        let session: Session = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                format!("setup.retrieve: {}", json_error_message(&e)),
            )
        })?;
        let next_step = next_step_with(&session, options);
        let step = serde_json::to_string(&next_step)
            .map_err(|e| Error::internal(format!("could not encode the step: {e}")))?;
        let [sequence_key, session_key, next_step_key] = &*CHANGE_KEYS;
        Ok(Record {
            json: format!("{sequence_key}{sequence}{session_key}{text}{next_step_key}{step}}}"),
            key: Key::of(&session),
            change: Change {
                sequence,
                session,
                next_step,
            },
        })
    }

    /// The change as JSON.
    pub(crate) fn json(&self) -> &str {
        &self.json
    }
}

/// What the JSON of a change says before each of its values (`{"sequence":`, `,"session":`,
/// `,"nextStep":`), with the names `Change` is declared with.
static CHANGE_KEYS: Lazy<[String; 3]> = Lazy::new(|| {
    let [sequence, session, next_step] = Change::wire_names();
    [
        format!("{{\"{sequence}\":"),
        format!(",\"{session}\":"),
        format!(",\"{next_step}\":"),
    ]
});

/// What a watch's callback receives.
#[derive(Debug)]
pub enum WatchEvent {
    /// A change; more may follow.
    Change(Change),
    /// The end: the last change (setup is done, or a one-shot's change), or why it ended
    /// (`Cancelled`, `Timeout`, an error the polls cannot ride out).
    End(Result<Change>),
}

/// A change or the end, before it is turned into what a caller receives.
pub(crate) enum Delivery {
    Change(Arc<Record>),
    End(Result<Arc<Record>>),
}

/// What [`Client::start_watch`] does: a watch of the feed's records, each turned into its
/// change.
pub(crate) fn start_watch(
    client: &Client,
    params: WatchParams,
    mut on_event: impl FnMut(WatchEvent) + Send + 'static,
) -> Result<CallHandle> {
    start_watch_records(
        client,
        params,
        false,
        move |delivery| {
            on_event(match delivery {
                Delivery::Change(r) => WatchEvent::Change(r.change.clone()),
                Delivery::End(end) => WatchEvent::End(end.map(|r| r.change.clone())),
            })
        },
        &mut |_| {},
    )
}

/// [`start_watch`](Client::start_watch) with the feed's records; `once` ends it with its
/// first change. The handle goes to `publish` before anything can be delivered.
pub(crate) fn start_watch_records(
    client: &Client,
    params: WatchParams,
    once: bool,
    on_delivery: impl FnMut(Delivery) + Send + 'static,
    publish: Publish<'_>,
) -> Result<CallHandle> {
    params.check()?;
    feed::watch(client, &params, once, Box::new(on_delivery), publish)
}

/// The next change after `params.after` (or the session as it is now, without it),
/// blocking: what a watch would deliver first. Ended by [`Client::cancel`] and by the
/// thread's interrupt check as blocking calls are.
pub(crate) fn next_change_record(client: &Client, params: WatchParams) -> Result<Arc<Record>> {
    let epoch = client.canceller().epoch();
    let slot: Arc<Mutex<Option<Result<Arc<Record>>>>> = Arc::default();
    let filled = slot.clone();
    let waker = client.clone();
    let handle = start_watch_records(
        client,
        params,
        true,
        move |delivery| {
            if let Delivery::End(end) = delivery {
                *filled.lock().unwrap_or_else(PoisonError::into_inner) = Some(end);
                waker.canceller().wake();
            }
        },
        &mut |_| {},
    )?;
    wait_for(client, &handle, epoch, || {
        slot.lock().unwrap_or_else(PoisonError::into_inner).take()
    })?
}

/// Sleeps until `ready` has something; a cancel of the client (or the thread's interrupt
/// check) cancels the watch behind `handle` and ends with `Cancelled`.
fn wait_for<T>(
    client: &Client,
    handle: &CallHandle,
    epoch: u64,
    ready: impl FnMut() -> Option<T>,
) -> Result<T> {
    // The watch has its own deadline: this one only bounds each sleep.
    let far = Instant::now() + Duration::from_secs(86_400 * 365);
    match client.canceller().sleep_until(epoch, far, ready) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(Error::new(ErrorKind::Timeout, "the watch did not end")),
        Err(e) => {
            handle.cancel();
            Err(e)
        }
    }
}

/// What [`SetupApi::watch`] does: a watch whose events queue up for the iterator.
pub(crate) fn watch(client: &Client, params: WatchParams) -> Result<Watch> {
    let queue: Arc<Mutex<VecDeque<WatchEvent>>> = Arc::default();
    let (sink, waker) = (queue.clone(), client.clone());
    let epoch = client.canceller().epoch();
    let handle = client.start_watch(params, move |event| {
        sink.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push_back(event);
        waker.canceller().wake();
    })?;
    Ok(Watch {
        client: client.clone(),
        handle,
        queue,
        epoch,
        ended: false,
    })
}

/// What [`SetupApi::next_change`] does: `after` read, then the first change a watch after it
/// delivers.
pub(crate) fn next_change(client: &Client, after: &str, mut params: WatchParams) -> Result<Change> {
    let after: Value = serde_json::from_str(after)
        .map_err(|e| Error::invalid(format!("after is {}", json_error_message(&e))))?;
    params.after = Some(after);
    Ok(next_change_record(client, params)?.change.clone())
}

/// A watch of the setup session, as an iterator (see [`SetupApi::watch`](crate::SetupApi::watch)).
#[derive(Debug)]
pub struct Watch {
    client: Client,
    handle: CallHandle,
    queue: Arc<Mutex<VecDeque<WatchEvent>>>,
    epoch: u64,
    ended: bool,
}

impl Watch {
    /// Ends the watch: the iterator yields a `Cancelled` error, then nothing.
    pub fn cancel(&self) {
        self.handle.cancel();
    }

    /// The handle of the watch, to cancel it from another thread.
    pub fn handle(&self) -> &CallHandle {
        &self.handle
    }
}

impl Iterator for Watch {
    type Item = Result<Change>;

    fn next(&mut self) -> Option<Result<Change>> {
        if self.ended {
            return None;
        }
        let queue = self.queue.clone();
        let event = wait_for(&self.client, &self.handle, self.epoch, || {
            queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop_front()
        });
        match event {
            Ok(WatchEvent::Change(change)) => Some(Ok(change)),
            Ok(WatchEvent::End(end)) => {
                self.ended = true;
                Some(end)
            }
            Err(e) => {
                self.ended = true;
                Some(Err(e))
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.handle.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changes_hand_made_json_is_what_its_declared_type_writes() {
        let session = r#"{"state":"needs-login","e2ee":{"crossSigning":false,
            "firstSyncDone":false,"hasBackedUpRecoveryKey":false,"initialized":false,
            "keyBackup":false,"secretStorage":false,"verified":false,"secrets":{"masterKey":false,
            "megolmBackupKey":false,"recoveryKey":false,"selfSigningKey":false,
            "userSigningKey":false}},"futureField":[1]}"#;
        let record = Record::new(7, session, &StepOptions::default()).unwrap();
        let written: Value = serde_json::from_str(record.json()).unwrap();
        assert_eq!(written, serde_json::to_value(&record.change).unwrap());
        assert_eq!(written["session"]["futureField"], serde_json::json!([1]));
        let read: Change = serde_json::from_str(record.json()).unwrap();
        assert_eq!(read, record.change);
    }
}
