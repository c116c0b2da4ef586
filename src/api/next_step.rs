//! What the app should do next (`next_step`): pure advice from a Session, no I/O.

use crate::error::{json_error_message, Error, Result};
use crate::models::{Session, SessionState, Verification, VerificationAction, VerificationState};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What kind of screen the app should show now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive] // New steps come with new states.
pub enum Step {
    /// Ask for the email address and sign in (`setup.start`, `email`, `response`).
    SignIn,
    /// Nothing to do but wait (`Client::wait`).
    Wait,
    /// Verify this device from another one; `action` says how.
    VerifyDevice,
    /// Ask for the recovery key (`recoveryKey.verify`).
    EnterRecoveryKey,
    /// Create a recovery key and make the user save it (`recoveryKey.reset.create`, `confirm`).
    CreateRecoveryKey,
    /// Setup is complete.
    Done,
    /// A state this version does not know; `state` holds it.
    Unknown,
}

/// The answer of [`next_step`]. Its JSON form is the C ABI's.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    /// The kind of screen.
    pub step: Step,
    /// The session state, as the server sent it.
    pub state: String,
    /// The verification to act on.
    #[serde(rename = "verificationID", skip_serializing_if = "Option::is_none")]
    pub verification_id: Option<String>,
    /// For `verify-device`: `create`, `accept`, `sas.start`, `compare-emojis`,
    /// `qr.confirmScanned` or `wait-for-other-device`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// For `compare-emojis`: the emojis to show.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emojis: Option<String>,
    /// For `compare-emojis`: the same as numbers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimals: Option<String>,
    /// This device's QR payload, when the other device can scan it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr_data: Option<String>,
    /// A sentence to show the user.
    pub message: String,
}

impl NextStep {
    fn new(step: Step, state: &SessionState, message: impl Into<String>) -> Self {
        NextStep {
            step,
            state: state.as_str().to_owned(),
            verification_id: None,
            action: None,
            emojis: None,
            decimals: None,
            qr_data: None,
            message: message.into(),
        }
    }
}

/// What the app should do now, from the session alone. Pure: no I/O, never fails.
///
/// ```
/// use beeper_setup::models::Session;
/// use beeper_setup::{next_step, Step};
///
/// // A session as `setup.retrieve` returns it: signed in, this device not yet verified.
/// let session: Session = serde_json::from_str(r#"{
///     "state": "needs-verification",
///     "e2ee": {"crossSigning": true, "firstSyncDone": false, "hasBackedUpRecoveryKey": true,
///              "initialized": true, "keyBackup": true, "secretStorage": true, "verified": false,
///              "secrets": {"masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
///                          "selfSigningKey": false, "userSigningKey": false}}
/// }"#)?;
/// let step = next_step(&session);
/// assert_eq!(step.step, Step::VerifyDevice);
/// assert_eq!(step.action.as_deref(), Some("create")); // no verification yet: start one
/// println!("{}", step.message);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn next_step(session: &Session) -> NextStep {
    let state = &session.state;
    match state {
        SessionState::NeedsLogin => {
            NextStep::new(Step::SignIn, state, "Sign in with your email address.")
        }
        SessionState::Initializing => {
            NextStep::new(Step::Wait, state, "Beeper is starting up. Wait a moment.")
        }
        SessionState::NeedsCrossSigningSetup => NextStep::new(
            Step::CreateRecoveryKey,
            state,
            "Create a recovery key and save it somewhere safe.",
        ),
        SessionState::NeedsSecrets => NextStep::new(
            Step::EnterRecoveryKey,
            state,
            "Enter your recovery key to unlock encrypted messages.",
        ),
        SessionState::NeedsFirstSync => NextStep::new(
            Step::Wait,
            state,
            "Syncing encrypted messages for the first time. This can take a few minutes.",
        ),
        SessionState::Ready => NextStep::new(Step::Done, state, "Setup is complete."),
        SessionState::NeedsVerification => verification_step(state, session.verification.as_ref()),
        SessionState::Other(raw) => NextStep::new(
            Step::Unknown,
            state,
            format!("Beeper reports a state this app does not know: {raw}."),
        ),
    }
}

