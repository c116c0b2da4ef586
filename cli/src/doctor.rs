//! `beeper-setup doctor`: what a person runs when setup does not work. It checks each layer in
//! turn (the base URL, a proxy, the host name, the connection, TLS, Beeper's answer without and
//! with the saved token, the setup state), stops at the first problem, and exits with that
//! problem's code (documented in `doctor --help` and the README). It never prints a token.

use crate::args::Options;
use crate::exit::sentence;
use crate::token_file;
use beeper_setup::models::Session;
use beeper_setup::{next_step, CallOptions, Client, ClientConfig, ErrorKind, Operation, Secret};
use serde_json::{json, Value};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The classes of problem, each with its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    Incomplete,
    Refused,
    Timeout,
    Tls,
    Name,
    Proxy,
    NotBeeper,
    Token,
}

impl Problem {
    fn code(self) -> i32 {
        match self {
            Problem::Incomplete => 1,
            Problem::Refused => 10,
            Problem::Timeout => 11,
            Problem::Tls => 12,
            Problem::Name => 13,
            Problem::Proxy => 14,
            Problem::NotBeeper => 15,
            Problem::Token => 16,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Problem::Incomplete => "setup-incomplete",
            Problem::Refused => "connection-refused",
            Problem::Timeout => "timeout",
            Problem::Tls => "tls",
            Problem::Name => "name-resolution",
            Problem::Proxy => "proxy",
            Problem::NotBeeper => "not-beeper",
            Problem::Token => "access-token",
        }
    }
}

/// One finding: what was checked, and what came of it.
struct Check {
    check: &'static str,
    /// `None`: fine; `Some`: the problem this finding is.
    problem: Option<Problem>,
    /// A remark that is not a problem (a proxy that is ignored, a version not said).
    note: bool,
    message: String,
}

#[derive(Default)]
struct Report {
    checks: Vec<Check>,
    base_url: Option<String>,
    beeper_version: Option<String>,
    state: Option<String>,
    next_step: Option<Value>,
}

impl Report {
    fn ok(&mut self, check: &'static str, message: String) {
        self.push(check, None, false, message);
    }

    fn note(&mut self, check: &'static str, message: String) {
        self.push(check, None, true, message);
    }

    /// Records `problem`; the caller stops checking there.
    fn problem(&mut self, check: &'static str, problem: Problem, message: String) {
        self.push(check, Some(problem), false, message);
    }

    fn push(&mut self, check: &'static str, problem: Option<Problem>, note: bool, message: String) {
        self.checks.push(Check {
            check,
            problem,
            note,
            message,
        });
    }

    fn problem_found(&self) -> Option<Problem> {
        self.checks.iter().find_map(|c| c.problem)
    }
}

/// Runs every check and prints the report; returns the exit code.
pub fn run(opts: &Options) -> i32 {
    beeper_setup::logging::install();
    if opts.verbose {
        beeper_setup::logging::set_level(beeper_setup::logging::LevelFilter::Debug);
    }
    let timeout = opts.timeout.unwrap_or(Duration::from_secs(10));
    let mut report = Report::default();
    if let Err(usage) = diagnose(opts, timeout, &mut report) {
        let exit = crate::exit::Exit::Usage(usage);
        crate::ui::Ui::new(opts.json).error(&exit);
        return exit.code();
    }
    let problem = report.problem_found();
    match opts.json {
        true => println!("{}", as_json(&report, problem)),
        false => print_human(&report, problem),
    }
    problem.map_or(0, Problem::code)
}

