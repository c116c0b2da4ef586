//! The secrets of the sign-in flow in the library: an answer that exists once is never asked for
//! twice, no secret crosses plain http off loopback, and loopback never goes through a proxy.

mod common;

use beeper_setup::models::ResponseParams;
use beeper_setup::{Client, ErrorKind, Operation, Secret};
use common::Fixture;
use serde_json::json;
use std::net::TcpListener;
use std::time::Duration;

fn posts_to(fx: &Fixture, path: &str) -> u64 {
    fx.get("/_sim/stats")["byEndpoint"][format!("POST {path}")]
        .as_u64()
        .unwrap_or(0)
}

#[test]
fn a_sign_in_slower_than_the_timeout_is_sent_once_and_the_error_says_what_to_do() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2, "timeoutMs": 300}));
    let (id, code) = fx.emailed(&client, "existing@example.com");
    fx.fault(json!({"delayMs": 800}));
    let err = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new(code.clone()),
            setup_request_id: id,
        })
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert_eq!(err.retries, 0, "{err}");
    for words in [
        "may have acted",
        "not sent again",
        "setup.retrieve",
        "sign in again",
    ] {
        assert!(err.message.contains(words), "{words:?} missing: {err}");
    }
    assert!(!err.message.contains(&code), "the code is quoted: {err}");
    // Let the server finish the late request before counting.
    std::thread::sleep(Duration::from_millis(700));
    assert_eq!(posts_to(&fx, "/v1/app/setup/response"), 1);
}

#[test]
fn a_sign_in_answer_slower_than_the_timeout_is_read_while_it_keeps_coming() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2, "timeoutMs": 400}));
    let (id, code) = fx.emailed(&client, "existing@example.com");
    // Some 20 bytes every 100 ms: the answer takes seconds, each silence 100 ms.
    fx.fault(json!({"dripBytesPerSec": 200}));
    let t = std::time::Instant::now();
    let signed_in = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new(code),
            setup_request_id: id,
        })
        .unwrap();
    assert!(
        t.elapsed() > Duration::from_millis(800),
        "{:?}",
        t.elapsed()
    );
    assert!(
        matches!(signed_in, beeper_setup::models::SignInResponse::Success(_)),
        "the sign-in came through"
    );
    assert!(client.has_access_token(), "and the client took it");
    assert_eq!(posts_to(&fx, "/v1/app/setup/response"), 1);
}

#[test]
fn a_cancel_still_ends_a_slow_sign_in_answer() {
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 400}));
    let (id, code) = fx.emailed(&client, "existing@example.com");
    fx.fault(json!({"dripBytesPerSec": 100}));
    let params = json!({"response": code, "setupRequestID": id}).to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    let call = client
        .start_call(
            Operation::SetupResponse,
            None,
            Some(&params),
            None,
            move |r| {
                let _ = tx.send((r.map_err(|e| e.kind), std::time::Instant::now()));
            },
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(600));
    let cancelled = std::time::Instant::now();
    call.cancel();
    let (result, at) = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(result.unwrap_err(), ErrorKind::Cancelled);
    // Not when the answer has dripped in, seconds on.
    assert!(at - cancelled < Duration::from_secs(1));
}

#[test]
fn answers_that_exist_once_are_not_retried_after_a_5xx_or_409_but_are_after_429() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    let (id, code) = fx.emailed(&client, "existing@example.com");
    let params = json!({"response": code, "setupRequestID": id}).to_string();
    for status in [500, 503, 409] {
        fx.fault(json!({"status": status, "count": 3}));
        let before = posts_to(&fx, "/v1/app/setup/response");
        let err = client
            .call(Operation::SetupResponse, None, Some(&params))
            .unwrap_err();
        assert_eq!((err.status, err.retries), (Some(status), 0), "{err}");
        assert_eq!(posts_to(&fx, "/v1/app/setup/response"), before + 1);
        fx.post("/_sim/faults", json!({"count": 0}));
    }
    // Rate limited: the server says it did not handle the request; the retry signs in.
    fx.fault(json!({"status": 429, "retryAfterMs": 10}));
    let signed_in = client.call(Operation::SetupResponse, None, Some(&params));
    assert!(signed_in.is_ok(), "{signed_in:?}");
    assert!(client.has_access_token());
    // An idempotent read still retries a 5xx as the official SDKs do.
    fx.fault(json!({"status": 503, "retryAfterMs": 10}));
    assert!(client.call(Operation::SetupRetrieve, None, None).is_ok());
}

