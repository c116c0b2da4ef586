//! Host resolution for the HTTP agent. The agent resolves the host on every request, even when a
//! pooled connection will carry it, and with a timeout set its default resolver starts a thread
//! per lookup. This resolver answers IP literals directly and remembers a name's addresses for a
//! minute, so a call on a kept-alive connection starts no thread and does no lookup.
//!
//! A lookup runs on a thread of its own, which the call waits for in slices: a call stops
//! waiting when its exchange's probe says stop (see `exchange`), though the lookup itself
//! cannot be cut short (its thread ends with it).
//!
//! It is also where "loopback" is decided for a plain-http base URL that names its host
//! (`localhost`, `*.localhost`): the connection can only go to an address this resolver returns,
//! so every answer is checked (each new connection resolves again; a remembered answer was
//! checked when it was looked up), and a name that resolves to any address that is not loopback
//! is refused rather than sent the token in clear text.

use crate::net::exchange::{failed, Slices};
use crate::net::transport::Refusal;
use std::net::{IpAddr, SocketAddr};
use std::sync::{mpsc, Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a name's addresses are reused before looking it up again.
const CACHE_FOR: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub(crate) struct CachingResolver<R = DefaultResolver> {
    fallback: Arc<R>,
    /// Names must resolve to loopback addresses only: the base URL is plain http to a host
    /// trusted with the token because it is loopback.
    loopback_only: bool,
    /// The last name looked up (`host:port`), when, and its addresses. A client talks to one host.
    last: Mutex<Option<(String, Instant, ResolvedSocketAddrs)>>,
}

impl CachingResolver {
    pub fn new(loopback_only: bool) -> Self {
        CachingResolver {
            loopback_only,
            ..CachingResolver::default()
        }
    }
}

impl<R: Resolver + 'static> CachingResolver<R> {
    /// The fallback's lookup, on a thread of its own, waited for in slices.
    fn look_up(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let (fallback, uri, config) = (self.fallback.clone(), uri.clone(), config.clone());
        let (tx, rx) = mpsc::sync_channel(1);
        let unbounded = NextTimeout {
            after: ureq::unversioned::transport::time::Duration::NotHappening,
            ..timeout
        };
        std::thread::Builder::new()
            .name("beeper-setup-lookup".into())
            .spawn(move || {
                let _ = tx.send(fallback.resolve(&uri, &config, unbounded));
            })?;
        let mut slices = Slices::within(&timeout);
        loop {
            let slice = slices.next().map_err(|e| failed(e, timeout.reason))?;
            let answer = match slice {
                Some(slice) => match rx.recv_timeout(slice) {
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    other => other.ok(),
                },
                None => rx.recv().ok(),
            };
            return answer.unwrap_or_else(|| {
                Err(ureq::Error::Io(std::io::Error::other(
                    "the name lookup failed",
                )))
            });
        }
    }

    fn check(&self, host: &str, addrs: &ResolvedSocketAddrs) -> Result<(), ureq::Error> {
        let Some(remote) = addrs.iter().find(|a| !a.ip().is_loopback()) else {
            return Ok(());
        };
        if !self.loopback_only {
            return Ok(());
        }
        Err(ureq::Error::Io(std::io::Error::other(Refusal(format!(
            "refusing to connect: {host} resolves to {}, which is not a loopback address, and \
             plain http without allowInsecureHttp is only for loopback; use https or set \
             allowInsecureHttp",
            remote.ip()
        )))))
    }
}

