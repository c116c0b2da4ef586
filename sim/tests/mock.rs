//! The mock mode over the wire: every operation answers 200 with its shape, whatever the ids and
//! state; bad params get exactly the stateful mode's 400; `missing` is 404; auth only on demand;
//! the last request is shown back. (The official SDK's strict check is sim/tests/python.)

mod common;

use beeper_setup_sim::{Sim, SimOptions, MISSING_ID};
use common::{assert_args_refused, spawn_binary, start, start_with, Http, Resp};
use serde_json::{json, Value};

fn mock(require_token: bool) -> (Sim, Http) {
    start_with(SimOptions {
        mock: true,
        require_token,
        ..SimOptions::default()
    })
}

/// Every operation, as (method, path, body); placeholder values, as a client's tests would send.
fn every_operation(id: &str) -> Vec<(&'static str, String, Option<Value>)> {
    let v = |rest: &str| format!("/v1/app/setup/verifications/{id}{rest}");
    vec![
        ("GET", "/v1/app/setup".into(), None),
        ("POST", "/v1/app/setup/start".into(), None),
        (
            "POST",
            "/v1/app/setup/email".into(),
            Some(json!({"email": "a@example.com", "setupRequestID": "sr"})),
        ),
        (
            "POST",
            "/v1/app/setup/response".into(),
            Some(json!({"response": "123456", "setupRequestID": "sr"})),
        ),
        (
            "POST",
            "/v1/app/setup/register".into(),
            Some(
                json!({"acceptTerms": true, "leadToken": "l", "setupRequestID": "sr", "username": "x"}),
            ),
        ),
        (
            "POST",
            "/v1/app/setup/verification/recovery-key".into(),
            Some(json!({"recoveryKey": "x"})),
        ),
        (
            "POST",
            "/v1/app/setup/verification/recovery-key/reset".into(),
            Some(json!({})),
        ),
        (
            "POST",
            "/v1/app/setup/verification/recovery-key/reset/confirm".into(),
            Some(json!({"recoveryKey": "x"})),
        ),
        ("GET", "/v1/app/setup/verifications".into(), None),
        (
            "POST",
            "/v1/app/setup/verifications".into(),
            Some(json!({"purpose": "device"})),
        ),
        ("GET", v(""), None),
        ("POST", v("/accept"), None),
        ("POST", v("/cancel"), Some(json!({"code": "m.user"}))),
        (
            "POST",
            "/v1/app/setup/verifications/qr/scan".into(),
            Some(json!({"data": "x"})),
        ),
        ("POST", v("/qr/confirm-scanned"), None),
        ("POST", v("/sas/start"), None),
        ("POST", v("/sas/confirm"), None),
    ]
}

fn send(http: &mut Http, method: &str, path: &str, body: Option<&Value>) -> Resp {
    let bytes = body.map(Value::to_string);
    http.send(method, path, &[], bytes.as_deref().map(str::as_bytes))
}

fn assert_session(s: &Value) {
    assert!(s["state"].is_string(), "{s}");
    assert!(s["e2ee"]["secrets"]["masterKey"].is_boolean(), "{s}");
}

#[test]
fn every_operation_answers_200_with_its_shape_without_state_or_token() {
    let (_sim, mut http) = mock(false);
    for (method, path, body) in every_operation("x") {
        let r = send(&mut http, method, &path, body.as_ref());
        assert_eq!(r.status, 200, "{method} {path}: {}", r.json());
        if path.ends_with("/email") {
            assert!(r.body.is_empty(), "setup.email answers an empty body");
            continue;
        }
        let v = r.ok();
        match path.as_str() {
            "/v1/app/setup" => assert_session(&v),
            "/v1/app/setup/start" => {
                assert!(v["setupRequestID"].is_string());
                assert_eq!(v["signInMethods"], json!(["email"]));
            }
            // The Success variant: credentials, never RegistrationRequired.
            "/v1/app/setup/response" | "/v1/app/setup/register" => {
                assert!(v["matrix"]["accessToken"].is_string(), "{v}");
                assert!(v.get("registrationRequired").is_none());
                assert_session(&v["session"]);
            }
            "/v1/app/setup/verification/recovery-key/reset" => {
                assert_eq!(v["recoveryKey"].as_str().unwrap().split(' ').count(), 12);
                assert_session(&v["session"]);
            }
            "/v1/app/setup/verifications" if method == "GET" => {
                assert_eq!(v["items"].as_array().unwrap().len(), 1, "{v}");
            }
            p if p.starts_with("/v1/app/setup/verifications") => {
                assert_session(&v["session"]);
                let vid = v["verification"]["id"].as_str().unwrap();
                if p.contains("/x") {
                    assert_eq!(vid, "x", "{method} {path}");
                }
                assert!(v["verification"]["availableActions"].is_array());
            }
            _ => assert_session(&v["session"]),
        }
    }
}

