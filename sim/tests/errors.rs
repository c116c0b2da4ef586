//! The error side of the API: auth, validation, routing, expired and unknown ids, and
//! actions that are not available now.

mod common;

use common::start;
use serde_json::{json, Value};

const V: &str = "/v1/app/setup/verifications";

fn issues(v: &Value) -> Vec<(String, Value)> {
    v["details"]["issues"]
        .as_array()
        .unwrap_or_else(|| panic!("no issues in {v}"))
        .iter()
        .map(|i| {
            assert!(i["message"].is_string());
            (i["code"].as_str().unwrap().to_string(), i["path"].clone())
        })
        .collect()
}

#[test]
fn bearer_endpoints_need_the_issued_token() {
    let (_sim, mut http) = start(None);
    let bearer: [(&str, &str); 11] = [
        ("POST", "/v1/app/setup/verification/recovery-key"),
        ("POST", "/v1/app/setup/verification/recovery-key/reset"),
        (
            "POST",
            "/v1/app/setup/verification/recovery-key/reset/confirm",
        ),
        ("GET", V),
        ("POST", V),
        ("GET", "/v1/app/setup/verifications/active"),
        ("POST", "/v1/app/setup/verifications/active/accept"),
        ("POST", "/v1/app/setup/verifications/active/cancel"),
        ("POST", "/v1/app/setup/verifications/qr/scan"),
        ("POST", "/v1/app/setup/verifications/active/sas/start"),
        ("POST", "/v1/app/setup/verifications/active/sas/confirm"),
    ];
    // Signed out: nothing can be right.
    for (m, p) in bearer {
        http.send(m, p, &[], Some(b"{}")).err(401, "UNAUTHORIZED");
    }
    http.sign_in("existing@example.com");
    let token = http.token.clone().unwrap();
    for (m, p) in bearer {
        http.send(m, p, &[], Some(b"{}")).err(401, "UNAUTHORIZED");
        http.send(m, p, &[("Authorization", "Bearer nope")], Some(b"{}"))
            .err(401, "UNAUTHORIZED");
        http.send(m, p, &[("Authorization", &token)], Some(b"{}"))
            .err(401, "UNAUTHORIZED");
    }
    // After sign-in the session is private too.
    http.send("GET", "/v1/app/setup", &[], None)
        .err(401, "UNAUTHORIZED");
    let auth = format!("bearer {token}");
    let r = http.send("GET", "/v1/app/setup", &[("Authorization", &auth)], None);
    assert_eq!(r.ok()["state"], "needs-verification");
    assert_eq!(http.get(V).ok(), json!({"items": []}));
}

#[test]
fn sign_in_endpoints_ignore_authorization() {
    let (_sim, mut http) = start(None);
    http.token = Some("garbage".into());
    let v = http.sign_in("recovery@example.com");
    assert_eq!(v["session"]["state"], "needs-secrets");
}

