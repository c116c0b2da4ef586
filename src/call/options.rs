//! Per-call options: a timeout, retries, extra headers, query parameters and body fields for one
//! call, and the raw form of its answer. Checked like params, before anything is sent.

use crate::call::url::encode_query;
use crate::config::MAX_RETRIES_LIMIT;
use crate::error::json_error_message;
use crate::error::{Error, Result};
use crate::headers;
use crate::Spec;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;
use ureq::http::{HeaderName, HeaderValue};

/// The longest per-call timeout, as for the client's.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Options for one call ([`Client::call_with`](crate::Client::call_with)). Its JSON form (the C
/// ABI's `options_json`) uses the keys in the field docs; unknown keys are refused.
#[derive(Clone, PartialEq)]
pub struct CallOptions {
    /// `timeoutMs` (a number >= 0): this call's total time, instead of the client's.
    pub timeout: Option<Duration>,
    /// `maxRetries`: retries after the first attempt, instead of the client's.
    pub max_retries: Option<u32>,
    /// `extraHeaders` (name -> string or null): headers for this call, replacing a default one
    /// of the same name (case-insensitive); `None` (JSON null) removes that default header
    /// (`User-Agent`, `Accept`, one from `defaultHeaders`, or `Authorization`, the token).
    pub extra_headers: Vec<(String, Option<String>)>,
    /// `extraQuery` (name -> string, number, boolean or null): query parameters appended to the
    /// URL, percent-encoded; null ones are left out.
    pub extra_query: Vec<(String, String)>,
    /// `extraBody` (object): fields merged into the top level of the JSON body, replacing
    /// params of the same name. Refused for operations that send no body.
    pub extra_body: Option<Map<String, Value>>,
    /// `raw` (default false): answer `{status, headers, body}` instead of the body alone.
    pub raw: bool,
    /// `validateResponse` (default true): false returns a 2xx body of the wrong shape as sent
    /// instead of failing with a `decode` error.
    pub validate_response: bool,
}

impl Default for CallOptions {
    fn default() -> Self {
        CallOptions {
            timeout: None,
            max_retries: None,
            extra_headers: Vec::new(),
            extra_query: Vec::new(),
            extra_body: None,
            raw: false,
            validate_response: true,
        }
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .extra_headers
            .iter()
            .map(|(n, v)| (n, headers::shown(n, v.as_deref())))
            .collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("extra_headers", &headers)
            .field("extra_query", &self.extra_query)
            .field(
                "extra_body_keys",
                &self
                    .extra_body
                    .as_ref()
                    .map(|b| b.keys().collect::<Vec<_>>()),
            )
            .field("raw", &self.raw)
            .field("validate_response", &self.validate_response)
            .finish()
    }
}

