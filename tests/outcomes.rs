//! Why a verification ended, who is asking and the ways out, as `next_step` reports them against
//! the simulator: every cancel code, a cancel sent from here, a timeout, accepted elsewhere, a
//! request from a named device, and the simulator's outcome scenarios.

mod common;

use beeper_setup::models::*;
use beeper_setup::{
    Alternative, Client, NextStep, OutcomeKind, StepOptions, WaitParams, WatchParams,
};
use beeper_setup_sim::SimOptions;
use common::Fixture;
use serde_json::json;

const EXISTING: &str = "existing@example.com";

/// A client signed in to the existing account with a verification this device asked for.
fn requested(fx: &Fixture) -> (Client, String) {
    let client = fx.client(json!({}));
    fx.sign_in(&client, EXISTING);
    let created = client
        .verifications()
        .create(&CreateVerificationParams::default())
        .unwrap();
    (client, created.verification.unwrap().id)
}

fn step(client: &Client) -> NextStep {
    let session = client.setup().retrieve().unwrap();
    client.next_step(&session, &StepOptions::default())
}

#[test]
fn every_cancel_code_from_the_other_device_has_its_outcome() {
    use OutcomeKind::*;
    for (code, kind) in [
        ("m.user", Declined),
        ("m.timeout", TimedOut),
        ("m.mismatched_sas", Mismatch),
        ("m.key_mismatch", Mismatch),
        ("m.user_mismatch", Mismatch),
        ("m.mismatched_commitment", Mismatch),
        ("m.accepted", AcceptedElsewhere),
        ("m.unknown_transaction", ProtocolError),
        ("m.unexpected_message", ProtocolError),
        ("m.invalid_message", ProtocolError),
        ("m.unknown_method", ProtocolError),
        ("com.example.teleported", Unknown),
    ] {
        let fx = Fixture::new();
        let (client, id) = requested(&fx);
        fx.post(
            "/_sim/other-device/cancel",
            json!({"code": code, "reason": "Said the other side."}),
        );
        let next = step(&client);
        let outcome = next.outcome.clone().expect(code);
        assert_eq!(
            (outcome.kind, outcome.cancelled_by_us),
            (kind, false),
            "{code}"
        );
        assert_eq!(outcome.code.as_deref(), Some(code));
        assert_eq!(outcome.reason.as_deref(), Some("Said the other side."));
        assert_eq!(next.verification_id.as_deref(), Some(id.as_str()));
        assert_eq!(next.action.as_deref(), Some("create"));
        assert_eq!(next.direction, Some(VerificationDirection::Outgoing));
        let first = if kind == Mismatch {
            Alternative::EnterRecoveryKey
        } else {
            Alternative::OtherDevice
        };
        assert_eq!(next.alternatives[0], first, "{code}");
        assert!(!next.alternatives.contains(&Alternative::Qr), "{code}");
        if kind == Unknown {
            assert!(
                next.message.contains("Said the other side."),
                "{}",
                next.message
            );
        }
    }
}

#[test]
fn a_cancel_sent_from_this_client_is_told_apart_from_one_on_the_other_device() {
    let fx = Fixture::new();
    let (client, id) = requested(&fx);
    // By the id `active`: the answer names the verification, which the client remembers.
    client
        .verifications()
        .cancel("active", &CancelParams::default())
        .unwrap();
    let here = step(&client).outcome.unwrap();
    assert_eq!(here.kind, OutcomeKind::CancelledHere);
    assert!(here.cancelled_by_us);
    assert_eq!(here.code.as_deref(), Some("m.user"));
    // A watch of this client says the same.
    let params = WatchParams {
        interval_ms: Some(20),
        timeout_ms: Some(5_000),
        ..WatchParams::default()
    };
    let mut watch = client.setup().watch(params).unwrap();
    let change = watch.next().unwrap().unwrap();
    assert_eq!(
        change.next_step.outcome.map(|o| o.kind),
        Some(OutcomeKind::CancelledHere)
    );

    // Another client of the same account did not send it: for it, the other side did. Told
    // otherwise, it agrees.
    let other = fx.client(json!({"accessToken": fx.state()["accessToken"]}));
    assert_eq!(step(&other).outcome.unwrap().kind, OutcomeKind::Declined);
    let session = other.setup().retrieve().unwrap();
    let told = StepOptions {
        cancelled_here: vec![id],
        ..StepOptions::default()
    };
    let told = other.next_step(&session, &told).outcome.unwrap();
    assert_eq!(told.kind, OutcomeKind::CancelledHere);

    // The emojis did not match, said here: a mismatch, cancelled by us.
    let created = client
        .verifications()
        .create(&CreateVerificationParams::default())
        .unwrap();
    let id = created.verification.unwrap().id;
    fx.post("/_sim/other-device/accept", json!({}));
    client.verifications().sas_start(&id).unwrap();
    let params = CancelParams {
        code: Some("m.mismatched_sas".into()),
        reason: Some("The emojis did not match.".into()),
    };
    client.verifications().cancel(&id, &params).unwrap();
    let next = step(&client);
    let mismatch = next.outcome.unwrap();
    assert_eq!(
        (mismatch.kind, mismatch.cancelled_by_us),
        (OutcomeKind::Mismatch, true)
    );
    assert_eq!(
        next.alternatives,
        [
            Alternative::EnterRecoveryKey,
            Alternative::OtherDevice,
            Alternative::CreateRecoveryKey
        ]
    );
}

