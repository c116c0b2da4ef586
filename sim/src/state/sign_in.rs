//! Signing in by emailed code, and registering when the address has no account yet. A setup
//! request carries one attempt from `start` to an account, so several can be open at once and
//! a stale one is refused by id rather than silently reused.

use super::{now_unix, Account, Phase, Scenario, Script, State, SCENARIO_RECOVERY_KEY};
use crate::error::ApiError;
use serde_json::{json, Value};

pub(super) struct SetupRequest {
    email: Option<String>,
    code: Option<String>,
    scenario: Scenario,
    /// Set once the code was right for an address without an account.
    lead_token: Option<String>,
}

/// The username suggestions start from the address, cleaned to what a Matrix localpart allows.
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

impl State {
    pub fn signed_in(&self) -> bool {
        self.account.is_some()
    }

    pub fn token_ok(&self, token: Option<&str>) -> bool {
        match (&self.account, token) {
            (Some(a), Some(t)) => a.access_token == t,
            _ => false,
        }
    }

    /// One device holds one account: signing in again needs a reset, as a real app needs a
    /// sign-out.
    fn require_signed_out(&self) -> Result<(), ApiError> {
        if self.signed_in() {
            return Err(ApiError::conflict(
                "ALREADY_SIGNED_IN",
                "this device is already signed in",
            ));
        }
        Ok(())
    }

    pub fn start(&mut self) -> Result<Value, ApiError> {
        self.require_signed_out()?;
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
        self.require_signed_out()?;
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
        Ok(self.sign_in(scenario, &localpart_of(&email)))
    }

    pub fn register(
        &mut self,
        lead_token: &str,
        request_id: &str,
        username: &str,
    ) -> Result<Value, ApiError> {
        self.require_signed_out()?;
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
        Ok(self.sign_in(Scenario::New, &username.to_ascii_lowercase()))
    }

    /// Creates the account and answers with its credentials; every other open setup request
    /// is dropped, since this device can only hold one account.
    pub(super) fn sign_in(&mut self, scenario: Scenario, localpart: &str) -> Value {
        let existing = scenario != Scenario::New;
        self.account = Some(Account {
            scenario,
            user_id: format!("@{localpart}:beeper.com"),
            device_id: self.rng.upper(10),
            access_token: format!("syt_{}", self.rng.alnum(40)),
            recovery_key: existing.then(|| SCENARIO_RECOVERY_KEY.to_string()),
            // Old enough to look like a key made on another device, not during this setup.
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
            Scenario::Existing | Scenario::Other(_) => Phase::NeedsVerification,
            Scenario::Recovery => Phase::NeedsSecrets,
            Scenario::New => Phase::NeedsCrossSigningSetup,
        };
        if scenario.script() == Some(Script::Requests) {
            self.timers.other_requests = self.scripted_after();
        }
        self.signed_in_reply()
    }
}
