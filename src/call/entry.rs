//! Where a call on an operation starts, from Rust and from the C ABI: each entry makes the
//! call's plan ([`Plan`](crate::call::plan::Plan)) and hands it to the one send loop.

use crate::call::options::ReadyOptions;
use crate::call::plan::{plan_call, plan_operation};
use crate::call::send::send;
use crate::error::{Error, Result};
use crate::Client;
use crate::Operation;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;

/// What [`Client::call`] does: the plan, sent with the client's agent.
pub(crate) fn call(
    client: &Client,
    op: Operation,
    id: Option<&str>,
    params: Option<&str>,
) -> Result<String> {
    let plan = plan_call(client, op, id, params, None)?;
    plan.reply(send(client, client.agent(), &plan)?)
}

/// [`call_with`](Client::call_with) for options made ready (and so checked), shared rather
/// than copied: the C ABI's path.
pub(crate) fn call_with_ready(
    client: &Client,
    op: Operation,
    id: Option<&str>,
    params: Option<&str>,
    options: Arc<ReadyOptions>,
) -> Result<String> {
    let plan = plan_call(client, op, id, params, Some(options))?;
    plan.reply(send(client, client.agent(), &plan)?)
}

/// Runs `op` with typed params and decodes the typed response: its body is parsed once,
/// into the model.
pub(crate) fn call_typed<P: Serialize, R: DeserializeOwned>(
    client: &Client,
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
    let plan = plan_operation(client, spec, id, body, None)?;
    let text = send(client, client.agent(), &plan)?.text;
    let source = if spec.has_empty_response() {
        "null"
    } else {
        &text
    };
    serde_json::from_str(source).map_err(|e| Error::not_documented_shape(spec.name, &e))
}