#[test]
fn a_timeout_and_an_answer_from_another_device_are_their_own_outcomes() {
    for (endpoint, kind) in [
        ("/_sim/verification/timeout", OutcomeKind::TimedOut),
        (
            "/_sim/verification/accepted-elsewhere",
            OutcomeKind::AcceptedElsewhere,
        ),
    ] {
        let fx = Fixture::new();
        let (client, _) = requested(&fx);
        fx.post(endpoint, json!({}));
        let next = step(&client);
        assert_eq!(next.outcome.unwrap().kind, kind, "{endpoint}");
        assert_ne!(next.message, "", "{endpoint}");
    }
}

#[test]
fn a_request_from_a_named_device_says_who_asks_and_the_ways_out() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, EXISTING);
    let before = step(&client);
    assert_eq!(before.action.as_deref(), Some("create"));
    assert_eq!(
        before.alternatives,
        [
            Alternative::OtherDevice,
            Alternative::EnterRecoveryKey,
            Alternative::CreateRecoveryKey
        ]
    );
    fx.post(
        "/_sim/other-device/request",
        json!({"deviceID": "WORKLAPTOP", "deviceName": "Work laptop"}),
    );
    let next = step(&client);
    assert_eq!(next.action.as_deref(), Some("accept"));
    assert_eq!(next.direction, Some(VerificationDirection::Incoming));
    let device = next.other_device.unwrap();
    assert_eq!(
        (device.id.as_str(), device.name.as_deref()),
        ("WORKLAPTOP", Some("Work laptop"))
    );
    assert_eq!(
        next.alternatives,
        [
            Alternative::OtherDevice,
            Alternative::Qr,
            Alternative::EnterRecoveryKey,
            Alternative::CreateRecoveryKey
        ]
    );
    assert!(next.outcome.is_none());
}

#[test]
fn the_comparison_names_the_simulators_emojis_in_the_language_asked_for() {
    let fx = Fixture::new();
    let (client, id) = requested(&fx);
    fx.post("/_sim/other-device/accept", json!({}));
    let started = client.verifications().sas_start(&id).unwrap();
    let german = StepOptions {
        language: Some("de-DE".into()),
        ..StepOptions::default()
    };
    let next = client.next_step(&started.session, &german);
    let comparison = next.comparison.unwrap();
    assert_eq!(comparison.language, "de");
    assert_eq!(comparison.emojis.len(), 7);
    assert_eq!(comparison.decimals.as_ref().map(Vec::len), Some(3));
    for (i, entry) in comparison.emojis.iter().enumerate() {
        assert_eq!(entry.position, i);
        assert!(entry.number.is_some_and(|n| n < 64), "{entry:?}");
        assert!(entry.name.is_some() && entry.english_name.is_some());
    }
    let shown: String = comparison.emojis.iter().map(|e| e.emoji.as_str()).collect();
    assert_eq!(Some(shown), next.emojis);
}

/// The outcome scenarios play the other device by themselves, without `--auto`.
#[test]
fn each_outcome_scenario_ends_the_verification_its_way() {
    for (scenario, kind) in [
        ("declined", OutcomeKind::Declined),
        ("timeout", OutcomeKind::TimedOut),
        ("accepted-elsewhere", OutcomeKind::AcceptedElsewhere),
        ("protocol-error", OutcomeKind::ProtocolError),
        ("mismatch", OutcomeKind::Mismatch),
    ] {
        let fx = Fixture::with(SimOptions {
            scenario: Some(scenario.into()),
            ..SimOptions::default()
        });
        let (client, id) = requested(&fx);
        if scenario == "mismatch" {
            wait_for(&client, "ready");
            client.verifications().sas_start(&id).unwrap();
        }
        wait_for(&client, "cancelled");
        assert_eq!(step(&client).outcome.unwrap().kind, kind, "{scenario}");
    }
    let fx = Fixture::with(SimOptions {
        scenario: Some("incoming".into()),
        ..SimOptions::default()
    });
    let client = fx.client(json!({}));
    fx.sign_in(&client, "anyone@example.com");
    wait_for(&client, "requested");
    let next = step(&client);
    assert_eq!(next.action.as_deref(), Some("accept"));
    assert_eq!(
        next.other_device.unwrap().name.as_deref(),
        Some("Alice's iPhone")
    );
}

fn wait_for(client: &Client, verification_state: &str) {
    client
        .wait(&WaitParams {
            verification_states: vec![verification_state.into()],
            interval_ms: 20,
            timeout_ms: 5_000,
            ..WaitParams::default()
        })
        .unwrap();
}

/// The table as the spec ships it, read here on its own rather than through the library.
fn spec_table() -> Vec<serde_json::Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/emoji/sas-emoji.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn all_64_emojis_are_mapped_and_named_in_english_and_three_languages() {
    let table = spec_table();
    assert_eq!(table.len(), 64);
    for (tag, key) in [
        (None, None),
        (Some("de-DE"), Some("de")),
        (Some("es"), Some("es")),
        (Some("zh-Hans"), Some("zh_Hans")),
    ] {
        for rows in table.chunks(7) {
            let emojis: String = rows.iter().map(|r| r["emoji"].as_str().unwrap()).collect();
            let sas: Sas = serde_json::from_value(json!({"emojis": emojis})).unwrap();
            let got = beeper_setup::comparison(&sas, tag);
            assert_eq!(got.language, key.unwrap_or("en"));
            assert_eq!(got.emojis.len(), rows.len());
            for (i, (entry, row)) in got.emojis.iter().zip(rows).enumerate() {
                let english = row["description"].as_str();
                let translated = key.and_then(|k| row["translated_descriptions"][k].as_str());
                assert_eq!(entry.position, i);
                assert_eq!(entry.number.map(u64::from), row["number"].as_u64());
                assert_eq!(entry.emoji, row["emoji"].as_str().unwrap());
                assert_eq!(entry.english_name.as_deref(), english);
                assert_eq!(entry.name.as_deref(), translated.or(english), "{key:?}");
            }
        }
    }
}
