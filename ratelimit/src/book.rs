//! The last known budget per endpoint and token profile, kept across restarts.
//!
//! The book decides nothing on its own: callers record each response's [`Observation`] and ask
//! [`BudgetBook::gate`] before sending. Time is always passed in (unix seconds), so the book is
//! testable without a clock.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::headers::Observation;

/// How many recent requests the book remembers per budget.
pub const RECENT_REQUESTS: usize = 20;
/// Version 1 keyed budgets by profile name; its budgets are dropped when read (see [`BudgetKey`]).
const FORMAT_VERSION: u32 = 2;

/// Whose budget: an endpoint and the credentials in use, by their fingerprint (`None` without a
/// credential). Not a profile's name: a new token saved under a profile's name is another account
/// with a budget of its own. Never a secret.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BudgetKey {
    pub endpoint: String,
    pub credential: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    pub reset_at: Option<u64>,
    pub retry_after_until: Option<u64>,
    pub window_seconds: Option<u64>,
    pub resource: Option<String>,
    /// How far ahead (seconds) the last response put its reset or `Retry-After`, when that was
    /// beyond a day and was brought back to a day.
    #[serde(default)]
    pub clamped_from_seconds: Option<u64>,
    /// When the last response arrived.
    pub updated_at: u64,
    /// The last requests, oldest first, with the budget each left.
    pub recent: VecDeque<RequestRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    pub at: u64,
    pub status: u16,
    pub remaining: Option<u64>,
}

impl Budget {
    /// The sentence that says a horizon was clamped, for the panel and the command line.
    pub fn clamp_note(&self) -> Option<String> {
        self.clamped_from_seconds.map(|asked| {
            format!(
                "The server asked to wait {}; Sextant waits at most {} and then lets requests go again.",
                describe_seconds(asked),
                describe_seconds(crate::headers::MAX_HORIZON_SECONDS)
            )
        })
    }
}

/// Whether a request may go out now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gate {
    Open,
    /// The server asked to wait (`Retry-After`), or said the budget is used up until its reset.
    Closed { until: u64, seconds_left: u64, reason: ClosedReason },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReason {
    RetryAfter,
    BudgetUsedUp,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct BudgetBook {
    budgets: BTreeMap<String, (BudgetKey, Budget)>,
}

#[derive(Serialize, Deserialize)]
struct StoredBook {
    version: u32,
    budgets: Vec<(BudgetKey, Budget)>,
}

/// Why a stored book could not be read; the caller starts from an empty book and says so.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the rate-limit file {path}: {cause}")]
    Unreadable { path: String, cause: std::io::Error },
    #[error("the rate-limit file {path} is damaged ({cause}); starting with no known budgets")]
    Corrupt { path: String, cause: String },
}

impl BudgetBook {
    pub fn get(&self, key: &BudgetKey) -> Option<&Budget> {
        self.budgets.get(&Self::index(key)).map(|(_, budget)| budget)
    }

    /// Records one response. Fields the response did not mention keep their last known values,
    /// except that a new window (a later reset time) clears a stale `remaining`, and so does a
    /// success: a 2xx answer shows the budget was not used up, whatever was known before.
    pub fn record(&mut self, key: &BudgetKey, observation: &Observation, status: u16, now: u64) {
        let (_, budget) = self.budgets.entry(Self::index(key)).or_insert_with(|| (key.clone(), Budget::default()));
        if observation.reset_at.is_some() && observation.reset_at != budget.reset_at && observation.remaining.is_none() {
            budget.remaining = None;
        }
        if (200..300).contains(&status) && observation.remaining.is_none() && budget.remaining == Some(0) {
            budget.remaining = None;
        }
        budget.clamped_from_seconds = observation.clamped_from_seconds;
        budget.limit = observation.limit.or(budget.limit);
        budget.remaining = observation.remaining.or(budget.remaining);
        budget.reset_at = observation.reset_at.or(budget.reset_at);
        budget.window_seconds = observation.window_seconds.or(budget.window_seconds);
        budget.resource = observation.resource.clone().or(budget.resource.take());
        // A new Retry-After replaces the old one; a success ends it.
        budget.retry_after_until = match (observation.retry_after_until, status) {
            (Some(until), _) => Some(until),
            (None, 200..=299) => None,
            (None, _) => budget.retry_after_until,
        };
        budget.updated_at = now;
        budget.recent.push_back(RequestRecord { at: now, status, remaining: observation.remaining });
        while budget.recent.len() > RECENT_REQUESTS {
            budget.recent.pop_front();
        }
    }

