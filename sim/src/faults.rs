//! Injected misbehaviour for the next N API requests, so clients can prove their retries,
//! timeouts and decoding against failures that a healthy server never produces on demand.

use crate::http::{Body, Request, Response};
use serde_json::{json, Value};

pub const OVERSIZED_BYTES: u64 = 64 * 1024 * 1024;
pub const OVERSIZED_PREFIX: &[u8] = b"{\"state\":\"ready\",\"e2ee\":{},\"padding\":\"";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BodyFault {
    Malformed,
    Oversized,
    WrongShape,
    Html,
    /// An error that quotes what the request sent (its body and `Authorization`), as a server
    /// that echoes its input does: JSON (`echo`) or plain text (`echo-text`).
    Echo,
    EchoText,
}

#[derive(Clone, Debug, Default)]
pub struct Fault {
    pub status: Option<u16>,
    pub retry_after_ms: Option<u64>,
    pub retry_after: Option<String>,
    pub should_retry: Option<bool>,
    pub delay_ms: u64,
    pub drop: bool,
    pub reset_mid_body: bool,
    pub hang: bool,
    pub drip_bytes_per_sec: Option<u64>,
    pub body: Option<BodyFault>,
}

#[derive(Default)]
pub struct Faults {
    remaining: u64,
    fault: Fault,
}

impl Faults {
    pub fn set(&mut self, config: &Value) -> Result<(), String> {
        let (count, fault) = parse(config)?;
        self.remaining = count;
        self.fault = fault;
        Ok(())
    }

    pub fn clear(&mut self) {
        self.remaining = 0;
        self.fault = Fault::default();
    }

    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    pub fn take(&mut self) -> Option<Fault> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        Some(self.fault.clone())
    }
}

fn parse(v: &Value) -> Result<(u64, Fault), String> {
    let obj = v
        .as_object()
        .ok_or("the fault spec must be a JSON object")?;
    const KNOWN: &[&str] = &[
        "count",
        "status",
        "retryAfterMs",
        "retryAfter",
        "shouldRetry",
        "delayMs",
        "drop",
        "resetMidBody",
        "hang",
        "dripBytesPerSec",
        "body",
    ];
    // A typo in a fault spec would otherwise silently test nothing.
    if let Some(k) = obj.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(format!("unknown fault option '{k}'"));
    }
    let uint = |k: &str| -> Result<Option<u64>, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or(format!("'{k}' must be a non-negative integer")),
        }
    };
    let flag = |k: &str| -> Result<bool, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(false),
            Some(v) => v.as_bool().ok_or(format!("'{k}' must be a boolean")),
        }
    };
    let count = uint("count")?.unwrap_or(1);
    let status = match uint("status")? {
        None => None,
        Some(s @ 200..=599) => Some(s as u16),
        Some(_) => return Err("'status' must be between 200 and 599".into()),
    };
    let retry_after = match obj.get("retryAfter") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.contains(['\r', '\n']) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => return Err("'retryAfter' must be a string (seconds or an HTTP date)".into()),
    };
    let should_retry = match obj.get("shouldRetry") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_bool().ok_or("'shouldRetry' must be a boolean")?),
    };
    let body = match obj.get("body") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(match s.as_str() {
            "malformed" => BodyFault::Malformed,
            "oversized" => BodyFault::Oversized,
            "wrong-shape" => BodyFault::WrongShape,
            "html" => BodyFault::Html,
            "echo" => BodyFault::Echo,
            "echo-text" => BodyFault::EchoText,
            _ => return Err(format!("unknown body fault '{s}'")),
        }),
        Some(_) => return Err("'body' must be a string".into()),
    };
    let drip = uint("dripBytesPerSec")?;
    if drip == Some(0) {
        return Err("'dripBytesPerSec' must be positive".into());
    }
    let fault = Fault {
        status,
        retry_after_ms: uint("retryAfterMs")?,
        retry_after,
        should_retry,
        delay_ms: uint("delayMs")?.unwrap_or(0),
        drop: flag("drop")?,
        reset_mid_body: flag("resetMidBody")?,
        hang: flag("hang")?,
        drip_bytes_per_sec: drip,
        body,
    };
    Ok((count, fault))
}

