//! The `beeper-setup` command, run as a program without a terminal against its built-in
//! simulator: every scenario end to end in `--json` mode, and the documented exit codes.

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The command's binary, built by cargo for these tests.
fn wizard() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_beeper-setup"))
}

/// Runs the wizard with stdin not a terminal (and no Beeper settings from the environment).
fn run(args: &[&str]) -> Output {
    Command::new(wizard())
        .args(args)
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env_remove("BEEPER_ACCESS_TOKEN")
        .env_remove("BEEPER_LOG")
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
        &["--simulator", "--force"],
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
        "--token-file",
        "--force",
        "--print-token",
        "--verbose",
        "BEEPER_LOG",
        "BEEPER_ACCESS_TOKEN",
        "EXIT CODES",
        "130",
    ] {
        assert!(help.contains(word), "--help does not mention {word}");
    }
    assert!(help.starts_with("beeper-setup:"), "{help}");
    assert!(
        help.contains("Usage: beeper-setup [setup] [FLAGS]"),
        "{help}"
    );
    assert!(help.contains("beeper-setup doctor"), "{help}");
    assert!(!help.contains("--example"), "{help}");
}

#[test]
fn version_names_the_command_and_the_library() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag]);
        assert_eq!(code(&out), 0);
        let text = String::from_utf8_lossy(&out.stdout);
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            text.trim(),
            format!("beeper-setup {version} (library {})", beeper_setup::VERSION)
        );
    }
    assert_eq!(code(&run(&["--version=1"])), 2);
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

// ---- the access token: saved, reused, replaced only when allowed, never shown unasked ----

#[path = "../../tests/common/mod.rs"]
mod common;
use common::Fixture;

fn auto_sim() -> Fixture {
    Fixture::with(beeper_setup_sim::SimOptions {
        auto: true,
        ..Default::default()
    })
}

/// Runs the wizard without a terminal against `fx`. With `--code -` in `args`, the emailed code
/// is written to its stdin once the simulator has sent it, as a script reading a mailbox would.
fn run_against(fx: &Fixture, args: &[&str]) -> Output {
    run_against_with_config(
        fx,
        args,
        &std::env::temp_dir().join("wizard-no-config-here"),
    )
}

/// `run_against` with `config_home` as the user's configuration directory.
fn run_against_with_config(fx: &Fixture, args: &[&str], config_home: &std::path::Path) -> Output {
    let pipes_code = args.windows(2).any(|w| w == ["--code", "-"]);
    run_wizard(fx, args, &[], config_home, pipes_code.then_some(|| {}))
}

