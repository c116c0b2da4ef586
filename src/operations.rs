//! The list of operations: the one place that says, for each, its name, method, path,
//! authentication, params and response shape. The typed API, the C ABI and the bindings all go
//! through it.

use crate::error::{json_error_message, Error, Result};
use crate::models;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// An operation of the app-setup API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `GET /v1/app/setup`
    SetupRetrieve,
    /// `POST /v1/app/setup/start`
    SetupStart,
    /// `POST /v1/app/setup/email`
    SetupEmail,
    /// `POST /v1/app/setup/response`
    SetupResponse,
    /// `POST /v1/app/setup/register`
    SetupRegister,
    /// `POST /v1/app/setup/verification/recovery-key`
    RecoveryKeyVerify,
    /// `POST /v1/app/setup/verification/recovery-key/reset`
    RecoveryKeyResetCreate,
    /// `POST /v1/app/setup/verification/recovery-key/reset/confirm`
    RecoveryKeyResetConfirm,
    /// `GET /v1/app/setup/verifications`
    VerificationsList,
    /// `POST /v1/app/setup/verifications`
    VerificationsCreate,
    /// `GET /v1/app/setup/verifications/{id}`
    VerificationsRetrieve,
    /// `POST /v1/app/setup/verifications/{id}/accept`
    VerificationsAccept,
    /// `POST /v1/app/setup/verifications/{id}/cancel`
    VerificationsCancel,
    /// `POST /v1/app/setup/verifications/qr/scan`
    VerificationsQrScan,
    /// `POST /v1/app/setup/verifications/{id}/qr/confirm-scanned`
    VerificationsQrConfirmScanned,
    /// `POST /v1/app/setup/verifications/{id}/sas/start`
    VerificationsSasStart,
    /// `POST /v1/app/setup/verifications/{id}/sas/confirm`
    VerificationsSasConfirm,
}

/// The HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET, no body.
    Get,
    /// POST.
    Post,
    /// PUT (custom requests only: no operation uses it).
    Put,
    /// PATCH (custom requests only).
    Patch,
    /// DELETE (custom requests only).
    Delete,
}

impl Method {
    /// Every method, for looking one up by name.
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    /// The method as HTTP spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The method named `name` ("GET", "post", ...; case does not matter).
    pub fn from_name(name: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// Whether an operation sends the access token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Never (sign-in steps).
    None,
    /// When the client has one (`setup.retrieve` is public before sign-in).
    Optional,
    /// Always.
    Bearer,
}

/// The JSON type a param must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// Any string.
    String,
    /// A string of at least one character.
    NonEmptyString,
    /// The literal `true`.
    True,
}

/// A documented body field.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    /// The camelCase wire name.
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// Whether it must be present.
    pub required: bool,
}

/// Everything the library knows about one operation.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The dotted name, as in the official SDKs (`verifications.sas.start`).
    pub name: &'static str,
    /// GET or POST.
    pub method: Method,
    /// The path; `{id}` stands for the percent-encoded verification id.
    pub path: &'static str,
    /// Token handling.
    pub auth: Auth,
    /// `None`: no body is sent. `Some(fields)`: a JSON object body with these documented fields
    /// (unknown fields are passed through).
    pub body: Option<&'static [Field]>,
    /// The response's documented shape; `None` for an empty response.
    check: Option<fn(&str) -> serde_json::Result<()>>,
    /// Whether a success carries `matrix.accessToken` (sign-in and register).
    pub yields_token: bool,
    /// What a success returns that the server gives out only once (`Some("the access token")`):
    /// such an operation is not retried once the request may have reached the server, since a
    /// second try could not return it again. `None`: safe to retry as the official SDKs do.
    pub answer_given_once: Option<&'static str>,
    /// The secret the request or its answer carries even without the `Authorization` header
    /// (the emailed code, a lead token, a recovery key, an access token), as the refusal names
    /// it: never sent over plain http to a host that is not loopback without
    /// `allowInsecureHttp`.
    pub secret: Option<&'static str>,
}

const fn req(name: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str) -> Field {
    Field {
        name,
        ty: FieldType::String,
        required: false,
    }
}

fn shape<T: DeserializeOwned>(text: &str) -> serde_json::Result<()> {
    serde_json::from_str::<T>(text).map(drop)
}

