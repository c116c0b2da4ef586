//! What came back from one exchange, read within bounds, and the forms a call returns it in:
//! the body, the raw answer (`{status, headers, request, body}`), or an error's `response`.

use crate::error::{Error, ErrorKind, Result};
use crate::net::exchange::Interrupted;
use crate::net::transport::Refusal;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::Read;
use ureq::http::{HeaderMap, HeaderName, Response};

/// The most a response body may hold. Setup answers are a few KiB; a hostile or broken server
/// must not make us allocate without bound.
pub const MAX_RESPONSE_BYTES: u64 = 4 << 20;

/// How much of an error answer's body is read: it only feeds the error's message and `body`.
const MAX_ERROR_BODY_BYTES: u64 = 64 << 10;

/// One exchange's answer.
pub(crate) struct Answer {
    pub(crate) status: u16,
    /// The body (of a non-2xx answer, its start).
    pub(crate) text: String,
    /// The headers as received, rendered only when the raw answer or an error shows them.
    pub(crate) headers: HeaderMap,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Header `name`, when it is text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The headers as a JSON object (an error's `response.headers`).
    pub(crate) fn headers_value(&self) -> Value {
        let mut object = Map::new();
        for_each_header(&self.headers, |name, value| {
            object.insert(name.to_owned(), Value::String(value.to_owned()));
        });
        Value::Object(object)
    }

    /// The raw answer: `{"status", "headers", "request", "body"}`, with `"body": null, "text"`
    /// when the body is not JSON. `request` is the method and URL as sent (never a header or
    /// the body). `is_json`: the body was already checked, so it need not be scanned again.
    pub(crate) fn raw(&self, method: &str, url: &str, is_json: bool) -> String {
        let text = &self.text;
        let body = if text.trim().is_empty() {
            None
        } else if is_json || serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
            Some(true)
        } else {
            Some(false)
        };
        // Made at its final size, the C string's terminator included (a string handed to C
        // with room to spare is shrunk, which may copy it), when nothing in the headers or the
        // URL needs escaping and no header name repeats, as in almost every answer; sized from
        // the lengths alone, since scanning every byte once more costs more than the rare
        // growth or shrink.
        let headers_len: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 6) // ,"name":"value"
            .sum();
        let body_len = match body {
            Some(true) => 9 + text.len(),          // ,"body":<text>}
            Some(false) => 23 + escaped_len(text), // ,"body":null,"text":"<text>"}
            None => 13,                            // ,"body":null}
        };
        // {"status":NNN,"headers":{},"request":{"method":"","url":""} (the first header has
        // no comma before it)
        let len = 59 + headers_len.saturating_sub(1) + method.len() + url.len() + body_len + 1;
        let mut out = String::with_capacity(len);
        out.push_str(r#"{"status":"#);
        // An HTTP status has three digits; written without formatting machinery.
        for digit in [
            self.status / 100 % 10,
            self.status / 10 % 10,
            self.status % 10,
        ] {
            out.push(char::from(b'0' + digit as u8));
        }
        out.push_str(r#","headers":{"#);
        let mut first = true;
        for_each_header(&self.headers, |name, value| {
            if !first {
                out.push(',');
            }
            first = false;
            // A header name is lower-case token characters: nothing in it needs escaping.
            out.push('"');
            out.push_str(name);
            out.push_str("\":\"");
            push_escaped(&mut out, value);
            out.push('"');
        });
        out.push_str(r#"},"request":{"method":""#);
        out.push_str(method);
        out.push_str(r#"","url":""#);
        push_escaped(&mut out, url);
        out.push_str("\"}");
        match body {
            Some(true) => {
                out.push_str(r#","body":"#);
                out.push_str(text);
                out.push('}');
            }
            Some(false) => {
                out.push_str(r#","body":null,"text":""#);
                push_escaped(&mut out, text);
                out.push_str("\"}");
            }
            None => out.push_str(r#","body":null}"#),
        }
        out
    }
}

/// Each header once: lower-case names (as the map keeps them), the values of a repeated name
/// joined with ", ", values that are not UTF-8 shown with U+FFFD. One pass over the map (the
/// values of a name come one after another), copying only a repeated header's values.
fn for_each_header(map: &HeaderMap, mut each: impl FnMut(&str, &str)) {
    let mut current: Option<(&HeaderName, Cow<'_, str>)> = None;
    for (name, value) in map.iter() {
        // Visible ASCII, as almost every header is, needs no UTF-8 decoding.
        let value = match value.to_str() {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(value.as_bytes()),
        };
        match &mut current {
            Some((seen, joined)) if *seen == name => {
                let joined = joined.to_mut();
                joined.push_str(", ");
                joined.push_str(&value);
            }
            _ => {
                if let Some((seen, joined)) = current.replace((name, value)) {
                    each(seen.as_str(), &joined);
                }
            }
        }
    }
    if let Some((seen, joined)) = current {
        each(seen.as_str(), &joined);
    }
}

/// Reads an answer: a 2xx body in full (up to [`MAX_RESPONSE_BYTES`], valid UTF-8), the start
/// of any other.
pub(crate) fn read_answer(mut response: Response<ureq::Body>) -> Result<Answer> {
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        let text = error_body_excerpt(&mut response);
        let headers = std::mem::take(response.headers_mut());
        return Ok(Answer {
            status,
            text,
            headers,
        });
    }
    let too_big = || {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!("the response body is larger than {MAX_RESPONSE_BYTES} bytes"),
        );
        e.status = Some(status);
        e
    };
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // Refuse an announced oversized body without reading it.
    if announced.is_some_and(|n| n > MAX_RESPONSE_BYTES) {
        return Err(too_big());
    }
    // Sized up front (and one byte more, for the C string's terminator): one read, no regrowth.
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0) as usize + 1);
    response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .reader()
        .read_to_end(&mut bytes)
        .map_err(|e| match ureq::Error::from(e) {
            ureq::Error::BodyExceedsLimit(_) => too_big(),
            other => transport_error(other),
        })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        let mut e = Error::new(ErrorKind::Decode, "the response body is not valid UTF-8");
        e.status = Some(status);
        e
    })?;
    Ok(Answer {
        status,
        text,
        headers: std::mem::take(response.headers_mut()),
    })
}

/// The start of a non-2xx answer's body, as text. The status alone decides the error's kind and
/// whether to retry, so nothing about the body (its size, its encoding, a connection that breaks
/// while it is read) may turn a 503 into another kind of error: what could be read is kept, and
/// bytes that are not UTF-8 are shown as U+FFFD.
fn error_body_excerpt(response: &mut Response<ureq::Body>) -> String {
    let mut bytes = Vec::new();
    let _ = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .take(MAX_ERROR_BODY_BYTES)
        .read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A 2xx answer's body when it is JSON; a `decode` error otherwise.
pub(crate) fn json_body(name: &str, answer: Answer) -> Result<String> {
    if serde_json::from_str::<serde::de::IgnoredAny>(&answer.text).is_err() {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!("{name}: the response is not JSON (the raw option returns its text)"),
        );
        e.status = Some(answer.status);
        return Err(e);
    }
    Ok(answer.text)
}

/// Whether `text` holds a byte that JSON escapes (`"`, `\\`, a control character). Every byte
/// is looked at, without an early exit, so that the loop runs many bytes at a time.
fn needs_escape(text: &str) -> bool {
    text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// How long `text` is once escaped as [`push_escaped`] escapes it.
fn escaped_len(text: &str) -> usize {
    if !needs_escape(text) {
        return text.len();
    }
    text.bytes()
        .map(|b| match b {
            b'"' | b'\\' | b'\n' | b'\r' | b'\t' | 0x08 | 0x0c => 2,
            0..=0x1f => 6,
            _ => 1,
        })
        .sum()
}

/// Appends `text` as the inside of a JSON string, escaped as serde_json escapes it (`"`, `\\`
/// and control characters); for text written without building a value first.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // Most text (a URL, a header value) needs no escape, and is copied at once.
    if !needs_escape(text) {
        out.push_str(text);
        return;
    }
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xf)] as char);
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// Maps a transport failure to our kinds. ureq's messages name hosts and causes, never headers.
pub(crate) fn transport_error(e: ureq::Error) -> Error {
    if Interrupted::is(&e) {
        return crate::call::interrupt::stopped();
    }
    if let Some(refusal) = Refusal::of(&e) {
        let mut error = Error::new(ErrorKind::Connection, refusal.0.clone());
        error.do_not_retry = true;
        return error;
    }
    let kind = match &e {
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => ErrorKind::Timeout,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => ErrorKind::InvalidArgument,
        _ => ErrorKind::Connection,
    };
    let what = match kind {
        ErrorKind::Timeout => "the request timed out",
        ErrorKind::InvalidArgument => "the request could not be built",
        _ => "could not talk to the server",
    };
    Error::new(kind, format!("{what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, text: &str, headers: &[(&'static str, &str)]) -> Answer {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, value.parse().unwrap());
        }
        Answer {
            status,
            text: text.to_owned(),
            headers: map,
        }
    }

    #[test]
    fn escaped_text_is_what_serde_json_writes() {
        for text in [
            "",
            "plain",
            "a\"b\\c",
            "tab\there\r\n",
            "\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "ü €",
        ] {
            let mut out = String::from("\"");
            push_escaped(&mut out, text);
            out.push('"');
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
            assert_eq!(escaped_len(text), out.len() - 2, "{text:?}");
        }
    }

    #[test]
    fn raw_answers_keep_the_body_or_its_text_and_the_request() {
        let h = [
            ("content-type", "application/json"),
            ("set-cookie", "a"),
            ("set-cookie", "b"),
        ];
        let raw = |a: Answer| -> Value {
            serde_json::from_str(&a.raw("GET", "http://h/p?q=\"x\"", false)).unwrap()
        };
        let v = raw(answer(200, r#"{"a":1}"#, &h));
        assert_eq!(v["body"]["a"], 1);
        assert_eq!(v["headers"]["content-type"], "application/json");
        assert_eq!(v["headers"]["set-cookie"], "a, b");
        assert_eq!(v["request"]["method"], "GET");
        assert_eq!(v["request"]["url"], "http://h/p?q=\"x\"");
        let v = raw(answer(200, "<html>\"", &h));
        assert_eq!(v["body"], Value::Null);
        assert_eq!(v["text"], "<html>\"");
        let v = raw(answer(204, "", &h));
        assert_eq!(v["body"], Value::Null);
        assert!(v.get("text").is_none());
    }

    #[test]
    fn a_raw_answer_is_made_at_its_size_with_room_for_the_terminator() {
        let h = [("content-type", "application/json"), ("x-a", "1")];
        for (text, is_json) in [
            (r#"{"a":1}"#, true),
            ("", false),
            ("<p>\"x\"\u{1}</p>", false),
        ] {
            for headers in [&h[..], &[]] {
                let raw = answer(200, text, headers).raw("POST", "http://h/p?q=a%20b", is_json);
                assert_eq!(raw.capacity(), raw.len() + 1, "{raw}");
            }
        }
        // Escapes and repeated names make it grow or leave room; it is still whole.
        let h = [("x-a", "1\t\""), ("x-a", "2")];
        let raw = answer(200, "{}", &h).raw("POST", "http://h/\"x\\", true);
        let v: Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["headers"]["x-a"], "1\t\", 2");
        assert_eq!(v["request"]["url"], "http://h/\"x\\");
    }

    #[test]
    fn an_errors_headers_are_an_object() {
        let a = answer(503, "", &[("retry-after", "1"), ("x-a", "1"), ("x-a", "2")]);
        assert_eq!(
            a.headers_value(),
            serde_json::json!({"retry-after": "1", "x-a": "1, 2"})
        );
        assert_eq!(a.header("retry-after"), Some("1"));
    }
}
