//! A call's URL as it goes on the wire: the operation's path with the verification id
//! percent-encoded into it, and the options' query parameters after it.

use crate::error::{Error, Result};
use crate::Spec;

/// The longest verification id accepted.
const MAX_ID_BYTES: usize = 1024;

/// What a path segment keeps unencoded: not dots, so that `.` and `..` cannot climb the path.
const PATH_KEEPS: &[u8] = b"-_~";

/// What a query name or value keeps unencoded: the unreserved characters.
const QUERY_KEEPS: &[u8] = b"-._~";

/// The id a call of `spec` sends: the one place an id is checked, whichever language called.
pub(crate) fn checked_id<'a>(spec: &Spec, id: Option<&'a str>) -> Result<Option<&'a str>> {
    match (spec.takes_id(), id) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(Error::invalid(format!(
            "{} takes no verification id",
            spec.name
        ))),
        (true, Some(id)) if !id.is_empty() && id.len() <= MAX_ID_BYTES => Ok(Some(id)),
        (true, _) => Err(Error::invalid(format!(
            "{}: the verification id must not be empty (and at most {MAX_ID_BYTES} bytes)",
            spec.name
        ))),
    }
}

/// `base` and the path of `spec`, with `id` (already checked) in place of `{id}`, and the
/// encoded `query` (see [`encode_query`]) after it.
pub(crate) fn operation_url(base: &str, spec: &Spec, id: Option<&str>, query: &str) -> String {
    // Built by hand and at its final size: this runs on every call, and `format!` or a second
    // allocation costs more than the rest.
    let mut url = String::with_capacity(
        base.len() + spec.path.len() + 3 * id.map_or(0, str::len) + 1 + query.len(),
    );
    url.push_str(base);
    match (id, spec.path.split_once("{id}")) {
        (Some(id), Some((before, after))) => {
            url.push_str(before);
            percent_encode_into(&mut url, id, PATH_KEEPS);
            url.push_str(after);
        }
        _ => url.push_str(spec.path),
    }
    append_query(&mut url, query);
    url
}

/// `query` as it goes after a URL's `?`: `name=value` pairs, percent-encoded, joined by `&`.
pub(crate) fn encode_query(query: &[(String, String)]) -> String {
    // Room for the longest encoding (3 bytes per byte) at once, rather than growing per part.
    let mut out =
        String::with_capacity(query.iter().map(|(n, v)| 2 + 3 * (n.len() + v.len())).sum());
    for (i, (name, value)) in query.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        percent_encode_into(&mut out, name, QUERY_KEEPS);
        out.push('=');
        percent_encode_into(&mut out, value, QUERY_KEEPS);
    }
    out
}

/// Appends an encoded `query` to `url` after `?` (or after `&`, when `url` has a query).
pub(crate) fn append_query(url: &mut String, query: &str) {
    if query.is_empty() {
        return;
    }
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str(query);
}

/// Percent-encodes `text` onto `out`: everything but ASCII letters, digits and `keep`. Runs
/// that need no encoding are copied at once.
fn percent_encode_into(out: &mut String, text: &str, keep: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            continue;
        }
        // What lies between encoded bytes is kept ASCII, so these are character boundaries.
        if plain < i {
            out.push_str(&text[plain..i]);
        }
        let escape = [b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]];
        out.push_str(std::str::from_utf8(&escape).unwrap_or_default());
        plain = i + 1;
    }
    if plain < text.len() {
        out.push_str(&text[plain..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Operation;

    #[test]
    fn ids_are_percent_encoded() {
        let encode = |s: &str| {
            let mut out = String::new();
            percent_encode_into(&mut out, s, PATH_KEEPS);
            out
        };
        assert_eq!(encode("a b/../ü%"), "a%20b%2F%2E%2E%2F%C3%BC%25");
        assert_eq!(encode("active"), "active");
        let spec = Operation::VerificationsRetrieve.spec();
        assert_eq!(
            operation_url("http://h", spec, Some("v 1.2"), ""),
            "http://h/v1/app/setup/verifications/v%201%2E2"
        );
    }

    #[test]
    fn ids_are_checked_once_for_every_operation() {
        let takes = Operation::VerificationsRetrieve.spec();
        let takes_none = Operation::SetupRetrieve.spec();
        assert_eq!(checked_id(takes, Some("v")).unwrap(), Some("v"));
        assert_eq!(checked_id(takes_none, None).unwrap(), None);
        let long = "a".repeat(MAX_ID_BYTES + 1);
        for (spec, id) in [
            (takes, None),
            (takes, Some("")),
            (takes, Some(long.as_str())),
            (takes_none, Some("v")),
        ] {
            let e = checked_id(spec, id).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::InvalidArgument, "{id:?}");
            assert!(e.message.contains("verification id"), "{}", e.message);
        }
    }

    #[test]
    fn query_parts_are_percent_encoded() {
        let query = encode_query(&[("a b".into(), "x&y=z/ü".into()), ("n".into(), "1".into())]);
        let mut url = "http://h/p".to_owned();
        append_query(&mut url, &query);
        assert_eq!(url, "http://h/p?a%20b=x%26y%3Dz%2F%C3%BC&n=1");
        append_query(&mut url, "m=2");
        assert_eq!(url, "http://h/p?a%20b=x%26y%3Dz%2F%C3%BC&n=1&m=2");
        let spec = Operation::SetupRetrieve.spec();
        assert_eq!(
            operation_url("http://h", spec, None, "n=1"),
            "http://h/v1/app/setup?n=1"
        );
    }
}
