//! The /_sim/ endpoints: the test's hands on the simulator. They never need auth, never count
//! in the stats, and never meet a fault, so a test can always see and steer what happens.

use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::shared::{lock, Mode, Shared};
use crate::state::{Scenario, State};
use crate::stats::Stats;
use serde_json::{json, Map, Value};

pub fn handle(shared: &Shared, req: &Request) -> Response {
    let body = match parse_body(&req.body) {
        Ok(b) => b,
        Err(msg) => return Response::error(400, "BAD_REQUEST", &msg),
    };
    let path = req.path.trim_end_matches('/');
    let method = req.method.as_str();
    let allowed: &[&str] = match path {
        "/_sim/state" | "/_sim/stats" | "/_sim/last-request" => &["GET"],
        "/_sim/faults" => &["GET", "POST", "DELETE"],
        "/_sim/reset"
        | "/_sim/first-sync"
        | "/_sim/other-device/request"
        | "/_sim/other-device/accept"
        | "/_sim/other-device/confirm"
        | "/_sim/other-device/scan"
        | "/_sim/other-device/cancel" => &["POST"],
        _ => return Response::error(404, "NOT_FOUND", &format!("no control endpoint {path}")),
    };
    if !allowed.contains(&method) {
        return Response::error(
            405,
            "METHOD_NOT_ALLOWED",
            &format!("{path} does not accept {method}"),
        )
        .with_header("Allow", &allowed.join(", "));
    }
    let needs_state = !matches!(
        path,
        "/_sim/stats" | "/_sim/last-request" | "/_sim/faults" | "/_sim/reset"
    );
    if needs_state && matches!(shared.mode, Mode::Mock { .. }) {
        return Response::error(
            404,
            "NOT_IN_MOCK_MODE",
            &format!("{path} steers the stateful simulator; the mock mode keeps no state"),
        );
    }
    let str_field = |k: &str| body.get(k).and_then(Value::as_str);
    let mut st = lock(&shared.state);
    st.tick();
    let result = match path {
        "/_sim/state" => Ok(st.sim_state_json()),
        "/_sim/stats" => Ok(lock(&shared.stats).to_json()),
        "/_sim/last-request" => lock(&shared.stats)
            .last_request_json()
            .ok_or_else(|| ApiError::new(404, "NO_REQUEST_YET", "no API request has arrived yet")),
        "/_sim/faults" => {
            let mut faults = lock(&shared.faults);
            match method {
                "DELETE" => faults.clear(),
                "POST" => {
                    if let Err(msg) = faults.set(&Value::Object(body.clone())) {
                        return Response::error(400, "BAD_FAULT", &msg);
                    }
                }
                _ => {}
            }
            Ok(json!({"remaining": faults.remaining()}))
        }
        "/_sim/reset" => {
            let scenario = match body.get("scenario") {
                None => shared.default_scenario,
                Some(Value::Null) => None,
                Some(Value::String(s)) => match Scenario::parse(s) {
                    Some(sc) => Some(sc),
                    None => {
                        return Response::error(
                            400,
                            "UNKNOWN_SCENARIO",
                            &Scenario::unknown_message(s),
                        )
                    }
                },
                Some(_) => {
                    return Response::error(400, "BAD_REQUEST", "'scenario' must be a string")
                }
            };
            let auto = match body.get("auto") {
                None => shared.default_auto,
                Some(Value::Bool(b)) => *b,
                Some(_) => return Response::error(400, "BAD_REQUEST", "'auto' must be a boolean"),
            };
            *st = State::new(scenario, auto);
            lock(&shared.faults).clear();
            if body.get("stats") == Some(&Value::Bool(true)) {
                *lock(&shared.stats) = Stats::default();
            }
            Ok(st.sim_state_json())
        }
        "/_sim/first-sync" => st.finish_first_sync(),
        "/_sim/other-device/request" => st.other_device_request(),
        "/_sim/other-device/accept" => st.other_device_accept(),
        "/_sim/other-device/confirm" => st.other_device_confirm(),
        "/_sim/other-device/scan" => st.other_device_scan(str_field("data")),
        "/_sim/other-device/cancel" => {
            st.other_device_cancel(str_field("code"), str_field("reason"))
        }
        _ => unreachable!("paths are matched above"),
    };
    match result {
        Ok(v) => Response::json(200, &v),
        Err(e) => e.into_response(),
    }
}

fn parse_body(body: &[u8]) -> Result<Map<String, Value>, String> {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Map::new());
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(e) => Err(format!("the body is not valid JSON: {e}")),
    }
}
