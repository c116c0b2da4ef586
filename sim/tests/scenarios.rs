//! Every scenario end to end over HTTP: each state transition, as a client would see it.

mod common;

use beeper_setup_sim::{SimOptions, SCENARIO_RECOVERY_KEY};
use common::{start, start_with, Http};
use serde_json::{json, Value};

const V: &str = "/v1/app/setup/verifications";

fn actions(v: &Value) -> Vec<&str> {
    v["availableActions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect()
}

fn assert_ready_after_first_sync(http: &mut Http) {
    let s = http.session();
    assert_eq!(s["state"], "needs-first-sync");
    assert_eq!(s["e2ee"]["verified"], true);
    assert_eq!(s["e2ee"]["firstSyncDone"], false);
    for k in [
        "masterKey",
        "megolmBackupKey",
        "recoveryKey",
        "selfSigningKey",
        "userSigningKey",
    ] {
        assert_eq!(s["e2ee"]["secrets"][k], true, "{k} in {s}");
    }
    let r = http.control("/_sim/first-sync", json!({})).ok();
    assert_eq!(r["session"]["state"], "ready");
    let s = http.session();
    assert_eq!(s["state"], "ready");
    assert_eq!(s["e2ee"]["firstSyncDone"], true);
    http.control("/_sim/first-sync", json!({}))
        .err(409, "INVALID_STATE");
}

#[test]
fn signed_out_session_is_public_and_has_no_matrix() {
    let (_sim, mut http) = start(None);
    let s = http.session();
    assert_eq!(s["state"], "needs-login");
    assert!(s.get("matrix").is_none());
    assert!(s.get("verification").is_none());
    assert_eq!(s["e2ee"]["initialized"], false);
    assert!(s["e2ee"].get("recoveryKeyGeneratedAt").is_none());
    // Any token is fine before sign-in.
    http.token = Some("whatever".into());
    assert_eq!(http.session()["state"], "needs-login");
}

#[test]
fn start_returns_fresh_ids_and_email_method() {
    let (_sim, mut http) = start(None);
    let a = http.post_empty("/v1/app/setup/start").ok();
    let b = http.post_empty("/v1/app/setup/start").ok();
    assert_eq!(a["signInMethods"], json!(["email"]));
    assert_ne!(a["setupRequestID"], b["setupRequestID"]);
}

#[test]
fn existing_account_outgoing_sas_verification() {
    let (_sim, mut http) = start(None);
    let r = http.sign_in("existing@example.com");
    let m = &r["matrix"];
    assert!(m["accessToken"].as_str().unwrap().starts_with("syt_"));
    assert_eq!(m["userID"], "@existing:beeper.com");
    assert_eq!(m["homeserver"], "https://matrix.beeper.com");
    assert_eq!(r["session"]["state"], "needs-verification");
    assert_eq!(r["session"]["matrix"]["deviceID"], m["deviceID"]);
    assert_eq!(r["session"]["e2ee"]["crossSigning"], true);
    assert_eq!(r["session"]["e2ee"]["verified"], false);
    assert!(r["session"]["e2ee"]["recoveryKeyGeneratedAt"].is_number());
    assert_eq!(http.sim_state()["scenario"], "existing");

    let c = http.post(V, json!({"purpose": "login"})).ok();
    let v = &c["verification"];
    assert_eq!(v["state"], "requested");
    assert_eq!(v["direction"], "outgoing");
    assert_eq!(v["purpose"], "login");
    assert_eq!(actions(v), ["cancel"]);
    assert_eq!(c["session"]["verification"]["id"], v["id"]);
    let id = v["id"].as_str().unwrap().to_string();

    // Nothing to start before the other device accepts.
    http.post_empty(&format!("{V}/{id}/sas/start"))
        .err(409, "ACTION_NOT_AVAILABLE");
    http.post_empty(&format!("{V}/{id}/accept"))
        .err(409, "ACTION_NOT_AVAILABLE");

    let a = http.control("/_sim/other-device/accept", json!({})).ok();
    let v = &a["verification"];
    assert_eq!(v["state"], "ready");
    assert_eq!(actions(v), ["sas.start", "cancel"]);
    assert_eq!(v["methods"], json!(["qr", "sas"]));
    assert!(v["qr"]["data"].as_str().unwrap().len() > 10);
    assert!(v["otherDevice"]["id"].is_string());
    http.control("/_sim/other-device/accept", json!({}))
        .err(409, "ACTION_NOT_AVAILABLE");

    let s = http.post_empty(&format!("{V}/{id}/sas/start")).ok();
    let v = &s["verification"];
    assert_eq!(v["state"], "sas_ready");
    assert_eq!(actions(v), ["sas.confirm", "cancel"]);
    assert_eq!(v["sas"]["emojis"].as_str().unwrap().chars().count(), 7);
    let decimals: Vec<u32> = v["sas"]["decimals"]
        .as_str()
        .unwrap()
        .split(' ')
        .map(|d| d.parse().unwrap())
        .collect();
    assert_eq!(decimals.len(), 3);
    assert!(decimals.iter().all(|d| (1000..=9191).contains(d)));

    let c = http.post_empty(&format!("{V}/{id}/sas/confirm")).ok();
    assert_eq!(c["verification"]["state"], "sas_ready");
    assert_eq!(actions(&c["verification"]), ["cancel"]);
    assert_eq!(c["session"]["state"], "needs-verification");
    http.post_empty(&format!("{V}/{id}/sas/confirm"))
        .err(409, "ACTION_NOT_AVAILABLE");

    let d = http.control("/_sim/other-device/confirm", json!({})).ok();
    let v = &d["verification"];
    assert_eq!(v["state"], "done");
    assert!(actions(v).is_empty());
    assert_eq!(v["otherUserID"], "@existing:beeper.com");
    assert!(v["otherDevice"]["name"].is_string());
    assert_eq!(d["session"]["state"], "needs-first-sync");

    let list = http.get(V).ok();
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["state"], "done");
    let got = http.get(&format!("{V}/{id}")).ok();
    assert_eq!(got["verification"]["state"], "done");
    // Nothing is in progress any more.
    http.get(&format!("{V}/active"))
        .err(404, "VERIFICATION_NOT_FOUND");
    assert_ready_after_first_sync(&mut http);
}

