//! The connection under every call: how a host is resolved, how a socket's timeouts are set,
//! TLS, and what a forked child may not reuse.

pub(crate) mod agent;
pub(crate) mod exchange;
pub(crate) mod fork;
pub(crate) mod resolver;
pub(crate) mod tcp;
#[cfg(feature = "tls")]
pub(crate) mod tls;
pub(crate) mod transport;
