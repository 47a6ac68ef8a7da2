//! Railway's log and deployment subscriptions, as the demo server streams them: `deploymentLogs`
//! and `buildLogs` (batches of log lines with a timestamp, a severity and attributes) and
//! `deployment` (its status as it moves on). How fast and how long a stream runs is the server's
//! [`StreamPace`], set by its mode.

use std::time::Duration;

use async_graphql::{Context, Error, Result, SimpleObject, Subscription};
use futures_util::Stream;

use crate::schema::{Deployment, DeploymentStatus, SharedStore};

/// How the demo server's streams run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamPace {
    /// Events before the stream completes.
    pub events: u64,
    /// Between two events.
    pub interval: Duration,
    /// Instead of `interval`: this many events a second, each sent when its time has come.
    pub per_second: Option<u64>,
}

impl Default for StreamPace {
    /// Ten events, 20 ms apart: a log that a person sees arrive, short enough for tests.
    fn default() -> Self {
        StreamPace { events: 10, interval: Duration::from_millis(20), per_second: None }
    }
}

/// One log line, as Railway's `Log`.
#[derive(SimpleObject, Debug, Clone)]
pub struct Log {
    pub message: String,
    pub severity: Option<String>,
    pub timestamp: String,
    pub attributes: Vec<LogAttribute>,
    pub tags: Option<LogTags>,
}

/// Where a line comes from: some of the tags Railway puts on it.
#[derive(SimpleObject, Debug, Clone)]
pub struct LogTags {
    pub deployment_id: Option<String>,
    pub environment_id: Option<String>,
    pub project_id: Option<String>,
    pub service_id: Option<String>,
}

impl LogTags {
    fn of(deployment: &Deployment) -> LogTags {
        LogTags {
            deployment_id: Some(deployment.id.to_string()),
            environment_id: Some(deployment.environment_id.clone()),
            project_id: Some(deployment.project_id.clone()),
            service_id: deployment.service_id.clone(),
        }
    }
}

#[derive(SimpleObject, Debug, Clone)]
pub struct LogAttribute {
    pub key: String,
    pub value: String,
}

const BUILD_STEPS: [&str; 6] = [
    "[internal] load build definition from Dockerfile",
    "[1/5] FROM docker.io/library/node:20-slim",
    "[2/5] WORKDIR /app",
    "[3/5] COPY package.json package-lock.json ./",
    "[4/5] RUN npm ci --omit=dev",
    "[5/5] COPY . .",
];

/// (severity, message, attributes besides the level): structured logs come with fields of their own.
const RUNTIME_LINES: [(&str, &str, &[(&str, &str)]); 6] = [
    ("info", "Server listening on port 8080", &[("port", "8080")]),
    ("info", "GET /health 200 1.2ms", &[("method", "GET"), ("path", "/health"), ("status", "200"), ("duration_ms", "1.2")]),
    ("info", "GET /api/products 200 18.4ms", &[("method", "GET"), ("path", "/api/products"), ("status", "200"), ("duration_ms", "18.4")]),
    ("warn", "Slow query: SELECT * FROM orders WHERE customer_id = $1 (412ms)", &[("duration_ms", "412"), ("table", "orders")]),
    ("info", "POST /api/checkout 201 96.0ms", &[("method", "POST"), ("path", "/api/checkout"), ("status", "201"), ("duration_ms", "96.0")]),
    ("error", "Payment provider timed out after 10000ms; retrying (1/3)", &[("provider", "stripe"), ("attempt", "1")]),
];

/// The `n`th log line of a stream, with a timestamp that moves on by the stream's interval.
fn line(n: u64, build: bool, tags: &LogTags) -> Log {
    let millis = 1_717_432_930_000 + n * 250;
    let timestamp = crate::data::rfc3339(Duration::from_millis(millis));
    let (severity, message, fields): (&str, String, &[(&str, &str)]) = if build {
        ("info", BUILD_STEPS[(n % BUILD_STEPS.len() as u64) as usize].to_owned(), &[])
    } else {
        let (severity, message, fields) = RUNTIME_LINES[(n % RUNTIME_LINES.len() as u64) as usize];
        (severity, message.to_owned(), fields)
    };
    let level = LogAttribute { key: "level".into(), value: severity.into() };
    Log {
        message: format!("{message} #{n}"),
        severity: Some(severity.to_owned()),
        timestamp,
        attributes: std::iter::once(level).chain(fields.iter().map(|(key, value)| LogAttribute { key: (*key).into(), value: (*value).into() })).collect(),
        tags: Some(tags.clone()),
    }
}

