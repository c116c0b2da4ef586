//! One call, from its arguments to its answer. Every entry (an operation with wire JSON or typed
//! params, per-call options, a custom request, a wait's poll, a call started without blocking)
//! makes a [`plan::Plan`] once, checked before anything is sent; [`send`] carries it out (the
//! one loop of exchanges and retries, the one header builder); [`answer`] reads what came back
//! and gives it the form the call returns; [`sent`] names the secrets a failed call's error
//! must not quote back.

pub(crate) mod answer;
pub(crate) mod cancel;
pub(crate) mod custom;
pub(crate) mod entry;
pub mod interrupt;
pub(crate) mod nonblocking;
pub(crate) mod options;
pub(crate) mod plan;
pub(crate) mod retry;
pub(crate) mod send;
pub(crate) mod sent;
pub(crate) mod url;
pub(crate) mod wait;
pub(crate) mod watch;
