//! `beeper-setup doctor` against the simulator, its fault modes, closed ports and stand-in
//! servers: one test per class of problem, each checking the exit code, the JSON report and that
//! no token is printed.

use beeper_setup::models::RecoveryKeyParams;
use beeper_setup::Secret;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

#[path = "../../tests/common/mod.rs"]
mod common;
use common::Fixture;

const RECOVERY_KEY: &str = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa";

/// Runs `beeper-setup doctor ARGS` without a terminal, the Beeper and proxy settings of the
/// environment replaced by `env`, and no saved token in the config directory.
fn doctor(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_beeper-setup"));
    command.arg("doctor").args(args);
    for name in [
        "BEEPER_BASE_URL",
        "BEEPER_DESKTOP_BASE_URL",
        "BEEPER_ACCESS_TOKEN",
        "BEEPER_LOG",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    command
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("doctor-no-config"),
        )
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("the command runs")
}

/// `doctor --json ARGS` (`--timeout 2` unless given): its exit code and its report, checked for what every report has.
fn diagnose(args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let mut all = vec!["--json"];
    if !args.contains(&"--timeout") {
        all.extend(["--timeout", "2"]);
    }
    all.extend_from_slice(args);
    let out = doctor(&all, env);
    let text = String::from_utf8_lossy(&out.stdout);
    let report: Value = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "not one JSON object ({e}): {text}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let code = out.status.code().unwrap();
    assert_eq!(report["exitCode"], code, "{report:#}");
    assert_eq!(report["ok"], code == 0, "{report:#}");
    assert_eq!(report["libraryVersion"], beeper_setup::VERSION);
    assert!(!text.contains("syt_"), "a token was printed: {text}");
    (code, report)
}

/// The message of the check that found the problem.
fn problem_message(report: &Value) -> String {
    let checks = report["checks"].as_array().unwrap();
    let failed: Vec<_> = checks.iter().filter(|c| c["ok"] == false).collect();
    assert_eq!(failed.len(), 1, "one problem, the last check: {report:#}");
    assert_eq!(checks.last(), Some(failed[0]), "{report:#}");
    assert_eq!(failed[0]["problem"], report["problem"]);
    failed[0]["message"].as_str().unwrap().to_owned()
}

fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("doctor-{name}-{}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn a_fresh_beeper_answers_and_setup_is_not_complete() {
    let fx = Fixture::new();
    let (code, report) = diagnose(&["--base-url", fx.url()], &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["problem"], "setup-incomplete");
    assert_eq!(report["state"], "needs-login");
    assert_eq!(report["nextStep"]["step"], "sign-in");
    assert_eq!(report["baseURL"], fx.url());
    assert!(problem_message(&report).contains("Run beeper-setup"));
}

#[test]
fn a_closed_port_is_connection_refused() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let (code, report) = diagnose(&["--base-url", &url], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (10, Some("connection-refused"))
    );
    assert!(problem_message(&report).contains("connection refused"));
    assert!(report["state"].is_null());
}

#[test]
fn a_server_that_does_not_answer_is_a_timeout() {
    let fx = Fixture::new();
    fx.fault(json!({"hang": true, "count": 5}));
    let started = std::time::Instant::now();
    let (code, report) = diagnose(&["--base-url", fx.url(), "--timeout", "1"], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (11, Some("timeout")),
        "{report:#}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
}

#[test]
fn tls_to_a_server_that_speaks_plain_http_is_a_tls_problem_with_the_reason() {
    let fx = Fixture::new();
    let url = fx.url().replace("http://", "https://");
    let (code, report) = diagnose(&["--base-url", &url], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (12, Some("tls")),
        "{report:#}"
    );
    assert!(problem_message(&report).contains("TLS"), "{report:#}");
}

#[test]
fn a_name_that_does_not_resolve_is_a_name_problem() {
    let (code, report) = diagnose(&["--base-url", "http://beeper.invalid:23373"], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (13, Some("name-resolution"))
    );
    assert!(problem_message(&report).contains("does not resolve"));
}

#[cfg(target_os = "linux")]
#[test]
fn localhost_resolving_elsewhere_is_a_name_problem() {
    // /etc/hosts replaced in a mount namespace of the command alone; skipped where this user
    // may not make one.
    let hosts = temp_file("hosts", "192.0.2.7 localhost\n");
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(format!("mount --bind {} /etc/hosts", hosts.display()))
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no mount namespace here");
        return;
    }
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c"])
        .arg(format!(
            "mount --bind {} /etc/hosts && exec {} doctor --json --timeout 2 --base-url \
             http://localhost:23373",
            hosts.display(),
            env!("CARGO_BIN_EXE_beeper-setup")
        ))
        .env_remove("BEEPER_ACCESS_TOKEN")
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(13), "{report:#}");
    assert_eq!(report["problem"], "name-resolution");
    let message = problem_message(&report);
    assert!(
        message.contains("192.0.2.7, which is not a loopback address"),
        "{message}"
    );
    std::fs::remove_file(hosts).unwrap();
}

