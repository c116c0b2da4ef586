//! `wait` and `cancel` against the simulator.

mod common;

use beeper_setup::{next_step_json, ErrorKind, WaitParams};
use beeper_setup_sim::SimOptions;
use common::Fixture;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn params(until: &[&str], timeout_ms: u64) -> WaitParams {
    WaitParams {
        until: until.iter().map(|s| s.to_string()).collect(),
        timeout_ms,
        interval_ms: 20,
        ..WaitParams::default()
    }
}

#[test]
fn wait_returns_at_once_when_the_state_is_already_reached() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let text = client.wait(&params(&["needs-login"], 1000)).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["state"],
        "needs-login"
    );
}

#[test]
fn wait_times_out_with_the_last_state() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let t = Instant::now();
    let e = client.wait(&params(&["ready"], 150)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.message.contains("needs-login"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn cancel_from_another_thread_ends_every_wait_promptly() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let waiters: Vec<_> = (0..3)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || {
                let e = c.wait(&params(&["ready"], 60_000)).unwrap_err();
                (e.kind, Instant::now())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let cancelled_at = Instant::now();
    client.cancel();
    for w in waiters {
        let (kind, ended) = w.join().unwrap();
        assert_eq!(kind, ErrorKind::Cancelled);
        let lag = ended.duration_since(cancelled_at);
        println!("cancel took {lag:?}");
        assert!(lag < Duration::from_secs(1), "{lag:?}");
    }
    // A wait that starts after the cancel is not affected.
    client.wait(&params(&["needs-login"], 1000)).unwrap();
}

#[test]
fn cancel_ends_a_wait_stuck_on_a_hanging_server() {
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 30_000}));
    fx.fault(json!({"count": 1, "hang": true}));
    let c = client.clone();
    let waiter = std::thread::spawn(move || c.wait(&params(&["ready"], 60_000)).unwrap_err().kind);
    std::thread::sleep(Duration::from_millis(200));
    let t = Instant::now();
    client.cancel();
    assert_eq!(waiter.join().unwrap(), ErrorKind::Cancelled);
    assert!(t.elapsed() < Duration::from_secs(1));
}

/// Signed in to the existing account, with an outgoing verification that the simulator's other
/// device accepts by itself shortly after.
fn verification_requested_with_auto_other_device() -> (Fixture, beeper_setup::Client) {
    let fx = Fixture::with(SimOptions {
        auto: true,
        ..SimOptions::default()
    });
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    client.verifications().create(&Default::default()).unwrap();
    (fx, client)
}

#[test]
fn wait_rides_out_transient_errors_and_follows_the_verification() {
    let (fx, client) = verification_requested_with_auto_other_device();
    fx.fault(json!({"count": 2, "status": 503}));
    let mut p = params(&[], 10_000);
    p.verification_states = vec!["ready".into()];
    let text = client.wait(&p).unwrap();
    let step: Value = serde_json::from_str(&next_step_json(&text).unwrap()).unwrap();
    assert_eq!(step["action"], "sas.start");
}

#[test]
fn wait_params_are_validated() {
    for bad in [
        r#"{"until": "ready"}"#,
        r#"{"timeoutMs": 0}"#,
        r#"{"untill": []}"#,
        "[]",
    ] {
        let e = WaitParams::from_json(Some(bad)).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{bad}");
    }
    assert_eq!(WaitParams::from_json(None).unwrap().until, vec!["ready"]);
}

#[test]
fn wait_while_a_state_lasts_ends_on_any_other_state() {
    // The simulator must outlive the test body, hence a named binding.
    let (_sim, client) = verification_requested_with_auto_other_device();
    // The other device accepts by itself: the verification leaves `requested`.
    let mut p = params(&[], 10_000);
    p.while_verification_state = Some("requested".into());
    let text = client.wait(&p).unwrap();
    let session: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(session["verification"]["state"], "ready");
    // The session state is still the same, so waiting while it lasts times out.
    let mut p = params(&[], 200);
    p.while_state = Some("needs-verification".into());
    assert_eq!(client.wait(&p).unwrap_err().kind, ErrorKind::Timeout);
    // Any state other than the one given ends the wait, even one not listed in `until`.
    let mut p = params(&[], 1000);
    p.while_state = Some("needs-login".into());
    let text = client.wait(&p).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["state"],
        "needs-verification"
    );
    let e = WaitParams::from_json(Some(r#"{"whileState": 5}"#)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
}