impl CallOptions {
    /// Parses and checks the JSON form. `null` and empty text mean no options.
    pub fn from_json(text: &str) -> Result<Self> {
        if text.trim().is_empty() {
            return Ok(CallOptions::default());
        }
        // Parser messages are rebuilt without the input (a header value can be a secret).
        let object = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => object,
            Ok(Value::Null) => return Ok(CallOptions::default()),
            Ok(_) => return Err(Error::invalid("options must be a JSON object")),
            Err(e) => {
                return Err(Error::invalid(format!(
                    "invalid options: {}",
                    json_error_message(&e)
                )))
            }
        };
        // Read by hand from the parsed value, taking its strings: smaller and as fast as a
        // derived reader, and every message names the key, never the value.
        let mut options = CallOptions::default();
        for (key, value) in object {
            if value.is_null() {
                continue;
            }
            match key.as_str() {
                "timeoutMs" => options.timeout = Some(timeout_ms(&value)?),
                "maxRetries" => {
                    let n = value.as_u64().and_then(|n| u32::try_from(n).ok());
                    options.max_retries =
                        Some(n.ok_or_else(|| wrong(&key, "an integer >= 0", &value))?);
                }
                "extraHeaders" => options.extra_headers = extra_headers(value)?,
                "extraQuery" => options.extra_query = extra_query(value)?,
                "extraBody" => match value {
                    Value::Object(body) => options.extra_body = Some(body),
                    other => return Err(wrong(&key, "an object", &other)),
                },
                "raw" => {
                    options.raw = value
                        .as_bool()
                        .ok_or_else(|| wrong(&key, "a boolean", &value))?
                }
                "validateResponse" => {
                    options.validate_response = value
                        .as_bool()
                        .ok_or_else(|| wrong(&key, "a boolean", &value))?
                }
                _ => return Err(unknown_key(&key)),
            }
        }
        options.check()?;
        Ok(options)
    }

    /// [`from_json`](CallOptions::from_json) for the C ABI's calls, made ready to send. A
    /// binding sends the same options text call after call (its timeout, its headers), and
    /// parsing and preparing it costs more than the rest of what the options add to a call; so
    /// the last text parsed on each thread is kept with its result, and used again while the
    /// text is the same. Errors are not kept, nor options that carry a credential header (a
    /// secret is not held past its call).
    pub(crate) fn from_json_reused(text: &str) -> Result<Arc<ReadyOptions>> {
        thread_local! {
            static LAST: RefCell<Option<(Box<str>, Arc<ReadyOptions>)>> = const { RefCell::new(None) };
        }
        LAST.with(|last| {
            if let Some((seen, ready)) = &*last.borrow() {
                if **seen == *text {
                    return Ok(Arc::clone(ready));
                }
            }
            // Checked by `from_json`.
            let ready = ReadyOptions::of_checked(CallOptions::from_json(text)?)?;
            let secret = ready
                .options
                .extra_headers
                .iter()
                .any(|(name, _)| headers::is_credential(name));
            *last.borrow_mut() = (!secret).then(|| (text.into(), Arc::clone(&ready)));
            Ok(ready)
        })
    }

    /// Checks options however they were made (JSON or Rust): header rules, limits.
    pub(crate) fn check(&self) -> Result<()> {
        if self.max_retries.is_some_and(|n| n > MAX_RETRIES_LIMIT) {
            return Err(Error::invalid(format!(
                "options: maxRetries must be at most {MAX_RETRIES_LIMIT}"
            )));
        }
        if self.timeout.is_some_and(|t| t > MAX_TIMEOUT) {
            return Err(Error::invalid("options: timeoutMs must be at most one day"));
        }
        for (i, (name, value)) in self.extra_headers.iter().enumerate() {
            match value {
                Some(value) => headers::check(name, value)?,
                None => headers::check_name(name)?,
            }
            if self.extra_headers[..i]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                return Err(Error::invalid(format!(
                    "options: extraHeaders names {name:?} twice"
                )));
            }
        }
        Ok(())
    }

    /// This call's entry for header `name`: `None` when the options do not mention it,
    /// `Some(None)` when they remove it, `Some(Some(value))` when they set it.
    pub(crate) fn header(&self, name: &str) -> Option<Option<&str>> {
        self.extra_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_deref())
    }

    /// Whether this call sets a credential header other than `Authorization` (which replaces
    /// the token and is guarded as the token).
    pub(crate) fn sets_other_credential(&self) -> bool {
        self.extra_headers.iter().any(|(n, v)| {
            v.is_some() && headers::is_credential(n) && !n.eq_ignore_ascii_case("authorization")
        })
    }

    /// The body to send: the checked params with `extraBody` merged in.
    pub(crate) fn merge_body(&self, spec: &Spec, body: Option<String>) -> Result<Option<String>> {
        let Some(extra) = &self.extra_body else {
            return Ok(body);
        };
        if spec.body.is_none() {
            return Err(Error::invalid(format!(
                "{} sends no body, so it takes no extraBody",
                spec.name
            )));
        }
        let mut object: Map<String, Value> = match body.as_deref() {
            Some(text) => serde_json::from_str(text)
                .map_err(|e| Error::invalid(format!("params: {}", json_error_message(&e))))?,
            None => Map::new(),
        };
        object.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(Some(Value::Object(object).to_string()))
    }
}

/// Call options ready to send: what each call with them would otherwise work out again, done
/// once per options value (and, through [`CallOptions::from_json_reused`], once per options
/// text on a thread).
pub(crate) struct ReadyOptions {
    pub(crate) options: CallOptions,
    /// The `extraHeaders` that go out as given (not those that remove a header, nor
    /// `Authorization`, which goes out in the token's place), parsed as the HTTP layer takes them.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// `extraQuery` as it follows the URL's `?` (empty: none).
    pub(crate) query: String,
}

