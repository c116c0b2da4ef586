//! A thread's interrupt check ends its blocking calls while they wait (for the server, for a
//! pause before a retry, between a wait's polls), and nothing more is sent for them; a check that
//! lets the call go on leaves it unchanged; other threads are not touched.

mod common;

use beeper_setup::models::ResponseParams;
use beeper_setup::{set_thread_interrupt_check, ErrorKind, Operation, Secret, WaitParams};
use common::Fixture;
use serde_json::json;
use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// A check that asks to end the call once `after` has passed, counting how often it was asked.
fn end_after(after: Duration) -> Rc<Cell<u32>> {
    let asked = Rc::new(Cell::new(0));
    let count = asked.clone();
    let start = Instant::now();
    set_thread_interrupt_check(Some(Box::new(move || {
        count.set(count.get() + 1);
        start.elapsed() >= after
    })));
    asked
}

#[test]
fn a_check_ends_a_call_waiting_for_a_server_that_does_not_answer() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"hang": true}));
    let sent = fx.requests();
    let asked = end_after(Duration::from_millis(200));
    let t = Instant::now();
    let e = client.setup().retrieve().unwrap_err();
    let took = t.elapsed();
    set_thread_interrupt_check(None);
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    assert!(e.message.contains("interrupted"), "{e}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(asked.get() >= 1, "asked {} times", asked.get());
    // Neither retried nor sent again.
    assert_eq!(fx.requests(), sent + 1);
    client.setup().retrieve().expect("the client still works");
}

#[test]
fn a_check_ends_a_pause_before_a_retry() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"status": 503, "retryAfter": "30", "count": 3}));
    let sent = fx.requests();
    end_after(Duration::from_millis(200));
    let t = Instant::now();
    let e = client.setup().retrieve().unwrap_err();
    set_thread_interrupt_check(None);
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(fx.requests(), sent + 1, "one attempt, no retry");
}

#[test]
fn a_check_ends_a_wait() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    end_after(Duration::from_millis(200));
    let t = Instant::now();
    let e = client
        .wait(&WaitParams {
            until: vec!["never".into()],
            timeout_ms: 20_000,
            interval_ms: 10_000,
            ..WaitParams::default()
        })
        .unwrap_err();
    set_thread_interrupt_check(None);
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_check_that_lets_the_call_go_on_changes_nothing() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.fault(json!({"delayMs": 300}));
    // It may call the library itself: that call is not interrupted, and not asked about.
    let inner = fx.client(json!({}));
    let asked = Rc::new(Cell::new(0));
    let count = asked.clone();
    set_thread_interrupt_check(Some(Box::new(move || {
        count.set(count.get() + 1);
        inner.call(Operation::SetupRetrieve, None, None).is_err()
    })));
    let answer = client.call(Operation::SetupRetrieve, None, None);
    set_thread_interrupt_check(None);
    assert!(answer.is_ok(), "{answer:?}");
    assert!(asked.get() >= 1, "asked {} times", asked.get());
}

#[test]
fn other_threads_are_not_interrupted() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    end_after(Duration::ZERO);
    fx.fault(json!({"delayMs": 200}));
    let elsewhere = std::thread::spawn(move || client.call(Operation::SetupRetrieve, None, None));
    assert!(elsewhere.join().unwrap().is_ok());
    set_thread_interrupt_check(None);
}

#[test]
fn a_call_the_check_makes_does_not_hide_what_the_interrupted_call_sent() {
    // A sign-in slower than its timeout is sent once (its answer exists once), also when the
    // check made a call of its own meanwhile, which failed before sending anything.
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2, "timeoutMs": 600}));
    let (id, code) = fx.emailed(&client, "existing@example.com");
    let nowhere = beeper_setup::Client::from_json(
        &json!({"baseURL": "http://127.0.0.1:1", "maxRetries": 0}).to_string(),
    )
    .unwrap();
    set_thread_interrupt_check(Some(Box::new(move || {
        assert!(nowhere.setup().retrieve().is_err());
        false
    })));
    fx.fault(json!({"delayMs": 1500}));
    let sent = |fx: &Fixture| {
        fx.get("/_sim/stats")["byEndpoint"]["POST /v1/app/setup/response"]
            .as_u64()
            .unwrap_or(0)
    };
    let before = sent(&fx);
    let e = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new(code),
            setup_request_id: id,
        })
        .unwrap_err();
    set_thread_interrupt_check(None);
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(e.message.contains("not sent again"), "{e}");
    std::thread::sleep(Duration::from_millis(1200));
    assert_eq!(sent(&fx) - before, 1);
}
