//! The library's log records, and the one logger that carries them to C, Python and Swift.
//!
//! Every record goes through the [`log`] facade under targets that begin with `beeper_setup`
//! (`beeper_setup::client`, `beeper_setup::flow`, ...): each request (method, path, status,
//! time taken, attempt), each retry (reason, delay), each state change a wait sees, connection
//! and TLS failures with their cause, and client creation. No record holds an access token,
//! an emailed code, a lead token or a recovery key, at any level.
//!
//! A Rust program that installs its own logger (`env_logger`, ...) receives them there; it
//! should keep ureq's targets at DEBUG or above (`RUST_LOG=beeper_setup=trace,ureq=debug`):
//! ureq's TRACE records show URLs and redirect locations unredacted.
//!
//! This module is the library's own logger, which the C ABI installs (and so every binding):
//! records go to one [`Handler`] when one is set, and otherwise to stderr at the level that
//! `BEEPER_LOG` (`error`, `warn`, `info`, `debug`, `trace`) names, read once. It caps every
//! target outside the library (ureq, rustls) at DEBUG whatever the threshold.

mod dispatch;
pub(crate) mod events;

pub(crate) use dispatch::flush_pending;
pub use dispatch::{install, set_handler, set_level, Handler};
pub use log::{Level, LevelFilter};
