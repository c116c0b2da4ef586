//! A minimal HTTP/1.1 keep-alive server with fixed answers, so that benchmarks measure the
//! clients and not the server.
//!
//! At start-up it runs the simulator in-process, signs in the existing-account scenario (state
//! `needs-verification`) and captures the real `setup.retrieve` and `verifications.create`
//! bodies; the simulator is then dropped and every request gets one of those bodies:
//!
//! - `GET /v1/app/setup`                  -> 200, the captured Session
//! - `POST /v1/app/setup/verifications`   -> 200, the captured `{session, verification}`
//! - `GET /_bench/stats`                  -> `{"connections": n, "requests": m}`
//! - `POST /_bench/reset`                 -> zeroes the counters
//! - `GET /_bench/bodies`                 -> `{"setup.retrieve": ..., "verifications.create": ...}`
//! - anything else                        -> 404 `{code, message}`
//!
//! A connection is counted when it carries its first API (non-`/_bench/`) request, so the
//! harness's own stats requests do not count. One thread per connection.
//!
//! Usage: `canned-server [--port N]`; the first line of stdout is the base URL.

use beeper_setup::{Client, Operation};
use beeper_setup_sim::{Sim, SimOptions};
use serde_json::{json, Value};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The largest request head or body accepted; requests here are tiny.
const MAX_REQUEST_BYTES: usize = 64 << 10;

struct Canned {
    retrieve_body: String,
    create_body: String,
    retrieve: Vec<u8>,
    create: Vec<u8>,
    not_found: Vec<u8>,
    connections: AtomicU64,
    requests: AtomicU64,
}

fn response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Drives the simulator to `needs-verification` and returns the two bodies as it sent them.
fn capture_bodies() -> Result<(String, String), String> {
    let sim = Sim::start(SimOptions::default()).map_err(|e| format!("simulator: {e}"))?;
    let control: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let config = json!({"baseURL": sim.base_url(), "maxRetries": 0}).to_string();
    let client = Client::from_json(&config).map_err(|e| e.to_string())?;
    let err = |e: beeper_setup::Error| e.to_string();
    let start: Value = serde_json::from_str(
        &client
            .call(Operation::SetupStart, None, None)
            .map_err(err)?,
    )
    .map_err(|e| e.to_string())?;
    let rid = start["setupRequestID"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let email = json!({"email": "existing@example.com", "setupRequestID": rid}).to_string();
    client
        .call(Operation::SetupEmail, None, Some(&email))
        .map_err(err)?;
    let state: Value = serde_json::from_str(
        &control
            .get(format!("{}/_sim/state", sim.base_url()))
            .call()
            .map_err(|e| e.to_string())?
            .body_mut()
            .read_to_string()
            .map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let code = state["lastEmailCode"].as_str().unwrap_or_default();
    let answer = json!({"response": code, "setupRequestID": rid}).to_string();
    client
        .call(Operation::SetupResponse, None, Some(&answer))
        .map_err(err)?;
    let retrieve = client
        .call(Operation::SetupRetrieve, None, None)
        .map_err(err)?;
    let session: Value = serde_json::from_str(&retrieve).map_err(|e| e.to_string())?;
    if session["state"] != "needs-verification" {
        return Err(format!(
            "expected needs-verification, got {}",
            session["state"]
        ));
    }
    let create = client
        .call(
            Operation::VerificationsCreate,
            None,
            Some(r#"{"purpose":"login"}"#),
        )
        .map_err(err)?;
    Ok((retrieve, create))
}

fn main() {
    let mut port = 0u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| fail("--port needs a number"))
            }
            other => fail(&format!(
                "unknown argument {other}; usage: canned-server [--port N]"
            )),
        }
    }
    let (retrieve_body, create_body) = capture_bodies().unwrap_or_else(|e| fail(&e));
    let canned = Arc::new(Canned {
        retrieve: response("200 OK", &retrieve_body),
        create: response("200 OK", &create_body),
        not_found: response(
            "404 Not Found",
            r#"{"code":"NOT_FOUND","message":"the canned server answers only GET /v1/app/setup and POST /v1/app/setup/verifications"}"#,
        ),
        retrieve_body,
        create_body,
        connections: AtomicU64::new(0),
        requests: AtomicU64::new(0),
    });
    let listener =
        TcpListener::bind(("127.0.0.1", port)).unwrap_or_else(|e| fail(&format!("bind: {e}")));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| fail(&e.to_string()));
    println!("http://{addr}");
    let _ = io::stdout().flush();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let canned = Arc::clone(&canned);
        std::thread::spawn(move || {
            let _ = serve(&canned, stream);
        });
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("canned-server: {msg}");
    std::process::exit(2)
}

/// Serves one connection until the peer closes it or asks to.
fn serve(canned: &Canned, stream: TcpStream) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut counted = false;
    let mut body = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_ascii_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let path = parts.next().unwrap_or_default().to_owned();
        let mut content_length = 0usize;
        let mut close = false;
        let mut head = line.len();
        loop {
            line.clear();
            let n = reader.read_line(&mut line)?;
            head += n;
            if n == 0 || head > MAX_REQUEST_BYTES {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.parse().unwrap_or(usize::MAX);
                } else if name.eq_ignore_ascii_case("connection") {
                    close = value.eq_ignore_ascii_case("close");
                }
            }
        }
        if content_length > MAX_REQUEST_BYTES {
            return Ok(());
        }
        body.resize(content_length, 0);
        reader.read_exact(&mut body)?;
        let path = path.split('?').next().unwrap_or_default();
        let bench_control = path.starts_with("/_bench/");
        if !bench_control {
            canned.requests.fetch_add(1, Ordering::Relaxed);
            if !counted {
                counted = true;
                canned.connections.fetch_add(1, Ordering::Relaxed);
            }
        }
        let owned;
        let answer: &[u8] = match (method.as_str(), path) {
            ("GET", "/v1/app/setup") => &canned.retrieve,
            ("POST", "/v1/app/setup/verifications") => &canned.create,
            ("GET", "/_bench/stats") => {
                owned = response(
                    "200 OK",
                    &json!({
                        "connections": canned.connections.load(Ordering::Relaxed),
                        "requests": canned.requests.load(Ordering::Relaxed),
                    })
                    .to_string(),
                );
                &owned
            }
            ("POST", "/_bench/reset") => {
                canned.connections.store(0, Ordering::Relaxed);
                canned.requests.store(0, Ordering::Relaxed);
                owned = response("200 OK", "{}");
                &owned
            }
            ("GET", "/_bench/bodies") => {
                owned = response(
                    "200 OK",
                    &format!(
                        r#"{{"setup.retrieve":{},"verifications.create":{}}}"#,
                        canned.retrieve_body, canned.create_body
                    ),
                );
                &owned
            }
            _ => &canned.not_found,
        };
        writer.write_all(answer)?;
        if close {
            return Ok(());
        }
    }
}