#[test]
fn other_device_may_confirm_first() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    http.post(V, json!({})).ok();
    http.control("/_sim/other-device/accept", json!({})).ok();
    http.post_empty(&format!("{V}/active/sas/start")).ok();
    let c = http.control("/_sim/other-device/confirm", json!({})).ok();
    assert_eq!(c["verification"]["state"], "sas_ready");
    assert_eq!(actions(&c["verification"]), ["sas.confirm", "cancel"]);
    http.control("/_sim/other-device/confirm", json!({}))
        .err(409, "ACTION_NOT_AVAILABLE");
    let d = http.post_empty(&format!("{V}/active/sas/confirm")).ok();
    assert_eq!(d["verification"]["state"], "done");
    assert_eq!(d["session"]["state"], "needs-first-sync");
}

#[test]
fn incoming_verification_with_qr_scan() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    // The other device cannot act on a request that does not exist.
    http.control("/_sim/other-device/accept", json!({}))
        .err(409, "NO_ACTIVE_VERIFICATION");
    let r = http.control("/_sim/other-device/request", json!({})).ok();
    let v = &r["verification"];
    assert_eq!(v["direction"], "incoming");
    assert_eq!(v["state"], "requested");
    assert_eq!(actions(v), ["accept", "cancel"]);
    assert!(v["otherDevice"]["id"].is_string());
    http.control("/_sim/other-device/request", json!({}))
        .err(409, "VERIFICATION_IN_PROGRESS");
    http.control("/_sim/other-device/accept", json!({}))
        .err(409, "ACTION_NOT_AVAILABLE");

    let a = http.post_empty(&format!("{V}/active/accept")).ok();
    assert_eq!(a["verification"]["state"], "ready");
    assert_eq!(actions(&a["verification"]), ["sas.start", "cancel"]);

    let qr = http.sim_state()["otherDeviceQr"]
        .as_str()
        .unwrap()
        .to_string();
    http.post(&format!("{V}/qr/scan"), json!({"data": "not the code"}))
        .err(400, "QR_MISMATCH");
    let s = http.post(&format!("{V}/qr/scan"), json!({"data": qr})).ok();
    assert_eq!(s["verification"]["state"], "qr_scanned");
    assert_eq!(actions(&s["verification"]), ["qr.confirmScanned", "cancel"]);
    http.post(&format!("{V}/qr/scan"), json!({"data": qr}))
        .err(409, "ACTION_NOT_AVAILABLE");
    let d = http
        .post_empty(&format!("{V}/active/qr/confirm-scanned"))
        .ok();
    assert_eq!(d["verification"]["state"], "done");
    assert_eq!(d["session"]["state"], "needs-first-sync");
    assert_ready_after_first_sync(&mut http);
}

