//! Reading a rate-limit budget from one response: its headers and its GraphQL `extensions`.
//!
//! Servers spell the same facts many ways: `X-RateLimit-*` (Railway, GitHub and most APIs), whose
//! reset is epoch seconds, seconds from now or an HTTP date depending on the server; the IETF
//! drafts' `RateLimit-Limit/-Remaining/-Reset`, `RateLimit: limit=…, remaining=…, reset=…` and
//! the structured `RateLimit: "name";r=…;t=…` with `RateLimit-Policy: "name";q=…;w=…`;
//! `Retry-After` (seconds or an HTTP date); GitHub's `x-ratelimit-used` and
//! `x-ratelimit-resource`; and Shopify's `extensions.cost`.

use serde::{Deserialize, Serialize};

/// Everything one response said about the budget. Times are unix seconds, already resolved
/// against the clock of the response's arrival.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub used: Option<u64>,
    /// When the window resets.
    pub reset_at: Option<u64>,
    /// Until when the server asked not to send (`Retry-After`).
    pub retry_after_until: Option<u64>,
    /// The policy's window in seconds, when the server names it (`RateLimit-Policy: …;w=3600`).
    pub window_seconds: Option<u64>,
    /// Which budget this is, when the server has several (GitHub's `core`, `graphql`, …).
    pub resource: Option<String>,
    /// What the query cost, for servers that price queries (Shopify's `extensions.cost`).
    pub cost: Option<QueryCost>,
    /// How far ahead (seconds) the server put its reset or `Retry-After` when that was beyond
    /// [`MAX_HORIZON_SECONDS`]; both were brought back to that horizon.
    pub clamped_from_seconds: Option<u64>,
}

/// The furthest a reset or a `Retry-After` is believed: 24 hours. A server that says
/// `Retry-After: 18446744073709551615` or a reset in the year 5000 would otherwise lock the gate
/// for ever; no public API's window is longer than a day.
pub const MAX_HORIZON_SECONDS: u64 = 24 * 60 * 60;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryCost {
    pub requested: Option<f64>,
    pub actual: Option<f64>,
    /// Points restored per second.
    pub restore_rate: Option<f64>,
}

impl Observation {
    /// Whether the response said anything about the budget at all.
    pub fn is_empty(&self) -> bool {
        *self == Observation::default()
    }
}

/// Epoch values below this are durations: "seconds from now" never reaches 2001-09-09, and an
/// epoch timestamp never goes back there.
const EPOCH_SECONDS_FLOOR: u64 = 1_000_000_000;
/// Epoch values above this are in milliseconds.
const EPOCH_MILLISECONDS_FLOOR: u64 = 100_000_000_000;

/// Reads the budget from a response's headers (names in any case) and its GraphQL `extensions`.
pub fn observe<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str)>,
    extensions: Option<&serde_json::Value>,
    now: u64,
) -> Observation {
    let mut observation = Observation::default();
    let mut structured_remaining = None;
    for (name, value) in headers {
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "x-ratelimit-limit" | "ratelimit-limit" | "x-rate-limit-limit" => observation.limit = first_number(value),
            "x-ratelimit-remaining" | "ratelimit-remaining" | "x-rate-limit-remaining" => {
                observation.remaining = first_number(value)
            }
            "x-ratelimit-used" => observation.used = first_number(value),
            "x-ratelimit-resource" => observation.resource = Some(value.to_owned()),
            "x-ratelimit-reset" | "x-rate-limit-reset" => observation.reset_at = point_in_time(value, now),
            // The IETF drafts define `RateLimit-Reset` as seconds from now, always.
            "ratelimit-reset" => observation.reset_at = first_number(value).map(|seconds| now.saturating_add(seconds)),
            "retry-after" => observation.retry_after_until = retry_after(value, now),
            "ratelimit" => structured_remaining = Some(value.to_owned()),
            "ratelimit-policy" => {
                let policy = parameters(value);
                observation.limit = observation.limit.or(policy.number("q"));
                observation.window_seconds = policy.number("w");
            }
            _ => {}
        }
    }
    if let Some(value) = structured_remaining {
        let fields = parameters(&value);
        // Draft 07 and older: `limit=100, remaining=50, reset=30`; draft 08 on: `"default";r=50;t=30`.
        observation.limit = observation.limit.or(fields.number("limit"));
        observation.remaining = observation.remaining.or(fields.number("remaining")).or(fields.number("r"));
        let reset = fields.number("reset").or(fields.number("t"));
        observation.reset_at = observation.reset_at.or(reset.map(|seconds| now.saturating_add(seconds)));
    }
    if let Some(cost) = extensions.and_then(|extensions| extensions.get("cost")) {
        read_cost(cost, &mut observation);
    }
    clamp_horizons(&mut observation, now);
    observation
}