fn verification_step(state: &SessionState, verification: Option<&Verification>) -> NextStep {
    let Some(v) = verification else {
        let mut next = NextStep::new(
            Step::VerifyDevice,
            state,
            "Verify this device from another signed-in device, or use your recovery key.",
        );
        next.action = Some("create".into());
        return next;
    };
    let can = |a: VerificationAction| v.available_actions.contains(&a);
    let unknown_action = v
        .available_actions
        .iter()
        .find(|a| matches!(a, VerificationAction::Other(_)));
    let (step, action, message) = match &v.state {
        VerificationState::Cancelled | VerificationState::Error => {
            let why = v
                .error
                .as_ref()
                .map(|e| e.reason.as_str())
                .unwrap_or("no reason given");
            (
                Step::VerifyDevice,
                "create",
                format!("The verification ended ({why}). Start a new one."),
            )
        }
        VerificationState::Done => (
            Step::Wait,
            "wait-for-other-device",
            "Verified. Waiting for Beeper to finish.".to_owned(),
        ),
        _ if can(VerificationAction::Accept) => (
            Step::VerifyDevice,
            "accept",
            "Another device asks to verify this one. Accept it.".to_owned(),
        ),
        VerificationState::SasReady if can(VerificationAction::SasConfirm) => (
            Step::VerifyDevice,
            "compare-emojis",
            "Check that the other device shows the same emojis, then confirm.".to_owned(),
        ),
        _ if can(VerificationAction::QrConfirmScanned) => (
            Step::VerifyDevice,
            "qr.confirmScanned",
            "Confirm that the other device scanned this device's code.".to_owned(),
        ),
        _ if can(VerificationAction::SasStart) => (
            Step::VerifyDevice,
            "sas.start",
            "Compare emojis with the other device (or scan the QR code).".to_owned(),
        ),
        // An action this version does not know, and none it does: the app cannot tell
        // whether to wait or act, so it must not guess.
        _ if unknown_action.is_some() => (
            Step::Unknown,
            "unknown",
            format!(
                "The verification offers an action this app does not know: {}.",
                unknown_action
                    .map(VerificationAction::as_str)
                    .unwrap_or_default()
            ),
        ),
        VerificationState::Requested
        | VerificationState::Ready
        | VerificationState::SasReady
        | VerificationState::QrScanned => (
            Step::VerifyDevice,
            "wait-for-other-device",
            "Waiting for the other device.".to_owned(),
        ),
        VerificationState::Other(raw) => (
            Step::Unknown,
            "unknown",
            format!("The verification is in a state this app does not know: {raw}."),
        ),
    };
    let mut next = NextStep::new(step, state, message);
    if step == Step::Unknown {
        return next;
    }
    next.verification_id = Some(v.id.clone());
    next.action = Some(action.into());
    if action == "compare-emojis" {
        next.emojis = v.sas.as_ref().map(|s| s.emojis.clone());
        next.decimals = v.sas.as_ref().and_then(|s| s.decimals.clone());
    }
    next.qr_data = v.qr.as_ref().map(|q| q.data.clone());
    next
}