#[test]
fn bad_params_get_the_same_400_as_the_stateful_mode() {
    let (_mock, mut mocked) = mock(false);
    let (_sim, mut stateful) = start(None);
    let bad: &[(&str, &[u8])] = &[
        ("/v1/app/setup/email", b"{}"),
        (
            "/v1/app/setup/email",
            br#"{"email": "no-at-sign", "setupRequestID": 7}"#,
        ),
        ("/v1/app/setup/response", b"[]"),
        ("/v1/app/setup/response", b"{not json"),
        (
            "/v1/app/setup/register",
            br#"{"acceptTerms": "yes", "username": ""}"#,
        ),
        ("/v1/app/setup/start?ignored=1", b"{not json"),
    ];
    for (path, body) in bad {
        let m = mocked.send("POST", path, &[], Some(body));
        let s = stateful.send("POST", path, &[], Some(body));
        if path.starts_with("/v1/app/setup/start") {
            // No params: the body is never read, by either mode.
            assert_eq!((m.status, s.status), (200, 200));
            continue;
        }
        let mv = m.err(400, "VALIDATION_ERROR");
        assert!(!mv["details"]["issues"].as_array().unwrap().is_empty());
        assert_eq!(mv, s.err(400, "VALIDATION_ERROR"), "{path}");
    }
    // Behind auth in the stateful mode, but the checks are the same table's.
    let r = send(
        &mut mocked,
        "POST",
        "/v1/app/setup/verifications",
        Some(&json!({"purpose": "all", "userID": 1})),
    );
    let e = r.err(400, "VALIDATION_ERROR");
    let paths: Vec<&Value> = e["details"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["path"])
        .collect();
    assert_eq!(paths, [&json!(["purpose"]), &json!(["userID"])]);
}

#[test]
fn the_id_missing_answers_404_on_every_operation_with_an_id() {
    let (_sim, mut http) = mock(false);
    let with_id: Vec<_> = every_operation(MISSING_ID)
        .into_iter()
        .filter(|(_, p, _)| p.contains(MISSING_ID))
        .collect();
    assert_eq!(with_id.len(), 6);
    for (method, path, body) in with_id {
        send(&mut http, method, &path, body.as_ref()).err(404, "VERIFICATION_NOT_FOUND");
    }
    // `active` is the verification in progress, under its own id.
    let v = http.get("/v1/app/setup/verifications/active").ok();
    assert_ne!(v["verification"]["id"], "active");
    assert_eq!(v["verification"], v["session"]["verification"]);
}

#[test]
fn require_token_guards_only_what_needs_a_token() {
    let (_sim, mut http) = mock(true);
    for (method, path, body) in every_operation("x") {
        let r = send(&mut http, method, &path, body.as_ref());
        let public = path == "/v1/app/setup"
            || ["start", "email", "response", "register"]
                .iter()
                .any(|p| path == format!("/v1/app/setup/{p}"));
        if public {
            assert_eq!(r.status, 200, "{path}");
        } else {
            r.err(401, "UNAUTHORIZED");
        }
    }
    http.token = Some("any token at all".into());
    for (method, path, body) in every_operation("x") {
        let r = send_auth(&mut http, method, &path, body.as_ref());
        assert_eq!(r.status, 200, "{path}");
    }
    // Auth comes before the params, as in the stateful mode.
    http.token = None;
    send(
        &mut http,
        "POST",
        "/v1/app/setup/verifications/qr/scan",
        Some(&json!({})),
    )
    .err(401, "UNAUTHORIZED");
}

