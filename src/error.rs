//! The one error type of the library, its kind, and its JSON form (the C ABI's error object).

use crate::secret::SentSecrets;
use serde_json::{json, Value};
use std::fmt;

/// What went wrong, in the categories every binding shares. The numbers are the C ABI's status
/// codes and are never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
#[non_exhaustive] // New kinds may come; their numbers are new too.
pub enum ErrorKind {
    /// The caller passed something unusable (bad config, missing field, empty id); nothing was sent.
    InvalidArgument = 1,
    /// The server could not be reached, or the connection broke.
    Connection = 2,
    /// A time limit passed (the request timeout, or a `wait` deadline).
    Timeout = 3,
    /// The server answered with a non-2xx status.
    Api = 4,
    /// The server answered 2xx with a body that is not the documented shape.
    Decode = 5,
    /// The operation was cancelled with `Client::cancel`.
    Cancelled = 6,
    /// A bug in this library (a caught panic, an impossible state).
    Internal = 7,
}

impl ErrorKind {
    /// The kind's name as it appears in the error object (`"invalid_argument"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Connection => "connection",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Api => "api",
            ErrorKind::Decode => "decode",
            ErrorKind::Cancelled => "cancelled",
            ErrorKind::Internal => "internal",
        }
    }

    /// The C ABI status code for this kind.
    pub fn code(self) -> i32 {
        self as i32
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from any operation.
///
/// Messages are written by this library and never contain access tokens, recovery keys or email
/// codes; request bodies are never quoted. `body` holds the server's error body as it sent it,
/// except that any secret the request sent (its access token, a secret body field) that the
/// server quotes back is replaced by `[redacted]`, there, in `response` and in the message.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct Error {
    /// The category.
    pub kind: ErrorKind,
    /// A human-readable explanation.
    pub message: String,
    /// The HTTP status, for `Api` errors (and `Decode` errors of a 2xx answer).
    pub status: Option<u16>,
    /// The server's machine-readable error `code`, when its body had one.
    pub code: Option<String>,
    /// The server's error body (parsed JSON, or a JSON string when it was not JSON).
    pub body: Option<Value>,
    /// How many times the request was retried before this error.
    pub retries: u32,
    /// For `Api` errors, the answer itself: `{status, headers, body}` (header names lower-case,
    /// `body` the parsed JSON or null, with `text` holding a non-JSON body's excerpt).
    pub response: Option<Box<Value>>,
    /// Trying again cannot help or must not happen: a connection refused on purpose (a
    /// certificate that does not check out), or a request whose answer exists once.
    pub(crate) do_not_retry: bool,
}

