//! The setup state machine: sign-in, then one of the three ways to bring encryption up, then
//! the first sync. Every route and control endpoint goes through here, under one lock.

use crate::error::ApiError;
use crate::rng::Rng;
use crate::verification::{Direction, VState, Verification};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The recovery key of the existing accounts: fixed, so a demo can type it from the README.
pub const SCENARIO_RECOVERY_KEY: &str =
    "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa";
pub const HOMESERVER: &str = "https://matrix.beeper.com";

const AUTO_OTHER_DEVICE_DELAY: Duration = Duration::from_millis(300);
const AUTO_FIRST_SYNC_DELAY: Duration = Duration::from_millis(1000);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scenario {
    Existing,
    Recovery,
    New,
}

impl Scenario {
    pub fn parse(name: &str) -> Option<Scenario> {
        match name {
            "existing" => Some(Scenario::Existing),
            "recovery" => Some(Scenario::Recovery),
            "new" => Some(Scenario::New),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scenario::Existing => "existing",
            Scenario::Recovery => "recovery",
            Scenario::New => "new",
        }
    }

    fn for_email(email: &str) -> Scenario {
        match email.trim().to_ascii_lowercase().as_str() {
            "existing@example.com" => Scenario::Existing,
            "recovery@example.com" => Scenario::Recovery,
            _ => Scenario::New,
        }
    }
}

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

struct SetupRequest {
    email: Option<String>,
    code: Option<String>,
    scenario: Scenario,
    /// Set once the code was right for an address without an account.
    lead_token: Option<String>,
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

fn localpart_of(email: &str) -> String {
    let local: String = email
        .split('@')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.' || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if local.is_empty() {
        "user".to_string()
    } else {
        local
    }
}

