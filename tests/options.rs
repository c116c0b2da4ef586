//! Per-call options and raw answers: against the simulator for behaviour, and against a small
//! recording server for exactly what went out on the wire and what headers came back.

mod common;

use beeper_setup::ffi::{beeper_client_call, beeper_string_free, BeeperClient};
use beeper_setup::{CallOptions, Client, ErrorKind, Operation};
use common::Fixture;
use serde_json::{json, Value};
use std::ffi::{CStr, CString};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request as the server received it.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.all(name).first().copied()
    }
}

/// A server that records every request and answers each with the same canned response.
struct Recorder {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Recorder {
    fn start(status: u16, extra_headers: &str, body: &str) -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let answer = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n{extra_headers}\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() || line.is_empty() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let (method, target) = (
                    parts.next().unwrap().to_owned(),
                    parts.next().unwrap().to_owned(),
                );
                let mut headers = Vec::new();
                loop {
                    let mut h = String::new();
                    reader.read_line(&mut h).unwrap();
                    let h = h.trim_end();
                    if h.is_empty() {
                        break;
                    }
                    let (n, v) = h.split_once(':').unwrap();
                    headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
                let len = headers
                    .iter()
                    .find(|(n, _)| n == "content-length")
                    .map_or(0, |(_, v)| v.parse().unwrap());
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                log.lock().unwrap().push(Seen {
                    method,
                    target,
                    headers,
                    body: String::from_utf8(body).unwrap(),
                });
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        Recorder { url, seen }
    }

    fn client(&self, extra: Value) -> Client {
        let mut config = json!({"baseURL": self.url, "maxRetries": 0, "accessToken": "tok"});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            config[k] = v;
        }
        Client::from_json(&config.to_string()).unwrap()
    }

