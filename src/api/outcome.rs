//! Why a verification ended: the Matrix cancel code in its `error`, read together with whether
//! this client sent the cancel (the server's code alone cannot say: `m.user` is either side).

use crate::models::Verification;
use serde::{Deserialize, Serialize};

/// How a verification ended. A closed set, with [`Unknown`](OutcomeKind::Unknown) for codes
/// this version does not know (the raw code and reason stay in [`Outcome`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// The other device declined or cancelled it (`m.user` from there).
    Declined,
    /// This device cancelled it (a cancel this client sent).
    CancelledHere,
    /// The emojis, keys or users did not match (`m.mismatched_sas`, `m.key_mismatch`,
    /// `m.user_mismatch`, `m.mismatched_commitment`): possibly an attack, so not to be retried
    /// blindly.
    Mismatch,
    /// One side took too long (`m.timeout`).
    TimedOut,
    /// Another device of this account answered the request (`m.accepted`).
    AcceptedElsewhere,
    /// The devices did not understand each other (`m.unknown_transaction`,
    /// `m.unexpected_message`, `m.invalid_message`, `m.unknown_method`).
    ProtocolError,
    /// A code this version does not know, or none.
    Unknown,
}

/// Why a verification ended, for `cancelled` and `error` verifications.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// What happened.
    pub kind: OutcomeKind,
    /// The cancel code as the server sent it (`m.timeout`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The reason as the server sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Whether this client cancelled it: it sent `verifications.cancel` for it (or the caller
    /// said so in `cancelledHere`).
    pub cancelled_by_us: bool,
}

/// How `v`, a cancelled or failed verification, ended.
pub(crate) fn outcome(v: &Verification, cancelled_by_us: bool) -> Outcome {
    let code = v.error.as_ref().map(|e| e.code.as_str());
    let kind = match code {
        Some("m.timeout") => OutcomeKind::TimedOut,
        Some("m.mismatched_sas" | "m.key_mismatch" | "m.user_mismatch")
        | Some("m.mismatched_commitment") => OutcomeKind::Mismatch,
        Some("m.accepted") => OutcomeKind::AcceptedElsewhere,
        Some("m.unknown_transaction" | "m.unexpected_message")
        | Some("m.invalid_message" | "m.unknown_method") => OutcomeKind::ProtocolError,
        _ if cancelled_by_us => OutcomeKind::CancelledHere,
        Some("m.user") => OutcomeKind::Declined,
        _ => OutcomeKind::Unknown,
    };
    Outcome {
        kind,
        code: code.map(str::to_owned),
        reason: v.error.as_ref().map(|e| e.reason.clone()),
        cancelled_by_us,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ended(state: &str, code: Option<&str>) -> Verification {
        let mut v = json!({"id": "v1", "availableActions": [], "direction": "outgoing",
            "methods": ["sas"], "purpose": "login", "state": state});
        if let Some(code) = code {
            v["error"] = json!({"code": code, "reason": "why"});
        }
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_cancel_code_has_its_outcome() {
        use OutcomeKind::*;
        for (code, by_us, kind) in [
            (Some("m.user"), false, Declined),
            (Some("m.user"), true, CancelledHere),
            (None, true, CancelledHere),
            (Some("m.timeout"), false, TimedOut),
            (Some("m.timeout"), true, TimedOut),
            (Some("m.mismatched_sas"), true, Mismatch),
            (Some("m.key_mismatch"), false, Mismatch),
            (Some("m.user_mismatch"), false, Mismatch),
            (Some("m.mismatched_commitment"), false, Mismatch),
            (Some("m.accepted"), false, AcceptedElsewhere),
            (Some("m.unknown_transaction"), false, ProtocolError),
            (Some("m.unexpected_message"), false, ProtocolError),
            (Some("m.invalid_message"), false, ProtocolError),
            (Some("m.unknown_method"), false, ProtocolError),
            (Some("com.example.new"), false, Unknown),
            (Some("com.example.new"), true, CancelledHere),
            (None, false, Unknown),
        ] {
            let got = outcome(&ended("cancelled", code), by_us);
            assert_eq!((got.kind, got.cancelled_by_us), (kind, by_us), "{code:?}");
            assert_eq!(got.code.as_deref(), code);
        }
        assert_eq!(
            outcome(&ended("error", Some("m.timeout")), false).kind,
            TimedOut
        );
    }
}