use models::{
    RecoveryKeyCreated, SessionResponse, SignInResponse, SignedIn, StartResponse, VerificationList,
    VerificationResponse,
};
use Auth::{Bearer, Optional};
use FieldType::{NonEmptyString, True};
use Method::{Get, Post};

const fn spec(
    name: &'static str,
    method: Method,
    path: &'static str,
    auth: Auth,
    body: Option<&'static [Field]>,
    check: fn(&str) -> serde_json::Result<()>,
) -> Spec {
    Spec {
        name,
        method,
        path,
        auth,
        body,
        check: Some(check),
        yields_token: false,
        answer_given_once: None,
        secret: None,
    }
}

const VERIFICATION: fn(&str) -> serde_json::Result<()> = shape::<VerificationResponse>;
const NO_BODY: Option<&[Field]> = None;

/// The table, in `Operation` order.
static SPECS: [Spec; 17] = [
    spec(
        "setup.retrieve",
        Get,
        "/v1/app/setup",
        Optional,
        NO_BODY,
        shape::<models::Session>,
    ),
    spec(
        "setup.start",
        Post,
        "/v1/app/setup/start",
        Auth::None,
        NO_BODY,
        shape::<StartResponse>,
    ),
    Spec {
        check: None,
        ..spec(
            "setup.email",
            Post,
            "/v1/app/setup/email",
            Auth::None,
            Some(&[
                req("email", FieldType::String),
                req("setupRequestID", FieldType::String),
            ]),
            shape::<Value>,
        )
    },
    Spec {
        yields_token: true,
        answer_given_once: Some("the access token"),
        secret: Some("the emailed code (and to receive the access token)"),
        ..spec(
            "setup.response",
            Post,
            "/v1/app/setup/response",
            Auth::None,
            Some(&[
                req("response", FieldType::String),
                req("setupRequestID", FieldType::String),
            ]),
            shape::<SignInResponse>,
        )
    },
    Spec {
        yields_token: true,
        answer_given_once: Some("the access token"),
        secret: Some("the lead token (and to receive the access token)"),
        ..spec(
            "setup.register",
            Post,
            "/v1/app/setup/register",
            Auth::None,
            Some(&[
                req("acceptTerms", True),
                req("leadToken", FieldType::String),
                req("setupRequestID", FieldType::String),
                req("username", NonEmptyString),
            ]),
            shape::<SignedIn>,
        )
    },
    Spec {
        secret: Some("the recovery key"),
        ..spec(
            "recoveryKey.verify",
            Post,
            "/v1/app/setup/verification/recovery-key",
            Bearer,
            Some(&[req("recoveryKey", FieldType::String)]),
            shape::<SessionResponse>,
        )
    },
    Spec {
        answer_given_once: Some("the new recovery key"),
        secret: Some("the recovery key (and to receive a new one)"),
        ..spec(
            "recoveryKey.reset.create",
            Post,
            "/v1/app/setup/verification/recovery-key/reset",
            Bearer,
            Some(&[opt("existingRecoveryKey")]),
            shape::<RecoveryKeyCreated>,
        )
    },
    Spec {
        secret: Some("the recovery key"),
        ..spec(
            "recoveryKey.reset.confirm",
            Post,
            "/v1/app/setup/verification/recovery-key/reset/confirm",
            Bearer,
            Some(&[req("recoveryKey", FieldType::String)]),
            shape::<SessionResponse>,
        )
    },
    spec(
        "verifications.list",
        Get,
        "/v1/app/setup/verifications",
        Bearer,
        NO_BODY,
        shape::<VerificationList>,
    ),
    spec(
        "verifications.create",
        Post,
        "/v1/app/setup/verifications",
        Bearer,
        Some(&[opt("purpose"), opt("userID")]),
        VERIFICATION,
    ),
    spec(
        "verifications.retrieve",
        Get,
        "/v1/app/setup/verifications/{id}",
        Bearer,
        NO_BODY,
        VERIFICATION,
    ),
    spec(
        "verifications.accept",
        Post,
        "/v1/app/setup/verifications/{id}/accept",
        Bearer,
        NO_BODY,
        VERIFICATION,
    ),
    spec(
        "verifications.cancel",
        Post,
        "/v1/app/setup/verifications/{id}/cancel",
        Bearer,
        Some(&[opt("code"), opt("reason")]),
        VERIFICATION,
    ),
    spec(
        "verifications.qr.scan",
        Post,
        "/v1/app/setup/verifications/qr/scan",
        Bearer,
        Some(&[req("data", FieldType::String)]),
        VERIFICATION,
    ),
    spec(
        "verifications.qr.confirmScanned",
        Post,
        "/v1/app/setup/verifications/{id}/qr/confirm-scanned",
        Bearer,
        NO_BODY,
        VERIFICATION,
    ),
    spec(
        "verifications.sas.start",
        Post,
        "/v1/app/setup/verifications/{id}/sas/start",
        Bearer,
        NO_BODY,
        VERIFICATION,
    ),
    spec(
        "verifications.sas.confirm",
        Post,
        "/v1/app/setup/verifications/{id}/sas/confirm",
        Bearer,
        NO_BODY,
        VERIFICATION,
    ),
];

