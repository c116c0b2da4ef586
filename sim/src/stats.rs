//! Counters over API traffic only, so tests can prove what a client did or did not send.

use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Default)]
pub struct Stats {
    connections: u64,
    requests: u64,
    by_endpoint: BTreeMap<String, u64>,
}

impl Stats {
    /// `new_connection` is true for a connection's first API request: a connection that only
    /// ever talks to /_sim/ is the test's own, not the client's, and is not counted.
    pub fn record(&mut self, key: String, new_connection: bool) {
        if new_connection {
            self.connections += 1;
        }
        self.requests += 1;
        *self.by_endpoint.entry(key).or_insert(0) += 1;
    }

    pub fn to_json(&self) -> Value {
        json!({
            "connections": self.connections,
            "requests": self.requests,
            "byEndpoint": self.by_endpoint,
        })
    }
}
