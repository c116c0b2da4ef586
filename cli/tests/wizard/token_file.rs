//! The access token: saved to a private file, reused, replaced only when allowed, never shown
//! unasked, and never lost (what to do with it is decided before signing in; it is kept or
//! shown after).

use crate::common::Fixture;
use crate::run::{
    all_output, auto_sim, code, events, mode, notice_says, of_kind, received, run, sign_ins,
    sim_token, states, stopped_for, temp_dir, Wizard,
};
use std::path::Path;
use std::process::Output;

/// The endpoint that starts a sign-in.
const START: &str = "POST /v1/app/setup/start";

/// Signs in as existing@example.com and stops where the verification needs `--yes` (exit 3),
/// leaving the token in `file`.
fn sign_in_and_stop(fx: &Fixture, file: &Path) -> Output {
    let out = Wizard::against(fx, &["--json"])
        .signing_in("existing@example.com")
        .token_file(file)
        .run();
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
    let out = Wizard::against(&fx, &["--json", "--yes"])
        .token_file(&file)
        .run();
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{}", all_output(&out));
    assert_eq!(ev.last().unwrap()["event"], "done");
    assert_eq!(
        states(&ev).first().map(String::as_str),
        Some("needs-verification")
    );
    assert!(of_kind(&ev, "token").is_empty(), "{ev:#?}");
    assert_eq!(sign_ins(&fx), 1, "the second run signed in again");
    assert_eq!(received(&fx, START), 1, "{}", fx.get("/_sim/stats"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), token);
    assert!(!all_output(&out).contains(&token), "the token was printed");
    assert!(
        notice_says(&ev, "Continuing with the access token"),
        "{ev:#?}"
    );
}

#[test]
fn a_token_file_beeper_does_not_accept_is_replaced_only_with_force() {
    let fx = auto_sim();
    let dir = temp_dir("force");
    let file = dir.join("token");
    sign_in_and_stop(&fx, &file);
    let old = sim_token(&fx);
    // Beeper signs out: the saved token is good for nothing now.
    fx.post("/_sim/reset", serde_json::json!({}));
    let starts_before = received(&fx, START);

    // Without a terminal and without --force: exit 3, nothing signed in, the file untouched.
    let out = Wizard::against(&fx, &["--json", "--yes"])
        .token_file(&file)
        .run();
    let ev = stopped_for(&out, "--force");
    assert!(notice_says(&ev, "cannot be used"), "{ev:#?}");
    assert_eq!(received(&fx, START), starts_before, "it started a sign-in");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), old);

    // With --force: signs in afresh and replaces the file with the new token.
    let out = Wizard::against(&fx, &["--json", "--yes", "--force"])
        .signing_in("existing@example.com")
        .token_file(&file)
        .run();
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
}

#[test]
fn a_token_rejected_while_the_device_is_signed_in_is_an_error_and_the_file_stays() {
    let fx = auto_sim();
    let dir = temp_dir("rejected");
    let file = dir.join("token");
    sign_in_and_stop(&fx, &file);
    let real = sim_token(&fx);
    std::fs::write(&file, "syt_not_this_one\n").unwrap();

    let out = Wizard::against(&fx, &["--json", "--yes", "--force"])
        .token_file(&file)
        .run();
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
}

#[test]
fn print_token_is_the_only_way_to_see_the_token() {
    let fx = auto_sim();
    let out = Wizard::against(&fx, &["--json", "--print-token"])
        .signing_in("existing@example.com")
        .run();
    assert_eq!(code(&out), 3, "{}", all_output(&out));
    let token = sim_token(&fx);
    let ev = events(&out);
    let shown = of_kind(&ev, "token");
    assert_eq!(shown.len(), 1, "{ev:#?}");
    assert_eq!(shown[0]["accessToken"], token.as_str());
    assert!(shown[0]["path"].is_null());

    fx.post("/_sim/reset", serde_json::json!({}));
    let out = Wizard::against(&fx, &["--print-token"])
        .signing_in("existing@example.com")
        .run();
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
    let out = Wizard::against(&fx, &["--json"])
        .signing_in("existing@example.com")
        .run();
    stopped_for(&out, "--token-file");
    assert_eq!(sign_ins(&fx), before, "it signed in");
    assert!(fx.state()["accessToken"].is_null());
}

