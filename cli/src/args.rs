//! Command-line flags and `--help`.

use crate::exit::Exit;
use std::path::PathBuf;
use std::time::Duration;

pub const HELP: &str = "\
beeper-setup: sign in to Beeper and set up encrypted messaging on this device.

USAGE:
    beeper-setup [FLAGS]
    (from a checkout of the source: cargo run --bin beeper-setup -- [FLAGS])

Without flags it asks for everything it needs. Every question has a flag, so a script can run it
without a terminal; when stdin is not a terminal and an answer is missing, it stops with exit
code 3 instead of waiting.

FLAGS:
    --email ADDRESS       the email address to sign in with
    --code CODE           the code from the email (`-` reads it from stdin once the email is
                          sent)
    --username NAME       the username, when a new account must be created
    --recovery-key KEY    the recovery key (`-` reads it from stdin); also used instead of another
                          device when this device must be verified
    --method METHOD       how to verify this device: emoji (default), qr (shows a QR code for
                          the other device's camera) or recovery-key
    -y, --yes             accept the terms, confirm that the emojis match (or that the other
                          device scanned the code) and that the new recovery key is saved
    --token-file PATH     after sign-in, save the access token in PATH (a new file, readable
                          only by you; a symlink is written through, the file it points to is
                          replaced). When PATH exists, continue from the token in it
                          instead of signing in again; if Beeper does not accept that token,
                          sign in again and replace it only after asking (or with --force)
    --force               replace the token file without asking when its token is not accepted
                          (without a terminal and without --force, that stops with exit code 3)
    --print-token         print the access token after sign-in (otherwise it is never shown)
    --json                machine-readable progress on stdout, one JSON object per line:
                          {\"event\": \"state\", \"state\", \"step\", \"message\", ...}
                          {\"event\": \"simulator\" | \"notice\", \"message\", ...}
                          {\"event\": \"token\", \"path\"}  (where the access token was saved;
                          the token itself only with --print-token, as \"accessToken\")
                          {\"event\": \"recovery-key\", \"recoveryKey\"}  (the new key, to save)
                          {\"event\": \"done\", \"userID\", \"deviceID\"}
                          {\"event\": \"error\", \"kind\", \"message\", \"exitCode\"}
    --base-url URL        Beeper's API (default: $BEEPER_BASE_URL, $BEEPER_DESKTOP_BASE_URL,
                          else http://localhost:23373)
    --simulator           use the built-in simulator instead of Beeper
    --timeout SECONDS     how long to wait for Beeper or the other device at any one step
                          (default 600)
    --verbose             print the library's log records (each request, retry and state
                          change) to stderr; they never hold a token, code or key. Without
                          it, $BEEPER_LOG (error, warn, info, debug, trace) does the same
    -V, --version         the version of the command and of the library
    -h, --help            this text

THE SIMULATOR: when no base URL is set (no --base-url, $BEEPER_BASE_URL or
$BEEPER_DESKTOP_BASE_URL) and nothing answers at http://localhost:23373, a person at a terminal
gets the built-in simulator, and is told so. A script never does: with --json, without a
terminal, with --token-file or with $BEEPER_ACCESS_TOKEN set, the run stops with exit code 1
instead (--simulator asks for the simulator explicitly). Only with the built-in simulator, the
wizard reads the emailed code (and the recovery key of recovery@example.com) from it when no
flag gives them, and says so. It starts afresh on every run, so its access tokens last one run,
and it never replaces an existing --token-file (exit code 2).

THE ACCESS TOKEN: Beeper returns it once, at sign-in, so everything about where it goes is
settled before signing in: a --token-file that cannot be written, or one to replace without
--force and without a terminal, stops the run first (exit codes 1 and 3); so does a run
without a terminal that has neither --token-file nor --print-token (exit code 3). After
sign-in the token is saved, or shown, never dropped: a token file that appeared while signing
in is left alone and the token is saved beside it in PATH.new (the `token` event and a notice
say where); a token that cannot be saved after all is shown, and the run stops with exit code
1. The new token is used for the rest of the run, whatever $BEEPER_ACCESS_TOKEN held.

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
    pub verbose: bool,
    pub help: bool,
    pub version: bool,
}

impl Options {
    pub fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(Duration::from_secs(600))
    }
}

/// Parses `args` (without the program name). `--flag value` and `--flag=value` both work.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, Exit> {
    let mut opts = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, Exit> {
            inline
                .clone()
                .or_else(|| args.next())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Exit::Usage(format!("{name} needs {what}")))
        };
        match name.as_str() {
            "--email" => opts.email = Some(value("an address")?),
            "--code" => opts.code = Some(value("the code")?),
            "--username" => opts.username = Some(value("a name")?),
            "--recovery-key" => opts.recovery_key = Some(value("the key, or -")?),
            "--method" => {
                let v = value("emoji, qr or recovery-key")?;
                opts.method = Some(Method::parse(&v).ok_or_else(|| {
                    Exit::Usage(format!(
                        "--method must be emoji, qr or recovery-key, not {v:?}"
                    ))
                })?);
            }
            "--token-file" => opts.token_file = Some(PathBuf::from(value("a path")?)),
            "--base-url" => opts.base_url = Some(value("a URL")?),
            "--timeout" => {
                let v = value("a number of seconds")?;
                let secs: f64 = v
                    .parse()
                    .ok()
                    .filter(|s: &f64| *s > 0.0 && *s <= 86_400.0)
                    .ok_or_else(|| {
                        Exit::Usage(format!(
                            "--timeout must be a number of seconds from 0 to 86400, not {v:?}"
                        ))
                    })?;
                opts.timeout = Some(Duration::from_secs_f64(secs));
            }
            "-y" | "--yes" | "--force" | "--print-token" | "--json" | "--simulator"
            | "--verbose" | "-h" | "--help" | "-V" | "--version"
                if inline.is_some() =>
            {
                return Err(Exit::Usage(format!("{name} takes no value")));
            }
            "-y" | "--yes" => opts.yes = true,
            "--force" => opts.force = true,
            "--print-token" => opts.print_token = true,
            "--json" => opts.json = true,
            "--simulator" => opts.simulator = true,
            "--verbose" => opts.verbose = true,
            "-h" | "--help" => opts.help = true,
            "-V" | "--version" => opts.version = true,
            other => return Err(Exit::Usage(format!("unknown argument {other:?}"))),
        }
    }
    if opts.force && opts.token_file.is_none() {
        return Err(Exit::Usage(
            "--force only applies to a --token-file (it allows replacing it)".into(),
        ));
    }
    if opts.simulator && opts.base_url.is_some() {
        return Err(Exit::Usage(
            "--simulator and --base-url cannot be used together".into(),
        ));
    }
    Ok(opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Options, Exit> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_take_values_both_ways() {
        let o = parse_strs(&[
            "--email",
            "a@b.c",
            "--code=123",
            "--yes",
            "--token-file=t",
            "--force",
            "--timeout",
            "2.5",
            "--verbose",
        ])
        .unwrap();
        assert_eq!(o.email.as_deref(), Some("a@b.c"));
        assert_eq!(o.code.as_deref(), Some("123"));
        assert!(o.yes && o.force && o.verbose && !o.print_token);
        assert_eq!(o.token_file, Some(PathBuf::from("t")));
        assert_eq!(o.timeout(), Duration::from_millis(2500));
    }

    #[test]
    fn mistakes_are_usage_errors() {
        for bad in [
            &["--nope"][..],
            &["--email"],
            &["--timeout", "x"],
            &["--yes=1"],
            &["--force=yes"],
            &["--verbose=1"],
            &["--force"],
            &["--token-file"],
            &["--method", "fax"],
        ] {
            assert!(matches!(parse_strs(bad), Err(Exit::Usage(_))), "{bad:?}");
        }
    }
}
