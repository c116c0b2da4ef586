//! The client and its request pipeline: URL, auth, headers, retries, size cap, error mapping.

use crate::call::headers::{check_token, is_credential};
use crate::call::nonblocking::Registry;
use crate::call::options::{append_query, push_escaped, raw_answer, CallOptions};
use crate::call::retry;
use crate::cancel::Canceller;
use crate::config::{ClientConfig, ProcessEnv, Settings};
use crate::error::{Error, ErrorKind, Result};
use crate::logging::events;
use crate::net::fork::ForkGuard;
use crate::net::resolver::CachingResolver;
use crate::net::transport::{sent, Refusal, SteppedTimeouts};
use crate::operations::{Auth, Method, Operation, Spec};
use crate::secret::Secret;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use ureq::config::AutoHeaderValue;
use ureq::http::Response;
use ureq::unversioned::transport::{Connector, DefaultConnector};
use ureq::Agent;

/// The most a response body may hold. Setup answers are a few KiB; a hostile or broken server
/// must not make us allocate without bound.
pub const MAX_RESPONSE_BYTES: u64 = 4 << 20;
/// The longest verification id accepted.
const MAX_ID_BYTES: usize = 1024;

/// A client of the app-setup API. Cheap to clone (clones share connections, the token and
/// cancellation) and safe to use from any number of threads at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: Agent,
    settings: Settings,
    /// The `Authorization` header value (`Bearer <token>`), made once per token rather than
    /// per request; shared so that a request takes it without copying.
    authorization: RwLock<Option<Arc<Secret>>>,
    /// An `Authorization` header from the configuration's headers, used when there is no token.
    default_authorization: Option<Arc<Secret>>,
    /// Whether the default headers hold another credential (a cookie), which needs the same
    /// transport as the token.
    default_credential: bool,
    canceller: Canceller,
    /// The calls started without blocking that have not ended.
    calls: Arc<Registry>,
    /// Poll threads of ended waits that were still connecting when their wait ended; joined by
    /// [`Client::join_background`] (`beeper_client_free`), so that none outlives the client.
    background: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.settings.base_url)
            .field("has_access_token", &self.has_access_token())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Makes a client from `config`, the environment (`BEEPER_BASE_URL`,
    /// `BEEPER_DESKTOP_BASE_URL`, `BEEPER_ACCESS_TOKEN`, `BEEPER_CUSTOM_HEADERS`) and defaults.
    /// No I/O happens here.
    pub fn new(config: ClientConfig) -> Result<Self> {
        let settings = Settings::resolve(config, &ProcessEnv)?;
        events::client_created(&settings);
        Ok(Client {
            inner: Arc::new(Inner {
                agent: new_agent(&settings),
                authorization: RwLock::new(settings.access_token.as_ref().map(bearer)),
                default_authorization: settings.default_authorization.clone().map(Arc::new),
                default_credential: settings.headers.iter().any(|(n, _)| is_credential(n)),
                settings,
                canceller: Canceller::default(),
                calls: Arc::default(),
                background: Mutex::default(),
            }),
        })
    }

    /// Makes a client from the JSON form of [`ClientConfig`] (the C ABI's `config_json`).
    pub fn from_json(config_json: &str) -> Result<Self> {
        Client::new(ClientConfig::from_json(config_json)?)
    }

    /// The base URL in use, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.settings.base_url
    }

    /// The effective settings, after the environment and defaults, as JSON: `baseURL`,
    /// `timeoutMs`, `connectTimeoutMs`, `maxRetries`, `userAgent`, `adoptAccessToken`,
    /// `hasAccessToken`. Never the token itself.
    pub fn settings_json(&self) -> serde_json::Value {
        let s = &self.inner.settings;
        serde_json::json!({
            "baseURL": s.base_url,
            "timeoutMs": s.timeout.as_millis() as u64,
            "connectTimeoutMs": s.connect_timeout.as_millis() as u64,
            "maxRetries": s.max_retries,
            "userAgent": s.user_agent,
            "adoptAccessToken": s.adopt_access_token,
            "hasAccessToken": self.has_access_token(),
        })
    }

    /// Whether the client has an access token now.
    pub fn has_access_token(&self) -> bool {
        self.authorization().is_some()
    }

    /// The access token the client holds now (given, from the environment, or adopted after a
    /// sign-in), so that a binding reads it here instead of repeating the adoption rule.
    pub fn access_token(&self) -> Option<Secret> {
        let authorization = self.authorization()?;
        let token = authorization.expose().strip_prefix("Bearer ")?;
        Some(Secret::new(token))
    }

    /// Replaces the access token (`None` removes it). Safe while other threads make calls:
    /// each request uses the token current when it starts.
    pub fn set_access_token(&self, token: Option<Secret>) -> Result<()> {
        if let Some(t) = &token {
            check_token(t)?;
        }
        *self
            .inner
            .authorization
            .write()
            .unwrap_or_else(PoisonError::into_inner) = token.as_ref().map(bearer);
        Ok(())
    }

    /// Ends, with a `Cancelled` error, every [`wait`](Client::wait) on this client (and its
    /// clones) that began before this returns, and every call pausing before a retry. A request
    /// already sent by a blocking call is never cut (its outcome on the server would be
    /// unknown); a call started without blocking ends at once, as its handle's cancel ends it.
    /// Calls made afterwards are not affected. Nothing is cancelled on the server.
    pub fn cancel(&self) {
        self.inner.canceller.cancel();
        self.inner.calls.cancel_all();
    }

    pub(crate) fn calls(&self) -> &Registry {
        &self.inner.calls
    }

    pub(crate) fn calls_arc(&self) -> Arc<Registry> {
        self.inner.calls.clone()
    }

    /// The settings the client was made with.
    pub(crate) fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The client's shared agent (its connection pool).
    pub(crate) fn agent(&self) -> &Agent {
        &self.inner.agent
    }

    pub(crate) fn canceller(&self) -> &Canceller {
        &self.inner.canceller
    }

    fn authorization(&self) -> Option<Arc<Secret>> {
        self.inner
            .authorization
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Runs `op` with params as wire JSON (`None` or `"null"` where every field is optional) and
    /// returns the response body as the server sent it, after checking its shape (`"null"` for
    /// an operation without a response body). This is what the C ABI exposes.
    pub fn call(&self, op: Operation, id: Option<&str>, params: Option<&str>) -> Result<String> {
        let spec = op.spec();
        let body = spec.check_params(params)?;
        let answer = self.send(&self.inner.agent, spec, id, body.as_deref(), None)?;
        plain_text(spec, answer)
    }

    /// Everything a call decides before sending, checked as the blocking calls check it: the
    /// body to send, and where and with which credential.
    pub(crate) fn plan(
        &self,
        spec: &Spec,
        id: Option<&str>,
        params: Option<&str>,
        options: Option<&CallOptions>,
    ) -> Result<(Option<String>, Target)> {
        let body = match options {
            None => spec.check_params(params)?,
            Some(options) => {
                options.check()?;
                options.merge_body(spec, spec.check_params(params)?)?
            }
        };
        Ok((body, self.target(spec, self.url(spec, id)?, options)?))
    }

    /// A 2xx answer as the call returns it: with `options`, as [`call_with`](Client::call_with)
    /// does, else as [`call`](Client::call) does.
    pub(crate) fn answer_text(
        &self,
        spec: &Spec,
        options: Option<&CallOptions>,
        answer: Answer,
    ) -> Result<String> {
        match options {
            None => plain_text(spec, answer),
            Some(options) => text_with(spec, options, answer),
        }
    }

    /// `setup.retrieve` through `agent`, once (no retries), within `timeout`: one poll of a
    /// wait, which has its own agent so that ending the wait can cut the request short.
    pub(crate) fn poll_on(&self, agent: &Agent, timeout: std::time::Duration) -> Result<String> {
        let spec = Operation::SetupRetrieve.spec();
        let options = CallOptions {
            timeout: Some(timeout.min(self.inner.settings.timeout)),
            max_retries: Some(0),
            ..CallOptions::default()
        };
        let answer = self.send(agent, spec, None, None, Some(&options))?;
        spec.check_response(&answer.text)?;
        Ok(answer.text)
    }

    /// A new agent with this client's settings (and a pool of its own).
    pub(crate) fn new_agent(&self) -> Agent {
        new_agent(&self.inner.settings)
    }

    /// Keeps a poll thread that is still ending (it was connecting when its wait ended) until
    /// [`join_background`](Client::join_background); threads that have ended meanwhile are
    /// joined now.
    pub(crate) fn keep_until_free(&self, thread: JoinHandle<()>) {
        let mut threads = self
            .inner
            .background
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (ended, running): (Vec<_>, Vec<_>) =
            threads.drain(..).partition(JoinHandle::is_finished);
        *threads = running;
        threads.push(thread);
        drop(threads);
        for t in ended {
            let _ = t.join();
        }
    }

    /// Waits for the poll threads of ended waits (each ends within the connect timeout).
    /// `beeper_client_free` calls it, so that no thread of the client outlives the free.
    pub(crate) fn join_background(&self) {
        let threads = std::mem::take(
            &mut *self
                .inner
                .background
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for t in threads {
            let _ = t.join();
        }
    }

    /// Runs `op` like [`call`](Client::call), with per-call `options`: a timeout, retries,
    /// extra headers, query parameters and body fields, and the raw answer
    /// (`{status, headers, body}`) when `options.raw` is set. Options are checked before
    /// anything is sent.
    pub fn call_with(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: &CallOptions,
    ) -> Result<String> {
        options.check()?;
        self.call_with_checked(op, id, params, options)
    }

    /// [`call_with`](Client::call_with) for options already checked (as
    /// [`CallOptions::from_json`] checks them): the C ABI's path.
    pub(crate) fn call_with_checked(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: &CallOptions,
    ) -> Result<String> {
        let spec = op.spec();
        let body = options.merge_body(spec, spec.check_params(params)?)?;
        let answer = self.send(&self.inner.agent, spec, id, body.as_deref(), Some(options))?;
        text_with(spec, options, answer)
    }

    /// Runs `op` with typed params and decodes the typed response.
    pub(crate) fn call_typed<P: Serialize, R: DeserializeOwned>(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&P>,
    ) -> Result<R> {
        let spec = op.spec();
        let body = match (params, spec.body) {
            (Some(p), _) => Some(
                serde_json::to_string(p)
                    .map_err(|e| Error::internal(format!("could not encode params: {e}")))?,
            ),
            (None, Some(_)) => Some("{}".to_owned()),
            (None, None) => None,
        };
        let text = self
            .send(&self.inner.agent, spec, id, body.as_deref(), None)?
            .text;
        let source = if spec.has_empty_response() {
            "null"
        } else {
            &text
        };
        serde_json::from_str(source).map_err(|e| {
            Error::new(
                ErrorKind::Decode,
                format!(
                    "{}: the response is not the documented shape: {}",
                    spec.name,
                    crate::error::json_error_message(&e)
                ),
            )
        })
    }

    /// Sends one operation with retries; returns the 2xx answer.
    fn send(
        &self,
        agent: &Agent,
        spec: &Spec,
        id: Option<&str>,
        body: Option<&str>,
        options: Option<&CallOptions>,
    ) -> Result<Answer> {
        let url = self.url(spec, id)?;
        self.send_to(agent, spec, url, body, options)
    }

    /// [`send`](Client::send) to a URL already made (a custom request's).
    pub(crate) fn send_to(
        &self,
        agent: &Agent,
        spec: &Spec,
        url: String,
        body: Option<&str>,
        options: Option<&CallOptions>,
    ) -> Result<Answer> {
        let target = self.target(spec, url, options)?;
        let epoch = self.inner.canceller.epoch();
        let mut retries = 0;
        loop {
            match self.exchange(agent, spec, &target, body, retries, options) {
                Ok(answer) => return Ok(answer),
                Err((_, Some(delay))) if retries < target.max_retries => {
                    self.inner
                        .canceller
                        .sleep(epoch, delay)
                        .map_err(|e| e.with_retries(retries))?;
                    retries += 1;
                }
                Err((error, _)) => return Err(error.with_retries(retries)),
            }
        }
    }

    /// Where a call goes, with which credential, and how often it may retry: decided once per
    /// call, before anything is sent.
    fn target(
        &self,
        spec: &Spec,
        mut url: String,
        options: Option<&CallOptions>,
    ) -> Result<Target> {
        if let Some(options) = options {
            append_query(&mut url, &options.extra_query);
        }
        // An `Authorization` given for this call replaces (or, as null, removes) the token.
        let authorization = match options.and_then(|o| o.header("authorization")) {
            Some(given) => given.map(|v| Arc::new(Secret::new(v))),
            None => match spec.auth {
                Auth::None => None,
                Auth::Optional | Auth::Bearer => self
                    .authorization()
                    .or_else(|| self.inner.default_authorization.clone()),
            },
        };
        let other_credential = self.inner.default_credential
            || options.is_some_and(CallOptions::sets_other_credential);
        if !self.inner.settings.token_transport_ok {
            let what = if authorization.is_some() || other_credential {
                Some("the access token")
            } else {
                spec.secret
            };
            if let Some(what) = what {
                return Err(Error::invalid(format!(
                    "{}: refusing to send {what} over plain http to a host that is not \
                     loopback; use https or set allowInsecureHttp",
                    spec.name
                )));
            }
        }
        let max_retries = options
            .and_then(|o| o.max_retries)
            .unwrap_or(self.inner.settings.max_retries);
        Ok(Target {
            url,
            authorization,
            max_retries,
        })
    }

    /// One exchange and the verdict on it: the 2xx answer, or the error together with the
    /// pause before a retry when the error is worth one (the caller decides whether retries
    /// are left). An operation whose answer exists once gets no pause once its request may
    /// have reached the server.
    pub(crate) fn exchange(
        &self,
        agent: &Agent,
        spec: &Spec,
        target: &Target,
        body: Option<&str>,
        retries: u32,
        options: Option<&CallOptions>,
    ) -> std::result::Result<Answer, (Error, Option<Duration>)> {
        let started = Instant::now();
        sent::clear();
        let outcome = self.attempt(
            agent,
            spec,
            &target.url,
            target.authorization.as_deref(),
            body,
            retries,
            options,
        );
        // Read before logging: a log handler may call into the library on this thread.
        let may_have_arrived = sent::anything();
        let status = outcome.as_ref().map(|a| a.status);
        events::exchange(spec, &target.url, self.base_url(), status, started, retries);
        let (error, delay) = match outcome {
            Ok(answer) if (200..300).contains(&answer.status) => {
                self.adopt_token(spec, &answer.text);
                return Ok(answer);
            }
            Ok(answer) => {
                let verdict = retry::should_retry_header(answer.should_retry.as_deref());
                let retry = match spec.answer_given_once {
                    None => verdict.unwrap_or_else(|| retry::retryable_status(answer.status)),
                    Some(_) => verdict.unwrap_or_else(|| retry::not_acted_on_status(answer.status)),
                };
                let delay = retry.then(|| {
                    retry::delay(
                        retries,
                        answer.retry_after_ms.as_deref(),
                        answer.retry_after.as_deref(),
                    )
                });
                let error = Error::from_status(answer.status, &answer.text)
                    .with_response_headers(&answer.headers);
                (error, delay)
            }
            Err(e) if matches!(e.kind, ErrorKind::Connection | ErrorKind::Timeout) => {
                match spec.answer_given_once {
                    Some(answer) if may_have_arrived => (outcome_unknown(spec, answer, e), None),
                    _ => {
                        let retry = !e.final_;
                        (e, retry.then(|| retry::delay(retries, None, None)))
                    }
                }
            }
            Err(e) => (e, None),
        };
        if let Some(delay) = delay.filter(|_| retries < target.max_retries) {
            events::retry(spec, &error, delay, retries, target.max_retries);
        }
        Err((error, delay))
    }

    fn url(&self, spec: &Spec, id: Option<&str>) -> Result<String> {
        let base = &self.inner.settings.base_url;
        let id = match (spec.takes_id(), id) {
            (false, None) => None,
            (false, Some(_)) => {
                return Err(Error::invalid(format!(
                    "{} takes no verification id",
                    spec.name
                )))
            }
            (true, None) | (true, Some("")) => {
                return Err(Error::invalid(format!(
                    "{}: the verification id must not be empty",
                    spec.name
                )))
            }
            (true, Some(id)) if id.len() > MAX_ID_BYTES => {
                return Err(Error::invalid(format!(
                    "{}: the verification id is longer than {MAX_ID_BYTES} bytes",
                    spec.name
                )))
            }
            (true, Some(id)) => Some(id),
        };
        // Built by hand: this runs on every call, and `format!` costs more than the rest.
        let mut url =
            String::with_capacity(base.len() + spec.path.len() + 3 * id.map_or(0, str::len));
        url.push_str(base);
        match (id, spec.path.split_once("{id}")) {
            (Some(id), Some((before, after))) => {
                url.push_str(before);
                percent_encode_into(&mut url, id, PATH_KEEPS);
                url.push_str(after);
            }
            _ => url.push_str(spec.path),
        }
        Ok(url)
    }

    /// One HTTP exchange, body read included.
    #[allow(clippy::too_many_arguments)]
    fn attempt(
        &self,
        agent: &Agent,
        spec: &Spec,
        url: &str,
        authorization: Option<&Secret>,
        body: Option<&str>,
        retries: u32,
        options: Option<&CallOptions>,
    ) -> Result<Answer> {
        let with_body = |builder| self.prepare(builder, authorization, retries, options);
        let response = match (spec.method, body) {
            (Method::Get, _) => self
                .prepare(agent.get(url), authorization, retries, options)
                .call(),
            (Method::Delete, None) => self
                .prepare(agent.delete(url), authorization, retries, options)
                .call(),
            (Method::Post, _) => send_json(with_body(agent.post(url)), body),
            (Method::Put, _) => send_json(with_body(agent.put(url)), body),
            (Method::Patch, _) => send_json(with_body(agent.patch(url)), body),
            (Method::Delete, Some(_)) => {
                send_json(with_body(agent.delete(url).force_send_body()), body)
            }
        };
        read_answer(
            response.map_err(transport_error)?,
            options.is_some_and(|o| o.raw),
        )
    }

    fn prepare<B>(
        &self,
        builder: ureq::RequestBuilder<B>,
        authorization: Option<&Secret>,
        retries: u32,
        options: Option<&CallOptions>,
    ) -> ureq::RequestBuilder<B> {
        match options {
            None => self.headers(builder, authorization, retries),
            Some(options) => self.headers_with(builder, authorization, retries, options),
        }
    }

    fn headers<B>(
        &self,
        mut builder: ureq::RequestBuilder<B>,
        authorization: Option<&Secret>,
        retries: u32,
    ) -> ureq::RequestBuilder<B> {
        for (name, value) in self.inner.settings.headers.iter() {
            builder = builder.header(name, value);
        }
        if let Some(authorization) = authorization {
            builder = builder.header("Authorization", authorization.expose());
        }
        // The same counter header the official SDKs send, so servers see retries the same way.
        builder.header("x-stainless-retry-count", retries.to_string())
    }

    /// The headers of a call with options: the defaults, less those the options replace or
    /// remove, then the options' own; and this call's config. `authorization` already accounts
    /// for the options. The generic part only applies what `call_headers` and `call_config`
    /// decided, so that it stays small for each body type.
    fn headers_with<B>(
        &self,
        mut builder: ureq::RequestBuilder<B>,
        authorization: Option<&Secret>,
        retries: u32,
        options: &CallOptions,
    ) -> ureq::RequestBuilder<B> {
        let retries = retries.to_string();
        for (name, value) in self.call_headers(authorization, &retries, options) {
            builder = builder.header(name, value);
        }
        let Some(config) = self.call_config(options) else {
            return builder;
        };
        let mut scope = builder.config();
        if let Some(timeout) = config.timeout {
            scope = scope.timeout_global(Some(timeout));
        }
        if config.no_user_agent {
            scope = scope.user_agent(AutoHeaderValue::None);
        }
        if config.no_accept {
            scope = scope.accept(AutoHeaderValue::None);
        }
        scope.build()
    }

    /// The headers of a call with options, in the order they are sent; an iterator, so that
    /// no list is built per call.
    fn call_headers<'a>(
        &'a self,
        authorization: Option<&'a Secret>,
        retries: &'a str,
        options: &'a CallOptions,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let defaults = self
            .inner
            .settings
            .headers
            .iter()
            .filter(|(name, _)| options.header(name).is_none())
            .map(|(name, value)| (name.as_str(), value.as_str()));
        let authorization = authorization.map(|a| ("Authorization", a.expose()));
        let retries = options
            .header("x-stainless-retry-count")
            .is_none()
            .then_some(("x-stainless-retry-count", retries));
        let extra = options.extra_headers.iter().filter_map(|(name, value)| {
            let value = value.as_deref()?;
            (!name.eq_ignore_ascii_case("authorization")).then_some((name.as_str(), value))
        });
        defaults.chain(authorization).chain(retries).chain(extra)
    }

    /// What this call changes in the request's config, if anything: a request-level config
    /// costs a copy of the agent's, so only when something differs.
    fn call_config(&self, options: &CallOptions) -> Option<CallConfig> {
        let removed = |name| options.header(name) == Some(None);
        let config = CallConfig {
            timeout: options
                .timeout
                .filter(|t| *t != self.inner.settings.timeout),
            no_user_agent: removed("user-agent"),
            no_accept: removed("accept"),
        };
        (config.timeout.is_some() || config.no_user_agent || config.no_accept).then_some(config)
    }

    /// After sign-in or register, a client without a token takes the one returned.
    fn adopt_token(&self, spec: &Spec, text: &str) {
        #[derive(Deserialize)]
        struct Carrier {
            matrix: Option<TokenOnly>,
        }
        #[derive(Deserialize)]
        struct TokenOnly {
            #[serde(rename = "accessToken")]
            access_token: Secret,
        }
        if !spec.yields_token || !self.inner.settings.adopt_access_token {
            return;
        }
        let Ok(Carrier { matrix: Some(m) }) = serde_json::from_str::<Carrier>(text) else {
            return;
        };
        let mut slot = self
            .inner
            .authorization
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() && check_token(&m.access_token).is_ok() {
            *slot = Some(bearer(&m.access_token));
        }
    }
}

