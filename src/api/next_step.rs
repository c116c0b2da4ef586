//! What the app should do next (`next_step`): pure advice from a Session, no I/O.

use super::emoji::comparison;
use super::flow_models::{Alternative, NextAction, NextStep, Outcome, OutcomeKind, Step};
use super::json::object_or_default;
use super::outcome::outcome;
use crate::error::{json_error_message, Error, Result};
use crate::models::{
    Session, SessionState, Verification, VerificationAction, VerificationMethod, VerificationState,
};
use serde::Deserialize;
use serde_json::Value;

/// What [`next_step_with`] takes besides the session.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StepOptions {
    /// The language to name the emojis in: a BCP-47 tag (`de-DE`, `pt-BR`, `zh-Hans`) or a
    /// POSIX locale (`de_DE.UTF-8`); `None` for English.
    #[serde(default)]
    pub language: Option<String>,
    /// Ids of verifications this app cancelled itself, beyond those its client remembers
    /// (`Client::next_step` adds the client's own).
    #[serde(default)]
    pub cancelled_here: Vec<String>,
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
            comparison: None,
            outcome: None,
            other_device: None,
            direction: None,
            alternatives: Vec::new(),
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
    next_step_with(session, &StepOptions::default())
}

/// [`next_step`] with the emojis named in `options.language` and the verifications
/// `options.cancelled_here` names told apart as cancelled here. Pure: no I/O, never fails.
///
/// ```
/// use beeper_setup::models::Session;
/// use beeper_setup::{next_step_with, OutcomeKind, StepOptions};
///
/// let session: Session = serde_json::from_value(serde_json::json!({
///     "state": "needs-verification",
///     "e2ee": {"crossSigning": true, "firstSyncDone": false, "hasBackedUpRecoveryKey": true,
///              "initialized": true, "keyBackup": true, "secretStorage": true, "verified": false,
///              "secrets": {"masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
///                          "selfSigningKey": false, "userSigningKey": false}},
///     "verification": {"id": "v1", "availableActions": [], "direction": "outgoing",
///         "methods": ["sas"], "purpose": "login", "state": "cancelled",
///         "error": {"code": "m.user", "reason": "Cancelled"}}
/// }))?;
/// let theirs = next_step_with(&session, &StepOptions::default());
/// assert_eq!(theirs.outcome.unwrap().kind, OutcomeKind::Declined);
/// let ours = StepOptions { cancelled_here: vec!["v1".into()], ..StepOptions::default() };
/// assert_eq!(next_step_with(&session, &ours).outcome.unwrap().kind, OutcomeKind::CancelledHere);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn next_step_with(session: &Session, options: &StepOptions) -> NextStep {
    let mut next = step_for(session, options);
    if next.alternatives.is_empty() {
        next.alternatives = alternatives(session, None);
    }
    next
}

/// The other ways available in the session's state, in the order Element X lists them
/// (another device, the recovery key, a new one); after emojis that did not match, the
/// recovery key first, since a second comparison could meet the same attacker.
fn alternatives(session: &Session, ended: Option<OutcomeKind>) -> Vec<Alternative> {
    let has_key = session.e2ee.secret_storage || session.e2ee.has_backed_up_recovery_key;
    let qr = session.verification.as_ref().is_some_and(|v| {
        ended.is_none()
            && v.methods.contains(&VerificationMethod::Qr)
            && !matches!(v.state, VerificationState::Done)
    });
    let mut ways = match session.state {
        SessionState::NeedsVerification => vec![
            Some(Alternative::OtherDevice),
            qr.then_some(Alternative::Qr),
            has_key.then_some(Alternative::EnterRecoveryKey),
            Some(Alternative::CreateRecoveryKey),
        ],
        SessionState::NeedsSecrets => vec![
            Some(Alternative::EnterRecoveryKey),
            Some(Alternative::CreateRecoveryKey),
        ],
        SessionState::NeedsCrossSigningSetup => vec![Some(Alternative::CreateRecoveryKey)],
        _ => Vec::new(),
    };
    if ended == Some(OutcomeKind::Mismatch) {
        ways.sort_by_key(|w| *w != Some(Alternative::EnterRecoveryKey));
    }
    ways.into_iter().flatten().collect()
}

fn step_for(session: &Session, options: &StepOptions) -> NextStep {
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
        SessionState::NeedsVerification => verification_step(session, options),
        SessionState::Other(raw) => NextStep::new(
            Step::Unknown,
            state,
            format!("Beeper reports a state this app does not know: {raw}."),
        ),
    }
}