/// Runs the wizard without a terminal against `fx`, with `env` added to its environment. With
/// `meanwhile`, the emailed code is written to its stdin once the simulator has sent it, as a
/// script reading a mailbox would; `meanwhile` runs just before.
fn run_wizard(
    fx: &Fixture,
    args: &[&str],
    env: &[(&str, &str)],
    config_home: &std::path::Path,
    meanwhile: Option<impl FnOnce()>,
) -> Output {
    use std::io::Write;
    let before = fx.state()["lastEmailCode"].clone();
    let mut child = Command::new(wizard())
        .args(["--base-url", fx.url()])
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env_remove("BEEPER_ACCESS_TOKEN")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wizard starts");
    let stdin = child.stdin.take();
    if let Some(meanwhile) = meanwhile {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            let code = fx.state()["lastEmailCode"].clone();
            if code.is_string() && code != before {
                meanwhile();
                let _ = writeln!(stdin.as_ref().unwrap(), "{}", code.as_str().unwrap());
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
    drop(stdin);
    child.wait_with_output().expect("the wizard ends")
}

fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn notice_says(events: &[Value], text: &str) -> bool {
    of_kind(events, "notice")
        .iter()
        .any(|n| n["message"].as_str().unwrap().contains(text))
}

fn sim_token(fx: &Fixture) -> String {
    fx.state()["accessToken"]
        .as_str()
        .expect("signed in")
        .to_owned()
}

fn sign_ins(fx: &Fixture) -> u64 {
    fx.get("/_sim/stats")["byEndpoint"]["POST /v1/app/setup/response"]
        .as_u64()
        .unwrap_or(0)
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wizard-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Signs in as existing@example.com and stops where the verification needs `--yes` (exit 3),
/// leaving the token in `file`.
fn sign_in_and_stop(fx: &Fixture, file: &std::path::Path) -> Output {
    let file = file.to_str().unwrap();
    let out = run_against(
        fx,
        &[
            "--json",
            "--email",
            "existing@example.com",
            "--code",
            "-",
            "--token-file",
            file,
        ],
    );
    assert_eq!(code(&out), 3, "{}", all_output(&out));
    out
}

#[test]
fn the_token_file_is_private_holds_the_token_and_the_next_run_continues_from_it() {
    let fx = auto_sim();
    let dir = temp_dir("reuse");
    let file = dir.join("token");
    let out = sign_in_and_stop(&fx, &file);
    let token = sim_token(&fx);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), token);
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    let ev = events(&out);
    let saved = of_kind(&ev, "token");
    assert_eq!(saved.len(), 1, "{ev:#?}");
    assert_eq!(saved[0]["path"], file.to_str().unwrap());
    assert!(saved[0].get("accessToken").is_none());
    assert!(!all_output(&out).contains(&token), "the token was printed");
    assert_eq!(sign_ins(&fx), 1);

    // The next run picks the token up and finishes without signing in again.
    let out = run_against(
        &fx,
        &["--json", "--yes", "--token-file", file.to_str().unwrap()],
    );
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    assert_eq!(ev.last().unwrap()["event"], "done");
    assert_eq!(
        states(&ev).first().map(String::as_str),
        Some("needs-verification")
    );
    assert!(of_kind(&ev, "token").is_empty(), "{ev:#?}");
    assert_eq!(sign_ins(&fx), 1, "the second run signed in again");
    let stats = fx.get("/_sim/stats");
    assert_eq!(
        stats["byEndpoint"]["POST /v1/app/setup/start"], 1,
        "{stats}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), token);
    assert!(!all_output(&out).contains(&token), "the token was printed");
    assert!(
        notice_says(&ev, "Continuing with the access token"),
        "{ev:#?}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_token_file_beeper_does_not_accept_is_replaced_only_with_force() {
    let fx = auto_sim();
    let dir = temp_dir("force");
    let file = dir.join("token");
    let path = file.to_str().unwrap();
    sign_in_and_stop(&fx, &file);
    let old = sim_token(&fx);
    // Beeper signs out: the saved token is good for nothing now.
    fx.post("/_sim/reset", serde_json::json!({}));
    let starts = |fx: &Fixture| {
        fx.get("/_sim/stats")["byEndpoint"]["POST /v1/app/setup/start"]
            .as_u64()
            .unwrap_or(0)
    };
    let starts_before = starts(&fx);

    // Without a terminal and without --force: exit 3, nothing signed in, the file untouched.
    let out = run_against(&fx, &["--json", "--yes", "--token-file", path]);
    let ev = events(&out);
    assert_eq!(code(&out), 3, "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(err["kind"], "needs-input");
    assert!(
        err["message"].as_str().unwrap().contains("--force"),
        "{err}"
    );
    assert!(notice_says(&ev, "cannot be used"), "{ev:#?}");
    assert_eq!(starts(&fx), starts_before, "it started a sign-in");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), old);

    // With --force: signs in afresh and replaces the file with the new token.
    let out = run_against(
        &fx,
        &[
            "--json",
            "--yes",
            "--force",
            "--email",
            "existing@example.com",
            "--code",
            "-",
            "--token-file",
            path,
        ],
    );
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    let new = sim_token(&fx);
    assert_ne!(new, old);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), new);
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);
    let ev = events(&out);
    assert_eq!(of_kind(&ev, "token").len(), 1);
    let text = all_output(&out);
    assert!(
        !text.contains(&new) && !text.contains(&old),
        "a token was printed"
    );
    // Nothing is left behind in the directory but the token file.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("token")]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_token_rejected_while_the_device_is_signed_in_is_an_error_and_the_file_stays() {
    let fx = auto_sim();
    let dir = temp_dir("rejected");
    let file = dir.join("token");
    sign_in_and_stop(&fx, &file);
    let real = sim_token(&fx);
    std::fs::write(&file, "syt_not_this_one\n").unwrap();

    let out = run_against(
        &fx,
        &[
            "--json",
            "--yes",
            "--force",
            "--token-file",
            file.to_str().unwrap(),
        ],
    );
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert!(notice_says(&ev, "401"), "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(
        (err["kind"].as_str(), err["exitCode"].as_u64()),
        (Some("signed-in-elsewhere"), Some(1))
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("signed in with another access token"),
        "{err}"
    );
    assert_eq!(sign_ins(&fx), 1, "it tried to sign in again");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "syt_not_this_one\n"
    );
    let text = all_output(&out);
    assert!(
        !text.contains(&real) && !text.contains("syt_not_this_one"),
        "a token was printed"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn print_token_is_the_only_way_to_see_the_token() {
    let fx = auto_sim();
    let out = run_against(
        &fx,
        &[
            "--json",
            "--print-token",
            "--email",
            "existing@example.com",
            "--code",
            "-",
        ],
    );
    assert_eq!(code(&out), 3, "{}", all_output(&out));
    let token = sim_token(&fx);
    let ev = events(&out);
    let shown = of_kind(&ev, "token");
    assert_eq!(shown.len(), 1, "{ev:#?}");
    assert_eq!(shown[0]["accessToken"], token.as_str());
    assert!(shown[0]["path"].is_null());

    fx.post("/_sim/reset", serde_json::json!({}));
    let out = run_against(
        &fx,
        &[
            "--print-token",
            "--email",
            "existing@example.com",
            "--code",
            "-",
        ],
    );
    let token = sim_token(&fx);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("Access token: {token}")),
        "{stdout}"
    );

    // Without --print-token and without a file, a script would sign in and lose the token:
    // it stops before signing in and says how to keep it.
    fx.post("/_sim/reset", serde_json::json!({}));
    let before = sign_ins(&fx);
    let out = run_against(
        &fx,
        &["--json", "--email", "existing@example.com", "--code", "-"],
    );
    let ev = events(&out);
    assert_eq!(code(&out), 3, "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(err["kind"], "needs-input");
    assert!(
        err["message"].as_str().unwrap().contains("--token-file"),
        "{err}"
    );
    assert_eq!(sign_ins(&fx), before, "it signed in");
    assert!(fx.state()["accessToken"].is_null());
}

