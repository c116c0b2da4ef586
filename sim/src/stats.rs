//! Counters over API traffic only, and the last API request as received, so tests can prove
//! what a client did or did not send.

use crate::endpoints;
use crate::http::{percent_decode, Request};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

#[derive(Default)]
pub struct Stats {
    connections: u64,
    requests: u64,
    by_endpoint: BTreeMap<String, u64>,
    last: Option<Request>,
}

impl Stats {
    /// `new_connection` is true for a connection's first API request: a connection that only
    /// ever talks to /_sim/ is the test's own, not the client's, and is not counted.
    pub fn record(&mut self, req: &Request, new_connection: bool) {
        if new_connection {
            self.connections += 1;
        }
        self.requests += 1;
        *self
            .by_endpoint
            .entry(endpoints::stats_key(req))
            .or_insert(0) += 1;
        self.last = Some(req.clone());
    }

    pub fn to_json(&self) -> Value {
        json!({
            "connections": self.connections,
            "requests": self.requests,
            "byEndpoint": self.by_endpoint,
        })
    }

    /// `{method, path, query, headers, body, operation}`: the operation's dotted name (`null`
    /// for a path that names none), the path as sent (still percent-encoded), the
    /// query decoded (a repeated name gives an array), header names lower-case (repeats joined
    /// with ", "), the body as JSON (`null` when empty; not JSON: `null` plus `bodyText`).
    pub fn last_request_json(&self) -> Option<Value> {
        let req = self.last.as_ref()?;
        let mut query = Map::new();
        for pair in req.query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            // Form encoding: '+' is a space, and a literal '+' arrives as %2B.
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            let (name, value) = (decode(name), Value::String(decode(value)));
            match query.get_mut(&name) {
                None => {
                    query.insert(name, value);
                }
                Some(Value::Array(values)) => values.push(value),
                Some(first) => *first = json!([first.take(), value]),
            }
        }
        let mut headers = Map::new();
        for (name, value) in &req.headers {
            let name = name.to_ascii_lowercase();
            match headers.get_mut(&name) {
                Some(Value::String(joined)) => {
                    joined.push_str(", ");
                    joined.push_str(value);
                }
                _ => {
                    headers.insert(name, Value::String(value.clone()));
                }
            }
        }
        let mut out = json!({
            "method": req.method,
            "path": req.path,
            "query": query,
            "headers": headers,
            "body": Value::Null,
            "operation": endpoints::resolve(req).ok().map(|(endpoint, _)| endpoint.name),
        });
        if !req.body.is_empty() {
            match serde_json::from_slice::<Value>(&req.body) {
                Ok(body) => out["body"] = body,
                Err(_) => out["bodyText"] = json!(String::from_utf8_lossy(&req.body)),
            }
        }
        Some(out)
    }
}