/// Brings a reset or `Retry-After` beyond [`MAX_HORIZON_SECONDS`] back to it, noting how far the
/// server had put it.
fn clamp_horizons(observation: &mut Observation, now: u64) {
    let horizon = now.saturating_add(MAX_HORIZON_SECONDS);
    for at in [&mut observation.reset_at, &mut observation.retry_after_until] {
        if let Some(time) = at.filter(|time| *time > horizon) {
            let asked = time - now;
            observation.clamped_from_seconds = Some(observation.clamped_from_seconds.map_or(asked, |other| other.max(asked)));
            *at = Some(horizon);
        }
    }
}

/// Shopify's `{"requestedQueryCost", "actualQueryCost", "throttleStatus": {"maximumAvailable",
/// "currentlyAvailable", "restoreRate"}}`.
fn read_cost(cost: &serde_json::Value, observation: &mut Observation) {
    let number = |value: Option<&serde_json::Value>| value.and_then(serde_json::Value::as_f64);
    let throttle = cost.get("throttleStatus");
    let maximum = number(throttle.and_then(|throttle| throttle.get("maximumAvailable")));
    let available = number(throttle.and_then(|throttle| throttle.get("currentlyAvailable")));
    let restore_rate = number(throttle.and_then(|throttle| throttle.get("restoreRate")));
    observation.limit = observation.limit.or(maximum.and_then(whole));
    observation.remaining = observation.remaining.or(available.and_then(whole));
    observation.cost = Some(QueryCost {
        requested: number(cost.get("requestedQueryCost")),
        actual: number(cost.get("actualQueryCost")),
        restore_rate,
    });
}

fn whole(value: f64) -> Option<u64> {
    (value.is_finite() && value >= 0.0 && value < u64::MAX as f64).then_some(value.floor() as u64)
}

/// The first whole number of a header value: `100`, `100;w=3600` or `100, 100;w=3600`.
fn first_number(value: &str) -> Option<u64> {
    let digits: &str = value.split([',', ';', ' ']).next()?.trim();
    digits.parse().ok()
}

/// A reset time given as epoch seconds, epoch milliseconds, seconds from now, or an HTTP date.
fn point_in_time(value: &str, now: u64) -> Option<u64> {
    match value.parse::<f64>() {
        Ok(number) => {
            let number = whole(number)?;
            Some(if number >= EPOCH_MILLISECONDS_FLOOR {
                number / 1000
            } else if number >= EPOCH_SECONDS_FLOOR {
                number
            } else {
                now.saturating_add(number)
            })
        }
        Err(_) => http_date(value),
    }
}

/// `Retry-After`: seconds from now or an HTTP date.
fn retry_after(value: &str, now: u64) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(seconds) => Some(now.saturating_add(seconds)),
        Err(_) => http_date(value),
    }
}

fn http_date(value: &str) -> Option<u64> {
    let time = httpdate::parse_http_date(value).ok()?;
    time.duration_since(std::time::UNIX_EPOCH).ok().map(|since| since.as_secs())
}

/// `key=value` pairs of a header, separated by `,` or `;`, values unquoted.
struct Parameters(Vec<(String, String)>);

fn parameters(value: &str) -> Parameters {
    Parameters(
        value
            .split([',', ';'])
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                Some((key.trim().to_ascii_lowercase(), value.trim().trim_matches('"').to_owned()))
            })
            .collect(),
    )
}

