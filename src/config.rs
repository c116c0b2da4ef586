//! Client configuration: explicit values, else the official SDKs' environment variables, else
//! defaults; validated once, when the client is made.

use crate::api::object_or_default;
use crate::error::{Error, Result};
use crate::headers::{self, HeaderList};
use crate::secret::Secret;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// Where Beeper Desktop listens when nothing else is said.
pub const DEFAULT_BASE_URL: &str = "http://localhost:23373";
/// Total time for one request, body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Retries after the first attempt, as the official SDKs do.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Upper bound for `maxRetries`: more would only hide a dead server.
pub const MAX_RETRIES_LIMIT: u32 = 100;

/// Everything a client can be told. Every field is optional; `None` means "the environment, else
/// the default". Its JSON form (the C ABI's `config_json`) uses the keys in the field docs, and
/// refuses unknown keys so that a typo is not silently ignored.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// `baseURL`: the API's base URL. Env: `BEEPER_BASE_URL`, then `BEEPER_DESKTOP_BASE_URL`.
    #[serde(rename = "baseURL")]
    pub base_url: Option<String>,
    /// `accessToken`: the Bearer token. Env: `BEEPER_ACCESS_TOKEN`.
    #[serde(rename = "accessToken")]
    pub access_token: Option<Secret>,
    /// `timeoutMs`: total time for one request. Default 30 s.
    #[serde(rename = "timeoutMs", default, deserialize_with = "millis")]
    pub timeout: Option<Duration>,
    /// `connectTimeoutMs`: time to connect. Default 5 s.
    #[serde(rename = "connectTimeoutMs", default, deserialize_with = "millis")]
    pub connect_timeout: Option<Duration>,
    /// `maxRetries`: retries after the first attempt. Default 2.
    #[serde(rename = "maxRetries")]
    pub max_retries: Option<u32>,
    /// `defaultHeaders`: extra headers on every request. Env: `BEEPER_CUSTOM_HEADERS`
    /// (newline-separated `Name: value` lines); explicit headers win over the env's. The headers
    /// the library writes (`Content-Length`, `Transfer-Encoding`, `Host`, `Content-Type`) and
    /// control characters are refused. An `Authorization` header here is a credential like the
    /// token, sent only where the token would be; the access token, when there is one, replaces it.
    #[serde(rename = "defaultHeaders")]
    pub default_headers: Option<BTreeMap<String, String>>,
    /// `userAgent`: a token appended to this library's `User-Agent` (e.g. a binding's name).
    #[serde(rename = "userAgent")]
    pub user_agent: Option<String>,
    /// `adoptAccessToken`: after a successful sign-in or register, a client without a token starts
    /// using the returned `matrix.accessToken`. Default true.
    #[serde(rename = "adoptAccessToken")]
    pub adopt_access_token: Option<bool>,
    /// `allowInsecureHttp`: allow sending the token over plain HTTP to a host that is not loopback.
    /// Default false.
    #[serde(rename = "allowInsecureHttp")]
    pub allow_insecure_http: Option<bool>,
    /// `caCertificatesPem`: one or more PEM certificates (`-----BEGIN CERTIFICATE-----` blocks)
    /// trusted for https in addition to the platform's trust store, e.g. a private CA in front
    /// of Beeper Server. Text that is not such PEM is refused when the client is made, and so is
    /// the key on Android, whose verifier takes no extra certificates.
    #[serde(rename = "caCertificatesPem")]
    pub ca_certificates_pem: Option<String>,
}

fn millis<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Duration>, D::Error> {
    Ok(Option::<u64>::deserialize(d)?.map(Duration::from_millis))
}

/// Written by hand so that credential headers in `defaultHeaders` are never shown.
impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers = self.default_headers.as_ref().map(|h| {
            h.iter()
                .map(|(n, v)| (n, headers::shown(n, Some(v))))
                .collect::<Vec<_>>()
        });
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("access_token", &self.access_token)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("default_headers", &headers)
            .field("user_agent", &self.user_agent)
            .field("adopt_access_token", &self.adopt_access_token)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field(
                "ca_certificates_pem",
                &self.ca_certificates_pem.as_ref().map(|_| "…"),
            )
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// Parses the JSON form. `null`, empty text and `{}` all mean "all defaults".
    pub fn from_json(text: &str) -> Result<Self> {
        object_or_default(text, "client config")
    }
}

