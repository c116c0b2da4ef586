//! The resources the typed methods hang on: `client.setup()`, `client.recovery_key()`,
//! `client.verifications()`. Their typed methods come from the declaration in
//! `api/operations.rs` (its `typed_methods!`), expanded here, where they reach the call layer.

use crate::call::entry::call_typed;
use crate::call::watch::{self, Watch, WatchEvent, WatchParams};
use crate::models::*;
use crate::Change;
use crate::{CallHandle, Client, Operation, Result};

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

/// The watch of the setup session, beside the typed methods below.
impl SetupApi<'_> {
    /// Watches the setup session: an iterator of its changes, each once, in order, ending after
    /// the change where setup is done, at `params.timeout_ms` (one `Timeout` error), or when
    /// cancelled (one `Cancelled` error: [`Watch::cancel`], [`Client::cancel`]). Connection
    /// errors and 5xx answers (Beeper restarting) do not end it. Dropping it cancels it.
    ///
    /// ```no_run
    /// # let client = beeper_setup::Client::new(Default::default())?;
    /// for change in client.setup().watch(Default::default())? {
    ///     let change = change?;
    ///     println!("{}: {}", change.sequence, change.next_step.message);
    /// }
    /// # Ok::<(), beeper_setup::Error>(())
    /// ```
    pub fn watch(&self, params: WatchParams) -> Result<Watch> {
        watch::watch(self.0, params)
    }

    /// The callback form of [`watch`](SetupApi::watch): [`Client::start_watch`].
    pub fn watch_with(
        &self,
        params: WatchParams,
        on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<CallHandle> {
        self.0.start_watch(params, on_event)
    }

    /// The next change after `after` (a change or the session, as JSON text), blocking: the
    /// first change a watch started after it would deliver. `params.after` is replaced.
    pub fn next_change(&self, after: &str, params: WatchParams) -> Result<Change> {
        watch::next_change(self.0, after, params)
    }
}

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
