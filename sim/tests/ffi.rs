//! The testing library's C functions, called as C calls them: a simulator started from JSON
//! options, steered by control name, reached over HTTP at its base URL, and stopped; bad input
//! refused with a clear error, never a crash.

mod common;

use beeper_setup_sim::ffi::*;
use beeper_setup_sim::SCENARIOS;
use common::Http;
use serde_json::{json, Value};
use std::ffi::{c_char, CStr, CString};
use std::ptr;

/// The status and the JSON a call handed back (freed here, as a C caller must).
fn answer(status: i32, out: *mut c_char) -> (i32, Value) {
    assert!(!out.is_null(), "out_json not set (status {status})");
    let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
    unsafe { beeper_simulator_string_free(out) };
    (status, serde_json::from_str(&text).unwrap())
}

fn start(options: Option<&str>) -> (i32, *mut BeeperSimulator, Value) {
    let options = options.map(|o| CString::new(o).unwrap());
    let (mut sim, mut out) = (ptr::null_mut(), ptr::null_mut());
    let status = unsafe {
        beeper_simulator_start(
            options.as_ref().map_or(ptr::null(), |o| o.as_ptr()),
            &mut sim,
            &mut out,
        )
    };
    let (status, json) = answer(status, out);
    (status, sim, json)
}

fn control(
    sim: *const BeeperSimulator,
    method: Option<&str>,
    name: &str,
    body: Option<Value>,
) -> (i32, Value) {
    let method = method.map(|m| CString::new(m).unwrap());
    let name = CString::new(name).unwrap();
    let body = body.map(|b| CString::new(b.to_string()).unwrap());
    let mut out = ptr::null_mut();
    let status = unsafe {
        beeper_simulator_control(
            sim,
            method.as_ref().map_or(ptr::null(), |m| m.as_ptr()),
            name.as_ptr(),
            body.as_ref().map_or(ptr::null(), |b| b.as_ptr()),
            &mut out,
        )
    };
    answer(status, out)
}

