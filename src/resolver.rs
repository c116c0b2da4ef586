//! Host resolution for the HTTP agent. The agent resolves the host on every request, even when a
//! pooled connection will carry it, and with a timeout set its default resolver starts a thread
//! per lookup. This resolver answers IP literals directly and remembers a name's addresses for a
//! minute, so a call on a kept-alive connection starts no thread and does no lookup.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a name's addresses are reused before looking it up again.
const CACHE_FOR: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    fallback: DefaultResolver,
    /// The last name looked up (`host:port`), when, and its addresses. A client talks to one host.
    last: Mutex<Option<(String, Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.fallback.resolve(uri, config, timeout);
        };
        let port = authority.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") => 443,
            _ => 80,
        });
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>() {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let key = format!("{host}:{port}");
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((name, at, addrs)) = last.as_ref() {
            if *name == key && at.elapsed() < CACHE_FOR {
                return Ok(addrs.clone());
            }
        }
        // Looked up without holding the lock, so a slow lookup does not stall other threads'
        // calls on pooled connections.
        drop(last);
        let addrs = self.fallback.resolve(uri, config, timeout)?;
        last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        *last = Some((key, Instant::now(), addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(r: &CachingResolver, url: &str) -> Vec<SocketAddr> {
        let uri: Uri = url.parse().unwrap();
        let timeout = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::Exact(Duration::from_secs(5)),
            ..NextTimeout::default()
        };
        r.resolve(&uri, &Config::default(), timeout)
            .unwrap()
            .to_vec()
    }

    #[test]
    fn ip_literals_need_no_lookup_and_names_are_remembered() {
        let r = CachingResolver::default();
        assert_eq!(
            resolve(&r, "http://127.0.0.1:23373/x"),
            vec!["127.0.0.1:23373".parse().unwrap()]
        );
        assert_eq!(
            resolve(&r, "http://[::1]/x"),
            vec!["[::1]:80".parse().unwrap()]
        );
        assert!(
            r.last.lock().unwrap().is_none(),
            "literals bypass the cache"
        );
        let first = resolve(&r, "http://localhost:9/x");
        assert!(first.iter().all(|a| a.ip().is_loopback() && a.port() == 9));
        assert_eq!(resolve(&r, "http://localhost:9/y"), first);
        assert_eq!(r.last.lock().unwrap().as_ref().unwrap().0, "localhost:9");
    }
}