/// A validated configuration, with the environment and defaults applied.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    /// Scheme, host, port and path prefix, without a trailing slash.
    pub base_url: String,
    pub access_token: Option<Secret>,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_retries: u32,
    /// The default headers, without `Authorization` (which is `default_authorization`).
    pub headers: HeaderList,
    /// An `Authorization` header from `defaultHeaders` or the environment: used like the token
    /// (and only when there is no token).
    pub default_authorization: Option<Secret>,
    pub user_agent: String,
    pub adopt_access_token: bool,
    /// True when a token may be sent to `base_url`: https, a loopback host, or explicitly allowed.
    pub token_transport_ok: bool,
    /// Plain http trusted because the host is loopback: connections go to loopback addresses
    /// only (a name is checked on every lookup).
    pub loopback_only: bool,
    /// The host is loopback (by address or name): never reached through a proxy.
    pub loopback_host: bool,
    /// The certificates of `caCertificatesPem`, trusted beside the platform's for HTTPS.
    #[cfg(feature = "tls")]
    pub extra_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
}

/// Reads the environment; a test can pass its own.
pub(crate) trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

pub(crate) struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

impl Settings {
    pub fn resolve(config: ClientConfig, env: &dyn Env) -> Result<Self> {
        let base_url = config
            .base_url
            .or_else(|| env.var("BEEPER_BASE_URL"))
            .or_else(|| env.var("BEEPER_DESKTOP_BASE_URL"))
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let (base_url, secure, loopback) = check_base_url(&base_url)?;
        let allow_insecure_http = config.allow_insecure_http.unwrap_or(false);
        #[cfg(feature = "tls")]
        let extra_roots = match &config.ca_certificates_pem {
            Some(pem) => crate::net::tls::parse_pem(pem)?,
            None => Vec::new(),
        };
        #[cfg(not(feature = "tls"))]
        if config.ca_certificates_pem.is_some() {
            return Err(Error::invalid(
                "caCertificatesPem: this build has no TLS support (cargo feature `tls`)",
            ));
        }

        let access_token = config
            .access_token
            .or_else(|| env.var("BEEPER_ACCESS_TOKEN").map(Secret::new));
        if let Some(token) = &access_token {
            headers::check_token(token)?;
        }

        let timeout = check_duration("timeoutMs", config.timeout, DEFAULT_TIMEOUT)?;
        let connect_timeout = check_duration(
            "connectTimeoutMs",
            config.connect_timeout,
            DEFAULT_CONNECT_TIMEOUT,
        )?;
        let max_retries = config.max_retries.unwrap_or(DEFAULT_MAX_RETRIES);
        if max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid(format!(
                "maxRetries must be at most {MAX_RETRIES_LIMIT}, got {max_retries}"
            )));
        }

        let mut headers = match env.var("BEEPER_CUSTOM_HEADERS") {
            Some(lines) => parse_header_lines(&lines)?,
            None => Vec::new(),
        };
        for (name, value) in config.default_headers.unwrap_or_default() {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
            headers.push((name, value));
        }
        for (name, value) in &headers {
            headers::check(name, value)?;
        }
        let default_authorization = headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case("authorization"))
            .map(|i| Secret::new(headers.remove(i).1));

        let mut user_agent = format!("beeper-setup/{}", crate::VERSION);
        if let Some(extra) = config.user_agent.filter(|s| !s.trim().is_empty()) {
            headers::check("User-Agent", &extra)?;
            user_agent.push(' ');
            user_agent.push_str(extra.trim());
        }

        Ok(Settings {
            base_url,
            access_token,
            timeout,
            connect_timeout,
            max_retries,
            headers: HeaderList(headers),
            default_authorization,
            user_agent,
            adopt_access_token: config.adopt_access_token.unwrap_or(true),
            token_transport_ok: secure || loopback || allow_insecure_http,
            loopback_only: !secure && loopback && !allow_insecure_http,
            loopback_host: loopback,
            #[cfg(feature = "tls")]
            extra_roots,
        })
    }
}

/// `url` as an error message may show it: scheme, host, port and path. User info, a query and
/// a fragment can hold a password or `?access_token=`, so they are cut out by position, `…`
/// standing in for them; text without `://` is not shown at all (it may be a pasted secret).
fn shown_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    let host = match authority.rsplit_once('@') {
        Some((_, host)) => format!("…@{host}"),
        None => authority.to_owned(),
    };
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let cut = if path_end < tail.len() { "…" } else { "" };
    Some(format!("{scheme}://{host}{}{cut}", &tail[..path_end]))
}

