//! The send loop: a plan's exchanges, retried as its options and the answers allow, each with
//! the one set of headers a call sends.

use crate::call::answer::{read_answer, transport_error, Answer};
use crate::call::interrupt;
use crate::call::plan::Plan;
use crate::call::retry;
use crate::call::sent::sent_secrets;
use crate::error::{Error, ErrorKind, Result};
use crate::headers::Credential;
use crate::logging::events;
use crate::net::exchange::{self, Patience, Probe};
use crate::Client;
use crate::{Method, Spec};
use std::time::{Duration, Instant};
use ureq::config::AutoHeaderValue;
use ureq::http::header::{AUTHORIZATION, CONTENT_TYPE};
use ureq::http::{HeaderName, HeaderValue, Response};
use ureq::Agent;

/// Carries out `plan` through `agent`: exchanges until one answers 2xx, retries run out, or
/// the error is not worth another try. Pauses before a retry end with a cancel.
pub(crate) fn send(client: &Client, agent: &Agent, plan: &Plan) -> Result<Answer> {
    send_with(client, agent, plan, None)
}

/// [`send`] with exchanges stopped by `probe` (`None`: a blocking call's).
pub(crate) fn send_with(
    client: &Client,
    agent: &Agent,
    plan: &Plan,
    probe: Option<Probe<'_>>,
) -> Result<Answer> {
    let epoch = client.canceller().epoch();
    // What stops a blocking call's exchange: its thread's interrupt check, and a cancel of the
    // client while nothing of the request has left (a request sent is never cut: its outcome
    // on the server would be unknown).
    let blocking =
        || interrupt::requested() || (!exchange::sent() && client.canceller().epoch() != epoch);
    let probe = probe.unwrap_or(&blocking);
    let mut retries = 0;
    loop {
        match exchange(client, agent, plan, retries, Some(probe), None) {
            Ok(answer) => return Ok(answer),
            Err((_, Some(delay))) if retries < plan.max_retries => {
                client
                    .canceller()
                    .sleep(epoch, delay)
                    .map_err(|e| e.with_retries(retries))?;
                retries += 1;
            }
            Err((error, _)) => return Err(error.with_retries(retries)),
        }
    }
}

/// One exchange and the verdict on it: the 2xx answer, or the error together with the
/// pause before a retry when the error is worth one (the caller decides whether retries
/// are left). An operation whose answer exists once gets no pause once its request may
/// have reached the server. Every wait of the exchange asks `probe` whether to stop; it
/// ends within `within` when given (what is left of a timeout that began earlier), else
/// within the plan's timeout.
pub(crate) fn exchange(
    client: &Client,
    agent: &Agent,
    plan: &Plan,
    retries: u32,
    probe: Option<Probe<'_>>,
    within: Option<Duration>,
) -> std::result::Result<Answer, (Error, Option<Duration>)> {
    let spec = &plan.spec;
    let started = Instant::now();
    // An answer that exists once is read while it keeps coming (see `ANSWER_CAP`).
    let patience = spec.answer_given_once.map(|_| Patience {
        before_sent: started + within.unwrap_or_else(|| plan.timeout(client.settings())),
        answer_cap: ANSWER_CAP,
    });
    let (outcome, may_have_arrived) = exchange::run(probe, patience, || {
        attempt(client, agent, plan, retries, within)
    });
    let status = outcome.as_ref().map(|a| a.status);
    events::exchange(spec, &plan.url, client.base_url(), status, started, retries);
    let (error, delay) = match outcome {
        Ok(answer) if answer.is_success() => {
            client.adopt_token(spec, &answer.text);
            client.note_cancel(spec, &answer.text);
            return Ok(answer);
        }
        Ok(answer) => {
            let verdict = retry::should_retry_header(answer.header("x-should-retry"));
            let retry = match spec.answer_given_once {
                None => verdict.unwrap_or_else(|| retry::retryable_status(answer.status)),
                Some(_) => verdict.unwrap_or_else(|| retry::not_acted_on_status(answer.status)),
            };
            let delay = retry.then(|| {
                retry::delay(
                    retries,
                    answer.header("retry-after-ms"),
                    answer.header("retry-after"),
                )
            });
            let sent = sent_secrets(client, plan);
            let error = Error::from_status(answer.status, &answer.text, &sent)
                .with_response_headers(answer.headers_value(), &sent);
            (error, delay)
        }
        Err(e) if matches!(e.kind, ErrorKind::Connection | ErrorKind::Timeout) => {
            match spec.answer_given_once {
                Some(answer) if may_have_arrived => (outcome_unknown(spec, answer, e), None),
                _ => {
                    let retry = !e.do_not_retry;
                    (e, retry.then(|| retry::delay(retries, None, None)))
                }
            }
        }
        Err(e) => (e, None),
    };
    if let Some(delay) = delay.filter(|_| retries < plan.max_retries) {
        events::retry(spec, &error, delay, retries, plan.max_retries);
    }
    Err((error, delay))
}

