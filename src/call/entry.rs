//! Where a call on an operation starts, from Rust and from the C ABI: each entry makes the
//! call's plan ([`Plan`](crate::call::plan::Plan)) and hands it to the one send loop.

use crate::call::options::{CallOptions, ReadyOptions};
use crate::error::{Error, Result};
use crate::Client;
use crate::Operation;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;

impl Client {
    /// Runs `op` with params as wire JSON (`None` or `"null"` where every field is optional) and
    /// returns the response body as the server sent it, after checking its shape (`"null"` for
    /// an operation without a response body). This is what the C ABI exposes.
    pub fn call(&self, op: Operation, id: Option<&str>, params: Option<&str>) -> Result<String> {
        let plan = self.plan_call(op, id, params, None)?;
        plan.reply(self.send(self.agent(), &plan)?)
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
        self.call_with_ready(op, id, params, ReadyOptions::new(options.clone())?)
    }

    /// [`call_with`](Client::call_with) for options made ready (and so checked), shared rather
    /// than copied: the C ABI's path.
    pub(crate) fn call_with_ready(
        &self,
        op: Operation,
        id: Option<&str>,
        params: Option<&str>,
        options: Arc<ReadyOptions>,
    ) -> Result<String> {
        let plan = self.plan_call(op, id, params, Some(options))?;
        plan.reply(self.send(self.agent(), &plan)?)
    }

    /// Runs `op` with typed params and decodes the typed response: its body is parsed once,
    /// into the model.
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
        let plan = self.plan_operation(spec, id, body, None)?;
        let text = self.send(self.agent(), &plan)?.text;
        let source = if spec.has_empty_response() {
            "null"
        } else {
            &text
        };
        serde_json::from_str(source).map_err(|e| Error::not_documented_shape(spec.name, &e))
    }
}
