//! The C ABI: opaque handles, JSON strings in and out, status codes, one panic boundary.
//! It only converts; every decision is made by the Rust core.

mod abi;
mod boundary;
mod calls;
mod client;
mod interrupt;
mod library;
mod log;
mod operations;
mod queue;
mod watch;

pub use abi::BEEPER_ABI_VERSION;
pub use boundary::BeeperClient;
pub use calls::*;
pub use client::*;
pub use interrupt::*;
pub use library::*;
pub use log::*;
pub use operations::*;
pub use queue::*;
pub use watch::*;
