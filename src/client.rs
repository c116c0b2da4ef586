//! The client: its settings, its connections, the token it holds, and what it keeps for the
//! calls made on it. Every public method of the client is declared here; the calls' work is done
//! in the call layer (src/call/), starting in src/call/entry.rs.

use crate::call::cancel::Canceller;
use crate::call::nonblocking::runtime::Lane;
use crate::call::nonblocking::{self, CallHandle, Registry};
use crate::call::options::{CallOptions, ReadyOptions};
use crate::call::wait::{self, PollThreads, WaitParams};
use crate::call::watch::Feed;
use crate::call::watch::{self, WatchEvent, WatchParams};
use crate::call::{custom, entry};
use crate::config::{ClientConfig, ProcessEnv, Settings};
use crate::error::{Error, Result};
use crate::headers::{check_token, is_credential, Credential};
use crate::logging::events;
use crate::models::Session;
use crate::net::agent::Network;
use crate::resources::{RecoveryKeyApi, SetupApi, VerificationsApi};
use crate::secret::Secret;
use crate::{next_step_with, Method, NextStep, Operation, Spec, StepOptions};
use serde::Deserialize;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use ureq::http::{HeaderName, HeaderValue};
use ureq::Agent;

/// A client of the app-setup API. Cheap to clone (clones share connections, the token and
/// cancellation) and safe to use from any number of threads at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: Agent,
    /// What the client's agents share (its TLS setup): each blocking wait makes an agent.
    network: Network,
    settings: Settings,
    /// The `Authorization` header value (`Bearer <token>`), made once per token rather than
    /// per request; shared so that a request takes it without copying.
    authorization: RwLock<Option<Arc<Credential>>>,
    /// An `Authorization` header from the configuration's headers, used when there is no token.
    default_authorization: Option<Arc<Credential>>,
    /// Whether the default headers hold another credential (a cookie), which needs the same
    /// transport as the token.
    default_credential: bool,
    /// The default headers parsed once, so that a request takes copies that share their
    /// bytes rather than parsing and copying each again.
    default_headers: Vec<(HeaderName, HeaderValue)>,
    canceller: Canceller,
    /// The calls started without blocking that have not ended.
    calls: Arc<Registry>,
    /// The poll threads of ended waits that were still connecting (see `call::wait::PollThreads`).
    poll_threads: PollThreads,
    /// The session's changes, polled once for every watcher (see `call::watch`).
    feed: Arc<Feed>,
    /// The verifications this client cancelled, newest last, so that `next_step` can tell a
    /// cancel sent from here from one on the other device: the server's `m.user` is either.
    cancelled_here: Mutex<VecDeque<String>>,
}