/// The checks, in order, until the first problem. `Err`: the options cannot be used at all.
fn diagnose(opts: &Options, timeout: Duration, report: &mut Report) -> Result<(), String> {
    let client = Client::new(ClientConfig {
        base_url: opts.base_url.clone(),
        timeout: Some(timeout),
        connect_timeout: Some(timeout),
        max_retries: Some(0),
        ..ClientConfig::default()
    })
    .map_err(|e| e.message)?;
    let base_url = client.base_url().to_owned();
    report.base_url = Some(base_url.clone());
    report.ok(
        "base-url",
        format!("The base URL is {base_url} ({}).", url_source(opts)),
    );
    let saved = saved_token(opts, &client, report).map_err(|e| e.message())?;
    let Some(target) = Target::of(&base_url) else {
        report.problem(
            "base-url",
            Problem::Name,
            format!("{base_url} names no host."),
        );
        return Ok(());
    };
    let via_proxy = check_proxy(&target, timeout, report);
    if report.problem_found().is_some() {
        return Ok(());
    }
    if !via_proxy && !reach(&target, timeout, report) {
        return Ok(());
    }
    client
        .set_access_token(None)
        .expect("no token is always allowed");
    let Some(first) = retrieve(&client, &target, "answer", report) else {
        return Ok(());
    };
    let session = match (first, saved) {
        (Answer::Session(session), None) => *session,
        (Answer::SignedIn, None) => {
            report.problem(
                "access-token",
                Problem::Token,
                "Someone is signed in on this Beeper, and no saved access token was found: pass \
                 --token-file with the file the wizard saved it in, or set BEEPER_ACCESS_TOKEN."
                    .into(),
            );
            return Ok(());
        }
        (_, Some((token, source))) => match check_token(&client, &target, token, &source, report) {
            Some(session) => session,
            None => return Ok(()),
        },
    };
    let next = next_step(&session);
    report.state = Some(next.state.clone());
    report.next_step = serde_json::to_value(&next).ok();
    let step = report
        .next_step
        .as_ref()
        .map_or(Value::Null, |n| n["step"].clone());
    let step = step.as_str().unwrap_or("unknown");
    let what = format!(
        "The setup state is {}; the next step is {step}: {}",
        next.state,
        sentence(&next.message)
    );
    match next.step {
        beeper_setup::Step::Done => report.ok("setup", what),
        _ => report.problem(
            "setup",
            Problem::Incomplete,
            format!("{what} Run beeper-setup to continue."),
        ),
    }
    Ok(())
}

/// Where the base URL came from.
fn url_source(opts: &Options) -> String {
    if opts.base_url.is_some() {
        return "from --base-url".into();
    }
    ["BEEPER_BASE_URL", "BEEPER_DESKTOP_BASE_URL"]
        .into_iter()
        .find(|name| std::env::var(name).is_ok_and(|v| !v.is_empty()))
        .map_or("the default".into(), |name| format!("from ${name}"))
}

/// The saved access token and where it was found: `--token-file`, else `BEEPER_ACCESS_TOKEN`
/// (which the client read), else the file the wizard saves it in.
fn saved_token(
    opts: &Options,
    client: &Client,
    report: &mut Report,
) -> Result<Option<(Secret, String)>, crate::exit::Exit> {
    let from_file = |path: &std::path::Path| {
        let token = token_file::read(path)?;
        Ok::<_, crate::exit::Exit>(
            token.map(|t| (t, format!("the token saved in {}", path.display()))),
        )
    };
    let found = match &opts.token_file {
        Some(path) => {
            let found = from_file(path)?;
            if found.is_none() {
                report.note(
                    "access-token",
                    format!("{} does not exist: no token to check.", path.display()),
                );
            }
            found
        }
        None => match client.access_token() {
            Some(token) => Some((token, "the token in $BEEPER_ACCESS_TOKEN".to_owned())),
            None => match token_file::default_path().filter(|p| p.is_file()) {
                Some(path) => from_file(&path)?,
                None => None,
            },
        },
    };
    Ok(found.filter(|(token, _)| !token.expose().is_empty()))
}

/// The host and port a base URL connects to.
struct Target {
    uri: ureq::http::Uri,
    host: String,
    port: u16,
    https: bool,
}

impl Target {
    fn of(base_url: &str) -> Option<Target> {
        let uri: ureq::http::Uri = base_url.parse().ok()?;
        let https = uri.scheme_str() == Some("https");
        let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
        Some(Target {
            host: host.to_owned(),
            port: uri.port_u16().unwrap_or(if https { 443 } else { 80 }),
            https,
            uri,
        })
    }