    fn last(&self) -> Seen {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request arrived")
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

fn options(json: Value) -> CallOptions {
    CallOptions::from_json(&json.to_string()).unwrap()
}

/// Params and an id that every operation accepts.
fn args(op: Operation) -> (Option<&'static str>, Option<&'static str>) {
    let spec = op.spec();
    let id = spec.takes_id().then_some("v 1");
    let params = match op {
        Operation::SetupEmail => Some(r#"{"email":"a@b.c","setupRequestID":"s"}"#),
        Operation::SetupResponse => Some(r#"{"response":"123456","setupRequestID":"s"}"#),
        Operation::SetupRegister => {
            Some(r#"{"acceptTerms":true,"leadToken":"l","setupRequestID":"s","username":"u"}"#)
        }
        Operation::RecoveryKeyVerify | Operation::RecoveryKeyResetConfirm => {
            Some(r#"{"recoveryKey":"k"}"#)
        }
        Operation::VerificationsQrScan => Some(r#"{"data":"d"}"#),
        _ => None,
    };
    (id, params)
}

#[test]
fn every_operation_takes_a_timeout_a_header_and_a_query_and_answers_raw() {
    let server = Recorder::start(200, "X-Multi: a\r\nX-Multi: b\r\n", r#"{"echo":true}"#);
    let client = server.client(json!({"defaultHeaders": {"X-Default": "d", "X-Gone": "g"}}));
    let opts = options(json!({
        "timeoutMs": 5000,
        "extraHeaders": {"X-Trace": "t1", "X-Default": "replaced", "X-Gone": null, "User-Agent": null},
        "extraQuery": {"q": "a b&c", "n": 2, "yes": true, "skipped": null},
        "raw": true,
        "validateResponse": false,
    }));
    for op in Operation::ALL {
        let spec = op.spec();
        let (id, params) = args(op);
        let answer: Value =
            serde_json::from_str(&client.call_with(op, id, params, &opts).unwrap()).unwrap();
        assert_eq!(answer["status"], 200, "{}", spec.name);
        assert_eq!(answer["headers"]["content-type"], "application/json");
        assert_eq!(answer["headers"]["x-multi"], "a, b", "repeats joined");
        if !spec.has_empty_response() {
            assert_eq!(answer["body"], json!({"echo": true}), "{}", spec.name);
        }
        let seen = server.last();
        let path = spec.path.replace("{id}", "v%201");
        assert_eq!(
            seen.target,
            format!("{path}?n=2&q=a%20b%26c&yes=true"),
            "{}",
            spec.name
        );
        assert_eq!(seen.method, format!("{:?}", spec.method).to_uppercase());
        assert_eq!(seen.all("x-trace"), ["t1"]);
        assert_eq!(seen.all("x-default"), ["replaced"]);
        assert!(seen.header("x-gone").is_none());
        assert!(seen.header("user-agent").is_none(), "removed by null");
        assert_eq!(seen.header("x-stainless-retry-count"), Some("0"));
        if let Some(params) = params {
            assert_eq!(seen.body, params, "params sent as given");
        }
    }
    assert_eq!(server.count(), Operation::ALL.len());
}

#[test]
fn without_options_the_defaults_go_out() {
    let server = Recorder::start(200, "", r#"{"items":[]}"#);
    let client = server.client(json!({"defaultHeaders": {"X-Default": "d"}}));
    client
        .call(Operation::VerificationsList, None, None)
        .unwrap();
    let seen = server.last();
    assert_eq!(seen.target, "/v1/app/setup/verifications");
    assert_eq!(seen.all("x-default"), ["d"]);
    let ua = seen.header("user-agent");
    assert!(
        ua.is_some_and(|ua| ua.starts_with("beeper-setup/")),
        "{seen:?}"
    );
    assert_eq!(seen.all("authorization"), ["Bearer tok"]);
}

#[test]
fn an_authorization_header_replaces_or_removes_the_token_for_one_call() {
    let server = Recorder::start(200, "", r#"{"items":[]}"#);
    let client = server.client(json!({}));
    let list = Operation::VerificationsList;
    client
        .call_with(
            list,
            None,
            None,
            &options(json!({"extraHeaders": {"authorization": "Bearer other"}})),
        )
        .unwrap();
    assert_eq!(server.last().all("authorization"), ["Bearer other"]);
    client
        .call_with(
            list,
            None,
            None,
            &options(json!({"extraHeaders": {"Authorization": null}})),
        )
        .unwrap();
    assert!(server.last().header("authorization").is_none());
    client.call(list, None, None).unwrap();
    assert_eq!(
        server.last().all("authorization"),
        ["Bearer tok"],
        "only for that call"
    );
}

#[test]
fn extra_body_is_merged_and_refused_where_there_is_no_body() {
    let server = Recorder::start(200, "", "null");
    let client = server.client(json!({}));
    let opts = options(json!({"extraBody": {"email": "x@y.z", "extra": [1, {"a": null}]}}));
    client
        .call_with(
            Operation::SetupEmail,
            None,
            Some(r#"{"email":"a@b.c","setupRequestID":"s"}"#),
            &opts,
        )
        .unwrap();
    let body: Value = serde_json::from_str(&server.last().body).unwrap();
    assert_eq!(
        body,
        json!({"email": "x@y.z", "setupRequestID": "s", "extra": [1, {"a": null}]})
    );
    // An operation whose params are all optional gets a body of the extra fields alone (the
    // canned answer is not a verification, so the call itself fails to decode).
    client
        .call_with(Operation::VerificationsCreate, None, None, &opts)
        .unwrap_err();
    let body: Value = serde_json::from_str(&server.last().body).unwrap();
    assert_eq!(body["email"], "x@y.z");
    let before = server.count();
    for op in [
        Operation::SetupStart,
        Operation::SetupRetrieve,
        Operation::VerificationsList,
    ] {
        let e = client.call_with(op, None, None, &opts).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{op:?}");
        assert!(e.message.contains("extraBody"), "{}", e.message);
    }
    assert_eq!(server.count(), before, "nothing sent");
}

#[test]
fn api_errors_always_carry_the_response() {
    let server = Recorder::start(
        404,
        "X-Request-Id: r-1\r\n",
        r#"{"code":"NOT_FOUND","message":"no such verification"}"#,
    );
    let client = server.client(json!({}));
    for opts in [CallOptions::default(), options(json!({"raw": true}))] {
        let e = client
            .call_with(
                Operation::VerificationsRetrieve,
                Some("missing"),
                None,
                &opts,
            )
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Api);
        let response = &e.to_json()["response"];
        assert_eq!(response["status"], 404);
        assert_eq!(response["headers"]["x-request-id"], "r-1");
        assert_eq!(response["headers"]["content-type"], "application/json");
        assert_eq!(response["body"]["code"], "NOT_FOUND");
    }
    // The plain call too.
    let e = client
        .call(Operation::VerificationsRetrieve, Some("missing"), None)
        .unwrap_err();
    assert_eq!(e.to_json()["response"]["headers"]["x-request-id"], "r-1");
}

#[test]
fn a_non_json_error_body_is_text_in_the_response() {
    let server = Recorder::start(502, "", "<html>bad gateway</html>");
    let e = server
        .client(json!({}))
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    let response = &e.to_json()["response"];
    assert_eq!(response["status"], 502);
    assert_eq!(response["body"], Value::Null);
    assert_eq!(response["text"], "<html>bad gateway</html>");
}

#[test]
fn a_token_with_spaces_is_sent_as_given() {
    let server = Recorder::start(200, "", r#"{"items":[]}"#);
    let client = server.client(json!({"accessToken": "My Access Token"}));
    client.verifications().list().unwrap();
    assert_eq!(
        server.last().all("authorization"),
        ["Bearer My Access Token"]
    );
    for bad in ["a\nb", "a\rb", "a\u{0}b"] {
        let config = json!({"baseURL": server.url, "accessToken": bad}).to_string();
        let e = Client::from_json(&config).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument);
    }
}

#[test]
fn raw_answers_from_the_simulator() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let raw = options(json!({"raw": true}));
    let answer: Value = serde_json::from_str(
        &client
            .call_with(Operation::SetupRetrieve, None, None, &raw)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(answer["status"], 200);
    assert!(answer["headers"]["content-type"]
        .as_str()
        .unwrap()
        .starts_with("application/json"));
    assert!(answer["body"]["state"].is_string());
    let start: Value = serde_json::from_str(
        &client
            .call_with(Operation::SetupStart, None, None, &raw)
            .unwrap(),
    )
    .unwrap();
    let id = start["body"]["setupRequestID"].as_str().unwrap();
    let params = json!({"email": "a@example.com", "setupRequestID": id}).to_string();
    let email: Value = serde_json::from_str(
        &client
            .call_with(Operation::SetupEmail, None, Some(&params), &raw)
            .unwrap(),
    )
    .unwrap();
    assert!((200..300).contains(&email["status"].as_u64().unwrap()));
    // Raw errors: the simulator's 401 for a call that needs the token.
    let e = client
        .call_with(Operation::VerificationsList, None, None, &raw)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Api);
    assert_eq!(e.to_json()["response"]["status"], 401);
}

#[test]
fn a_per_call_timeout_overrides_the_clients_both_ways() {
    let fx = Fixture::new();
    let client = fx.client(json!({"timeoutMs": 30_000}));
    fx.fault(json!({"count": 1, "delayMs": 3000}));
    let t = Instant::now();
    let e = client
        .call_with(
            Operation::SetupRetrieve,
            None,
            None,
            &options(json!({"timeoutMs": 150})),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(
        t.elapsed() < Duration::from_millis(1000),
        "{:?}",
        t.elapsed()
    );

    let short = fx.client(json!({"timeoutMs": 100}));
    fx.fault(json!({"count": 1, "delayMs": 400}));
    short
        .call_with(
            Operation::SetupRetrieve,
            None,
            None,
            &options(json!({"timeoutMs": 5000})),
        )
        .unwrap();
}

#[test]
fn per_call_max_retries_overrides_the_clients() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 0}));
    fx.fault(json!({"count": 2, "status": 503, "retryAfterMs": 5}));
    client
        .call_with(
            Operation::SetupRetrieve,
            None,
            None,
            &options(json!({"maxRetries": 2})),
        )
        .unwrap();
    let patient = fx.client(json!({"maxRetries": 3}));
    fx.fault(json!({"count": 1, "status": 503, "retryAfterMs": 5}));
    let before = fx.requests();
    let e = patient
        .call_with(
            Operation::SetupRetrieve,
            None,
            None,
            &options(json!({"maxRetries": 0})),
        )
        .unwrap_err();
    assert_eq!((e.status, e.retries), (Some(503), 0));
    assert_eq!(fx.requests() - before, 1);
}

#[test]
fn validate_response_false_returns_a_wrong_shape_as_sent() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let lax = options(json!({"validateResponse": false}));
    fx.fault(json!({"count": 1, "body": "wrong-shape"}));
    let e = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    fx.fault(json!({"count": 1, "body": "wrong-shape"}));
    let text = client
        .call_with(Operation::SetupRetrieve, None, None, &lax)
        .unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(body.get("state").is_none_or(|s| !s.is_string()), "{text}");
    // A body that is not JSON at all: a decode error, unless raw, which gives its text.
    fx.fault(json!({"count": 1, "body": "html", "status": 200}));
    let e = client
        .call_with(Operation::SetupRetrieve, None, None, &lax)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Decode);
    fx.fault(json!({"count": 1, "body": "html", "status": 200}));
    let raw: Value = serde_json::from_str(
        &client
            .call_with(
                Operation::SetupRetrieve,
                None,
                None,
                &options(json!({"validateResponse": false, "raw": true})),
            )
            .unwrap(),
    )
    .unwrap();
    assert_eq!(raw["body"], Value::Null);
    assert!(raw["text"].as_str().unwrap().contains("<html"));
}

/// Calls `beeper_client_call`, as C would.
fn c_call(
    client: *const BeeperClient,
    op: &str,
    id: Option<&str>,
    params: Option<&str>,
    options: Option<&str>,
) -> (i32, Value) {
    let cs = |s: Option<&str>| s.map(|s| CString::new(s).unwrap());
    let (op, id, params, options) = (CString::new(op).unwrap(), cs(id), cs(params), cs(options));
    let ptr = |s: &Option<CString>| s.as_ref().map_or(std::ptr::null(), |s| s.as_ptr());
    let mut out = std::ptr::null_mut();
    let rc = unsafe {
        beeper_client_call(
            client,
            op.as_ptr(),
            ptr(&id),
            ptr(&params),
            ptr(&options),
            &mut out,
        )
    };
    assert!(!out.is_null());
    let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { beeper_string_free(out) };
    (
        rc,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[test]
fn bad_options_and_names_send_nothing() {
    let fx = Fixture::new();
    let config = CString::new(json!({"baseURL": fx.url(), "maxRetries": 0}).to_string()).unwrap();
    let (mut client, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
    assert_eq!(
        unsafe { beeper_setup::ffi::beeper_client_new(config.as_ptr(), &mut client, &mut out) },
        0
    );
    unsafe { beeper_string_free(out) };
    let before = fx.requests();
    let email = Some(r#"{"email":"a@b.c","setupRequestID":"s"}"#);
    for (op, id, params, opts) in [
        ("setup.retrieve", None, None, r#"{"timeout": 5}"#),
        ("setup.retrieve", None, None, r#"{"timeoutMs": -1}"#),
        ("setup.retrieve", None, None, r#"{"maxRetries": "2"}"#),
        ("setup.retrieve", None, None, r#"{"raw": 1}"#),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"validateResponse": null, "x": 1}"#,
        ),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"extraHeaders": {"X-A": "a\r\nX-B: b"}}"#,
        ),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"extraHeaders": {"X-A\u0000": "a"}}"#,
        ),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"extraHeaders": {"X-A": "a\u0000"}}"#,
        ),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"extraHeaders": {"Host": "evil"}}"#,
        ),
        ("setup.retrieve", None, None, r#"{"extraHeaders": ["X-A"]}"#),
        (
            "setup.retrieve",
            None,
            None,
            r#"{"extraQuery": {"a": {"b": 1}}}"#,
        ),
        ("setup.start", None, None, r#"{"extraBody": {"a": 1}}"#),
        ("setup.email", None, email, r#"{"extraBody": "a=1"}"#),
        ("setup.retrieve", None, None, "[]"),
        ("setup.retrieve", None, None, "{"),
        ("setup.nope", None, None, "{}"),
        ("verifications.retrieve", None, None, "{}"),
        ("setup.start", Some("id"), None, "{}"),
    ] {
        let (rc, error) = c_call(client, op, id, params, Some(opts));
        assert_eq!(rc, 1, "{op} {opts}: {error}");
        assert_eq!(error["kind"], "invalid_argument");
    }
    assert_eq!(fx.requests(), before, "nothing reached the server");
    // NULL options are a plain call; `null` options too.
    for opts in [None, Some("null")] {
        let (rc, session) = c_call(client, "setup.retrieve", None, None, opts);
        assert_eq!(rc, 0, "{session}");
        assert!(session["state"].is_string());
    }
    unsafe { beeper_setup::ffi::beeper_client_free(client) };
}

#[test]
fn credential_headers_are_never_shown() {
    let opts = options(
        json!({"extraHeaders": {"Authorization": "Bearer hunter2", "Cookie": "sid=hunter2"}}),
    );
    assert!(!format!("{opts:?}").contains("hunter2"));
    let e = CallOptions::from_json(r#"{"extraHeaders": {"Authorization": "Bearer hunter2\n"}}"#)
        .unwrap_err();
    assert!(!e.message.contains("hunter2"), "{}", e.message);
    // Over plain HTTP to a host that is not loopback, a credential header is refused like the
    // token, before anything is sent.
    let remote =
        Client::from_json(r#"{"baseURL":"http://192.0.2.1:9","connectTimeoutMs":200}"#).unwrap();
    for header in ["Authorization", "Cookie"] {
        let e = remote
            .call_with(
                Operation::SetupRetrieve,
                None,
                None,
                &options(json!({"extraHeaders": {header: "hunter2"}})),
            )
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{header}: {e}");
        assert!(e.message.contains("allowInsecureHttp") && !e.message.contains("hunter2"));
    }
}

// The header rules for configuration: a credential in the default headers is treated like the
// token, and the headers the library writes are refused, when the client is made.

#[test]
fn an_authorization_default_header_goes_out_once_and_the_token_wins() {
    let server = Recorder::start(200, "", r#"{"items":[]}"#);
    let both = server.client(json!({"defaultHeaders": {"Authorization": "Bearer default"}}));
    both.verifications().list().unwrap();
    assert_eq!(server.last().all("authorization"), ["Bearer tok"]);
    let config = json!({
        "baseURL": server.url,
        "defaultHeaders": {"authorization": "Bearer default"},
    });
    let header_only = Client::from_json(&config.to_string()).unwrap();
    header_only.verifications().list().unwrap();
    assert_eq!(server.last().all("authorization"), ["Bearer default"]);
    // Like the token, it is not sent where the token is not.
    let _ = header_only.call(Operation::SetupStart, None, None);
    assert!(server.last().header("authorization").is_none());
    assert!(!header_only.has_access_token());
}

#[test]
fn a_credential_default_header_is_guarded_like_the_token() {
    for header in ["Authorization", "Cookie"] {
        let config = json!({
            "baseURL": "http://192.0.2.1:9",
            "connectTimeoutMs": 200,
            "maxRetries": 0,
            "defaultHeaders": {header: "hunter2"},
        });
        let client = Client::from_json(&config.to_string()).unwrap();
        let e = client.verifications().list().unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{header}: {e}");
        assert!(e.message.contains("allowInsecureHttp"), "{}", e.message);
        assert!(!format!("{e:?} {client:?}").contains("hunter2"));
    }
}

#[test]
fn library_headers_and_control_characters_are_refused_when_the_client_is_made() {
    for (name, value) in [
        ("Content-Length", "0"),
        ("content-length", "1000"),
        ("Transfer-Encoding", "chunked"),
        ("Host", "evil.example"),
        ("Content-Type", "text/plain"),
        ("X-A", r"a\u000bb"),
        ("X-A", r"a\u007fb"),
        ("X-A", r"a\u001bb"),
        ("Authorization", r"Bearer hunter2\u000b"),
    ] {
        let config = format!(r#"{{"defaultHeaders": {{"{name}": "{value}"}}}}"#);
        let e = Client::from_json(&config).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "{config}");
        assert!(!e.message.contains("hunter2"), "{}", e.message);
    }
}

#[test]
fn a_zero_timeout_times_out_at_once() {
    let server = Recorder::start(200, "", r#"{"items":[]}"#);
    let client = server.client(json!({}));
    let t = Instant::now();
    let e = client
        .call_with(
            Operation::VerificationsList,
            None,
            None,
            &options(json!({"timeoutMs": 0})),
        )
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(t.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_raw_answer_carries_the_request_as_sent() {
    let server = Recorder::start(200, "", r#"{"echo":true}"#);
    let config = CString::new(json!({"baseURL": server.url, "maxRetries": 0}).to_string()).unwrap();
    let (mut client, mut out) = (std::ptr::null_mut(), std::ptr::null_mut());
    assert_eq!(
        unsafe { beeper_setup::ffi::beeper_client_new(config.as_ptr(), &mut client, &mut out) },
        0
    );
    unsafe { beeper_string_free(out) };
    let secret = r#"{"extraHeaders": {"Authorization": "Bearer hunter2"}, "raw": true,
        "validateResponse": false, "extraQuery": {"q": "a b.c+d"}}"#;
    // An id with a dot and a space: both percent-encoded on the wire.
    for (op, id) in [
        ("verifications.retrieve", Some("vrf 1.x")),
        ("setup.start", None),
    ] {
        let (rc, answer) = c_call(client, op, id, None, Some(secret));
        assert_eq!(rc, 0, "{answer}");
        let seen = server.last();
        assert_eq!(answer["request"]["method"], seen.method.as_str(), "{op}");
        assert_eq!(
            answer["request"]["url"],
            format!("{}{}", server.url, seen.target),
            "{op}"
        );
        assert_eq!(
            answer["request"].as_object().unwrap().len(),
            2,
            "nothing else"
        );
        assert!(!answer.to_string().contains("hunter2"), "{answer}");
    }
    assert!(server
        .last()
        .target
        .starts_with("/v1/app/setup/start?q=a%20b.c%2Bd"));
    // A custom request's raw answer says the same.
    let (method, path) = (
        CString::new("DELETE").unwrap(),
        CString::new("/x/a%2Eb?y=1").unwrap(),
    );
    let raw = CString::new(r#"{"raw": true, "extraQuery": {"z": "1 2"}}"#).unwrap();
    let mut out = std::ptr::null_mut();
    let rc = unsafe {
        beeper_setup::ffi::beeper_client_request(
            client,
            method.as_ptr(),
            path.as_ptr(),
            std::ptr::null(),
            raw.as_ptr(),
            &mut out,
        )
    };
    let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { beeper_string_free(out) };
    assert_eq!(rc, 0, "{text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    let seen = server.last();
    assert_eq!(seen.target, "/x/a%2Eb?y=1&z=1%202");
    assert_eq!(
        answer["request"],
        json!({"method": "DELETE", "url": format!("{}{}", server.url, seen.target)})
    );
    unsafe { beeper_setup::ffi::beeper_client_free(client) };
}

#[test]
fn each_attempt_sends_its_retry_count() {
    let server = Recorder::start(503, "Retry-After-Ms: 1\r\n", r#"{"code":"BUSY"}"#);
    let client = server.client(json!({"maxRetries": 2}));
    let e = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!((e.status, e.retries), (Some(503), 2));
    let counts: Vec<String> = server
        .seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.header("x-stainless-retry-count").unwrap_or("").to_owned())
        .collect();
    assert_eq!(counts, ["0", "1", "2"]);
}
