//! The JSON text `beeper_setup_next_step` and `_with` answer, byte for byte, for sessions that
//! reach every part of it (the comparison, the outcome, the other device, the ways out, a state
//! this version does not know): its keys, their order, what is left out, how values are spelled.
//! Apps parse this text in every language; it must not change by accident.

use beeper_setup::{next_step_json, next_step_json_with, StepOptions};
use serde_json::{json, Value};

fn session(state: &str, verification: Option<Value>) -> String {
    let mut s = json!({"state": state, "e2ee": {"crossSigning": true, "firstSyncDone": false,
        "hasBackedUpRecoveryKey": true, "initialized": true, "keyBackup": true,
        "secretStorage": true, "verified": false, "secrets": {"masterKey": false,
        "megolmBackupKey": false, "recoveryKey": false, "selfSigningKey": false,
        "userSigningKey": false}}});
    if let Some(v) = verification {
        s["verification"] = v;
    }
    s.to_string()
}

fn verification(state: &str, actions: &[&str], error: Option<(&str, &str)>) -> Value {
    let mut v = json!({"id": "v1", "availableActions": actions, "direction": "incoming",
        "methods": ["qr", "sas"], "purpose": "login", "state": state,
        "otherDevice": {"id": "PHONE", "name": "Phone"}, "qr": {"data": "QRDATA"},
        "sas": {"emojis": "🐶🍄🍄☎️🐱🌵👑", "decimals": "1234 5678 9012"}});
    if let Some((code, reason)) = error {
        v["error"] = json!({"code": code, "reason": reason});
    }
    v
}

#[test]
fn the_json_text_of_each_kind_of_step_is_exactly_as_before() {
    let german = StepOptions {
        language: Some("de-DE".into()),
        cancelled_here: vec![],
    };
    let ours = StepOptions {
        language: None,
        cancelled_here: vec!["v1".into()],
    };
    let cases: Vec<(String, StepOptions)> = vec![
        (session("ready", None), StepOptions::default()),
        (session("needs-login", None), StepOptions::default()),
        (session("needs-something-new", None), StepOptions::default()),
        (session("needs-verification", None), StepOptions::default()),
        (
            session(
                "needs-verification",
                Some(verification("sas_ready", &["sas.confirm", "cancel"], None)),
            ),
            german,
        ),
        (
            session(
                "needs-verification",
                Some(verification("requested", &["accept", "cancel"], None)),
            ),
            StepOptions::default(),
        ),
        (
            session(
                "needs-verification",
                Some(verification(
                    "cancelled",
                    &[],
                    Some(("m.mismatched_sas", "No match")),
                )),
            ),
            StepOptions::default(),
        ),
        (
            session(
                "needs-verification",
                Some(verification("cancelled", &[], Some(("m.user", "Bye")))),
            ),
            ours,
        ),
        (
            session(
                "needs-verification",
                Some(verification("teleporting", &["cancel"], None)),
            ),
            StepOptions::default(),
        ),
    ];
    let got: Vec<String> = cases
        .iter()
        .map(|(s, options)| next_step_json_with(s, options).unwrap())
        .collect();
    assert_eq!(got, EXPECTED);
    assert_eq!(next_step_json(&cases[0].0).unwrap(), EXPECTED[0]);
}

const EXPECTED: &[&str] = &[
    r#"{"step":"done","state":"ready","alternatives":[],"message":"Setup is complete."}"#,
    r#"{"step":"sign-in","state":"needs-login","alternatives":[],"message":"Sign in with your email address."}"#,
    r#"{"step":"unknown","state":"needs-something-new","alternatives":[],"message":"Beeper reports a state this app does not know: needs-something-new."}"#,
    r#"{"step":"verify-device","state":"needs-verification","action":"create","alternatives":["other-device","enter-recovery-key","create-recovery-key"],"message":"Verify this device from another signed-in device, or use your recovery key."}"#,
    r#"{"step":"verify-device","state":"needs-verification","verificationID":"v1","action":"compare-emojis","emojis":"🐶🍄🍄☎️🐱🌵👑","decimals":"1234 5678 9012","qrData":"QRDATA","comparison":{"emojis":[{"position":0,"emoji":"🐶","number":0,"englishName":"Dog","name":"Hund"},{"position":1,"emoji":"🍄","number":18,"englishName":"Mushroom","name":"Pilz"},{"position":2,"emoji":"🍄","number":18,"englishName":"Mushroom","name":"Pilz"},{"position":3,"emoji":"☎️","number":49,"englishName":"Telephone","name":"Telefon"},{"position":4,"emoji":"🐱","number":1,"englishName":"Cat","name":"Katze"},{"position":5,"emoji":"🌵","number":17,"englishName":"Cactus","name":"Kaktus"},{"position":6,"emoji":"👑","number":null,"englishName":null,"name":null}],"decimals":[1234,5678,9012],"language":"de"},"otherDevice":{"id":"PHONE","name":"Phone"},"direction":"incoming","alternatives":["other-device","qr","enter-recovery-key","create-recovery-key"],"message":"Check that the other device shows the same emojis, then confirm."}"#,
    r#"{"step":"verify-device","state":"needs-verification","verificationID":"v1","action":"accept","qrData":"QRDATA","otherDevice":{"id":"PHONE","name":"Phone"},"direction":"incoming","alternatives":["other-device","qr","enter-recovery-key","create-recovery-key"],"message":"Another device asks to verify this one. Accept it."}"#,
    r#"{"step":"verify-device","state":"needs-verification","verificationID":"v1","action":"create","outcome":{"kind":"mismatch","code":"m.mismatched_sas","reason":"No match","cancelledByUs":false},"otherDevice":{"id":"PHONE","name":"Phone"},"direction":"incoming","alternatives":["enter-recovery-key","other-device","create-recovery-key"],"message":"The emojis did not match, so the verification was stopped: someone may be interfering. Use your recovery key, or start again only from a device you trust."}"#,
    r#"{"step":"verify-device","state":"needs-verification","verificationID":"v1","action":"create","outcome":{"kind":"cancelled-here","code":"m.user","reason":"Bye","cancelledByUs":true},"otherDevice":{"id":"PHONE","name":"Phone"},"direction":"incoming","alternatives":["other-device","enter-recovery-key","create-recovery-key"],"message":"You cancelled the verification. Start a new one when you are ready."}"#,
    r#"{"step":"unknown","state":"needs-verification","alternatives":["other-device","qr","enter-recovery-key","create-recovery-key"],"message":"The verification is in a state this app does not know: teleporting."}"#,
];
