//! The command line itself: missing answers, usage errors, `--help`, `--version`, and a server
//! that is not there (never replaced by the simulator unasked).

use crate::run::{all_output, code, events, of_kind, run, stopped_for, temp_dir, Wizard};

#[test]
fn missing_answers_exit_with_3() {
    for (args, flag) in [
        (&[][..], "--email"),
        (&["--email", "someone@example.com", "--yes"], "--username"),
        (
            &["--email", "someone@example.com", "--username", "x"],
            "--yes",
        ),
        (&["--email", "existing@example.com"], "--yes"),
    ] {
        let out = Wizard::new(&["--simulator", "--json"]).args(args).run();
        stopped_for(&out, flag);
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
    let out = Wizard::new(&[])
        .env("BEEPER_ACCESS_TOKEN", "syt_from_env")
        .run();
    assert_eq!(code(&out), 1, "{}", all_output(&out));
    assert!(!all_output(&out).contains("built-in simulator ("));
}
