//! Custom requests: a method and a path the operation table does not list (the official SDKs'
//! `client.get(path)`, `client.post(path, body=...)`, ...), sent through the same pipeline as an
//! operation, so the same guards hold: header rules, the token's transport rule, retries, the
//! response size cap. The body goes as given and the answer is not checked against a shape.

use crate::api::custom_spec;
use crate::call::options::{CallOptions, ReadyOptions};
use crate::call::plan::{plan_custom, Plan};
use crate::call::send::send;
use crate::error::{json_error_message, Error, Result};
use crate::{Client, Method};
use serde_json::{Map, Value};
use std::sync::Arc;

/// The longest path accepted (a URL that long is a mistake, not a request).
const MAX_PATH_BYTES: usize = 8 << 10;

/// [`request`](Client::request) with options made ready (and so checked): the C ABI's path.
pub(crate) fn request_ready(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&str>,
    ready: Arc<ReadyOptions>,
) -> Result<String> {
    let plan = plan_request(client, method, path, body, ready)?;
    plan.reply(send(client, client.agent(), &plan)?)
}

/// The plan of a custom request, every argument checked: what a blocking request sends, and
/// what one started without blocking hands to the library's threads.
pub(crate) fn plan_request(
    client: &Client,
    method: Method,
    path: &str,
    body: Option<&str>,
    ready: Arc<ReadyOptions>,
) -> Result<Plan> {
    let url = custom_url(client, path)?;
    let spec = custom_spec(method, &url[client.base_url().len()..]);
    let body = merge_body(method, body, &ready.options)?;
    if !client.settings().token_transport_ok {
        return Err(Error::invalid(
            "refusing a custom request over plain http to a host that is not loopback \
             (it may carry the access token or another secret); use https or set \
             allowInsecureHttp",
        ));
    }
    plan_custom(client, spec, url, body, ready)
}

/// The URL of a custom request: the base URL and `path`, which may not leave it.
fn custom_url(client: &Client, path: &str) -> Result<String> {
    let base = client.base_url();
    let relative = match path.strip_prefix(base) {
        Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => rest,
        _ if path.contains("://") => {
            return Err(Error::invalid(
                "a custom request's path must be relative to the base URL (or start with it)",
            ))
        }
        _ => path,
    };
    check_path(relative)?;
    let mut url = String::with_capacity(base.len() + relative.len());
    url.push_str(base);
    url.push_str(relative);
    Ok(url)
}

/// A path is `/...` (or empty, or a bare query), without control characters, spaces,
/// backslashes or a fragment, and without `.`/`..` segments that would climb above the base
/// URL's own path.
fn check_path(path: &str) -> Result<()> {
    if path.len() > MAX_PATH_BYTES {
        return Err(Error::invalid(format!(
            "a custom request's path is longer than {MAX_PATH_BYTES} bytes"
        )));
    }
    if !(path.is_empty() || path.starts_with(['/', '?'])) {
        return Err(Error::invalid(
            "a custom request's path must start with \"/\"",
        ));
    }
    if path
        .bytes()
        .any(|b| b.is_ascii_control() || b == b' ' || b == b'\\' || b == b'#')
    {
        return Err(Error::invalid(
            "a custom request's path must not hold control characters, spaces, \"\\\" or \"#\" \
             (percent-encode them)",
        ));
    }
    let route = path.split('?').next().unwrap_or_default();
    if route.split('/').any(|s| s == "." || s == "..") {
        return Err(Error::invalid(
            "a custom request's path must not hold \".\" or \"..\" segments",
        ));
    }
    Ok(())
}

/// The body to send: `body` checked to be JSON, with the options' `extraBody` merged into it
/// (which needs an object, or no body).
fn merge_body(method: Method, body: Option<&str>, options: &CallOptions) -> Result<Option<String>> {
    let parsed = match body.filter(|b| !b.trim().is_empty()) {
        None => None,
        Some(text) => Some(serde_json::from_str::<Value>(text).map_err(|e| {
            Error::invalid(format!(
                "body is not valid JSON: {}",
                json_error_message(&e)
            ))
        })?),
    };
    if method == Method::Get && (parsed.is_some() || options.extra_body.is_some()) {
        return Err(Error::invalid("a GET request sends no body"));
    }
    let Some(extra) = &options.extra_body else {
        return Ok(parsed.map(|_| body.unwrap_or_default().to_owned()));
    };
    let mut object = match parsed {
        None => Map::new(),
        Some(Value::Object(object)) => object,
        Some(_) => {
            return Err(Error::invalid(
                "extraBody needs a body that is a JSON object (or none)",
            ))
        }
    };
    object.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(Some(Value::Object(object).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn paths_stay_under_the_base_url() {
        let c = Client::from_json(r#"{"baseURL":"http://127.0.0.1:9/api"}"#).unwrap();
        assert_eq!(
            custom_url(&c, "/v1/x?a=b").unwrap(),
            "http://127.0.0.1:9/api/v1/x?a=b"
        );
        assert_eq!(
            custom_url(&c, "http://127.0.0.1:9/api/v1/x").unwrap(),
            "http://127.0.0.1:9/api/v1/x"
        );
        for bad in [
            "v1/x",
            "http://evil.example/v1",
            "http://127.0.0.1:9/apix",
            "/v1/../../x",
            "/./x",
            "/a b",
            "/a\r\nHost: x",
            "/a#b",
            "/a\\b",
        ] {
            let e = custom_url(&c, bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::InvalidArgument, "{bad}");
        }
        assert!(custom_url(&c, &format!("/{}", "a".repeat(MAX_PATH_BYTES))).is_err());
    }

    #[test]
    fn bodies_are_json_and_take_extra_body() {
        let none = CallOptions::default();
        assert_eq!(
            merge_body(Method::Post, Some(r#"[1]"#), &none).unwrap(),
            Some("[1]".to_owned())
        );
        assert_eq!(merge_body(Method::Post, None, &none).unwrap(), None);
        assert!(merge_body(Method::Post, Some("{"), &none).is_err());
        assert!(merge_body(Method::Get, Some("{}"), &none).is_err());
        let extra = CallOptions::from_json(r#"{"extraBody":{"b":2}}"#).unwrap();
        assert_eq!(
            merge_body(Method::Patch, Some(r#"{"a":1}"#), &extra).unwrap(),
            Some(r#"{"a":1,"b":2}"#.to_owned())
        );
        assert!(merge_body(Method::Put, Some("[1]"), &extra).is_err());
    }

    #[test]
    fn methods_are_named_in_any_case() {
        assert_eq!(Method::from_name("delete"), Some(Method::Delete));
        assert_eq!(Method::from_name("Patch"), Some(Method::Patch));
        assert_eq!(Method::from_name("TRACE"), None);
    }
}
