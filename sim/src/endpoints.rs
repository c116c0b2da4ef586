//! The API's endpoints in one table, as the server sees them: each one's method, path, who may
//! call it, how its body is checked, and the name of the operation it serves (the client
//! library's dotted name). The stateful routes and the mock both start from here, so they accept
//! and refuse exactly the same requests.

use crate::error::{ApiError, Fields};
use crate::http::{percent_decode, Request, Response};
use serde_json::Value;

/// The path segment that stands for a verification id, as the client library writes it.
const ID_SEGMENT: &str = "{id}";

/// Who may call an endpoint: what the server checks before it reads the body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Auth {
    /// Anyone: the `Authorization` header is never read, so a wrong token does no harm. The
    /// sign-in steps, which run before there is a token.
    Never,
    /// Anyone until an account signs in, as on a freshly installed Beeper Desktop; from then on
    /// 401 unless `Authorization: Bearer` carries that account's token. The mock mode keeps no
    /// sign-in, so there it is always open.
    UntilSignIn,
    /// 401 unless `Authorization: Bearer` carries the signed-in account's token, so always 401
    /// before sign-in. The mock mode asks for any non-empty Bearer token, and only with
    /// `require_token`.
    SignedIn,
}

pub struct Endpoint {
    /// The operation it serves, by the client library's dotted name (`/_sim/last-request`
    /// reports it).
    pub name: &'static str,
    pub method: &'static str,
    /// The template, `{id}` standing for the id; also the stats key.
    pub path: &'static str,
    pub auth: Auth,
    read: fn(Input) -> Result<Call, ApiError>,
}

/// What an endpoint's `read` gets: the id from the path ("" when the path has none) and the body.
pub struct Input<'a> {
    id: String,
    body: &'a [u8],
}

impl Input<'_> {
    fn fields(&self) -> Result<Fields, ApiError> {
        Fields::parse(self.body)
    }
}

/// One request, its params checked: what the stateful routes act on and the mock answers.
pub enum Call {
    SetupRetrieve,
    SetupStart,
    SetupEmail {
        email: String,
        setup_request_id: String,
    },
    SetupResponse {
        code: String,
        setup_request_id: String,
    },
    SetupRegister {
        lead_token: String,
        setup_request_id: String,
        username: String,
    },
    RecoveryKeyVerify {
        recovery_key: String,
    },
    RecoveryKeyResetCreate {
        existing_recovery_key: Option<String>,
    },
    RecoveryKeyResetConfirm {
        recovery_key: String,
    },
    VerificationsList,
    VerificationsCreate {
        purpose: Option<String>,
        user_id: Option<String>,
    },
    VerificationsRetrieve {
        id: String,
    },
    VerificationsAccept {
        id: String,
    },
    VerificationsCancel {
        id: String,
        code: Option<String>,
        reason: Option<String>,
    },
    QrScan {
        data: String,
    },
    QrConfirmScanned {
        id: String,
    },
    SasStart {
        id: String,
    },
    SasConfirm {
        id: String,
    },
}

impl Call {
    pub fn verification_id(&self) -> Option<&str> {
        match self {
            Call::VerificationsRetrieve { id }
            | Call::VerificationsAccept { id }
            | Call::VerificationsCancel { id, .. }
            | Call::QrConfirmScanned { id }
            | Call::SasStart { id }
            | Call::SasConfirm { id } => Some(id),
            _ => None,
        }
    }
}

pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "setup.retrieve",
        method: "GET",
        path: "/v1/app/setup",
        auth: Auth::UntilSignIn,
        read: |_| Ok(Call::SetupRetrieve),
    },
    Endpoint {
        name: "setup.start",
        method: "POST",
        path: "/v1/app/setup/start",
        auth: Auth::Never,
        read: |_| Ok(Call::SetupStart),
    },
    Endpoint {
        name: "setup.email",
        method: "POST",
        path: "/v1/app/setup/email",
        auth: Auth::Never,
        read: |i| {
            let mut b = i.fields()?;
            let email = b.email("email");
            let setup_request_id = b.required_str("setupRequestID");
            b.finish()?;
            Ok(Call::SetupEmail {
                email,
                setup_request_id,
            })
        },
    },
    Endpoint {
        name: "setup.response",
        method: "POST",
        path: "/v1/app/setup/response",
        auth: Auth::Never,
        read: |i| {
            let mut b = i.fields()?;
            let code = b.required_str("response");
            let setup_request_id = b.required_str("setupRequestID");
            b.finish()?;
            Ok(Call::SetupResponse {
                code,
                setup_request_id,
            })
        },
    },
    Endpoint {
        name: "setup.register",
        method: "POST",
        path: "/v1/app/setup/register",
        auth: Auth::Never,
        read: |i| {
            let mut b = i.fields()?;
            b.literal_true("acceptTerms");
            let lead_token = b.required_str("leadToken");
            let setup_request_id = b.required_str("setupRequestID");
            let username = b.non_empty_str("username");
            b.finish()?;
            Ok(Call::SetupRegister {
                lead_token,
                setup_request_id,
                username,
            })
        },
    },
    Endpoint {
        name: "recoveryKey.verify",
        method: "POST",
        path: "/v1/app/setup/verification/recovery-key",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let recovery_key = b.required_str("recoveryKey");
            b.finish()?;
            Ok(Call::RecoveryKeyVerify { recovery_key })
        },
    },
    Endpoint {
        name: "recoveryKey.reset.create",
        method: "POST",
        path: "/v1/app/setup/verification/recovery-key/reset",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let existing_recovery_key = b.optional_str("existingRecoveryKey");
            b.finish()?;
            Ok(Call::RecoveryKeyResetCreate {
                existing_recovery_key,
            })
        },
    },
    Endpoint {
        name: "recoveryKey.reset.confirm",
        method: "POST",
        path: "/v1/app/setup/verification/recovery-key/reset/confirm",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let recovery_key = b.required_str("recoveryKey");
            b.finish()?;
            Ok(Call::RecoveryKeyResetConfirm { recovery_key })
        },
    },
    Endpoint {
        name: "verifications.list",
        method: "GET",
        path: "/v1/app/setup/verifications",
        auth: Auth::SignedIn,
        read: |_| Ok(Call::VerificationsList),
    },
    Endpoint {
        name: "verifications.create",
        method: "POST",
        path: "/v1/app/setup/verifications",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let purpose = b.optional_enum("purpose", &["login", "device"]);
            let user_id = b.optional_str("userID");
            b.finish()?;
            Ok(Call::VerificationsCreate { purpose, user_id })
        },
    },
    Endpoint {
        name: "verifications.retrieve",
        method: "GET",
        path: "/v1/app/setup/verifications/{id}",
        auth: Auth::SignedIn,
        read: |i| Ok(Call::VerificationsRetrieve { id: i.id }),
    },
    Endpoint {
        name: "verifications.accept",
        method: "POST",
        path: "/v1/app/setup/verifications/{id}/accept",
        auth: Auth::SignedIn,
        read: |i| Ok(Call::VerificationsAccept { id: i.id }),
    },
    Endpoint {
        name: "verifications.cancel",
        method: "POST",
        path: "/v1/app/setup/verifications/{id}/cancel",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let code = b.optional_str("code");
            let reason = b.optional_str("reason");
            b.finish()?;
            Ok(Call::VerificationsCancel {
                id: i.id,
                code,
                reason,
            })
        },
    },
    Endpoint {
        name: "verifications.qr.scan",
        method: "POST",
        path: "/v1/app/setup/verifications/qr/scan",
        auth: Auth::SignedIn,
        read: |i| {
            let mut b = i.fields()?;
            let data = b.required_str("data");
            b.finish()?;
            Ok(Call::QrScan { data })
        },
    },
    Endpoint {
        name: "verifications.qr.confirmScanned",
        method: "POST",
        path: "/v1/app/setup/verifications/{id}/qr/confirm-scanned",
        auth: Auth::SignedIn,
        read: |i| Ok(Call::QrConfirmScanned { id: i.id }),
    },
    Endpoint {
        name: "verifications.sas.start",
        method: "POST",
        path: "/v1/app/setup/verifications/{id}/sas/start",
        auth: Auth::SignedIn,
        read: |i| Ok(Call::SasStart { id: i.id }),
    },
    Endpoint {
        name: "verifications.sas.confirm",
        method: "POST",
        path: "/v1/app/setup/verifications/{id}/sas/confirm",
        auth: Auth::SignedIn,
        read: |i| Ok(Call::SasConfirm { id: i.id }),
    },
];

impl Endpoint {
    /// Checks the body against the documented params. Operations without params never look
    /// at the body, as the real server ignores what it does not expect.
    pub fn read(&self, id: String, body: &[u8]) -> Result<Call, ApiError> {
        (self.read)(Input { id, body })
    }
}

/// The verification id when `path` fits `template` (`Some("")` for a template without one).
fn fits(template: &str, path: &str) -> Option<String> {
    let mut want = template.split('/');
    let mut got = path.split('/');
    let mut id = String::new();
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(id),
            (Some(ID_SEGMENT), Some(seg)) => id = percent_decode(seg),
            (Some(w), Some(seg)) if w == percent_decode(seg) => {}
            _ => return None,
        }
    }
}

/// The stats key: method plus the path template, so every id counts under one entry; an
/// unknown path stands for itself.
pub fn stats_key(req: &Request) -> String {
    let path = ENDPOINTS
        .iter()
        .find(|endpoint| fits(endpoint.path, &req.path).is_some())
        .map_or(req.path.as_str(), |endpoint| endpoint.path);
    format!("{} {path}", req.method)
}

/// The endpoint a request names and the verification id in its path; else the 404 or 405
/// (with `Allow`) answer.
pub fn resolve(req: &Request) -> Result<(&'static Endpoint, String), Response> {
    let mut allowed: Vec<&str> = Vec::new();
    let mut template = "";
    for endpoint in ENDPOINTS {
        let Some(id) = fits(endpoint.path, &req.path) else {
            continue;
        };
        if endpoint.method == req.method {
            return Ok((endpoint, id));
        }
        allowed.push(endpoint.method);
        template = endpoint.path;
    }
    if allowed.is_empty() {
        return Err(
            ApiError::new(404, "NOT_FOUND", format!("no route for {}", req.path)).into_response(),
        );
    }
    Err(ApiError::new(
        405,
        "METHOD_NOT_ALLOWED",
        format!("{template} does not accept {}", req.method),
    )
    .into_response()
    .with_header("Allow", &allowed.join(", ")))
}

/// The Bearer token a request carries, if any.
pub fn bearer(req: &Request) -> Option<&str> {
    let value = req.header("authorization")?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// An endpoint's outcome on the wire: `None` is the empty body of `setup.email`.
pub fn reply(outcome: Result<Option<Value>, ApiError>) -> Response {
    match outcome {
        Ok(Some(v)) => Response::json(200, &v),
        Ok(None) => Response::raw(200, "application/json", Vec::new()),
        Err(e) => e.into_response(),
    }
}