/// A failed exchange of an operation whose answer exists once, after its request may have
/// reached the server: not retried, and the error says what that means and what to do.
fn outcome_unknown(spec: &Spec, answer: &str, cause: Error) -> Error {
    let mut e = Error::new(
        cause.kind,
        format!(
            "{}: {}; the request had been sent, so Beeper may have acted on it. It was not sent \
             again, because {answer} is returned only once. Read the state (setup.retrieve) \
             before trying again: if the step took effect, {answer} was lost with the answer \
             and the step must be redone (for a sign-in: sign this device out in Beeper, then \
             sign in again)",
            spec.name, cause.message
        ),
    );
    e.final_ = true;
    e
}

/// A 2xx answer's body when it is JSON; a `decode` error otherwise.
pub(crate) fn json_body(spec: &Spec, answer: Answer) -> Result<String> {
    if serde_json::from_str::<serde::de::IgnoredAny>(&answer.text).is_err() {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!(
                "{}: the response is not JSON (the raw option returns its text)",
                spec.name
            ),
        );
        e.status = Some(answer.status);
        return Err(e);
    }
    Ok(answer.text)
}

/// Sends `body` as JSON, or an empty body.
fn send_json(
    builder: ureq::RequestBuilder<ureq::typestate::WithBody>,
    body: Option<&str>,
) -> std::result::Result<Response<ureq::Body>, ureq::Error> {
    match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .send(body.as_bytes()),
        None => builder.send_empty(),
    }
}

