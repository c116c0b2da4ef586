//! A verification that ends before it is done: each outcome in its own words, the emojis in
//! the language asked for, and text from the other device that cannot drive the terminal.

use crate::common::Fixture;
use crate::run::{all_output, auto_sim, code, events, of_kind, temp_dir, Wizard};

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
        let out = Wizard::against(&fx, EMOJI_RUN).run();
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
    let out = Wizard::against(&fx, &[EMOJI_RUN, &["--lang", "pt-BR"]].concat())
        .env("LANG", "de_DE.UTF-8")
        .env("LC_ALL", "")
        .env("LC_MESSAGES", "")
        .run();
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
            Wizard::against(&fx, &["--yes", "--method", "emoji"])
                .signing_in("existing@example.com")
                .token_file(&file)
                .run()
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
}
