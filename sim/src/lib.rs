//! A stateful simulator of the Beeper Desktop app-setup API (`/v1/app/setup/...`), for tests,
//! demos and benchmarks in every language.
//!
//! Start it in-process on port 0 with [`Sim::start`], or run the `beeper-setup-sim` binary,
//! which prints its base URL as the first line of stdout. The scenario is chosen by the email
//! address signed in with (`existing@example.com`, `recovery@example.com`, anything else is a
//! new account) or forced with [`SimOptions::scenario`]. Endpoints under `/_sim/` steer it:
//! read the emailed code, act as the other device, finish the first sync, inject faults, and
//! read counters and the last request. See the README's "The simulator" section for the full
//! list.
//!
//! [`SimOptions::mock`] turns it into a stateless mock of the API instead, like a Prism mock:
//! every well-formed request answers 200 with an example body, bad params answer the API's 400.

mod control;
mod endpoints;
mod error;
mod faults;
pub mod ffi;
mod http;
mod mock;
mod rng;
mod routes;
mod server;
mod shared;
mod state;
mod stats;
mod verification;

use serde_json::{json, Value};
use shared::{lock, Mode, Shared};
use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub use mock::MISSING_ID;
pub use state::SCENARIO_RECOVERY_KEY;

/// The scenario names accepted by [`SimOptions::scenario`], `--scenario` and `/_sim/reset`.
pub const SCENARIOS: &[&str] = state::SCENARIO_NAMES;

#[derive(Clone, Debug)]
pub struct SimOptions {
    pub host: String,
    pub port: u16,
    /// Overrides the choice by email: every sign-in leads to this scenario.
    pub scenario: Option<String>,
    /// The other device and the first sync act by themselves, so a demo runs unattended.
    pub auto: bool,
    /// Stateless mock mode: every well-formed request answers 200 with an example body; the
    /// verification id [`MISSING_ID`] answers 404. `scenario` and `auto` do not apply.
    pub mock: bool,
    /// Mock mode only: operations that need a token refuse requests without a Bearer one.
    pub require_token: bool,
}

impl Default for SimOptions {
    fn default() -> SimOptions {
        SimOptions {
            host: "127.0.0.1".to_string(),
            port: 0,
            scenario: None,
            auto: false,
            mock: false,
            require_token: false,
        }
    }
}

impl SimOptions {
    /// The options of an in-process simulator from JSON: `{"scenario"?: name or null,
    /// "auto"?: bool, "mock"?: bool, "requireToken"?: bool}`; unknown keys and wrong types are
    /// refused. It always binds loopback on a free port: a test's simulator is never reachable
    /// from another machine, and two never collide.
    pub fn from_json(text: &str) -> Result<SimOptions, String> {
        let text = if text.trim().is_empty() { "{}" } else { text };
        let Value::Object(fields) = serde_json::from_str::<Value>(text)
            .map_err(|e| format!("the options are not valid JSON: {e}"))?
        else {
            return Err("the options must be a JSON object".into());
        };
        let mut options = SimOptions::default();
        for (key, value) in &fields {
            let flag = |name: &str| {
                value
                    .as_bool()
                    .ok_or_else(|| format!("'{name}' must be a boolean"))
            };
            match key.as_str() {
                "scenario" => {
                    options.scenario = match value {
                        Value::Null => None,
                        Value::String(s) => Some(s.clone()),
                        _ => return Err("'scenario' must be a string or null".into()),
                    }
                }
                "auto" => options.auto = flag("auto")?,
                "mock" => options.mock = flag("mock")?,
                "requireToken" => options.require_token = flag("requireToken")?,
                other => {
                    return Err(format!(
                        "unknown option '{other}'; use scenario, auto, mock or requireToken"
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// What a control endpoint answered: its status and its JSON body.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlAnswer {
    pub status: u16,
    pub body: Value,
}

/// What an in-process caller can ask for, from the tables themselves: the scenario names, each
/// control endpoint (`name`, `methods`, `mock`), and the existing accounts' recovery key.
pub fn describe() -> Value {
    json!({
        "scenarios": SCENARIOS,
        "controls": control::describe(),
        "recoveryKey": SCENARIO_RECOVERY_KEY,
    })
}

pub struct Sim {
    base_url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept_thread: Mutex<Option<JoinHandle<()>>>,
}

impl Sim {
    /// Binds, spawns the accept thread and returns at once; the server is ready when this returns.
    pub fn start(options: SimOptions) -> io::Result<Sim> {
        let scenario = match options.scenario.as_deref() {
            None => None,
            Some(name) => Some(state::Scenario::parse(name).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    state::Scenario::unknown_message(name),
                )
            })?),
        };
        if options.mock && (options.auto || scenario.is_some()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "scenario and auto steer the stateful mode; the mock mode keeps no state",
            ));
        }
        let mode = match (options.mock, options.require_token) {
            (true, require_token) => Mode::Mock { require_token },
            (false, false) => Mode::Stateful,
            (false, true) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "require_token applies to the mock mode only",
                ))
            }
        };
        let listener = TcpListener::bind((options.host.as_str(), options.port))?;
        let addr = listener.local_addr()?;
        let host = match addr {
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
            SocketAddr::V4(a) => a.ip().to_string(),
        };
        let shared = Arc::new(Shared::new(mode, scenario, options.auto));
        let thread_shared = Arc::clone(&shared);
        let handle = std::thread::Builder::new()
            .name("sim-accept".into())
            .spawn(move || server::accept_loop(thread_shared, listener))?;
        Ok(Sim {
            base_url: format!("http://{}:{}", host, addr.port()),
            addr,
            shared,
            accept_thread: Mutex::new(Some(handle)),
        })
    }

    /// E.g. `http://127.0.0.1:41234`, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Calls a control endpoint in-process, as `/_sim/<name>` would answer it over HTTP: `name`
    /// is its path under `/_sim/` (`other-device/cancel`; a leading `/_sim/` is accepted too),
    /// `method` defaults to POST where the endpoint takes it, else its only method, and `body`
    /// is the JSON object it takes (empty for none).
    pub fn control(&self, method: Option<&str>, name: &str, body: &[u8]) -> ControlAnswer {
        let name = name.trim_start_matches("/_sim").trim_matches('/');
        let method = method
            .map(str::to_ascii_uppercase)
            .or_else(|| control::default_method(name).map(str::to_string))
            .unwrap_or_else(|| "GET".to_string());
        let req = http::Request {
            method,
            path: format!("/_sim/{name}"),
            query: String::new(),
            headers: Vec::new(),
            body: body.to_vec(),
            keep_alive: false,
        };
        let resp = control::handle(&self.shared, &req);
        let body = match &resp.body {
            http::Body::Bytes(bytes) => serde_json::from_slice(bytes).unwrap_or(Value::Null),
            http::Body::Oversized(_) => Value::Null,
        };
        ControlAnswer {
            status: resp.status,
            body,
        }
    }

    /// Stops accepting and closes every connection. Idempotent; `Drop` calls it.
    pub fn stop(&self) {
        let handle = lock(&self.accept_thread).take();
        let Some(handle) = handle else { return };
        self.shared.begin_stopping();
        // The accept thread is blocked in accept(): a connection of our own wakes it.
        let mut wake = self.addr;
        if wake.ip().is_unspecified() {
            wake.set_ip(match wake {
                SocketAddr::V4(_) => [127, 0, 0, 1].into(),
                SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
            });
        }
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        let _ = handle.join();
        self.shared.close_all();
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop();
    }
}