impl ReadyOptions {
    /// Checks `options` and makes them ready.
    pub(crate) fn new(options: CallOptions) -> Result<Arc<Self>> {
        options.check()?;
        Self::of_checked(options)
    }

    /// Makes options already checked ready.
    fn of_checked(options: CallOptions) -> Result<Arc<Self>> {
        let headers = options
            .extra_headers
            .iter()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("authorization"))
            .filter_map(|(name, value)| Some((name, value.as_deref()?)))
            .map(|(name, value)| {
                // Checked by `check`: a header that does not parse would be a broken invariant.
                let parsed = HeaderName::try_from(name.as_str())
                    .ok()
                    .zip(HeaderValue::try_from(value).ok());
                parsed.ok_or_else(|| Error::invalid(format!("options: header {name:?} is invalid")))
            })
            .collect::<Result<_>>()?;
        let query = encode_query(&options.extra_query);
        Ok(Arc::new(ReadyOptions {
            options,
            headers,
            query,
        }))
    }
}

fn timeout_ms(value: &Value) -> Result<Duration> {
    match value.as_f64() {
        Some(ms) if (0.0..=MAX_TIMEOUT.as_millis() as f64).contains(&ms) => {
            Ok(Duration::from_secs_f64(ms / 1000.0))
        }
        _ => Err(Error::invalid(
            "options: `timeoutMs` must be a number from 0 to 86400000",
        )),
    }
}

fn extra_headers(value: Value) -> Result<Vec<(String, Option<String>)>> {
    let Value::Object(map) = value else {
        return Err(wrong("extraHeaders", "an object", &value));
    };
    map.into_iter()
        .map(|(name, value)| match value {
            Value::String(v) => Ok((name, Some(v))),
            Value::Null => Ok((name, None)),
            // The name is checked first, so that a message can show it.
            other => Err(headers::check_name(&name).err().unwrap_or_else(|| {
                wrong(&format!("extraHeaders.{name}"), "a string or null", &other)
            })),
        })
        .collect()
}

fn extra_query(value: Value) -> Result<Vec<(String, String)>> {
    let Value::Object(map) = value else {
        return Err(wrong("extraQuery", "an object", &value));
    };
    let mut query = Vec::with_capacity(map.len());
    for (name, value) in map {
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            other => {
                return Err(wrong(
                    "extraQuery",
                    "values that are strings, numbers, booleans or null",
                    &other,
                ))
            }
        };
        query.push((name, text));
    }
    Ok(query)
}

/// An option of the wrong type; the message gives the kind of value found, never the value.
fn wrong(key: &str, expected: &str, found: &Value) -> Error {
    let kind = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Error::invalid(format!("options: `{key}` must be {expected}, got {kind}"))
}

