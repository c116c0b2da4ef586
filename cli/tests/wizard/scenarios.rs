//! Every scenario of the built-in simulator run to the end, in `--json` and human output.

use crate::run::{all_output, code, events, notice_says, of_kind, run, states, steps, Wizard};
use serde_json::Value;

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
    assert!(notice_says(&ev, "simulator: code"), "{ev:#?}");
    // The access token never shows up.
    assert!(!all_output(&out).contains("syt_"), "a token was printed");
    ev
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
    assert!(notice_says(&ev, "recovery key filled in"), "{ev:#?}");
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

/// --verbose: the library's records on stderr, each request among them, and no token or code
/// in any of them; stdout stays the JSON events.
#[test]
fn verbose_prints_the_records_to_stderr() {
    let out = run(&[
        "--simulator",
        "--json",
        "--verbose",
        "--email",
        "recovery@example.com",
        "--yes",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.lines().any(|l| l.starts_with(
            "[DEBUG beeper_setup::request] setup.start: POST /v1/app/setup/start -> 200 in "
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("[INFO  beeper_setup::wait] wait: the state is "),
        "{stderr}"
    );
    let ev = events(&out);
    let code_notice = of_kind(&ev, "notice").iter().find_map(|e| {
        e["message"]
            .as_str()?
            .strip_prefix("simulator: code ")
            .map(str::to_owned)
    });
    let emailed = code_notice.and_then(|n| {
        n.split(|c: char| !c.is_ascii_digit())
            .next()
            .map(str::to_owned)
    });
    assert!(!stderr.contains("syt_"), "a token was logged");
    if let Some(emailed) = emailed.filter(|c| c.len() == 6) {
        assert!(!stderr.contains(&emailed), "the code was logged");
    }
    let quiet = run(&[
        "--simulator",
        "--json",
        "--email",
        "recovery@example.com",
        "--yes",
    ]);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("beeper_setup::request"));
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
fn a_proxy_in_the_environment_does_not_stop_the_built_in_simulator() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = Wizard::new(&[
        "--simulator",
        "--json",
        "--yes",
        "--email",
        "existing@example.com",
    ])
    .env_remove("NO_PROXY")
    .env_remove("no_proxy")
    .env("HTTP_PROXY", &proxy)
    .env("http_proxy", &proxy)
    .env("ALL_PROXY", &proxy)
    .run();
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{ev:#?}");
    assert!(notice_says(&ev, "simulator: code"), "{ev:#?}");
}
