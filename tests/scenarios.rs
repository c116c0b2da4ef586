//! The three scenarios end to end through the typed API, and every operation's happy path.

mod common;

use beeper_setup::models::*;
use beeper_setup::{next_step, Client, Operation, Secret, Step, WaitParams};
use common::Fixture;
use serde_json::{json, Value};

fn wait_ready(fx: &Fixture, client: &Client) -> Session {
    fx.post("/_sim/first-sync", json!({}));
    let text = client
        .wait(&WaitParams {
            interval_ms: 20,
            timeout_ms: 10_000,
            ..WaitParams::default()
        })
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn new_account_registers_and_creates_a_recovery_key() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    assert_eq!(
        client.setup().retrieve().unwrap().state,
        SessionState::NeedsLogin
    );
    let SignInResponse::RegistrationRequired(reg) = fx.sign_in(&client, "newbie@example.com")
    else {
        panic!("a new address needs registration")
    };
    assert_eq!(reg.copy.title, "Choose your username");
    assert!(!client.has_access_token());
    let username = reg
        .username_suggestions
        .clone()
        .unwrap_or_default()
        .first()
        .cloned()
        .unwrap_or("newbie".into());
    let registered = client
        .setup()
        .register(&RegisterParams {
            accept_terms: true,
            lead_token: reg.lead_token,
            setup_request_id: reg.setup_request_id,
            username,
        })
        .unwrap();
    assert!(
        client.has_access_token(),
        "the token is adopted after register"
    );
    assert_eq!(
        registered.session.state,
        SessionState::NeedsCrossSigningSetup
    );
    assert_eq!(next_step(&registered.session).step, Step::CreateRecoveryKey);

    let created = client
        .recovery_key()
        .reset_create(&ResetCreateParams::default())
        .unwrap();
    let key = created.recovery_key.expose().to_owned();
    assert_eq!(key.split(' ').count(), 12, "groups of four");
    assert!(
        !format!("{created:?}").contains(&key),
        "Debug hides the key"
    );
    let wrong = client.recovery_key().reset_confirm(&RecoveryKeyParams {
        recovery_key: Secret::new("EsTc 0000"),
    });
    assert_eq!(wrong.unwrap_err().status.map(|s| s / 100), Some(4));
    let confirmed = client
        .recovery_key()
        .reset_confirm(&RecoveryKeyParams {
            recovery_key: created.recovery_key,
        })
        .unwrap();
    assert_eq!(confirmed.session.state, SessionState::NeedsFirstSync);
    assert_eq!(next_step(&confirmed.session).step, Step::Wait);
    let ready = wait_ready(&fx, &client);
    assert_eq!(ready.state, SessionState::Ready);
    assert!(ready.e2ee.verified && ready.e2ee.first_sync_done);
    assert!(ready.matrix.is_some());
}

#[test]
fn existing_account_verifies_by_emoji_comparison() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let SignInResponse::Success(signed_in) = fx.sign_in(&client, "existing@example.com") else {
        panic!("an existing account signs in")
    };
    assert_eq!(signed_in.session.state, SessionState::NeedsVerification);
    assert_eq!(
        next_step(&signed_in.session).action.as_deref(),
        Some("create")
    );
    let verifications = client.verifications();
    let created = verifications
        .create(&CreateVerificationParams::default())
        .unwrap();
    let v = created.verification.unwrap();
    assert_eq!(v.state, VerificationState::Requested);
    assert_eq!(v.direction, VerificationDirection::Outgoing);
    assert_eq!(verifications.list().unwrap().items.len(), 1);

    fx.post("/_sim/other-device/accept", json!({}));
    let ready = verifications.retrieve(&v.id).unwrap();
    let rv = ready.verification.as_ref().unwrap();
    assert_eq!(rv.state, VerificationState::Ready);
    assert!(rv.qr.is_some());
    assert_eq!(
        next_step(&ready.session).action.as_deref(),
        Some("sas.start")
    );

    let sas = verifications.sas_start("active").unwrap();
    let step = next_step(&sas.session);
    assert_eq!(step.action.as_deref(), Some("compare-emojis"));
    let emojis = step.emojis.unwrap();
    assert_eq!(
        emojis.chars().filter(|c| !c.is_whitespace()).count(),
        7,
        "{emojis}"
    );

    verifications.sas_confirm(&v.id).unwrap();
    fx.post("/_sim/other-device/confirm", json!({}));
    let session = client.setup().retrieve().unwrap();
    assert_eq!(session.state, SessionState::NeedsFirstSync);
    assert_eq!(wait_ready(&fx, &client).state, SessionState::Ready);
}

