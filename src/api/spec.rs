//! What a row of the operation table holds ([`Spec`]), the checks it makes before anything is
//! sent, and the macro that turns the declaration in `operations.rs` into the enum, the table
//! and the typed methods.

use crate::error::{json_error_message, Error, Result};
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;

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

/// Whether an operation sends the access token. The server's own rule for each is in the
/// simulator's endpoint table, in the same words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Never: the sign-in steps, made before there is a token.
    Never,
    /// Public until the account is signed in (`setup.retrieve` on a new Beeper), then needs the
    /// token: sent when the client holds one.
    UntilSignIn,
    /// Needs the token: sent when the client holds one. A client without one still sends the
    /// request (a default `Authorization` header may stand in for the token), and the server
    /// answers 401.
    SignedIn,
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
    /// Whether its value is a secret (an emailed code, a lead token, a recovery key): kept out
    /// of the errors of a call that sends it, should the server quote it.
    pub secret: bool,
    /// The declared model its value is (an enum of `models.rs`: `VerificationPurpose`), whose
    /// values the bindings' generators write into the argument's type; `None` for plain values.
    pub model: Option<&'static str>,
    /// What it holds, as its documentation in every language says it.
    pub doc: &'static str,
}

/// Everything the library knows about one operation: a row of the declaration in
/// `src/api/operations.rs`.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// The dotted name, as in the official SDKs (`verifications.sas.start`).
    pub name: &'static str,
    /// What the operation does and answers, as its documentation in every language says it.
    pub doc: &'static str,
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
    pub(crate) check: Option<fn(&str) -> serde_json::Result<()>>,
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
    /// The Rust name of the answer's model (`()`: no body), which each binding's generator
    /// maps to its own name.
    pub answer: &'static str,
    /// Whether the path takes a verification id: computed from `path` when declared.
    pub(crate) takes_id: bool,
    /// Whether any body field is required: computed from `body` when declared.
    pub(crate) requires_params: bool,
}

impl Spec {
    /// A row with the defaults: no secret, retried as the official SDKs do, no token given.
    pub(crate) const fn new(
        name: &'static str,
        method: Method,
        path: &'static str,
        auth: Auth,
        body: Option<&'static [Field]>,
        check: Option<fn(&str) -> serde_json::Result<()>>,
    ) -> Spec {
        Spec {
            name,
            doc: "",
            method,
            path,
            auth,
            body,
            check,
            yields_token: false,
            answer_given_once: None,
            secret: None,
            answer: "()",
            takes_id: contains_id(path),
            requires_params: any_required(body),
        }
    }

    /// Whether the path takes a verification id.
    pub fn takes_id(&self) -> bool {
        self.takes_id
    }

    /// Whether any body field is required (so params may not be omitted).
    pub fn requires_params(&self) -> bool {
        self.requires_params
    }

    /// Whether a success has no body (`setup.email`).
    pub fn has_empty_response(&self) -> bool {
        self.check.is_none()
    }

    /// Checks a 2xx response body against the documented shape. (The call layer's check, public
    /// for the tests that hold every row to it; not part of the Rust API.)
    #[doc(hidden)]
    pub fn check_response(&self, text: &str) -> Result<()> {
        match self.check {
            Some(check) => check(text).map_err(|e| Error::not_documented_shape(self.name, &e)),
            None => Ok(()),
        }
    }

