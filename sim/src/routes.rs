//! The real API's surface: path matching, auth, body checks, then one call into the state.

use crate::error::{ApiError, Fields};
use crate::http::{percent_decode, Request, Response};
use crate::state::State;
use serde_json::Value;
use std::sync::Mutex;

const PREFIX: &str = "/v1/app/setup";

/// A matched path: its template (the stats key) and the verification id it carries, if any.
pub struct Endpoint {
    pub template: &'static str,
    pub methods: &'static [&'static str],
    pub id: Option<String>,
}

pub fn match_path(path: &str) -> Option<Endpoint> {
    let rest = path.strip_prefix(PREFIX)?;
    let segs: Vec<String> = if rest.is_empty() {
        Vec::new()
    } else {
        rest.strip_prefix('/')?
            .split('/')
            .map(percent_decode)
            .collect()
    };
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let (template, methods, id): (&'static str, &'static [&'static str], Option<&str>) = match s
        .as_slice()
    {
        [] => ("/v1/app/setup", &["GET"], None),
        ["start"] => ("/v1/app/setup/start", &["POST"], None),
        ["email"] => ("/v1/app/setup/email", &["POST"], None),
        ["response"] => ("/v1/app/setup/response", &["POST"], None),
        ["register"] => ("/v1/app/setup/register", &["POST"], None),
        ["verification", "recovery-key"] => {
            ("/v1/app/setup/verification/recovery-key", &["POST"], None)
        }
        ["verification", "recovery-key", "reset"] => (
            "/v1/app/setup/verification/recovery-key/reset",
            &["POST"],
            None,
        ),
        ["verification", "recovery-key", "reset", "confirm"] => (
            "/v1/app/setup/verification/recovery-key/reset/confirm",
            &["POST"],
            None,
        ),
        ["verifications"] => ("/v1/app/setup/verifications", &["GET", "POST"], None),
        ["verifications", "qr", "scan"] => ("/v1/app/setup/verifications/qr/scan", &["POST"], None),
        ["verifications", id] => (
            "/v1/app/setup/verifications/{verificationID}",
            &["GET"],
            Some(*id),
        ),
        ["verifications", id, "accept"] => (
            "/v1/app/setup/verifications/{verificationID}/accept",
            &["POST"],
            Some(*id),
        ),
        ["verifications", id, "cancel"] => (
            "/v1/app/setup/verifications/{verificationID}/cancel",
            &["POST"],
            Some(*id),
        ),
        ["verifications", id, "qr", "confirm-scanned"] => (
            "/v1/app/setup/verifications/{verificationID}/qr/confirm-scanned",
            &["POST"],
            Some(*id),
        ),
        ["verifications", id, "sas", "start"] => (
            "/v1/app/setup/verifications/{verificationID}/sas/start",
            &["POST"],
            Some(*id),
        ),
        ["verifications", id, "sas", "confirm"] => (
            "/v1/app/setup/verifications/{verificationID}/sas/confirm",
            &["POST"],
            Some(*id),
        ),
        _ => return None,
    };
    Some(Endpoint {
        template,
        methods,
        id: id.map(str::to_string),
    })
}

/// The stats key: method plus the path template, so every id counts under one entry.
pub fn endpoint_key(req: &Request) -> String {
    match match_path(&req.path) {
        Some(e) => format!("{} {}", req.method, e.template),
        None => format!("{} {}", req.method, req.path),
    }
}

fn bearer(req: &Request) -> Option<&str> {
    let value = req.header("authorization")?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub fn handle(state: &Mutex<State>, req: &Request) -> Response {
    let Some(endpoint) = match_path(&req.path) else {
        return ApiError::new(404, "NOT_FOUND", format!("no route for {}", req.path))
            .into_response();
    };
    if !endpoint.methods.contains(&req.method.as_str()) {
        return ApiError::new(
            405,
            "METHOD_NOT_ALLOWED",
            format!("{} does not accept {}", endpoint.template, req.method),
        )
        .into_response()
        .with_header("Allow", &endpoint.methods.join(", "));
    }
    let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
    st.tick();
    match dispatch(&mut st, req, &endpoint) {
        Ok(Some(v)) => Response::json(200, &v),
        Ok(None) => Response::raw(200, "application/json", Vec::new()),
        Err(e) => e.into_response(),
    }
}

fn dispatch(st: &mut State, req: &Request, ep: &Endpoint) -> Result<Option<Value>, ApiError> {
    let public = matches!(
        ep.template,
        "/v1/app/setup/start"
            | "/v1/app/setup/email"
            | "/v1/app/setup/response"
            | "/v1/app/setup/register"
    );
    // Before sign-in the state is public, as on a freshly installed Beeper Desktop.
    let open_read = ep.template == "/v1/app/setup" && !st.signed_in();
    if !public && !open_read && !st.token_ok(bearer(req)) {
        return Err(ApiError::unauthorized());
    }
    let id = ep.id.as_deref().unwrap_or("");
    let f = || Fields::parse(&req.body);
    let v = match (req.method.as_str(), ep.template) {
        ("GET", "/v1/app/setup") => st.session_json(),
        (_, "/v1/app/setup/start") => st.start()?,
        (_, "/v1/app/setup/email") => {
            let mut b = f()?;
            let email = b.email("email");
            let request_id = b.required_str("setupRequestID");
            b.finish()?;
            st.email(&email, &request_id)?;
            return Ok(None);
        }
        (_, "/v1/app/setup/response") => {
            let mut b = f()?;
            let code = b.required_str("response");
            let request_id = b.required_str("setupRequestID");
            b.finish()?;
            st.response(&code, &request_id)?
        }
        (_, "/v1/app/setup/register") => {
            let mut b = f()?;
            b.literal_true("acceptTerms");
            let lead = b.required_str("leadToken");
            let request_id = b.required_str("setupRequestID");
            let username = b.non_empty_str("username");
            b.finish()?;
            st.register(&lead, &request_id, &username)?
        }
        (_, "/v1/app/setup/verification/recovery-key") => {
            let mut b = f()?;
            let key = b.required_str("recoveryKey");
            b.finish()?;
            st.recovery_key_verify(&key)?
        }
        (_, "/v1/app/setup/verification/recovery-key/reset") => {
            let mut b = f()?;
            let existing = b.optional_str("existingRecoveryKey");
            b.finish()?;
            st.recovery_key_reset(existing.as_deref())?
        }
        (_, "/v1/app/setup/verification/recovery-key/reset/confirm") => {
            let mut b = f()?;
            let key = b.required_str("recoveryKey");
            b.finish()?;
            st.recovery_key_confirm(&key)?
        }
        ("GET", "/v1/app/setup/verifications") => st.list(),
        ("POST", "/v1/app/setup/verifications") => {
            let mut b = f()?;
            let purpose = b.optional_enum("purpose", &["login", "device"]);
            let user = b.optional_str("userID");
            b.finish()?;
            st.create(purpose.as_deref(), user.as_deref())?
        }
        (_, "/v1/app/setup/verifications/qr/scan") => {
            let mut b = f()?;
            let data = b.required_str("data");
            b.finish()?;
            st.qr_scan(&data)?
        }
        (_, "/v1/app/setup/verifications/{verificationID}") => st.retrieve(id)?,
        (_, "/v1/app/setup/verifications/{verificationID}/accept") => st.accept(id)?,
        (_, "/v1/app/setup/verifications/{verificationID}/cancel") => {
            let mut b = f()?;
            let code = b.optional_str("code");
            let reason = b.optional_str("reason");
            b.finish()?;
            st.cancel(id, code.as_deref(), reason.as_deref())?
        }
        (_, "/v1/app/setup/verifications/{verificationID}/qr/confirm-scanned") => {
            st.qr_confirm_scanned(id)?
        }
        (_, "/v1/app/setup/verifications/{verificationID}/sas/start") => st.sas_start(id)?,
        (_, "/v1/app/setup/verifications/{verificationID}/sas/confirm") => st.sas_confirm(id)?,
        _ => return Err(ApiError::new(404, "NOT_FOUND", "no such route")),
    };
    Ok(Some(v))
}
