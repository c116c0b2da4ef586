//! Every error kind, reached for real against the simulator (or a closed port).

mod common;

use beeper_setup::models::{EmailParams, ResponseParams};
use beeper_setup::{Client, ErrorKind, Operation, Secret};
use common::Fixture;
use serde_json::json;
use std::time::{Duration, Instant};

fn start_id(client: &Client) -> String {
    client.setup().start().unwrap().setup_request_id
}

#[test]
fn invalid_arguments_send_nothing() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let before = fx.requests();
    let cases: &[(Operation, Option<&str>, Option<&str>)] = &[
        (Operation::SetupEmail, None, None),
        (Operation::SetupEmail, None, Some("{not json")),
        (
            Operation::SetupEmail,
            None,
            Some(r#"{"email": 5, "setupRequestID": "x"}"#),
        ),
        (Operation::SetupEmail, None, Some(r#"["email"]"#)),
        (
            Operation::SetupRegister,
            None,
            Some(
                r#"{"acceptTerms": "yes", "leadToken": "l", "setupRequestID": "s", "username": "u"}"#,
            ),
        ),
        (Operation::VerificationsAccept, Some(""), None),
        (Operation::VerificationsAccept, None, None),
        (Operation::SetupStart, Some("id"), None),
        (
            Operation::VerificationsQrScan,
            None,
            Some(r#"{"data": {"nested": "object"}}"#),
        ),
    ];
    for (op, id, params) in cases {
        let e = client.call(*op, *id, *params).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{op:?} {params:?}: {e}");
    }
    assert_eq!(fx.requests(), before, "nothing reached the server");
}

#[test]
fn connection_refused_is_a_connection_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::from_json(
        &json!({"baseURL": format!("http://127.0.0.1:{port}"), "maxRetries": 0}).to_string(),
    )
    .unwrap();
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
}

#[test]
fn a_slow_server_times_out() {
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 200}));
    fx.fault(json!({"count": 1, "delayMs": 2000}));
    let t = Instant::now();
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn api_errors_carry_status_code_and_body() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let e = client.verifications().list().unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(401)));
    assert!(e.code.is_some());

    let rid = start_id(&client);
    client
        .setup()
        .email(&EmailParams {
            email: "existing@example.com".into(),
            setup_request_id: rid.clone(),
        })
        .unwrap();
    let e = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new("000000x"),
            setup_request_id: rid,
        })
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(e.status.map(|s| s / 100), Some(4));
    assert!(
        !e.to_string().contains("000000x"),
        "the code is not echoed: {e}"
    );

    // A wrong type stops before sending; a well-formed request the server refuses is an api error.
    let e = client
        .call(
            Operation::SetupEmail,
            None,
            Some(r#"{"email": "a@b.c", "setupRequestID": 7}"#),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
    let raw = client
        .call(Operation::SetupRegister, None, Some(r#"{"acceptTerms": true, "leadToken": "x", "setupRequestID": "never-issued", "username": "u"}"#))
        .unwrap_err();
    assert_eq!(raw.kind, ErrorKind::Api);
    let json = raw.to_json();
    assert_eq!(json["kind"], "api");
    assert!(json["status"].as_u64().unwrap() >= 400);
    assert!(json["body"]["message"].is_string());
}

#[test]
fn not_found_for_an_unknown_verification() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    assert!(client.has_access_token());
    let e = client
        .verifications()
        .retrieve("no-such-verification")
        .unwrap_err();
    assert_eq!(e.status, Some(404));
}

#[test]
fn bad_request_details_come_through() {
    let fx = Fixture::new();
    // Our own checks would stop this, so speak to the server directly through a POST with an
    // unknown-but-allowed shape: `purpose` is free text for forward compatibility.
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    let e = client
        .call(
            Operation::VerificationsCreate,
            None,
            Some(r#"{"purpose": "not-a-purpose"}"#),
        )
        .unwrap_err();
    assert_eq!(e.status, Some(400));
    assert!(e.body.unwrap()["details"]["issues"].is_array());
}

#[test]
fn wrong_shapes_and_malformed_bodies_are_decode_errors() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    for body in ["wrong-shape", "malformed"] {
        fx.fault(json!({"count": 1, "body": body}));
        let e = client.setup().retrieve().unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode, "{body}: {e}");
        fx.fault(json!({"count": 1, "body": body}));
        let e = client
            .call(Operation::SetupRetrieve, None, None)
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode, "{body}: {e}");
    }
}

#[test]
fn oversized_bodies_are_refused() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.fault(json!({"count": 1, "body": "oversized"}));
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode, "{e}");
    assert!(e.message.contains("larger than"));
    // The client is still usable afterwards.
    client.setup().retrieve().unwrap();
}

#[test]
fn transient_failures_are_retried_and_counted() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"count": 2, "status": 503, "retryAfterMs": 10}));
    let t = Instant::now();
    client.setup().retrieve().unwrap();
    // Our own backoff would pause at least 0.375 s, then 0.75 s.
    assert!(
        t.elapsed() < Duration::from_secs(1),
        "retry-after-ms honoured: {:?}",
        t.elapsed()
    );

    fx.fault(json!({"count": 3, "status": 503, "retryAfterMs": 10}));
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!((e.status, e.retries), (Some(503), 2));
    assert_eq!(e.to_json()["retries"], 2);
}

#[test]
fn the_server_can_forbid_a_retry() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"count": 1, "status": 503, "shouldRetry": false}));
    let before = fx.requests();
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!((e.status, e.retries), (Some(503), 0));
    assert_eq!(fx.requests() - before, 1);
}

#[test]
fn bearer_only_where_it_belongs_and_never_over_plain_http_to_remote_hosts() {
    let client =
        Client::from_json(r#"{"baseURL": "http://192.0.2.1:9", "accessToken": "tok"}"#).unwrap();
    let e = client.verifications().list().unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
    assert!(e.message.contains("allowInsecureHttp"));
}
