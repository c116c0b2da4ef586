//! Which Beeper to talk to: the one named by a flag or the environment, the one on the default
//! port, or else, for a person trying things at a terminal, the built-in simulator (started in
//! this process).

use crate::exit::Exit;
use crate::ui::Ui;
use beeper_setup::DEFAULT_BASE_URL;
use beeper_setup_sim::{Sim, SimOptions};
use serde_json::Value;
use std::time::Duration;

const SIM_ACCOUNTS: &str = "try existing@example.com, recovery@example.com or any other address";

pub struct Backend {
    /// `None`: the library's default (the environment, else the default URL).
    pub base_url: Option<String>,
    /// Set only for the built-in simulator: the only server whose secrets the wizard may read.
    pub sim: Option<SimControl>,
}

/// Whether the built-in simulator may stand in when nothing answers at the default URL: only
/// for a person at a terminal with nothing at stake. A script (`--json`, or no terminal), a run
/// with a token file or a token in the environment means a real Beeper, and a simulator in its
/// place would hand out tokens that die with the run.
pub struct Fallback {
    pub interactive: bool,
    pub json: bool,
    pub token_file: bool,
}

impl Fallback {
    fn allowed(&self) -> bool {
        self.interactive
            && !self.json
            && !self.token_file
            && std::env::var_os("BEEPER_ACCESS_TOKEN").map_or(true, |t| t.is_empty())
    }
}

pub fn choose(
    base_url: Option<&str>,
    force_sim: bool,
    fallback: Fallback,
    ui: &Ui,
) -> Result<Backend, Exit> {
    if force_sim {
        return start_simulator(
            ui,
            format!("Using the built-in simulator ({SIM_ACCOUNTS})."),
        );
    }
    if let Some(url) = base_url {
        return Ok(Backend {
            base_url: Some(url.to_owned()),
            sim: None,
        });
    }
    let from_env = ["BEEPER_BASE_URL", "BEEPER_DESKTOP_BASE_URL"]
        .iter()
        .any(|name| std::env::var(name).is_ok_and(|v| !v.is_empty()));
    if from_env || answers(DEFAULT_BASE_URL) {
        return Ok(Backend {
            base_url: None,
            sim: None,
        });
    }
    if !fallback.allowed() {
        return Err(Exit::Failed {
            kind: "connection",
            message: format!(
                "nothing answers at {DEFAULT_BASE_URL} (is Beeper running? --base-url says \
                 where it is). The built-in simulator stands in only for a person at a \
                 terminal without --json, --token-file or BEEPER_ACCESS_TOKEN; pass \
                 --simulator to use it anyway"
            ),
        });
    }
    start_simulator(
        ui,
        format!(
            "No Beeper found at {DEFAULT_BASE_URL}; using the built-in simulator ({SIM_ACCOUNTS})."
        ),
    )
}

/// Whether anything answers HTTP at `base_url` (any status counts), within a short time.
fn answers(base_url: &str) -> bool {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        // Loopback: a proxy from the environment could not reach it.
        .proxy(None)
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_millis(500)))
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .into();
    let path = beeper_setup::Operation::SetupRetrieve.spec().path;
    agent.get(format!("{base_url}{path}")).call().is_ok()
}

fn start_simulator(ui: &Ui, message: String) -> Result<Backend, Exit> {
    let sim = Sim::start(SimOptions {
        auto: true,
        ..SimOptions::default()
    })
    .map_err(|e| Exit::Failed {
        kind: "simulator",
        message: format!("could not start the built-in simulator: {e}"),
    })?;
    ui.simulator(sim.base_url(), &message);
    Ok(Backend {
        base_url: Some(sim.base_url().to_owned()),
        sim: Some(SimControl::new(sim)),
    })
}

/// The built-in simulator and its `/_sim/` control endpoints.
pub struct SimControl {
    sim: Sim,
    agent: ureq::Agent,
}

impl SimControl {
    fn new(sim: Sim) -> SimControl {
        let agent = ureq::Agent::config_builder()
            // The simulator runs in this process, on loopback: never through a proxy.
            .proxy(None)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        SimControl { sim, agent }
    }

    /// A string field of `GET /_sim/state` (e.g. `lastEmailCode`, `recoveryKey`).
    pub fn state_field(&self, field: &str) -> Option<String> {
        let url = format!("{}/_sim/state", self.sim.base_url());
        let text = self
            .agent
            .get(url)
            .call()
            .ok()?
            .body_mut()
            .read_to_string()
            .ok()?;
        let state: Value = serde_json::from_str(&text).ok()?;
        state.get(field)?.as_str().map(str::to_owned)
    }

    /// The other (simulated) device scans this device's QR code.
    pub fn other_device_scans(&self) -> bool {
        let url = format!("{}/_sim/other-device/scan", self.sim.base_url());
        self.agent
            .post(url)
            .header("Content-Type", "application/json")
            .send("{}")
            .is_ok_and(|r| r.status().is_success())
    }
}