#[test]
fn a_token_file_that_cannot_be_written_stops_before_sign_in() {
    let fx = auto_sim();
    let dir = temp_dir("unwritable");
    // A directory where the file should be.
    let out = run_against(
        &fx,
        &[
            "--json",
            "--email",
            "existing@example.com",
            "--code",
            "-",
            "--token-file",
            dir.to_str().unwrap(),
        ],
    );
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["kind"], "token-file");
    assert_eq!(
        fx.get("/_sim/stats")["requests"],
        0,
        "it talked to Beeper first"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

// ---- the QR code drawn in the terminal ----

#[path = "../src/qr.rs"]
mod qr;

/// The half-block drawing turned back into modules (true = dark), two rows per line.
fn modules(drawing: &str) -> Vec<Vec<bool>> {
    let mut rows = Vec::new();
    for line in drawing.lines() {
        let (mut top, mut bottom) = (Vec::new(), Vec::new());
        for c in line.chars() {
            let (t, b) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("not a half block: {other:?} in {line:?}"),
            };
            top.push(t);
            bottom.push(b);
        }
        rows.push(top);
        rows.push(bottom);
    }
    rows
}

/// What a phone would read from the drawing: checks the quiet zone, decodes the code inside it
/// from its module grid, and checks that a scanner also finds it in a picture of the modules.
fn decode(drawing: &str) -> Vec<u8> {
    let rows = modules(drawing);
    // The QR standard's quiet zone, not the renderer's constant: the test checks the renderer.
    let quiet = 4;
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width), "ragged drawing");
    let size = width - 2 * quiet;
    // An odd number of module rows: the last line's lower half is light padding.
    assert_eq!(rows.len(), width + 1, "not square");
    assert_eq!((size - 17) % 4, 0, "{size} modules is no QR code size");
    for (y, row) in rows.iter().enumerate() {
        for (x, &dark) in row.iter().enumerate() {
            let inside = (quiet..quiet + size).contains(&x) && (quiet..quiet + size).contains(&y);
            assert!(
                inside || !dark,
                "a dark module in the quiet zone at {x},{y}"
            );
        }
    }
    let grid = rqrr::SimpleGrid::from_func(size, |x, y| rows[y + quiet][x + quiet]);
    let mut bytes = Vec::new();
    rqrr::Grid::new(grid)
        .decode_to(&mut bytes)
        .expect("the module grid decodes");

    const SCALE: usize = 4;
    let mut picture =
        rqrr::PreparedImage::prepare_from_bitmap(width * SCALE, width * SCALE, |x, y| {
            rows[y / SCALE][x / SCALE]
        });
    let found = picture.detect_grids();
    assert_eq!(found.len(), 1, "a scanner does not find exactly one code");
    let mut seen = Vec::new();
    found[0].decode_to(&mut seen).expect("the picture decodes");
    assert_eq!(seen, bytes);
    bytes
}

