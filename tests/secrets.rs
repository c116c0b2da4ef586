//! Tokens, recovery keys and email codes never appear in error messages, error objects or Debug
//! output, on any path that handles them.

mod common;

use beeper_setup::models::*;
use beeper_setup::{Client, Operation, Secret};
use common::Fixture;
use serde_json::json;

const TOKEN: &str = "syt_TOPSECRETTOKEN0001";
const KEY: &str = "EsXX SECR ETKE Y000 0000 0000 0000 0000 0000 0000 0000 0000";
const CODE: &str = "918273";

fn assert_clean(what: &str, text: &str) {
    for secret in [TOKEN, KEY, CODE, "TOPSECRET", "SECR ETKE"] {
        assert!(!text.contains(secret), "{what} leaks a secret: {text}");
    }
}

fn check(what: &str, result: Result<impl std::fmt::Debug, beeper_setup::Error>) {
    match result {
        Ok(v) => assert_clean(what, &format!("{v:?}")),
        Err(e) => {
            assert_clean(what, &e.to_string());
            assert_clean(what, &format!("{e:?}"));
            assert_clean(what, &e.to_json().to_string());
        }
    }
}

#[test]
fn secrets_stay_out_of_every_message() {
    let fx = Fixture::new();
    // Bad tokens in config and in set_access_token.
    check(
        "config",
        Client::from_json(&json!({"accessToken": format!("{TOKEN} x")}).to_string()),
    );
    let client = fx.client(json!({"accessToken": TOKEN}));
    check("client debug", Ok(&client));
    check(
        "set token",
        client.set_access_token(Some(Secret::new(format!("{TOKEN}\n")))),
    );
    client.set_access_token(Some(Secret::new(TOKEN))).unwrap();

    // A wrong token: the server says 401.
    check("401", client.verifications().list());
    // Wrong code, wrong key, through the typed and the JSON paths.
    let rid = client.setup().start().unwrap().setup_request_id;
    client
        .setup()
        .email(&EmailParams {
            email: "recovery@example.com".into(),
            setup_request_id: rid.clone(),
        })
        .unwrap();
    check(
        "wrong code",
        client.setup().response(&ResponseParams {
            response: Secret::new(CODE),
            setup_request_id: rid.clone(),
        }),
    );
    for params in [
        json!({"response": CODE, "setupRequestID": 5}).to_string(),
        format!(r#"{{"response": "{CODE}", "setupRequestID": "#),
        format!(r#"{{"response": {CODE}{CODE}x}}"#),
    ] {
        check(
            "bad params",
            client.call(Operation::SetupResponse, None, Some(&params)),
        );
    }
    check(
        "key params",
        client.call(
            Operation::RecoveryKeyVerify,
            None,
            Some(&format!(r#"{{"recoveryKey": ["{KEY}"]}}"#)),
        ),
    );
    check(
        "key params",
        client.call(
            Operation::RecoveryKeyVerify,
            None,
            Some(&format!(r#"{{"recoveryKey": "{KEY}"#)),
        ),
    );
    check(
        "typed params debug",
        Ok(RecoveryKeyParams {
            recovery_key: Secret::new(KEY),
        }),
    );
    check(
        "typed params debug",
        Ok(ResponseParams {
            response: Secret::new(CODE),
            setup_request_id: rid,
        }),
    );

    // A real sign-in: the response carries the token; its Debug must not.
    let rid = client.setup().start().unwrap().setup_request_id;
    client
        .setup()
        .email(&EmailParams {
            email: "recovery@example.com".into(),
            setup_request_id: rid.clone(),
        })
        .unwrap();
    let code = fx.code();
    let signed = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new(code.clone()),
            setup_request_id: rid,
        })
        .unwrap();
    let SignInResponse::Success(s) = &signed else {
        panic!()
    };
    let real_token = s.matrix.access_token.expose().to_owned();
    assert!(!format!("{signed:?}").contains(&real_token));
    assert!(!format!("{client:?}").contains(&real_token));
    check(
        "wrong key",
        client.recovery_key().verify(&RecoveryKeyParams {
            recovery_key: Secret::new(KEY),
        }),
    );
    let created = client.recovery_key().reset_create(&ResetCreateParams {
        existing_recovery_key: Some(Secret::new(KEY)),
    });
    if let Ok(created) = &created {
        assert!(!format!("{created:?}").contains(created.recovery_key.expose()));
    }
    check("reset", created);
}

/// Secrets that end a naive redaction early: quotes (escaped or not), backslashes, backticks,
/// the parser's own words, and text that is not ASCII. Each holds the marker `SeKrEt`.
const AWKWARD: [&str; 5] = [
    r#"SeKrEt"#,
    r#"a\"b SeKrEt"#,
    r#"x", expected a string, found "SeKrEt"#,
    r#"back\\slash`tick` SeKrEt \u00fc"#,
    "ünï 🔑 SeKrEt ∑",
];

fn assert_redacted(what: &str, e: beeper_setup::Error) {
    for text in [e.to_string(), format!("{e:?}"), e.to_json().to_string()] {
        for marker in ["SeKrEt", "🔑", "ünï", "918273645"] {
            assert!(!text.contains(marker), "{what} leaks {marker:?}: {text}");
        }
    }
}

#[test]
fn secrets_are_redacted_by_position_whatever_they_contain() {
    for secret in AWKWARD {
        // The JSON text of the secret as a caller would write it (escaped quotes and all).
        let quoted = serde_json::to_string(secret).unwrap();
        let raw = format!("\"{secret}\""); // as pasted, possibly broken JSON
        for value in [&quoted, &raw] {
            // A recovery key passed to next_step by mistake.
            assert_redacted(
                "next_step",
                beeper_setup::next_step_json(value).unwrap_err(),
            );
            for params in [
                format!(r#"{{"recoveryKey": {value}"#),
                format!(r#"{{"recoveryKey": [{value}]}}"#),
                format!(r#"{{"recoveryKey": {value}, "recoveryKey": 5}}"#),
            ] {
                let client = Client::from_json(r#"{"baseURL":"http://127.0.0.1:9"}"#).unwrap();
                let e = client
                    .call(Operation::RecoveryKeyVerify, None, Some(&params))
                    .unwrap_err();
                assert_redacted("params", e);
            }
            // A secret where the config wants another type, or as an unknown key.
            for config in [
                format!(r#"{{"timeoutMs": {value}}}"#),
                format!(r#"{{"accessToken": [{value}]}}"#),
                // As a key: a key is a name, shown only when it reads as one (not this one).
                format!(r#"{{{value}: 1, "k": 2}}"#).replace("SeKrEt\"", "SeKrEt \""),
                format!(r#"{{"defaultHeaders": {{"X-Key": [{value}]}}}}"#),
            ] {
                assert_redacted("config", Client::from_json(&config).unwrap_err());
            }
            assert_redacted(
                "wait params",
                beeper_setup::WaitParams::from_json(Some(&format!(r#"{{"until": {value}}}"#)))
                    .unwrap_err(),
            );
        }
        // In a rejected baseURL: as the userinfo password, or as ?access_token=.
        let encoded: String = secret
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect::<String>()
            .replace("%53%65%4B%72%45%74", "SeKrEt");
        for url in [
            format!("http://user:{encoded}@example.com/"),
            format!("http://127.0.0.1:23373/?access_token={encoded}"),
            format!("http://127.0.0.1:23373/#{encoded}"),
            format!("ftp://u:{encoded}@example.com/?access_token={encoded}"),
        ] {
            let e = Client::from_json(&json!({ "baseURL": url }).to_string()).unwrap_err();
            assert_redacted("baseURL", e);
        }
    }
    // An access token of the wrong JSON type (a number) is not echoed either.
    assert_redacted(
        "numeric token",
        Client::from_json(r#"{"accessToken": 918273645}"#).unwrap_err(),
    );
    // The messages still say what is wrong.
    let e = Client::from_json(r#"{"accessToken": 918273645}"#).unwrap_err();
    assert!(
        e.message.contains("accessToken") || e.message.contains("expected a string"),
        "{e}"
    );
    let e = Client::from_json(r#"{"baseURL": "http://me:pw@example.com/x?access_token=t"}"#)
        .unwrap_err();
    assert!(e.message.contains("example.com"), "{e}");
    assert!(
        !e.message.contains("pw") && !e.message.contains("access_token"),
        "{e}"
    );
}

/// Asserts that `e`, an echo of what was sent, shows none of `secrets` anywhere (message,
/// Display, Debug, the error object with its body and the answer's headers) and says where
/// each was.
fn assert_echo_hidden(what: &str, e: &beeper_setup::Error, secrets: &[&str]) {
    assert_eq!(e.code.as_deref(), Some("SIM_ECHO"), "{what}: {e}");
    for text in [e.to_string(), format!("{e:?}"), e.to_json().to_string()] {
        for secret in secrets {
            assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
        }
    }
    assert!(e.message.contains("[redacted]"), "{what}: {e}");
}

/// A server that quotes back what it was sent, in its message, its body and a header: each
/// secret the call sent is hidden from the error, on every path that sends one (typed, wire
/// JSON, custom requests to an operation's path or to any other), and what is no secret stays.
#[test]
fn secrets_a_server_echoes_never_reach_an_error() {
    use beeper_setup::{CallOptions, Method};
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let SignInResponse::Success(signed) = fx.sign_in(&client, "recovery@example.com") else {
        panic!("signs in")
    };
    let token = signed.matrix.access_token.expose().to_owned();
    let echo = || fx.fault(json!({"body": "echo"}));

    echo();
    let e = client
        .recovery_key()
        .verify(&RecoveryKeyParams {
            recovery_key: Secret::new(KEY),
        })
        .unwrap_err();
    assert_echo_hidden("typed verify", &e, &[KEY, &token]);
    assert_eq!(e.status, Some(400));
    assert_eq!(
        e.message,
        r#"HTTP 400: rejected {"recoveryKey":"[redacted]"} with authorization [redacted]"#
    );
    let json = e.to_json();
    assert_eq!(
        json["body"]["details"]["received"]["recoveryKey"],
        "[redacted]"
    );
    let headers = &json["response"]["headers"];
    assert_eq!(headers["x-sim-echo-authorization"], "[redacted]");

    // Through the wire JSON, as C, Python and Swift send it, and as plain text.
    for (body, op, params) in [
        (
            "echo",
            Operation::RecoveryKeyResetConfirm,
            json!({"recoveryKey": KEY}),
        ),
        (
            "echo",
            Operation::RecoveryKeyResetCreate,
            json!({"existingRecoveryKey": KEY}),
        ),
        (
            "echo-text",
            Operation::RecoveryKeyVerify,
            json!({"recoveryKey": KEY}),
        ),
    ] {
        fx.fault(json!({"body": body}));
        let e = client
            .call(op, None, Some(&params.to_string()))
            .unwrap_err();
        for text in [e.to_string(), format!("{e:?}"), e.to_json().to_string()] {
            assert!(
                !text.contains(KEY) && !text.contains(&token),
                "{op:?} {body}: {text}"
            );
        }
        let shown = e.to_json()["body"].to_string();
        assert!(shown.contains("[redacted]"), "{op:?} {body}: {shown}");
    }

    // A custom request to an operation's path hides that operation's secrets; one to any other
    // path hides every field an operation declares secret; both hide the token. A field that
    // is no secret, and a value too short to hide, are shown as sent.
    let options = CallOptions::default();
    for path in ["/v1/app/setup/verification/recovery-key/", "/v1/elsewhere"] {
        echo();
        let body = json!({"recoveryKey": KEY, "note": "plain words", "leadToken": "abc"});
        let e = client
            .request(Method::Post, path, Some(&body.to_string()), &options)
            .unwrap_err();
        assert_echo_hidden(path, &e, &[KEY, &token]);
        let received = &e.to_json()["body"]["details"]["received"];
        assert_eq!(received["note"], "plain words", "{path}");
        assert_eq!(received["leadToken"], "abc", "{path}");
    }

    // The sign-in steps: the emailed code, and a lead token.
    let fx = Fixture::new();
    let client = fx.client(json!({}));
    let (rid, _) = fx.emailed(&client, "newbie@example.com");
    fx.fault(json!({"body": "echo"}));
    let e = client
        .setup()
        .response(&ResponseParams {
            response: Secret::new(CODE),
            setup_request_id: rid.clone(),
        })
        .unwrap_err();
    assert_echo_hidden("code", &e, &[CODE]);
    assert!(e.message.contains(&rid), "the request id is no secret: {e}");
    fx.fault(json!({"body": "echo"}));
    let e = client
        .setup()
        .register(&RegisterParams {
            accept_terms: true,
            lead_token: Secret::new("lead-SECRET-token"),
            setup_request_id: rid,
            username: "newbie".into(),
        })
        .unwrap_err();
    assert_echo_hidden("lead token", &e, &["lead-SECRET-token"]);
    assert!(e.message.contains("newbie"), "{e}");
}
