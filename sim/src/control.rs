//! The /_sim/ endpoints: the test's hands on the simulator. They never need auth, never count
//! in the stats, and never meet a fault, so a test can always see and steer what happens.

use crate::error::ApiError;
use crate::http::{Request, Response};
use crate::shared::{lock, Mode, Shared};
use crate::state::{Scenario, State};
use crate::stats::Stats;
use serde_json::{json, Map, Value};

/// One control endpoint: its path, the methods it takes, in which modes it is there, and what
/// it does.
struct Control {
    path: &'static str,
    methods: &'static [&'static str],
    modes: Modes,
    run: fn(Ctx) -> Outcome,
}

#[derive(PartialEq)]
enum Modes {
    Both,
    /// It steers the stateful simulator: the mock mode keeps no state, so there it answers 404.
    StatefulOnly,
}

use Modes::{Both, StatefulOnly};

impl Control {
    const fn new(
        path: &'static str,
        methods: &'static [&'static str],
        modes: Modes,
        run: fn(Ctx) -> Outcome,
    ) -> Control {
        Control {
            path,
            methods,
            modes,
            run,
        }
    }
}

/// What a control endpoint acts on: the request's method and body, and the state, locked.
struct Ctx<'a> {
    shared: &'a Shared,
    st: &'a mut State,
    method: &'a str,
    body: &'a Map<String, Value>,
}

impl<'a> Ctx<'a> {
    fn str_field(&self, key: &str) -> Option<&'a str> {
        self.body.get(key).and_then(Value::as_str)
    }
}

/// The JSON of a 200 answer, or the refusal to send instead.
type Outcome = Result<Value, Response>;

fn api(outcome: Result<Value, ApiError>) -> Outcome {
    outcome.map_err(ApiError::into_response)
}

const POST: &[&str] = &["POST"];
const GET: &[&str] = &["GET"];

const CONTROLS: &[Control] = &[
    Control::new("/_sim/state", GET, StatefulOnly, |c| {
        Ok(c.st.sim_state_json())
    }),
    Control::new("/_sim/stats", GET, Both, |c| {
        Ok(lock(&c.shared.stats).to_json())
    }),
    Control::new("/_sim/last-request", GET, Both, |c| {
        let last = lock(&c.shared.stats).last_request_json();
        last.ok_or_else(|| {
            ApiError::new(404, "NO_REQUEST_YET", "no API request has arrived yet").into_response()
        })
    }),
    Control::new("/_sim/faults", &["GET", "POST", "DELETE"], Both, faults),
    Control::new("/_sim/reset", POST, Both, reset),
    Control::new("/_sim/first-sync", POST, StatefulOnly, |c| {
        api(c.st.finish_first_sync())
    }),
    Control::new("/_sim/other-device/request", POST, StatefulOnly, |c| {
        let (id, name) = (c.str_field("deviceID"), c.str_field("deviceName"));
        api(c.st.other_device_request(id, name))
    }),
    Control::new("/_sim/other-device/accept", POST, StatefulOnly, |c| {
        api(c.st.other_device_accept())
    }),
    Control::new("/_sim/other-device/confirm", POST, StatefulOnly, |c| {
        api(c.st.other_device_confirm())
    }),
    Control::new("/_sim/other-device/scan", POST, StatefulOnly, |c| {
        api(c.st.other_device_scan(c.str_field("data")))
    }),
    Control::new("/_sim/other-device/cancel", POST, StatefulOnly, |c| {
        let (code, reason) = (c.str_field("code"), c.str_field("reason"));
        api(c.st.other_device_cancel(code, reason))
    }),
    Control::new("/_sim/verification/timeout", POST, StatefulOnly, |c| {
        api(c.st.end_active("m.timeout", "The verification timed out."))
    }),
    Control::new(
        "/_sim/verification/accepted-elsewhere",
        POST,
        StatefulOnly,
        |c| {
            let reason = "Another of your devices accepted the request.";
            api(c.st.end_active("m.accepted", reason))
        },
    ),
];

/// Each control endpoint by name (its path under `/_sim/`), the methods it takes, and whether
/// the mock mode has it: what an in-process caller can ask for, listed from the table itself.
pub fn describe() -> Value {
    let controls: Vec<Value> = CONTROLS
        .iter()
        .map(|c| {
            json!({
                "name": c.path.trim_start_matches("/_sim/"),
                "methods": c.methods,
                "mock": c.modes == Both,
            })
        })
        .collect();
    Value::Array(controls)
}

/// The method a call by name uses when none is given: POST where the endpoint takes it (the
/// actions), else its only method (the reads).
pub fn default_method(name: &str) -> Option<&'static str> {
    let path = format!("/_sim/{}", name.trim_matches('/'));
    let control = CONTROLS.iter().find(|c| c.path == path)?;
    Some(if control.methods.contains(&"POST") {
        "POST"
    } else {
        control.methods[0]
    })
}

pub fn handle(shared: &Shared, req: &Request) -> Response {
    let body = match parse_body(&req.body) {
        Ok(b) => b,
        Err(msg) => return Response::error(400, "BAD_REQUEST", &msg),
    };
    let path = req.path.trim_end_matches('/');
    let method = req.method.as_str();
    let Some(control) = CONTROLS.iter().find(|c| c.path == path) else {
        return Response::error(404, "NOT_FOUND", &format!("no control endpoint {path}"));
    };
    if !control.methods.contains(&method) {
        return Response::error(
            405,
            "METHOD_NOT_ALLOWED",
            &format!("{path} does not accept {method}"),
        )
        .with_header("Allow", &control.methods.join(", "));
    }
    if control.modes == StatefulOnly && matches!(shared.mode, Mode::Mock { .. }) {
        return Response::error(
            404,
            "NOT_IN_MOCK_MODE",
            &format!("{path} steers the stateful simulator; the mock mode keeps no state"),
        );
    }
    let mut st = lock(&shared.state);
    st.tick();
    let ctx = Ctx {
        shared,
        st: &mut st,
        method,
        body: &body,
    };
    match (control.run)(ctx) {
        Ok(v) => Response::json(200, &v),
        Err(refusal) => refusal,
    }
}

fn faults(c: Ctx) -> Outcome {
    let mut faults = lock(&c.shared.faults);
    match c.method {
        "DELETE" => faults.clear(),
        "POST" => faults
            .set(&Value::Object(c.body.clone()))
            .map_err(|msg| Response::error(400, "BAD_FAULT", &msg))?,
        _ => {}
    }
    Ok(json!({"remaining": faults.remaining()}))
}

fn reset(c: Ctx) -> Outcome {
    let scenario = match c.body.get("scenario") {
        None => c.shared.default_scenario,
        Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Scenario::parse(s).ok_or_else(|| {
            Response::error(400, "UNKNOWN_SCENARIO", &Scenario::unknown_message(s))
        })?),
        Some(_) => {
            return Err(Response::error(
                400,
                "BAD_REQUEST",
                "'scenario' must be a string",
            ))
        }
    };
    let auto = match c.body.get("auto") {
        None => c.shared.default_auto,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Response::error(
                400,
                "BAD_REQUEST",
                "'auto' must be a boolean",
            ))
        }
    };
    *c.st = State::new(scenario, auto);
    lock(&c.shared.faults).clear();
    if c.body.get("stats") == Some(&Value::Bool(true)) {
        *lock(&c.shared.stats) = Stats::default();
    }
    Ok(c.st.sim_state_json())
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