    /// `localhost`, `*.localhost` or a loopback address: the library sends it through no proxy,
    /// and a name must resolve to loopback addresses only.
    fn loopback(&self) -> bool {
        let host = self.host.to_ascii_lowercase();
        host == "localhost"
            || host.ends_with(".localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

/// Reports a proxy from the environment; `true` when the requests go through it (then it must
/// be reachable: checked here).
fn check_proxy(target: &Target, timeout: Duration, report: &mut Report) -> bool {
    let Some(proxy) = ureq::Proxy::try_from_env() else {
        report.ok("proxy", "No proxy is set in the environment.".into());
        return false;
    };
    // The variable ureq took it from (the first that parses), and only its host and port: the
    // URL may hold a user name and password.
    let variable = [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ]
    .into_iter()
    .find(|name| std::env::var(name).is_ok_and(|v| ureq::Proxy::new(&v).is_ok()))
    .unwrap_or("PROXY");
    let named = format!(
        "${variable} names the proxy {}:{}",
        proxy.host(),
        proxy.port()
    );
    if target.loopback() {
        report.note(
            "proxy",
            format!("{named}; it is not used for a loopback host."),
        );
        return false;
    }
    if proxy.is_no_proxy(&target.uri) {
        report.note(
            "proxy",
            format!("{named}; NO_PROXY exempts {}.", target.host),
        );
        return false;
    }
    let reached = (proxy.host(), proxy.port())
        .to_socket_addrs()
        .map_err(|e| format!("its name does not resolve ({e})"))
        .and_then(|addrs| {
            connect(&addrs.collect::<Vec<_>>(), timeout)
                .map_err(|e| format!("it cannot be reached ({e})"))
        });
    match reached {
        Ok(_) => report.note(
            "proxy",
            format!("{named}; the requests to {} go through it.", target.host),
        ),
        Err(why) => report.problem(
            "proxy",
            Problem::Proxy,
            format!(
                "{named}, and {why}. Fix or unset ${variable} (or add {} to NO_PROXY).",
                target.host
            ),
        ),
    }
    true
}

/// Resolves the host and connects to it; `false` after recording the problem.
fn reach(target: &Target, timeout: Duration, report: &mut Report) -> bool {
    let addrs = match (target.host.as_str(), target.port).to_socket_addrs() {
        Ok(addrs) => addrs.collect::<Vec<_>>(),
        Err(e) => {
            report.problem(
                "host",
                Problem::Name,
                format!("{} does not resolve ({e}).", target.host),
            );
            return false;
        }
    };
    let shown: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    if target.loopback() {
        if let Some(elsewhere) = addrs.iter().find(|a| !a.ip().is_loopback()) {
            report.problem(
                "host",
                Problem::Name,
                format!(
                    "{} is a loopback name, but it resolves to {}, which is not a loopback \
                     address: the library refuses to send a token there. Fix /etc/hosts (or \
                     use 127.0.0.1 in the base URL).",
                    target.host,
                    elsewhere.ip()
                ),
            );
            return false;
        }
    }
    report.ok(
        "host",
        format!("{} resolves to {}.", target.host, shown.join(", ")),
    );
    match connect(&addrs, timeout) {
        Ok(addr) => {
            report.ok("connection", format!("{addr} accepts connections."));
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            report.problem(
                "connection",
                Problem::Refused,
                format!(
                    "Nothing listens at {}:{} (connection refused). Is Beeper running? \
                     --base-url says where it is.",
                    target.host, target.port
                ),
            );
            false
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            report.problem(
                "connection",
                Problem::Timeout,
                format!(
                    "No connection to {}:{} within {} s (a firewall, or a machine that is off).",
                    target.host,
                    target.port,
                    timeout.as_secs_f64()
                ),
            );
            false
        }
        Err(e) => {
            report.problem(
                "connection",
                Problem::Refused,
                format!("No connection to {}:{}: {e}.", target.host, target.port),
            );
            false
        }
    }
}

/// The first address of `addrs` that accepts a connection (the last error otherwise).
fn connect(addrs: &[SocketAddr], timeout: Duration) -> std::io::Result<SocketAddr> {
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no address");
    for addr in addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(_) => return Ok(*addr),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// What `GET /v1/app/setup` said.
enum Answer {
    Session(Box<Session>),
    /// 401: someone is signed in, and the request had no (accepted) token.
    SignedIn,
}

/// `GET /v1/app/setup` with the client as it is; `None` after recording the problem.
fn retrieve(
    client: &Client,
    target: &Target,
    check: &'static str,
    report: &mut Report,
) -> Option<Answer> {
    let raw = CallOptions {
        raw: true,
        ..CallOptions::default()
    };
    let answer = match client.call_with(Operation::SetupRetrieve, None, None, &raw) {
        Ok(text) => serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
        Err(e) => {
            if let Some(response) = &e.response {
                note_version(&response["headers"], report);
            }
            match (e.kind, e.status) {
                (ErrorKind::Api, Some(401)) => return Some(Answer::SignedIn),
                // The library keeps the token off plain http to another host: nothing was sent.
                (ErrorKind::InvalidArgument, _) => {
                    report.problem(check, Problem::Token, sentence(&e.message));
                }
                (ErrorKind::Connection, _) if target.https => report.problem(
                    check,
                    Problem::Tls,
                    format!(
                        "{} (This command trusts what the system trusts, and the certificates \
                         in the file $SSL_CERT_FILE names.)",
                        sentence(&e.message)
                    ),
                ),
                (ErrorKind::Timeout, _) => report.problem(
                    check,
                    Problem::Timeout,
                    format!(
                        "Connected, but GET /v1/app/setup was not answered in time: {}",
                        sentence(&e.message)
                    ),
                ),
                _ => report.problem(
                    check,
                    Problem::NotBeeper,
                    format!(
                        "GET /v1/app/setup was not answered as Beeper's API answers it: {}",
                        sentence(&e.message)
                    ),
                ),
            }
            return None;
        }
    };
    note_version(&answer["headers"], report);
    let status = answer["status"].as_u64().unwrap_or(0);
    if status == 401 {
        return Some(Answer::SignedIn);
    }
    match serde_json::from_value::<Session>(answer["body"].clone()) {
        Ok(session) if (200..300).contains(&status) => {
            if target.https {
                report.ok(
                    "tls",
                    "The server's certificate is trusted for this host.".into(),
                );
            }
            if check == "answer" {
                report.ok(
                    check,
                    format!(
                        "GET /v1/app/setup answers as Beeper does (HTTP {status}, state {}).",
                        session.state.as_str()
                    ),
                );
            }
            Some(Answer::Session(Box::new(session)))
        }
        _ => {
            report.problem(
                check,
                Problem::NotBeeper,
                format!(
                    "GET /v1/app/setup answered HTTP {status}, but not with Beeper's setup state: \
                     is this Beeper's API?"
                ),
            );
            None
        }
    }
}

/// The saved token, sent to Beeper: the session it shows, or `None` after recording why not.
fn check_token(
    client: &Client,
    target: &Target,
    token: Secret,
    source: &str,
    report: &mut Report,
) -> Option<Session> {
    if client.set_access_token(Some(token)).is_err() {
        report.problem(
            "access-token",
            Problem::Token,
            sentence(&format!(
                "{source} is not a usable access token (it has characters a header cannot hold)"
            )),
        );
        return None;
    }
    match retrieve(client, target, "access-token", report)? {
        Answer::SignedIn => {
            report.problem(
                "access-token",
                Problem::Token,
                format!(
                    "Beeper refuses {source} (401 Unauthorized): it expired, was signed out, or \
                     is for another Beeper. Run beeper-setup to sign in again."
                ),
            );
            None
        }
        Answer::Session(session) => match &session.matrix {
            Some(account) => {
                report.ok(
                    "access-token",
                    format!(
                        "Beeper accepts {source}: signed in as {} on device {}.",
                        account.user_id, account.device_id
                    ),
                );
                Some(*session)
            }
            None => {
                report.problem(
                    "access-token",
                    Problem::Token,
                    format!(
                        "Nobody is signed in on this Beeper, so {source} is of no use here (it \
                         is for another Beeper, or this one was signed out). Run beeper-setup to \
                         sign in."
                    ),
                );
                None
            }
        },
    }
}

/// Beeper's version, from the headers of an answer, when the server says it.
fn note_version(headers: &Value, report: &mut Report) {
    if report.beeper_version.is_some() {
        return;
    }
    let said = ["x-beeper-version", "x-beeper-desktop-version", "server"]
        .into_iter()
        .find_map(|name| headers.get(name).and_then(Value::as_str));
    report.beeper_version = said.map(str::to_owned);
}

fn as_json(report: &Report, problem: Option<Problem>) -> Value {
    let checks: Vec<Value> = report
        .checks
        .iter()
        .map(|c| {
            let mut check =
                json!({"check": c.check, "ok": c.problem.is_none(), "message": c.message});
            if let Some(p) = c.problem {
                check["problem"] = json!(p.as_str());
            }
            if c.note {
                check["note"] = json!(true);
            }
            check
        })
        .collect();
    json!({
        "ok": problem.is_none(),
        "exitCode": problem.map_or(0, Problem::code),
        "problem": problem.map(Problem::as_str),
        "baseURL": report.base_url,
        "checks": checks,
        "libraryVersion": beeper_setup::VERSION,
        "beeperVersion": report.beeper_version,
        "state": report.state,
        "nextStep": report.next_step,
    })
}

fn print_human(report: &Report, problem: Option<Problem>) {
    println!(
        "beeper-setup doctor {} (library {})",
        env!("CARGO_PKG_VERSION"),
        beeper_setup::VERSION
    );
    for c in &report.checks {
        let mark = match (c.problem, c.note) {
            (Some(_), _) => "problem",
            (None, true) => "note",
            (None, false) => "ok",
        };
        println!("{mark:>8}  {}", crate::screen::printable(&c.message));
    }
    match &report.beeper_version {
        Some(v) => println!(
            "{:>8}  Beeper says its version is {}.",
            "",
            crate::screen::printable(v)
        ),
        None if report
            .checks
            .iter()
            .any(|c| c.check == "answer" && c.problem.is_none()) =>
        {
            println!("{:>8}  Beeper does not say its version.", "")
        }
        None => {}
    }
    match problem {
        None => println!("Everything checks out: setup is complete."),
        Some(p) => println!("Exit code {} ({}).", p.code(), p.as_str()),
    }
}