/// The HTTP agent of a client (and of each wait's polls): its timeouts, headers and pool.
fn new_agent(settings: &Settings) -> Agent {
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

fn bearer(token: &Secret) -> Arc<Secret> {
    Arc::new(Secret::new(format!("Bearer {}", token.expose())))
}

/// A plain call's answer text: `null` for an operation without a response body, else the body
/// after its shape is checked.
fn plain_text(spec: &Spec, answer: Answer) -> Result<String> {
    if spec.has_empty_response() {
        return Ok("null".to_owned());
    }
    spec.check_response(&answer.text)?;
    Ok(answer.text)
}

/// A call's answer text under its options: the shape checked unless turned off, the raw
/// answer when asked for.
fn text_with(spec: &Spec, options: &CallOptions, answer: Answer) -> Result<String> {
    let checked = options.validate_response && !spec.has_empty_response();
    if checked {
        spec.check_response(&answer.text)?;
    }
    if options.raw {
        let (status, headers) = (answer.status, &answer.headers);
        return Ok(raw_answer(status, headers, &answer.text, checked));
    }
    if spec.has_empty_response() {
        return Ok("null".to_owned());
    }
    json_body(spec, answer)
}

/// Where a call goes and with which credential, decided once before anything is sent.
pub(crate) struct Target {
    url: String,
    /// Taken when the call starts: a token replaced meanwhile applies to later calls.
    authorization: Option<Arc<Secret>>,
    max_retries: u32,
}

impl Target {
    pub(crate) fn max_retries(&self) -> u32 {
        self.max_retries
    }
}

/// The request config a call's options change.
struct CallConfig {
    timeout: Option<std::time::Duration>,
    no_user_agent: bool,
    no_accept: bool,
}

/// What came back from one exchange.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) text: String,
    /// Every header as a JSON object's text (names lower-case, repeats joined with ", "), when
    /// the raw answer or an error needs them; empty otherwise.
    pub(crate) headers: String,
    retry_after_ms: Option<String>,
    retry_after: Option<String>,
    should_retry: Option<String>,
}