/// The JSON form of `next_step`: takes a Session, or any response with a `session` field.
/// This is what `beeper_setup_next_step` answers in C.
///
/// ```
/// let step = beeper_setup::next_step_json(r#"{"session": {
///     "state": "ready",
///     "e2ee": {"crossSigning": true, "firstSyncDone": true, "hasBackedUpRecoveryKey": true,
///              "initialized": true, "keyBackup": true, "secretStorage": true, "verified": true,
///              "secrets": {"masterKey": true, "megolmBackupKey": true, "recoveryKey": true,
///                          "selfSigningKey": true, "userSigningKey": true}}
/// }}"#)?;
/// assert!(step.starts_with(r#"{"step":"done","state":"ready""#), "{step}");
/// assert!(beeper_setup::next_step_json("[]").is_err()); // not a session: invalid_argument
/// # Ok::<(), beeper_setup::Error>(())
/// ```
pub fn next_step_json(session_json: &str) -> Result<String> {
    let value: Value = serde_json::from_str(session_json)
        .map_err(|e| Error::invalid(format!("the session is {}", json_error_message(&e))))?;
    let session_value = match value.get("session") {
        Some(inner) if value.get("state").is_none() => inner,
        _ => &value,
    };
    let session = Session::deserialize(session_value)
        .map_err(|e| Error::invalid(format!("not a session: {}", json_error_message(&e))))?;
    serde_json::to_string(&next_step(&session))
        .map_err(|e| Error::internal(format!("could not encode the step: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    fn session(state: &str, verification: Option<Value>) -> Session {
        let flags = json!({"crossSigning": true, "firstSyncDone": false,
            "hasBackedUpRecoveryKey": false, "initialized": true, "keyBackup": false,
            "secretStorage": false, "verified": false, "secrets": {"masterKey": false,
            "megolmBackupKey": false, "recoveryKey": false, "selfSigningKey": false,
            "userSigningKey": false}});
        let mut s = json!({"state": state, "e2ee": flags});
        if let Some(v) = verification {
            s["verification"] = v;
        }
        serde_json::from_value(s).unwrap()
    }

    fn verification(state: &str, actions: &[&str]) -> Value {
        json!({"id": "v1", "availableActions": actions, "direction": "outgoing",
            "methods": ["qr", "sas"], "purpose": "login", "state": state,
            "qr": {"data": "QRDATA"}, "sas": {"emojis": "🐶🐱🦁🐎🦄🐷🐘", "decimals": "1 2 3"},
            "error": {"code": "m.user", "reason": "declined"}})
    }

    #[test]
    fn every_session_state_maps_to_a_step() {
        for (state, step) in [
            ("needs-login", Step::SignIn),
            ("initializing", Step::Wait),
            ("needs-cross-signing-setup", Step::CreateRecoveryKey),
            ("needs-verification", Step::VerifyDevice),
            ("needs-secrets", Step::EnterRecoveryKey),
            ("needs-first-sync", Step::Wait),
            ("ready", Step::Done),
            ("needs-something-new", Step::Unknown),
        ] {
            let next = next_step(&session(state, None));
            assert_eq!((next.step, next.state.as_str()), (step, state));
            assert!(!next.message.is_empty());
        }
    }

    #[test]
    fn every_verification_state_maps_to_an_action() {
        let table: &[(&str, &[&str], Step, Option<&str>)] = &[
            (
                "requested",
                &["accept", "cancel"],
                Step::VerifyDevice,
                Some("accept"),
            ),
            (
                "requested",
                &["cancel"],
                Step::VerifyDevice,
                Some("wait-for-other-device"),
            ),
            (
                "ready",
                &["sas.start", "cancel"],
                Step::VerifyDevice,
                Some("sas.start"),
            ),
            (
                "ready",
                &["cancel"],
                Step::VerifyDevice,
                Some("wait-for-other-device"),
            ),
            (
                "sas_ready",
                &["sas.confirm", "cancel"],
                Step::VerifyDevice,
                Some("compare-emojis"),
            ),
            (
                "sas_ready",
                &["cancel"],
                Step::VerifyDevice,
                Some("wait-for-other-device"),
            ),
            (
                "qr_scanned",
                &["qr.confirmScanned", "cancel"],
                Step::VerifyDevice,
                Some("qr.confirmScanned"),
            ),
            (
                "qr_scanned",
                &["cancel"],
                Step::VerifyDevice,
                Some("wait-for-other-device"),
            ),
            ("done", &[], Step::Wait, Some("wait-for-other-device")),
            ("cancelled", &[], Step::VerifyDevice, Some("create")),
            ("error", &[], Step::VerifyDevice, Some("create")),
            ("teleporting", &["cancel"], Step::Unknown, None),
            (
                "requested",
                &["future.action", "cancel"],
                Step::Unknown,
                None,
            ),
            (
                "ready",
                &["sas.start", "future.action"],
                Step::VerifyDevice,
                Some("sas.start"),
            ),
        ];
        for (state, actions, step, action) in table {
            let next = next_step(&session(
                "needs-verification",
                Some(verification(state, actions)),
            ));
            assert_eq!(
                (next.step, next.action.as_deref()),
                (*step, *action),
                "{state} {actions:?}"
            );
        }
        let emojis = next_step(&session(
            "needs-verification",
            Some(verification("sas_ready", &["sas.confirm"])),
        ));
        assert_eq!(emojis.emojis.as_deref(), Some("🐶🐱🦁🐎🦄🐷🐘"));
        assert_eq!(emojis.decimals.as_deref(), Some("1 2 3"));
        assert_eq!(emojis.verification_id.as_deref(), Some("v1"));
        let none = next_step(&session("needs-verification", None));
        assert_eq!(none.action.as_deref(), Some("create"));
    }

    #[test]
    fn the_json_form_takes_a_session_or_an_envelope() {
        let s = serde_json::to_string(&session("ready", None)).unwrap();
        let step: Value = serde_json::from_str(&next_step_json(&s).unwrap()).unwrap();
        assert_eq!(step["step"], "done");
        let env = format!(r#"{{"session": {s}, "verification": null}}"#);
        let step: Value = serde_json::from_str(&next_step_json(&env).unwrap()).unwrap();
        assert_eq!(step["step"], "done");
        for bad in ["", "[]", r#"{"state": 5}"#, "{"] {
            assert_eq!(
                next_step_json(bad).unwrap_err().kind,
                ErrorKind::InvalidArgument
            );
        }
    }
}
