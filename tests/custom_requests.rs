//! Custom requests (`Client::request`, `beeper_client_request`) against the simulator: they go
//! through the operations' pipeline and keep its guards; and the token the client holds is
//! readable (`Client::access_token`, `beeper_client_access_token`), however it was adopted.

mod common;

use beeper_setup::ffi::{
    beeper_client_access_token, beeper_client_call, beeper_client_request, beeper_string_free,
    BeeperClient,
};
use beeper_setup::{CallOptions, Client, ErrorKind, Method, Secret};
use common::Fixture;
use serde_json::{json, Value};
use std::ffi::{c_char, CStr, CString};
use std::ptr;

fn options(json: Value) -> CallOptions {
    CallOptions::from_json(&json.to_string()).unwrap()
}

#[test]
fn a_custom_get_answers_the_body_and_carries_the_token() {
    let sim = Fixture::new();
    let client = sim.client(json!({"accessToken": "tok-1"}));
    let body: Value = serde_json::from_str(
        &client
            .request(Method::Get, "/v1/app/setup", None, &CallOptions::default())
            .unwrap(),
    )
    .unwrap();
    assert_eq!(body["state"], "needs-login");
    let seen = sim.get("/_sim/last-request");
    assert_eq!(seen["method"], "GET");
    assert_eq!(seen["path"], "/v1/app/setup");
    assert_eq!(seen["headers"]["authorization"], "Bearer tok-1");
    // An absolute URL under the base URL is the same request.
    let url = format!("{}/v1/app/setup", sim.url());
    client
        .request(Method::Get, &url, None, &CallOptions::default())
        .unwrap();
}

