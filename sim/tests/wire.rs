//! The transport: keep-alive, limits, abuse, concurrency, stop, the binary, stats and faults.

mod common;

use common::{assert_args_refused, read_response, spawn_binary, start, Http};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

fn addr(http_base: &str) -> String {
    http_base.trim_start_matches("http://").to_string()
}

/// Sends raw bytes and reads until the server closes (or 10 s pass).
fn raw(base: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr(base)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(bytes);
    // Half-close so a server waiting for more bytes sees the end instead of a stall.
    let _ = s.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    out
}

fn status_of(resp: &[u8]) -> u16 {
    let text = String::from_utf8_lossy(resp);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn stats(http: &mut Http) -> Value {
    http.send("GET", "/_sim/stats", &[], None).ok()
}

fn fault(http: &mut Http, spec: Value) {
    let r = http.control("/_sim/faults", spec).ok();
    assert!(r["remaining"].as_u64().unwrap() > 0);
}

#[test]
fn keep_alive_reuses_one_connection_and_stats_count_it() {
    let (sim, mut http) = start(None);
    for _ in 0..5 {
        http.session();
    }
    http.post_empty("/v1/app/setup/start").ok();
    let s = stats(&mut http);
    assert_eq!(s["connections"], 1);
    assert_eq!(s["requests"], 6);
    assert_eq!(
        s["byEndpoint"],
        json!({"GET /v1/app/setup": 5, "POST /v1/app/setup/start": 1})
    );
    // A second client is a second connection; control requests are not counted.
    let mut other = Http::new(sim.base_url());
    other.session();
    other.get("/v1/app/setup/verifications/x%2Fy/accept");
    let s = stats(&mut http);
    assert_eq!(s["connections"], 2);
    assert_eq!(s["requests"], 8);
    assert_eq!(
        s["byEndpoint"]["GET /v1/app/setup/verifications/{id}/accept"],
        1
    );
    // Stats survive a reset unless asked.
    http.control("/_sim/reset", json!({})).ok();
    assert_eq!(stats(&mut http)["requests"], 8);
    http.control("/_sim/reset", json!({"stats": true})).ok();
    assert_eq!(
        stats(&mut http),
        json!({"connections": 0, "requests": 0, "byEndpoint": {}})
    );
}

#[test]
fn connection_close_is_respected() {
    let (sim, _http) = start(None);
    let out = raw(
        sim.base_url(),
        b"GET /v1/app/setup HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(text.contains("Connection: close\r\n"));
    assert!(text.ends_with('}'));
    // HTTP/1.0 closes by default.
    let out = raw(sim.base_url(), b"GET /v1/app/setup HTTP/1.0\r\n\r\n");
    assert_eq!(status_of(&out), 200);
}

#[test]
fn two_requests_pipelined_on_one_connection() {
    let (sim, _http) = start(None);
    let mut s = TcpStream::connect(addr(sim.base_url())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /v1/app/setup HTTP/1.1\r\n\r\nPOST /v1/app/setup/start HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .unwrap();
    let mut r = BufReader::new(s);
    assert_eq!(read_response(&mut r).unwrap().status, 200);
    let second = read_response(&mut r).unwrap();
    assert!(second.json()["setupRequestID"].is_string());
}

#[test]
fn abuse_gets_an_error_and_never_crashes() {
    let (sim, mut http) = start(None);
    let base = sim.base_url();
    assert_eq!(status_of(&raw(base, b"garbage\r\n\r\n")), 400);
    assert_eq!(status_of(&raw(base, b"GET /x HTTP/9.9\r\n\r\n")), 400);
    assert_eq!(
        status_of(&raw(
            base,
            b"GET /v1/app/setup HTTP/1.1\r\nno colon\r\n\r\n"
        )),
        400
    );
    assert_eq!(status_of(&raw(base, b"\xff\xfe\r\n\r\n")), 400);

    let mut huge = b"GET /v1/app/setup HTTP/1.1\r\nX-Big: ".to_vec();
    huge.extend(vec![b'a'; 70 * 1024]);
    huge.extend_from_slice(b"\r\n\r\n");
    assert_eq!(status_of(&raw(base, &huge)), 431);

    let out = raw(
        base,
        b"POST /v1/app/setup/email HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n{",
    );
    assert_eq!(status_of(&out), 413);
    let out = raw(
        base,
        b"POST /v1/app/setup/email HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
    );
    assert_eq!(status_of(&out), 400);
    let out = raw(
        base,
        b"POST /v1/app/setup/email HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
    );
    assert_eq!(status_of(&out), 411);
    // A body cut short, then the client leaves.
    let _ = raw(
        base,
        b"POST /v1/app/setup/email HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"a\"",
    );
    // A body of exactly 1 MiB is still read and judged.
    let mut body = b"POST /v1/app/setup/email HTTP/1.1\r\nConnection: close\r\nContent-Length: 1048576\r\n\r\n".to_vec();
    body.extend(vec![b' '; 1048576]);
    assert_eq!(status_of(&raw(base, &body)), 400);

    assert_eq!(http.session()["state"], "needs-login");
}

#[test]
fn expect_continue_is_answered() {
    let (sim, _http) = start(None);
    let mut s = TcpStream::connect(addr(sim.base_url())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(
        b"POST /v1/app/setup/start HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n",
    )
    .unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert_eq!(line, "HTTP/1.1 100 Continue\r\n");
    r.read_line(&mut line).unwrap();
    s.write_all(b"{}").unwrap();
    assert_eq!(read_response(&mut r).unwrap().status, 200);
}

#[test]
fn many_clients_at_once() {
    let (sim, mut http) = start(None);
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let base = sim.base_url().to_string();
            std::thread::spawn(move || {
                let mut h = Http::new(&base);
                for _ in 0..20 {
                    assert_eq!(h.session()["state"], "needs-login");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let s = stats(&mut http);
    assert_eq!(s["connections"], 16);
    assert_eq!(s["requests"], 320);
}

#[test]
fn stop_closes_everything() {
    let (sim, mut http) = start(None);
    http.session();
    let base = sim.base_url().to_string();
    let mut idle = TcpStream::connect(addr(&base)).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    sim.stop();
    sim.stop();
    let mut buf = [0u8; 16];
    // The idle keep-alive connection is closed, not left hanging.
    assert!(matches!(idle.read(&mut buf), Ok(0) | Err(_)));
    assert!(TcpStream::connect(addr(&base)).is_err());
}

#[test]
fn binary_prints_its_url_and_serves() {
    let (mut child, base) = spawn_binary(&["--port", "0", "--scenario", "recovery", "--auto"]);
    let mut http = Http::new(&base);
    let st = http.sim_state();
    assert_eq!(st["scenario"], "recovery");
    assert_eq!(st["auto"], true);
    let r = http.sign_in("anyone@example.com");
    assert_eq!(r["session"]["state"], "needs-secrets");
    child.kill().unwrap();
    child.wait().unwrap();

    let bin = env!("CARGO_BIN_EXE_beeper-setup-sim");
    let out = Command::new(bin).arg("--help").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--scenario"));
    assert_args_refused(&[
        &["--bogus"],
        &["--scenario", "nope"],
        &["--port", "x"],
        &["--port"],
    ]);
}

#[test]
fn sim_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<beeper_setup_sim::Sim>();
}

#[test]
fn many_headers_add_up_to_the_limit() {
    let (sim, _http) = start(None);
    let mut req = b"GET /v1/app/setup HTTP/1.1\r\n".to_vec();
    for i in 0..2000 {
        req.extend(format!("X-H{i}: {}\r\n", "v".repeat(30)).bytes());
    }
    req.extend_from_slice(b"\r\n");
    assert_eq!(status_of(&raw(sim.base_url(), &req)), 431);
}

#[test]
fn sim_start_rejects_unknown_scenarios() {
    let r = beeper_setup_sim::Sim::start(beeper_setup_sim::SimOptions {
        scenario: Some("nope".into()),
        ..Default::default()
    });
    assert_eq!(r.err().unwrap().kind(), ErrorKind::InvalidInput);
}

// ---- faults ----

#[test]
fn status_fault_is_not_applied_and_carries_retry_headers() {
    let (_sim, mut http) = start(None);
    let id = http.post_empty("/v1/app/setup/start").ok()["setupRequestID"].clone();
    http.post(
        "/v1/app/setup/email",
        json!({"email": "existing@example.com", "setupRequestID": id}),
    );
    let code = http.sim_state()["lastEmailCode"].clone();
    fault(
        &mut http,
        json!({"count": 2, "status": 429, "retryAfterMs": 10, "retryAfter": "2", "shouldRetry": false}),
    );
    // Faults never touch the control endpoints.
    assert_eq!(http.sim_state()["state"], "needs-login");
    let body = json!({"response": code, "setupRequestID": id});
    for _ in 0..2 {
        let r = http.post("/v1/app/setup/response", body.clone());
        r.err(429, "SIM_FAULT");
        assert_eq!(r.header("retry-after-ms"), Some("10"));
        assert_eq!(r.header("retry-after"), Some("2"));
        assert_eq!(r.header("x-should-retry"), Some("false"));
    }
    assert_eq!(http.sim_state()["state"], "needs-login");
    // The code was not used up by the faulted attempts.
    let ok = http.post("/v1/app/setup/response", body).ok();
    assert_eq!(ok["session"]["state"], "needs-verification");
    let s = stats(&mut http);
    assert_eq!(s["byEndpoint"]["POST /v1/app/setup/response"], 3);
}

#[test]
fn default_fault_is_503_and_can_be_cleared() {
    let (_sim, mut http) = start(None);
    fault(&mut http, json!({"count": 5}));
    http.session_raw_status(503);
    assert_eq!(
        http.send("DELETE", "/_sim/faults", &[], None).ok()["remaining"],
        0
    );
    http.session();
    fault(&mut http, json!({"count": 5, "status": 500}));
    assert_eq!(
        http.control("/_sim/faults", json!({"count": 0})).ok()["remaining"],
        0
    );
    http.session();
    fault(&mut http, json!({"count": 5, "status": 500}));
    http.control("/_sim/reset", json!({})).ok();
    http.session();
    http.control("/_sim/faults", json!({"cuont": 1}))
        .err(400, "BAD_FAULT");
    http.control("/_sim/faults", json!({"body": "weird"}))
        .err(400, "BAD_FAULT");
    http.control("/_sim/faults", json!({"status": 99}))
        .err(400, "BAD_FAULT");
}

trait StatusCheck {
    fn session_raw_status(&mut self, status: u16);
}

impl StatusCheck for Http {
    fn session_raw_status(&mut self, status: u16) {
        let r = self.get("/v1/app/setup");
        assert_eq!(r.status, status);
    }
}

#[test]
fn delay_fault_serves_normally_after_the_delay() {
    let (_sim, mut http) = start(None);
    fault(&mut http, json!({"delayMs": 300}));
    let t = Instant::now();
    let r = http.post_empty("/v1/app/setup/start").ok();
    assert!(t.elapsed() >= Duration::from_millis(290));
    assert!(r["setupRequestID"].is_string());
    let t = Instant::now();
    http.session();
    assert!(t.elapsed() < Duration::from_millis(290));
}

#[test]
fn delay_with_status_applies_both() {
    let (_sim, mut http) = start(None);
    fault(&mut http, json!({"delayMs": 200, "status": 504}));
    let t = Instant::now();
    http.get("/v1/app/setup").err(504, "SIM_FAULT");
    assert!(t.elapsed() >= Duration::from_millis(190));
}

#[test]
fn drop_fault_closes_without_answer() {
    let (sim, mut http) = start(None);
    fault(&mut http, json!({"drop": true}));
    let out = raw(sim.base_url(), b"GET /v1/app/setup HTTP/1.1\r\n\r\n");
    assert!(out.is_empty());
    http.session();
}

#[test]
fn reset_mid_body_sends_a_truncated_response() {
    let (sim, mut http) = start(None);
    fault(&mut http, json!({"resetMidBody": true}));
    let out = raw(sim.base_url(), b"POST /v1/app/setup/start HTTP/1.1\r\n\r\n");
    let text = String::from_utf8_lossy(&out).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"));
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(!body.is_empty() && body.len() < len, "{text}");
    // Nothing was applied: no setup request exists.
    assert_eq!(
        stats(&mut http)["byEndpoint"]["POST /v1/app/setup/start"],
        1
    );
}

#[test]
fn hang_fault_never_answers_until_the_client_leaves() {
    let (sim, mut http) = start(None);
    fault(&mut http, json!({"hang": true}));
    let mut s = TcpStream::connect(addr(sim.base_url())).unwrap();
    s.write_all(b"GET /v1/app/setup HTTP/1.1\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_millis(400)))
        .unwrap();
    let mut buf = [0u8; 64];
    let e = s.read(&mut buf).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::WouldBlock | ErrorKind::TimedOut
    ));
    drop(s);
    http.session();
}

#[test]
fn drip_fault_sends_slowly_but_completely() {
    let (_sim, mut http) = start(None);
    fault(&mut http, json!({"dripBytesPerSec": 1000}));
    let t = Instant::now();
    let s = http.session();
    assert_eq!(s["state"], "needs-login");
    // Head plus a ~300 byte body at 1000 B/s.
    assert!(
        t.elapsed() >= Duration::from_millis(250),
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn body_faults() {
    let (sim, mut http) = start(None);
    fault(&mut http, json!({"body": "malformed"}));
    let r = http.get("/v1/app/setup");
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    fault(&mut http, json!({"body": "wrong-shape"}));
    let r = http.get("/v1/app/setup");
    assert_eq!(r.ok()["unexpected"], true);

    fault(&mut http, json!({"body": "html"}));
    let r = http.get("/v1/app/setup");
    assert_eq!(r.status, 502);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&r.body).contains("<html>"));

    fault(
        &mut http,
        json!({"body": "html", "status": 503, "retryAfter": "1"}),
    );
    let r = http.get("/v1/app/setup");
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));

    fault(&mut http, json!({"body": "oversized"}));
    let mut s = TcpStream::connect(addr(sim.base_url())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /v1/app/setup HTTP/1.1\r\n\r\n").unwrap();
    let mut r = BufReader::new(s);
    let mut head = String::new();
    loop {
        let mut l = String::new();
        r.read_line(&mut l).unwrap();
        if l == "\r\n" {
            break;
        }
        head.push_str(&l);
    }
    assert!(
        head.contains(&format!("Content-Length: {}", 64 * 1024 * 1024)),
        "{head}"
    );
    let mut start = [0u8; 1024];
    r.read_exact(&mut start).unwrap();
    assert!(start.starts_with(b"{\"state\":\"ready\""));
    drop(r);
    // The server gives up on the abandoned body and stays healthy.
    http.session();
}

#[test]
fn a_large_body_that_is_actually_sent_still_gets_413() {
    let (sim, mut http) = start(None);
    let s = TcpStream::connect(addr(sim.base_url())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut writer = s.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let _ = writer
            .write_all(b"POST /v1/app/setup/email HTTP/1.1\r\nContent-Length: 2097152\r\n\r\n");
        let chunk = vec![b' '; 64 * 1024];
        for _ in 0..32 {
            if writer.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let r = read_response(&mut BufReader::new(s)).unwrap();
    r.err(413, "PAYLOAD_TOO_LARGE");
    sender.join().unwrap();
    http.session();
}
