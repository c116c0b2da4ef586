//! The mock mode: stateless, like a Prism mock of the API. Every well-formed request answers 200
//! with an example of its operation's answer; the params are checked by the same endpoint table
//! as the stateful mode, so bad ones get the same 400 with `details.issues`. Nothing is
//! remembered between requests, so any id and any setup request id will do, except the
//! verification id `missing`, which answers 404 so clients can test that path too.

use crate::endpoints::{self, Auth, Call};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::state::State;
use serde_json::Value;

/// The verification id that is never found.
pub const MISSING_ID: &str = "missing";

/// `require_token`: operations that need a token refuse a request without a Bearer one (any
/// token will do, since there is no account to match it against).
pub fn handle(req: &Request, require_token: bool) -> Response {
    let (endpoint, id) = match endpoints::resolve(req) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    if require_token
        && endpoint.auth == Auth::SignedIn
        && endpoints::bearer(req).is_none_or(str::is_empty)
    {
        return ApiError::unauthorized().into_response();
    }
    endpoints::reply(endpoint.read(id, &req.body).and_then(|call| example(&call)))
}

fn example(call: &Call) -> Result<Option<Value>, ApiError> {
    // The verification in progress takes the id asked for, so `retrieve("x")` answers about
    // "x"; `active` finds it by that name, and `missing` finds nothing.
    let asked = call.verification_id().unwrap_or("active");
    let own_id = (asked != "active" && asked != MISSING_ID).then_some(asked);
    let mut ex = State::example(own_id);
    let answer = match call {
        Call::SetupRetrieve => ex.session_json(),
        Call::SetupStart => State::new(None, false).start()?,
        Call::SetupEmail { .. } => return Ok(None),
        Call::SetupResponse { .. } | Call::SetupRegister { .. } => ex.signed_in_reply(),
        Call::RecoveryKeyVerify { .. } | Call::RecoveryKeyResetConfirm { .. } => ex.session_reply(),
        Call::RecoveryKeyResetCreate { .. } => ex.recovery_key_reset(None)?,
        Call::VerificationsList => ex.list(),
        Call::VerificationsCreate { .. }
        | Call::QrScan { .. }
        | Call::VerificationsRetrieve { .. }
        | Call::VerificationsAccept { .. }
        | Call::VerificationsCancel { .. }
        | Call::QrConfirmScanned { .. }
        | Call::SasStart { .. }
        | Call::SasConfirm { .. } => ex.retrieve(asked)?,
    };
    Ok(Some(answer))
}
