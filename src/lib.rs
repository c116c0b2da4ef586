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
//! ```no_run
//! use beeper_setup::{Client, ClientConfig};
//! let client = Client::new(ClientConfig::default())?;
//! let session = client.setup().retrieve()?;
//! println!("{}", session.state);
//! # Ok::<(), beeper_setup::Error>(())
//! ```

#![warn(missing_docs)]

mod api;
mod calls;
mod cancel;
mod client;
mod config;
mod error;
pub mod ffi;
mod flow;
mod fork;
mod headers;
mod json;
pub mod models;
mod operations;
mod options;
mod resolver;
mod retry;
mod secret;
#[cfg(feature = "tls")]
mod tls;
mod transport;

pub use api::{RecoveryKeyApi, SetupApi, VerificationsApi};
pub use calls::runtime::{
    set_worker_threads, worker_threads, DEFAULT_WORKER_THREADS, MAX_WORKER_THREADS,
};
pub use calls::CallHandle;
pub use client::{Client, MAX_RESPONSE_BYTES};
pub use config::{ClientConfig, DEFAULT_BASE_URL};
pub use error::{Error, ErrorKind, Result};
pub use flow::{next_step, next_step_json, NextStep, Step, WaitParams};
pub use operations::{Auth, Field, FieldType, Method, Operation, Spec};
pub use options::CallOptions;
pub use secret::Secret;

/// This library's version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
