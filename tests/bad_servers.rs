//! Servers that hang, reset, drip, lie or answer garbage: each maps to a documented error kind
//! within its time bound, and the client stays usable.

mod common;

use beeper_setup::{ErrorKind, Operation};
use common::Fixture;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

/// Injects `fault` once and returns the error of one `setup.retrieve` and how long it took.
fn one_fault(fx: &Fixture, config: Value, fault: Value) -> (beeper_setup::Error, Duration) {
    let client = fx.client(config);
    fx.fault(fault);
    let t = Instant::now();
    let e = client.setup().retrieve().unwrap_err();
    let took = t.elapsed();
    client
        .setup()
        .retrieve()
        .expect("the client still works afterwards");
    (e, took)
}

#[test]
fn dropped_and_reset_connections_are_connection_errors() {
    let fx = Fixture::new();
    for fault in [json!({"drop": true}), json!({"resetMidBody": true})] {
        let (e, _) = one_fault(&fx, json!({}), fault.clone());
        assert_eq!(e.kind, ErrorKind::Connection, "{fault}: {e}");
    }
}

#[test]
fn a_server_that_never_answers_times_out_within_the_bound() {
    let fx = Fixture::new();
    let (e, took) = one_fault(&fx, json!({"timeoutMs": 300}), json!({"hang": true}));
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn a_slow_drip_hits_the_total_timeout_not_just_a_per_read_one() {
    let fx = Fixture::new();
    // A few bytes a second keeps every read short, yet the whole answer takes far longer.
    let (e, took) = one_fault(
        &fx,
        json!({"timeoutMs": 500}),
        json!({"dripBytesPerSec": 20}),
    );
    assert_eq!(e.kind, ErrorKind::Timeout, "{e}");
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn garbage_bodies_are_decode_errors() {
    let fx = Fixture::new();
    for body in ["malformed", "wrong-shape", "oversized"] {
        let (e, took) = one_fault(&fx, json!({}), json!({"body": body}));
        assert_eq!(e.kind, ErrorKind::Decode, "{body}: {e}");
        assert!(took < Duration::from_secs(5), "{body}: {took:?}");
    }
}

#[test]
fn an_html_error_page_is_an_api_error_with_an_excerpt() {
    let fx = Fixture::new();
    let (e, _) = one_fault(&fx, json!({}), json!({"body": "html", "status": 502}));
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(502)));
    assert!(e.body.unwrap().as_str().unwrap().contains("<"));
}

#[test]
fn rate_limits_are_retried_after_the_servers_delay() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 1}));
    for fault in [
        json!({"status": 429, "retryAfterMs": 50}),
        json!({"status": 429, "retryAfter": "1"}),
    ] {
        fx.fault(fault.clone());
        let t = Instant::now();
        client.setup().retrieve().unwrap();
        println!("{fault}: {:?}", t.elapsed());
    }
    // An HTTP date two seconds ahead (whole seconds, so the wait is 1 to 2 s).
    let when = std::time::SystemTime::now() + Duration::from_secs(2);
    fx.fault(json!({"status": 429, "retryAfter": httpdate::fmt_http_date(when)}));
    let t = Instant::now();
    client.setup().retrieve().unwrap();
    assert!(t.elapsed() < Duration::from_secs(4));
}

#[test]
fn the_total_delay_honours_a_seconds_retry_after() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 1}));
    fx.fault(json!({"status": 503, "retryAfter": "1"}));
    let t = Instant::now();
    client.setup().retrieve().unwrap();
    assert!(
        t.elapsed() >= Duration::from_millis(950),
        "{:?}",
        t.elapsed()
    );
}

/// A server that speaks something other than HTTP.
#[test]
fn a_non_http_answer_is_a_connection_error() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten().take(1) {
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.0\r\n\x00\xff garbage\r\n\r\n");
        }
    });
    let client = beeper_setup::Client::from_json(
        &json!({"baseURL": format!("http://{addr}"), "maxRetries": 0}).to_string(),
    )
    .unwrap();
    let e = client
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Connection, "{e}");
}

#[test]
fn many_threads_share_one_client_and_its_connections() {
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    fx.sign_in(&client, "existing@example.com");
    let before = fx.get("/_sim/stats")["connections"].as_u64().unwrap();
    let (threads, calls) = (16, 500);
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let c = client.clone();
            std::thread::spawn(move || {
                for i in 0..calls {
                    let (op, expect) = match (t + i) % 3 {
                        0 => (Operation::SetupRetrieve, "\"state\":\"needs-verification\""),
                        1 => (Operation::VerificationsList, "\"items\""),
                        _ => (Operation::SetupRetrieve, "\"e2ee\""),
                    };
                    let text = c.call(op, None, None).unwrap();
                    assert!(text.contains(expect), "{text}");
                }
            })
        })
        .collect();
    // Waits cancelled from another thread while the calls run.
    let waiter = {
        let c = client.clone();
        std::thread::spawn(move || {
            c.wait(&beeper_setup::WaitParams {
                interval_ms: 10,
                ..Default::default()
            })
            .unwrap_err()
            .kind
        })
    };
    std::thread::sleep(Duration::from_millis(50));
    client.cancel();
    assert_eq!(waiter.join().unwrap(), ErrorKind::Cancelled);
    for w in workers {
        w.join().unwrap();
    }
    let stats = fx.get("/_sim/stats");
    let opened = stats["connections"].as_u64().unwrap() - before;
    println!("{} calls over {opened} new connections", threads * calls);
    assert!(
        opened <= 2 * threads as u64 + 4,
        "connections are reused: {opened}"
    );
}