    /// Whether a request to `key` may go out at `now`. Callers offer an explicit override.
    pub fn gate(&self, key: &BudgetKey, now: u64) -> Gate {
        let Some(budget) = self.get(key) else { return Gate::Open };
        let retry_after = budget.retry_after_until.filter(|&until| until > now).map(|until| (until, ClosedReason::RetryAfter));
        let used_up = match (budget.remaining, budget.reset_at) {
            (Some(0), Some(reset_at)) if reset_at > now => Some((reset_at, ClosedReason::BudgetUsedUp)),
            _ => None,
        };
        // Both may hold, ending at different times: the gate opens when the later one ends.
        let closed = match (retry_after, used_up) {
            (Some(retry), Some(used)) => Some(if used.0 > retry.0 { used } else { retry }),
            (retry, used) => retry.or(used),
        };
        match closed {
            Some((until, reason)) => Gate::Closed { until, seconds_left: until - now, reason },
            None => Gate::Open,
        }
    }

    /// A warning when the remaining budget is at or below `threshold` requests.
    pub fn low_budget_warning(&self, key: &BudgetKey, threshold: u64, now: u64) -> Option<String> {
        let budget = self.get(key)?;
        let remaining = budget.remaining?;
        if remaining > threshold {
            return None;
        }
        let limit = budget.limit.map_or(String::new(), |limit| format!(" of {limit}"));
        let reset = match budget.reset_at {
            Some(reset_at) if reset_at > now => format!("; it resets in {}", describe_seconds(reset_at - now)),
            _ => String::new(),
        };
        Some(format!("{remaining} request{}{limit} left{reset}", if remaining == 1 { "" } else { "s" }))
    }

    pub fn to_json(&self) -> String {
        let stored = StoredBook { version: FORMAT_VERSION, budgets: self.budgets.values().cloned().collect() };
        // Plain data (strings, numbers, lists) always serializes.
        serde_json::to_string_pretty(&stored).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        // Version 1 keyed budgets by profile name, which says nothing of whose budget it was.
        if serde_json::from_str::<Version>(text).is_ok_and(|stored| stored.version == 1) {
            return Ok(BudgetBook::default());
        }
        let stored: StoredBook = serde_json::from_str(text).map_err(|error| error.to_string())?;
        if stored.version != FORMAT_VERSION {
            return Err(format!("format version {} is not {FORMAT_VERSION}", stored.version));
        }
        let budgets = stored.budgets.into_iter().map(|(key, budget)| (Self::index(&key), (key, budget))).collect();
        Ok(BudgetBook { budgets })
    }

    /// Reads the book from `path`; a missing file is an empty book.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let display = path.display().to_string();
        match std::fs::read(path) {
            Err(cause) if cause.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(cause) => Err(LoadError::Unreadable { path: display, cause }),
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| LoadError::Corrupt { path: display.clone(), cause: "not UTF-8".into() })?;
                Self::from_json(&text).map_err(|cause| LoadError::Corrupt { path: display, cause })
            }
        }
    }

    /// Writes the book to `path` atomically: a reader sees the old file or the new one.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        private_file::write_atomically(path, self.to_json().as_bytes())
    }

    fn index(key: &BudgetKey) -> String {
        // A newline cannot appear in a URL, so the pair maps to one string without ambiguity.
        format!("{}\n{}", key.endpoint, key.credential.as_deref().unwrap_or(""))
    }
}

