//! The resources the typed methods hang on: `client.setup()`, `client.recovery_key()`,
//! `client.verifications()`. Their methods come from the declaration in `operations.rs`.

use crate::Client;

/// Sign-in and the setup state: `client.setup()`.
#[derive(Clone, Copy, Debug)]
pub struct SetupApi<'a>(pub(crate) &'a Client);

/// The recovery key: `client.recovery_key()`.
#[derive(Clone, Copy, Debug)]
pub struct RecoveryKeyApi<'a>(pub(crate) &'a Client);

/// Device verification: `client.verifications()`. The id `"active"` names the verification in
/// progress.
#[derive(Clone, Copy, Debug)]
pub struct VerificationsApi<'a>(pub(crate) &'a Client);

impl Client {
    /// Sign-in and the setup state.
    pub fn setup(&self) -> SetupApi<'_> {
        SetupApi(self)
    }

    /// Unlock with, or create, the recovery key.
    pub fn recovery_key(&self) -> RecoveryKeyApi<'_> {
        RecoveryKeyApi(self)
    }

    /// Verify this device from another one.
    pub fn verifications(&self) -> VerificationsApi<'_> {
        VerificationsApi(self)
    }
}