fn read_answer(mut response: Response<ureq::Body>, raw: bool) -> Result<Answer> {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let status = response.status().as_u16();
    let headers = if raw || !(200..300).contains(&status) {
        headers_json(response.headers())
    } else {
        String::new()
    };
    let (retry_after_ms, retry_after, should_retry) = (
        header("retry-after-ms"),
        header("retry-after"),
        header("x-should-retry"),
    );
    if !(200..300).contains(&status) {
        return Ok(Answer {
            status,
            text: error_body_excerpt(&mut response),
            headers,
            retry_after_ms,
            retry_after,
            should_retry,
        });
    }
    let too_big = || {
        let mut e = Error::new(
            ErrorKind::Decode,
            format!("the response body is larger than {MAX_RESPONSE_BYTES} bytes"),
        );
        e.status = Some(status);
        e
    };
    let announced = header("content-length").and_then(|v| v.trim().parse::<u64>().ok());
    // Refuse an announced oversized body without reading it.
    if announced.is_some_and(|n| n > MAX_RESPONSE_BYTES) {
        return Err(too_big());
    }
    // Sized up front (and one byte more, for the C string's terminator): one read, no regrowth.
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0) as usize + 1);
    response
        .body_mut()
        .with_config()
        .limit(MAX_RESPONSE_BYTES)
        .reader()
        .read_to_end(&mut bytes)
        .map_err(|e| match ureq::Error::from(e) {
            ureq::Error::BodyExceedsLimit(_) => too_big(),
            other => transport_error(other),
        })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        let mut e = Error::new(ErrorKind::Decode, "the response body is not valid UTF-8");
        e.status = Some(status);
        e
    })?;
    Ok(Answer {
        status,
        text,
        headers,
        retry_after_ms,
        retry_after,
        should_retry,
    })
}