#[test]
fn a_token_file_that_cannot_be_written_stops_before_sign_in() {
    let fx = auto_sim();
    let dir = temp_dir("unwritable");
    // A directory where the file should be.
    let out = Wizard::against(&fx, &["--json"])
        .signing_in("existing@example.com")
        .token_file(&dir)
        .run();
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["kind"], "token-file");
    assert_eq!(
        fx.get("/_sim/stats")["requests"],
        0,
        "it talked to Beeper first"
    );
}

#[test]
fn a_signed_in_device_points_to_the_token_saved_in_the_config_directory() {
    let fx = auto_sim();
    let config = temp_dir("config");
    let file = config.join("beeper-setup").join("token");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    sign_in_and_stop(&fx, &file);

    // Without --token-file, Beeper refuses to talk without the token: the error says where it is.
    let out = Wizard::against(&fx, &["--json", "--yes"])
        .config_home(&config)
        .run();
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(err["kind"], "signed-in");
    let hint = format!("--token-file {}", file.display());
    assert!(err["message"].as_str().unwrap().contains(&hint), "{err}");

    let out = Wizard::against(&fx, &["--json", "--yes"])
        .token_file(&file)
        .config_home(&config)
        .run();
    assert_eq!(code(&out), 0, "{}", all_output(&out));
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
}

#[test]
fn a_stale_token_file_where_nothing_can_be_written_stops_before_sign_in() {
    // /proc/version exists and holds no usable token, and nothing can be created beside it
    // (not even by root, which every permission bit lets through).
    let fx = auto_sim();
    let out = Wizard::against(&fx, &["--json", "--yes", "--force", "--print-token"])
        .signing_in("existing@example.com")
        .token_file(Path::new("/proc/version"))
        .run();
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["kind"], "token-file", "{ev:#?}");
    assert_eq!(received(&fx, START), 0, "it started a sign-in");
}

#[test]
fn a_token_file_that_appears_during_sign_in_is_kept_and_the_token_goes_beside_it() {
    let fx = auto_sim();
    let dir = temp_dir("appears");
    let file = dir.join("token");
    let out = Wizard::against(&fx, &["--json"])
        .signing_in("existing@example.com")
        .token_file(&file)
        .meanwhile(|| std::fs::write(&file, "syt_written_meanwhile").unwrap())
        .run();
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
}

#[test]
fn the_token_of_a_new_sign_in_wins_over_a_stale_one_in_the_environment() {
    let fx = auto_sim();
    let dir = temp_dir("stale-env");
    let file = dir.join("token");
    let out = Wizard::against(&fx, &["--json", "--yes"])
        .signing_in("existing@example.com")
        .token_file(&file)
        .env("BEEPER_ACCESS_TOKEN", "syt_stale_from_the_environment")
        .run();
    let ev = events(&out);
    assert_eq!(code(&out), 0, "{ev:#?}");
    assert_eq!(ev.last().unwrap()["event"], "done");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), sim_token(&fx));

    // Without --token-file a script has nowhere to keep the new token: it stops first.
    fx.post("/_sim/reset", serde_json::json!({}));
    let before = sign_ins(&fx);
    let out = Wizard::against(&fx, &["--json", "--yes"])
        .signing_in("existing@example.com")
        .env("BEEPER_ACCESS_TOKEN", "syt_stale_from_the_environment")
        .run();
    assert_eq!(code(&out), 3, "{}", all_output(&out));
    assert_eq!(sign_ins(&fx), before);
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
    let out = Wizard::against(&fx, &["--json", "--yes", "--force"])
        .signing_in("existing@example.com")
        .token_file(&link)
        .run();
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
        let out = Wizard::against(&fx, &["--json", "--yes", "--force", "--print-token"])
            .args(&["--email", "existing@example.com", "--code", "123456"])
            .token_file(&path)
            .run();
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
    let run = |fx| {
        Wizard::against(fx, &["--json", "--yes", "--force"])
            .signing_in("existing@example.com")
            .token_file(&file)
            .meanwhile(replace_with_fifo)
            .run()
    };
    // No file at the start: the token goes beside what appeared, as beside any file.
    let fx = auto_sim();
    let out = run(&fx);
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
    let out = run(&fx);
    let ev = events(&out);
    assert_eq!(code(&out), 1, "{ev:#?}");
    assert!(file.symlink_metadata().unwrap().file_type().is_fifo());
    let token = of_kind(&ev, "token");
    assert_eq!(token.len(), 1, "{ev:#?}");
    assert_eq!(token[0]["accessToken"], sim_token(&fx), "shown, not lost");
    let message = ev.last().unwrap()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("is a FIFO"), "{message}");
}
