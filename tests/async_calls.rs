//! Calls started without blocking: each ends exactly once, as the blocking call would, and its
//! cancel ends that call only, before sending, in a retry pause, during a wait and in flight.
//! Custom requests start the same way.

mod common;

use beeper_setup::{CallOptions, Client, ErrorKind, Method, Operation, Result, WaitParams};
use common::Fixture;
use serde_json::json;
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// Starts `op` and returns its handle and where its one outcome arrives.
fn start(
    client: &Client,
    op: Operation,
    id: Option<&str>,
    params: Option<&str>,
    options: Option<CallOptions>,
) -> (beeper_setup::CallHandle, Receiver<Result<String>>) {
    let (tx, rx) = channel();
    let handle = client
        .start_call(op, id, params, options, move |r| tx.send(r).unwrap())
        .expect("started");
    (handle, rx)
}

fn start_request(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&str>,
    options: Option<CallOptions>,
) -> (beeper_setup::CallHandle, Receiver<Result<String>>) {
    let (tx, rx) = channel();
    let handle = client
        .start_request(method, path, body, options, move |r| tx.send(r).unwrap())
        .expect("started");
    (handle, rx)
}

fn start_wait(
    client: &Client,
    params: WaitParams,
) -> (beeper_setup::CallHandle, Receiver<Result<String>>) {
    let (tx, rx) = channel();
    let handle = client
        .start_wait(params, move |r| tx.send(r).unwrap())
        .expect("started");
    (handle, rx)
}

/// Cancels the call and checks that it ends `cancelled` at once: within a second, far from the
/// pause, hang or deadline that a missed cancel would wait for (a loaded machine can take
/// tens of milliseconds to run the completion).
fn ends_cancelled_at_once(handle: &beeper_setup::CallHandle, rx: &Receiver<Result<String>>) {
    let t = Instant::now();
    handle.cancel();
    let e = rx
        .recv_timeout(Duration::from_secs(2))
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
}

/// Waits until the simulator has counted `n` requests.
fn until_requests(fx: &Fixture, n: u64) {
    let until = Instant::now() + Duration::from_secs(10);
    while fx.requests() < n {
        assert!(Instant::now() < until, "the request never arrived");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn an_async_call_answers_what_the_blocking_call_answers_exactly_once() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let blocking = client.call(Operation::SetupRetrieve, None, None).unwrap();
    let (_, rx) = start(&client, Operation::SetupRetrieve, None, None, None);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap(),
        blocking
    );
    // With options: the raw answer.
    let options = CallOptions::from_json(r#"{"raw": true}"#).unwrap();
    let (_, rx) = start(&client, Operation::SetupStart, None, None, Some(options));
    let raw: serde_json::Value =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap()).unwrap();
    assert_eq!(raw["status"], 200);
    // An answer slower than the slices its reads wait in still arrives.
    fx.fault(json!({"delayMs": 300, "count": 1}));
    let (_, rx) = start(&client, Operation::SetupRetrieve, None, None, None);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap(),
        blocking
    );
    // The completion ran once: its sender is gone with it.
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    // Errors the blocking call reports before sending are returned at once, nothing sent.
    let before = fx.requests();
    let e = client
        .start_call(Operation::SetupEmail, None, Some("{}"), None, |_| {
            panic!("ran")
        })
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
    let e = client
        .start_wait(
            WaitParams {
                timeout_ms: 0,
                ..WaitParams::default()
            },
            |_| panic!("ran"),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
    assert_eq!(fx.requests(), before);
}

#[test]
fn cancel_in_a_retry_pause_ends_at_once_and_sends_nothing_more() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"status": 503, "retryAfterMs": 5000, "count": 1}));
    let (handle, rx) = start(&client, Operation::SetupRetrieve, None, None, None);
    until_requests(&fx, 1);
    std::thread::sleep(Duration::from_millis(50));
    ends_cancelled_at_once(&handle, &rx);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(fx.requests(), 1, "a retry went out after the cancel");
}

#[test]
fn cancel_in_flight_ends_at_once_and_spares_the_other_calls() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"hang": true, "count": 1}));
    let (hung, hung_rx) = start(&client, Operation::SetupRetrieve, None, None, None);
    until_requests(&fx, 1);
    // Another call of the same client, pausing between polls, and a blocking call beside.
    let (_other, other_rx) = start_wait(
        &client,
        WaitParams {
            until: vec!["needs-login".into()],
            interval_ms: 50,
            timeout_ms: 5000,
            ..WaitParams::default()
        },
    );
    ends_cancelled_at_once(&hung, &hung_rx);
    other_rx
        .recv_timeout(Duration::from_secs(5))
        .unwrap()
        .unwrap();
    client.call(Operation::SetupRetrieve, None, None).unwrap();
    let sent = fx.requests();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(fx.requests(), sent, "the cancelled call retried");
}

#[test]
fn a_cancelled_wait_ends_at_once_and_polls_no_more() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (handle, rx) = start_wait(
        &client,
        WaitParams {
            interval_ms: 200,
            timeout_ms: 60_000,
            ..WaitParams::default()
        },
    );
    until_requests(&fx, 1);
    std::thread::sleep(Duration::from_millis(50));
    ends_cancelled_at_once(&handle, &rx);
    let sent = fx.requests();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(fx.requests(), sent, "the wait polled after its cancel");
    assert!(handle.is_over());
}