/// What an echoing server says of `req`: its body and its `Authorization`, quoted.
fn echo_text(req: &Request) -> String {
    format!(
        "rejected {} with authorization {}",
        String::from_utf8_lossy(&req.body),
        req.header("authorization").unwrap_or_default()
    )
}

impl Fault {
    /// Whether the fault answers instead of the API. Only a pure delay or a slow drip lets the
    /// request through to the state: everything else means the server did nothing.
    pub fn replaces_answer(&self) -> bool {
        self.status.is_some()
            || self.body.is_some()
            || self.drop
            || self.hang
            || self.reset_mid_body
            || (self.delay_ms == 0 && self.drip_bytes_per_sec.is_none())
    }

    /// The answer for a fault that replaces the API's to `req`: a 503 unless told otherwise.
    pub fn response(&self, req: &Request) -> Response {
        let default_status = match self.body {
            Some(BodyFault::Html) => 502,
            Some(BodyFault::Echo | BodyFault::EchoText) => 400,
            Some(_) => 200,
            None if self.reset_mid_body => 200,
            None => 503,
        };
        let status = self.status.unwrap_or(default_status);
        let mut resp = match self.body {
            Some(BodyFault::Malformed) => Response::raw(
                status,
                "application/json",
                b"{\"state\": \"ready\", \"e2ee\": {\"verified\": tr".to_vec(),
            ),
            Some(BodyFault::WrongShape) => Response::json(
                status,
                &json!({"unexpected": true, "state": 42, "e2ee": "no"}),
            ),
            Some(BodyFault::Html) => Response::raw(
                status,
                "text/html; charset=utf-8",
                format!(
                    "<!DOCTYPE html>\n<html><head><title>{status} Error</title></head>\
                     <body><h1>{status} Error</h1><p>The upstream server failed.</p></body></html>\n"
                )
                .into_bytes(),
            ),
            Some(BodyFault::Echo) => {
                let sent = String::from_utf8_lossy(&req.body);
                let received = serde_json::from_str::<Value>(&sent)
                    .unwrap_or_else(|_| Value::String(sent.clone().into_owned()));
                Response::json(
                    status,
                    &json!({
                        "code": "SIM_ECHO",
                        "message": echo_text(req),
                        "details": {"received": received, "authorization": req.header("authorization")},
                    }),
                )
            }
            Some(BodyFault::EchoText) => Response::raw(
                status,
                "text/plain; charset=utf-8",
                format!("{}\n", echo_text(req)).into_bytes(),
            ),
            Some(BodyFault::Oversized) => Response {
                status,
                content_type: "application/json",
                headers: Vec::new(),
                body: Body::Oversized(OVERSIZED_BYTES),
            },
            None if self.reset_mid_body => Response::json(
                status,
                &json!({
                    "state": "needs-login",
                    "e2ee": {"crossSigning": false, "firstSyncDone": false,
                             "hasBackedUpRecoveryKey": false, "initialized": false,
                             "keyBackup": false, "secretStorage": false, "verified": false,
                             "secrets": {"masterKey": false, "megolmBackupKey": false,
                                         "recoveryKey": false, "selfSigningKey": false,
                                         "userSigningKey": false}},
                }),
            ),
            None => Response::json(
                status,
                &json!({"code": "SIM_FAULT", "message": format!("injected fault: status {status}")}),
            ),
        };
        resp.headers = Vec::new();
        match (self.body, req.header("authorization")) {
            (Some(BodyFault::Echo | BodyFault::EchoText), Some(authorization)) => {
                resp.with_header("x-sim-echo-authorization", authorization)
            }
            _ => resp,
        }
    }

    pub fn add_headers(&self, mut resp: Response) -> Response {
        if let Some(ms) = self.retry_after_ms {
            resp = resp.with_header("retry-after-ms", &ms.to_string());
        }
        if let Some(ra) = &self.retry_after {
            resp = resp.with_header("retry-after", ra);
        }
        if let Some(sr) = self.should_retry {
            resp = resp.with_header("x-should-retry", if sr { "true" } else { "false" });
        }
        resp
    }
}
