//! What a call sent that its errors must not quote back: the credential it carried and the
//! secret fields of its body, should the server echo them in its error answer (the only error
//! that quotes an answer: a connection's, a timeout's or a 2xx decode error's message never
//! holds any of it).

use crate::api::secret_fields;
use crate::call::plan::Plan;
use crate::headers::is_credential;
use crate::secret::SentSecrets;
use crate::Client;
use serde_json::{Map, Value};

/// The secrets `plan` sends through `client`: every credential header (the access token, a
/// default `Authorization`, a cookie), and the values of the body fields its operation
/// declares secret. Gathered only when the server answers an error, so a call that succeeds
/// pays nothing.
pub(crate) fn sent_secrets(client: &Client, plan: &Plan) -> SentSecrets {
    let mut sent = SentSecrets::default();
    let mut credential = |value: &str| {
        sent.add(value);
        // `Bearer <token>`: a server may quote the token alone.
        if let Some((_scheme, token)) = value.split_once(' ') {
            sent.add(token.trim());
        }
    };
    if let Some(authorization) = &plan.authorization {
        credential(authorization.expose());
    }
    let defaults = client.default_headers().iter();
    let options = plan.options.iter().flat_map(|ready| ready.headers.iter());
    for (name, value) in defaults.chain(options) {
        if is_credential(name.as_str()) {
            credential(&String::from_utf8_lossy(value.as_bytes()));
        }
    }
    let mut names = secret_fields(&plan.spec).peekable();
    let body = plan.body.as_deref().filter(|_| names.peek().is_some());
    if let Some(Ok(object)) = body.map(serde_json::from_str::<Map<String, Value>>) {
        for name in names {
            match object.get(name) {
                Some(Value::String(value)) => sent.add(value),
                Some(number @ Value::Number(_)) => sent.add(&number.to_string()),
                _ => {}
            }
        }
    }
    sent
}
