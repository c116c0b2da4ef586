//! Running the wizard as a script would (no terminal, no Beeper settings from the environment,
//! no saved token) and reading what it printed.

use crate::common::Fixture;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a run may take before the test calls it hung (kills it and fails): far beyond
/// what any run here needs, even on a loaded machine.
const HANG: Duration = Duration::from_secs(60);

/// One run of the `beeper-setup` binary built for these tests.
pub struct Wizard<'a> {
    command: Command,
    /// The simulator of the test, when the run is against one.
    sim: Option<&'a Fixture>,
    /// Whether the emailed code is typed into stdin once the simulator has sent it
    /// (`--code -`), as a script reading a mailbox would.
    types_code: bool,
    /// Runs once the code was emailed, before it is typed.
    meanwhile: Option<Box<dyn FnOnce() + 'a>>,
}

impl<'a> Wizard<'a> {
    /// The wizard with `args`, without a terminal, the Beeper settings of the environment and
    /// the user's configuration directory out of its way.
    pub fn new(args: &[&str]) -> Wizard<'a> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_beeper-setup"));
        command
            .env("XDG_CONFIG_HOME", no_config())
            .env_remove("BEEPER_BASE_URL")
            .env_remove("BEEPER_DESKTOP_BASE_URL")
            .env_remove("BEEPER_ACCESS_TOKEN")
            .env_remove("BEEPER_LOG");
        let wizard = Wizard {
            command,
            sim: None,
            types_code: false,
            meanwhile: None,
        };
        wizard.args(args)
    }

    /// The wizard with `args` against `fx`.
    pub fn against(fx: &'a Fixture, args: &[&str]) -> Wizard<'a> {
        let mut wizard = Wizard::new(&["--base-url", fx.url()]);
        wizard.sim = Some(fx);
        wizard.args(args)
    }

    /// More arguments; with `--code -` among them, the run types the emailed code.
    pub fn args(mut self, args: &[&str]) -> Wizard<'a> {
        self.types_code |= args.windows(2).any(|w| w == ["--code", "-"]);
        self.command.args(args);
        self
    }

    /// Signs in with `email`, typing the code the simulator emails.
    pub fn signing_in(self, email: &str) -> Wizard<'a> {
        self.args(&["--email", email, "--code", "-"])
    }

    pub fn token_file(mut self, path: &Path) -> Wizard<'a> {
        self.command.arg("--token-file").arg(path);
        self
    }

    /// Calls `meanwhile` once the code was emailed, before it is typed.
    pub fn meanwhile(mut self, meanwhile: impl FnOnce() + 'a) -> Wizard<'a> {
        self.meanwhile = Some(Box::new(meanwhile));
        self
    }

    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Wizard<'a> {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Wizard<'a> {
        self.command.env_remove(name);
        self
    }

    /// `dir` as the user's configuration directory.
    pub fn config_home(self, dir: &Path) -> Wizard<'a> {
        self.env("XDG_CONFIG_HOME", dir)
    }

    /// Runs it to its end; fails the test if it is still running after [`HANG`].
    pub fn run(mut self) -> Output {
        let types_code_of = self.sim.filter(|_| self.types_code);
        let before = types_code_of.map(|fx| fx.state()["lastEmailCode"].clone());
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the wizard starts");
        let stdin = child.stdin.take();
        let (stdout, stderr) = (drain(child.stdout.take()), drain(child.stderr.take()));
        if let (Some(fx), Some(before)) = (types_code_of, before) {
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
                let code = fx.state()["lastEmailCode"].clone();
                if code.is_string() && code != before {
                    if let Some(meanwhile) = self.meanwhile.take() {
                        meanwhile();
                    }
                    let _ = writeln!(stdin.as_ref().unwrap(), "{}", code.as_str().unwrap());
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        drop(stdin);
        let status = wait_unless_hung(&mut child);
        let output = Output {
            status: status.unwrap_or_else(|| child.wait().unwrap()),
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        };
        if status.is_none() {
            panic!("{:?} hung: {}", self.command, all_output(&output));
        }
        output
    }
}

/// Reads a pipe to its end on a thread of its own, so that a full pipe never stalls the run.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    let mut pipe = pipe.expect("piped");
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Its exit status, or `None` (and the child killed) when it was still running after [`HANG`].
fn wait_unless_hung(child: &mut Child) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + HANG;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the wizard with `args` (see [`Wizard::new`]).
pub fn run(args: &[&str]) -> Output {
    Wizard::new(args).run()
}

/// A configuration directory that holds nothing.
fn no_config() -> PathBuf {
    std::env::temp_dir().join("wizard-no-config-here")
}

/// An empty directory for one test, under the system's temporary directory; removed when the
/// test ends, passed or failed.
pub struct TempDir(PathBuf);

pub fn temp_dir(name: &str) -> TempDir {
    let dir = std::env::temp_dir().join(format!("wizard-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

/// The `--json` events, one per line of stdout.
pub fn events(out: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
        })
        .collect()
}

/// Checks that the run stopped for an answer a script must give on the command line (exit 3, a
/// `needs-input` error naming `flag`); returns its events.
pub fn stopped_for(out: &Output, flag: &str) -> Vec<Value> {
    let ev = events(out);
    assert_eq!(code(out), 3, "{ev:#?}");
    let err = ev.last().unwrap();
    assert_eq!(err["event"], "error");
    assert_eq!(err["kind"], "needs-input");
    assert_eq!(err["exitCode"], 3);
    assert!(err["message"].as_str().unwrap().contains(flag), "{err}");
    ev
}

pub fn all_output(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn of_kind<'e>(events: &'e [Value], kind: &str) -> Vec<&'e Value> {
    events.iter().filter(|e| e["event"] == kind).collect()
}

pub fn states(events: &[Value]) -> Vec<String> {
    of_kind(events, "state")
        .iter()
        .map(|e| e["state"].as_str().unwrap().to_owned())
        .collect()
}

/// Each state event's step, with its action after a slash when it has one.
pub fn steps(events: &[Value]) -> Vec<String> {
    of_kind(events, "state")
        .iter()
        .map(|e| match e["action"].as_str() {
            Some(a) => format!("{}/{a}", e["step"].as_str().unwrap()),
            None => e["step"].as_str().unwrap().to_owned(),
        })
        .collect()
}

pub fn notice_says(events: &[Value], text: &str) -> bool {
    of_kind(events, "notice")
        .iter()
        .any(|n| n["message"].as_str().unwrap().contains(text))
}

/// A simulator that plays the other device and the mailbox by itself.
pub fn auto_sim() -> Fixture {
    Fixture::with(beeper_setup_sim::SimOptions {
        auto: true,
        ..Default::default()
    })
}

/// The access token the simulator issued last.
pub fn sim_token(fx: &Fixture) -> String {
    fx.state()["accessToken"]
        .as_str()
        .expect("signed in")
        .to_owned()
}

/// How many requests the simulator received for `endpoint` ("POST /v1/app/setup/start").
pub fn received(fx: &Fixture, endpoint: &str) -> u64 {
    fx.get("/_sim/stats")["byEndpoint"][endpoint]
        .as_u64()
        .unwrap_or(0)
}

/// How many sign-ins (a code sent back) the simulator received.
pub fn sign_ins(fx: &Fixture) -> u64 {
    received(fx, "POST /v1/app/setup/response")
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}