/// One HTTP exchange, body read included.
fn attempt(
    client: &Client,
    agent: &Agent,
    plan: &Plan,
    retries: u32,
    within: Option<Duration>,
) -> Result<Answer> {
    let url = plan.url.as_str();
    let body = plan.body.as_deref();
    let with_body = |builder| prepare(client, builder, plan, retries, within);
    let response = match (plan.spec.method, body) {
        (Method::Get, _) => prepare(client, agent.get(url), plan, retries, within).call(),
        (Method::Delete, None) => prepare(client, agent.delete(url), plan, retries, within).call(),
        (Method::Post, _) => send_json(with_body(agent.post(url)), body),
        (Method::Put, _) => send_json(with_body(agent.put(url)), body),
        (Method::Patch, _) => send_json(with_body(agent.patch(url)), body),
        (Method::Delete, Some(_)) => {
            send_json(with_body(agent.delete(url).force_send_body()), body)
        }
    };
    read_answer(response.map_err(transport_error)?)
}

/// A request with the call's headers and config. The generic part only applies what
/// `headers` and the plan decided, so that it stays small for each body type.
fn prepare<B>(
    client: &Client,
    mut builder: ureq::RequestBuilder<B>,
    plan: &Plan,
    retries: u32,
    within: Option<Duration>,
) -> ureq::RequestBuilder<B> {
    let mut digits = [0; 10];
    let retries = decimal(retries, &mut digits);
    for header in headers(client, plan, retries) {
        builder = match header {
            // A name made once (parsing it costs more than the rest of the header).
            Header::Authorization(credential) => match credential.header() {
                Some(value) => builder.header(AUTHORIZATION, value.clone()),
                None => builder.header(AUTHORIZATION, credential.expose()),
            },
            Header::Parsed(name, value) => builder.header(name.clone(), value.clone()),
            // Every request sends the counter: its name is made once, and the first
            // attempt's value is not copied.
            Header::RetryCount("0") => builder.header(RETRY_COUNT, HeaderValue::from_static("0")),
            Header::RetryCount(value) => builder.header(RETRY_COUNT, value),
        };
    }
    let once = plan.spec.answer_given_once.is_some();
    if plan.config.is_none() && within.is_none() && !once {
        return builder;
    }
    let config = plan.config.unwrap_or_default();
    let mut scope = builder.config();
    let timeout = within.or(config.timeout);
    if once {
        // The exchange keeps the timeout until the request has left (its patience); then
        // only a silence as long as the timeout ends the answer.
        let silence = timeout.unwrap_or(client.settings().timeout);
        scope = scope.timeout_global(None).timeout_per_read(Some(silence));
    } else if let Some(timeout) = timeout {
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

/// A call's headers, in the order they are sent: the defaults (less those the options
/// replace or remove), the credential (which already accounts for the options), the retry
/// counter, then the options' own. An iterator, so that no list is built per call.
fn headers<'a>(
    client: &'a Client,
    plan: &'a Plan,
    retries: &'a str,
) -> impl Iterator<Item = Header<'a>> + 'a {
    let options = plan.call_options();
    let untouched = move |name: &str| options.map_or(true, |o| o.header(name).is_none());
    let defaults = client
        .default_headers()
        .iter()
        .filter(move |(name, _)| untouched(name.as_str()))
        .map(|(name, value)| Header::Parsed(name, value));
    let authorization = plan.authorization.as_deref().map(Header::Authorization);
    let retries = untouched(RETRY_COUNT.as_str()).then_some(Header::RetryCount(retries));
    let extra = plan
        .options
        .iter()
        .flat_map(|ready| ready.headers.iter())
        .map(|(name, value)| Header::Parsed(name, value));
    defaults.chain(authorization).chain(retries).chain(extra)
}

/// The longest an answer that exists once (a sign-in's token, a new recovery key) is read
/// after its request has left, while its bytes keep coming: a slow answer is not abandoned at the
/// call's timeout (only a silence that long ends it), and a server trickling bytes forever is.
pub(crate) const ANSWER_CAP: Duration = Duration::from_secs(600);

/// The retry counter the official SDKs send, so that servers see retries the same way.
const RETRY_COUNT: HeaderName = HeaderName::from_static("x-stainless-retry-count");

/// One header of a call, as `headers` lists them.
enum Header<'a> {
    /// The credential.
    Authorization(&'a Credential),
    /// A default header, parsed when the client was made, or one of the options', parsed when
    /// they were made ready.
    Parsed(&'a HeaderName, &'a HeaderValue),
    /// The retry counter, with this attempt's count.
    RetryCount(&'a str),
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
    e.do_not_retry = true;
    e
}

/// `n` in decimal, written into `digits` (every exchange sends its retry count: no allocation).
fn decimal(mut n: u32, digits: &mut [u8; 10]) -> &str {
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&digits[start..]).unwrap_or("0")
}

/// Sends `body` as JSON, or an empty body.
fn send_json(
    builder: ureq::RequestBuilder<ureq::typestate::WithBody>,
    body: Option<&str>,
) -> std::result::Result<Response<ureq::Body>, ureq::Error> {
    match body {
        Some(body) => builder
            .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .send(body.as_bytes()),
        None => builder.send_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn retry_counts_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, u32::MAX] {
            assert_eq!(decimal(n, &mut [0; 10]), n.to_string());
        }
    }
}