#[test]
fn starts_on_loopback_answers_the_api_and_is_steered_by_name() {
    let (status, sim, started) = start(Some(r#"{"scenario": "existing"}"#));
    assert_eq!(status, BEEPER_SIM_OK, "{started}");
    let base = unsafe { CStr::from_ptr(beeper_simulator_base_url(sim)) }
        .to_str()
        .unwrap()
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    assert_eq!(started["baseURL"], base);

    let mut http = Http::new(&base);
    http.sign_in("anyone@example.com");
    let (_, state) = control(sim, None, "state", None);
    assert_eq!(state["scenario"], "existing");
    assert_eq!(state["state"], "needs-verification");
    let (status, stats) = control(sim, None, "/_sim/stats", None);
    assert_eq!(status, BEEPER_SIM_OK);
    assert_eq!(
        stats["byEndpoint"]["POST /v1/app/setup/start"], 1,
        "{stats}"
    );

    // An action the state does not allow yet is the endpoint's own refusal, with its status.
    let (status, refused) = control(sim, None, "other-device/accept", None);
    assert_eq!(status, BEEPER_SIM_ERR_REFUSED);
    assert_eq!(refused["kind"], "refused");
    assert_eq!(refused["status"], 409, "{refused}");
    assert!(refused["message"].is_string());

    let (status, faults) = control(sim, None, "faults", Some(json!({"status": 503})));
    assert_eq!((status, &faults["remaining"]), (BEEPER_SIM_OK, &json!(1)));
    assert_eq!(http.get("/v1/app/setup").status, 503);
    control(sim, None, "faults", Some(json!({"count": 2})));
    let (_, cleared) = control(sim, Some("delete"), "faults", None);
    assert_eq!(cleared["remaining"], 0);

    let (status, unknown) = control(sim, None, "no-such-control", None);
    assert_eq!(
        (status, &unknown["status"]),
        (BEEPER_SIM_ERR_REFUSED, &json!(404))
    );
    unsafe { beeper_simulator_stop(sim) };
    assert!(std::net::TcpStream::connect(base.trim_start_matches("http://")).is_err());
}

#[test]
fn every_scenario_name_described_starts_and_resets() {
    let mut out = ptr::null_mut();
    let (status, described) = answer(unsafe { beeper_simulator_describe(&mut out) }, out);
    assert_eq!(status, BEEPER_SIM_OK);
    let names: Vec<&str> = described["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(names, SCENARIOS);
    let controls = described["controls"].as_array().unwrap();
    assert!(controls.iter().any(|c| c["name"] == "other-device/cancel"));
    for name in names {
        let (status, sim, started) = start(Some(&json!({ "scenario": name }).to_string()));
        assert_eq!(status, BEEPER_SIM_OK, "{name}: {started}");
        let (_, state) = control(sim, None, "state", None);
        assert_eq!(state["scenario"], name);
        let (status, reset) = control(sim, None, "reset", Some(json!({ "scenario": name })));
        assert_eq!((status, &reset["scenario"]), (BEEPER_SIM_OK, &json!(name)));
        unsafe { beeper_simulator_stop(sim) };
    }
}

#[test]
fn the_mock_mode_starts_and_keeps_no_state() {
    let (status, sim, _) = start(Some(r#"{"mock": true, "requireToken": true}"#));
    assert_eq!(status, BEEPER_SIM_OK);
    let (status, refused) = control(sim, None, "state", None);
    assert_eq!(
        (status, &refused["code"]),
        (BEEPER_SIM_ERR_REFUSED, &json!("NOT_IN_MOCK_MODE"))
    );
    unsafe { beeper_simulator_stop(sim) };
}

#[test]
fn bad_options_and_arguments_are_refused_without_a_handle() {
    for bad in [
        "{",
        "[]",
        r#"{"scenario": "nope"}"#,
        r#"{"scenario": 3}"#,
        r#"{"auto": "yes"}"#,
        r#"{"port": 80}"#,
        r#"{"requireToken": true}"#,
        r#"{"mock": true, "scenario": "new"}"#,
    ] {
        let (status, sim, error) = start(Some(bad));
        assert_eq!(status, BEEPER_SIM_ERR_INVALID_ARGUMENT, "{bad}: {error}");
        assert!(sim.is_null(), "{bad}");
        assert_eq!(error["kind"], "invalid_argument");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, sim, _) = start(None);
    assert_eq!(status, BEEPER_SIM_OK);
    let not_utf8 = [0xffu8, 0];
    let mut out = ptr::null_mut();
    let status = unsafe {
        beeper_simulator_control(
            sim,
            ptr::null(),
            not_utf8.as_ptr().cast(),
            ptr::null(),
            &mut out,
        )
    };
    assert_eq!(answer(status, out).0, BEEPER_SIM_ERR_INVALID_ARGUMENT);
    let (status, broken) = control(sim, None, "reset", Some(json!([])));
    assert_eq!(
        (status, &broken["status"]),
        (BEEPER_SIM_ERR_REFUSED, &json!(400))
    );
    let status = unsafe {
        beeper_simulator_control(
            ptr::null(),
            ptr::null(),
            c"state".as_ptr(),
            ptr::null(),
            &mut out,
        )
    };
    assert_eq!(answer(status, out).0, BEEPER_SIM_ERR_INVALID_ARGUMENT);
    // Without a place for the answer nothing is written anywhere.
    let status = unsafe { beeper_simulator_start(ptr::null(), ptr::null_mut(), ptr::null_mut()) };
    assert_eq!(status, BEEPER_SIM_ERR_INVALID_ARGUMENT);
    unsafe {
        beeper_simulator_stop(sim);
        beeper_simulator_stop(ptr::null_mut());
        beeper_simulator_string_free(ptr::null_mut());
        assert!(beeper_simulator_base_url(ptr::null()).is_null());
    }
}
