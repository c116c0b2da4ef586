//! The C function of each operation, one line over `operation`.
//! Generated from src/api/operations.rs by `make generate`: do not edit.
//! `cargo test --workspace` fails when it is out of date.
#![allow(clippy::missing_safety_doc)] // The safety contract is the header's, at its top.

use super::boundary::{boundary, operation, BeeperClient};
use crate::Operation;
use std::ffi::c_char;
use std::ptr;

/// GET /v1/app/setup: the Session: the setup state, the account and the verification in progress.
/// Public before sign-in.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_retrieve(
    c: *const BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::SetupRetrieve,
        c,
        ptr::null(),
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/start: begins a sign-in: {setupRequestID, signInMethods}.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_start(
    c: *const BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(Operation::SetupStart, c, ptr::null(), ptr::null(), out_json))
}

/// POST /v1/app/setup/email with {email, setupRequestID}: emails a sign-in code. Answers nothing
/// ("null").
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_email(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(Operation::SetupEmail, c, ptr::null(), params_json, out_json))
}

/// POST /v1/app/setup/response with {response, setupRequestID}: signs in with the emailed code:
/// Success {matrix, session}, or RegistrationRequired {registrationRequired: true, leadToken, ...}
/// for an email without an account. A client without a token adopts the returned one (unless
/// adoptAccessToken is false).
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_response(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::SetupResponse,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/register with {acceptTerms, leadToken, setupRequestID, username}: creates the
/// account after RegistrationRequired: {matrix, session}. The token is adopted as for
/// setup.response.
#[no_mangle]
pub unsafe extern "C" fn beeper_setup_register(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::SetupRegister,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/verification/recovery-key with {recoveryKey}: unlocks encrypted messaging
/// with the account's recovery key: {session}.
#[no_mangle]
pub unsafe extern "C" fn beeper_recovery_key_verify(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::RecoveryKeyVerify,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/verification/recovery-key/reset with {existingRecoveryKey?} (params_json may
/// be NULL): creates a new recovery key, replacing the existing one if given: {recoveryKey,
/// session}. Show it to the user once, then confirm it.
#[no_mangle]
pub unsafe extern "C" fn beeper_recovery_key_reset_create(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::RecoveryKeyResetCreate,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/verification/recovery-key/reset/confirm with {recoveryKey}: confirms the new
/// recovery key (the user typed it back), completing setup: {session}.
#[no_mangle]
pub unsafe extern "C" fn beeper_recovery_key_reset_confirm(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::RecoveryKeyResetConfirm,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// GET /v1/app/setup/verifications: the active verifications: {items}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_list(
    c: *const BeeperClient,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsList,
        c,
        ptr::null(),
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/verifications with {purpose?, userID?} (params_json may be NULL): asks
/// another device to verify this one: {session, verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_create(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsCreate,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// GET /v1/app/setup/verifications/{id}: one verification: {session, verification?}. The id
/// "active" names the one in progress.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_retrieve(
    c: *const BeeperClient,
    verification_id: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsRetrieve,
        c,
        verification_id,
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/{id}/accept: accepts a verification requested by another
/// device: {session, verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_accept(
    c: *const BeeperClient,
    verification_id: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsAccept,
        c,
        verification_id,
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/{id}/cancel with {code?, reason?} (params_json may be NULL):
/// cancels a verification, with an optional user-facing code and reason: {session, verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_cancel(
    c: *const BeeperClient,
    verification_id: *const c_char,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsCancel,
        c,
        verification_id,
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/qr/scan with {data}: submits the QR payload scanned from the
/// other device: {session, verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_qr_scan(
    c: *const BeeperClient,
    params_json: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsQrScan,
        c,
        ptr::null(),
        params_json,
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/{id}/qr/confirm-scanned: confirms that the other device scanned
/// this device's QR code: {session, verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_qr_confirm_scanned(
    c: *const BeeperClient,
    verification_id: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsQrConfirmScanned,
        c,
        verification_id,
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/{id}/sas/start: starts the emoji comparison: {session,
/// verification?}, with sas.emojis once ready.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_sas_start(
    c: *const BeeperClient,
    verification_id: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsSasStart,
        c,
        verification_id,
        ptr::null(),
        out_json,
    ))
}

/// POST /v1/app/setup/verifications/{id}/sas/confirm: confirms that the emojis match: {session,
/// verification?}.
#[no_mangle]
pub unsafe extern "C" fn beeper_verifications_sas_confirm(
    c: *const BeeperClient,
    verification_id: *const c_char,
    out_json: *mut *mut c_char,
) -> i32 {
    boundary!(out_json => operation(
        Operation::VerificationsSasConfirm,
        c,
        verification_id,
        ptr::null(),
        out_json,
    ))
}