#[test]
fn other_device_scans_this_devices_qr() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    let c = http.post(V, json!({})).ok();
    let id = c["verification"]["id"].as_str().unwrap().to_string();
    let a = http.control("/_sim/other-device/accept", json!({})).ok();
    let own_qr = a["verification"]["qr"]["data"].clone();
    http.control("/_sim/other-device/scan", json!({"data": "nope"}))
        .err(400, "QR_MISMATCH");
    let s = http
        .control("/_sim/other-device/scan", json!({"data": own_qr}))
        .ok();
    assert_eq!(s["verification"]["state"], "qr_scanned");
    // The real id works as well as "active", percent-encoded or not.
    let encoded: String = id.chars().map(|c| format!("%{:02X}", c as u32)).collect();
    let d = http
        .post_empty(&format!("{V}/{encoded}/qr/confirm-scanned"))
        .ok();
    assert_eq!(d["verification"]["state"], "done");
}

#[test]
fn cancel_with_and_without_reason() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    http.post(V, json!({})).ok();
    let c = http
        .post(
            &format!("{V}/active/cancel"),
            json!({"code": "m.mismatched_sas", "reason": "They did not match"}),
        )
        .ok();
    let v = &c["verification"];
    assert_eq!(v["state"], "cancelled");
    assert_eq!(
        v["error"],
        json!({"code": "m.mismatched_sas", "reason": "They did not match"})
    );
    assert!(actions(v).is_empty());
    assert_eq!(c["session"]["state"], "needs-verification");
    let id = v["id"].as_str().unwrap().to_string();
    http.post_empty(&format!("{V}/{id}/cancel"))
        .err(409, "ACTION_NOT_AVAILABLE");
    http.post_empty(&format!("{V}/active/cancel"))
        .err(404, "VERIFICATION_NOT_FOUND");

    // A new one may start after a cancel; a cancel without a body gets defaults.
    http.post(V, json!({})).ok();
    http.post(V, json!({})).err(409, "VERIFICATION_IN_PROGRESS");
    let c = http.post_empty(&format!("{V}/active/cancel")).ok();
    assert_eq!(c["verification"]["error"]["code"], "m.user");
    assert!(c["verification"]["error"]["reason"].is_string());
    assert_eq!(http.get(V).ok()["items"].as_array().unwrap().len(), 2);

    // The other device can cancel too.
    http.post(V, json!({})).ok();
    let c = http.control("/_sim/other-device/cancel", json!({})).ok();
    assert_eq!(c["verification"]["state"], "cancelled");
}

#[test]
fn existing_account_can_use_the_recovery_key_instead() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    http.post(V, json!({})).ok();
    let r = http
        .post(
            "/v1/app/setup/verification/recovery-key",
            json!({"recoveryKey": SCENARIO_RECOVERY_KEY}),
        )
        .ok();
    assert_eq!(r["session"]["state"], "needs-first-sync");
    // The pending verification is over once the device is verified another way.
    assert_eq!(r["session"]["verification"]["state"], "cancelled");
}

#[test]
fn recovery_account_unlocks_with_its_key() {
    let (_sim, mut http) = start(None);
    let r = http.sign_in("recovery@example.com");
    assert_eq!(r["session"]["state"], "needs-secrets");
    assert_eq!(r["session"]["e2ee"]["secrets"]["masterKey"], false);
    let st = http.sim_state();
    assert_eq!(st["scenario"], "recovery");
    assert_eq!(st["recoveryKey"], SCENARIO_RECOVERY_KEY);
    // Verification is not how this account gets its keys.
    http.post(V, json!({})).err(409, "INVALID_STATE");

    let rk = "/v1/app/setup/verification/recovery-key";
    http.post(rk, json!({"recoveryKey": "EsTc wrong"}))
        .err(400, "INVALID_RECOVERY_KEY");
    // Spacing does not matter, as users paste keys in many ways.
    let compact: String = SCENARIO_RECOVERY_KEY.split(' ').collect();
    let r = http.post(rk, json!({"recoveryKey": compact})).ok();
    assert_eq!(r["session"]["state"], "needs-first-sync");
    http.post(rk, json!({"recoveryKey": SCENARIO_RECOVERY_KEY}))
        .err(409, "INVALID_STATE");
    assert_ready_after_first_sync(&mut http);
}