#[test]
fn email_code_rules() {
    let (_sim, mut http) = start(None);
    http.post(
        "/v1/app/setup/email",
        json!({"email": "a@b.c", "setupRequestID": "never-issued"}),
    )
    .err(404, "SETUP_REQUEST_NOT_FOUND");
    http.post(
        "/v1/app/setup/response",
        json!({"response": "123456", "setupRequestID": "never-issued"}),
    )
    .err(404, "SETUP_REQUEST_NOT_FOUND");

    let id = http.post_empty("/v1/app/setup/start").ok()["setupRequestID"].clone();
    http.post(
        "/v1/app/setup/response",
        json!({"response": "123456", "setupRequestID": id}),
    )
    .err(409, "EMAIL_NOT_SENT");
    let email = json!({"email": "existing@example.com", "setupRequestID": id});
    assert_eq!(http.post("/v1/app/setup/email", email.clone()).status, 200);
    let first = http.sim_state()["lastEmailCode"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(first.len(), 6);
    assert!(first.chars().all(|c| c.is_ascii_digit()));
    // A new email makes a new code; the old one is no longer good.
    let mut second = first.clone();
    for _ in 0..5 {
        assert_eq!(http.post("/v1/app/setup/email", email.clone()).status, 200);
        second = http.sim_state()["lastEmailCode"]
            .as_str()
            .unwrap()
            .to_string();
        if second != first {
            break;
        }
    }
    assert_ne!(first, second, "six emails, one code");
    http.post(
        "/v1/app/setup/response",
        json!({"response": first, "setupRequestID": id}),
    )
    .err(400, "INVALID_CODE");
    let wrong = if second == "000000" {
        "111111"
    } else {
        "000000"
    };
    http.post(
        "/v1/app/setup/response",
        json!({"response": wrong, "setupRequestID": id}),
    )
    .err(400, "INVALID_CODE");
    // A wrong code leaves the request usable.
    let ok = http
        .post(
            "/v1/app/setup/response",
            json!({"response": second, "setupRequestID": id}),
        )
        .ok();
    assert!(ok["matrix"]["accessToken"].is_string());
    // Used once, gone.
    http.post(
        "/v1/app/setup/response",
        json!({"response": second, "setupRequestID": id}),
    )
    .err(409, "ALREADY_SIGNED_IN");
    http.post_empty("/v1/app/setup/start")
        .err(409, "ALREADY_SIGNED_IN");
}

#[test]
fn registration_request_is_spent_after_the_code() {
    let (_sim, mut http) = start(None);
    let r = http.sign_in("new@example.com");
    let id = r["setupRequestID"].clone();
    // The code was used: answering again is not a second chance.
    http.post(
        "/v1/app/setup/response",
        json!({"response": "123456", "setupRequestID": id}),
    )
    .err(409, "EMAIL_NOT_SENT");
    http.post(
        "/v1/app/setup/email",
        json!({"email": "new@example.com", "setupRequestID": id}),
    )
    .err(409, "CODE_ALREADY_USED");
    let id2 = http.post_empty("/v1/app/setup/start").ok()["setupRequestID"].clone();
    http.post(
        "/v1/app/setup/register",
        json!({"acceptTerms": true, "leadToken": r["leadToken"], "setupRequestID": id2, "username": "x"}),
    )
    .err(409, "REGISTRATION_NOT_REQUIRED");
    http.post(
        "/v1/app/setup/register",
        json!({"acceptTerms": true, "leadToken": r["leadToken"], "setupRequestID": "nope", "username": "x"}),
    )
    .err(404, "SETUP_REQUEST_NOT_FOUND");
}

#[test]
fn invalid_bodies_get_validation_issues() {
    let (_sim, mut http) = start(None);
    let e = http
        .post("/v1/app/setup/email", json!({}))
        .err(400, "VALIDATION_ERROR");
    assert_eq!(
        issues(&e),
        [
            ("invalid_type".to_string(), json!(["email"])),
            ("invalid_type".to_string(), json!(["setupRequestID"])),
        ]
    );
    let e = http
        .post(
            "/v1/app/setup/email",
            json!({"email": 5, "setupRequestID": "x"}),
        )
        .err(400, "VALIDATION_ERROR");
    assert_eq!(issues(&e), [("invalid_type".to_string(), json!(["email"]))]);
    let e = http
        .post(
            "/v1/app/setup/email",
            json!({"email": "no-at-sign", "setupRequestID": "x"}),
        )
        .err(400, "VALIDATION_ERROR");
    assert_eq!(
        issues(&e),
        [("invalid_string".to_string(), json!(["email"]))]
    );

    let e = http
        .post(
            "/v1/app/setup/register",
            json!({"acceptTerms": false, "leadToken": "l", "setupRequestID": "s", "username": ""}),
        )
        .err(400, "VALIDATION_ERROR");
    assert_eq!(
        issues(&e),
        [
            ("invalid_literal".to_string(), json!(["acceptTerms"])),
            ("too_small".to_string(), json!(["username"])),
        ]
    );
    let e = http
        .post(
            "/v1/app/setup/register",
            json!({"acceptTerms": "true", "leadToken": "l", "setupRequestID": "s", "username": "u"}),
        )
        .err(400, "VALIDATION_ERROR");
    assert_eq!(
        issues(&e),
        [("invalid_literal".to_string(), json!(["acceptTerms"]))]
    );

    let e = http
        .send("POST", "/v1/app/setup/response", &[], Some(b"{not json"))
        .err(400, "VALIDATION_ERROR");
    assert_eq!(issues(&e), [("invalid_json".to_string(), json!([]))]);
    let e = http
        .send("POST", "/v1/app/setup/response", &[], Some(b"[1,2]"))
        .err(400, "VALIDATION_ERROR");
    assert_eq!(issues(&e), [("invalid_type".to_string(), json!([]))]);

    // Bearer endpoints validate after auth.
    http.sign_in("existing@example.com");
    let e = http
        .post(V, json!({"purpose": "fun", "userID": 3}))
        .err(400, "VALIDATION_ERROR");
    assert_eq!(issues(&e).len(), 2);
    let e = http
        .post("/v1/app/setup/verifications/qr/scan", json!({}))
        .err(400, "VALIDATION_ERROR");
    assert_eq!(issues(&e), [("invalid_type".to_string(), json!(["data"]))]);
    http.post(&format!("{V}/active/cancel"), json!({"code": 1}))
        .err(400, "VALIDATION_ERROR");
    // Unknown fields are fine.
    http.post(V, json!({"purpose": "login", "future": true}))
        .ok();
}

#[test]
fn unknown_paths_and_methods() {
    let (_sim, mut http) = start(None);
    http.get("/v1/app/nope").err(404, "NOT_FOUND");
    http.get("/").err(404, "NOT_FOUND");
    http.get("/v1/app/setup/").err(404, "NOT_FOUND");
    let r = http.get("/v1/app/setup/start");
    r.err(405, "METHOD_NOT_ALLOWED");
    assert_eq!(r.header("allow"), Some("POST"));
    http.send("DELETE", "/v1/app/setup", &[], None)
        .err(405, "METHOD_NOT_ALLOWED");
    http.send("PUT", V, &[], None)
        .err(405, "METHOD_NOT_ALLOWED");
    http.get("/_sim/nope").err(404, "NOT_FOUND");
    http.get("/_sim/reset").err(405, "METHOD_NOT_ALLOWED");
    http.send("POST", "/_sim/reset", &[], Some(b"nope"))
        .err(400, "BAD_REQUEST");
    // Query strings do not change the route.
    assert_eq!(http.get("/v1/app/setup?x=1").ok()["state"], "needs-login");
}

#[test]
fn verification_ids_and_availability() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    http.get(&format!("{V}/active"))
        .err(404, "VERIFICATION_NOT_FOUND");
    http.get(&format!("{V}/unknown-id"))
        .err(404, "VERIFICATION_NOT_FOUND");
    http.post_empty(&format!("{V}/unknown-id/accept"))
        .err(404, "VERIFICATION_NOT_FOUND");
    // An empty id is no verification at all.
    http.post_empty(&format!("{V}//accept"))
        .err(404, "VERIFICATION_NOT_FOUND");
    http.post("/v1/app/setup/verifications/qr/scan", json!({"data": "x"}))
        .err(404, "VERIFICATION_NOT_FOUND");

    let c = http.post(V, json!({"purpose": "device"})).ok();
    assert_eq!(c["verification"]["purpose"], "device");
    let id = c["verification"]["id"].as_str().unwrap().to_string();
    // "%61ctive" is "active", percent-encoded.
    let r = http.get(&format!("{V}/%61ctive")).ok();
    assert_eq!(r["verification"]["id"], id.as_str());
    let r = http.get(&format!("{V}/{id}")).ok();
    assert_eq!(r["session"]["state"], "needs-verification");
    for action in ["accept", "sas/start", "sas/confirm", "qr/confirm-scanned"] {
        http.post_empty(&format!("{V}/{id}/{action}"))
            .err(409, "ACTION_NOT_AVAILABLE");
    }
    http.post("/v1/app/setup/verifications/qr/scan", json!({"data": "x"}))
        .err(409, "ACTION_NOT_AVAILABLE");
    http.control("/_sim/other-device/confirm", json!({}))
        .err(409, "ACTION_NOT_AVAILABLE");
    http.control("/_sim/first-sync", json!({}))
        .err(409, "INVALID_STATE");
}

#[test]
fn flow_endpoints_refuse_the_wrong_phase() {
    let (_sim, mut http) = start(None);
    http.register("fresh@example.com", "fresh");
    http.post(V, json!({})).err(409, "INVALID_STATE");
    http.control("/_sim/other-device/request", json!({}))
        .err(409, "INVALID_STATE");
}