#[test]
fn incoming_verification_by_qr_code() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    fx.post("/_sim/other-device/request", json!({}));
    let session = client.setup().retrieve().unwrap();
    let step = next_step(&session);
    assert_eq!(step.action.as_deref(), Some("accept"));
    let id = step.verification_id.unwrap();
    let accepted = client.verifications().accept(&id).unwrap();
    assert_eq!(
        accepted.verification.unwrap().direction,
        VerificationDirection::Incoming
    );

    let bad = client.verifications().qr_scan(&QrScanParams {
        data: "not the payload".into(),
    });
    assert_eq!(bad.unwrap_err().kind, beeper_setup::ErrorKind::Api);
    let payload = fx.state()["otherDeviceQr"].as_str().unwrap().to_owned();
    let scanned = client
        .verifications()
        .qr_scan(&QrScanParams { data: payload })
        .unwrap();
    assert_eq!(
        scanned.verification.unwrap().state,
        VerificationState::QrScanned
    );
    assert_eq!(
        next_step(&scanned.session).action.as_deref(),
        Some("qr.confirmScanned")
    );
    let done = client.verifications().qr_confirm_scanned("active").unwrap();
    assert_eq!(done.session.state, SessionState::NeedsFirstSync);
}

#[test]
fn cancel_fills_in_the_error() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    client
        .verifications()
        .create(&CreateVerificationParams::default())
        .unwrap();
    let cancelled = client
        .verifications()
        .cancel(
            "active",
            &CancelParams {
                code: Some("m.user".into()),
                reason: Some("changed my mind".into()),
            },
        )
        .unwrap();
    let v = cancelled.verification.unwrap();
    assert_eq!(v.state, VerificationState::Cancelled);
    assert_eq!(v.error.unwrap().reason, "changed my mind");
    assert!(v.available_actions.is_empty());
}

#[test]
fn recovery_key_unlocks_an_existing_account() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let SignInResponse::Success(s) = fx.sign_in(&client, "recovery@example.com") else {
        panic!("signs in")
    };
    assert_eq!(s.session.state, SessionState::NeedsSecrets);
    assert_eq!(next_step(&s.session).step, Step::EnterRecoveryKey);
    let wrong = client.recovery_key().verify(&RecoveryKeyParams {
        recovery_key: Secret::new("nope"),
    });
    assert_eq!(wrong.unwrap_err().kind, beeper_setup::ErrorKind::Api);
    let key = fx.state()["recoveryKey"].as_str().unwrap().to_owned();
    let unlocked = client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(key),
        })
        .unwrap();
    assert_eq!(unlocked.session.state, SessionState::NeedsFirstSync);
    assert_eq!(wait_ready(&fx, &client).state, SessionState::Ready);
}

/// The JSON path (what the C ABI uses) returns the server's text as sent and adopts the token.
#[test]
fn raw_calls_return_the_server_text() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let start: Value =
        serde_json::from_str(&client.call(Operation::SetupStart, None, None).unwrap()).unwrap();
    let rid = start["setupRequestID"].as_str().unwrap();
    let email = json!({"email": "existing@example.com", "setupRequestID": rid, "futureField": 1});
    assert_eq!(
        client
            .call(Operation::SetupEmail, None, Some(&email.to_string()))
            .unwrap(),
        "null"
    );
    let resp = json!({"response": fx.code(), "setupRequestID": rid}).to_string();
    let text = client
        .call(Operation::SetupResponse, None, Some(&resp))
        .unwrap();
    assert!(text.contains("accessToken"));
    assert!(client.has_access_token());
    let list = client
        .call(Operation::VerificationsList, None, None)
        .unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&list).unwrap()["items"],
        json!([])
    );
}

#[test]
fn adoption_can_be_turned_off() {
    let fx = Fixture::new();
    let client = fx.client(json!({"adoptAccessToken": false}));
    let SignInResponse::Success(s) = fx.sign_in(&client, "existing@example.com") else {
        panic!()
    };
    assert!(!client.has_access_token());
    let e = client.verifications().list().unwrap_err();
    assert_eq!(e.status, Some(401));
    client
        .set_access_token(Some(s.matrix.access_token))
        .unwrap();
    assert!(client.verifications().list().is_ok());
}
