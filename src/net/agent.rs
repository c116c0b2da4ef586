//! The HTTP agent of a client (and of each wait's polls): its timeouts, headers, pool, and the
//! connectors and resolver under it.

use crate::config::Settings;
use crate::net::fork::ForkGuard;
use crate::net::resolver::CachingResolver;
use crate::net::transport::SteppedTimeouts;
use ureq::unversioned::transport::{Connector, DefaultConnector};
use ureq::Agent;

/// The HTTP agent of a client (and of each wait's polls): its timeouts, headers and pool.
pub(crate) fn new_agent(settings: &Settings) -> Agent {
    let mut config = Agent::config_builder();
    if settings.loopback_host {
        // Loopback traffic stays on this machine: a proxy from the environment would carry it
        // (and the token, in clear text over plain http) elsewhere, or simply not reach it.
        config = config.proxy(None);
    }
    let config = config
        .http_status_as_error(false)
        .timeout_global(Some(settings.timeout))
        .timeout_connect(Some(settings.connect_timeout))
        // A redirect is an answer to report, not to follow with the token attached.
        .max_redirects(0)
        .max_redirects_will_error(false)
        .user_agent(settings.user_agent.as_str())
        .accept("application/json")
        // Enough idle connections for many threads to share one client without reconnecting.
        .max_idle_connections(64)
        .max_idle_connections_per_host(64)
        .build();
    #[cfg(feature = "tls")]
    let connector = DefaultConnector::new().chain(settings.tls.clone());
    #[cfg(not(feature = "tls"))]
    let connector = DefaultConnector::new();
    Agent::with_parts(
        config,
        connector
            .chain(SteppedTimeouts::for_timeout(settings.timeout))
            .chain(ForkGuard),
        CachingResolver::new(settings.loopback_only),
    )
}
