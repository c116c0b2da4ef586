//! Shared test fixtures: an in-process simulator and its `/_sim/` controls.
#![allow(dead_code)]

use beeper_setup::models::{EmailParams, ResponseParams, SignInResponse};
use beeper_setup::{Client, ClientConfig, Secret};
use beeper_setup_sim::{Sim, SimOptions};
use serde_json::{json, Value};

pub struct Fixture {
    pub sim: Sim,
    control: ureq::Agent,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture::with(SimOptions::default())
    }

    pub fn with(options: SimOptions) -> Fixture {
        let sim = Sim::start(options).expect("simulator starts");
        let control = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Fixture { sim, control }
    }

    pub fn url(&self) -> &str {
        self.sim.base_url()
    }

    /// A client for this simulator; `extra` is merged into the config.
    pub fn client(&self, extra: Value) -> Client {
        let mut config = json!({"baseURL": self.url(), "maxRetries": 0});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            config[k] = v;
        }
        Client::from_json(&config.to_string()).expect("client")
    }

    pub fn config(&self) -> ClientConfig {
        ClientConfig {
            base_url: Some(self.url().to_owned()),
            ..ClientConfig::default()
        }
    }

    pub fn get(&self, path: &str) -> Value {
        let mut resp = self
            .control
            .get(format!("{}{path}", self.url()))
            .call()
            .unwrap();
        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap()
    }

    pub fn post(&self, path: &str, body: Value) -> Value {
        let mut resp = self
            .control
            .post(format!("{}{path}", self.url()))
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes())
            .unwrap();
        assert!(resp.status().is_success(), "{path}: {}", resp.status());
        serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap_or(Value::Null)
    }

    pub fn state(&self) -> Value {
        self.get("/_sim/state")
    }

    pub fn requests(&self) -> u64 {
        self.get("/_sim/stats")["requests"].as_u64().unwrap()
    }

    pub fn fault(&self, fault: Value) {
        self.post("/_sim/faults", fault);
    }

    pub fn code(&self) -> String {
        self.state()["lastEmailCode"].as_str().unwrap().to_owned()
    }

    /// Starts a sign-in of `client` with `email` (start, then email); returns the request id and
    /// the emailed code.
    pub fn emailed(&self, client: &Client, email: &str) -> (String, String) {
        let start = client.setup().start().unwrap();
        assert_eq!(start.sign_in_methods, vec!["email".to_owned()]);
        let setup_request_id = start.setup_request_id;
        client
            .setup()
            .email(&EmailParams {
                email: email.into(),
                setup_request_id: setup_request_id.clone(),
            })
            .unwrap();
        (setup_request_id, self.code())
    }

    /// Signs `client` in with `email` through start, email and the emailed code.
    pub fn sign_in(&self, client: &Client, email: &str) -> SignInResponse {
        let (setup_request_id, code) = self.emailed(client, email);
        client
            .setup()
            .response(&ResponseParams {
                response: Secret::new(code),
                setup_request_id,
            })
            .unwrap()
    }
}
