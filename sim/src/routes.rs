//! The stateful API: the endpoint table picks the endpoint and checks its params, then auth
//! and one call into the state.

use crate::endpoints::{self, Auth, Call};
use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::shared::lock;
use crate::state::State;
use serde_json::Value;
use std::sync::Mutex;

pub fn handle(state: &Mutex<State>, req: &Request) -> Response {
    let (endpoint, id) = match endpoints::resolve(req) {
        Ok(found) => found,
        Err(refusal) => return refusal,
    };
    let mut st = lock(state);
    st.tick();
    let needs_token = match endpoint.auth {
        Auth::Never => false,
        Auth::UntilSignIn => st.signed_in(),
        Auth::SignedIn => true,
    };
    if needs_token && !st.token_ok(endpoints::bearer(req)) {
        return ApiError::unauthorized().into_response();
    }
    endpoints::reply(
        endpoint
            .read(id, &req.body)
            .and_then(|call| run(&mut st, call)),
    )
}

fn run(st: &mut State, call: Call) -> Result<Option<Value>, ApiError> {
    let v = match call {
        Call::SetupRetrieve => st.session_json(),
        Call::SetupStart => st.start()?,
        Call::SetupEmail {
            email,
            setup_request_id,
        } => {
            st.email(&email, &setup_request_id)?;
            return Ok(None);
        }
        Call::SetupResponse {
            code,
            setup_request_id,
        } => st.response(&code, &setup_request_id)?,
        Call::SetupRegister {
            lead_token,
            setup_request_id,
            username,
        } => st.register(&lead_token, &setup_request_id, &username)?,
        Call::RecoveryKeyVerify { recovery_key } => st.recovery_key_verify(&recovery_key)?,
        Call::RecoveryKeyResetCreate {
            existing_recovery_key,
        } => st.recovery_key_reset(existing_recovery_key.as_deref())?,
        Call::RecoveryKeyResetConfirm { recovery_key } => st.recovery_key_confirm(&recovery_key)?,
        Call::VerificationsList => st.list(),
        Call::VerificationsCreate { purpose, user_id } => {
            st.create(purpose.as_deref(), user_id.as_deref())?
        }
        Call::VerificationsRetrieve { id } => st.retrieve(&id)?,
        Call::VerificationsAccept { id } => st.accept(&id)?,
        Call::VerificationsCancel { id, code, reason } => {
            st.cancel(&id, code.as_deref(), reason.as_deref())?
        }
        Call::QrScan { data } => st.qr_scan(&data)?,
        Call::QrConfirmScanned { id } => st.qr_confirm_scanned(&id)?,
        Call::SasStart { id } => st.sas_start(&id)?,
        Call::SasConfirm { id } => st.sas_confirm(&id)?,
    };
    Ok(Some(v))
}
