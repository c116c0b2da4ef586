//! Why a verification ended: the Matrix cancel code in its `error`, read together with whether
//! this client sent the cancel (the server's code alone cannot say: `m.user` is either side).

use super::flow_models::{Outcome, OutcomeKind};
use crate::models::Verification;

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