/// An unknown key, named only when it reads as a name (a key is input too).
fn unknown_key(key: &str) -> Error {
    let shown = key.len() <= 64 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if shown {
        Error::invalid(format!("options: unknown field `{key}`"))
    } else {
        Error::invalid("options: unknown field")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_option_is_read() {
        let o = CallOptions::from_json(
            r#"{"timeoutMs":1500,"maxRetries":0,"extraHeaders":{"X-A":"1","User-Agent":null},
                "extraQuery":{"q":"a b","n":2,"t":true,"gone":null},"extraBody":{"x":[1]},
                "raw":true,"validateResponse":false}"#,
        )
        .unwrap();
        assert_eq!(o.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(o.max_retries, Some(0));
        assert_eq!(o.header("x-a"), Some(Some("1")));
        assert_eq!(o.header("user-agent"), Some(None));
        assert_eq!(o.header("x-b"), None);
        assert_eq!(o.extra_query.len(), 3);
        assert!(o.raw && !o.validate_response);
        assert_eq!(
            CallOptions::from_json("null").unwrap(),
            CallOptions::default()
        );
        assert_eq!(CallOptions::from_json(" ").unwrap(), CallOptions::default());
    }

    #[test]
    fn bad_options_are_refused_without_echoing_values() {
        for (json, needle) in [
            (r#"{"timeout":1}"#, "unknown field"),
            (r#"{"timeoutMs":-1}"#, "timeoutMs"),
            (r#"{"timeoutMs":"1"}"#, "`timeoutMs` must be a number"),
            (r#"{"maxRetries":1.5}"#, "`maxRetries` must be an integer"),
            (r#"{"maxRetries":101}"#, "maxRetries"),
            (r#"{"extraHeaders":{"X":1}}"#, "got a number"),
            (r#"{"extraHeaders":{"X":"a\r\nb"}}"#, "control characters"),
            (r#"{"extraHeaders":{"X\nY":"a"}}"#, "header name"),
            (r#"{"extraHeaders":{"X-A":"1","x-a":"2"}}"#, "twice"),
            (
                r#"{"extraHeaders":{"Content-Length":null}}"#,
                "set by the library",
            ),
            (r#"{"extraQuery":{"q":[1]}}"#, "extraQuery"),
            (r#"{"extraBody":[1]}"#, "`extraBody` must be an object"),
            (
                r#"{"raw":"Bearer hunter2"}"#,
                "`raw` must be a boolean, got a string",
            ),
            (r#"{"hunter2\"x":1}"#, "unknown field"),
            ("[]", "JSON object"),
            ("{", "invalid options"),
        ] {
            let e = CallOptions::from_json(json).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::InvalidArgument, "{json}");
            assert!(e.message.contains(needle), "{json}: {}", e.message);
            assert!(!e.message.contains("hunter2"), "{}", e.message);
        }
    }

    #[test]
    fn the_last_options_text_is_parsed_once_per_thread() {
        let text = r#"{"timeoutMs":1000,"extraHeaders":{"X-Tag":"a"}}"#;
        let first = CallOptions::from_json_reused(text).unwrap();
        assert!(Arc::ptr_eq(
            &first,
            &CallOptions::from_json_reused(text).unwrap()
        ));
        assert_eq!(first.options, CallOptions::from_json(text).unwrap());
        // Another text is parsed (and then kept instead).
        let other = CallOptions::from_json_reused(r#"{"raw":true}"#).unwrap();
        assert!(other.options.raw && !Arc::ptr_eq(&first, &other));
        // An error is refused every time, and does not replace what was kept.
        let kept = CallOptions::from_json_reused(r#"{"raw":true}"#).unwrap();
        assert!(Arc::ptr_eq(&other, &kept));
        for _ in 0..2 {
            assert!(CallOptions::from_json_reused(r#"{"raw":1}"#).is_err());
        }
        // Other threads keep their own.
        let elsewhere = std::thread::spawn(|| CallOptions::from_json_reused(r#"{"raw":true}"#))
            .join()
            .unwrap()
            .unwrap();
        assert!(!Arc::ptr_eq(&other, &elsewhere));
    }

    #[test]
    fn ready_options_hold_the_headers_sent_parsed_and_the_query_encoded() {
        let ready = CallOptions::from_json_reused(
            r#"{"extraHeaders":{"X-Tag":"a b","Accept":null,"Authorization":"Bearer t"},
                "extraQuery":{"q":"x y","n":1,"gone":null}}"#,
        )
        .unwrap();
        let headers: Vec<_> = ready
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect();
        // A removal is not sent, and the Authorization header goes out in the token's place.
        assert_eq!(headers, [("x-tag", "a b")]);
        assert_eq!(ready.query, "n=1&q=x%20y");
        let none = ReadyOptions::new(CallOptions::default()).unwrap();
        assert!(none.headers.is_empty() && none.query.is_empty());
        let bad = CallOptions {
            extra_headers: vec![("X-Bad\n".into(), Some("v".into()))],
            ..CallOptions::default()
        };
        assert!(ReadyOptions::new(bad).is_err());
    }

    #[test]
    fn options_with_a_credential_are_not_kept() {
        let text = r#"{"extraHeaders":{"Authorization":"Bearer hunter2"}}"#;
        let first = CallOptions::from_json_reused(text).unwrap();
        assert!(!Arc::ptr_eq(
            &first,
            &CallOptions::from_json_reused(text).unwrap()
        ));
    }

    #[test]
    fn debug_hides_credential_headers() {
        let o = CallOptions::from_json(
            r#"{"extraHeaders":{"Authorization":"Bearer hunter2","X-Trace":"seen"}}"#,
        )
        .unwrap();
        let shown = format!("{o:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("seen"),
            "{shown}"
        );
    }
}
