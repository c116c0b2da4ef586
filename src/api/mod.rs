//! Typed methods, one module per resource, each a thin call through the operation table.

mod recovery_key;
mod setup;
mod verifications;

pub use recovery_key::RecoveryKeyApi;
pub use setup::SetupApi;
pub use verifications::VerificationsApi;

/// Params type for operations without a body.
type NoParams = ();
