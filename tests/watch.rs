//! Watching the setup session against the simulator: each change of a scripted session once,
//! in order; the deadline, cancels, the one-shot next change; no busy loop; shared polls.

mod common;

use beeper_setup::{Change, ErrorKind, Step, WatchEvent, WatchParams};
use common::Fixture;
use serde_json::json;
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn every(ms: u64) -> WatchParams {
    WatchParams {
        interval_ms: Some(ms),
        ..WatchParams::default()
    }
}

/// The state of a change, and its verification's (`-` without one).
fn shown(change: &Change) -> (String, String) {
    let verification = change.session.verification.as_ref();
    (
        change.session.state.as_str().to_owned(),
        verification.map_or("-".to_owned(), |v| v.state.as_str().to_owned()),
    )
}

struct Watcher {
    events: mpsc::Receiver<WatchEvent>,
    sequences: Vec<u64>,
}

impl Watcher {
    fn start(
        fx_client: &beeper_setup::Client,
        params: WatchParams,
    ) -> (Watcher, beeper_setup::CallHandle) {
        let (tx, events) = mpsc::channel();
        let handle = fx_client
            .setup()
            .watch_with(params, move |event| tx.send(event).unwrap())
            .unwrap();
        let watcher = Watcher {
            events,
            sequences: Vec::new(),
        };
        (watcher, handle)
    }

    /// The next event, which must be a change showing `state` and `verification`, and nothing
    /// else after it for a few polls.
    fn expect(&mut self, state: &str, verification: &str) -> Change {
        let event = self.events.recv_timeout(Duration::from_secs(5)).unwrap();
        let WatchEvent::Change(change) = event else {
            panic!("expected {state}/{verification}, got {event:?}");
        };
        assert_eq!(shown(&change), (state.to_owned(), verification.to_owned()));
        self.sequences.push(change.sequence);
        if let Ok(extra) = self.events.recv_timeout(Duration::from_millis(100)) {
            panic!("a change seen twice or made up: {extra:?}");
        }
        change
    }

    fn end(&mut self) -> beeper_setup::Result<Change> {
        match self.events.recv_timeout(Duration::from_secs(5)).unwrap() {
            WatchEvent::End(end) => end,
            other => panic!("expected the end, got {other:?}"),
        }
    }
}

#[test]
fn each_change_of_a_scripted_session_arrives_once_in_order() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (mut w, _handle) = Watcher::start(&client, every(20));
    w.expect("needs-login", "-");
    fx.sign_in(&client, "existing@example.com");
    w.expect("needs-verification", "-");
    fx.post("/_sim/other-device/request", json!({}));
    let first = w.expect("needs-verification", "requested");
    fx.post("/_sim/other-device/cancel", json!({"code": "m.user"}));
    w.expect("needs-verification", "cancelled");
    fx.post("/_sim/other-device/request", json!({}));
    let second = w.expect("needs-verification", "requested");
    assert_ne!(
        first.session.verification.unwrap().id,
        second.session.verification.unwrap().id
    );
    client.verifications().accept("active").unwrap();
    w.expect("needs-verification", "ready");
    client.verifications().sas_start("active").unwrap();
    let sas = w.expect("needs-verification", "sas_ready");
    assert_eq!(sas.next_step.action.as_deref(), Some("compare-emojis"));
    fx.post("/_sim/other-device/confirm", json!({}));
    client.verifications().sas_confirm("active").unwrap();
    let after_sas = w.events.recv_timeout(Duration::from_secs(5)).unwrap();
    let WatchEvent::Change(after_sas) = after_sas else {
        panic!("{after_sas:?}")
    };
    w.sequences.push(after_sas.sequence);
    fx.post("/_sim/first-sync", json!({}));
    let done = w.end().unwrap();
    assert!(done.is_done());
    assert_eq!(done.next_step.step, Step::Done);
    w.sequences.push(done.sequence);
    let first = w.sequences[0];
    let expected: Vec<u64> = (first..first + w.sequences.len() as u64).collect();
    assert_eq!(w.sequences, expected, "one more per change");
    assert!(w.events.recv_timeout(Duration::from_millis(100)).is_err());
}

#[test]
fn the_iterator_ends_at_its_deadline_after_the_changes() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let t = Instant::now();
    let params = WatchParams {
        timeout_ms: Some(300),
        ..every(20)
    };
    let seen: Vec<_> = client.setup().watch(params).unwrap().collect();
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(shown(seen[0].as_ref().unwrap()).0, "needs-login");
    assert_eq!(seen[1].as_ref().unwrap_err().kind, ErrorKind::Timeout);
}

#[test]
fn a_cancel_ends_a_watch_at_once_and_only_that_one() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (mut one, one_handle) = Watcher::start(&client, every(20));
    let (mut other, other_handle) = Watcher::start(&client, every(20));
    one.expect("needs-login", "-");
    other.expect("needs-login", "-");
    let t = Instant::now();
    one_handle.cancel();
    assert_eq!(one.end().unwrap_err().kind, ErrorKind::Cancelled);
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(other
        .events
        .recv_timeout(Duration::from_millis(100))
        .is_err());
    fx.sign_in(&client, "existing@example.com");
    other.expect("needs-verification", "-");
    // The client's cancel ends the iterator form too, from another thread.
    let mut watch = client.setup().watch(every(20)).unwrap();
    assert!(watch.next().unwrap().is_ok());
    let canceller = client.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        canceller.cancel();
    });
    assert_eq!(
        watch.next().unwrap().unwrap_err().kind,
        ErrorKind::Cancelled
    );
    assert!(watch.next().is_none());
    assert_eq!(other.end().unwrap_err().kind, ErrorKind::Cancelled);
    drop(other_handle);
}