/// A server that answers the n-th connection with `answers[n]` (the last one repeated), one
/// request per connection. Returns its base URL.
fn canned_server(answers: Vec<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => request.extend_from_slice(&buf[..k]),
                }
            }
            let _ = stream.write_all(&answers[n.min(answers.len() - 1)]);
        }
    });
    format!("http://{addr}")
}

fn http_answer(status: &str, body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

const READY_SESSION: &str = r#"{"state":"ready","e2ee":{"crossSigning":true,"firstSyncDone":true,
    "hasBackedUpRecoveryKey":true,"initialized":true,"keyBackup":true,"secretStorage":true,
    "verified":true,"secrets":{"masterKey":true,"megolmBackupKey":true,"recoveryKey":true,
    "selfSigningKey":true,"userSigningKey":true}}}"#;

#[test]
fn a_5xx_whose_body_is_not_utf8_is_a_retried_api_error() {
    let not_utf8 = http_answer("503 Service Unavailable", b"\xff\xfe upstream \xc3 down");
    let url = canned_server(vec![
        not_utf8.clone(),
        http_answer("200 OK", READY_SESSION.as_bytes()),
    ]);
    let client = |retries: u32| {
        beeper_setup::Client::from_json(&json!({"baseURL": url, "maxRetries": retries}).to_string())
            .unwrap()
    };
    // Retried like any 503, so the second answer (200) is the result.
    let text = client(1)
        .call(Operation::SetupRetrieve, None, None)
        .unwrap();
    assert!(text.contains("\"ready\""), "{text}");
    // Without retries: an api error with the status, the body an excerpt.
    let url = canned_server(vec![not_utf8]);
    let e = beeper_setup::Client::from_json(&json!({"baseURL": url, "maxRetries": 0}).to_string())
        .unwrap()
        .call(Operation::SetupRetrieve, None, None)
        .unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(503)), "{e}");
    assert!(e.body.unwrap().as_str().unwrap().contains("upstream"));
}

#[test]
fn a_5xx_with_an_oversized_body_is_a_retried_api_error() {
    let fx = Fixture::new();
    let client = fx.client(json!({"maxRetries": 2}));
    fx.fault(json!({"status": 503, "body": "oversized", "count": 2}));
    let t = Instant::now();
    client
        .setup()
        .retrieve()
        .expect("retried past two oversized 503s");
    assert!(t.elapsed() < Duration::from_secs(10), "{:?}", t.elapsed());
    let client = fx.client(json!({"maxRetries": 0}));
    fx.fault(json!({"status": 503, "body": "oversized"}));
    let e = client.setup().retrieve().unwrap_err();
    assert_eq!((e.kind, e.status), (ErrorKind::Api, Some(503)), "{e}");
}

#[test]
fn a_wait_rides_out_5xx_answers_with_garbage_bodies() {
    let garbage = http_answer("502 Bad Gateway", b"\x00\xff\x80 not text");
    let url = canned_server(vec![
        garbage.clone(),
        garbage,
        http_answer("200 OK", READY_SESSION.as_bytes()),
    ]);
    let client =
        beeper_setup::Client::from_json(&json!({"baseURL": url, "maxRetries": 0}).to_string())
            .unwrap();
    let session = client
        .wait(&beeper_setup::WaitParams {
            interval_ms: 10,
            timeout_ms: 20_000,
            ..Default::default()
        })
        .expect("the wait outlasts the 502s");
    assert!(session.contains("\"ready\""), "{session}");
}

/// A keep-alive server that, after each answer, does `after` to the connection (once `sent`
/// has been told), then serves the next connection. Returns its base URL and how many
/// connections it accepted.
fn keep_alive_server(
    after: fn(&mut std::net::TcpStream),
    sent: std::sync::mpsc::Sender<()>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicU64>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(AtomicU64::new(0));
    let counted = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counted.fetch_add(1, Ordering::SeqCst);
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(k) => request.extend_from_slice(&buf[..k]),
                }
            }
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{}",
                READY_SESSION.len(),
                READY_SESSION
            );
            let _ = stream.write_all(answer.as_bytes());
            // The client has read the answer and pooled the connection before this happens.
            std::thread::sleep(Duration::from_millis(50));
            after(&mut stream);
            let _ = sent.send(());
        }
    });
    (format!("http://{addr}"), accepted)
}

/// A pooled connection that the server closed, or on which it sent bytes nobody asked for, is
/// not handed out again: a sign-in (whose answer is given once, so never sent twice) goes out on
/// a new connection and is answered, without a retry.
#[test]
fn a_pooled_connection_the_server_spoiled_is_not_reused_for_a_sign_in() {
    let spoilers: [fn(&mut std::net::TcpStream); 2] = [
        |s| drop(s.shutdown(std::net::Shutdown::Both)),
        |s| drop(s.write_all(b"HTTP/1.1 200 OK\r\n")),
    ];
    for (n, spoil) in spoilers.into_iter().enumerate() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (url, accepted) = keep_alive_server(spoil, tx);
        let client =
            beeper_setup::Client::from_json(&json!({"baseURL": url, "maxRetries": 0}).to_string())
                .unwrap();
        client.call(Operation::SetupRetrieve, None, None).unwrap();
        rx.recv().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        let params = json!({"response": "123456", "setupRequestID": "r"}).to_string();
        // The canned answer is a session, not a sign-in's: reading it as one is the decode
        // error that says the answer arrived.
        let e = client
            .call(Operation::SetupResponse, None, Some(&params))
            .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Decode, "spoiler {n}: {e}");
        assert_eq!(
            accepted.load(std::sync::atomic::Ordering::SeqCst),
            2,
            "spoiler {n}"
        );
    }
}
