//! The resources the typed methods hang on: `client.setup()`, `client.recovery_key()`,
//! `client.verifications()`. Their typed methods come from the declaration in
//! `api/operations.rs` (its `typed_methods!`), expanded here, where they reach the call layer.

use crate::call::entry::call_typed;
use crate::models::*;
use crate::{Client, Operation, Result};

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

/// One typed method: `typed_methods!` (made by the operations' declaration) calls this once for
/// each operation, with its resource, method name, arguments, answer and documentation.
macro_rules! typed_method {
    ($api:ident $fn_name:ident () $variant:ident $answer:tt $http:expr, $($doc:literal)+) => {
        impl $api<'_> {
            #[doc = $http]
            #[doc = ""]
            $(#[doc = $doc])+
            pub fn $fn_name(&self) -> Result<$answer> {
                call_typed::<(), _>(self.0, Operation::$variant, None, None)
            }
        }
    };
    ($api:ident $fn_name:ident (id) $variant:ident $answer:tt $http:expr, $($doc:literal)+) => {
        impl $api<'_> {
            #[doc = $http]
            #[doc = ""]
            $(#[doc = $doc])+
            pub fn $fn_name(&self, id: &str) -> Result<$answer> {
                call_typed::<(), _>(self.0, Operation::$variant, Some(id), None)
            }
        }
    };
    ($api:ident $fn_name:ident (params: $params:ty) $variant:ident $answer:tt $http:expr,
        $($doc:literal)+) => {
        impl $api<'_> {
            #[doc = $http]
            #[doc = ""]
            $(#[doc = $doc])+
            pub fn $fn_name(&self, params: &$params) -> Result<$answer> {
                call_typed(self.0, Operation::$variant, None, Some(params))
            }
        }
    };
    ($api:ident $fn_name:ident (id, params: $params:ty) $variant:ident $answer:tt
        $http:expr, $($doc:literal)+) => {
        impl $api<'_> {
            #[doc = $http]
            #[doc = ""]
            $(#[doc = $doc])+
            pub fn $fn_name(&self, id: &str, params: &$params) -> Result<$answer> {
                call_typed(self.0, Operation::$variant, Some(id), Some(params))
            }
        }
    };
}

crate::api::typed_methods!();