#[test]
fn an_unreachable_proxy_for_a_remote_host_is_a_proxy_problem() {
    let proxy = format!("http://user:pa55word@127.0.0.1:{}", closed_port());
    let env = [("HTTPS_PROXY", proxy.as_str())];
    let (code, report) = diagnose(&["--base-url", "https://beeper.invalid"], &env);
    assert_eq!(
        (code, report["problem"].as_str()),
        (14, Some("proxy")),
        "{report:#}"
    );
    let message = problem_message(&report);
    assert!(message.contains("$HTTPS_PROXY"), "{message}");
    assert!(
        !message.contains("pa55word"),
        "a proxy password was printed: {message}"
    );

    // For loopback the proxy is named, and not used.
    let fx = Fixture::new();
    let (code, report) = diagnose(&["--base-url", fx.url()], &env);
    assert_eq!(code, 1, "{report:#}");
    let proxy_check = &report["checks"][1];
    assert_eq!(proxy_check["check"], "proxy");
    assert_eq!(proxy_check["note"], true);
    assert!(proxy_check["message"]
        .as_str()
        .unwrap()
        .contains("not used for a loopback host"));
}

#[test]
fn answers_that_are_not_beepers_are_named_as_such() {
    let fx = Fixture::new();
    for fault in [
        json!({"body": "html", "count": 5}),
        json!({"body": "wrong-shape", "count": 5}),
        json!({"status": 503, "count": 5}),
        json!({"drop": true, "count": 5}),
    ] {
        fx.fault(fault.clone());
        let (code, report) = diagnose(&["--base-url", fx.url()], &[]);
        assert_eq!(
            (code, report["problem"].as_str()),
            (15, Some("not-beeper")),
            "{fault}: {report:#}"
        );
        fx.post("/_sim/faults", json!({"count": 0}));
    }
}

/// Signs the recovery account in on `fx` with the library and unlocks it with its key; returns
/// the access token (setup completes once the first sync is done).
fn signed_in(fx: &Fixture) -> String {
    let client = fx.client(json!({}));
    fx.sign_in(&client, "recovery@example.com");
    client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(RECOVERY_KEY),
        })
        .unwrap();
    client.access_token().unwrap().expose().to_owned()
}

