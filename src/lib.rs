//! # beeper-setup
//!
//! A client for the app-setup API of Beeper Desktop and Beeper Server: sign a user in (email code
//! or a new account), then bring encrypted messaging up on the device (verify it from another
//! device by QR code or emoji comparison, unlock it with the recovery key, or create a new one).
//!
//! The same operations are reachable three ways, all through one pipeline:
//! - typed methods: `client.setup().start()`, `client.verifications().sas_start("active")`, ...;
//! - [`Client::call`] with an [`Operation`] and wire JSON, which the C ABI uses, and
//!   [`Client::call_with`] with per-call [`CallOptions`] (timeout, headers, query, raw answer);
//! - the flow helpers [`next_step`] and [`Client::wait`], which tell an app what to do next.
//!
//! ## The main flow
//!
//! Sign in to an existing account by email code, verify this device by comparing emojis with
//! the other device, and wait until encrypted messaging is ready. Here against the simulator
//! (`beeper-setup-sim`, started in-process with the other device acting by itself); an app
//! leaves out `base_url` to reach the local Beeper (or `BEEPER_BASE_URL`), and the code comes
//! from the user's inbox.
//!
//! ```
//! use beeper_setup::models::{CreateVerificationParams, EmailParams, ResponseParams};
//! use beeper_setup::models::{Session, SessionState, SignInResponse};
//! use beeper_setup::{next_step, Client, ClientConfig, Step, WaitParams};
//! # use beeper_setup_sim::{Sim, SimOptions};
//! # let sim = Sim::start(SimOptions { auto: true, ..SimOptions::default() }).unwrap();
//! # // What the user reads from their email: the simulator tells it on a control endpoint.
//! # let read_emailed_code = || -> String {
//! #     let state = ureq::get(format!("{}/_sim/state", sim.base_url())).call().unwrap()
//! #         .body_mut().read_to_string().unwrap();
//! #     let state: serde_json::Value = serde_json::from_str(&state).unwrap();
//! #     state["lastEmailCode"].as_str().unwrap().to_owned()
//! # };
//!
//! let client = Client::new(ClientConfig {
//!     base_url: Some(sim.base_url().to_owned()),
//!     ..ClientConfig::default()
//! })?;
//! let setup = client.setup();
//! assert_eq!(next_step(&setup.retrieve()?).step, Step::SignIn);
//!
//! // Sign in: the server emails a code, the user types it in.
//! let start = setup.start()?;
//! setup.email(&EmailParams {
//!     email: "existing@example.com".into(),
//!     setup_request_id: start.setup_request_id.clone(),
//! })?;
//! let answer = setup.response(&ResponseParams {
//!     response: read_emailed_code().into(),
//!     setup_request_id: start.setup_request_id,
//! })?;
//! let SignInResponse::Success(signed_in) = answer else {
//!     panic!("an unknown email address needs `register` instead");
//! };
//! assert!(client.has_access_token()); // the client adopted the returned token
//!
//! // Verify this device: next_step says what to show, the wait follows the other device.
//! assert_eq!(next_step(&signed_in.session).action.as_deref(), Some("create"));
//! let verification = client.verifications().create(&CreateVerificationParams::default())?;
//! let id = verification.verification.expect("a verification").id;
//! client.wait(&WaitParams {
//!     verification_states: vec!["ready".into()],
//!     ..WaitParams::default()
//! })?;
//! let started = client.verifications().sas_start(&id)?;
//! let step = next_step(&started.session);
//! assert_eq!(step.action.as_deref(), Some("compare-emojis"));
//! println!("Do these match on your other device? {}", step.emojis.unwrap_or_default());
//! client.verifications().sas_confirm(&id)?;
//!
//! // The first encrypted sync runs on the server; wait for it (at most 5 minutes by default).
//! let ready: Session = serde_json::from_str(&client.wait(&WaitParams::default())?)?;
//! assert_eq!(ready.state, SessionState::Ready);
//! assert_eq!(next_step(&ready).step, Step::Done);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A new account goes `response` → [`models::SignInResponse::RegistrationRequired`] →
//! `register`, then creates a recovery key (`client.recovery_key().reset_create(...)`); a
//! device of an account with a recovery key can use `recovery_key().verify(...)` instead of
//! another device. The C, Python and Swift bindings run the same operations with the same JSON.

#![warn(missing_docs)]
// Every example in the docs (the README's included, below) builds as written, without a warning.
#![doc(test(attr(deny(warnings))))]

mod api;
mod call;
mod client;
mod config;
mod error;
/// The C interface (`include/beeper_setup.h`): exported from the shared and static library,
/// not part of the Rust API (its tests and benchmarks call it from Rust).
#[doc(hidden)]
pub mod ffi;
mod headers;
pub mod logging;
mod net;
mod resources;
mod secret;

pub use api::models;
pub use api::{
    comparison, next_step, next_step_json, next_step_json_with, next_step_with, Alternative,
    Change, Comparison, EmojiEntry, NextAction, NextStep, Outcome, OutcomeKind, Step, StepOptions,
};
pub use api::{Auth, Field, FieldType, Method, Operation, Spec};
pub use call::answer::MAX_RESPONSE_BYTES;
pub use call::interrupt::{set_thread_interrupt_check, InterruptCheck};
pub use call::nonblocking::runtime::{
    set_worker_threads, worker_threads, DEFAULT_WORKER_THREADS, MAX_WORKER_THREADS,
};
pub use call::nonblocking::CallHandle;
pub use call::options::CallOptions;
pub use call::wait::WaitParams;
pub use call::watch::{Watch, WatchEvent, WatchParams};
pub use client::Client;
pub use config::{ClientConfig, DEFAULT_BASE_URL};
pub use error::{Error, ErrorKind, Result};
pub use resources::{RecoveryKeyApi, SetupApi, VerificationsApi};
pub use secret::Secret;

/// This library's version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The README's Rust blocks, compiled by `cargo test --doc` so that they build as written.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
