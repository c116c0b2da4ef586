//! The library's records, worded in one place. Each names what happened and never a secret:
//! paths without their query, statuses without bodies, error messages (which hold no secret by
//! construction), session and verification states.

use crate::config::Settings;
use crate::error::Error;
use crate::models::Session;
use crate::Spec;
use log::{debug, info};
use std::time::{Duration, Instant};

/// A client was made: where it talks to and how (its base URL never holds user info: the
/// config refuses one).
pub(crate) fn client_created(settings: &Settings) {
    let credential = if settings.access_token.is_some() {
        "an access token"
    } else if settings.default_authorization.is_some() {
        "an Authorization header"
    } else {
        "no access token"
    };
    info!(
        target: "beeper_setup::client",
        "client for {} with {credential} (timeout {} ms, connect timeout {} ms, up to {} retries)",
        settings.base_url,
        settings.timeout.as_millis(),
        settings.connect_timeout.as_millis(),
        settings.max_retries,
    );
}

/// One HTTP exchange has ended: with a status, or with an error before any status (a connection
/// or TLS failure, a timeout), whose message gives the cause.
pub(crate) fn exchange(
    spec: &Spec,
    url: &str,
    base_url: &str,
    outcome: Result<u16, &Error>,
    started: Instant,
    retries: u32,
) {
    super::dispatch::flush_pending();
    let level = if outcome.is_ok() {
        log::Level::Debug
    } else {
        log::Level::Info
    };
    if !log::log_enabled!(target: "beeper_setup::request", level) {
        return;
    }
    let method = spec.method.as_str();
    let path = path_of(url, base_url);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let attempt = retries + 1;
    match outcome {
        Ok(status) => debug!(
            target: "beeper_setup::request",
            "{}: {method} {path} -> {status} in {ms:.1} ms (attempt {attempt})",
            spec.name
        ),
        Err(e) => info!(
            target: "beeper_setup::request",
            "{}: {method} {path} failed after {ms:.1} ms (attempt {attempt}): {}",
            spec.name,
            e.message
        ),
    }
}

/// A failed attempt will be retried after `delay`.
pub(crate) fn retry(spec: &Spec, error: &Error, delay: Duration, retries: u32, max_retries: u32) {
    let reason = match error.status {
        Some(status) => format!("the server answered {status}"),
        None => error.message.clone(),
    };
    info!(
        target: "beeper_setup::retry",
        "{}: retrying in {} ms (retry {} of {max_retries}) because {reason}",
        spec.name,
        delay.as_millis(),
        retries + 1,
    );
}

/// What a wait has seen so far, so that it reports each change once.
#[derive(Default)]
pub(crate) struct WaitTrace {
    seen: Option<(String, Option<(String, String)>)>,
}

impl WaitTrace {
    /// A poll of the wait answered `session`.
    pub(crate) fn saw(&mut self, session: &Session) {
        if !log::log_enabled!(target: "beeper_setup::wait", log::Level::Info) {
            return;
        }
        let state = session.state.as_str().to_owned();
        let verification = session
            .verification
            .as_ref()
            .map(|v| (v.id.clone(), v.state.as_str().to_owned()));
        if self.seen.as_ref() == Some(&(state.clone(), verification.clone())) {
            return;
        }
        match &verification {
            Some((id, v)) => info!(
                target: "beeper_setup::wait",
                "wait: the state is {state}, verification {id} is {v}"
            ),
            None => info!(target: "beeper_setup::wait", "wait: the state is {state}"),
        }
        self.seen = Some((state, verification));
    }
}

/// The request's path below the base URL, without its query (where extra query values go).
fn path_of<'a>(url: &'a str, base_url: &str) -> &'a str {
    let below = url.strip_prefix(base_url).unwrap_or(url);
    below.split(['?', '#']).next().unwrap_or(below)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_leaves_out_the_base_and_the_query() {
        let base = "http://127.0.0.1:23373/prefix";
        let url = "http://127.0.0.1:23373/prefix/v1/app/setup?access_token=x";
        assert_eq!(path_of(url, base), "/v1/app/setup");
    }
}