/// The answer's headers as a JSON object's text: lower-case names, repeated headers joined
/// with ", ". Written directly in one pass over the map (the values of a name come one after
/// another), since a raw answer is assembled as text.
fn headers_json(map: &ureq::http::HeaderMap) -> String {
    let mut out = String::with_capacity(64 * map.keys_len());
    out.push('{');
    let mut previous: Option<&ureq::http::HeaderName> = None;
    for (name, value) in map.iter() {
        // Visible ASCII, as almost every header is, needs no UTF-8 decoding.
        let value = match value.to_str() {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(value.as_bytes()),
        };
        if previous == Some(name) {
            // A repeat: reopen the string just closed.
            out.pop();
            out.push_str(", ");
        } else {
            if previous.is_some() {
                out.push(',');
            }
            // A header name is lower-case token characters: nothing in it needs escaping.
            out.push('"');
            out.push_str(name.as_str());
            out.push_str("\":\"");
            previous = Some(name);
        }
        push_escaped(&mut out, &value);
        out.push('"');
    }
    out.push('}');
    out
}

/// How much of an error answer's body is read: it only feeds the error's message and `body`.
const MAX_ERROR_BODY_BYTES: u64 = 64 << 10;

/// The start of a non-2xx answer's body, as text. The status alone decides the error's kind and
/// whether to retry, so nothing about the body (its size, its encoding, a connection that breaks
/// while it is read) may turn a 503 into another kind of error: what could be read is kept, and
/// bytes that are not UTF-8 are shown as U+FFFD.
fn error_body_excerpt(response: &mut Response<ureq::Body>) -> String {
    let mut bytes = Vec::new();
    let _ = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .reader()
        .take(MAX_ERROR_BODY_BYTES)
        .read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Maps a transport failure to our kinds. ureq's messages name hosts and causes, never headers.
fn transport_error(e: ureq::Error) -> Error {
    if let Some(refusal) = Refusal::of(&e) {
        let mut error = Error::new(ErrorKind::Connection, refusal.0.clone());
        error.final_ = true;
        return error;
    }
    let kind = match &e {
        ureq::Error::Timeout(_) => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ErrorKind::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => ErrorKind::Timeout,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => ErrorKind::InvalidArgument,
        _ => ErrorKind::Connection,
    };
    let what = match kind {
        ErrorKind::Timeout => "the request timed out",
        ErrorKind::InvalidArgument => "the request could not be built",
        _ => "could not talk to the server",
    };
    Error::new(kind, format!("{what}: {e}"))
}

/// Percent-encodes `text` onto `out`: everything but ASCII letters, digits and `keep`.
pub(crate) fn percent_encode_into(out: &mut String, text: &str, keep: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// What a path segment keeps unencoded: not dots, so that `.` and `..` cannot climb the path.
pub(crate) const PATH_KEEPS: &[u8] = b"-_~";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_percent_encoded() {
        let encode = |s: &str| {
            let mut out = String::new();
            percent_encode_into(&mut out, s, PATH_KEEPS);
            out
        };
        assert_eq!(encode("a b/../ü%"), "a%20b%2F%2E%2E%2F%C3%BC%25");
        assert_eq!(encode("active"), "active");
    }

    #[test]
    fn client_is_send_sync_and_debug_hides_the_token() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
        let c = Client::from_json(r#"{"accessToken":"very-secret-token"}"#).unwrap();
        assert!(!format!("{c:?}").contains("very-secret"));
    }
}