/// The row a custom request runs under ([`Client::request`](crate::Client::request)): the token
/// is sent when the client has one and the answer is not checked against a shape. A request
/// to the method and path of an operation whose answer exists once (a custom
/// `POST /v1/app/setup/response`) keeps that operation's retry rule, since the answer exists
/// once however it is asked for.
pub(crate) fn custom_spec(method: Method, path: &str) -> Spec {
    let name = match method {
        Get => "request.get",
        Post => "request.post",
        Method::Put => "request.put",
        Method::Patch => "request.patch",
        Method::Delete => "request.delete",
    };
    let path = path
        .split('?')
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let answer_given_once = SPECS
        .iter()
        .find(|s| s.method == method && s.path == path)
        .and_then(|s| s.answer_given_once);
    Spec {
        check: None,
        answer_given_once,
        ..spec(name, method, "", Optional, Some(&[]), shape::<Value>)
    }
}

impl Operation {
    /// Every operation, in table order.
    pub const ALL: [Operation; 17] = [
        Operation::SetupRetrieve,
        Operation::SetupStart,
        Operation::SetupEmail,
        Operation::SetupResponse,
        Operation::SetupRegister,
        Operation::RecoveryKeyVerify,
        Operation::RecoveryKeyResetCreate,
        Operation::RecoveryKeyResetConfirm,
        Operation::VerificationsList,
        Operation::VerificationsCreate,
        Operation::VerificationsRetrieve,
        Operation::VerificationsAccept,
        Operation::VerificationsCancel,
        Operation::VerificationsQrScan,
        Operation::VerificationsQrConfirmScanned,
        Operation::VerificationsSasStart,
        Operation::VerificationsSasConfirm,
    ];

    /// This operation's row of the table.
    pub fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    /// The operation with this dotted name.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.spec().name == name)
    }
}

impl Spec {
    /// Whether the path takes a verification id.
    pub fn takes_id(&self) -> bool {
        self.path.contains("{id}")
    }

    /// Whether any body field is required (so params may not be omitted).
    pub fn requires_params(&self) -> bool {
        self.body.is_some_and(|f| f.iter().any(|f| f.required))
    }

    /// Whether a success has no body (`setup.email`).
    pub fn has_empty_response(&self) -> bool {
        self.check.is_none()
    }

    /// Checks a 2xx response body against the documented shape.
    pub fn check_response(&self, text: &str) -> Result<()> {
        match self.check {
            Some(check) => check(text).map_err(|e| {
                Error::new(
                    crate::ErrorKind::Decode,
                    format!(
                        "{}: the response is not the documented shape: {}",
                        self.name,
                        json_error_message(&e)
                    ),
                )
            }),
            None => Ok(()),
        }
    }

    /// Checks caller-supplied params (wire JSON) before anything is sent, and returns the body
    /// to send: the caller's object as given, unknown fields included.
    pub fn check_params(&self, params: Option<&str>) -> Result<Option<String>> {
        let fields = match self.body {
            None => {
                return match params.map(parse_params).transpose()? {
                    None | Some(None) => Ok(None),
                    Some(Some(map)) if map.is_empty() => Ok(None),
                    Some(Some(_)) => Err(Error::invalid(format!("{} takes no params", self.name))),
                }
            }
            Some(fields) => fields,
        };
        let Some(object) = params.map(parse_params).transpose()?.flatten() else {
            if self.requires_params() {
                return Err(Error::invalid(format!(
                    "{} needs params: {}",
                    self.name,
                    required_names(fields)
                )));
            }
            return Ok(Some("{}".to_owned()));
        };
        for field in fields {
            check_field(self.name, field, object.get(field.name).copied())?;
        }
        Ok(params.map(str::to_owned))
    }
}