impl<R: Resolver + 'static> Resolver for CachingResolver<R> {
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
        let addrs = self.look_up(uri, config, timeout)?;
        self.check(host, &addrs)?;
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

    /// Answers each lookup with the next address of its list, as a DNS server that changes its
    /// mind would.
    #[derive(Debug, Default)]
    struct Answers(Mutex<Vec<IpAddr>>);

    impl Resolver for Answers {
        fn resolve(
            &self,
            uri: &Uri,
            _: &Config,
            _: NextTimeout,
        ) -> Result<ResolvedSocketAddrs, ureq::Error> {
            let mut addrs = self.empty();
            let ip = self.0.lock().unwrap().remove(0);
            addrs.push(SocketAddr::new(ip, uri.port_u16().unwrap_or(80)));
            Ok(addrs)
        }
    }

    fn answering(loopback_only: bool, ips: &[&str]) -> CachingResolver<Answers> {
        CachingResolver {
            fallback: Arc::new(Answers(Mutex::new(
                ips.iter().map(|ip| ip.parse().unwrap()).collect(),
            ))),
            loopback_only,
            last: Mutex::default(),
        }
    }

    fn lookup(r: &CachingResolver<Answers>, url: &str) -> Result<Vec<SocketAddr>, String> {
        let uri: Uri = url.parse().unwrap();
        r.resolve(&uri, &Config::default(), NextTimeout::default())
            .map(|a| a.to_vec())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_loopback_name_that_resolves_elsewhere_is_refused() {
        let r = answering(true, &["192.0.2.7"]);
        let err = lookup(&r, "http://evil.localhost:9/x").unwrap_err();
        assert!(
            err.contains("evil.localhost resolves to 192.0.2.7, which is not a loopback"),
            "{err}"
        );
        assert!(
            r.last.lock().unwrap().is_none(),
            "a refused answer is not kept"
        );
        // Without the loopback rule (https, or allowInsecureHttp) any address is fine.
        let r = answering(false, &["192.0.2.7"]);
        assert_eq!(lookup(&r, "http://evil.localhost:9/x").unwrap().len(), 1);
    }

    #[test]
    fn the_answer_is_checked_again_after_the_cache_expires() {
        let r = answering(true, &["127.0.0.1", "192.0.2.7"]);
        assert!(lookup(&r, "http://app.localhost:9/").is_ok());
        assert!(lookup(&r, "http://app.localhost:9/").is_ok(), "cached");
        let expired = Instant::now().checked_sub(CACHE_FOR * 2).unwrap();
        r.last.lock().unwrap().as_mut().unwrap().1 = expired;
        let err = lookup(&r, "http://app.localhost:9/").unwrap_err();
        assert!(err.contains("192.0.2.7"), "{err}");
    }

    /// End to end through an agent: a DNS answer pointing `evil.localhost` at this machine's own
    /// non-loopback address, where a listener waits; a request carrying a token never arrives.
    /// Without the check the listener receives `authorization: Bearer ...`.
    #[test]
    fn a_token_never_reaches_a_non_loopback_address_behind_a_loopback_name() {
        use std::io::Read;
        // The address of the outgoing interface (a UDP connect sends nothing).
        let probe = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
        let local = probe
            .connect("192.0.2.1:9")
            .and_then(|()| probe.local_addr())
            .map(|a| a.ip())
            .ok()
            .filter(|ip| !ip.is_loopback() && !ip.is_unspecified());
        let Some(local) = local else {
            eprintln!("skipped: this machine has no non-loopback address to listen on");
            return;
        };
        let listener = std::net::TcpListener::bind((local, 0)).unwrap();
        let target = listener.local_addr().unwrap();
        listener.set_nonblocking(true).unwrap();
        let agent = ureq::Agent::with_parts(
            Config::builder().max_redirects(0).build(),
            ureq::unversioned::transport::DefaultConnector::new(),
            answering(true, &[&local.to_string()]),
        );
        let result = agent
            .get(format!(
                "http://evil.localhost:{}/v1/app/setup",
                target.port()
            ))
            .header("Authorization", "Bearer secret-token")
            .config()
            .timeout_global(Some(Duration::from_secs(2)))
            .build()
            .call();
        assert!(result.is_err());
        match listener.accept() {
            Ok((mut peer, _)) => {
                let mut seen = String::new();
                peer.set_read_timeout(Some(Duration::from_millis(500)))
                    .unwrap();
                let _ = peer.read_to_string(&mut seen);
                panic!("a connection reached {target}: {seen:?}");
            }
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::WouldBlock),
        }
    }
}
