//! The C ABI: opaque handles, JSON strings in and out, status codes, one panic boundary.
//! It only converts; every decision is made by the Rust core.

mod abi;
mod boundary;
mod calls;
mod exports;
mod kept;
mod log;

pub use abi::BEEPER_ABI_VERSION;
pub use boundary::BeeperClient;
pub use calls::*;
pub use exports::*;
pub use log::*;
