//! The connection under every call: how a host is resolved, how a socket's timeouts are set,
//! TLS, and what a forked child may not reuse.

pub(crate) mod agent;
pub(crate) mod fork;
pub(crate) mod resolver;
#[cfg(feature = "tls")]
pub(crate) mod tls;
pub(crate) mod transport;