#[test]
fn recovery_account_can_reset_its_key() {
    let (_sim, mut http) = start(None);
    http.sign_in("recovery@example.com");
    let reset = "/v1/app/setup/verification/recovery-key/reset";
    http.post(reset, json!({"existingRecoveryKey": "bad"}))
        .err(400, "INVALID_RECOVERY_KEY");
    let r = http
        .post(reset, json!({"existingRecoveryKey": SCENARIO_RECOVERY_KEY}))
        .ok();
    let key = r["recoveryKey"].as_str().unwrap().to_string();
    assert_ne!(key, SCENARIO_RECOVERY_KEY);
    let c = http
        .post(&format!("{reset}/confirm"), json!({"recoveryKey": key}))
        .ok();
    assert_eq!(c["session"]["state"], "needs-first-sync");
    assert_eq!(http.sim_state()["recoveryKey"], key.as_str());
}

fn assert_recovery_key_format(key: &str) {
    let groups: Vec<&str> = key.split(' ').collect();
    assert_eq!(groups.len(), 12, "{key}");
    assert!(key.starts_with("Es"), "{key}");
    for g in groups {
        assert_eq!(g.len(), 4, "{key}");
        assert!(
            g.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0OIl".contains(c)),
            "{key}"
        );
    }
}

#[test]
fn new_account_registers_and_creates_a_recovery_key() {
    let (_sim, mut http) = start(None);
    let r = http.sign_in("Someone.New@example.org");
    assert_eq!(r["registrationRequired"], true);
    assert!(r["leadToken"].is_string());
    assert!(r.get("matrix").is_none());
    assert_eq!(
        r["copy"],
        json!({
            "submit": "Continue",
            "terms": "By continuing, you agree to the Terms of Use and acknowledge the Privacy Policy.",
            "title": "Choose your username",
            "usernamePlaceholder": "Username",
        })
    );
    let suggestions = r["usernameSuggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty());
    assert_eq!(suggestions[0], "someone.new");
    assert_eq!(http.session()["state"], "needs-login");

    let reg = "/v1/app/setup/register";
    let mut body = json!({"acceptTerms": true, "leadToken": "wrong",
                          "setupRequestID": r["setupRequestID"], "username": "newbie"});
    http.post(reg, body.clone()).err(400, "INVALID_LEAD_TOKEN");
    body["leadToken"] = r["leadToken"].clone();
    let v = http.post(reg, body.clone()).ok();
    assert_eq!(v["matrix"]["userID"], "@newbie:beeper.com");
    assert!(v["matrix"]["accessToken"].is_string());
    let s = &v["session"];
    assert_eq!(s["state"], "needs-cross-signing-setup");
    assert_eq!(s["e2ee"]["initialized"], true);
    assert_eq!(s["e2ee"]["crossSigning"], false);
    assert!(s["e2ee"].get("recoveryKeyGeneratedAt").is_none());
    // The setup request is spent.
    http.post(reg, body).err(409, "ALREADY_SIGNED_IN");
    http.token = Some(v["matrix"]["accessToken"].as_str().unwrap().into());

    let reset = "/v1/app/setup/verification/recovery-key/reset";
    let confirm = "/v1/app/setup/verification/recovery-key/reset/confirm";
    http.post(confirm, json!({"recoveryKey": "anything"}))
        .err(409, "NO_PENDING_RECOVERY_KEY");
    http.post(
        "/v1/app/setup/verification/recovery-key",
        json!({"recoveryKey": SCENARIO_RECOVERY_KEY}),
    )
    .err(409, "INVALID_STATE");
    let c = http.post(reset, json!({})).ok();
    let key = c["recoveryKey"].as_str().unwrap().to_string();
    assert_recovery_key_format(&key);
    assert_eq!(c["session"]["state"], "needs-cross-signing-setup");
    assert!(c["session"]["e2ee"]["recoveryKeyGeneratedAt"].is_number());
    // A second create replaces the first key; only the latest confirms.
    let c2 = http.post_empty(reset).ok();
    let key2 = c2["recoveryKey"].as_str().unwrap().to_string();
    assert_recovery_key_format(&key2);
    assert_ne!(key, key2);
    assert_eq!(http.sim_state()["pendingRecoveryKey"], key2.as_str());
    http.post(confirm, json!({"recoveryKey": key}))
        .err(400, "RECOVERY_KEY_MISMATCH");
    let done = http.post(confirm, json!({"recoveryKey": key2})).ok();
    let s = &done["session"];
    assert_eq!(s["state"], "needs-first-sync");
    assert_eq!(s["e2ee"]["crossSigning"], true);
    assert_eq!(s["e2ee"]["hasBackedUpRecoveryKey"], true);
    assert_eq!(s["e2ee"]["secretStorage"], true);
    assert_eq!(s["e2ee"]["keyBackup"], true);
    assert_ready_after_first_sync(&mut http);
}

#[test]
fn scenario_override_ignores_the_email() {
    let (_sim, mut http) = start(Some("recovery"));
    let r = http.sign_in("existing@example.com");
    assert_eq!(r["session"]["state"], "needs-secrets");

    let reset = http
        .control("/_sim/reset", json!({"scenario": "existing"}))
        .ok();
    assert_eq!(reset["state"], "needs-login");
    assert_eq!(reset["scenario"], "existing");
    http.token = None;
    let r = http.sign_in("someone@example.com");
    assert_eq!(r["session"]["state"], "needs-verification");

    http.control("/_sim/reset", json!({"scenario": "new"})).ok();
    let r = http.sign_in("recovery@example.com");
    assert_eq!(r["registrationRequired"], true);

    // null clears the override: the email decides again.
    http.control("/_sim/reset", json!({"scenario": null})).ok();
    let r = http.sign_in("recovery@example.com");
    assert_eq!(r["session"]["state"], "needs-secrets");
    http.control("/_sim/reset", json!({"scenario": "bogus"}))
        .err(400, "UNKNOWN_SCENARIO");
}

#[test]
fn reset_signs_out_and_invalidates_the_token() {
    let (_sim, mut http) = start(None);
    http.sign_in("existing@example.com");
    assert_eq!(http.session()["state"], "needs-verification");
    http.control("/_sim/reset", json!({})).ok();
    // Signed out again: the session is public, and the old token opens nothing.
    assert_eq!(http.session()["state"], "needs-login");
    http.get(V).err(401, "UNAUTHORIZED");
    let st = http.sim_state();
    assert!(st["accessToken"].is_null());
    assert!(st["verification"].is_null());
}

#[test]
fn auto_mode_runs_the_existing_scenario_unattended() {
    let (_sim, mut http) = start_with(SimOptions {
        auto: true,
        ..SimOptions::default()
    });
    http.sign_in("existing@example.com");
    http.post(V, json!({})).ok();
    let st = http.wait_for("the other device to accept", |s| {
        s["verification"]["state"] == "ready"
    });
    assert_eq!(st["auto"], true);
    http.post_empty(&format!("{V}/active/sas/start")).ok();
    http.post_empty(&format!("{V}/active/sas/confirm")).ok();
    http.wait_for("the other device to confirm", |s| {
        s["verification"]["state"] == "done"
    });
    http.wait_for("the first sync", |s| s["state"] == "ready");
    assert_eq!(http.session()["e2ee"]["firstSyncDone"], true);
}

#[test]
fn auto_mode_can_be_set_by_reset() {
    let (_sim, mut http) = start(None);
    let r = http
        .control("/_sim/reset", json!({"auto": true, "scenario": "recovery"}))
        .ok();
    assert_eq!(r["auto"], true);
    http.sign_in("x@example.com");
    http.post(
        "/v1/app/setup/verification/recovery-key",
        json!({"recoveryKey": SCENARIO_RECOVERY_KEY}),
    )
    .ok();
    http.wait_for("the first sync", |s| s["state"] == "ready");
}
