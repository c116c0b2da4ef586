//! The setup wizard (`examples/setup`), run as a program without a terminal against its built-in
//! simulator: every scenario end to end in `--json` mode, and the documented exit codes.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The wizard's binary, built (or brought up to date) once per test run.
fn wizard() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // target/<profile>/deps/wizard-xxxx -> target/<profile>/examples/setup
        let exe = std::env::current_exe().unwrap();
        let dir = exe.parent().unwrap().parent().unwrap();
        let mut build = Command::new(env!("CARGO"));
        build.args(["build", "-q", "--example", "setup"]);
        if dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "cargo build --example setup failed");
        let bin = dir
            .join("examples")
            .join(format!("setup{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.exists(), "no wizard binary at {}", bin.display());
        bin
    })
}

/// Runs the wizard with stdin not a terminal (and no Beeper settings from the environment).
fn run(args: &[&str]) -> Output {
    Command::new(wizard())
        .args(args)
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env_remove("BEEPER_ACCESS_TOKEN")
        .stdin(Stdio::null())
        .output()
        .expect("the wizard runs")
}

fn events(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
        })
        .collect()
}

fn of_kind<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["event"] == kind).collect()
}

fn states(events: &[Value]) -> Vec<String> {
    of_kind(events, "state")
        .iter()
        .map(|e| e["state"].as_str().unwrap().to_owned())
        .collect()
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// Runs a scenario to the end and checks what every successful run has in common.
fn complete(args: &[&str], user: &str) -> Vec<Value> {
    let mut all = vec!["--simulator", "--json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let ev = events(&out);
    assert_eq!(
        code(&out),
        0,
        "{ev:#?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ev[0]["event"], "simulator");
    let states = states(&ev);
    assert_eq!(states.first().map(String::as_str), Some("needs-login"));
    assert_eq!(states.last().map(String::as_str), Some("ready"));
    assert!(
        states.contains(&"needs-first-sync".to_owned()),
        "{states:?}"
    );
    let done = ev.last().unwrap();
    assert_eq!(done["event"], "done");
    assert_eq!(done["userID"], user);
    assert!(done["deviceID"].as_str().is_some_and(|d| !d.is_empty()));
    // Every state event carries the step that next_step chose.
    for e in of_kind(&ev, "state") {
        assert!(e["step"].is_string() && e["message"].is_string(), "{e}");
    }
    let notices: Vec<_> = of_kind(&ev, "notice")
        .iter()
        .map(|e| e["message"].to_string())
        .collect();
    assert!(
        notices.iter().any(|n| n.contains("simulator: code")),
        "{notices:?}"
    );
    // The access token never shows up.
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("syt_"), "a token was printed");
    ev
}

fn steps(events: &[Value]) -> Vec<String> {
    of_kind(events, "state")
        .iter()
        .map(|e| match e["action"].as_str() {
            Some(a) => format!("{}/{a}", e["step"].as_str().unwrap()),
            None => e["step"].as_str().unwrap().to_owned(),
        })
        .collect()
}

#[test]
fn existing_account_verifies_by_emoji() {
    let ev = complete(
        &["--email", "existing@example.com", "--yes"],
        "@existing:beeper.com",
    );
    let steps = steps(&ev);
    for expected in [
        "verify-device/create",
        "verify-device/sas.start",
        "verify-device/compare-emojis",
    ] {
        assert!(
            steps.iter().any(|s| s == expected),
            "{expected} missing from {steps:?}"
        );
    }
    let compare = of_kind(&ev, "state")
        .into_iter()
        .find(|e| e["action"] == "compare-emojis")
        .unwrap();
    assert_eq!(compare["emojis"].as_str().unwrap().chars().count(), 7);
    assert!(compare["decimals"].is_string());
}

#[test]
fn existing_account_verifies_by_qr_code() {
    let ev = complete(
        &["--email", "existing@example.com", "--method", "qr", "--yes"],
        "@existing:beeper.com",
    );
    let steps = steps(&ev);
    assert!(
        steps.iter().any(|s| s == "verify-device/qr.confirmScanned"),
        "{steps:?}"
    );
    assert!(
        !steps.iter().any(|s| s == "verify-device/compare-emojis"),
        "{steps:?}"
    );
}

#[test]
fn existing_account_can_use_the_recovery_key_instead() {
    let key = beeper_setup_sim::SCENARIO_RECOVERY_KEY;
    let ev = complete(
        &["--email", "existing@example.com", "--recovery-key", key],
        "@existing:beeper.com",
    );
    assert!(!steps(&ev).iter().any(|s| s.contains("compare-emojis")));
    let out = String::from_utf8_lossy(
        &run(&[
            "--simulator",
            "--email",
            "existing@example.com",
            "--recovery-key",
            key,
        ])
        .stdout,
    )
    .into_owned();
    assert!(!out.contains(key), "the recovery key was printed");
}

#[test]
fn recovery_account_unlocks_with_the_simulators_key() {
    let ev = complete(&["--email", "recovery@example.com"], "@recovery:beeper.com");
    assert!(states(&ev).contains(&"needs-secrets".to_owned()));
    let notices: Vec<_> = of_kind(&ev, "notice")
        .iter()
        .map(|e| e["message"].to_string())
        .collect();
    assert!(
        notices.iter().any(|n| n.contains("recovery key filled in")),
        "{notices:?}"
    );
}

#[test]
fn new_account_registers_and_creates_a_recovery_key() {
    let ev = complete(
        &[
            "--email",
            "fresh@example.com",
            "--username",
            "fresh_one",
            "--yes",
        ],
        "@fresh_one:beeper.com",
    );
    assert!(states(&ev).contains(&"needs-cross-signing-setup".to_owned()));
    let keys = of_kind(&ev, "recovery-key");
    assert_eq!(keys.len(), 1, "the new key is shown exactly once");
    assert!(keys[0]["recoveryKey"]
        .as_str()
        .is_some_and(|k| k.len() > 20));
}

#[test]
fn human_output_ends_with_the_signed_in_line() {
    let out = run(&["--simulator", "--email", "existing@example.com", "--yes"]);
    assert_eq!(code(&out), 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("🐶") || stdout.contains("Compare with the other device"),
        "{stdout}"
    );
    let last = stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(
        last.contains("Signed in as @existing:beeper.com on device "),
        "{last}"
    );
}

#[test]
fn missing_answers_exit_with_3() {
    for (args, flag) in [
        (&["--simulator", "--json"][..], "--email"),
        (
            &[
                "--simulator",
                "--json",
                "--email",
                "someone@example.com",
                "--yes",
            ],
            "--username",
        ),
        (
            &[
                "--simulator",
                "--json",
                "--email",
                "someone@example.com",
                "--username",
                "x",
            ],
            "--yes",
        ),
        (
            &["--simulator", "--json", "--email", "existing@example.com"],
            "--yes",
        ),
    ] {
        let out = run(args);
        let ev = events(&out);
        assert_eq!(code(&out), 3, "{args:?}: {ev:#?}");
        let err = ev.last().unwrap();
        assert_eq!(err["event"], "error");
        assert_eq!(err["kind"], "needs-input");
        assert_eq!(err["exitCode"], 3);
        assert!(
            err["message"].as_str().unwrap().contains(flag),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["--bogus"][..],
        &["--email"],
        &["--timeout", "soon"],
        &["--method", "fax"],
        &["--simulator", "--base-url", "http://localhost:1"],
        &["--base-url", "ftp://nowhere"],
    ] {
        let out = run(args);
        assert_eq!(
            code(&out),
            2,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stderr.is_empty());
    }
    let out = run(&["--json", "--nope"]);
    let ev = events(&out);
    assert_eq!(
        (ev[0]["event"].as_str(), ev[0]["kind"].as_str()),
        (Some("error"), Some("usage"))
    );
}

#[test]
fn help_documents_flags_and_exit_codes() {
    let out = run(&["--help"]);
    assert_eq!(code(&out), 0);
    let help = String::from_utf8_lossy(&out.stdout);
    for word in [
        "--email",
        "--code",
        "--username",
        "--recovery-key",
        "--yes",
        "--json",
        "--base-url",
        "--simulator",
        "--timeout",
        "--method",
        "EXIT CODES",
        "130",
    ] {
        assert!(help.contains(word), "--help does not mention {word}");
    }
}

#[test]
fn an_unreachable_server_is_an_error_not_the_simulator() {
    // An explicit base URL is never replaced by the simulator.
    let out = run(&[
        "--json",
        "--base-url",
        "http://127.0.0.1:9",
        "--timeout",
        "2",
    ]);
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert!(of_kind(&ev, "simulator").is_empty());
    assert_eq!(ev.last().unwrap()["kind"], "connection");
}

#[test]
fn a_wrong_code_from_a_flag_is_an_error_without_a_terminal() {
    let out = run(&[
        "--simulator",
        "--json",
        "--email",
        "existing@example.com",
        "--code",
        "000000x",
    ]);
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["kind"], "api");
}