#[test]
fn the_qr_code_decodes_to_the_payloads_bytes() {
    let ascii = "MATRIX.v02.vrf_0123456789abcdef.X73tAleUuys0lcNx37GeY6lM.this";
    // A binary payload carried one byte per character, every byte value included.
    let binary: String = (0..=255u8).map(char::from).collect();
    let utf8 = "MATRIX ✓ 🐶 ünïcödé";
    let long = "MATRIX.v02.".repeat(180);
    for payload in [ascii, &binary, utf8, &long] {
        let expected = if payload.chars().all(|c| (c as u32) < 256) {
            payload.chars().map(|c| c as u8).collect::<Vec<u8>>()
        } else {
            payload.as_bytes().to_vec()
        };
        let drawing = qr::render(payload, false).expect("fits in a QR code");
        assert_eq!(decode(&drawing), expected, "{payload:?}");

        // At a terminal every line is dark ink on white paper, and resets before its end.
        let coloured = qr::render(payload, true).unwrap();
        let plain: Vec<&str> = coloured
            .lines()
            .map(|line| {
                line.strip_prefix("\x1b[38;5;16;48;5;231m")
                    .and_then(|l| l.strip_suffix("\x1b[0m"))
                    .unwrap_or_else(|| panic!("uncoloured line {line:?}"))
            })
            .collect();
        assert_eq!(plain.join("\n") + "\n", drawing);
    }
    assert!(
        qr::render(&"x".repeat(3000), false).is_none(),
        "too long for a QR code"
    );
}

#[test]
fn the_wizard_draws_the_qr_code_with_its_payload_under_it() {
    let out = run(&[
        "--simulator",
        "--email",
        "existing@example.com",
        "--method",
        "qr",
        "--yes",
    ]);
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let (_, rest) = stdout
        .split_once("Scan this code with the other device:\n\n")
        .expect("the QR code is shown");
    let (drawing, rest) = rest.split_once("\nThe same code as text:\n\n  ").unwrap();
    let payload = rest.lines().next().unwrap();
    assert!(
        payload.starts_with("MATRIX.v02.") && payload.ends_with(".this"),
        "{payload}"
    );
    // Not a terminal: no colours, just the half blocks.
    assert!(!drawing.contains('\x1b'));
    assert_eq!(decode(drawing), payload.as_bytes());
}