fn normalize_key(key: &str) -> String {
    key.chars().filter(|c| !c.is_whitespace()).collect()
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
    }

    // ---- views ----

    pub fn session_json(&self) -> Value {
        let a = self.account.as_ref();
        let flag = |f: fn(&Account) -> bool| a.is_some_and(f);
        let secrets = flag(|a| a.secrets);
        let mut e2ee = json!({
            "crossSigning": flag(|a| a.cross_signing),
            "firstSyncDone": flag(|a| a.first_sync_done),
            "hasBackedUpRecoveryKey": flag(|a| a.backed_up),
            "initialized": a.is_some(),
            "keyBackup": flag(|a| a.cross_signing),
            "secretStorage": flag(|a| a.cross_signing),
            "verified": flag(|a| a.verified),
            "secrets": {
                "masterKey": secrets,
                "megolmBackupKey": secrets,
                "recoveryKey": secrets,
                "selfSigningKey": secrets,
                "userSigningKey": secrets,
            },
        });
        if let Some(at) = a.and_then(|a| a.key_generated_at) {
            e2ee["recoveryKeyGeneratedAt"] = json!(at);
        }
        let mut session = json!({"state": self.phase.name(), "e2ee": e2ee});
        if let Some(a) = a {
            session["matrix"] =
                json!({"deviceID": a.device_id, "homeserver": HOMESERVER, "userID": a.user_id});
        }
        if let Some(v) = self.verifications.last() {
            session["verification"] = v.to_json();
        }
        session
    }

    fn credentials_json(&self) -> Value {
        let a = self.account.as_ref().expect("signed in");
        json!({
            "accessToken": a.access_token,
            "deviceID": a.device_id,
            "homeserver": HOMESERVER,
            "userID": a.user_id,
        })
    }

    fn with_verification(&self, index: usize) -> Value {
        json!({"session": self.session_json(), "verification": self.verifications[index].to_json()})
    }

    pub fn sim_state_json(&self) -> Value {
        let scenario = self
            .account
            .as_ref()
            .map(|a| a.scenario)
            .or(self.override_scenario);
        let active = self.active_index();
        json!({
            "scenario": scenario.map(Scenario::name),
            "scenarioOverride": self.override_scenario.map(Scenario::name),
            "auto": self.auto,
            "state": self.phase.name(),
            "lastEmailCode": self.last_email_code,
            "recoveryKey": self.account.as_ref().and_then(|a| a.recovery_key.clone()),
            "pendingRecoveryKey": self.account.as_ref().and_then(|a| a.pending_key.clone()),
            "otherDeviceQr": active.map(|i| self.verifications[i].other_qr.clone()),
            "accessToken": self.account.as_ref().map(|a| a.access_token.clone()),
            "verification": self.verifications.last().map(Verification::to_json),
            "session": self.session_json(),
        })
    }

    // ---- auth ----

    pub fn signed_in(&self) -> bool {
        self.account.is_some()
    }

    pub fn token_ok(&self, token: Option<&str>) -> bool {
        match (&self.account, token) {
            (Some(a), Some(t)) => a.access_token == t,
            _ => false,
        }
    }

    // ---- sign-in ----

    pub fn start(&mut self) -> Result<Value, ApiError> {
        if self.signed_in() {
            return Err(ApiError::conflict(
                "ALREADY_SIGNED_IN",
                "this device is already signed in",
            ));
        }
        let id = format!("sr_{}", self.rng.alnum(20));
        self.requests.insert(
            id.clone(),
            SetupRequest {
                email: None,
                code: None,
                scenario: Scenario::New,
                lead_token: None,
            },
        );
        Ok(json!({"setupRequestID": id, "signInMethods": ["email"]}))
    }

    fn request_mut(&mut self, id: &str) -> Result<&mut SetupRequest, ApiError> {
        self.requests.get_mut(id).ok_or_else(|| {
            ApiError::new(
                404,
                "SETUP_REQUEST_NOT_FOUND",
                "this setup request does not exist or has expired; call start again",
            )
        })
    }

    pub fn email(&mut self, email: &str, request_id: &str) -> Result<(), ApiError> {
        let code = self.rng.digits(6);
        let scenario = self
            .override_scenario
            .unwrap_or_else(|| Scenario::for_email(email));
        let req = self.request_mut(request_id)?;
        if req.lead_token.is_some() {
            return Err(ApiError::conflict(
                "CODE_ALREADY_USED",
                "the code for this setup request was already accepted",
            ));
        }
        req.email = Some(email.to_string());
        req.code = Some(code.clone());
        req.scenario = scenario;
        self.last_email_code = Some(code);
        Ok(())
    }

    pub fn response(&mut self, code: &str, request_id: &str) -> Result<Value, ApiError> {
        if self.signed_in() {
            return Err(ApiError::conflict(
                "ALREADY_SIGNED_IN",
                "this device is already signed in",
            ));
        }
        let lead = format!("lead_{}", self.rng.alnum(24));
        let req = self.request_mut(request_id)?;
        let Some(expected) = req.code.clone() else {
            return Err(ApiError::conflict(
                "EMAIL_NOT_SENT",
                "no code was sent for this setup request; call email first",
            ));
        };
        if code.trim() != expected {
            return Err(ApiError::new(
                400,
                "INVALID_CODE",
                "the code is wrong; check the latest email",
            ));
        }
        req.code = None;
        let email = req.email.clone().unwrap_or_default();
        let scenario = req.scenario;
        if scenario == Scenario::New {
            req.lead_token = Some(lead.clone());
            let local = localpart_of(&email);
            let n = self.rng.below(90) + 10;
            return Ok(json!({
                "registrationRequired": true,
                "leadToken": lead,
                "setupRequestID": request_id,
                "usernameSuggestions": [local.clone(), format!("{local}_"), format!("{local}{n}")],
                "copy": {
                    "submit": "Continue",
                    "terms": "By continuing, you agree to the Terms of Use and acknowledge the Privacy Policy.",
                    "title": "Choose your username",
                    "usernamePlaceholder": "Username",
                },
            }));
        }
        self.requests.remove(request_id);
        self.sign_in(scenario, &localpart_of(&email));
        Ok(json!({"matrix": self.credentials_json(), "session": self.session_json()}))
    }

    pub fn register(
        &mut self,
        lead_token: &str,
        request_id: &str,
        username: &str,
    ) -> Result<Value, ApiError> {
        if self.signed_in() {
            return Err(ApiError::conflict(
                "ALREADY_SIGNED_IN",
                "this device is already signed in",
            ));
        }
        let req = self.request_mut(request_id)?;
        match &req.lead_token {
            None => {
                return Err(ApiError::conflict(
                    "REGISTRATION_NOT_REQUIRED",
                    "this setup request has not reached registration",
                ))
            }
            Some(t) if t != lead_token => {
                return Err(ApiError::new(
                    400,
                    "INVALID_LEAD_TOKEN",
                    "the lead token does not belong to this setup request",
                ))
            }
            Some(_) => {}
        }
        self.requests.remove(request_id);
        self.sign_in(Scenario::New, &username.to_ascii_lowercase());
        Ok(json!({"matrix": self.credentials_json(), "session": self.session_json()}))
    }

    fn sign_in(&mut self, scenario: Scenario, localpart: &str) {
        let existing = scenario != Scenario::New;
        self.account = Some(Account {
            scenario,
            user_id: format!("@{localpart}:beeper.com"),
            device_id: self.rng.upper(10),
            access_token: format!("syt_{}", self.rng.alnum(40)),
            recovery_key: existing.then(|| SCENARIO_RECOVERY_KEY.to_string()),
            key_generated_at: existing.then(|| (now_unix() - 30.0 * 86400.0).floor()),
            pending_key: None,
            cross_signing: existing,
            verified: false,
            secrets: false,
            backed_up: existing,
            first_sync_done: false,
        });
        self.requests.clear();
        self.phase = match scenario {
            Scenario::Existing => Phase::NeedsVerification,
            Scenario::Recovery => Phase::NeedsSecrets,
            Scenario::New => Phase::NeedsCrossSigningSetup,
        };
    }

    // ---- recovery key ----

    fn account_mut(&mut self) -> &mut Account {
        self.account.as_mut().expect("routes check sign-in first")
    }

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
        if self.auto {
            self.timers.first_sync = Some(Instant::now() + AUTO_FIRST_SYNC_DELAY);
        }
    }

    fn require_phase(&self, allowed: &[Phase], what: &str) -> Result<(), ApiError> {
        if allowed.contains(&self.phase) {
            Ok(())
        } else {
            Err(ApiError::conflict(
                "INVALID_STATE",
                format!(
                    "{what} is not possible while the setup is {}",
                    self.phase.name()
                ),
            ))
        }
    }

    pub fn recovery_key_verify(&mut self, key: &str) -> Result<Value, ApiError> {
        self.require_phase(
            &[Phase::NeedsSecrets, Phase::NeedsVerification],
            "unlocking with a recovery key",
        )?;
        let expected = self.account_mut().recovery_key.clone();
        match expected {
            Some(k) if normalize_key(&k) == normalize_key(key) => {
                self.unlock();
                Ok(json!({"session": self.session_json()}))
            }
            _ => Err(ApiError::new(
                400,
                "INVALID_RECOVERY_KEY",
                "the recovery key is wrong",
            )),
        }
    }

    pub fn recovery_key_reset(&mut self, existing: Option<&str>) -> Result<Value, ApiError> {
        self.require_phase(
            &[
                Phase::NeedsCrossSigningSetup,
                Phase::NeedsSecrets,
                Phase::NeedsVerification,
            ],
            "creating a recovery key",
        )?;
        let current = self.account_mut().recovery_key.clone();
        if let (Some(given), Some(current)) = (existing, current) {
            if normalize_key(given) != normalize_key(&current) {
                return Err(ApiError::new(
                    400,
                    "INVALID_RECOVERY_KEY",
                    "the existing recovery key is wrong",
                ));
            }
        }
        let key = self.rng.recovery_key();
        let a = self.account_mut();
        a.pending_key = Some(key.clone());
        a.key_generated_at = Some(now_unix().floor());
        Ok(json!({"recoveryKey": key, "session": self.session_json()}))
    }

    pub fn recovery_key_confirm(&mut self, key: &str) -> Result<Value, ApiError> {
        let pending = self.account_mut().pending_key.clone();
        let Some(pending) = pending else {
            return Err(ApiError::conflict(
                "NO_PENDING_RECOVERY_KEY",
                "create a new recovery key first",
            ));
        };
        if normalize_key(&pending) != normalize_key(key) {
            return Err(ApiError::new(
                400,
                "RECOVERY_KEY_MISMATCH",
                "this is not the recovery key that was just created",
            ));
        }
        self.account_mut().recovery_key = Some(pending);
        self.unlock();
        Ok(json!({"session": self.session_json()}))
    }

    // ---- verifications ----

    /// Only the latest verification can be in progress: a new one needs the old one finished.
    fn active_index(&self) -> Option<usize> {
        let last = self.verifications.len().checked_sub(1)?;
        (!self.verifications[last].is_final()).then_some(last)
    }

    fn find(&self, id: &str) -> Result<usize, ApiError> {
        let found = if id == "active" {
            self.active_index()
        } else {
            self.verifications.iter().position(|v| v.id == id)
        };
        found.ok_or_else(|| {
            ApiError::new(
                404,
                "VERIFICATION_NOT_FOUND",
                if id == "active" {
                    "no verification is in progress".to_string()
                } else {
                    format!("no verification with id '{id}'")
                },
            )
        })
    }

    pub fn list(&self) -> Value {
        json!({"items": self.verifications.iter().map(Verification::to_json).collect::<Vec<_>>()})
    }

    pub fn retrieve(&self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        Ok(self.with_verification(i))
    }

    fn begin(
        &mut self,
        direction: Direction,
        purpose: &str,
        user: Option<&str>,
    ) -> Result<usize, ApiError> {
        self.require_phase(&[Phase::NeedsVerification], "verifying this device")?;
        if self.active_index().is_some() {
            return Err(ApiError::conflict(
                "VERIFICATION_IN_PROGRESS",
                "a verification is already in progress; cancel it first",
            ));
        }
        let own = self.account_mut().user_id.clone();
        let v = Verification::new(&mut self.rng, direction, purpose, user.unwrap_or(&own));
        self.verifications.push(v);
        Ok(self.verifications.len() - 1)
    }

    pub fn create(&mut self, purpose: Option<&str>, user: Option<&str>) -> Result<Value, ApiError> {
        let i = self.begin(Direction::Outgoing, purpose.unwrap_or("login"), user)?;
        if self.auto {
            self.timers.other_accepts = Some(Instant::now() + AUTO_OTHER_DEVICE_DELAY);
        }
        Ok(self.with_verification(i))
    }

    pub fn accept(&mut self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require("accept")?;
        self.verifications[i].state = VState::Ready;
        Ok(self.with_verification(i))
    }

    pub fn cancel(
        &mut self,
        id: &str,
        code: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require("cancel")?;
        self.verifications[i].cancel(
            code.unwrap_or("m.user"),
            reason.unwrap_or("The verification was cancelled on this device."),
        );
        Ok(self.with_verification(i))
    }

    pub fn sas_start(&mut self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require("sas.start")?;
        self.verifications[i].start_sas(&mut self.rng);
        if self.auto {
            self.timers.other_confirms = Some(Instant::now() + AUTO_OTHER_DEVICE_DELAY);
        }
        Ok(self.with_verification(i))
    }

    pub fn sas_confirm(&mut self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require("sas.confirm")?;
        self.verifications[i].we_confirmed = true;
        self.finish_sas_if_both(i);
        Ok(self.with_verification(i))
    }

    pub fn qr_scan(&mut self, data: &str) -> Result<Value, ApiError> {
        let i = self.find("active")?;
        let v = &mut self.verifications[i];
        if v.state != VState::Ready {
            return Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                "a QR code can only be scanned while the verification is ready",
            ));
        }
        if data != v.other_qr {
            return Err(ApiError::new(
                400,
                "QR_MISMATCH",
                "the scanned QR code does not belong to this verification",
            ));
        }
        v.state = VState::QrScanned;
        Ok(self.with_verification(i))
    }

    pub fn qr_confirm_scanned(&mut self, id: &str) -> Result<Value, ApiError> {
        let i = self.find(id)?;
        self.verifications[i].require("qr.confirmScanned")?;
        self.complete(i);
        Ok(self.with_verification(i))
    }

    fn finish_sas_if_both(&mut self, i: usize) {
        let v = &self.verifications[i];
        if v.we_confirmed && v.they_confirmed {
            self.complete(i);
        }
    }

    fn complete(&mut self, i: usize) {
        self.verifications[i].state = VState::Done;
        self.unlock();
    }

    // ---- the other device and the sync (control endpoints) ----

    pub fn other_device_request(&mut self) -> Result<Value, ApiError> {
        let i = self.begin(Direction::Incoming, "login", None)?;
        Ok(self.with_verification(i))
    }

    fn active_for_other(&self) -> Result<usize, ApiError> {
        self.active_index().ok_or_else(|| {
            ApiError::conflict("NO_ACTIVE_VERIFICATION", "no verification is in progress")
        })
    }

    pub fn other_device_accept(&mut self) -> Result<Value, ApiError> {
        let i = self.active_for_other()?;
        let v = &mut self.verifications[i];
        if v.direction != Direction::Outgoing || v.state != VState::Requested {
            return Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                "the other device can only accept an outgoing request that is still requested",
            ));
        }
        v.state = VState::Ready;
        Ok(self.with_verification(i))
    }

    pub fn other_device_confirm(&mut self) -> Result<Value, ApiError> {
        let i = self.active_for_other()?;
        let v = &mut self.verifications[i];
        if v.state != VState::SasReady || v.they_confirmed {
            return Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                "the other device can only confirm emojis that are shown and not yet confirmed",
            ));
        }
        v.they_confirmed = true;
        self.finish_sas_if_both(i);
        Ok(self.with_verification(i))
    }

    /// The other device scanned this device's QR code: this device must now confirm it.
    pub fn other_device_scan(&mut self, data: Option<&str>) -> Result<Value, ApiError> {
        let i = self.active_for_other()?;
        let v = &mut self.verifications[i];
        if v.state != VState::Ready {
            return Err(ApiError::conflict(
                "ACTION_NOT_AVAILABLE",
                "the other device can only scan while the verification is ready",
            ));
        }
        if data.is_some_and(|d| d != v.own_qr) {
            return Err(ApiError::new(
                400,
                "QR_MISMATCH",
                "that is not this device's QR code",
            ));
        }
        v.state = VState::QrScanned;
        Ok(self.with_verification(i))
    }

    pub fn other_device_cancel(
        &mut self,
        code: Option<&str>,
        reason: Option<&str>,
    ) -> Result<Value, ApiError> {
        let i = self.active_for_other()?;
        self.verifications[i].cancel(
            code.unwrap_or("m.user"),
            reason.unwrap_or("The verification was cancelled on the other device."),
        );
        Ok(self.with_verification(i))
    }

    pub fn finish_first_sync(&mut self) -> Result<Value, ApiError> {
        if self.phase != Phase::NeedsFirstSync {
            return Err(ApiError::conflict(
                "INVALID_STATE",
                format!(
                    "the first sync is not pending while the setup is {}",
                    self.phase.name()
                ),
            ));
        }
        self.timers.first_sync = None;
        self.account_mut().first_sync_done = true;
        self.phase = Phase::Ready;
        Ok(json!({"session": self.session_json()}))
    }
}
