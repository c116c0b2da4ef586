//! The resources the typed methods hang on: `client.setup()`, `client.recovery_key()`,
//! `client.verifications()`. Their typed methods come from the declaration in
//! `api/operations.rs`; the calls they make go through the client.

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
