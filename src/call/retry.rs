//! When to retry and how long to wait, exactly as the official SDKs do.

use std::time::{Duration, SystemTime};

const INITIAL_DELAY: f64 = 0.5;
const MAX_DELAY: f64 = 8.0;
/// A server-given delay is honoured only up to this; beyond it we back off ourselves.
const MAX_SERVER_DELAY: f64 = 60.0;

/// Whether a status is worth retrying (unless `x-should-retry` says otherwise).
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 429) || status >= 500
}

/// For an operation whose answer exists once: the statuses that say the server did not act on
/// the request (it timed out reading it, or turned it away before handling it), so that trying
/// again cannot lose an answer. A 409 or a 5xx may come after the server acted.
pub(crate) fn not_acted_on_status(status: u16) -> bool {
    matches!(status, 408 | 429)
}

/// The server's verdict from `x-should-retry`, when it gave one.
pub(crate) fn should_retry_header(value: Option<&str>) -> Option<bool> {
    match value?.trim() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The delay before retry number `retry` (0-based): the server's `retry-after-ms` or
/// `retry-after` when it is in (0, 60] seconds, else `min(0.5 * 2^retry, 8)` seconds less up to
/// 25 % jitter.
pub(crate) fn delay(
    retry: u32,
    retry_after_ms: Option<&str>,
    retry_after: Option<&str>,
) -> Duration {
    let server = retry_after_ms
        .and_then(|v| v.trim().parse::<f64>().ok().map(|ms| ms / 1000.0))
        .or_else(|| retry_after.and_then(parse_retry_after));
    if let Some(secs) = server.filter(|s| *s > 0.0 && *s <= MAX_SERVER_DELAY) {
        return Duration::from_secs_f64(secs);
    }
    let backoff = (INITIAL_DELAY * 2f64.powi(retry.min(30) as i32)).min(MAX_DELAY);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * random_unit()))
}

/// `retry-after` is seconds, or an HTTP date (any of the three forms HTTP allows).
fn parse_retry_after(value: &str) -> Option<f64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return Some(secs);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(match when.duration_since(SystemTime::now()) {
        Ok(ahead) => ahead.as_secs_f64(),
        Err(past) => -past.duration().as_secs_f64(),
    })
}

/// A number in [0, 1) for jitter; std's randomly keyed hasher is random enough for that.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_delays_are_honoured_within_bounds() {
        assert_eq!(delay(0, Some("10"), None), Duration::from_millis(10));
        assert_eq!(delay(0, None, Some("2")), Duration::from_secs(2));
        // Out of range: our own backoff, 0.5 s less up to 25 %.
        for d in [delay(0, Some("0"), None), delay(0, None, Some("600"))] {
            assert!(
                d <= Duration::from_millis(500) && d >= Duration::from_millis(375),
                "{d:?}"
            );
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let d = delay(1, None, None);
        assert!(d <= Duration::from_secs(1) && d >= Duration::from_millis(750));
        let d = delay(10, None, None);
        assert!(d <= Duration::from_secs(8) && d >= Duration::from_secs(6));
    }

    #[test]
    fn an_http_date_is_a_delay_from_now() {
        let in_30s = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let d = delay(0, None, Some(&in_30s));
        assert!(
            d <= Duration::from_secs(30) && d >= Duration::from_secs(28),
            "{d:?}"
        );
        // In the past, a month that does not exist, a 31st of February: our own backoff.
        for past_or_wrong in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 2094 08:49:37 GMT",
            "Sat, 31 Feb 2094 08:49:37 GMT",
            "yesterday",
        ] {
            let d = delay(0, None, Some(past_or_wrong));
            assert!(d <= Duration::from_millis(500), "{past_or_wrong}: {d:?}");
        }
    }

    #[test]
    fn which_statuses_retry() {
        for s in [408, 409, 429, 500, 503] {
            assert!(retryable_status(s));
        }
        for s in [400, 401, 404, 422] {
            assert!(!retryable_status(s));
        }
        assert_eq!(should_retry_header(Some("false")), Some(false));
        assert_eq!(should_retry_header(Some("maybe")), None);
    }
}
