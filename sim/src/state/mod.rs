//! The setup state machine: sign-in, then one of the three ways to bring encryption up, then
//! the first sync. Every route and control endpoint goes through here, under one lock; this
//! file holds what the steps share, each step lives in its own module.

mod example;
mod other_device;
mod recovery_key;
mod scenario;
mod sign_in;
mod verifying;
mod views;

use crate::error::ApiError;
use crate::rng::Rng;
use crate::verification::Verification;
use serde_json::Value;
use sign_in::SetupRequest;
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use scenario::{Scenario, Script, SCENARIO_NAMES, SCENARIO_RECOVERY_KEY};

pub const HOMESERVER: &str = "https://matrix.beeper.com";

const AUTO_OTHER_DEVICE_DELAY: Duration = Duration::from_millis(300);
const AUTO_FIRST_SYNC_DELAY: Duration = Duration::from_millis(1000);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    NeedsLogin,
    NeedsCrossSigningSetup,
    NeedsVerification,
    NeedsSecrets,
    NeedsFirstSync,
    Ready,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::NeedsLogin => "needs-login",
            Phase::NeedsCrossSigningSetup => "needs-cross-signing-setup",
            Phase::NeedsVerification => "needs-verification",
            Phase::NeedsSecrets => "needs-secrets",
            Phase::NeedsFirstSync => "needs-first-sync",
            Phase::Ready => "ready",
        }
    }
}

struct Account {
    scenario: Scenario,
    user_id: String,
    device_id: String,
    access_token: String,
    /// The account's key, once one exists; the new account has none until confirmed.
    recovery_key: Option<String>,
    key_generated_at: Option<f64>,
    /// Shown once by reset.create; becomes the account's key on reset.confirm.
    pending_key: Option<String>,
    cross_signing: bool,
    verified: bool,
    secrets: bool,
    backed_up: bool,
    first_sync_done: bool,
}

#[derive(Default)]
struct Timers {
    other_accepts: Option<Instant>,
    other_confirms: Option<Instant>,
    first_sync: Option<Instant>,
    /// The outcome scenarios' other device: when it ends the verification, or asks for one.
    other_ends: Option<Instant>,
    other_requests: Option<Instant>,
}

pub struct State {
    rng: Rng,
    override_scenario: Option<Scenario>,
    auto: bool,
    phase: Phase,
    requests: HashMap<String, SetupRequest>,
    last_email_code: Option<String>,
    account: Option<Account>,
    verifications: Vec<Verification>,
    timers: Timers,
}

fn now_unix() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

impl State {
    pub fn new(scenario: Option<Scenario>, auto: bool) -> State {
        State {
            rng: Rng::new(),
            override_scenario: scenario,
            auto,
            phase: Phase::NeedsLogin,
            requests: HashMap::new(),
            last_email_code: None,
            account: None,
            verifications: Vec::new(),
            timers: Timers::default(),
        }
    }

    /// Applies the other device's and the sync's scheduled moves in auto mode. Called before
    /// every read or write, so time appears to pass between requests without a timer thread.
    pub fn tick(&mut self) {
        let now = Instant::now();
        let due = |t: &mut Option<Instant>| {
            if t.is_some_and(|at| at <= now) {
                *t = None;
                true
            } else {
                false
            }
        };
        if due(&mut self.timers.other_accepts) {
            let _ = self.other_device_accept();
        }
        if due(&mut self.timers.other_confirms) {
            let _ = self.other_device_confirm();
        }
        if due(&mut self.timers.first_sync) {
            let _ = self.finish_first_sync();
        }
        if due(&mut self.timers.other_ends) {
            let _ = self.other_device_ends();
        }
        if due(&mut self.timers.other_requests) {
            let _ = self.other_device_request(None, None);
        }
    }

    /// The other device's script in an outcome scenario.
    fn script(&self) -> Option<Script> {
        self.account.as_ref().and_then(|a| a.scenario.script())
    }

    /// When a scripted move falls due: with or without auto mode, since the scenario asked
    /// for it.
    fn scripted_after(&self) -> Option<Instant> {
        Some(Instant::now() + AUTO_OTHER_DEVICE_DELAY)
    }

    /// When a scheduled move falls due; never, outside auto mode, where the test makes it.
    fn auto_after(&self, delay: Duration) -> Option<Instant> {
        self.auto.then(|| Instant::now() + delay)
    }

    fn account_mut(&mut self) -> &mut Account {
        self.account.as_mut().expect("routes check sign-in first")
    }

    fn require_phase(&self, allowed: &[Phase], what: &str) -> Result<(), ApiError> {
        if allowed.contains(&self.phase) {
            Ok(())
        } else {
            Err(self.wrong_phase(&format!("{what} is not possible")))
        }
    }

    fn wrong_phase(&self, refusal: &str) -> ApiError {
        ApiError::conflict(
            "INVALID_STATE",
            format!("{refusal} while the setup is {}", self.phase.name()),
        )
    }

    /// Where every way of bringing encryption up ends: the device holds the secrets, so any
    /// verification still open has become pointless and the first sync can start.
    fn unlock(&mut self) {
        let a = self.account_mut();
        a.cross_signing = true;
        a.verified = true;
        a.secrets = true;
        a.backed_up = true;
        a.pending_key = None;
        for v in &mut self.verifications {
            if !v.is_final() {
                v.cancel("m.accepted", "This device was verified another way.");
            }
        }
        self.phase = Phase::NeedsFirstSync;
        self.timers.first_sync = self.auto_after(AUTO_FIRST_SYNC_DELAY);
    }

    pub fn finish_first_sync(&mut self) -> Result<Value, ApiError> {
        if self.phase != Phase::NeedsFirstSync {
            return Err(self.wrong_phase("the first sync is not pending"));
        }
        self.timers.first_sync = None;
        self.account_mut().first_sync_done = true;
        self.phase = Phase::Ready;
        Ok(self.session_reply())
    }
}