impl Error {
    /// A new error of `kind` with `message` and nothing else.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            status: None,
            code: None,
            body: None,
            retries: 0,
            response: None,
            do_not_retry: false,
        }
    }

    /// Shorthand for an `InvalidArgument` error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// Shorthand for an `Internal` error.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Internal, message)
    }

    /// The error for a non-2xx answer to a request that sent `sent`: the server's `{code,
    /// message, details?}` body when it sent one, else a description of what it sent; every
    /// secret of `sent` it quotes is hidden (see [`hiding`](Self::hiding)).
    pub(crate) fn from_status(status: u16, text: &str, sent: &SentSecrets) -> Self {
        let parsed = serde_json::from_str::<Value>(text).ok();
        let body: Option<Value> = match &parsed {
            Some(v) => Some(v.clone()),
            None if text.trim().is_empty() => None,
            // Not JSON (an HTML error page, a proxy's text): keep a bounded excerpt as a string,
            // cut once the secrets are hidden, so that none is cut in two and half shown.
            None => Some(Value::String(excerpt(&sent.hide(text), 2048))),
        };
        let field = |name: &str| {
            body.as_ref()
                .and_then(|b| b.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let code = field("code");
        let message = match field("message") {
            Some(m) => format!("HTTP {status}: {m}"),
            None => format!("HTTP {status} from the server"),
        };
        let mut response = json!({"status": status, "headers": {}, "body": parsed});
        if let (None, Some(excerpt)) = (&parsed, &body) {
            response["text"] = excerpt.clone();
        }
        Error {
            kind: ErrorKind::Api,
            message,
            status: Some(status),
            code,
            body,
            retries: 0,
            response: Some(Box::new(response)),
            do_not_retry: false,
        }
        .hiding(sent)
    }

    /// This error with every secret of `sent` (what the request sent) replaced by
    /// `[redacted]` wherever it holds one: a server may quote what it was sent in its message
    /// or its body, and an error never shows a secret.
    fn hiding(mut self, sent: &SentSecrets) -> Self {
        if sent.is_empty() {
            return self;
        }
        sent.hide_in(&mut self.message);
        if let Some(code) = &mut self.code {
            sent.hide_in(code);
        }
        if let Some(body) = &mut self.body {
            sent.hide_in_value(body);
        }
        if let Some(response) = &mut self.response {
            sent.hide_in_value(response);
        }
        self
    }

    /// Records the answer's headers (a JSON object) in `response` (an `Api` error's), each
    /// secret of `sent` they quote hidden.
    pub(crate) fn with_response_headers(mut self, mut headers: Value, sent: &SentSecrets) -> Self {
        if let Some(response) = &mut self.response {
            sent.hide_in_value(&mut headers);
            response["headers"] = headers;
        }
        self
    }

    /// A 2xx body that is not the documented shape of operation `name`.
    pub(crate) fn not_documented_shape(name: &str, e: &serde_json::Error) -> Self {
        Error::new(
            ErrorKind::Decode,
            format!(
                "{name}: the response is not the documented shape: {}",
                json_error_message(e)
            ),
        )
    }

    pub(crate) fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The error object of the C ABI: `{kind, message, status?, code?, body?, response?, retries}`.
    pub fn to_json(&self) -> Value {
        let mut obj = json!({
            "kind": self.kind.as_str(),
            "message": self.message,
            "retries": self.retries,
        });
        if let Some(status) = self.status {
            obj["status"] = json!(status);
        }
        if let Some(code) = &self.code {
            obj["code"] = json!(code);
        }
        if let Some(body) = &self.body {
            obj["body"] = body.clone();
        }
        if let Some(response) = &self.response {
            obj["response"] = (**response).clone();
        }
        obj
    }
}

/// At most `max` bytes of `text`, cut on a character boundary.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A JSON parser's error as a message that never holds any of the input.
///
/// serde_json's own messages quote what they found (`invalid type: string "<the secret>",
/// expected ...`), and a secret can hold quotes, backslashes or the text `, expected ` itself,
/// so nothing is searched for inside the found value: the message is rebuilt from its parts by
/// position. Syntax errors name the position only. Data errors keep what the library's types
/// expected and the kind of value found (`a string`), never the value; unknown field names are
/// kept only when they look like identifiers (a key is input too).
pub(crate) fn json_error_message(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let at = if e.line() == 0 {
        String::new()
    } else {
        format!(" at line {} column {}", e.line(), e.column())
    };
    let what = match e.classify() {
        Category::Io => "the input could not be read".to_owned(),
        Category::Eof => "the JSON text ends too early".to_owned(),
        Category::Syntax => "not valid JSON".to_owned(),
        Category::Data => {
            let full = e.to_string();
            let message = full.strip_suffix(&at).unwrap_or(&full);
            describe_data_error(message)
        }
    };
    format!("{what}{at}")
}

/// Rebuilds a serde data error from its fixed parts (see [`json_error_message`]).
fn describe_data_error(message: &str) -> String {
    // What the library's type expected comes last and is written by this library's types.
    let expected = message
        .rfind(", expected ")
        .map(|i| &message[i + ", expected ".len()..]);
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(found) = message.strip_prefix(prefix) {
            // `string "..."`, `integer `5``, `floating point `1.5``, `map`, `null`: the kind
            // is the text before the value's opening quote or backtick.
            let kind_end = found.find(['"', '`']).unwrap_or(found.len());
            let kind = found[..kind_end].split(", expected ").next().unwrap_or("");
            return match expected {
                Some(exp) => format!("{prefix}{}, expected {exp}", kind.trim()),
                None => format!("{prefix}{}", kind.trim()),
            };
        }
    }
    if message.starts_with("unknown variant ") {
        return match expected {
            Some(exp) => format!("unknown value, expected {exp}"),
            None => "unknown value".to_owned(),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let plain = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.');
        let field = if plain {
            format!("unknown field `{name}`")
        } else {
            "an unknown field".to_owned()
        };
        return match expected {
            Some(exp) => format!("{field}, expected {exp}"),
            None => field,
        };
    }
    // Messages that name only the library's own fields and counts.
    for prefix in ["missing field `", "duplicate field `", "invalid length "] {
        if message.starts_with(prefix) {
            return message.to_owned();
        }
    }
    // Anything else is a custom message of a type of this library or of serde's derive (an
    // untagged enum's), which quotes no input; one that quotes something is not shown.
    if message.contains(['"', '`']) {
        return "the value does not have the expected type or shape".to_owned();
    }
    excerpt(message, 200)
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_error_body_is_parsed() {
        let e = Error::from_status(
            400,
            r#"{"code":"VALIDATION","message":"bad","details":{"issues":[]}}"#,
            &SentSecrets::default(),
        );
        assert_eq!(e.kind, ErrorKind::Api);
        assert_eq!(e.code.as_deref(), Some("VALIDATION"));
        assert_eq!(e.message, "HTTP 400: bad");
        assert_eq!(e.to_json()["body"]["details"]["issues"], json!([]));
        let response = &e.to_json()["response"];
        assert_eq!(response["status"], 400);
        assert_eq!(response["body"]["code"], "VALIDATION");
        assert_eq!(response["headers"], json!({}));
    }

    #[test]
    fn html_error_page_is_kept_as_an_excerpt() {
        let page = format!("<html>{}</html>", "x".repeat(10_000));
        let e = Error::from_status(502, &page, &SentSecrets::default());
        assert_eq!(e.message, "HTTP 502 from the server");
        let response = e.to_json()["response"].clone();
        assert_eq!(response["body"], Value::Null);
        assert!(response["text"].as_str().unwrap().starts_with("<html>"));
        assert!(e.body.unwrap().as_str().unwrap().len() < 2100);
    }

    #[test]
    fn secrets_a_server_quotes_back_are_hidden() {
        let key = "EsTc SeKrEt \"k\\ey\" 🔑";
        let mut sent = SentSecrets::default();
        sent.add(key);
        // In the message, the code, a key and an array; and escaped otherwise than serde_json
        // escapes it.
        let echo = json!({"code": key, "message": format!("not a valid key: {key}"),
                          "details": {key: [key]}});
        let mut text = echo.to_string();
        text.insert_str(
            text.len() - 1,
            r#","m2":"\u0045sTc SeKrEt \"k\\ey\" \ud83d\udd11""#,
        );
        let e = Error::from_status(400, &text, &sent)
            .with_response_headers(json!({"x-echo": key}), &sent);
        assert_eq!(e.message, "HTTP 400: not a valid key: [redacted]");
        assert_eq!(e.code.as_deref(), Some("[redacted]"));
        let json = e.to_json().to_string();
        assert!(!json.contains("SeKrEt"), "{json}");
        assert_eq!(e.to_json()["body"]["m2"], "[redacted]");
        assert_eq!(e.to_json()["response"]["headers"]["x-echo"], "[redacted]");
        // In a page that is not JSON, even where the excerpt would cut it in two.
        let page = format!("{}{key}{}", "x".repeat(2040), "y".repeat(100));
        let e = Error::from_status(502, &page, &sent);
        let json = e.to_json().to_string();
        assert!(!json.contains("SeKrEt") && !json.contains("EsTc"), "{json}");
        assert!(json.contains("xx[redacte"), "{json}"); // the marker is what was cut
    }

    #[test]
    fn json_errors_never_quote_the_input() {
        use serde::Deserialize;
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Config {
            token: Option<u64>,
            mode: Option<Mode>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Mode {
            Fast,
        }
        // Each holds the marker SeKrEt, and what could end a naive redaction early.
        let secrets = [
            r#"SeKrEt", expected nothing"#,
            r#"back\slash\"SeKrEt"#,
            "ünïcødé 🔑 SeKrEt",
            "`tick`, expected `x` SeKrEt",
        ];
        for secret in secrets {
            let quoted = serde_json::to_string(secret).unwrap();
            for text in [
                format!(r#"{{"token": {quoted}}}"#),
                format!(r#"{{"mode": {quoted}}}"#),
                format!(r#"{{{quoted}: 1}}"#),
                format!(r#"{{"token": 1, "token": {quoted}}}"#),
                format!(r#"{{"token": {quoted}"#),
                format!("{quoted} trailing"),
            ] {
                let e = serde_json::from_str::<Config>(&text).unwrap_err();
                let message = json_error_message(&e);
                assert!(!message.contains("SeKrEt"), "{text} -> {message}");
                assert!(!message.contains("tick"), "{text} -> {message}");
            }
        }
        let e = serde_json::from_str::<Config>(r#"{"token": "x"}"#).unwrap_err();
        assert_eq!(
            json_error_message(&e),
            "invalid type: string, expected u64 at line 1 column 13"
        );
        let e = serde_json::from_str::<Config>(r#"{"tokne": 1}"#).unwrap_err();
        let m = json_error_message(&e);
        assert!(m.starts_with("unknown field `tokne`, expected "), "{m}");
        let e = serde_json::from_str::<Config>("{").unwrap_err();
        assert_eq!(
            json_error_message(&e),
            "the JSON text ends too early at line 1 column 1"
        );
    }

    #[test]
    fn kinds_have_stable_codes() {
        assert_eq!(ErrorKind::InvalidArgument.code(), 1);
        assert_eq!(ErrorKind::Internal.code(), 7);
    }
}
