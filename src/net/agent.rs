//! The HTTP agents of a client (its own, and each blocking wait's): their timeouts, headers,
//! pool, and the connectors and resolver under them.

use crate::config::Settings;
use crate::net::fork::ForkGuard;
use crate::net::resolver::CachingResolver;
use crate::net::tcp::Tcp;
use crate::net::transport::SteppedTimeouts;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector};
use ureq::Agent;

/// What the agents of one client share: their TLS setup (made once, on the first https
/// connection).
#[derive(Clone, Debug)]
pub(crate) struct Network {
    #[cfg(feature = "tls")]
    tls: crate::net::tls::TlsConnector,
}

impl Network {
    pub fn new(settings: &Settings) -> Self {
        #[cfg(not(feature = "tls"))]
        let _ = settings;
        Network {
            #[cfg(feature = "tls")]
            tls: crate::net::tls::TlsConnector::new(settings.extra_roots.clone()),
        }
    }

    /// An agent (with a pool of its own) for `settings`.
    pub fn agent(&self, settings: &Settings) -> Agent {
        let mut config = Agent::config_builder();
        if settings.loopback_host {
            // Loopback traffic stays on this machine: a proxy from the environment would carry
            // it (and the token, in clear text over plain http) elsewhere, or simply not reach it.
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
        // ureq's default chain less its TCP transport (see `net::tcp`): an http proxy from the
        // environment is reached through a CONNECT; a SOCKS one is not supported (ureq's
        // feature for it is off) and, as there, ignored.
        let connector = ConnectProxyConnector::default().chain(Tcp);
        #[cfg(feature = "tls")]
        let connector = connector.chain(self.tls.clone());
        Agent::with_parts(
            config,
            connector
                .chain(SteppedTimeouts::for_timeout(settings.timeout))
                .chain(ForkGuard),
            CachingResolver::new(settings.loopback_only),
        )
    }
}
