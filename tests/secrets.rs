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