/// The caller's params, borrowed from their text: each value stays unparsed JSON, which is all
/// the checks need (its type and, for strings, emptiness).
type Params<'a> = BTreeMap<Cow<'a, str>, &'a RawValue>;

/// Parses params: a JSON object, or `null`/empty meaning "none".
fn parse_params(text: &str) -> Result<Option<Params<'_>>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<Option<Params<'_>>>(text).map_err(|e| match e.classify() {
        Category::Data => match serde_json::from_str::<&RawValue>(text) {
            Ok(raw) => Error::invalid(format!(
                "params must be a JSON object, got {}",
                type_name(raw.get())
            )),
            Err(e) => not_json(&e),
        },
        _ => not_json(&e),
    })
}

fn not_json(e: &serde_json::Error) -> Error {
    Error::invalid(format!(
        "params are not valid JSON: {}",
        json_error_message(e)
    ))
}

fn check_field(op: &str, field: &Field, value: Option<&RawValue>) -> Result<()> {
    let name = field.name;
    let value = match value.map(RawValue::get) {
        None | Some("null") if field.required => {
            return Err(Error::invalid(format!("{op}: `{name}` is required")))
        }
        None | Some("null") => return Ok(()),
        Some(v) => v,
    };
    let ok = match field.ty {
        FieldType::String => value.starts_with('"'),
        FieldType::NonEmptyString => value.starts_with('"') && value != "\"\"",
        FieldType::True => value == "true",
    };
    if ok {
        return Ok(());
    }
    let expected = match field.ty {
        FieldType::String => "a string",
        FieldType::NonEmptyString => "a non-empty string",
        FieldType::True => "true",
    };
    Err(Error::invalid(format!(
        "{op}: `{name}` must be {expected}, got {}",
        type_name(value)
    )))
}

fn required_names(fields: &[Field]) -> String {
    let names: Vec<_> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("`{}`", f.name))
        .collect();
    names.join(", ")
}

/// The JSON type of an unparsed value, for messages; the first character tells it.
fn type_name(raw: &str) -> &'static str {
    match raw.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') if raw == "\"\"" => "an empty string",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_names_are_unique() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Operation::from_name(op.spec().name), Some(*op));
        }
    }

    #[test]
    fn params_are_checked_before_sending() {
        let register = Operation::SetupRegister.spec();
        let good =
            r#"{"acceptTerms":true,"leadToken":"l","setupRequestID":"s","username":"u","x":1}"#;
        assert_eq!(
            register.check_params(Some(good)).unwrap().as_deref(),
            Some(good)
        );
        for (bad, needle) in [
            (
                r#"{"acceptTerms":false,"leadToken":"l","setupRequestID":"s","username":"u"}"#,
                "`acceptTerms` must be true",
            ),
            (
                r#"{"acceptTerms":true,"leadToken":"l","setupRequestID":"s","username":""}"#,
                "non-empty",
            ),
            (
                r#"{"acceptTerms":true,"leadToken":1,"setupRequestID":"s","username":"u"}"#,
                "got a number",
            ),
            (
                r#"{"acceptTerms":true,"setupRequestID":"s","username":"u"}"#,
                "`leadToken` is required",
            ),
            ("[]", "JSON object"),
            ("{", "not valid JSON"),
        ] {
            let e = register.check_params(Some(bad)).unwrap_err();
            assert!(e.message.contains(needle), "{bad}: {}", e.message);
        }
        assert!(register.check_params(None).is_err());
        let create = Operation::VerificationsCreate.spec();
        assert_eq!(create.check_params(None).unwrap().as_deref(), Some("{}"));
        assert_eq!(
            create.check_params(Some("null")).unwrap().as_deref(),
            Some("{}")
        );
        assert!(Operation::SetupStart
            .spec()
            .check_params(Some(r#"{"a":1}"#))
            .is_err());
        assert_eq!(
            Operation::SetupStart.spec().check_params(None).unwrap(),
            None
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = Operation::SetupEmail
            .spec()
            .check_params(Some(&deep))
            .unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidArgument);
    }
}
