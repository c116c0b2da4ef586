//! `beeper-setup-sim`: the simulator as a process, for tests and demos in other languages.

use beeper_setup_sim::{Sim, SimOptions, SCENARIOS};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
beeper-setup-sim: a stateful simulator of the Beeper Desktop app-setup API

Usage: beeper-setup-sim [--host HOST] [--port PORT] [--scenario NAME] [--auto]
       beeper-setup-sim --mock [--require-token] [--host HOST] [--port PORT]

  --host HOST       address to bind (default 127.0.0.1)
  --port PORT       port to bind, 0 picks a free one (default 0)
  --scenario NAME   existing | recovery | new: force this account for any email;
                    declined | timeout | mismatch | accepted-elsewhere | protocol-error |
                    incoming: the existing account, whose other device ends every
                    verification that way (or asks to verify this one)
  --auto            the other device and the first sync act by themselves
  --mock            stateless mock: every well-formed request answers 200 with an example,
                    bad params answer 400, the verification id 'missing' answers 404
  --require-token   with --mock: refuse requests without a Bearer token where one is needed
  -h, --help        print this help

Prints the base URL as the first line of stdout, then serves until killed.
Control endpoints live under /_sim/ (state, reset, other-device/*, first-sync, faults, stats,
last-request); in mock mode only reset, faults, stats and last-request.";

fn parse_args(args: &[String]) -> Result<Option<SimOptions>, String> {
    let mut opts = SimOptions::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match flag {
            "-h" | "--help" => return Ok(None),
            "--auto" if inline.is_none() => opts.auto = true,
            "--mock" if inline.is_none() => opts.mock = true,
            "--require-token" if inline.is_none() => opts.require_token = true,
            "--host" => opts.host = value("--host")?,
            "--port" => {
                let v = value("--port")?;
                opts.port = v
                    .parse()
                    .map_err(|_| format!("--port: '{v}' is not a port number"))?;
            }
            "--scenario" => {
                let v = value("--scenario")?;
                if !SCENARIOS.contains(&v.as_str()) {
                    return Err(format!(
                        "--scenario: unknown scenario '{v}'; use one of: {}",
                        SCENARIOS.join(", ")
                    ));
                }
                opts.scenario = Some(v);
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    if opts.mock && (opts.auto || opts.scenario.is_some()) {
        return Err("--scenario and --auto steer the stateful mode; --mock keeps no state".into());
    }
    if opts.require_token && !opts.mock {
        return Err("--require-token needs --mock".into());
    }
    Ok(Some(opts))
}

/// A child inherits its parent's blocked signals, and a parent may block SIGTERM where it starts
/// the process (a thread of Swift's cooperative pool blocks most signals): unblocked before any
/// thread starts, so that the usual ways to stop a server stop this one.
#[cfg(unix)]
fn unblock_stop_signals() {
    // SAFETY: a sigset_t filled by sigemptyset/sigaddset, for this thread's mask, which the
    // threads started later inherit.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            libc::sigaddset(&mut set, signal);
        }
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
}

fn main() -> ExitCode {
    #[cfg(unix)]
    unblock_stop_signals();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(Some(o)) => o,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("beeper-setup-sim: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sim = match Sim::start(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("beeper-setup-sim: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    let mut out = std::io::stdout().lock();
    // The parent reads this line to learn the port; it must not sit in a buffer.
    if writeln!(out, "{}", sim.base_url())
        .and_then(|_| out.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    drop(out);
    loop {
        std::thread::park();
    }
}
