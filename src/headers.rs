//! The rules for every header a caller can give: `defaultHeaders`, `BEEPER_CUSTOM_HEADERS`,
//! per-call `extraHeaders` and the access token. Checked once, where the value comes in (client
//! creation, options parsing), so that a request never fails on a header it was allowed to carry.
//!
//! It sits beside `config.rs` and `secret.rs`, under every layer: the configuration (which the
//! connection layer reads) and the call layer's per-call options both check their headers here.

use crate::error::{Error, Result};
use crate::secret::Secret;
use std::fmt;
use ureq::http::HeaderValue;

/// Headers the library writes itself from the request it sends. Given by a caller they would
/// contradict the request (`Content-Length: 0` drops the body; a larger one makes the server
/// wait for bytes that never come), so they are refused.
const RESERVED: [&str; 4] = [
    "content-length",
    "transfer-encoding",
    "host",
    "content-type",
];

/// Headers whose values are credentials: they get the access token's treatment (never shown,
/// never sent over plain HTTP to a host that is not loopback without `allowInsecureHttp`).
const CREDENTIALS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// Whether `name` carries a credential.
pub(crate) fn is_credential(name: &str) -> bool {
    CREDENTIALS.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// Checks a header a caller gives: a valid name the library does not own, and a value a header
/// can carry. The message names the header, never its value.
pub(crate) fn check(name: &str, value: &str) -> Result<()> {
    check_name(name)?;
    if !is_valid_value(value) {
        return Err(Error::invalid(format!(
            "the value of header {name:?} must not contain control characters (line breaks, NUL, \\x0b, \\x7f, ...)"
        )));
    }
    Ok(())
}

/// Checks a header name alone (a per-call `extraHeaders` entry that removes a header).
pub(crate) fn check_name(name: &str) -> Result<()> {
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err(Error::invalid(format!("invalid header name {name:?}")));
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(Error::invalid(format!(
            "header {name:?} is set by the library from the request and cannot be given"
        )));
    }
    Ok(())
}

/// A credential as requests send it in `Authorization`, made once where it comes in (a token
/// set or adopted, a default header, a per-call option): each request takes a copy of its header
/// value that shares the bytes, instead of checking and copying the text again. The text stays a
/// [`Secret`], and the header value is marked sensitive.
pub(crate) struct Credential {
    text: Secret,
    /// `None` only for a text no header can carry, which the checks where credentials come in
    /// refuse: such a request would fail as it always has, on the text.
    header: Option<HeaderValue>,
}

impl Credential {
    pub fn new(text: Secret) -> Self {
        let header = HeaderValue::from_str(text.expose()).ok().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        Credential { text, header }
    }

    /// The text, for the one place that must send it.
    pub fn expose(&self) -> &str {
        self.text.expose()
    }

    /// The header value made when the credential came in.
    pub fn header(&self) -> Option<&HeaderValue> {
        self.header.as_ref()
    }
}

/// An access token must be sendable as is in `Authorization: Bearer <token>`: anything but
/// control characters (CR, LF, NUL and the rest; a tab is allowed, as in any header value).
pub(crate) fn check_token(token: &Secret) -> Result<()> {
    let t = token.expose();
    if t.is_empty() || !is_valid_value(t) {
        return Err(Error::invalid(
            "accessToken must be non-empty and must not contain control characters \
             (line breaks, NUL, ...)",
        ));
    }
    Ok(())
}

/// What HTTP allows in a field value: visible characters, spaces, tabs and any non-ASCII byte.
fn is_valid_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| (b >= 0x20 && b != 0x7f) || b == b'\t')
}

/// A list of `(name, value)` headers whose `Debug` output hides the values of credentials.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct HeaderList(pub Vec<(String, String)>);

impl std::ops::Deref for HeaderList {
    type Target = Vec<(String, String)>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(n, v)| (n, shown(n, Some(v)))))
            .finish()
    }
}

/// A header value as `Debug` output may show it.
pub(crate) fn shown<'a>(name: &str, value: Option<&'a str>) -> Option<&'a str> {
    match value {
        Some(_) if is_credential(name) => Some("[redacted]"),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_credential_is_sent_as_given_and_its_header_value_is_sensitive() {
        let credential = Credential::new(Secret::new("Bearer tok\u{e9}n"));
        let value = credential.header().unwrap();
        assert_eq!(value.as_bytes(), "Bearer tok\u{e9}n".as_bytes());
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("tok"));
        assert!(Credential::new(Secret::new("a\nb")).header().is_none());
    }

    #[test]
    fn control_characters_and_library_headers_are_refused() {
        for value in ["a\rb", "a\nb", "a\0b", "a\x0bb", "a\x7fb", "a\x1bb"] {
            assert!(check("X-A", value).is_err(), "{value:?}");
        }
        for value in ["", "a b", "a\tb", "ünï", "Bearer My Access Token"] {
            assert!(check("X-A", value).is_ok(), "{value:?}");
        }
        for name in [
            "Content-Length",
            "transfer-encoding",
            "HOST",
            "Content-Type",
        ] {
            let e = check(name, "1").unwrap_err();
            assert!(e.message.contains("set by the library"), "{}", e.message);
        }
        assert!(check("Bad Name", "v").is_err());
        assert!(check("", "v").is_err());
    }

    #[test]
    fn tokens_take_anything_a_header_value_can_carry() {
        assert!(check_token(&Secret::new("My Access Token")).is_ok());
        assert!(check_token(&Secret::new("tök\tén")).is_ok());
        for bad in ["", "a\rb", "a\nb", "a\0b", "a\x7f"] {
            assert!(check_token(&Secret::new(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn debug_hides_credential_values() {
        let list = HeaderList(vec![
            ("Authorization".into(), "Bearer s3cret".into()),
            ("Cookie".into(), "sid=s3cret".into()),
            ("X-Trace".into(), "visible".into()),
        ]);
        let shown = format!("{list:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("visible"), "{shown}");
    }
}