#[test]
fn a_custom_post_sends_its_body_with_the_options() {
    let sim = Fixture::new();
    let client = sim.client(json!({}));
    let opts = options(json!({
        "extraBody": {"extra": 1},
        "extraQuery": {"q": "a b"},
        "extraHeaders": {"X-Trace": "t"},
        "raw": true,
    }));
    let raw: Value = serde_json::from_str(
        &client
            .request(
                Method::Post,
                "/v1/app/setup/start",
                Some(r#"{"a":[1]}"#),
                &opts,
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(raw["status"], 200);
    assert!(raw["body"]["setupRequestID"].is_string(), "{raw}");
    let seen = sim.get("/_sim/last-request");
    assert_eq!(seen["method"], "POST");
    assert_eq!(seen["query"], json!({"q": "a b"}));
    assert_eq!(seen["headers"]["x-trace"], "t");
    assert_eq!(seen["headers"]["content-type"], "application/json");
    assert_eq!(seen["body"], json!({"a": [1], "extra": 1}));
    assert!(seen["headers"].get("authorization").is_none());
}

#[test]
fn every_method_reaches_the_server_and_errors_are_api_errors() {
    let sim = Fixture::new();
    let client = sim.client(json!({}));
    for (method, name) in [
        (Method::Put, "PUT"),
        (Method::Patch, "PATCH"),
        (Method::Delete, "DELETE"),
    ] {
        let e = client
            .request(method, "/v1/nowhere", Some("{}"), &CallOptions::default())
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Api, "{name}: {e:?}");
        assert_eq!(e.status, Some(404), "{name}");
        assert_eq!(sim.get("/_sim/last-request")["method"], name);
    }
}

#[test]
fn the_guards_of_operations_hold_for_custom_requests() {
    // Plain http off loopback: refused before anything is sent, with or without a token.
    for config in [json!({}), json!({"accessToken": "tok"})] {
        let mut config = config;
        config["baseURL"] = json!("http://203.0.113.7");
        let far = Client::from_json(&config.to_string()).unwrap();
        let e = far
            .request(Method::Get, "/v1/app/setup", None, &CallOptions::default())
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument);
        assert!(e.message.contains("allowInsecureHttp"), "{}", e.message);
    }
    let sim = Fixture::new();
    let client = sim.client(json!({}));
    // The size cap.
    sim.fault(json!({"body": "oversized"}));
    let e = client
        .request(Method::Get, "/v1/app/setup", None, &CallOptions::default())
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode, "{e:?}");
    // The header rules, checked before sending.
    let before = sim.requests();
    assert!(CallOptions::from_json(r#"{"extraHeaders":{"Host":"x"}}"#).is_err());
    let bad = CallOptions {
        extra_headers: vec![("X-A".into(), Some("a\r\nb".into()))],
        ..CallOptions::default()
    };
    let e = client
        .request(Method::Get, "/v1/app/setup", None, &bad)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::InvalidArgument);
    // Retries as for operations.
    sim.fault(json!({"status": 503}));
    let retrying = sim.client(json!({"maxRetries": 1}));
    retrying
        .request(Method::Get, "/v1/app/setup", None, &CallOptions::default())
        .unwrap();
    assert_eq!(
        sim.requests(),
        before + 2,
        "the refused call sent nothing; the 503 was retried once"
    );
}

#[test]
fn the_client_tells_the_token_it_holds_after_any_sign_in() {
    let sim = Fixture::new();
    let client = sim.client(json!({}));
    assert!(client.access_token().is_none());
    sim.sign_in(&client, "existing@example.com");
    let token = sim.state()["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(client.access_token(), Some(Secret::new(token.clone())));
    client.set_access_token(None).unwrap();
    assert!(client.access_token().is_none());
    let given = sim.client(json!({"accessToken": "given"}));
    assert_eq!(given.access_token(), Some(Secret::new("given")));
}

unsafe fn take(out: *mut c_char) -> String {
    let text = CStr::from_ptr(out).to_str().unwrap().to_owned();
    beeper_string_free(out);
    text
}

/// `beeper_client_request` with C strings made of `method` and `path` (no body, no options):
/// the status and the answer.
unsafe fn request(client: *mut BeeperClient, method: &str, path: &str) -> (i32, String) {
    let (m, p) = (CString::new(method).unwrap(), CString::new(path).unwrap());
    let mut out = ptr::null_mut();
    let status = beeper_client_request(
        client,
        m.as_ptr(),
        p.as_ptr(),
        ptr::null(),
        ptr::null(),
        &mut out,
    );
    (status, take(out))
}

/// `beeper_client_call` of `op` with `params` and `options`: the status and the answer.
unsafe fn call(client: *mut BeeperClient, op: &str, params: Value, options: &str) -> (i32, String) {
    let op = CString::new(op).unwrap();
    let params = CString::new(params.to_string()).unwrap();
    let options = CString::new(options).unwrap();
    let mut out = ptr::null_mut();
    let status = beeper_client_call(
        client,
        op.as_ptr(),
        ptr::null(),
        params.as_ptr(),
        options.as_ptr(),
        &mut out,
    );
    (status, take(out))
}

unsafe fn access_token(client: *mut BeeperClient) -> Value {
    let mut out = ptr::null_mut();
    assert_eq!(beeper_client_access_token(client, &mut out), 0);
    serde_json::from_str(&take(out)).unwrap()
}

#[test]
fn through_the_c_abi_a_raw_sign_in_leaves_the_token_readable() {
    let sim = Fixture::new();
    let client = new_handle(&sim);
    unsafe {
        assert_eq!(access_token(client), Value::Null);
        let (status, start) = request(client, "POST", "/v1/app/setup/start");
        assert_eq!(status, 0, "{start}");
        let start: Value = serde_json::from_str(&start).unwrap();
        let id = start["setupRequestID"].as_str().unwrap();
        let email = json!({"email": "existing@example.com", "setupRequestID": id});
        let (status, answer) = call(client, "setup.email", email, "null");
        assert_eq!(status, 0, "{answer}");
        let code = json!({"response": sim.code(), "setupRequestID": id});
        let (status, answer) = call(client, "setup.response", code, r#"{"raw":true}"#);
        assert_eq!(status, 0, "{answer}");
        assert_eq!(access_token(client), sim.state()["accessToken"]);
        // Bad input: a clear error, never a crash.
        let mut out = ptr::null_mut();
        assert_eq!(beeper_client_access_token(ptr::null(), &mut out), 1);
        assert!(take(out).contains("client must not be NULL"));
        assert_eq!(beeper_client_access_token(client, ptr::null_mut()), 1);
        let (status, answer) = request(client, "TRACE", "/v1/app/setup");
        assert_eq!(status, 1);
        assert!(answer.contains("unknown method"), "{answer}");
        beeper_setup::ffi::beeper_client_free(client);
    }
}

fn new_handle(sim: &Fixture) -> *mut BeeperClient {
    let config = CString::new(json!({"baseURL": sim.url(), "maxRetries": 0}).to_string()).unwrap();
    let mut handle = ptr::null_mut();
    let mut out = ptr::null_mut();
    unsafe {
        let status = beeper_setup::ffi::beeper_client_new(config.as_ptr(), &mut handle, &mut out);
        assert_eq!(status, 0, "{}", take(out));
    }
    handle
}

#[test]
fn a_custom_sign_in_keeps_the_rule_that_its_answer_is_asked_for_once() {
    let sim = Fixture::new();
    let client = sim.client(json!({"maxRetries": 2, "timeoutMs": 300}));
    sim.fault(json!({"delayMs": 800, "count": 3}));
    let body = json!({"response": "123456", "setupRequestID": "r"}).to_string();
    let err = client
        .request(
            Method::Post,
            "/v1/app/setup/response",
            Some(&body),
            &CallOptions::default(),
        )
        .unwrap_err();
    assert_eq!((err.kind, err.retries), (ErrorKind::Timeout, 0), "{err}");
    assert!(err.message.contains("may have acted"), "{err}");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let sent = sim.get("/_sim/stats")["byEndpoint"]["POST /v1/app/setup/response"].clone();
    assert_eq!(sent, 1);
    // Any other custom request retries as the official SDKs do.
    sim.fault(json!({"status": 503, "retryAfterMs": 10}));
    let answer = client.request(Method::Get, "/v1/app/setup", None, &CallOptions::default());
    assert!(answer.is_ok(), "{answer:?}");
}