#[test]
fn a_sign_in_that_never_reached_the_server_is_retried() {
    // Nothing listens: each attempt fails to connect, so nothing was sent and retrying is safe.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::from_json(
        &json!({"baseURL": format!("http://127.0.0.1:{port}"), "maxRetries": 2}).to_string(),
    )
    .unwrap();
    let params = json!({"response": "123456", "setupRequestID": "r"}).to_string();
    let err = client
        .call(Operation::SetupResponse, None, Some(&params))
        .unwrap_err();
    assert_eq!((err.kind, err.retries), (ErrorKind::Connection, 2), "{err}");
    assert!(!err.message.contains("may have acted"), "{err}");
}

#[test]
fn a_new_recovery_key_is_asked_for_once() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2, "timeoutMs": 300}));
    fx.sign_in(&client, "new@example.com");
    fx.fault(json!({"resetMidBody": true}));
    let err = client
        .call(Operation::RecoveryKeyResetCreate, None, Some("{}"))
        .unwrap_err();
    assert_eq!(err.retries, 0, "{err}");
    assert!(err.message.contains("the new recovery key"), "{err}");
    assert_eq!(
        posts_to(&fx, "/v1/app/setup/verification/recovery-key/reset"),
        1
    );
}

/// `0.0.0.0` is not a loopback address by name, yet a connection to it reaches this machine:
/// a stand-in for a remote host that keeps every packet here if a refusal were missing.
#[test]
fn no_secret_of_the_flow_goes_over_plain_http_to_a_host_that_is_not_loopback() {
    let fx = Fixture::new();
    let port = fx.url().rsplit(':').next().unwrap().to_owned();
    let remote = format!("http://0.0.0.0:{port}");
    let client =
        Client::from_json(&json!({"baseURL": remote, "maxRetries": 0}).to_string()).unwrap();
    for (op, params, secret) in [
        (
            Operation::SetupResponse,
            json!({"response": "code-4711", "setupRequestID": "r"}),
            "code-4711",
        ),
        (
            Operation::SetupRegister,
            json!({"acceptTerms": true, "leadToken": "lead-4711", "setupRequestID": "r",
                   "username": "u"}),
            "lead-4711",
        ),
        (
            Operation::RecoveryKeyVerify,
            json!({"recoveryKey": "key-4711"}),
            "key-4711",
        ),
        (Operation::RecoveryKeyResetCreate, json!({}), ""),
        (
            Operation::RecoveryKeyResetConfirm,
            json!({"recoveryKey": "key-4711"}),
            "key-4711",
        ),
    ] {
        let err = client
            .call(op, None, Some(&params.to_string()))
            .unwrap_err();
        let name = op.spec().name;
        assert_eq!(err.kind, ErrorKind::InvalidArgument, "{name}: {err}");
        assert!(err.message.contains("allowInsecureHttp"), "{name}: {err}");
        assert!(secret.is_empty() || !err.message.contains(secret), "{err}");
    }
    assert_eq!(fx.requests(), 0, "a secret went out in clear");
    // What carries no secret may go (the public state, starting, the email address).
    assert!(client.call(Operation::SetupStart, None, None).is_ok());
    // With consent, the sign-in goes through.
    let consenting = Client::from_json(
        &json!({"baseURL": remote, "maxRetries": 0, "allowInsecureHttp": true}).to_string(),
    )
    .unwrap();
    let (id, code) = fx.emailed(&consenting, "existing@example.com");
    let params = json!({"response": code, "setupRequestID": id}).to_string();
    assert!(consenting
        .call(Operation::SetupResponse, None, Some(&params))
        .is_ok());
    assert!(consenting.has_access_token());
}

/// Set for the copy of this test binary that the proxy test runs: the simulator's URL.
const CHILD_URL: &str = "BEEPER_SETUP_TEST_PROXY_URL";

#[test]
fn loopback_never_goes_through_a_proxy_from_the_environment() {
    if let Ok(url) = std::env::var(CHILD_URL) {
        for extra in [json!({}), json!({"allowInsecureHttp": true})] {
            let mut config = json!({"baseURL": url, "maxRetries": 0, "accessToken": "tok",
                                    "timeoutMs": 5000});
            config
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            let client = Client::from_json(&config.to_string()).unwrap();
            let answer = client.call(Operation::SetupRetrieve, None, None);
            assert!(answer.is_ok(), "{config}: {answer:?}");
        }
        return;
    }
    let fx = Fixture::new();
    let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
    proxy.set_nonblocking(true).unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let port = fx.url().rsplit(':').next().unwrap().to_owned();
    for url in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--exact",
                "loopback_never_goes_through_a_proxy_from_the_environment",
            ])
            .env(CHILD_URL, &url)
            .env_remove("NO_PROXY")
            .env_remove("no_proxy");
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "HTTPS_PROXY"] {
            child.env(name, &proxy_url);
        }
        let out = child.output().unwrap();
        assert!(
            out.status.success(),
            "{url}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    assert_eq!(
        proxy.accept().map_err(|e| e.kind()).err(),
        Some(std::io::ErrorKind::WouldBlock),
        "a call went to the proxy"
    );
}
