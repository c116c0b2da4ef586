use crate::models::{RecoveryKeyCreated, RecoveryKeyParams, ResetCreateParams, SessionResponse};
use crate::{Client, Operation, Result};

/// The recovery key: `client.recovery_key()`.
#[derive(Clone, Copy, Debug)]
pub struct RecoveryKeyApi<'a>(pub(crate) &'a Client);

impl Client {
    /// Unlock with, or create, the recovery key.
    pub fn recovery_key(&self) -> RecoveryKeyApi<'_> {
        RecoveryKeyApi(self)
    }
}

impl RecoveryKeyApi<'_> {
    /// Unlocks encrypted messaging with the account's recovery key.
    pub fn verify(&self, params: &RecoveryKeyParams) -> Result<SessionResponse> {
        self.0
            .call_typed(Operation::RecoveryKeyVerify, None, Some(params))
    }

    /// Creates a new recovery key. Show it to the user once, then `reset_confirm` it.
    pub fn reset_create(&self, params: &ResetCreateParams) -> Result<RecoveryKeyCreated> {
        self.0
            .call_typed(Operation::RecoveryKeyResetCreate, None, Some(params))
    }

    /// Confirms the new key (the user typed it back), completing setup.
    pub fn reset_confirm(&self, params: &RecoveryKeyParams) -> Result<SessionResponse> {
        self.0
            .call_typed(Operation::RecoveryKeyResetConfirm, None, Some(params))
    }
}
