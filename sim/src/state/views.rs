//! The state as JSON: the session every API answer carries, the credentials after sign-in, and
//! the fuller picture /_sim/state gives a test (including what a real server keeps secret).

use super::{Account, Scenario, State, HOMESERVER};
use crate::verification::Verification;
use serde_json::{json, Value};

impl State {
    pub fn session_json(&self) -> Value {
        let a = self.account.as_ref();
        // Before sign-in every e2ee flag reads false, as on a fresh install.
        let flag = |f: fn(&Account) -> bool| a.is_some_and(f);
        let secrets = flag(|a| a.secrets);
        let mut e2ee = json!({
            "crossSigning": flag(|a| a.cross_signing),
            "firstSyncDone": flag(|a| a.first_sync_done),
            "hasBackedUpRecoveryKey": flag(|a| a.backed_up),
            "initialized": a.is_some(),
            "keyBackup": flag(|a| a.cross_signing),
            "secretStorage": flag(|a| a.cross_signing),
            "verified": flag(|a| a.verified),
            "secrets": {
                "masterKey": secrets,
                "megolmBackupKey": secrets,
                "recoveryKey": secrets,
                "selfSigningKey": secrets,
                "userSigningKey": secrets,
            },
        });
        if let Some(at) = a.and_then(|a| a.key_generated_at) {
            e2ee["recoveryKeyGeneratedAt"] = json!(at);
        }
        let mut session = json!({"state": self.phase.name(), "e2ee": e2ee});
        if let Some(a) = a {
            session["matrix"] =
                json!({"deviceID": a.device_id, "homeserver": HOMESERVER, "userID": a.user_id});
        }
        if let Some(v) = self.verifications.last() {
            session["verification"] = v.to_json();
        }
        session
    }

    /// The answer of the moves that change nothing but the session.
    pub fn session_reply(&self) -> Value {
        json!({"session": self.session_json()})
    }

    /// The sign-in answers: `setup.response`'s `Success` and `setup.register`'s.
    pub fn signed_in_reply(&self) -> Value {
        json!({"matrix": self.credentials_json(), "session": self.session_json()})
    }

    /// Verification answers carry the session too, since finishing one changes it.
    pub(super) fn with_verification(&self, index: usize) -> Value {
        json!({"session": self.session_json(), "verification": self.verifications[index].to_json()})
    }

    /// Only the sign-in answers hold the access token; the session never shows it.
    fn credentials_json(&self) -> Value {
        let a = self.account.as_ref().expect("signed in");
        json!({
            "accessToken": a.access_token,
            "deviceID": a.device_id,
            "homeserver": HOMESERVER,
            "userID": a.user_id,
        })
    }

    pub fn sim_state_json(&self) -> Value {
        let scenario = self
            .account
            .as_ref()
            .map(|a| a.scenario)
            .or(self.override_scenario);
        let active = self.active_index();
        json!({
            "scenario": scenario.map(Scenario::name),
            "scenarioOverride": self.override_scenario.map(Scenario::name),
            "auto": self.auto,
            "state": self.phase.name(),
            "lastEmailCode": self.last_email_code,
            "recoveryKey": self.account.as_ref().and_then(|a| a.recovery_key.clone()),
            "pendingRecoveryKey": self.account.as_ref().and_then(|a| a.pending_key.clone()),
            "otherDeviceQr": active.map(|i| self.verifications[i].other_qr.clone()),
            "accessToken": self.account.as_ref().map(|a| a.access_token.clone()),
            "verification": self.verifications.last().map(Verification::to_json),
            "session": self.session_json(),
        })
    }
}