#[test]
fn next_change_waits_for_a_change_after_the_session_given() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    let now = client.setup().next_change("null", every(20));
    assert_eq!(now.unwrap_err().kind, ErrorKind::InvalidArgument);
    let session = client.setup().retrieve().unwrap();
    let session_json = serde_json::to_string(&session).unwrap();
    let steer = fx.url().to_owned();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        ureq::post(format!("{steer}/_sim/other-device/request"))
            .send_empty()
            .unwrap();
    });
    let t = Instant::now();
    let change = client
        .setup()
        .next_change(&session_json, every(20))
        .unwrap();
    assert!(t.elapsed() >= Duration::from_millis(150));
    assert_eq!(shown(&change).1, "requested");
    // After that change, the next one is the one after it (none yet: the deadline).
    let change_json = json!({"sequence": change.sequence,
        "session": serde_json::to_value(&change.session).unwrap()})
    .to_string();
    let params = WatchParams {
        timeout_ms: Some(200),
        ..every(20)
    };
    let e = client
        .setup()
        .next_change(&change_json, params)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
}

#[test]
fn a_watch_polls_no_faster_than_its_interval_whatever_the_state() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    fx.post("/_sim/other-device/request", json!({}));
    client.verifications().accept("active").unwrap();
    client.verifications().sas_start("active").unwrap();
    client.verifications().sas_confirm("active").unwrap();
    // sas_ready, waiting for the other device: a state that stays.
    let before = fx.requests();
    let params = WatchParams {
        timeout_ms: Some(1000),
        ..every(100)
    };
    let changes = client.setup().watch(params).unwrap().count();
    let polls = fx.requests() - before;
    assert_eq!(changes, 2, "the session, then the deadline");
    assert!((8..=12).contains(&polls), "{polls} polls in 1 s at 100 ms");
}

#[test]
fn a_thousand_watchers_share_one_poll_per_interval() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let before = fx.requests();
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..1000)
        .map(|_| {
            let tx = tx.clone();
            let params = WatchParams {
                timeout_ms: Some(1000),
                ..every(100)
            };
            client
                .start_watch(params, move |event| {
                    tx.send(matches!(event, WatchEvent::End(_))).unwrap()
                })
                .unwrap()
        })
        .collect();
    let events: Vec<bool> = (0..2000)
        .map(|_| rx.recv_timeout(Duration::from_secs(5)).unwrap())
        .collect();
    assert_eq!(events.iter().filter(|end| **end).count(), 1000);
    let polls = fx.requests() - before;
    assert!((8..=12).contains(&polls), "{polls} polls for 1000 watchers");
    drop(handles);
}

#[test]
fn a_watch_rides_out_a_restart() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (mut w, _handle) = Watcher::start(&client, every(20));
    w.expect("needs-login", "-");
    // Beeper restarting: three polls answered 503, then it is back.
    fx.fault(json!({"status": 503, "count": 3}));
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(
        fx.get("/_sim/faults")["remaining"],
        0,
        "the polls met the faults"
    );
    fx.sign_in(&client, "existing@example.com");
    w.expect("needs-verification", "-");
}

#[test]
fn a_refused_token_ends_a_watch_and_a_missing_one_is_waited_for() {
    let fx = Fixture::new();
    fx.sign_in(&fx.client(json!({})), "existing@example.com");
    // The token held is refused: that is an answer, and the watch ends with it.
    let wrong = fx.client(json!({"accessToken": "not-the-token"}));
    let mut watch = wrong.setup().watch(every(20)).unwrap();
    let e = watch.next().unwrap().unwrap_err();
    assert_eq!(e.status, Some(401));
    assert!(watch.next().is_none());
    // No token yet (a sign-in ending elsewhere on the client): polled on, slower and slower,
    // until the deadline.
    let none = fx.client(json!({}));
    let before = fx.requests();
    let params = WatchParams {
        timeout_ms: Some(1000),
        ..every(20)
    };
    let seen: Vec<_> = none.setup().watch(params).unwrap().collect();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].as_ref().unwrap_err().kind, ErrorKind::Timeout);
    let polls = fx.requests() - before;
    assert!(
        (3..=8).contains(&polls),
        "{polls} polls in 1 s backing off from 20 ms"
    );
}

#[test]
fn no_poll_outlives_the_watches_a_cancel_ended() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let canceller = client.clone();
    let cancelling = std::thread::spawn(move || {
        for _ in 0..100 {
            canceller.cancel();
            std::thread::sleep(Duration::from_millis(1));
        }
    });
    let (tx, rx) = mpsc::channel();
    let mut started = 0;
    for _ in 0..200 {
        std::thread::sleep(Duration::from_micros(500));
        let tx = tx.clone();
        let ended = move |event| {
            if let WatchEvent::End(_) = event {
                tx.send(()).unwrap();
            }
        };
        if client.start_watch(every(20), ended).is_ok() {
            started += 1;
        }
    }
    cancelling.join().unwrap();
    client.cancel();
    for _ in 0..started {
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
    }
    // Every watch has ended: the polls stop (one may still have been in flight).
    std::thread::sleep(Duration::from_millis(100));
    let before = fx.requests();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        fx.requests() - before <= 1,
        "polls went on after every watch ended"
    );
    assert_eq!(client.calls_in_progress(), 0);
}
