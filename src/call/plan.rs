//! A call's plan: everything decided before anything is sent, once per call, whichever entry
//! it came through (an operation with wire JSON or typed params, per-call options, a custom
//! request, a wait's poll). The send loop only carries it out.

use crate::call::answer::{json_body, Answer};
use crate::call::options::{CallOptions, ReadyOptions};
use crate::call::url::{append_query, checked_id, operation_url};
use crate::error::{Error, Result};
use crate::headers::Credential;
use crate::secret::Secret;
use crate::Client;
use crate::{Auth, Operation, Spec};
use std::sync::Arc;
use std::time::Duration;

/// One call, ready to send.
pub(crate) struct Plan {
    /// The operation's row (a custom request's made for it).
    pub(crate) spec: Spec,
    /// The URL as sent: the id and the options' query percent-encoded.
    pub(crate) url: String,
    /// Taken when the call starts: a token replaced meanwhile applies to later calls.
    pub(crate) authorization: Option<Arc<Credential>>,
    /// The JSON body, or none.
    pub(crate) body: Option<String>,
    pub(crate) max_retries: u32,
    /// The per-call options, ready to send (their headers, their raw and validation flags).
    pub(crate) options: Option<Arc<ReadyOptions>>,
    /// What this call changes in the request's config, if anything.
    pub(crate) config: Option<CallConfig>,
    /// How a 2xx answer becomes the call's text.
    reply: Reply,
}

/// The request config a call changes: a request-level config costs a copy of the agent's, so
/// there is one only when something differs.
#[derive(Clone, Copy, Default)]
pub(crate) struct CallConfig {
    pub(crate) timeout: Option<Duration>,
    pub(crate) no_user_agent: bool,
    pub(crate) no_accept: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Reply {
    /// An operation's body, its shape checked (unless the options turn that off).
    Operation,
    /// A custom request's body as sent: any JSON, `null` when empty.
    Custom,
}

impl Plan {
    /// The call's answer text from its 2xx answer.
    pub(crate) fn reply(&self, answer: Answer) -> Result<String> {
        let options = self.call_options();
        let raw = options.is_some_and(|o| o.raw);
        if self.reply == Reply::Custom {
            if raw {
                return Ok(answer.raw(self.spec.method.as_str(), &self.url, false));
            }
            if answer.text.trim().is_empty() {
                return Ok("null".to_owned());
            }
            return json_body(self.spec.name, answer);
        }
        let empty = self.spec.has_empty_response();
        let checked = !empty && options.map_or(true, |o| o.validate_response);
        if checked {
            self.spec.check_response(&answer.text)?;
        }
        if raw {
            Ok(answer.raw(self.spec.method.as_str(), &self.url, checked))
        } else if empty {
            Ok("null".to_owned())
        } else if checked {
            Ok(answer.text)
        } else {
            json_body(self.spec.name, answer)
        }
    }

    /// The per-call options, if any.
    pub(crate) fn call_options(&self) -> Option<&CallOptions> {
        self.options.as_deref().map(|ready| &ready.options)
    }

    /// How long each attempt of this plan may take, with the client's `settings`.
    pub(crate) fn timeout(&self, settings: &crate::config::Settings) -> Duration {
        self.config
            .and_then(|c| c.timeout)
            .unwrap_or(settings.timeout)
    }

    /// This plan as one poll of a wait: sent once, within `timeout`.
    pub(crate) fn once_within(mut self, timeout: Duration, client_timeout: Duration) -> Self {
        self.max_retries = 0;
        let timeout = timeout.min(client_timeout);
        if timeout != client_timeout {
            self.config.get_or_insert_with(CallConfig::default).timeout = Some(timeout);
        }
        self
    }
}

/// The plan of operation `op` with params as wire JSON, and per-call `options`.
pub(crate) fn plan_call(
    client: &Client,
    op: Operation,
    id: Option<&str>,
    params: Option<&str>,
    options: Option<Arc<ReadyOptions>>,
) -> Result<Plan> {
    let spec = op.spec();
    let body = match &options {
        None => spec.check_params(params)?,
        Some(ready) => ready.options.merge_body(spec, spec.check_params(params)?)?,
    };
    plan_operation(client, spec, id, body, options)
}

/// The plan of an operation whose body is made already.
pub(crate) fn plan_operation(
    client: &Client,
    spec: &Spec,
    id: Option<&str>,
    body: Option<String>,
    options: Option<Arc<ReadyOptions>>,
) -> Result<Plan> {
    let query = options.as_deref().map_or("", |ready| ready.query.as_str());
    let url = operation_url(client.base_url(), spec, checked_id(spec, id)?, query);
    plan(client, *spec, url, body, options, Reply::Operation)
}

/// The plan of a custom request (its URL, spec and body checked by the caller).
pub(crate) fn plan_custom(
    client: &Client,
    spec: Spec,
    mut url: String,
    body: Option<String>,
    options: Arc<ReadyOptions>,
) -> Result<Plan> {
    append_query(&mut url, &options.query);
    plan(client, spec, url, body, Some(options), Reply::Custom)
}

/// With which credential a call goes, how often it may retry and with which config.
fn plan(
    client: &Client,
    spec: Spec,
    url: String,
    body: Option<String>,
    options: Option<Arc<ReadyOptions>>,
    reply: Reply,
) -> Result<Plan> {
    let settings = client.settings();
    let given = options.as_deref().map(|ready| &ready.options);
    // An `Authorization` given for this call replaces (or, as null, removes) the token.
    let authorization = match given.and_then(|o| o.header("authorization")) {
        Some(value) => value.map(|v| Arc::new(Credential::new(Secret::new(v)))),
        None => match spec.auth {
            Auth::Never => None,
            Auth::UntilSignIn | Auth::SignedIn => client.authorization_or_default(),
        },
    };
    if !settings.token_transport_ok {
        let other_credential =
            client.default_credential() || given.is_some_and(CallOptions::sets_other_credential);
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
    let max_retries = given
        .and_then(|o| o.max_retries)
        .unwrap_or(settings.max_retries);
    let config = given.and_then(|options| {
        let removed = |name| options.header(name) == Some(None);
        let config = CallConfig {
            timeout: options.timeout.filter(|t| *t != settings.timeout),
            no_user_agent: removed("user-agent"),
            no_accept: removed("accept"),
        };
        (config.timeout.is_some() || config.no_user_agent || config.no_accept).then_some(config)
    });
    Ok(Plan {
        spec,
        url,
        authorization,
        body,
        max_retries,
        options,
        config,
        reply,
    })
}
