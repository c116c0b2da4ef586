//! Diagnostic: what checking a response body's shape costs, with no network involved
//! (`setup.retrieve`: a Session; `verifications.create`: `{session, verification}`).
//!
//! - `models`: `serde_json::from_str::<beeper_setup::models::Session>`, what the library's shape
//!   check does now (owned strings, and `#[serde(flatten)]` maps for unknown fields, which make
//!   serde buffer every object into an intermediate tree first);
//! - `mirror`: the same required fields and types, checked by borrowing mirror types without
//!   `flatten` (unknown fields skipped, not kept: the check returns the text as sent anyway);
//! - `syntax`: `serde::de::IgnoredAny`, JSON syntax only (the floor).

use serde::de::IgnoredAny;
use serde::Deserialize;
use std::borrow::Cow;
use std::time::Instant;

#[derive(Deserialize)]
#[allow(dead_code)]
struct Session<'a> {
    #[serde(borrow)]
    state: Cow<'a, str>,
    e2ee: E2ee,
    #[serde(borrow, default)]
    matrix: Option<Matrix<'a>>,
    #[serde(borrow, default)]
    verification: Option<Verification<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Verification<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    available_actions: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    direction: Cow<'a, str>,
    #[serde(borrow)]
    methods: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    purpose: Cow<'a, str>,
    #[serde(borrow)]
    state: Cow<'a, str>,
    #[serde(default)]
    error: Option<IgnoredAny>,
    #[serde(default)]
    other_device: Option<IgnoredAny>,
    #[serde(rename = "otherUserID", borrow, default)]
    other_user_id: Option<Cow<'a, str>>,
    #[serde(default)]
    qr: Option<IgnoredAny>,
    #[serde(default)]
    sas: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct VerificationResponse<'a> {
    #[serde(borrow)]
    session: Session<'a>,
    #[serde(borrow, default)]
    verification: Option<Verification<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct E2ee {
    cross_signing: bool,
    first_sync_done: bool,
    has_backed_up_recovery_key: bool,
    initialized: bool,
    key_backup: bool,
    secrets: Secrets,
    secret_storage: bool,
    verified: bool,
    #[serde(default)]
    recovery_key_generated_at: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Secrets {
    master_key: bool,
    megolm_backup_key: bool,
    recovery_key: bool,
    self_signing_key: bool,
    user_signing_key: bool,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Matrix<'a> {
    #[serde(rename = "deviceID", borrow)]
    device_id: Cow<'a, str>,
    #[serde(borrow)]
    homeserver: Cow<'a, str>,
    #[serde(rename = "userID", borrow)]
    user_id: Cow<'a, str>,
}

/// Median nanoseconds per check of `body` (a Session, or with `response` a
/// `{session, verification}`) for each way, over `n` checks after a warm-up.
pub fn measure(body: &str, response: bool, n: usize) -> [(&'static str, f64); 3] {
    fn time(n: usize, f: &dyn Fn() -> bool) -> f64 {
        for _ in 0..n / 10 {
            assert!(f());
        }
        let mut samples: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                for _ in 0..n {
                    assert!(f());
                }
                t.elapsed().as_nanos() as f64 / n as f64
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        samples[2]
    }
    use beeper_setup::models;
    let (models_ns, mirror_ns) = match response {
        false => (
            time(n, &|| serde_json::from_str::<models::Session>(body).is_ok()),
            time(n, &|| serde_json::from_str::<Session>(body).is_ok()),
        ),
        true => (
            time(n, &|| {
                serde_json::from_str::<models::VerificationResponse>(body).is_ok()
            }),
            time(n, &|| {
                serde_json::from_str::<VerificationResponse>(body).is_ok()
            }),
        ),
    };
    [
        ("models", models_ns),
        ("mirror", mirror_ns),
        (
            "syntax",
            time(n, &|| serde_json::from_str::<IgnoredAny>(body).is_ok()),
        ),
    ]
}
