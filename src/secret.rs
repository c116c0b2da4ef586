//! A string that must never be printed (access tokens, recovery keys, email codes), and the
//! secrets a request sent, hidden from what its answer quotes back.

use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Holds a secret value. Its `Debug` output is redacted, and it has no `Display`, so it cannot end
/// up in a log line or an error message by accident.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// What stands in an error for a secret the server quoted back.
pub(crate) const REDACTED: &str = "[redacted]";

/// The fewest characters a sent value needs to be hidden where an answer quotes it. Shorter
/// values are no secret worth the name (the shortest real ones, emailed codes, have six
/// characters; keys and tokens dozens), while hiding them would cut up every word that happens
/// to hold them, and the markers' places would spell out where the value was.
pub(crate) const MIN_HIDDEN_CHARS: usize = 4;

/// The secrets one request sent, to be hidden wherever its answer quotes them: each is
/// replaced by [`REDACTED`], the longest first, so that a secret holding another goes whole.
#[derive(Default)]
pub(crate) struct SentSecrets {
    /// Longest first, no duplicates, none shorter than [`MIN_HIDDEN_CHARS`].
    values: Vec<String>,
}

impl SentSecrets {
    /// Hides `value` too (when long enough to be worth it).
    pub(crate) fn add(&mut self, value: &str) {
        if value.chars().count() < MIN_HIDDEN_CHARS || self.values.iter().any(|v| v == value) {
            return;
        }
        let at = self.values.partition_point(|v| v.len() >= value.len());
        self.values.insert(at, value.to_owned());
    }

    /// Whether nothing is to be hidden.
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with each secret replaced, in one pass (a marker is never searched again).
    pub(crate) fn hide<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.values.iter().any(|v| text.contains(v.as_str())) {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            match self.values.iter().find(|v| rest.starts_with(v.as_str())) {
                Some(value) => {
                    out.push_str(REDACTED);
                    rest = &rest[value.len()..];
                }
                None => {
                    out.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        Cow::Owned(out)
    }

    /// Hides each secret in `text`, in place.
    pub(crate) fn hide_in(&self, text: &mut String) {
        if let Cow::Owned(hidden) = self.hide(text) {
            *text = hidden;
        }
    }

    /// Hides each secret in every string of `value`, object keys included. (A parsed answer
    /// is at most serde_json's 128 levels deep.)
    pub(crate) fn hide_in_value(&self, value: &mut Value) {
        match value {
            Value::String(text) => self.hide_in(text),
            Value::Array(items) => items.iter_mut().for_each(|v| self.hide_in_value(v)),
            Value::Object(object) => {
                if object.keys().any(|k| matches!(self.hide(k), Cow::Owned(_))) {
                    *object = std::mem::take(object)
                        .into_iter()
                        .map(|(k, v)| (self.hide(&k).into_owned(), v))
                        .collect();
                }
                object.values_mut().for_each(|v| self.hide_in_value(v));
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("syt_abc123");
        assert!(!format!("{s:?}").contains("abc123"));
    }

    #[test]
    fn sent_secrets_are_hidden_longest_first_and_short_values_are_left() {
        let mut sent = SentSecrets::default();
        for value in ["abc", "key-1", "my key-1 and more", "ünï🔑", "key-1"] {
            sent.add(value);
        }
        assert_eq!(sent.values, ["my key-1 and more", "ünï🔑", "key-1"]); // by bytes
        assert_eq!(
            sent.hide("abc: my key-1 and more, key-1, xünï🔑x, key-"),
            "abc: [redacted], [redacted], x[redacted]x, key-"
        );
        assert!(matches!(sent.hide("nothing here"), Cow::Borrowed(_)));
        // A marker is not searched again, even when a secret is part of it.
        let mut dact = SentSecrets::default();
        dact.add("dact");
        assert_eq!(dact.hide("dact dact"), "[redacted] [redacted]");
        let mut value = json!({"key-1": ["a key-1", {"n": 1, "k": "key-1"}], "ok": "fine"});
        sent.hide_in_value(&mut value);
        assert_eq!(
            value,
            json!({"[redacted]": ["a [redacted]", {"n": 1, "k": "[redacted]"}], "ok": "fine"})
        );
    }
}