#[test]
fn a_signed_in_device_points_to_the_token_saved_in_the_config_directory() {
    let fx = auto_sim();
    let config = temp_dir("config");
    let file = config.join("beeper-setup").join("token");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    sign_in_and_stop(&fx, &file);

    // Without --token-file, Beeper refuses to talk without the token: the error says where it is.
    let out = run_against_with_config(&fx, &["--json", "--yes"], &config);
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(err["kind"], "signed-in");
    let hint = format!("--token-file {}", file.display());
    assert!(err["message"].as_str().unwrap().contains(&hint), "{err}");

    let out = run_against_with_config(
        &fx,
        &["--json", "--yes", "--token-file", file.to_str().unwrap()],
        &config,
    );
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    std::fs::remove_dir_all(config).unwrap();
}

// ---- the access token is never lost: decided before sign-in, kept or shown after it ----

/// Whether something answers at the default URL (a real Beeper on this machine).
fn beeper_is_running() -> bool {
    std::net::TcpStream::connect_timeout(
        &"127.0.0.1:23373".parse().unwrap(),
        std::time::Duration::from_millis(300),
    )
    .is_ok()
}

#[test]
fn a_script_never_falls_back_to_the_simulator() {
    if beeper_is_running() {
        eprintln!("skipped: something answers at the default URL");
        return;
    }
    let dir = temp_dir("no-fallback");
    let file = dir.join("token");
    std::fs::write(&file, "syt_real_token_of_a_real_beeper").unwrap();
    let path = file.to_str().unwrap();
    for args in [
        &["--json", "--token-file", path, "--force", "--yes"][..],
        &["--json", "--yes"],
        &["--token-file", path, "--force", "--yes"],
    ] {
        let out = run(args);
        let text = all_output(&out);
        assert_eq!(code(&out), 1, "{args:?}: {text}");
        assert!(!text.contains("Using the built-in simulator"), "{text}");
        assert!(text.contains("--simulator"), "says how to use it: {text}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "syt_real_token_of_a_real_beeper"
        );
    }
    // A token in the environment means a real Beeper too (here without a terminal or --json).
    let out = Command::new(wizard())
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env("BEEPER_ACCESS_TOKEN", "syt_from_env")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", all_output(&out));
    assert!(!all_output(&out).contains("built-in simulator ("));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_simulator_never_replaces_a_token_file() {
    let dir = temp_dir("sim-keeps-file");
    let file = dir.join("token");
    std::fs::write(&file, "syt_real").unwrap();
    let out = run(&[
        "--simulator",
        "--json",
        "--yes",
        "--force",
        "--email",
        "existing@example.com",
        "--token-file",
        file.to_str().unwrap(),
    ]);
    let ev = events(&out);
    assert_eq!(code(&out), 2, "{ev:#?}");
    assert!(
        ev.last().unwrap()["message"]
            .as_str()
            .unwrap()
            .contains("will not replace it"),
        "{ev:#?}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "syt_real");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_stale_token_file_where_nothing_can_be_written_stops_before_sign_in() {
    // /proc/version exists and holds no usable token, and nothing can be created beside it
    // (not even by root, which every permission bit lets through).
    let fx = auto_sim();
    let out = run_against(
        &fx,
        &[
            "--json",
            "--yes",
            "--force",
            "--print-token",
            "--email",
            "existing@example.com",
            "--code",
            "-",
            "--token-file",
            "/proc/version",
        ],
    );
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["kind"], "token-file", "{ev:#?}");
    let starts = fx.get("/_sim/stats")["byEndpoint"]["POST /v1/app/setup/start"].clone();
    assert!(starts.is_null(), "it started a sign-in: {starts}");
}

/// Runs the wizard like `run_against` with `--code -`, calling `meanwhile` once the code was
/// emailed and before it is typed in.
fn run_with_pause(
    fx: &Fixture,
    args: &[&str],
    env: &[(&str, &str)],
    meanwhile: impl FnOnce(),
) -> Output {
    let args: Vec<&str> = ["--code", "-"].iter().chain(args).copied().collect();
    let config_home = std::env::temp_dir().join("wizard-no-config-here");
    run_wizard(fx, &args, env, &config_home, Some(meanwhile))
}

#[test]
fn a_token_file_that_appears_during_sign_in_is_kept_and_the_token_goes_beside_it() {
    let fx = auto_sim();
    let dir = temp_dir("appears");
    let file = dir.join("token");
    let out = run_with_pause(
        &fx,
        &[
            "--json",
            "--email",
            "existing@example.com",
            "--token-file",
            file.to_str().unwrap(),
        ],
        &[],
        || std::fs::write(&file, "syt_written_meanwhile").unwrap(),
    );
    let ev = events(&out);
    let token = sim_token(&fx);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "syt_written_meanwhile"
    );
    let beside = dir.join("token.new");
    assert_eq!(std::fs::read_to_string(&beside).unwrap(), token, "{ev:#?}");
    #[cfg(unix)]
    assert_eq!(mode(&beside), 0o600);
    let saved = of_kind(&ev, "token");
    assert_eq!(saved.len(), 1, "{ev:#?}");
    assert_eq!(saved[0]["path"], beside.to_str().unwrap());
    assert!(notice_says(&ev, "appeared while signing in"), "{ev:#?}");
    // The run then goes on to the verification (which needs --yes: exit 3).
    assert_eq!(code(&out), 3, "{ev:#?}");
    assert!(!all_output(&out).contains(&token), "the token was printed");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_token_of_a_new_sign_in_wins_over_a_stale_one_in_the_environment() {
    let fx = auto_sim();
    let dir = temp_dir("stale-env");
    let file = dir.join("token");
    let out = run_with_pause(
        &fx,
        &[
            "--json",
            "--yes",
            "--email",
            "existing@example.com",
            "--token-file",
            file.to_str().unwrap(),
        ],
        &[("BEEPER_ACCESS_TOKEN", "syt_stale_from_the_environment")],
        || {},
    );
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["event"], "done");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), sim_token(&fx));

    // Without --token-file a script has nowhere to keep the new token: it stops first.
    fx.post("/_sim/reset", serde_json::json!({}));
    let before = sign_ins(&fx);
    let out = run_with_pause(
        &fx,
        &["--json", "--yes", "--email", "existing@example.com"],
        &[("BEEPER_ACCESS_TOKEN", "syt_stale_from_the_environment")],
        || {},
    );
    assert_eq!(code(&out), 3, "{}", all_output(&out));
    assert_eq!(sign_ins(&fx), before);
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_token_file_that_is_a_symlink_is_written_through() {
    let fx = auto_sim();
    let dir = temp_dir("symlink");
    let real_dir = dir.join("real");
    std::fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("token");
    std::fs::write(&real, "syt_stale").unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink("real/token", &link).unwrap();
    let out = run_with_pause(
        &fx,
        &[
            "--json",
            "--yes",
            "--force",
            "--email",
            "existing@example.com",
            "--token-file",
            link.to_str().unwrap(),
        ],
        &[],
        || {},
    );
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    let token = sim_token(&fx);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), token);
    assert_eq!(mode(&real), 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(&real_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("token")]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_proxy_in_the_environment_does_not_stop_the_built_in_simulator() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = Command::new(wizard())
        .args([
            "--simulator",
            "--json",
            "--yes",
            "--email",
            "existing@example.com",
        ])
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env_remove("BEEPER_ACCESS_TOKEN")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("HTTP_PROXY", &proxy)
        .env("http_proxy", &proxy)
        .env("ALL_PROXY", &proxy)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{ev:#?}");
    assert!(notice_says(&ev, "simulator: code"), "{ev:#?}");
}

#[test]
fn text_from_the_other_device_cannot_drive_the_terminal() {
    // Not self-driving: the test plays the other device, which cancels with a hostile reason
    // (clear the screen, then set the clipboard through OSC 52).
    let fx = Fixture::new();
    let dir = temp_dir("escapes");
    let file = dir.join("token");
    let hostile = "\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J";
    let cancel = || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while fx.state()["verification"].is_null() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        fx.post(
            "/_sim/other-device/cancel",
            serde_json::json!({"code": "m.user", "reason": hostile}),
        );
    };
    let out = std::thread::scope(|scope| {
        let wizard = scope.spawn(|| {
            run_with_pause(
                &fx,
                &[
                    "--yes",
                    "--email",
                    "existing@example.com",
                    "--method",
                    "emoji",
                    "--token-file",
                    file.to_str().unwrap(),
                ],
                &[],
                || {},
            )
        });
        cancel();
        wizard.join().unwrap()
    });
    let text = all_output(&out);
    assert_eq!(code(&out), 1, "{text}");
    assert!(text.contains("ended on the other side"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{9b}'),
        "{text:?}"
    );
    assert!(
        text.contains(r"\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the wizard without a terminal against `fx`, ended (and the test failed) if it is still
/// running after 20 s: what a hang would look like.
fn run_within_20s(fx: &Fixture, args: &[&str]) -> Output {
    let mut child = Command::new(wizard())
        .args(["--base-url", fx.url()])
        .args(args)
        .env_remove("BEEPER_BASE_URL")
        .env_remove("BEEPER_DESKTOP_BASE_URL")
        .env_remove("BEEPER_ACCESS_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the wizard starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("{args:?} hung: {}", all_output(&out));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_token_file_that_is_no_regular_file_is_refused_before_anything_is_sent() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let fx = auto_sim();
    let dir = temp_dir("kinds");
    let c_path = |p: &std::path::Path| std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    let fifo = dir.join("fifo");
    assert_eq!(unsafe { libc::mkfifo(c_path(&fifo).as_ptr(), 0o600) }, 0);
    let socket = dir.join("socket");
    let _listening = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let directory = dir.join("directory");
    std::fs::create_dir(&directory).unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink("fifo", &link).unwrap();
    let mut cases = vec![
        (fifo.clone(), "is a FIFO"),
        (socket, "is a socket"),
        (directory, "is a directory"),
        (link, "links to"),
    ];
    // A device node of our own (the one /dev/null is), where this user may make one: were it
    // replaced, the system's /dev/null would not be.
    let device = dir.join("null");
    let made = unsafe {
        libc::mknod(
            c_path(&device).as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(1, 3),
        )
    };
    match made {
        0 => cases.push((device, "is a character device")),
        _ => eprintln!("no character device case: mknod is not allowed here"),
    }
    for (path, says) in cases {
        let kind_before = path.symlink_metadata().unwrap().file_type();
        let out = run_within_20s(
            &fx,
            &[
                "--json",
                "--yes",
                "--force",
                "--print-token",
                "--email",
                "existing@example.com",
                "--code",
                "123456",
                "--token-file",
                path.to_str().unwrap(),
            ],
        );
        let ev = events(&out);
        assert_eq!(code(&out), 1, "{path:?}: {ev:#?}");
        let error = ev.last().unwrap();
        assert_eq!(error["kind"], "token-file", "{error}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
        assert!(message.contains("regular file"), "{message}");
        assert_eq!(fx.get("/_sim/stats")["requests"], 0, "{path:?}: it sent");
        let kind_after = path.symlink_metadata().unwrap().file_type();
        assert_eq!(kind_before, kind_after, "{path:?} was replaced");
    }
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    std::fs::remove_dir_all(dir).unwrap();
}

#[cfg(unix)]
#[test]
fn a_fifo_that_appears_during_sign_in_is_left_alone_and_the_token_kept_elsewhere() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir("fifo-meanwhile");
    let file = dir.join("token");
    let replace_with_fifo = || {
        let _ = std::fs::remove_file(&file);
        let c_path = std::ffi::CString::new(file.as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    };
    let args = [
        "--json",
        "--yes",
        "--force",
        "--email",
        "existing@example.com",
        "--token-file",
        file.to_str().unwrap(),
    ];
    // No file at the start: the token goes beside what appeared, as beside any file.
    let fx = auto_sim();
    let out = run_with_pause(&fx, &args, &[], replace_with_fifo);
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    assert!(file.symlink_metadata().unwrap().file_type().is_fifo());
    let beside = dir.join("token.new");
    assert_eq!(std::fs::read_to_string(&beside).unwrap(), sim_token(&fx));

    // A stale token to replace (--force), replaced by a FIFO meanwhile: nothing is written
    // through or over the FIFO; the token is shown, and the run says it was not saved.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(&file, "syt_stale").unwrap();
    let fx = auto_sim();
    let out = run_with_pause(&fx, &args, &[], replace_with_fifo);
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert!(file.symlink_metadata().unwrap().file_type().is_fifo());
    let token = of_kind(&ev, "token");
    assert_eq!(token.len(), 1, "{ev:#?}");
    assert_eq!(token[0]["accessToken"], sim_token(&fx), "shown, not lost");
    let message = ev.last().unwrap()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("is a FIFO"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

// ---- a verification that ends: each outcome in its own words ----

/// A script's run of the existing account by emoji, the code piped in, every answer yes.
const EMOJI_RUN: &[&str] = &[
    "--json",
    "--yes",
    "--print-token",
    "--email",
    "existing@example.com",
    "--code",
    "-",
    "--method",
    "emoji",
];

#[test]
fn each_way_a_verification_ends_has_its_own_error() {
    for (scenario, kind, words) in [
        ("declined", "verification-declined", "declined"),
        ("timeout", "verification-timed-out", "timed out"),
        ("mismatch", "verification-mismatch", "did not match"),
        (
            "accepted-elsewhere",
            "verification-accepted-elsewhere",
            "Another of your devices",
        ),
        (
            "protocol-error",
            "verification-failed",
            "could not understand",
        ),
    ] {
        let fx = Fixture::with(beeper_setup_sim::SimOptions {
            scenario: Some(scenario.into()),
            ..Default::default()
        });
        let out = run_against(&fx, EMOJI_RUN);
        let ev = events(&out);
        assert_eq!(code(&out), 1, "{scenario}: {ev:#?}");
        let error = of_kind(&ev, "error");
        assert_eq!(error[0]["kind"], kind, "{scenario}: {ev:#?}");
        assert!(
            error[0]["message"].as_str().unwrap().contains(words),
            "{scenario}: {ev:#?}"
        );
        // The step before it said the same, with what to do next.
        let ended = of_kind(&ev, "state")
            .into_iter()
            .rev()
            .find(|e| e["outcome"].is_object())
            .unwrap_or_else(|| panic!("{scenario}: {ev:#?}"));
        assert_eq!(ended["outcome"]["cancelledByUs"], false, "{scenario}");
    }
}

#[test]
fn the_emojis_are_named_in_the_language_asked_for() {
    let fx = auto_sim();
    let out = run_wizard(
        &fx,
        &[EMOJI_RUN, &["--lang", "pt-BR"]].concat(),
        &[("LANG", "de_DE.UTF-8"), ("LC_ALL", ""), ("LC_MESSAGES", "")],
        &std::env::temp_dir().join("wizard-no-config-here"),
        Some(|| {}),
    );
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{ev:#?}");
    let comparing = of_kind(&ev, "state")
        .into_iter()
        .find(|e| e["action"] == "compare-emojis")
        .unwrap_or_else(|| panic!("{ev:#?}"));
    // --lang wins over LANG.
    assert_eq!(
        comparing["comparison"]["language"], "pt_BR",
        "{comparing:#}"
    );
    let names = comparing["comparison"]["emojis"].as_array().unwrap();
    assert_eq!(names.len(), 7);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for entry in names {
        assert!(
            stderr.contains(entry["name"].as_str().unwrap()),
            "{entry} not shown in {stderr}"
        );
    }
}