fn known_deployment(ctx: &Context<'_>, id: &str) -> Result<Deployment> {
    let store = ctx.data::<SharedStore>()?.read().map_err(|_| Error::new("the demo store is unavailable"))?;
    store.deployments.iter().find(|deployment| deployment.id.as_str() == id).cloned().ok_or_else(|| Error::new("Deployment not found"))
}

fn pace(ctx: &Context<'_>) -> StreamPace {
    ctx.data_opt::<StreamPace>().copied().unwrap_or_default()
}

/// `events` events made by `make`, `interval` apart (none at 0: as fast as the socket takes them).
fn paced<T: Send + 'static>(pace: StreamPace, make: impl Fn(u64) -> T + Send + 'static) -> impl Stream<Item = T> {
    let started = tokio::time::Instant::now();
    futures_util::stream::unfold(0u64, move |n| {
        let item = (n < pace.events).then(|| make(n));
        async move {
            let item = item?;
            if let Some(per_second) = pace.per_second {
                // Due at its place in the second: late ones go at once, so the rate holds.
                tokio::time::sleep_until(started + Duration::from_secs_f64(n as f64 / per_second as f64)).await;
            } else if n > 0 && !pace.interval.is_zero() {
                tokio::time::sleep(pace.interval).await;
            }
            Some((item, n + 1))
        }
    })
}

/// A deployment's log lines (`build`: its build's), `limit` lines per event, those with `filter` in them.
fn log_stream(ctx: &Context<'_>, deployment_id: &str, filter: Option<String>, limit: Option<i32>, build: bool) -> Result<impl Stream<Item = Vec<Log>> + use<>> {
    let tags = LogTags::of(&known_deployment(ctx, deployment_id)?);
    let per_event = limit.map_or(1, |limit| limit.clamp(1, 100) as u64);
    Ok(paced(pace(ctx), move |n| {
        (0..per_event)
            .map(|k| line(n * per_event + k, build, &tags))
            .filter(|log| filter.as_deref().is_none_or(|words| log.message.contains(words)))
            .collect()
    }))
}

pub struct Subscription;

#[Subscription]
impl Subscription {
    /// A deployment's runtime logs, a batch of lines per event.
    async fn deployment_logs(
        &self,
        ctx: &Context<'_>,
        deployment_id: String,
        filter: Option<String>,
        limit: Option<i32>,
    ) -> Result<impl Stream<Item = Vec<Log>>> {
        log_stream(ctx, &deployment_id, filter, limit, false)
    }

    /// A deployment's build logs, a batch of lines per event.
    async fn build_logs(
        &self,
        ctx: &Context<'_>,
        deployment_id: String,
        filter: Option<String>,
        limit: Option<i32>,
    ) -> Result<impl Stream<Item = Vec<Log>>> {
        log_stream(ctx, &deployment_id, filter, limit, true)
    }

    /// A deployment as its status moves on: queued, building, deploying, then success.
    async fn deployment(&self, ctx: &Context<'_>, id: String) -> Result<impl Stream<Item = Deployment>> {
        let deployment = known_deployment(ctx, &id)?;
        const STATUSES: [DeploymentStatus; 4] = [DeploymentStatus::Queued, DeploymentStatus::Building, DeploymentStatus::Deploying, DeploymentStatus::Success];
        let pace = StreamPace { events: pace(ctx).events.min(STATUSES.len() as u64), ..pace(ctx) };
        Ok(paced(pace, move |n| Deployment { status: STATUSES[n as usize], ..deployment.clone() }))
    }
}
