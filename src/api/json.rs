//! Reading option objects from JSON text: `next_step`'s options here, and, through this one
//! rule, the call layer's wait and watch params and the client's config, which sit above.

use crate::error::{json_error_message, Error, Result};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses `text` as a JSON object into `T`; empty text and `null` give `T::default()`.
/// Anything else (an array, which serde would otherwise accept for a struct) is refused.
pub(crate) fn object_or_default<T: DeserializeOwned + Default>(
    text: &str,
    what: &str,
) -> Result<T> {
    if text.trim().is_empty() {
        return Ok(T::default());
    }
    let invalid = |e: serde_json::Error| {
        Error::invalid(format!("invalid {what}: {}", json_error_message(&e)))
    };
    match serde_json::from_str::<Value>(text).map_err(invalid)? {
        Value::Null => Ok(T::default()),
        object @ Value::Object(_) => T::deserialize(object).map_err(invalid),
        _ => Err(Error::invalid(format!("{what} must be a JSON object"))),
    }
}