fn verification_step(session: &Session, options: &StepOptions) -> NextStep {
    let state = &session.state;
    let Some(v) = session.verification.as_ref() else {
        let mut next = NextStep::new(
            Step::VerifyDevice,
            state,
            "Verify this device from another signed-in device, or use your recovery key.",
        );
        next.action = Some(NextAction::Create.as_str().into());
        return next;
    };
    let can = |a: VerificationAction| v.available_actions.contains(&a);
    let unknown_action = v
        .available_actions
        .iter()
        .find(|a| matches!(a, VerificationAction::Other(_)));
    let (step, action, message) = match &v.state {
        VerificationState::Cancelled | VerificationState::Error => {
            let by_us = options.cancelled_here.contains(&v.id);
            let ended = outcome(v, by_us);
            let mut next = NextStep::new(Step::VerifyDevice, state, ended_message(&ended));
            next.alternatives = alternatives(session, Some(ended.kind));
            next.verification_id = Some(v.id.clone());
            next.action = Some(NextAction::Create.as_str().into());
            next.outcome = Some(ended);
            add_other_device(&mut next, v);
            return next;
        }
        VerificationState::Done => (
            Step::Wait,
            Some(NextAction::WaitForOtherDevice),
            "Verified. Waiting for Beeper to finish.".to_owned(),
        ),
        _ if can(VerificationAction::Accept) => (
            Step::VerifyDevice,
            Some(NextAction::Accept),
            "Another device asks to verify this one. Accept it.".to_owned(),
        ),
        VerificationState::SasReady if can(VerificationAction::SasConfirm) => (
            Step::VerifyDevice,
            Some(NextAction::CompareEmojis),
            "Check that the other device shows the same emojis, then confirm.".to_owned(),
        ),
        _ if can(VerificationAction::QrConfirmScanned) => (
            Step::VerifyDevice,
            Some(NextAction::QrConfirmScanned),
            "Confirm that the other device scanned this device's code.".to_owned(),
        ),
        _ if can(VerificationAction::SasStart) => (
            Step::VerifyDevice,
            Some(NextAction::SasStart),
            "Compare emojis with the other device (or scan the QR code).".to_owned(),
        ),
        // An action this version does not know, and none it does: the app cannot tell
        // whether to wait or act, so it must not guess.
        _ if unknown_action.is_some() => (
            Step::Unknown,
            None,
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
            Some(NextAction::WaitForOtherDevice),
            "Waiting for the other device.".to_owned(),
        ),
        VerificationState::Other(raw) => (
            Step::Unknown,
            None,
            format!("The verification is in a state this app does not know: {raw}."),
        ),
    };
    let mut next = NextStep::new(step, state, message);
    let Some(action) = action else {
        return next; // an unknown step: nothing to act on
    };
    next.verification_id = Some(v.id.clone());
    next.action = Some(action.as_str().into());
    if let (Some(sas), NextAction::CompareEmojis) = (&v.sas, action) {
        next.emojis = Some(sas.emojis.clone());
        next.decimals = sas.decimals.clone();
        next.comparison = Some(comparison(sas, options.language.as_deref()));
    }
    next.qr_data = v.qr.as_ref().map(|q| q.data.clone());
    add_other_device(&mut next, v);
    next
}

fn add_other_device(next: &mut NextStep, v: &Verification) {
    next.other_device = v.other_device.clone();
    next.direction = Some(v.direction.clone());
}

/// What a person reads when a verification ended, and what it offers next.
fn ended_message(ended: &Outcome) -> String {
    match ended.kind {
        OutcomeKind::Declined => {
            "The other device declined the verification. Start a new one, or use your recovery key."
                .to_owned()
        }
        OutcomeKind::CancelledHere => {
            "You cancelled the verification. Start a new one when you are ready.".to_owned()
        }
        OutcomeKind::Mismatch => "The emojis did not match, so the verification was stopped: \
            someone may be interfering. Use your recovery key, or start again only from a device \
            you trust."
            .to_owned(),
        OutcomeKind::TimedOut => {
            "The verification timed out. Start a new one with both devices open.".to_owned()
        }
        OutcomeKind::AcceptedElsewhere => {
            "Another of your devices answered this request. Start a new one to verify this device."
                .to_owned()
        }
        OutcomeKind::ProtocolError => format!(
            "Something went wrong between the devices ({}). Start a new verification, or use \
             your recovery key.",
            ended.code.as_deref().unwrap_or("no code")
        ),
        OutcomeKind::Unknown => format!(
            "The verification ended ({}). Start a new one.",
            ended.reason.as_deref().unwrap_or("no reason given")
        ),
    }
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
    next_step_json_with(session_json, &StepOptions::default())
}

/// The JSON form of [`next_step_with`] (what `beeper_setup_next_step_with` answers in C).
pub fn next_step_json_with(session_json: &str, options: &StepOptions) -> Result<String> {
    let value: Value = serde_json::from_str(session_json)
        .map_err(|e| Error::invalid(format!("the session is {}", json_error_message(&e))))?;
    let session_value = match value.get("session") {
        Some(inner) if value.get("state").is_none() => inner,
        _ => &value,
    };
    let session = Session::deserialize(session_value)
        .map_err(|e| Error::invalid(format!("not a session: {}", json_error_message(&e))))?;
    serde_json::to_string(&next_step_with(&session, options))
        .map_err(|e| Error::internal(format!("could not encode the step: {e}")))
}

impl StepOptions {
    /// The options from their JSON form (`{"language"?, "cancelledHere"?}`; `None` or `null`
    /// for none). Unknown keys and wrong types are `invalid_argument`.
    pub fn from_json(options_json: Option<&str>) -> Result<Self> {
        object_or_default(options_json.unwrap_or_default(), "next_step options")
    }
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
        // Only a cancelled or failed verification has an outcome.
        for (state, ended) in [
            ("cancelled", true),
            ("error", true),
            ("done", false),
            ("ready", false),
        ] {
            let next = next_step(&session(
                "needs-verification",
                Some(verification(state, &[])),
            ));
            assert_eq!(next.outcome.is_some(), ended, "{state}");
        }
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