#[test]
fn a_wait_ends_at_its_deadline_while_its_poll_hangs() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.fault(json!({"hang": true, "count": 1}));
    let t = Instant::now();
    let (_h, rx) = start_wait(
        &client,
        WaitParams {
            timeout_ms: 300,
            ..WaitParams::default()
        },
    );
    let e = rx
        .recv_timeout(Duration::from_secs(5))
        .unwrap()
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    // At its 300 ms deadline, not when the client's 30 s timeout ends the hung poll.
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
}

#[test]
fn the_client_cancel_ends_every_async_call_of_that_client_only() {
    let fx = Fixture::new();
    let (a, b) = (fx.client(json!({})), fx.client(json!({})));
    let long = || WaitParams {
        timeout_ms: 60_000,
        interval_ms: 100,
        ..WaitParams::default()
    };
    let (_h1, rx1) = start_wait(&a, long());
    let (_h2, rx2) = start_wait(&a, long());
    let (hb, rxb) = start_wait(&b, long());
    std::thread::sleep(Duration::from_millis(100));
    a.cancel();
    for rx in [rx1, rx2] {
        let e = rx
            .recv_timeout(Duration::from_secs(1))
            .unwrap()
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Cancelled);
    }
    assert!(
        rxb.recv_timeout(Duration::from_millis(300)).is_err(),
        "another client's wait ended"
    );
    hb.cancel();
    assert_eq!(
        rxb.recv_timeout(Duration::from_secs(1))
            .unwrap()
            .unwrap_err()
            .kind,
        ErrorKind::Cancelled
    );
}

#[test]
fn end_calls_runs_every_completion_before_it_returns() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (tx, rx) = channel();
    for _ in 0..20 {
        let tx = tx.clone();
        client
            .start_wait(WaitParams::default(), move |r| {
                tx.send(r.unwrap_err().kind).unwrap()
            })
            .unwrap();
    }
    drop(tx);
    std::thread::sleep(Duration::from_millis(50));
    client.end_calls();
    let kinds: Vec<_> = rx.try_iter().collect();
    assert_eq!(kinds, vec![ErrorKind::Cancelled; 20]);
    assert_eq!(client.calls_in_progress(), 0);
}

#[test]
fn a_custom_request_started_without_blocking_answers_what_request_answers() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let none = CallOptions::default();
    let blocking = client
        .request(Method::Get, "/v1/app/setup", None, &none)
        .unwrap();
    let (_, rx) = start_request(&client, Method::Get, "/v1/app/setup", None, None);
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap(),
        blocking
    );
    assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    // A body, with the options: the raw answer, the extra body and query as sent.
    let options =
        CallOptions::from_json(r#"{"raw": true, "extraBody": {"b": 2}, "extraQuery": {"q": "a"}}"#)
            .unwrap();
    let (_, rx) = start_request(
        &client,
        Method::Post,
        "/v1/app/setup/start",
        Some(r#"{"a": [1]}"#),
        Some(options),
    );
    let raw: serde_json::Value =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(10)).unwrap().unwrap()).unwrap();
    assert_eq!(raw["status"], 200);
    assert_eq!(raw["request"]["method"], "POST");
    assert!(raw["body"]["setupRequestID"].is_string(), "{raw}");
    let seen = fx.get("/_sim/last-request");
    assert_eq!(seen["body"], json!({"a": [1], "b": 2}));
    assert_eq!(seen["query"], json!({"q": "a"}));
    // An error status is the same api error.
    let (_, rx) = start_request(&client, Method::Patch, "/v1/nowhere", Some("{}"), None);
    let e = rx
        .recv_timeout(Duration::from_secs(10))
        .unwrap()
        .unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(404)), "{e}");
    // What request refuses before sending is refused at once, with the same error, unsent.
    let before = fx.requests();
    for (method, path, body) in [
        (Method::Get, "v1/app/setup", None),
        (Method::Get, "/v1/../x", None),
        (Method::Get, "http://other.example/v1", None),
        (Method::Post, "/v1/x", Some("{nope")),
        (Method::Get, "/v1/x", Some("{}")),
    ] {
        let refused = client.request(method, path, body, &none).unwrap_err();
        let e = client
            .start_request(method, path, body, None, |_| panic!("ran"))
            .unwrap_err();
        assert_eq!((e.kind, &e.message), (refused.kind, &refused.message));
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{path}");
    }
    assert_eq!(fx.requests(), before);
    // Plain http off loopback is refused before connecting, as the blocking request refuses it.
    let far = Client::from_json(r#"{"baseURL": "http://192.0.2.1:9"}"#).unwrap();
    let e = far
        .start_request(Method::Get, "/v1/app/setup", None, None, |_| panic!("ran"))
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument, "{e}");
    assert!(e.message.contains("allowInsecureHttp"), "{e}");
}

#[test]
fn a_custom_request_in_flight_or_in_a_retry_pause_ends_at_its_cancel() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"hang": true, "count": 1}));
    let (hung, rx) = start_request(&client, Method::Get, "/v1/app/setup", None, None);
    until_requests(&fx, 1);
    ends_cancelled_at_once(&hung, &rx);
    fx.fault(json!({"status": 503, "retryAfterMs": 5000, "count": 1}));
    let (paused, rx) = start_request(&client, Method::Get, "/v1/app/setup", None, None);
    until_requests(&fx, 2);
    std::thread::sleep(Duration::from_millis(50));
    ends_cancelled_at_once(&paused, &rx);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(fx.requests(), 2, "a retry went out after the cancel");
}
