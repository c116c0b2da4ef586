//! A tiny HTTP/1.1 client over std, so the simulator is tested over the wire without depending
//! on the library it exists to test.
#![allow(dead_code)]

use beeper_setup_sim::{Sim, SimOptions};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The `beeper-setup-sim` binary started with `args`, and the base URL it printed first.
pub fn spawn_binary(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_beeper-setup-sim"))
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    (child, base)
}

/// Each argument list makes the binary exit with status 2 and say why.
pub fn assert_args_refused(bad: &[&[&str]]) {
    for args in bad {
        let out = Command::new(env!("CARGO_BIN_EXE_beeper-setup-sim"))
            .args(*args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "status {} body is not JSON ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts the status and the error code of an error body, and returns the body.
    pub fn err(&self, status: u16, code: &str) -> Value {
        let v = self.json();
        assert_eq!(self.status, status, "unexpected status, body {v}");
        assert_eq!(v["code"], code, "unexpected error code, body {v}");
        assert!(v["message"].is_string(), "error without message: {v}");
        assert_eq!(self.header("content-type"), Some("application/json"));
        v
    }

    pub fn ok(&self) -> Value {
        assert_eq!(
            self.status,
            200,
            "unexpected status, body {}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), Some("application/json"));
        self.json()
    }
}

/// One keep-alive connection; reconnects if the server closed it.
pub struct Http {
    addr: String,
    conn: Option<BufReader<TcpStream>>,
    pub token: Option<String>,
}

impl Http {
    pub fn new(base_url: &str) -> Http {
        Http {
            addr: base_url.trim_start_matches("http://").to_string(),
            conn: None,
            token: None,
        }
    }

    pub fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s
    }

    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Resp {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body.unwrap_or_default());
        if self.conn.is_none() {
            self.conn = Some(BufReader::new(self.connect()));
        }
        let conn = self.conn.as_mut().unwrap();
        conn.get_mut().write_all(&bytes).expect("write request");
        let resp = read_response(conn).expect("read response");
        if resp
            .header("connection")
            .is_some_and(|c| c.eq_ignore_ascii_case("close"))
        {
            self.conn = None;
        }
        resp
    }

    fn send_auth(&mut self, method: &str, path: &str, body: Option<&[u8]>) -> Resp {
        let auth = self.token.as_ref().map(|t| format!("Bearer {t}"));
        let h: Vec<(&str, &str)> = auth.iter().map(|a| ("Authorization", a.as_str())).collect();
        self.send(method, path, &h, body)
    }

    pub fn get(&mut self, path: &str) -> Resp {
        self.send_auth("GET", path, None)
    }

    pub fn post(&mut self, path: &str, body: Value) -> Resp {
        let b = body.to_string();
        self.send_auth("POST", path, Some(b.as_bytes()))
    }

    /// POST without any body, as the SDKs send action endpoints.
    pub fn post_empty(&mut self, path: &str) -> Resp {
        self.send_auth("POST", path, None)
    }

    pub fn sim_state(&mut self) -> Value {
        self.send("GET", "/_sim/state", &[], None).ok()
    }

    pub fn control(&mut self, path: &str, body: Value) -> Resp {
        let b = body.to_string();
        self.send("POST", path, &[], Some(b.as_bytes()))
    }

    pub fn session(&mut self) -> Value {
        self.get("/v1/app/setup").ok()
    }

    /// Signs in through start, email and response; returns the response body.
    pub fn sign_in(&mut self, email: &str) -> Value {
        let id = self.post_empty("/v1/app/setup/start").ok()["setupRequestID"]
            .as_str()
            .unwrap()
            .to_string();
        let r = self.post(
            "/v1/app/setup/email",
            json!({"email": email, "setupRequestID": id}),
        );
        assert_eq!(r.status, 200);
        assert!(r.body.is_empty());
        let code = self.sim_state()["lastEmailCode"]
            .as_str()
            .unwrap()
            .to_string();
        let v = self
            .post(
                "/v1/app/setup/response",
                json!({"response": code, "setupRequestID": id}),
            )
            .ok();
        if let Some(t) = v["matrix"]["accessToken"].as_str() {
            self.token = Some(t.to_string());
        }
        v
    }

    /// Signs up a new account and adopts its token; returns the register response.
    pub fn register(&mut self, email: &str, username: &str) -> Value {
        let r = self.sign_in(email);
        assert_eq!(r["registrationRequired"], true, "{r}");
        let v = self
            .post(
                "/v1/app/setup/register",
                json!({"acceptTerms": true, "leadToken": r["leadToken"],
                       "setupRequestID": r["setupRequestID"], "username": username}),
            )
            .ok();
        self.token = Some(v["matrix"]["accessToken"].as_str().unwrap().to_string());
        v
    }

    /// Polls /_sim/state until `pred` holds; panics after a generous deadline.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let s = self.sim_state();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}: {s}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

pub fn read_response(conn: &mut BufReader<TcpStream>) -> std::io::Result<Resp> {
    let mut line = String::new();
    if conn.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed before a response",
        ));
    }
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        conn.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').expect("header line");
        headers.push((k.to_string(), v.trim().to_string()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse().unwrap())
        .unwrap_or(0);
    let mut body = vec![0; len];
    conn.read_exact(&mut body)?;
    Ok(Resp {
        status,
        headers,
        body,
    })
}

pub fn start(scenario: Option<&str>) -> (Sim, Http) {
    start_with(SimOptions {
        scenario: scenario.map(str::to_string),
        ..SimOptions::default()
    })
}

pub fn start_with(options: SimOptions) -> (Sim, Http) {
    let sim = Sim::start(options).expect("start sim");
    let http = Http::new(sim.base_url());
    (sim, http)
}
