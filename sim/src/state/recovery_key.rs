//! Bringing encryption up with a recovery key: typing the account's key, or making a new one.
//! A new key only replaces the old one once it is typed back, so a user who lost the screen
//! showing it is not locked out of the key they still have.

use super::{now_unix, Phase, State};
use crate::error::ApiError;
use serde_json::{json, Value};

/// Keys are shown in groups of four; people type them with or without the spaces.
fn same_key(a: &str, b: &str) -> bool {
    let bare = |k: &str| k.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    bare(a) == bare(b)
}

impl State {
    pub fn recovery_key_verify(&mut self, key: &str) -> Result<Value, ApiError> {
        self.require_phase(
            &[Phase::NeedsSecrets, Phase::NeedsVerification],
            "unlocking with a recovery key",
        )?;
        let expected = self.account_mut().recovery_key.clone();
        match expected {
            Some(k) if same_key(&k, key) => {
                self.unlock();
                Ok(self.session_reply())
            }
            _ => Err(ApiError::new(
                400,
                "INVALID_RECOVERY_KEY",
                "the recovery key is wrong",
            )),
        }
    }

    pub fn recovery_key_reset(&mut self, existing: Option<&str>) -> Result<Value, ApiError> {
        self.require_phase(
            &[
                Phase::NeedsCrossSigningSetup,
                Phase::NeedsSecrets,
                Phase::NeedsVerification,
            ],
            "creating a recovery key",
        )?;
        let current = self.account_mut().recovery_key.clone();
        if let (Some(given), Some(current)) = (existing, current) {
            if !same_key(given, &current) {
                return Err(ApiError::new(
                    400,
                    "INVALID_RECOVERY_KEY",
                    "the existing recovery key is wrong",
                ));
            }
        }
        let key = self.rng.recovery_key();
        let a = self.account_mut();
        a.pending_key = Some(key.clone());
        a.key_generated_at = Some(now_unix().floor());
        Ok(json!({"recoveryKey": key, "session": self.session_json()}))
    }

    pub fn recovery_key_confirm(&mut self, key: &str) -> Result<Value, ApiError> {
        let pending = self.account_mut().pending_key.clone();
        let Some(pending) = pending else {
            return Err(ApiError::conflict(
                "NO_PENDING_RECOVERY_KEY",
                "create a new recovery key first",
            ));
        };
        if !same_key(&pending, key) {
            return Err(ApiError::new(
                400,
                "RECOVERY_KEY_MISMATCH",
                "this is not the recovery key that was just created",
            ));
        }
        self.account_mut().recovery_key = Some(pending);
        self.unlock();
        Ok(self.session_reply())
    }
}
