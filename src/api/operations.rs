//! The operations of the app-setup API, each declared once: its name, method, path, token
//! handling, answer, and typed Rust method, whose params type is the body it sends (declared
//! with its fields in `params.rs`). From here come the [`Operation`] enum, its table of
//! [`Spec`]s, the resources' typed methods (`declare_operations!` makes a `typed_methods!`
//! macro, which `resources.rs` expands), and, through `make generate`, the C functions
//! (`src/ffi/operations.rs`) and the Python and Swift tables.

use super::models::{
    RecoveryKeyCreated, Session, SessionResponse, SignInResponse, SignedIn, StartResponse,
    VerificationList, VerificationResponse,
};
use super::params::*;
use super::spec::{declare_operations, shape, Auth, Method, Spec};

declare_operations! {
    /// The Session: the setup state, the account and the verification in progress. Public
    /// before sign-in.
    SetupRetrieve = "setup.retrieve", GET "/v1/app/setup", auth UntilSignIn,
        answer Session,
        fn SetupApi::retrieve();

    /// Begins a sign-in: {setupRequestID, signInMethods}.
    SetupStart = "setup.start", POST "/v1/app/setup/start", auth Never,
        answer StartResponse,
        fn SetupApi::start();

    /// Emails a sign-in code. Answers nothing ("null").
    SetupEmail = "setup.email", POST "/v1/app/setup/email", auth Never,
        answer (),
        fn SetupApi::email(params: EmailParams);

    /// Signs in with the emailed code: Success {matrix, session}, or RegistrationRequired
    /// {registrationRequired: true, leadToken, ...} for an email without an account. A client
    /// without a token adopts the returned one (unless adoptAccessToken is false).
    SetupResponse = "setup.response", POST "/v1/app/setup/response", auth Never,
        answer SignInResponse,
        fn SetupApi::response(params: ResponseParams)
        {
            yields_token: true,
            answer_given_once: Some("the access token"),
            secret: Some("the emailed code (and to receive the access token)"),
        };

    /// Creates the account after RegistrationRequired: {matrix, session}. The token is adopted
    /// as for setup.response.
    SetupRegister = "setup.register", POST "/v1/app/setup/register", auth Never,
        answer SignedIn,
        fn SetupApi::register(params: RegisterParams)
        {
            yields_token: true,
            answer_given_once: Some("the access token"),
            secret: Some("the lead token (and to receive the access token)"),
        };

    /// Unlocks encrypted messaging with the account's recovery key: {session}.
    RecoveryKeyVerify = "recoveryKey.verify", POST "/v1/app/setup/verification/recovery-key",
        auth SignedIn,
        answer SessionResponse,
        fn RecoveryKeyApi::verify(params: RecoveryKeyParams)
        { secret: Some("the recovery key") };

    /// Creates a new recovery key, replacing the existing one if given: {recoveryKey, session}.
    /// Show it to the user once, then confirm it.
    RecoveryKeyResetCreate = "recoveryKey.reset.create",
        POST "/v1/app/setup/verification/recovery-key/reset", auth SignedIn,
        answer RecoveryKeyCreated,
        fn RecoveryKeyApi::reset_create(params: ResetCreateParams)
        {
            answer_given_once: Some("the new recovery key"),
            secret: Some("the recovery key (and to receive a new one)"),
        };

    /// Confirms the new recovery key (the user typed it back), completing setup: {session}.
    RecoveryKeyResetConfirm = "recoveryKey.reset.confirm",
        POST "/v1/app/setup/verification/recovery-key/reset/confirm", auth SignedIn,
        answer SessionResponse,
        fn RecoveryKeyApi::reset_confirm(params: RecoveryKeyParams)
        { secret: Some("the recovery key") };

    /// The active verifications: {items}.
    VerificationsList = "verifications.list", GET "/v1/app/setup/verifications", auth SignedIn,
        answer VerificationList,
        fn VerificationsApi::list();

    /// Asks another device to verify this one: {session, verification?}.
    VerificationsCreate = "verifications.create", POST "/v1/app/setup/verifications",
        auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::create(params: CreateVerificationParams);

    /// One verification: {session, verification?}. The id "active" names the one in progress.
    VerificationsRetrieve = "verifications.retrieve", GET "/v1/app/setup/verifications/{id}",
        auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::retrieve(id);

    /// Accepts a verification requested by another device: {session, verification?}.
    VerificationsAccept = "verifications.accept",
        POST "/v1/app/setup/verifications/{id}/accept", auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::accept(id);

    /// Cancels a verification, with an optional user-facing code and reason:
    /// {session, verification?}.
    VerificationsCancel = "verifications.cancel",
        POST "/v1/app/setup/verifications/{id}/cancel", auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::cancel(id, params: CancelParams);

    /// Submits the QR payload scanned from the other device: {session, verification?}.
    VerificationsQrScan = "verifications.qr.scan", POST "/v1/app/setup/verifications/qr/scan",
        auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::qr_scan(params: QrScanParams);

    /// Confirms that the other device scanned this device's QR code: {session, verification?}.
    VerificationsQrConfirmScanned = "verifications.qr.confirmScanned",
        POST "/v1/app/setup/verifications/{id}/qr/confirm-scanned", auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::qr_confirm_scanned(id);

    /// Starts the emoji comparison: {session, verification?}, with sas.emojis once ready.
    VerificationsSasStart = "verifications.sas.start",
        POST "/v1/app/setup/verifications/{id}/sas/start", auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::sas_start(id);

    /// Confirms that the emojis match: {session, verification?}.
    VerificationsSasConfirm = "verifications.sas.confirm",
        POST "/v1/app/setup/verifications/{id}/sas/confirm", auth SignedIn,
        answer VerificationResponse,
        fn VerificationsApi::sas_confirm(id);
}

/// The row a custom request runs under ([`Client::request`](crate::Client::request)): the token
/// is sent when the client has one and the answer is not checked against a shape. A request
/// to the method and path of an operation keeps that operation's body fields (whose secrets
/// its errors hide) and, when its answer exists once (a custom `POST /v1/app/setup/response`),
/// its retry rule, since the answer exists once however it is asked for.
pub(crate) fn custom_spec(method: Method, path: &str) -> Spec {
    let name = match method {
        Method::Get => "request.get",
        Method::Post => "request.post",
        Method::Put => "request.put",
        Method::Patch => "request.patch",
        Method::Delete => "request.delete",
    };
    let path = path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let operation = SPECS.iter().find(|s| s.method == method && s.path == path);
    Spec {
        answer_given_once: operation.and_then(|s| s.answer_given_once),
        ..Spec::new(
            name,
            method,
            "",
            Auth::UntilSignIn,
            operation.map_or(Some(&[]), |s| s.body),
            None,
        )
    }
}

/// The names of the body fields whose values a call of `spec` sends as secrets, to keep out
/// of its errors: the operation's own. A custom request to a path no operation has (an empty
/// body list, see [`custom_spec`]) may send any of them: a field an operation declares secret
/// holds a secret wherever it goes.
pub(crate) fn secret_fields(spec: &Spec) -> impl Iterator<Item = &'static str> {
    let any = spec.body.is_some_and(<[_]>::is_empty);
    let own = spec.body.unwrap_or_default();
    let all = SPECS
        .iter()
        .filter(move |_| any)
        .flat_map(|s| s.body.unwrap_or_default());
    own.iter().chain(all).filter(|f| f.secret).map(|f| f.name)
}