/// `45 s`, `3 min 20 s`, `2 h 5 min`, `3 days`, `584942417355 years`.
pub fn describe_seconds(seconds: u64) -> String {
    const DAY: u64 = 24 * 3600;
    const YEAR: u64 = 365 * DAY;
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3599 if seconds.is_multiple_of(60) => format!("{} min", seconds / 60),
        60..=3599 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ if seconds >= 2 * YEAR => format!("{} years", seconds / YEAR),
        _ if seconds >= 2 * DAY => format!("{} days", seconds / DAY),
        _ if seconds % 3600 < 60 => format!("{} h", seconds / 3600),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_790_000_000;

    fn key(credential: Option<&str>) -> BudgetKey {
        BudgetKey { endpoint: "https://backboard.railway.com/graphql/v2".into(), credential: credential.map(str::to_owned) }
    }

    fn observation(remaining: Option<u64>, reset_at: Option<u64>, retry_after_until: Option<u64>) -> Observation {
        Observation { limit: Some(100), remaining, reset_at, retry_after_until, ..Default::default() }
    }

    /// Responses as (observation, status, arrival time).
    type Responses = Vec<(Observation, u16, u64)>;

    #[test]
    fn the_gate_follows_retry_after_and_a_used_up_budget() {
        // (responses as (observation, status, at), asked at, expected gate)
        let retry_after = observation(Some(0), Some(NOW + 3600), Some(NOW + 30));
        let cases: Vec<(Responses, u64, Gate)> = vec![
            (vec![], NOW, Gate::Open),
            (vec![(observation(Some(5), Some(NOW + 60), None), 200, NOW)], NOW, Gate::Open),
            // Retry-After and a used-up budget both hold: the gate opens when the later one ends.
            (vec![(retry_after.clone(), 429, NOW)], NOW + 10, Gate::Closed { until: NOW + 3600, seconds_left: 3590, reason: ClosedReason::BudgetUsedUp }),
            (vec![(observation(Some(0), Some(NOW + 20), Some(NOW + 21)), 429, NOW)], NOW + 10, Gate::Closed { until: NOW + 21, seconds_left: 11, reason: ClosedReason::RetryAfter }),
            (vec![(observation(Some(3), Some(NOW + 60), Some(NOW + 30)), 429, NOW)], NOW + 10, Gate::Closed { until: NOW + 30, seconds_left: 20, reason: ClosedReason::RetryAfter }),
            // After Retry-After ends, the used-up budget still holds until its reset.
            (vec![(retry_after.clone(), 429, NOW)], NOW + 30, Gate::Closed { until: NOW + 3600, seconds_left: 3570, reason: ClosedReason::BudgetUsedUp }),
            (vec![(retry_after.clone(), 429, NOW)], NOW + 3600, Gate::Open),
            (vec![(observation(None, None, Some(NOW + 30)), 503, NOW)], NOW + 29, Gate::Closed { until: NOW + 30, seconds_left: 1, reason: ClosedReason::RetryAfter }),
            // A success after a Retry-After ends it.
            (vec![(observation(None, None, Some(NOW + 30)), 429, NOW), (observation(Some(9), None, None), 200, NOW + 1)], NOW + 2, Gate::Open),
            // Regression: a 2xx without budget headers after a used-up budget (an override that went
            // through, say) left the gate closed until the old reset.
            (
                vec![(observation(Some(0), Some(NOW + 3600), None), 200, NOW), (Observation::default(), 200, NOW + 5)],
                NOW + 6,
                Gate::Open,
            ),
            // A 2xx that says the budget is used up keeps the gate closed.
            (
                vec![(observation(Some(1), Some(NOW + 3600), None), 200, NOW), (observation(Some(0), Some(NOW + 3600), None), 200, NOW + 5)],
                NOW + 6,
                Gate::Closed { until: NOW + 3600, seconds_left: 3594, reason: ClosedReason::BudgetUsedUp },
            ),
            // A refusal without budget headers does not clear it.
            (
                vec![(observation(Some(0), Some(NOW + 3600), None), 200, NOW), (Observation::default(), 503, NOW + 5)],
                NOW + 6,
                Gate::Closed { until: NOW + 3600, seconds_left: 3594, reason: ClosedReason::BudgetUsedUp },
            ),
        ];
        for (responses, asked_at, expected) in cases {
            let mut book = BudgetBook::default();
            for (observation, status, at) in &responses {
                book.record(&key(Some("work")), observation, *status, *at);
            }
            assert_eq!(book.gate(&key(Some("work")), asked_at), expected, "{responses:?} at {asked_at}");
            assert_eq!(book.gate(&key(None), asked_at), Gate::Open, "another profile's budget is its own");
        }
    }

    #[test]
    fn record_keeps_what_a_response_did_not_mention_and_the_recent_requests() {
        let mut book = BudgetBook::default();
        book.record(&key(None), &observation(Some(10), Some(NOW + 60), None), 200, NOW);
        book.record(&key(None), &Observation::default(), 500, NOW + 1);
        let budget = book.get(&key(None)).unwrap();
        assert_eq!((budget.limit, budget.remaining, budget.reset_at), (Some(100), Some(10), Some(NOW + 60)));
        for at in 0..30 {
            book.record(&key(None), &observation(Some(9), None, None), 200, NOW + at);
        }
        assert_eq!(book.get(&key(None)).unwrap().recent.len(), RECENT_REQUESTS);
    }

    #[test]
    fn a_clamped_horizon_is_said_and_a_later_answer_forgets_it() {
        let mut book = BudgetBook::default();
        let clamped = Observation { retry_after_until: Some(NOW + 86_400), clamped_from_seconds: Some(u64::MAX - NOW), ..Default::default() };
        book.record(&key(None), &clamped, 429, NOW);
        assert_eq!(
            book.get(&key(None)).unwrap().clamp_note().as_deref(),
            Some("The server asked to wait 584942417298 years; Sextant waits at most 24 h and then lets requests go again.")
        );
        assert_eq!(book.gate(&key(None), NOW + 86_400), Gate::Open, "the gate opens after a day at most");
        book.record(&key(None), &observation(Some(5), Some(NOW + 60), None), 200, NOW + 86_401);
        assert_eq!(book.get(&key(None)).unwrap().clamp_note(), None);
    }

    #[test]
    fn low_budget_warnings() {
        let cases = [
            (Some(10), Some(NOW + 125), None),
            (Some(3), Some(NOW + 125), Some("3 requests of 100 left; it resets in 2 min 5 s")),
            (Some(1), None, Some("1 request of 100 left")),
        ];
        for (remaining, reset_at, expected) in cases {
            let mut book = BudgetBook::default();
            book.record(&key(None), &observation(remaining, reset_at, None), 200, NOW);
            assert_eq!(book.low_budget_warning(&key(None), 5, NOW).as_deref(), expected);
        }
    }

    #[test]
    fn the_book_survives_a_restart_and_a_damaged_file_is_reported() {
        let directory = std::env::temp_dir().join(format!("sextant-ratelimit-test-{}", std::process::id()));
        let path = directory.join("budgets.json");
        let mut book = BudgetBook::default();
        book.record(&key(Some("work")), &observation(Some(0), Some(NOW + 3600), Some(NOW + 30)), 429, NOW);
        book.save(&path).unwrap();
        assert_eq!(BudgetBook::load(&path).unwrap(), book);
        assert_eq!(std::fs::read_dir(&directory).unwrap().count(), 1, "no temporary file is left behind");

        let damaged: [&[u8]; 4] = [b"", b"{\"version\": 2, \"budg", b"\xff\xfe", b"{\"version\": 99, \"budgets\": []}"];
        for contents in damaged {
            std::fs::write(&path, contents).unwrap();
            let error = BudgetBook::load(&path).unwrap_err();
            assert!(matches!(error, LoadError::Corrupt { .. }), "{contents:?}: {error}");
        }
        // A book of version 1 (budgets by profile name) is read as empty.
        std::fs::write(&path, br#"{"version":1,"budgets":[[{"endpoint":"https://x/graphql","profile":"work"},{"limit":1,"remaining":0,"reset_at":null,"retry_after_until":null,"window_seconds":null,"resource":null,"updated_at":1,"recent":[]}]]}"#).unwrap();
        assert_eq!(BudgetBook::load(&path).unwrap(), BudgetBook::default());
        std::fs::remove_dir_all(&directory).unwrap();
        assert_eq!(BudgetBook::load(&path).unwrap(), BudgetBook::default(), "a missing file is an empty book");
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (0, "0 s"),
            (59, "59 s"),
            (60, "1 min"),
            (200, "3 min 20 s"),
            (3600, "1 h"),
            (7500, "2 h 5 min"),
            (86_400, "24 h"),
            (172_800, "2 days"),
            (93_611_582_416, "2968 years"),
            (u64::MAX, "584942417355 years"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(describe_seconds(seconds), expected);
        }
    }
}