/// How many cancelled verifications a client remembers: far more than one setup makes.
const CANCELLED_REMEMBERED: usize = 64;

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
        let network = Network::new(&settings);
        Ok(Client {
            inner: Arc::new(Inner {
                agent: network.agent(&settings),
                network,
                authorization: RwLock::new(settings.access_token.as_ref().map(bearer)),
                default_authorization: settings
                    .default_authorization
                    .clone()
                    .map(|text| Arc::new(Credential::new(text))),
                default_credential: settings.headers.iter().any(|(n, _)| is_credential(n)),
                default_headers: parsed_headers(&settings)?,
                settings,
                canceller: Canceller::default(),
                calls: Arc::default(),
                poll_threads: PollThreads::default(),
                feed: Arc::default(),
                cancelled_here: Mutex::default(),
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
    /// clones) that began before this returns, every blocking call that has not sent its request
    /// yet (looking up the name, connecting, in the TLS handshake: within 50 ms), and every call
    /// pausing before a retry. A request already sent by a blocking call is never cut (its outcome on the server would be
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

    /// The lane the client's calls take to the library's workers (see `runtime`).
    pub(crate) fn lane(&self) -> Lane {
        self.inner.calls.lane()
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

    pub(crate) fn feed(&self) -> &Arc<Feed> {
        &self.inner.feed
    }

    pub(crate) fn poll_threads(&self) -> &PollThreads {
        &self.inner.poll_threads
    }

    /// The credential a call sends when its options give none: the token, else an
    /// `Authorization` from the configuration's headers.
    pub(crate) fn authorization_or_default(&self) -> Option<Arc<Credential>> {
        self.authorization()
            .or_else(|| self.inner.default_authorization.clone())
    }

    /// The default headers, parsed once.
    pub(crate) fn default_headers(&self) -> &[(HeaderName, HeaderValue)] {
        &self.inner.default_headers
    }

    /// Whether the default headers hold a credential other than `Authorization`.
    pub(crate) fn default_credential(&self) -> bool {
        self.inner.default_credential
    }

    fn authorization(&self) -> Option<Arc<Credential>> {
        self.inner
            .authorization
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// A new agent with this client's settings (and a pool of its own).
    pub(crate) fn new_agent(&self) -> Agent {
        self.inner.network.agent(&self.inner.settings)
    }

    /// After sign-in or register, a client without a token takes the one returned.
    pub(crate) fn adopt_token(&self, spec: &Spec, text: &str) {
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

impl Client {
    /// What the app should do now ([`next_step_with`](crate::next_step_with)), with the
    /// verifications this client cancelled (and those `options.cancelled_here` names) told
    /// apart as cancelled here. No I/O.
    pub fn next_step(&self, session: &Session, options: &StepOptions) -> NextStep {
        next_step_with(session, &self.with_cancelled_here(options))
    }

    /// `options` with this client's cancelled verifications added.
    pub(crate) fn with_cancelled_here(&self, options: &StepOptions) -> StepOptions {
        let mut options = options.clone();
        let ours = self
            .inner
            .cancelled_here
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        options.cancelled_here.extend(ours.iter().cloned());
        options
    }

    /// After a `verifications.cancel` answered 2xx, remembers which verification it ended (the
    /// answer names it, also when the call said `active`).
    pub(crate) fn note_cancel(&self, spec: &Spec, text: &str) {
        #[derive(Deserialize)]
        struct Carrier {
            verification: Option<IdOnly>,
        }
        #[derive(Deserialize)]
        struct IdOnly {
            id: String,
        }
        if spec.name != Operation::VerificationsCancel.spec().name {
            return;
        }
        let Ok(Carrier {
            verification: Some(IdOnly { id }),
        }) = serde_json::from_str::<Carrier>(text)
        else {
            return;
        };
        let mut ours = self
            .inner
            .cancelled_here
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !ours.contains(&id) {
            if ours.len() == CANCELLED_REMEMBERED {
                ours.pop_front();
            }
            ours.push_back(id);
        }
    }
}

/// The calls. Each method here is the whole of the public surface; the work is done by the
/// call layer (`src/call/`), in functions over the client and the call's plan.
impl Client {
    /// Runs `op` with params as wire JSON (`None` or `"null"` where every field is optional) and
    /// returns the response body as the server sent it, after checking its shape (`"null"` for
    /// an operation without a response body). This is what the C ABI exposes.
    pub fn call(&self, op: Operation, id: Option<&str>, params: Option<&str>) -> Result<String> {
        entry::call(self, op, id, params)
    }

    /// Runs `op` like [`call`](Client::call), with per-call `options`: a timeout, retries,
    /// extra headers, query parameters and body fields, and the raw answer
    /// (`{status, headers, request, body}`) when `options.raw` is set. Options are checked
    /// before anything is sent.
    pub fn call_with(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: &CallOptions,
    ) -> Result<String> {
        entry::call_with_ready(self, op, id, params, ReadyOptions::new(options.clone())?)
    }

    /// Sends `method` to `path` (relative to the base URL, may hold a query; an absolute URL is
    /// accepted only when it starts with the base URL) with `body` (JSON text of any type, sent
    /// as given; `None` sends no body) and per-call `options`. The token goes along when the
    /// client has one. Returns the body as sent (`"null"` when empty), or with `options.raw`
    /// `{status, headers, request, body}`; a 2xx body that is not JSON is a `decode` error without `raw`.
    ///
    /// Over plain http to a host that is not loopback this needs `allowInsecureHttp`, token or
    /// not: the library cannot tell which secret a body or answer it does not know may carry.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        options: &CallOptions,
    ) -> Result<String> {
        custom::request_ready(
            self,
            method,
            path,
            body,
            ReadyOptions::new(options.clone())?,
        )
    }

    /// Polls the setup state until it reaches one of `params.until`, or the verification reaches
    /// one of `params.verification_states`; returns the session as the server sent it.
    /// Connection errors and 5xx answers (Beeper restarting) do not end the wait; they slow the
    /// polling down. Ends with `Timeout` at the deadline, or `Cancelled` as soon as
    /// [`Client::cancel`] is called (the remote verification is left as it is). A poll in
    /// flight when the wait ends is cut short with it (its socket is shut down, or, while it
    /// connects, it stops within 50 ms).
    pub fn wait(&self, params: &WaitParams) -> Result<String> {
        wait::wait_since(self, self.canceller().epoch(), params)
    }

    /// Starts `op` without blocking and returns its handle; `on_done` runs exactly once, on one
    /// of the library's threads, with what [`call`](Client::call) (no `options`) or
    /// [`call_with`](Client::call_with) would have returned. Arguments are checked here: an
    /// error is returned at once, nothing is sent and `on_done` never runs. The call's timeout
    /// runs from now, time spent waiting for a worker included.
    pub fn start_call(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: Option<CallOptions>,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        let ready = options.map(ReadyOptions::new).transpose()?;
        nonblocking::start_call_ready(self, op, id, params, ready, Box::new(on_done), &mut |_| {})
    }

    /// Starts [`request`](Client::request) without blocking, as [`start_call`](Client::start_call)
    /// starts an operation: `on_done` runs exactly once, on one of the library's threads, with
    /// what `request` would have returned; the arguments are checked here (an error is
    /// returned at once, nothing is sent and `on_done` never runs).
    pub fn start_request(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        options: Option<CallOptions>,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        let ready = ReadyOptions::new(options.unwrap_or_default())?;
        nonblocking::start_request_ready(
            self,
            method,
            path,
            body,
            ready,
            Box::new(on_done),
            &mut |_| {},
        )
    }

    /// Starts [`wait`](Client::wait) without blocking; `on_done` runs exactly once, on one of
    /// the library's threads. Between its polls the wait holds no thread.
    pub fn start_wait(
        &self,
        params: WaitParams,
        on_done: impl FnOnce(Result<String>) + Send + 'static,
    ) -> Result<CallHandle> {
        nonblocking::start_wait_published(self, params, Box::new(on_done), &mut |_| {})
    }

    /// Starts a watch of the setup session; `on_event` runs once per change, in order, then
    /// once with [`WatchEvent::End`], always on the library's threads (never two at once, never
    /// inside this function). The handle cancels it. Watchers of one client share its polls.
    pub fn start_watch(
        &self,
        params: WatchParams,
        on_event: impl FnMut(WatchEvent) + Send + 'static,
    ) -> Result<CallHandle> {
        watch::start_watch(self, params, on_event)
    }

    /// Ends every call started without blocking on this client (and its clones) `cancelled`,
    /// running the completions not yet run on this thread, and returns once no completion of
    /// them runs anywhere (from inside one, once the others have). `beeper_client_free` calls
    /// it.
    pub fn end_calls(&self) {
        self.calls().end_all();
    }

    /// How many calls started without blocking have not ended.
    pub fn calls_in_progress(&self) -> usize {
        self.calls().len()
    }

    /// Sign-in and the setup state.
    pub fn setup(&self) -> SetupApi<'_> {
        SetupApi(self)
    }

    /// Unlock with, or create, the recovery key.
    pub fn recovery_key(&self) -> RecoveryKeyApi<'_> {
        RecoveryKeyApi(self)
    }

    /// Verify this device from another one.
    pub fn verifications(&self) -> VerificationsApi<'_> {
        VerificationsApi(self)
    }
}

/// The configuration's headers as HTTP types (the header checks have let through only what
/// parses; the message names the header, never its value).
fn parsed_headers(settings: &Settings) -> Result<Vec<(HeaderName, HeaderValue)>> {
    settings
        .headers
        .iter()
        .map(|(name, value)| match (name.parse(), value.parse()) {
            (Ok(name), Ok(value)) => Ok((name, value)),
            _ => Err(Error::invalid(format!("invalid header {name:?}"))),
        })
        .collect()
}

fn bearer(token: &Secret) -> Arc<Credential> {
    Arc::new(Credential::new(Secret::new(format!(
        "Bearer {}",
        token.expose()
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_and_debug_hides_the_token() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Client>();
        let c = Client::from_json(r#"{"accessToken":"very-secret-token"}"#).unwrap();
        assert!(!format!("{c:?}").contains("very-secret"));
    }
}