/// Checks that `url` is `http(s)://host[:port][/path]`; with it, whether it is https and whether
/// its host is loopback (by address, or by a name that must then resolve to loopback).
fn check_base_url(url: &str) -> Result<(String, bool, bool)> {
    let bad = |why: &str| match shown_url(url) {
        Some(shown) => Error::invalid(format!("invalid baseURL {shown:?}: {why}")),
        None => Error::invalid(format!("invalid baseURL: {why}")),
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("expected http://host[:port]"))?;
    let secure = match scheme.to_ascii_lowercase().as_str() {
        "https" => true,
        "http" => false,
        _ => return Err(bad("the scheme must be http or https")),
    };
    if secure && !cfg!(feature = "tls") {
        return Err(bad(
            "this build has no TLS support (it was built without the default cargo feature `tls`)",
        ));
    }
    if url.contains(['?', '#']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it must not contain a query, a fragment or whitespace"));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(bad("it needs a host (and no user info)"));
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    if let Some((_, port)) = authority
        .rsplit_once(':')
        .filter(|_| !authority.ends_with(']'))
    {
        if port.parse::<u16>().is_err() {
            return Err(bad("the port must be a number from 0 to 65535"));
        }
    }
    Ok((
        url.trim_end_matches('/').to_owned(),
        secure,
        is_loopback(host),
    ))
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn check_duration(key: &str, value: Option<Duration>, default: Duration) -> Result<Duration> {
    match value {
        None => Ok(default),
        Some(d) if d.is_zero() => Err(Error::invalid(format!("{key} must be greater than 0"))),
        Some(d) if d > Duration::from_secs(24 * 3600) => {
            Err(Error::invalid(format!("{key} must be at most one day")))
        }
        Some(d) => Ok(d),
    }
}

fn parse_header_lines(lines: &str) -> Result<Vec<(String, String)>> {
    lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (name, value) = line.split_once(':').ok_or_else(|| {
                Error::invalid("BEEPER_CUSTOM_HEADERS lines must look like `Name: value`")
            })?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv(HashMap<&'static str, &'static str>);
    impl Env for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    fn resolve(json: &str, env: &[(&'static str, &'static str)]) -> Result<Settings> {
        Settings::resolve(
            ClientConfig::from_json(json)?,
            &FakeEnv(env.iter().copied().collect()),
        )
    }

    #[test]
    fn defaults_apply() {
        let s = resolve("null", &[]).unwrap();
        assert_eq!(s.base_url, DEFAULT_BASE_URL);
        assert_eq!(s.timeout, DEFAULT_TIMEOUT);
        assert_eq!(s.max_retries, 2);
        assert!(s.adopt_access_token);
        assert!(s.token_transport_ok);
        assert!(s.access_token.is_none());
    }

    #[test]
    fn env_is_read_in_the_official_order_and_explicit_wins() {
        let env = [
            ("BEEPER_DESKTOP_BASE_URL", "http://127.0.0.1:2"),
            ("BEEPER_ACCESS_TOKEN", "tok"),
            ("BEEPER_CUSTOM_HEADERS", "X-A: 1\nX-B: 2"),
        ];
        let s = resolve("{}", &env).unwrap();
        assert_eq!(s.base_url, "http://127.0.0.1:2");
        assert_eq!(s.access_token.unwrap().expose(), "tok");
        assert_eq!(s.headers.len(), 2);
        let mut env2 = env.to_vec();
        env2.push(("BEEPER_BASE_URL", "http://127.0.0.1:1/"));
        let s = resolve(r#"{"defaultHeaders":{"x-a":"9"}}"#, &env2).unwrap();
        assert_eq!(s.base_url, "http://127.0.0.1:1");
        assert!(s.headers.contains(&("x-a".into(), "9".into())));
        assert!(!s.headers.iter().any(|(_, v)| v == "1"));
        let s = resolve(r#"{"baseURL":"http://[::1]:9"}"#, &env2).unwrap();
        assert_eq!(s.base_url, "http://[::1]:9");
    }

    #[test]
    fn bad_values_are_refused_with_clear_messages() {
        for (json, needle) in [
            (r#"{"baseUrl":"x"}"#, "unknown field"),
            (r#"{"baseURL":"ftp://x"}"#, "scheme"),
            (r#"{"baseURL":"localhost:1"}"#, "expected"),
            (r#"{"baseURL":"http://h:99999"}"#, "port"),
            (r#"{"timeoutMs":0}"#, "timeoutMs"),
            (r#"{"timeoutMs":"5"}"#, "invalid type"),
            (r#"{"maxRetries":-1}"#, "invalid value"),
            (r#"{"maxRetries":1000}"#, "maxRetries"),
            (r#"{"defaultHeaders":{"X":"a\nb"}}"#, "control characters"),
            (
                r#"{"defaultHeaders":{"X":"a\u000bb"}}"#,
                "control characters",
            ),
            (
                r#"{"defaultHeaders":{"X":"a\u007fb"}}"#,
                "control characters",
            ),
            (
                r#"{"defaultHeaders":{"Content-Length":"0"}}"#,
                "set by the library",
            ),
            (
                r#"{"defaultHeaders":{"host":"evil"}}"#,
                "set by the library",
            ),
            (r#"{"defaultHeaders":{"Bad Name":"v"}}"#, "header name"),
            (r#"[]"#, "JSON object"),
        ] {
            let err = resolve(json, &[]).unwrap_err();
            assert_eq!(err.kind, crate::ErrorKind::InvalidArgument, "{json}");
            assert!(err.message.contains(needle), "{json}: {}", err.message);
        }
    }

    #[test]
    fn a_bad_token_is_refused_without_being_quoted() {
        let err = resolve(r#"{"accessToken":"secret\nvalue"}"#, &[]).unwrap_err();
        assert!(!err.message.contains("secret"), "{}", err.message);
        let spaced = resolve(r#"{"accessToken":"My Access Token"}"#, &[]).unwrap();
        assert_eq!(spaced.access_token.unwrap().expose(), "My Access Token");
    }

    #[test]
    fn an_authorization_default_header_is_kept_apart_as_a_credential() {
        let env = [(
            "BEEPER_CUSTOM_HEADERS",
            "authorization: Bearer from-env\nX-A: 1",
        )];
        let s = resolve("{}", &env).unwrap();
        assert_eq!(
            s.default_authorization.as_ref().unwrap().expose(),
            "Bearer from-env"
        );
        assert_eq!(*s.headers, vec![("X-A".to_owned(), "1".to_owned())]);
        let s = resolve(
            r#"{"defaultHeaders":{"Authorization":"Bearer explicit"}}"#,
            &env,
        )
        .unwrap();
        assert_eq!(s.default_authorization.unwrap().expose(), "Bearer explicit");
        assert!(!format!("{:?}", s.headers).contains("explicit"));
        let config =
            ClientConfig::from_json(r#"{"defaultHeaders":{"Cookie":"sid=hunter2","X-A":"shown"}}"#)
                .unwrap();
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("hunter2") && shown.contains("shown"),
            "{shown}"
        );
    }

    #[test]
    fn https_needs_the_tls_feature() {
        let result = resolve(r#"{"baseURL":"https://beeper.example"}"#, &[]);
        if cfg!(feature = "tls") {
            assert!(result.unwrap().token_transport_ok);
        } else {
            assert!(result.unwrap_err().message.contains("no TLS support"));
        }
    }

    #[test]
    fn plain_http_to_a_remote_host_needs_consent_for_the_token() {
        let remote = resolve(r#"{"baseURL":"http://beeper.example:80"}"#, &[]).unwrap();
        assert!(!remote.token_transport_ok);
        let allowed = resolve(
            r#"{"baseURL":"http://beeper.example","allowInsecureHttp":true}"#,
            &[],
        )
        .unwrap();
        assert!(allowed.token_transport_ok);
        for local in ["http://[::1]:5", "http://127.0.0.9", "http://app.localhost"] {
            let json = format!(r#"{{"baseURL":"{local}"}}"#);
            let s = resolve(&json, &[]).unwrap();
            assert!(s.token_transport_ok && s.loopback_only, "{local}");
        }
        // A loopback name must then resolve to loopback; with consent, or https, anything goes.
        for (json, loopback_only) in [
            (r#"{"baseURL":"http://evil.localhost"}"#, true),
            (
                r#"{"baseURL":"http://evil.localhost","allowInsecureHttp":true}"#,
                false,
            ),
            (r#"{"baseURL":"http://beeper.example"}"#, false),
        ] {
            assert_eq!(
                resolve(json, &[]).unwrap().loopback_only,
                loopback_only,
                "{json}"
            );
        }
    }
}
