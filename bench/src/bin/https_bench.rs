//! The cost of a call over HTTPS beside plain HTTP: one server answering `setup.retrieve` with a
//! fixed body, over plain TCP and over TLS (a certificate from a CA made at start, trusted through
//! `caCertificatesPem`), and one client each on a kept-alive connection (one handshake). Also the
//! first call of a new client, which pays for the connection (and the handshake), and the first
//! call of the process's first https client, which also reads the platform's trust store.
//!
//! Usage: `https-bench [--calls N] [--reps N]`; prints one JSON object.

use beeper_setup::{Client, Operation};
use beeper_setup_bench::median;
use beeper_setup_sim::{Sim, SimOptions};
use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair, SanType};
use serde_json::json;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Instant;

/// Answers every request on `stream` with `answer`, until the client closes it.
fn serve(stream: impl Read + Write, answer: &[u8]) -> std::io::Result<()> {
    let mut stream = BufReader::new(stream);
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if stream.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            if line == "\r\n" {
                break;
            }
        }
        std::io::copy(&mut (&mut stream).take(length), &mut std::io::sink())?;
        stream.get_mut().write_all(answer)?;
        stream.get_mut().flush()?;
    }
}

/// Listens on loopback; each connection is served by `handle` on its own thread, with Nagle's
/// algorithm off as servers in production turn it off (with it on, an answer may wait for the
/// delayed acknowledgement of the session tickets sent after the handshake: 40 ms at random).
fn listen(handle: impl Fn(std::net::TcpStream) + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = Arc::new(handle);
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let _ = tcp.set_nodelay(true);
            let handle = handle.clone();
            std::thread::spawn(move || handle(tcp));
        }
    });
    port
}

/// Median µs per call over `reps` runs of `calls` calls, after a warm-up.
fn per_call(client: &Client, calls: usize, reps: usize) -> f64 {
    for _ in 0..calls / 10 {
        client.call(Operation::SetupRetrieve, None, None).unwrap();
    }
    let runs: Vec<f64> = (0..reps)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                client.call(Operation::SetupRetrieve, None, None).unwrap();
            }
            start.elapsed().as_secs_f64() * 1e6 / calls as f64
        })
        .collect();
    median(&runs)
}

/// Median µs of the first call of a new client (connect, and for https the handshake).
fn first_call(config: &serde_json::Value, reps: usize) -> f64 {
    let runs: Vec<f64> = (0..reps)
        .map(|_| {
            let client = Client::from_json(&config.to_string()).unwrap();
            let start = Instant::now();
            client.call(Operation::SetupRetrieve, None, None).unwrap();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    median(&runs)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1)?.parse().ok())
            .unwrap_or(default)
    };
    let (calls, reps) = (arg("--calls", 2000), arg("--reps", 5));

    // A real Session body, from the simulator's mock mode.
    let sim = Sim::start(SimOptions {
        mock: true,
        ..SimOptions::default()
    })
    .unwrap();
    let body = Client::from_json(&json!({"baseURL": sim.base_url()}).to_string())
        .unwrap()
        .call(Operation::SetupRetrieve, None, None)
        .unwrap();
    let answer: Arc<[u8]> = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
    .into();

    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf.subject_alt_names = vec![SanType::IpAddress("127.0.0.1".parse().unwrap())];
    let leaf = leaf.signed_by(&key, &ca, &ca_key).unwrap();
    let tls = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![leaf.der().clone()],
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        )
        .unwrap(),
    );

    let plain_answer = answer.clone();
    let http = listen(move |tcp| {
        let _ = serve(tcp, &plain_answer);
    });
    let https = listen(move |tcp| {
        let conn = rustls::ServerConnection::new(tls.clone()).unwrap();
        let _ = serve(rustls::StreamOwned::new(conn, tcp), &answer);
    });

    let http_config = json!({"baseURL": format!("http://127.0.0.1:{http}")});
    let https_config = json!({
        "baseURL": format!("https://127.0.0.1:{https}"),
        "caCertificatesPem": ca.pem(),
    });
    let client = |c: &serde_json::Value| Client::from_json(&c.to_string()).unwrap();
    // The process's first https client reads the platform's trust store (once per process);
    // every later one pays only for its handshake.
    let https_process_first_call_us = first_call(&https_config, 1);
    let result = json!({
        "calls": calls,
        "reps": reps,
        "http_us_per_call": per_call(&client(&http_config), calls, reps),
        "https_us_per_call": per_call(&client(&https_config), calls, reps),
        "http_first_call_us": first_call(&http_config, 20),
        "https_first_call_us": first_call(&https_config, 20),
        "https_process_first_call_us": https_process_first_call_us,
    });
    println!("{result}");
}