    /// Checks caller-supplied params (wire JSON) before anything is sent, and returns the body
    /// to send: the caller's object as given, unknown fields included. (The call layer's check,
    /// public for the tests; not part of the Rust API.)
    #[doc(hidden)]
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

/// Turns the declaration of the operations (`operations.rs`) into the [`Operation`](crate::Operation)
/// enum, its table of [`Spec`]s, and `typed_methods!`, which `resources.rs` expands into a
/// typed method for each on its resource (`SetupApi`, ...). One entry:
///
/// ```text
/// /// What it does (its documentation in every language).
/// Variant = "dotted.name", POST "/v1/path/{id}", auth SignedIn,
///     answer Model,                                      (`()`: an empty answer)
///     fn ResourceApi::method(id, params: ParamsType)     (`()`, `(id)`, `(params: T)`)
///     { yields_token: true, secret: Some("..."), ... };  (optional: other fields)
/// ```
///
/// The body is the params type the method takes, whose fields are declared with it
/// (`params.rs`); a method without params sends no body.
macro_rules! declare_operations {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $name:literal, $method:ident $path:literal, auth $auth:ident,
        answer $answer:tt,
        fn $api:ident :: $method_name:ident $args:tt
        $({ $($field:ident: $value:expr),+ $(,)? })?;
    )+) => {
        /// An operation of the app-setup API.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive] // The API grows: a match needs an arm for operations to come.
        pub enum Operation {$(
            #[doc = concat!("`", stringify!($method), " ", $path, "`: `", $name, "`.")]
            #[doc = ""]
            $(#[doc = $doc])+
            $variant,
        )+}

        const COUNT: usize = [$($name),+].len();

        /// The table, in `Operation` order.
        static SPECS: [Spec; COUNT] = [$(
            Spec {
                doc: concat!($($doc, "\n"),+),
                answer: stringify!($answer),
                $($($field: $value,)+)?
                ..Spec::new(
                    $name,
                    declare_operations!(@method $method),
                    $path,
                    Auth::$auth,
                    declare_operations!(@body $args),
                    declare_operations!(@check $answer),
                )
            },
        )+];

        impl Operation {
            /// Every operation, in table order.
            pub const ALL: [Operation; COUNT] = [$(Operation::$variant),+];

            /// This operation's row of the table.
            pub fn spec(self) -> &'static Spec {
                &SPECS[self as usize]
            }

            /// The operation with this dotted name.
            pub fn from_name(name: &str) -> Option<Operation> {
                match name {
                    $($name => Some(Operation::$variant),)+
                    _ => None,
                }
            }
        }

        /// The typed methods of the resources, one for each operation declared here: expanded
        /// in `resources.rs`, which owns the resources and how they reach the client, so that
        /// the declaration names no client.
        macro_rules! typed_methods {
            () => {$(
                typed_method!($api $method_name $args $variant $answer
                    concat!("`", stringify!($method), " ", $path, "`"), $($doc)+);
            )+};
        }
        pub(crate) use typed_methods;
    };

    (@method GET) => { Method::Get };
    (@method POST) => { Method::Post };
    (@check ()) => { None };
    (@check $answer:ty) => { Some(shape::<$answer>) };
    (@body ($(id)?)) => { None };
    (@body ($(id,)? params: $params:ty)) => { Some(<$params>::FIELDS) };
}
pub(crate) use declare_operations;

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

/// Whether a path template holds `{id}`; a `const fn`, so that the table computes it once.
const fn contains_id(path: &str) -> bool {
    let (path, id) = (path.as_bytes(), b"{id}");
    let mut i = 0;
    while i + id.len() <= path.len() {
        let mut j = 0;
        while j < id.len() && path[i + j] == id[j] {
            j += 1;
        }
        if j == id.len() {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether any of `body`'s fields is required; a `const fn`, as `contains_id`.
const fn any_required(body: Option<&[Field]>) -> bool {
    let Some(fields) = body else {
        return false;
    };
    let mut i = 0;
    while i < fields.len() {
        if fields[i].required {
            return true;
        }
        i += 1;
    }
    false
}

/// The documented shape of a response, as a check that it has it.
pub(crate) fn shape<T: DeserializeOwned>(text: &str) -> serde_json::Result<()> {
    serde_json::from_str::<T>(text).map(drop)
}

#[cfg(test)]
mod tests {
    use crate::Operation;

    #[test]
    fn the_table_is_in_enum_order_and_names_are_unique() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Operation::from_name(op.spec().name), Some(*op));
        }
        assert_eq!(Operation::from_name("setup.nope"), None);
    }

    #[test]
    fn computed_facts_agree_with_the_declaration() {
        let with_id: Vec<_> = Operation::ALL
            .iter()
            .filter(|op| op.spec().takes_id())
            .map(|op| op.spec().name)
            .collect();
        assert_eq!(with_id.len(), 6, "{with_id:?}");
        for op in Operation::ALL {
            let spec = op.spec();
            assert_eq!(spec.takes_id(), spec.path.contains("{id}"), "{}", spec.name);
            let required = spec.body.is_some_and(|f| f.iter().any(|f| f.required));
            assert_eq!(spec.requires_params(), required, "{}", spec.name);
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
