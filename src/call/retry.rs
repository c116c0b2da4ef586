//! When to retry and how long to wait, exactly as the official SDKs do.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

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

/// `retry-after` is seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<f64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return Some(secs);
    }
    let when = parse_http_date(value)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    Some(when as f64 - now)
}

/// Parses the IMF-fixdate form, `Sun, 06 Nov 1994 08:49:37 GMT`, into Unix seconds.
pub(crate) fn parse_http_date(value: &str) -> Option<i64> {
    let rest = value.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
    fn http_dates_parse() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784111777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("yesterday"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
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