impl Parameters {
    fn number(&self, key: &str) -> Option<u64> {
        self.0.iter().find(|(name, _)| name == key).and_then(|(_, value)| value.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_790_000_000;

    fn check(headers: &[(&str, &str)], extensions: Option<serde_json::Value>, expected: Observation) {
        let observed = observe(headers.iter().copied(), extensions.as_ref(), NOW);
        assert_eq!(observed, expected, "{headers:?}");
    }

    fn budget(limit: u64, remaining: u64, reset_at: u64) -> Observation {
        Observation { limit: Some(limit), remaining: Some(remaining), reset_at: Some(reset_at), ..Default::default() }
    }

    #[test]
    fn headers_of_each_convention() {
        let cases: Vec<(&[(&str, &str)], Observation)> = vec![
            // Railway: epoch seconds.
            (&[("X-RateLimit-Limit", "1000"), ("X-RateLimit-Remaining", "999"), ("X-RateLimit-Reset", "1790003600")], budget(1000, 999, 1_790_003_600)),
            // Seconds from now.
            (&[("x-ratelimit-limit", "100"), ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", "60")], budget(100, 0, NOW + 60)),
            // Epoch milliseconds.
            (&[("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "1790000030000")], budget(10, 5, NOW + 30)),
            // An HTTP date.
            (&[("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "5"), ("X-RateLimit-Reset", "Mon, 21 Sep 2026 15:00:00 GMT")], budget(10, 5, 1_790_002_800)),
            // IETF draft, separate fields: reset is always seconds from now.
            (&[("RateLimit-Limit", "100"), ("RateLimit-Remaining", "42"), ("RateLimit-Reset", "1800")], budget(100, 42, NOW + 1800)),
            // IETF draft 07: one field.
            (&[("RateLimit", "limit=100, remaining=50, reset=30")], budget(100, 50, NOW + 30)),
            // IETF draft 08 on: structured fields with a policy.
            (
                &[("RateLimit", "\"default\";r=50;t=30"), ("RateLimit-Policy", "\"default\";q=100;w=3600")],
                Observation { window_seconds: Some(3600), ..budget(100, 50, NOW + 30) },
            ),
            // GitHub.
            (
                &[("x-ratelimit-limit", "5000"), ("x-ratelimit-remaining", "4990"), ("x-ratelimit-used", "10"), ("x-ratelimit-reset", "1790001000"), ("x-ratelimit-resource", "graphql")],
                Observation { used: Some(10), resource: Some("graphql".into()), ..budget(5000, 4990, 1_790_001_000) },
            ),
            // Retry-After in seconds and as a date.
            (&[("Retry-After", "120")], Observation { retry_after_until: Some(NOW + 120), ..Default::default() }),
            (&[("Retry-After", "Mon, 21 Sep 2026 15:00:00 GMT")], Observation { retry_after_until: Some(1_790_002_800), ..Default::default() }),
            // Nothing, and nonsense: no budget rather than a wrong one.
            (&[("Content-Type", "application/json")], Observation::default()),
            (&[("X-RateLimit-Limit", "lots"), ("X-RateLimit-Reset", "soon"), ("Retry-After", "-5"), ("RateLimit", "r=;t=x")], Observation::default()),
            (&[("X-RateLimit-Remaining", "99999999999999999999999")], Observation::default()),
        ];
        for (headers, expected) in cases {
            check(headers, None, expected);
        }
    }

    /// Regression: `Retry-After: 18446744073709551615` or a reset in the year 5000 closed the gate for
    /// ever. Horizons beyond a day are brought back to a day, and the observation says so.
    #[test]
    fn horizons_beyond_a_day_are_clamped() {
        let day = MAX_HORIZON_SECONDS;
        let clamped = |retry: Option<u64>, reset: Option<u64>, from: u64| Observation {
            retry_after_until: retry,
            reset_at: reset,
            clamped_from_seconds: Some(from),
            ..Default::default()
        };
        let cases: Vec<(&[(&str, &str)], Observation)> = vec![
            (&[("Retry-After", "18446744073709551615")], clamped(Some(NOW + day), None, u64::MAX - NOW)),
            (&[("Retry-After", "86401")], clamped(Some(NOW + day), None, day + 1)),
            (&[("Retry-After", "86400")], Observation { retry_after_until: Some(NOW + day), ..Default::default() }),
            // The year 5000 as epoch seconds and epoch milliseconds, the year 2100 as an HTTP date.
            (&[("X-RateLimit-Reset", "95617584000")], clamped(None, Some(NOW + day), 95_617_584_000 - NOW)),
            (&[("X-RateLimit-Reset", "95617584000000")], clamped(None, Some(NOW + day), 95_617_584_000 - NOW)),
            (&[("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT")], clamped(Some(NOW + day), None, 4_102_444_800 - NOW)),
            (&[("RateLimit-Reset", "99999999999")], clamped(None, Some(NOW + day), 99_999_999_999)),
            // Both beyond: the further one is noted.
            (&[("Retry-After", "100000"), ("X-RateLimit-Reset", "200000")], clamped(Some(NOW + day), Some(NOW + day), 200_000)),
        ];
        for (headers, expected) in cases {
            check(headers, None, expected);
        }
    }

    #[test]
    fn shopify_cost_extension() {
        let extensions = serde_json::json!({ "cost": {
            "requestedQueryCost": 101, "actualQueryCost": 46,
            "throttleStatus": { "maximumAvailable": 1000.0, "currentlyAvailable": 954, "restoreRate": 50.0 }
        }});
        check(
            &[],
            Some(extensions),
            Observation {
                limit: Some(1000),
                remaining: Some(954),
                cost: Some(QueryCost { requested: Some(101.0), actual: Some(46.0), restore_rate: Some(50.0) }),
                ..Default::default()
            },
        );
        check(&[], Some(serde_json::json!({ "tracing": {} })), Observation::default());
    }
}
