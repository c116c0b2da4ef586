//! The command line: its subcommands and flags, each flag described once, in its definition, from
//! which clap makes `--help`, the suggestions for a mistyped flag and the usage errors.

use crate::exit::Exit;
use clap::builder::NonEmptyStringValueParser;
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Command};
use std::path::PathBuf;
use std::time::Duration;

/// What `beeper-setup` says before its flags.
const ABOUT: &str = "beeper-setup: sign in to Beeper and set up encrypted messaging on this device.

Without flags it asks for everything it needs. Every question has a flag, so a script can run it
without a terminal; when stdin is not a terminal and an answer is missing, it stops with exit
code 3 instead of waiting. `beeper-setup doctor` says what is wrong when setup does not work.";

/// What the setup's `--help` says after its flags: what a script can rely on.
const SETUP_NOTES: &str = "\
JSON EVENTS (--json), one object per line on stdout:
    {\"event\": \"state\", \"state\", \"step\", \"message\", ...}
    {\"event\": \"simulator\" | \"notice\", \"message\", ...}
    {\"event\": \"token\", \"path\"}  (where the access token was saved; the token itself only
        with --print-token, as \"accessToken\")
    {\"event\": \"recovery-key\", \"recoveryKey\"}  (the new key, to save)
    {\"event\": \"done\", \"userID\", \"deviceID\"}
    {\"event\": \"error\", \"kind\", \"message\", \"exitCode\"}

THE SIMULATOR: when no base URL is set (no --base-url, $BEEPER_BASE_URL or
$BEEPER_DESKTOP_BASE_URL) and nothing answers at http://localhost:23373, a person at a terminal
gets the built-in simulator, and is told so. A script never does: with --json, without a
terminal, with --token-file or with $BEEPER_ACCESS_TOKEN set, the run stops with exit code 1
instead (--simulator asks for the simulator explicitly). Only with the built-in simulator, the
wizard reads the emailed code (and the recovery key of recovery@example.com) from it when no
flag gives them, and says so. It starts afresh on every run, so its access tokens last one run,
and it never replaces an existing --token-file (exit code 2).

THE ACCESS TOKEN: Beeper returns it once, at sign-in, so everything about where it goes is
settled before signing in: a --token-file that cannot be written or is not a regular file (a
FIFO, a device, a directory, a socket), or one to replace without --force and without a
terminal, stops the run first (exit codes 1 and 3); so does a run without a terminal that has
neither --token-file nor --print-token (exit code 3). After sign-in the token is saved, or
shown, never dropped: a token file that appeared while signing in is left alone and the token
is saved beside it in PATH.new (the `token` event and a notice say where); a token that cannot
be saved after all is shown, and the run stops with exit code 1. The new token is used for the
rest of the run, whatever $BEEPER_ACCESS_TOKEN held.

At a terminal without --token-file, the wizard offers to save the access token in
$XDG_CONFIG_HOME/beeper-setup/token (else ~/.config/beeper-setup/token). Other programs use it
through BEEPER_ACCESS_TOKEN, e.g. BEEPER_ACCESS_TOKEN=\"$(cat FILE)\" program; the library reads
that variable (and so does the wizard, when no --token-file is given).

Ctrl-C stops the wizard at any time; a verification in progress is left as it is, so you can
run the wizard again (with --token-file, or BEEPER_ACCESS_TOKEN, to continue where it stopped).

EXIT CODES:
    0    setup is complete
    1    an error from Beeper or the library (connection, timeout, rejected request, ...)
    2    usage error (unknown flag, missing or bad value)
    3    an answer is needed but was not given (no flag, and stdin is not a terminal; also a
         token file to replace without --force)
    4    declined (terms not accepted, emojis do not match: the verification is cancelled;
         a token file not to be replaced)
    130  interrupted (Ctrl-C)";

/// How to verify this device when another device is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Emoji,
    Qr,
    RecoveryKey,
}

impl Method {
    pub fn parse(text: &str) -> Option<Method> {
        match text.trim().to_ascii_lowercase().as_str() {
            "emoji" | "emojis" | "sas" | "e" => Some(Method::Emoji),
            "qr" | "q" => Some(Method::Qr),
            "recovery-key" | "recovery" | "key" | "r" => Some(Method::RecoveryKey),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct Options {
    pub email: Option<String>,
    pub code: Option<String>,
    pub username: Option<String>,
    pub recovery_key: Option<String>,
    pub method: Option<Method>,
    pub yes: bool,
    pub token_file: Option<PathBuf>,
    pub force: bool,
    pub print_token: bool,
    pub json: bool,
    pub base_url: Option<String>,
    pub simulator: bool,
    pub timeout: Option<Duration>,
    pub lang: Option<String>,
    pub verbose: bool,
}

impl Options {
    pub fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(Duration::from_secs(600))
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Request {
    /// Take a person through the setup (`setup`, the default).
    Setup(Options),
    /// Say what is wrong (`doctor`).
    Doctor(Options),
    /// `--help` or `--version`: this text, on stdout, and exit code 0.
    Show(String),
}

// ---- the flags, each described once ----

fn value(id: &'static str, placeholder: &'static str, help: &str) -> Arg {
    Arg::new(id)
        .long(id)
        .value_name(placeholder)
        .value_parser(NonEmptyStringValueParser::new())
        .help(wrapped(help))
}

fn switch(id: &'static str, help: &str) -> Arg {
    Arg::new(id)
        .long(id)
        .action(ArgAction::SetTrue)
        .help(wrapped(help))
}

/// A flag's description broken into lines that fit 100 columns under the flag (clap indents
/// them by 10 and, built without a terminal-size lookup, does not wrap them itself).
fn wrapped(text: &str) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.len() > 90 {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out
}

fn base_url() -> Arg {
    value(
        "base-url",
        "URL",
        "Beeper's API (default: $BEEPER_BASE_URL, $BEEPER_DESKTOP_BASE_URL, else \
         http://localhost:23373)",
    )
}

fn json() -> Arg {
    switch(
        "json",
        "machine-readable output on stdout, one JSON object per line (listed below)",
    )
}

fn timeout() -> Arg {
    value(
        "timeout",
        "SECONDS",
        "how long to wait for Beeper (or the other device) at any one step, from 0 to 86400 \
         (default: 600 for setup, 10 for doctor)",
    )
    .value_parser(seconds)
}

fn verbose() -> Arg {
    switch(
        "verbose",
        "print the library's log records (each request, retry and state change) to stderr; they \
         never hold a token, code or key. Without it, $BEEPER_LOG (error, warn, info, debug, \
         trace) does the same",
    )
}

fn setup_flags() -> [Arg; 15] {
    [
        value("email", "ADDRESS", "the email address to sign in with"),
        value(
            "code",
            "CODE",
            "the code from the email (`-` reads it from stdin once the email is sent)",
        ),
        value(
            "username",
            "NAME",
            "the username, when a new account must be created",
        ),
        value(
            "recovery-key",
            "KEY",
            "the recovery key (`-` reads it from stdin); also used instead of another device when \
             this device must be verified",
        ),
        value(
            "method",
            "METHOD",
            "how to verify this device: emoji (default), qr (shows a QR code for the other \
             device's camera) or recovery-key",
        )
        .value_parser(method),
        switch(
            "yes",
            "accept the terms, confirm that the emojis match (or that the other device scanned \
             the code) and that the new recovery key is saved",
        )
        .short('y'),
        value(
            "token-file",
            "PATH",
            "after sign-in, save the access token in PATH (a new file, readable only by you; a \
             symlink is written through, the file it points to is replaced; a FIFO, device, \
             directory or socket is refused). When PATH exists, continue from the token in it \
             instead of signing in again; if Beeper does not accept that token, sign in again \
             and replace it only after asking (or with --force)",
        )
        .value_parser(clap::value_parser!(PathBuf)),
        switch(
            "force",
            "replace the token file without asking when its token is not accepted (without a \
             terminal and without --force, that stops with exit code 3)",
        )
        .requires("token-file"),
        switch(
            "print-token",
            "print the access token after sign-in (otherwise it is never shown)",
        ),
        json(),
        base_url(),
        switch("simulator", "use the built-in simulator instead of Beeper")
            .conflicts_with("base-url"),
        timeout(),
        value(
            "lang",
            "TAG",
            "the language to name the emojis in (de, pt-BR, zh-Hans, ...; default: $LC_ALL, \
             $LC_MESSAGES, $LANG, else English)",
        ),
        verbose(),
    ]
}

/// What `doctor`'s `--help` says after its flags.
const DOCTOR_NOTES: &str = "\
It checks, in order, and stops at the first problem: the base URL and where it came from; a proxy
from the environment (ignored for loopback); the host name (a loopback name must resolve to
loopback addresses only); the connection (refused, timed out); TLS (the certificate and why it
is refused); Beeper's answer to GET /v1/app/setup without a token, then with the saved one
(--token-file, else $BEEPER_ACCESS_TOKEN, else the token saved by the wizard); the setup state
and the next step. It names the library's version, and Beeper's when the server says it. It
never prints a token.

EXIT CODES:
    0    Beeper answers, the saved token (if any) is accepted, and setup is complete
    1    Beeper answers and the token is fine, but setup is not complete (the next step says
         what to do: run `beeper-setup`)
    2    usage error (unknown flag, missing or bad value)
    10   nothing listens at the base URL (connection refused)
    11   timed out (no connection, or no answer, within --timeout)
    12   TLS: the certificate was refused (the reason is given) or the handshake failed
    13   the host name does not resolve, or a loopback name resolves to another address
    14   the proxy from the environment cannot be reached
    15   something answers, but not as Beeper's API (an error status, not JSON, another shape)
    16   the saved access token is refused (expired, signed out, or for another Beeper)";

fn doctor_flags() -> [Arg; 5] {
    [
        base_url(),
        value(
            "token-file",
            "PATH",
            "the file holding the saved access token to check (default: $BEEPER_ACCESS_TOKEN, \
             else the token the wizard saved in $XDG_CONFIG_HOME/beeper-setup/token)",
        )
        .value_parser(clap::value_parser!(PathBuf)),
        switch(
            "json",
            "one JSON object on stdout: {\"ok\", \"exitCode\", \"problem\", \"checks\": [{\"check\", \
             \"ok\", \"message\", ...}], \"libraryVersion\", \"beeperVersion\", \"state\", \
             \"nextStep\"}",
        ),
        timeout(),
        verbose(),
    ]
}

fn seconds(text: &str) -> Result<Duration, String> {
    text.parse()
        .ok()
        .filter(|s: &f64| *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| "must be a number of seconds from 0 to 86400".to_owned())
}

fn method(text: &str) -> Result<Method, String> {
    Method::parse(text).ok_or_else(|| "must be emoji, qr or recovery-key".to_owned())
}

/// The whole command line. The setup's flags stand on their own too: `beeper-setup --email A` is
/// `beeper-setup setup --email A`.
pub fn command() -> Command {
    let version = format!(
        "{} (library {})",
        env!("CARGO_PKG_VERSION"),
        beeper_setup::VERSION
    );
    Command::new("beeper-setup")
        .version(version)
        .about(ABOUT)
        .override_usage(
            "beeper-setup [setup] [FLAGS]\n       beeper-setup doctor [FLAGS]\n       \
             (from a checkout of the source: cargo run --bin beeper-setup -- ...)",
        )
        .next_line_help(true)
        .disable_help_subcommand(true)
        .args(setup_flags())
        .after_help(SETUP_NOTES)
        .args_conflicts_with_subcommands(true)
        .subcommand(
            Command::new("setup")
                .about("Take a person through the setup (the default)")
                .next_line_help(true)
                .args(setup_flags())
                .after_help(SETUP_NOTES),
        )
        .subcommand(
            Command::new("doctor")
                .about("Say what is wrong when setup does not work")
                .next_line_help(true)
                .args(doctor_flags())
                .after_help(DOCTOR_NOTES),
        )
}

/// Parses `args` (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Request, Exit> {
    let argv = std::iter::once("beeper-setup".to_owned()).chain(args);
    let matches = match command().try_get_matches_from(argv) {
        Ok(matches) => matches,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return Ok(Request::Show(e.render().to_string().trim_end().to_owned()));
        }
        Err(e) => return Err(Exit::Usage(usage_message(&e.render().to_string()))),
    };
    Ok(match matches.subcommand() {
        Some(("doctor", doctor)) => Request::Doctor(options(doctor)),
        Some(("setup", setup)) => Request::Setup(options(setup)),
        _ => Request::Setup(options(&matches)),
    })
}

/// clap's error as one line: what is wrong, and its tip (a flag that exists), without the usage
/// and the pointer to --help that the caller adds.
fn usage_message(rendered: &str) -> String {
    let text = rendered.trim().trim_start_matches("error: ");
    let text = text.split("\n\nUsage:").next().unwrap_or(text);
    let text = text
        .split("\n\nFor more information")
        .next()
        .unwrap_or(text);
    text.split("\n\n")
        .map(|part| {
            let part = part.trim().trim_start_matches("tip: ");
            part.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn options(m: &ArgMatches) -> Options {
    let text = |id: &str| {
        m.try_get_one::<String>(id)
            .ok()
            .flatten()
            .map(String::to_owned)
    };
    let on = |id: &str| m.try_get_one::<bool>(id).ok().flatten() == Some(&true);
    Options {
        email: text("email"),
        code: text("code"),
        username: text("username"),
        recovery_key: text("recovery-key"),
        method: m.try_get_one::<Method>("method").ok().flatten().copied(),
        yes: on("yes"),
        token_file: m
            .try_get_one::<PathBuf>("token-file")
            .ok()
            .flatten()
            .cloned(),
        force: on("force"),
        print_token: on("print-token"),
        json: on("json"),
        base_url: text("base-url"),
        simulator: on("simulator"),
        timeout: m.try_get_one::<Duration>("timeout").ok().flatten().copied(),
        lang: text("lang"),
        verbose: on("verbose"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Request, Exit> {
        parse(args.iter().map(|s| s.to_string()))
    }

    fn setup(args: &[&str]) -> Options {
        match parse_strs(args) {
            Ok(Request::Setup(o)) => o,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn flags_take_values_both_ways() {
        for prefix in [&[][..], &["setup"]] {
            let mut args = prefix.to_vec();
            args.extend([
                "--email",
                "a@b.c",
                "--code=123",
                "--yes",
                "--token-file=t",
                "--force",
                "--timeout",
                "2.5",
                "--verbose",
                "--method=qr",
            ]);
            let o = setup(&args);
            assert_eq!(o.email.as_deref(), Some("a@b.c"));
            assert_eq!(o.code.as_deref(), Some("123"));
            assert!(o.yes && o.force && o.verbose && !o.print_token);
            assert_eq!(o.token_file, Some(PathBuf::from("t")));
            assert_eq!(o.timeout(), Duration::from_millis(2500));
            assert_eq!(o.method, Some(Method::Qr));
        }
    }

    #[test]
    fn doctor_takes_its_own_flags() {
        let args = ["doctor", "--json", "--base-url=http://x", "--timeout", "3"];
        let Ok(Request::Doctor(o)) = parse_strs(&args) else {
            panic!("not doctor")
        };
        assert!(o.json);
        assert_eq!(o.base_url.as_deref(), Some("http://x"));
        assert_eq!(o.timeout, Some(Duration::from_secs(3)));
        for bad in [&["doctor", "--email", "a@b.c"][..], &["--json", "doctor"]] {
            assert!(matches!(parse_strs(bad), Err(Exit::Usage(_))), "{bad:?}");
        }
        let Err(Exit::Usage(message)) = parse_strs(&["doctr"]) else {
            panic!("accepted")
        };
        assert!(message.contains("'doctor'"), "{message}");
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for bad in [
            &["--nope"][..],
            &["--email"],
            &["--email="],
            &["--timeout", "x"],
            &["--timeout", "0"],
            &["--yes=1"],
            &["--force=yes"],
            &["--verbose=1"],
            &["--force"],
            &["--token-file"],
            &["--method", "fax"],
            &["--simulator", "--base-url", "http://x"],
        ] {
            assert!(matches!(parse_strs(bad), Err(Exit::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn a_mistyped_flag_gets_a_suggestion_on_one_line() {
        let Err(Exit::Usage(message)) = parse_strs(&["--emial", "a@b.c"]) else {
            panic!("accepted")
        };
        assert!(message.contains("'--emial'"), "{message}");
        assert!(message.contains("'--email'"), "{message}");
        assert!(!message.contains('\n'), "{message}");
        let Err(Exit::Usage(message)) = parse_strs(&["--force"]) else {
            panic!("accepted")
        };
        assert!(
            message.ends_with("not provided: --token-file <PATH>"),
            "{message}"
        );
    }
}