fn send_auth(http: &mut Http, method: &str, path: &str, body: Option<&Value>) -> Resp {
    match (method, body) {
        ("GET", _) => http.get(path),
        (_, Some(b)) => http.post(path, b.clone()),
        (_, None) => http.post_empty(path),
    }
}

#[test]
fn the_last_request_and_the_stats() {
    let (_sim, mut http) = mock(false);
    http.send("GET", "/_sim/last-request", &[], None)
        .err(404, "NO_REQUEST_YET");
    let body = br#"{"code": "m.user", "extra": [1, null]}"#;
    http.send(
        "POST",
        "/v1/app/setup/verifications/a%2Fb/cancel?q=1+2&q=%2B&n=",
        &[
            ("X-One", "1"),
            ("x-one", "2"),
            ("Authorization", "Bearer t"),
        ],
        Some(body),
    )
    .ok();
    let last = http.send("GET", "/_sim/last-request", &[], None).ok();
    assert_eq!(last["method"], "POST");
    assert_eq!(last["operation"], "verifications.cancel");
    assert_eq!(last["path"], "/v1/app/setup/verifications/a%2Fb/cancel");
    assert_eq!(last["query"], json!({"q": ["1 2", "+"], "n": ""}));
    assert_eq!(last["headers"]["x-one"], "1, 2");
    assert_eq!(last["headers"]["authorization"], "Bearer t");
    assert_eq!(last["body"], json!({"code": "m.user", "extra": [1, null]}));
    assert!(last.get("bodyText").is_none());

    http.send("GET", "/nowhere", &[], None)
        .err(404, "NOT_FOUND");
    let last = http.send("GET", "/_sim/last-request", &[], None).ok();
    assert_eq!(
        (&last["operation"], &last["body"]),
        (&Value::Null, &Value::Null)
    );

    let stats = http.send("GET", "/_sim/stats", &[], None).ok();
    assert_eq!(stats["requests"], 2);
    assert_eq!(
        stats["byEndpoint"]["POST /v1/app/setup/verifications/{id}/cancel"],
        1
    );
    // The state's own endpoints have nothing to steer here.
    for path in ["/_sim/other-device/accept", "/_sim/first-sync"] {
        http.control(path, json!({})).err(404, "NOT_IN_MOCK_MODE");
    }
    http.control("/_sim/reset", json!({"stats": true})).ok();
    let stats = http.send("GET", "/_sim/stats", &[], None).ok();
    assert_eq!(stats["requests"], 0);
}

#[test]
fn faults_still_apply() {
    let (_sim, mut http) = mock(false);
    http.control("/_sim/faults", json!({"count": 1, "status": 503}))
        .ok();
    assert_eq!(http.get("/v1/app/setup").status, 503);
    assert_eq!(http.get("/v1/app/setup").status, 200);
}

#[test]
fn options_and_flags_that_do_not_fit_are_refused() {
    let err = Sim::start(SimOptions {
        require_token: true,
        ..SimOptions::default()
    })
    .err()
    .expect("require_token without mock");
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);

    assert_args_refused(&[
        &["--require-token"],
        &["--mock", "--auto"],
        &["--mock", "--scenario", "new"],
        &["--mock=yes"],
    ]);
}

#[test]
fn binary_in_mock_mode_prints_its_url_first() {
    let (mut child, base) = spawn_binary(&["--mock", "--require-token", "--port", "0"]);
    let mut http = Http::new(&base);
    http.get("/v1/app/setup/verifications")
        .err(401, "UNAUTHORIZED");
    http.token = Some("t".into());
    assert_eq!(
        http.get("/v1/app/setup/verifications/x").ok()["verification"]["id"],
        "x"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