#[test]
fn the_saved_token_is_checked_and_never_printed() {
    let fx = Fixture::with(beeper_setup_sim::SimOptions {
        auto: true,
        ..Default::default()
    });
    // A token saved for another Beeper, while nobody is signed in here.
    let stale = temp_file("stale", "syt_from_elsewhere\n");
    let stale = stale.to_str().unwrap();
    let (code, report) = diagnose(&["--base-url", fx.url(), "--token-file", stale], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (16, Some("access-token"))
    );

    let token = signed_in(&fx);
    // Signed in, and no token at hand.
    let (code, report) = diagnose(&["--base-url", fx.url()], &[]);
    assert_eq!(code, 16, "{report:#}");
    assert!(problem_message(&report).contains("no saved access token"));
    // Signed in, and the file's token refused (401).
    let (code, report) = diagnose(&["--base-url", fx.url(), "--token-file", stale], &[]);
    assert_eq!(code, 16, "{report:#}");
    assert!(problem_message(&report).contains("401"));

    // The right token, from a file and from the environment: setup complete once synced.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let saved = temp_file("saved", &token);
    let out = doctor(
        &[
            "--json",
            "--base-url",
            fx.url(),
            "--token-file",
            saved.to_str().unwrap(),
        ],
        &[],
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(!text.contains(&token), "the token was printed");
    let (code, report) = diagnose(
        &[
            "--base-url",
            fx.url(),
            "--token-file",
            saved.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["state"], "ready");
    assert_eq!(report["nextStep"]["step"], "done");
    let (code, _) = diagnose(
        &["--base-url", fx.url()],
        &[("BEEPER_ACCESS_TOKEN", &token)],
    );
    assert_eq!(code, 0);
    let human = doctor(
        &[
            "--base-url",
            fx.url(),
            "--token-file",
            saved.to_str().unwrap(),
        ],
        &[],
    );
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains("signed in as @recovery:beeper.com"),
        "{human}"
    );
    assert!(!human.contains(&token), "the token was printed: {human}");
    std::fs::remove_file(saved).unwrap();
}

/// The whole HTTP answer of a fresh Beeper (nobody signed in), naming itself `server`.
fn fresh_answer(server: &str) -> String {
    let body = json!({"state": "needs-login", "e2ee": {"crossSigning": false,
        "firstSyncDone": false, "hasBackedUpRecoveryKey": false, "initialized": false,
        "keyBackup": false, "secretStorage": false, "verified": false, "secrets": {
        "masterKey": false, "megolmBackupKey": false, "recoveryKey": false,
        "selfSigningKey": false, "userSigningKey": false}}})
    .to_string();
    format!(
        "HTTP/1.1 200 OK\r\nServer: {server}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Answers one request on `stream` with `answer`; a connection that sends nothing (the
/// doctor's connection check) is left.
fn answer_one(mut stream: impl Read + Write, answer: &str) {
    let mut request = [0u8; 4096];
    if matches!(stream.read(&mut request), Ok(n) if n > 0) {
        let _ = stream.write_all(answer.as_bytes());
        let _ = stream.flush();
    }
}

/// A stand-in Beeper on plain HTTP that names itself `server`.
fn stand_in(server: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for tcp in listener.incoming().take(8).flatten() {
            answer_one(tcp, &fresh_answer(server));
        }
    });
    url
}

#[test]
fn beepers_version_is_named_when_the_server_says_it() {
    let url = stand_in("Beeper Desktop/4.2.1");
    let (code, report) = diagnose(&["--base-url", &url], &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["beeperVersion"], "Beeper Desktop/4.2.1");

    let fx = Fixture::new();
    let (_, report) = diagnose(&["--base-url", fx.url()], &[]);
    assert!(
        report["beeperVersion"].is_null(),
        "the simulator does not say it"
    );
}

#[test]
fn a_token_file_that_is_no_file_is_a_usage_error() {
    let fx = Fixture::new();
    let out = doctor(
        &[
            "--json",
            "--base-url",
            fx.url(),
            "--token-file",
            "/dev/null",
        ],
        &[],
    );
    let event: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{event}");
    assert!(event["message"]
        .as_str()
        .unwrap()
        .contains("character device"));
    assert_eq!(fx.requests(), 0);
}

#[test]
fn an_untrusted_certificate_is_a_tls_problem_that_says_why() {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.subject_alt_names = vec![rcgen::SanType::IpAddress([127, 0, 0, 1].into())];
    let cert = params.self_signed(&key).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
    )
    .unwrap();
    let config = std::sync::Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for tcp in listener.incoming().take(8).flatten() {
            let tls = rustls::ServerConnection::new(config.clone()).unwrap();
            answer_one(rustls::StreamOwned::new(tls, tcp), &fresh_answer("test"));
        }
    });
    let (code, report) = diagnose(&["--base-url", &url], &[]);
    assert_eq!(
        (code, report["problem"].as_str()),
        (12, Some("tls")),
        "{report:#}"
    );
    let message = problem_message(&report);
    assert!(message.contains("issuer is unknown"), "{message}");

    // Trusted through SSL_CERT_FILE, the same server checks out.
    let pem = temp_file("cert.pem", &cert.pem());
    let env = [("SSL_CERT_FILE", pem.to_str().unwrap())];
    let (code, report) = diagnose(&["--base-url", &url], &env);
    assert_eq!(code, 1, "{report:#}");
    let checks: Vec<_> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].clone())
        .collect();
    assert!(checks.contains(&json!("tls")), "{report:#}");
    std::fs::remove_file(pem).unwrap();
}
