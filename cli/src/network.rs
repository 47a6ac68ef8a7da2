//! The subcommands that talk to servers, keep profiles and tokens, or run the demo API. Each opens
//! a `connection::Session` (profiles, keychain, budgets, schema cache) and calls one of its
//! functions; the rules about tokens, origins and rate limits live there, not here.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, anyhow, bail};
use clap::{Args, Subcommand};
use connection::display::{self, ErrorsShown};
use connection::paths::Paths;
use connection::profiles::AuthScheme;
use connection::session::{FetchedSchema, Operation, SchemaRequest, SchemaSource, Sent};
use connection::{Credentials, Session, SessionConfig};
use net::{CancellationToken, Endpoint, Outcome};
use secret::Secret;
use serde::Serialize;

use crate::highlight::{self, Language};
use crate::{Output, OutputFormat};

#[derive(Args)]
pub struct SchemaFetchArgs {
    /// The GraphQL endpoint, such as https://backboard.railway.com/graphql/v2; without it, the
    /// project's endpoint (its graphql-config file, found upward from here).
    url: Option<String>,
    #[command(flatten)]
    project: ProjectArgs,
    /// Also write the schema as SDL into this file (a project keeps it in git: `git log -p` shows
    /// how the API changed).
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// A header sent with the request, `Name: value`; `${VAR}` in the value is read from the
    /// environment (keep tokens off the command line: `--header 'Authorization: Bearer ${RAILWAY_TOKEN}'`).
    /// Sent only to this URL's origin; the cached schema is kept under a fingerprint of it, never the value.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The token profile whose token goes with the request.
    #[arg(long)]
    profile: Option<String>,
    /// Fetch again even when a cached copy exists (an introspection costs a request of the rate limit).
    #[arg(long)]
    refresh: bool,
    /// Fetch even while the server's Retry-After is in force or the budget is used up.
    #[arg(long)]
    override_rate_limit: bool,
}

/// Which graphql-config project, and which of its endpoints, when no URL is given.
#[derive(Args)]
pub struct ProjectArgs {
    /// The project's folder (its graphql-config file); default: found upward from the current folder.
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    /// The project's endpoint to use (`extensions.endpoints.<NAME>`); default: `default`, else the first.
    #[arg(long, value_name = "NAME")]
    endpoint: Option<String>,
}

/// What to send: the options `run` and `curl` share.
#[derive(Args)]
pub struct RequestArgs {
    /// `[URL] DOC`: the GraphQL endpoint and the document (`-` reads it from stdin). Without the
    /// URL, the project's endpoint.
    #[arg(value_name = "URL] [DOC", num_args = 1..=2, required = true)]
    target: Vec<String>,
    #[command(flatten)]
    project: ProjectArgs,
    /// Which operation to run when the document holds several.
    #[arg(long)]
    operation: Option<String>,
    /// Variables as a JSON object, or `@FILE` to read them from a file.
    #[arg(long)]
    variables: Option<String>,
    /// A header sent with the request, `Name: value`; `${VAR}` in the value is read from the
    /// environment (keep tokens off the command line: `--header 'Authorization: Bearer ${RAILWAY_TOKEN}'`).
    /// Sent only to this URL's origin.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The token profile whose token goes with the request.
    #[arg(long)]
    profile: Option<String>,
}

#[derive(Args)]
pub struct RunArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// Send even while the server's Retry-After is in force or the budget is used up.
    #[arg(long)]
    override_rate_limit: bool,
}

#[derive(Args)]
pub struct CurlArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// Write the profile's token and typed credential headers into the command instead of
    /// `$SEXTANT_TOKEN` and other variables. The command then holds a secret: mind where it goes.
    #[arg(long)]
    include_secrets: bool,
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Add a token profile bound to one origin.
    Add {
        name: String,
        /// A URL of the API the token is for; only its origin (scheme, host, port) is kept.
        #[arg(long)]
        origin: String,
        /// Send the token in this header instead of `Authorization: Bearer`, e.g. Project-Access-Token.
        #[arg(long)]
        header_name: Option<String>,
    },
    /// Remove a profile and its token.
    Remove { name: String },
    /// List the profiles and whether each has a token.
    List,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Store a profile's token in the OS keychain, read from stdin or a prompt (never from an argument).
    Set { profile: String },
    /// Delete a profile's token from the OS keychain.
    Delete { profile: String },
}

#[derive(Args)]
pub struct DemoServerArgs {
    /// The loopback port; 0 picks a free one.
    #[arg(long, default_value_t = 4000)]
    port: u16,
    /// Requests allowed per window before the server answers 429.
    #[arg(long, default_value_t = 1000)]
    budget: u32,
    /// The rate-limit window, in seconds.
    #[arg(long, default_value_t = 3600)]
    window_seconds: u64,
    /// Require a token: accept this `Authorization: Bearer` token (repeatable).
    #[arg(long = "bearer", value_name = "TOKEN")]
    bearer_tokens: Vec<String>,
    /// Require a token: accept this `Project-Access-Token` for the project (repeatable).
    #[arg(long = "project-token", value_name = "TOKEN=PROJECT_ID")]
    project_tokens: Vec<String>,
}

fn open_session() -> anyhow::Result<Session> {
    let paths = Paths::from_env().ok_or_else(|| anyhow!("cannot tell where to keep profiles and the cache: HOME is not set"))?;
    Ok(Session::open(paths, SessionConfig::from_env())?)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
}

/// `--header 'Name: value'` arguments, with `${VAR}` in values read from the environment.
fn parse_headers(headers: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    headers
        .iter()
        .map(|header| {
            let (name, value) = header.split_once(':').ok_or_else(|| anyhow!("a header is `Name: value`; one has no `:`"))?;
            let name = name.trim();
            if name.is_empty() {
                bail!("a header has no name");
            }
            // The value is not repeated in any message: it may be a token.
            let value = connection::expand::expand(value.trim(), |variable| std::env::var(variable).ok())
                .map_err(|unset| anyhow!("the header {name:?}: {unset}; nothing was sent"))?;
            Ok((name.to_owned(), value))
        })
        .collect()
}

fn credentials(profile: Option<String>, headers: &[String]) -> anyhow::Result<Credentials> {
    Ok(Credentials { profile, headers: parse_headers(headers)? })
}

fn parse_endpoint(url: &str) -> anyhow::Result<Endpoint> {
    Endpoint::parse(url).map_err(|error| anyhow!("{error}"))
}

pub fn schema_fetch(args: SchemaFetchArgs, output: Output) -> anyhow::Result<ExitCode> {
    let target = target_of(args.url.as_deref(), &args.project, &args.headers, args.profile.as_ref())?;
    let endpoint = endpoint_of(&target.url)?;
    let request = SchemaRequest {
        endpoint: endpoint.clone(),
        credentials: credentials(target.profile, &target.headers)?,
        refresh: args.refresh,
        override_rate_limit: args.override_rate_limit,
    };
    let session = open_session()?;
    let runtime = runtime()?;
    // A refresh is compared with the schema it replaces in the cache (read without a request).
    let before = if args.refresh {
        runtime.block_on(session.cached_schema(&request.endpoint, &request.credentials)).ok().flatten()
    } else {
        None
    };
    let fetched = runtime.block_on(session.schema(request, &CancellationToken::new()));
    let fetched = match fetched {
        Ok(fetched) => fetched,
        Err(error) => {
            if let Some(sent) = error.sent() {
                print_exchange(sent, output)?;
            }
            bail!("no schema from {}: {error}", endpoint.as_str());
        }
    };
    for sent in &fetched.sent {
        print_exchange(sent, output)?;
    }
    let changes = match (&before, &fetched.source) {
        (Some((old, fetched_at)), SchemaSource::Fetched { .. }) => Some(ChangeCounts::between(&old.schema, &fetched.loaded.schema, *fetched_at)),
        _ => None,
    };
    print_schema_source(&fetched, changes.as_ref(), output)?;
    if let Some(file) = &args.write {
        write_sdl(file, &fetched.loaded.schema)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The schema a project names by URL, through the cache as `schema fetch` keeps it (a request only
/// when it is not cached yet), with the headers the config gives it and the profile of the
/// project's endpoint at that URL.
pub(crate) fn project_schema(project: &project::Project, url: &str, headers: &[(String, String)]) -> anyhow::Result<schema_cache::LoadedSchema> {
    let endpoint = endpoint_of(url)?;
    // The project's endpoint at the same URL lends its profile, and its headers when the schema
    // entry has none of its own.
    let same = project.endpoints.iter().find(|known| endpoint_of(&known.url).is_ok_and(|known| known.as_str() == endpoint.as_str()));
    let profile = same.and_then(|known| known.profile.clone());
    let headers = if headers.is_empty() { same.map_or(&[][..], |known| known.headers.as_slice()) } else { headers };
    let headers: Vec<String> = headers.iter().map(|(name, value)| format!("{name}: {value}")).collect();
    let request = SchemaRequest { endpoint: endpoint.clone(), credentials: credentials(profile, &headers)?, refresh: false, override_rate_limit: false };
    let session = open_session()?;
    let fetched = runtime()?
        .block_on(session.schema(request, &CancellationToken::new()))
        .map_err(|error| anyhow!("no schema from {}: {error}", endpoint.as_str()))?;
    Ok(fetched.loaded)
}

/// The schema as SDL into `file`, written whole (a reader never sees a part of it).
fn write_sdl(file: &Path, schema: &language::Schema) -> anyhow::Result<()> {
    let sdl = schema_cache::print_sdl(schema);
    let dir = file.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temporary = tempfile_in(dir)?;
    temporary.1.write_all(sdl.as_bytes()).with_context(|| format!("cannot write {}", file.display()))?;
    drop(temporary.1);
    std::fs::rename(&temporary.0, file).with_context(|| format!("cannot write {}", file.display()))?;
    eprintln!("sextant: the schema is in {} ({} bytes of SDL)", file.display(), sdl.len());
    Ok(())
}

/// A new file beside where one is written, for a rename over it.
fn tempfile_in(dir: &Path) -> anyhow::Result<(PathBuf, std::fs::File)> {
    for n in 0..100 {
        let path = dir.join(format!(".sextant-write-{}-{n}", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(anyhow!("cannot write in {}: {error}", dir.display())),
        }
    }
    bail!("cannot write in {}: too many files of earlier writes", dir.display())
}

/// How a refreshed schema differs from the cached one it replaced.
#[derive(Serialize)]
struct ChangeCounts {
    breaking: usize,
    dangerous: usize,
    safe: usize,
    /// When the schema compared against was fetched (Unix seconds).
    since: u64,
}

impl ChangeCounts {
    fn between(old: &language::Schema, new: &language::Schema, since: u64) -> ChangeCounts {
        use schema_index::diff::{Criticality, DiffOptions, diff};
        // Both from introspection: no applied directives beyond @deprecated and its kin.
        let changes = diff(old, new, &DiffOptions { applied_directives: false });
        let count = |wanted: Criticality| changes.iter().filter(|change| change.criticality == wanted).count();
        ChangeCounts {
            breaking: count(Criticality::Breaking),
            dangerous: count(Criticality::Dangerous),
            safe: count(Criticality::NonBreaking),
            since,
        }
    }
}

#[derive(Serialize)]
struct SchemaFetchReport<'a> {
    source: &'a SchemaSource,
    n_types: usize,
    warnings: &'a [String],
    cache_note: Option<&'a str>,
    /// After `--refresh`: how the schema changed since the cached one.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a ChangeCounts>,
}

fn print_schema_source(fetched: &FetchedSchema, changes: Option<&ChangeCounts>, output: Output) -> anyhow::Result<()> {
    let n_types = schema_cache::n_types(&fetched.loaded.schema);
    match output.format {
        OutputFormat::Json => {
            let report = SchemaFetchReport {
                source: &fetched.source,
                n_types,
                warnings: &fetched.loaded.warnings,
                cache_note: fetched.cache_note.as_deref(),
                changes,
            };
            println!("{}", serde_json::to_string(&report)?);
        }
        OutputFormat::Text => {
            let line = match &fetched.source {
                SchemaSource::Cache { age_seconds, .. } => format!(
                    "schema from the cache, fetched {} ago: {n_types} types (not fetched again; --refresh fetches it, at the cost of a request)",
                    ratelimit::book::describe_seconds(*age_seconds)
                ),
                SchemaSource::Fetched { edition, .. } => {
                    format!("schema fetched by introspection ({edition:?} edition) and cached: {n_types} types")
                }
            };
            println!("{line}");
            if let Some(changes) = changes {
                println!(
                    "since the cached schema: {} breaking, {} dangerous, {} safe changes",
                    changes.breaking, changes.dangerous, changes.safe
                );
            }
            if let Some(note) = &fetched.cache_note {
                eprintln!("sextant: note: {note}");
            }
            for warning in &fetched.loaded.warnings {
                eprintln!("sextant: warning: {warning}");
            }
        }
    }
    Ok(())
}

impl ProjectArgs {
    /// A project folder alone (for commands that use no endpoint).
    pub(crate) fn folder(project: Option<PathBuf>) -> ProjectArgs {
        ProjectArgs { project, endpoint: None }
    }
}

/// Where a request goes: a URL given on the command line, or a project's endpoint (its URL and
/// headers as written, its profile).
struct Target {
    url: String,
    /// Headers as written (`${VAR}` not read yet): the project's, then `--header`'s.
    headers: Vec<String>,
    profile: Option<String>,
}

/// The project `args` name, else the one found upward from the current folder.
pub(crate) fn project_of(args: &ProjectArgs) -> anyhow::Result<project::Project> {
    let file = match &args.project {
        Some(dir) if dir.is_file() => dir.clone(),
        Some(dir) => project::find(dir)?,
        None => project::find(&std::env::current_dir().context("cannot tell the current folder")?)?,
    };
    let found = project::load(&file)?;
    if let Some((name, among)) = &found.chosen_from {
        eprintln!("sextant: note: {} holds the projects {}; using {name:?}", file.display(), among.join(", "));
    }
    Ok(found)
}

fn target_of(url: Option<&str>, args: &ProjectArgs, headers: &[String], profile: Option<&String>) -> anyhow::Result<Target> {
    if let Some(url) = url {
        if args.endpoint.is_some() {
            bail!("--endpoint names a project's endpoint: give it or a URL, not both");
        }
        return Ok(Target { url: url.to_owned(), headers: headers.to_vec(), profile: profile.cloned() });
    }
    let project = project_of(args)?;
    let endpoint = project.endpoint(args.endpoint.as_deref())?;
    let mut all: Vec<String> = endpoint.headers.iter().map(|(name, value)| format!("{name}: {value}")).collect();
    all.extend(headers.iter().cloned());
    Ok(Target { url: endpoint.url.clone(), headers: all, profile: profile.cloned().or_else(|| endpoint.profile.clone()) })
}

/// A URL as written in a project (`${VAR}` read from the environment; an unset one is an error
/// naming it, and nothing is sent).
fn endpoint_of(url: &str) -> anyhow::Result<Endpoint> {
    let url = connection::expand::expand(url, |variable| std::env::var(variable).ok()).map_err(|unset| anyhow!("the endpoint's URL: {unset}; nothing was sent"))?;
    parse_endpoint(&url)
}

/// The operation `args` describe: the document read, the operation chosen, the variables parsed,
/// and, when it is to be sent, the headers' `${VAR}` read from the environment.
fn operation_of(args: &RequestArgs, override_rate_limit: bool, sent: bool) -> anyhow::Result<(Operation, Target)> {
    let (url, document) = match args.target.as_slice() {
        [url, document] => (Some(url.as_str()), document),
        [document] => (None, document),
        _ => bail!("give the document, after the URL if there is no project"),
    };
    let target = target_of(url, &args.project, &args.headers, args.profile.as_ref())?;
    let endpoint = endpoint_of(&target.url)?;
    let document = crate::commands::read_document(Path::new(document))?;
    let operation_name = match &args.operation {
        Some(name) => Some(name.clone()),
        None => {
            let operations = language::operations::operations(&document);
            if operations.len() > 1 {
                let names: Vec<_> = operations.iter().map(|operation| operation.name.as_deref().unwrap_or("(anonymous)")).collect();
                bail!("the document holds {} operations ({}): choose one with --operation", operations.len(), names.join(", "));
            }
            None
        }
    };
    let variables = match args.variables.as_deref() {
        None => serde_json::Value::Null,
        Some(text) => {
            let text = match text.strip_prefix('@') {
                Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read the variables file {path}"))?,
                None => text.to_owned(),
            };
            connection::variables::parse(&text)?
        }
    };
    let credentials = if sent {
        credentials(target.profile.clone(), &target.headers)?
    } else {
        Credentials { profile: target.profile.clone(), headers: Vec::new() }
    };
    Ok((Operation { endpoint, credentials, document, operation_name, variables, override_rate_limit }, target))
}

#[derive(Args)]
pub struct SubscribeArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// Stop after this many events (the subscription is completed from this side: exit status 0).
    #[arg(long, value_name = "N")]
    max_events: Option<u64>,
    /// How to stream: over a WebSocket (graphql-transport-ws, the legacy graphql-ws of older
    /// servers, or either: both offered, the server's choice spoken), or over a POST whose answer
    /// streams (sse: graphql-sse's event stream; multipart: `@defer`/`@stream` parts).
    #[arg(long, value_enum, default_value_t = SubscriptionProtocol::Either)]
    protocol: SubscriptionProtocol,
    /// New subscriptions after a break that may heal (the connection lost, the server
    /// restarting), waiting 1 s, 2 s, 4 s… before each; 0: none. Never after the server refused.
    #[arg(long, value_name = "N", default_value_t = 5)]
    reconnect: u32,
    /// The WebSocket's `connection_init` payload, a JSON object, for servers that authenticate
    /// there rather than on the upgrade's headers: `'{"authToken": "${TOKEN}"}'` reads TOKEN from
    /// the environment when the command runs (as headers do), so the token is in no shell history.
    #[arg(long, value_name = "JSON")]
    init_payload: Option<String>,
    /// Put the profile's token (and headers' credentials) in the `connection_init` payload too, as
    /// `{"Authorization": "Bearer …"}`: for servers that read them only there.
    #[arg(long, conflicts_with = "init_payload")]
    init_credentials: bool,
    /// Subscribe even while the server's Retry-After is in force or the budget is used up.
    #[arg(long)]
    override_rate_limit: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SubscriptionProtocol {
    Either,
    #[value(name = "graphql-transport-ws")]
    TransportWs,
    #[value(name = "graphql-ws")]
    LegacyWs,
    Sse,
    Multipart,
}

/// `sextant subscribe`: each event on its own line as it arrives (the payload as the server sent
/// it; `--format json`: `{"seq","receivedAt","payload"}`), reconnections and the stream's end on
/// stderr, the stream in the history. Exit status 0 when the server completes or `--max-events` is
/// reached (or Ctrl+C), 2 when nothing could be sent (no token, unreachable, refused before
/// sending), 1 otherwise.
pub fn subscribe(args: SubscribeArgs, output: Output) -> anyhow::Result<ExitCode> {
    let (operation, _) = operation_of(&args.request, args.override_rate_limit, true)?;
    let session = open_session()?;
    let cancel = CancellationToken::new();
    let runtime = runtime()?;
    let stop_on_interrupt = cancel.clone();
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            stop_on_interrupt.cancel();
        }
    });
    let mut seq = 0u64;
    // Events of GraphQL errors and no data: an invalid document, as servers that answer it with an
    // event rather than `error` say it.
    let mut errors_only = 0u64;
    let mut stdout = std::io::stdout().lock();
    let mut broken_pipe = false;
    let protocol = match args.protocol {
        SubscriptionProtocol::Either => net::Protocol::Either,
        SubscriptionProtocol::TransportWs => net::Protocol::TransportWs,
        SubscriptionProtocol::LegacyWs => net::Protocol::LegacyWs,
        SubscriptionProtocol::Sse => net::Protocol::Sse,
        SubscriptionProtocol::Multipart => net::Protocol::Multipart,
    };
    let connection_params = match &args.init_payload {
        None => None,
        Some(template) => {
            let text = connection::expand::expand(template, |variable| std::env::var(variable).ok())
                .map_err(|unset| anyhow!("--init-payload: {unset}; nothing was sent"))?;
            // Checked here, and said without the text: it may hold a token.
            if !serde_json::from_str::<serde_json::Value>(&text).is_ok_and(|value| value.is_object()) {
                return Err(anyhow!("--init-payload is not a JSON object; nothing was sent"));
            }
            secret::Secret::new(text)
        }
    };
    // Only a subscription is subscribed again after a break: a query or mutation streamed over
    // SSE or multipart would be run again.
    let chosen = language::operations::operations(&operation.document)
        .into_iter()
        .find(|candidate| operation.operation_name.is_none() || candidate.name == operation.operation_name);
    let is_subscription = chosen.is_some_and(|candidate| candidate.kind == language::operations::OperationKind::Subscription);
    let options = connection::StreamOptions {
        protocol,
        connection_params,
        credentials_in_init: args.init_credentials,
        reconnect_attempts: if is_subscription { args.reconnect } else { 0 },
        ..connection::StreamOptions::default()
    };
    let on_event = |payload: &str| {
        seq += 1;
        if let Ok(event) = serde_json::from_str::<serde_json::Value>(payload)
            && event.get("errors").is_some_and(|errors| errors.as_array().is_some_and(|errors| !errors.is_empty()))
            && event.get("data").is_none_or(serde_json::Value::is_null)
        {
            errors_only += 1;
        }
        let line = match output.format {
            OutputFormat::Json => {
                let received = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                format!("{{\"seq\":{seq},\"receivedAt\":\"{}\",\"payload\":{payload}}}", demo_server::rfc3339(received))
            }
            OutputFormat::Text => payload.to_owned(),
        };
        // A reader that went away (`| head`) ends the stream as --max-events does.
        if writeln!(stdout, "{line}").and_then(|()| stdout.flush()).is_err() {
            broken_pipe = true;
            return net::Flow::Stop;
        }
        if args.max_events.is_some_and(|most| seq >= most) { net::Flow::Stop } else { net::Flow::Continue }
    };
    let on_notice = |notice: &connection::StreamNotice| eprintln!("sextant: {}", notice.message());
    let result = runtime.block_on(session.subscribe(operation.clone(), options, &cancel, on_event, on_notice));
    let endpoint = store::EndpointChoice::Url { url: operation.endpoint.as_str().to_owned() };
    let run = connection::history::stream_record(&operation, endpoint, &result, "cli", connection::history::unix_now_ms());
    if let Err(message) = session.history().and_then(|history| history.record(&run).map_err(|error| error.to_string())) {
        eprintln!("sextant: note: the stream is not in the history: {message}");
    }
    let streamed = result?;
    if !broken_pipe {
        let reconnected = match streamed.reconnects {
            0 => String::new(),
            1 => ", 1 reconnection".to_owned(),
            n => format!(", {n} reconnections"),
        };
        eprintln!("sextant: {} ({seq} event{}{reconnected}).", streamed.end.message().trim_end_matches('.'), if seq == 1 { "" } else { "s" });
        if errors_only > 0 {
            eprintln!("sextant: {errors_only} of them carried GraphQL errors and no data");
        }
    }
    Ok(match streamed.end {
        end if end.is_success() && errors_only == 0 => ExitCode::SUCCESS,
        net::StreamEnd::Failed { .. } if seq == 0 => ExitCode::from(2),
        _ => ExitCode::from(1),
    })
}

pub fn run(args: RunArgs, output: Output) -> anyhow::Result<ExitCode> {
    let (operation, _) = operation_of(&args.request, args.override_rate_limit, true)?;
    let session = open_session()?;
    let result = runtime()?.block_on(session.send(operation.clone(), &CancellationToken::new()));
    record_run(&session, &operation, &result);
    let sent = result?;
    print_response_body(&sent, output)?;
    print_exchange(&sent, output)?;
    let succeeded = matches!(&sent.outcome, Outcome::Response(response)
        if (200..300).contains(&response.status) && response.graphql().is_some_and(|body| body.errors.is_empty()));
    Ok(if succeeded { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `sextant curl`: the curl command that sends what `run` would send, without a token unless
/// `--include-secrets`. Sends nothing.
pub fn curl(args: CurlArgs, output: Output) -> anyhow::Result<ExitCode> {
    // The headers' `${VAR}` stay variables in the command: nothing is read from the environment.
    let (operation, target) = operation_of(&args.request, false, false)?;
    let given = target
        .headers
        .iter()
        .map(|header| {
            let (name, value) = header.split_once(':').ok_or_else(|| anyhow!("a header is `Name: value`; one has no `:`"))?;
            Ok(connection::curl::GivenHeader { name: name.trim().to_owned(), value: value.trim().to_owned(), template: true })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let session = open_session()?;
    let command = runtime()?.block_on(session.curl_command(&operation, &given, args.include_secrets))?;
    match output.format {
        OutputFormat::Json => println!("{}", serde_json::json!({ "command": command })),
        OutputFormat::Text => print!("{command}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Leaves the run in the history (as the app does); a history that cannot be written is a note,
/// not a failed run.
fn record_run(session: &Session, operation: &Operation, result: &Result<Sent, connection::SendError>) {
    let endpoint = store::EndpointChoice::Url { url: operation.endpoint.as_str().to_owned() };
    let run = connection::history::run_record(operation, endpoint, result, "cli", connection::history::unix_now_ms());
    if let Err(message) = session.history().and_then(|history| history.record(&run).map_err(|error| error.to_string())) {
        eprintln!("sextant: note: the run is not in the history: {message}");
    }
    if let Some(note) = session.history_note() {
        eprintln!("sextant: note: {note}");
    }
}

#[derive(Args)]
pub struct HistoryArgs {
    /// Words that the runs' documents, operation names, variables or endpoints have (each the start of a word).
    #[arg(long)]
    search: Option<String>,
    /// Only runs sent to this endpoint (its URL).
    #[arg(long)]
    endpoint: Option<String>,
    /// Only runs that failed (another status than 2xx, GraphQL errors, no answer).
    #[arg(long, conflicts_with = "succeeded")]
    failed: bool,
    /// Only runs with a 2xx answer without GraphQL errors.
    #[arg(long)]
    succeeded: bool,
    /// Only favourites (marked in the app).
    #[arg(long)]
    favourites: bool,
    /// At most this many, newest first.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

/// `sextant history`: the runs of the app and the command line, newest first.
pub fn history(args: HistoryArgs, output: Output) -> anyhow::Result<ExitCode> {
    let session = open_session()?;
    let history = session.history().map_err(|message| anyhow!("the history cannot be read: {message}"))?;
    if let Some(note) = session.history_note() {
        eprintln!("sextant: note: {note}");
    }
    let search = store::history::Search {
        text: args.search.unwrap_or_default(),
        endpoint: args.endpoint.map(|url| parse_endpoint(&url).map(|endpoint| store::EndpointChoice::Url { url: endpoint.as_str().to_owned() })).transpose()?,
        outcome: if args.failed {
            store::history::Outcome::Failed
        } else if args.succeeded {
            store::history::Outcome::Succeeded
        } else {
            store::history::Outcome::Any
        },
        favourites_only: args.favourites,
        limit: args.limit,
        before: None,
    };
    let runs = history.search(&search)?;
    match output.format {
        OutputFormat::Json => println!("{}", serde_json::json!({ "runs": runs })),
        OutputFormat::Text => {
            if runs.is_empty() {
                eprintln!("sextant: no runs match");
            }
            for entry in &runs {
                println!("{}", history_line(entry));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One run on one line: id, time (UTC), outcome, duration, size, endpoint, what ran.
fn history_line(entry: &store::history::Entry) -> String {
    let run = &entry.run;
    let at = demo_server::rfc3339(std::time::Duration::from_millis(u64::try_from(run.at_unix_ms).unwrap_or(0)));
    let outcome = match (run.status, &run.failure) {
        // A stream: its events, and whether it ended as the server meant it to.
        _ if run.events.is_some() => format!("{} ev{}", run.events.unwrap_or(0), if run.succeeded() { "" } else { " failed" }),
        (_, Some(_)) if run.status.is_none() => "failed".to_owned(),
        (Some(status), _) if run.graphql_errors => format!("{status} errors"),
        (Some(status), _) => status.to_string(),
        (None, _) => "-".to_owned(),
    };
    let endpoint = match &run.endpoint {
        store::EndpointChoice::Demo => "Demo API".to_owned(),
        store::EndpointChoice::Url { url } => url.clone(),
    };
    let what = run.operation_name.clone().unwrap_or_else(|| {
        let flat: String = run.document.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.chars().count() > 60 { format!("{}…", flat.chars().take(60).collect::<String>()) } else { flat }
    });
    let duration = run.duration_ms.map_or("-".to_owned(), |ms| format!("{ms:.1} ms"));
    let size = run.size_bytes.map_or("-".to_owned(), net::size);
    let star = if entry.favourite { " ★" } else { "" };
    format!("{:>6}  {at}  {outcome:<10} {duration:>8} {size:>9}  {endpoint}  {what}{star}", entry.id)
}

/// The body on stdout: the whole exchange as one JSON line for machines, the response body for people.
fn print_response_body(sent: &Sent, output: Output) -> anyhow::Result<()> {
    if output.format == OutputFormat::Json {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, sent)?;
        stdout.write_all(b"\n")?;
        return Ok(());
    }
    let Outcome::Response(response) = &sent.outcome else { return Ok(()) };
    let layout = display::response_body(response, ErrorsShown::InBody);
    if layout.text.is_empty() {
        return Ok(());
    }
    let language = if response.graphql().is_some() { Language::Json } else { Language::Plain };
    highlight::print(&format!("{}\n", layout.text), language, output.color)?;
    if let Some(note) = &layout.note {
        eprintln!("sextant: note: {note}");
    }
    Ok(())
}

/// Status, time, size and the rate limit, on stderr for people (stdout stays the body).
fn print_exchange(sent: &Sent, output: Output) -> anyhow::Result<()> {
    if output.format == OutputFormat::Json {
        return Ok(());
    }
    let mut stderr = std::io::stderr().lock();
    match &sent.outcome {
        Outcome::Response(response) => {
            let first_byte = response
                .timings
                .time_to_first_byte
                .map_or(String::new(), |ttfb| format!(" (first byte {:.1} ms)", ttfb.as_secs_f64() * 1e3));
            writeln!(
                stderr,
                "{} {}{} · {:.1} ms{first_byte} · {}",
                response.version,
                response.status,
                response.status_text.as_deref().map_or(String::new(), |text| format!(" {text}")),
                response.timings.total.as_secs_f64() * 1e3,
                net::size(response.body_bytes),
            )?;
            if let Some(summary) = &response.summary {
                writeln!(stderr, "sextant: {summary}")?;
            }
            if let Some(body) = response.graphql() {
                for message in body.error_messages() {
                    writeln!(stderr, "sextant: GraphQL error: {message}")?;
                }
            }
        }
        Outcome::Failure(failure) => writeln!(stderr, "sextant: {}", failure.message)?,
    }
    if let Some(budget) = &sent.budget {
        let mut line = String::from("rate limit:");
        match (budget.remaining, budget.limit) {
            (Some(remaining), Some(limit)) => line += &format!(" {remaining} of {limit} left"),
            (Some(remaining), None) => line += &format!(" {remaining} left"),
            _ => line += " remaining unknown",
        }
        let now = schema_cache::cache::unix_now();
        if let Some(reset_at) = budget.reset_at.filter(|reset_at| *reset_at > now) {
            line += &format!(", resets in {}", ratelimit::book::describe_seconds(reset_at - now));
        }
        if let Some(until) = budget.retry_after_until.filter(|until| *until > now) {
            line += &format!("; Retry-After: wait {}", ratelimit::book::describe_seconds(until - now));
        }
        writeln!(stderr, "{line}")?;
        if let Some(note) = budget.clamp_note() {
            writeln!(stderr, "sextant: note: {note}")?;
        }
    }
    if let Some(warning) = &sent.warning {
        writeln!(stderr, "sextant: warning: {warning}")?;
    }
    Ok(())
}

#[derive(Serialize)]
struct ProfileRow {
    name: String,
    origin: String,
    header: String,
    token_set: bool,
}

pub fn profile(command: ProfileCommand, output: Output) -> anyhow::Result<ExitCode> {
    let session = open_session()?;
    match command {
        ProfileCommand::Add { name, origin, header_name } => {
            let endpoint = parse_endpoint(&origin)?;
            let auth = header_name.map_or(AuthScheme::Bearer, |name| AuthScheme::Header { name });
            let profile = session.add_profile(&name, &endpoint, auth)?;
            if let Some(warning) = profile.warning() {
                eprintln!("sextant: warning: {warning}");
            }
            match output.format {
                OutputFormat::Json => println!("{}", serde_json::to_string(&profile)?),
                OutputFormat::Text => println!(
                    "profile {} added: its token goes only to {}, in the {} header; set it with `sextant token set {}`",
                    profile.name,
                    profile.origin,
                    profile.auth.header_name(),
                    profile.name
                ),
            }
        }
        ProfileCommand::Remove { name } => {
            let removed = session.remove_profile(&name)?;
            match output.format {
                OutputFormat::Json => println!("{}", serde_json::to_string(&removed)?),
                OutputFormat::Text => println!("profile {} and its token removed", removed.name),
            }
        }
        ProfileCommand::List => {
            let mut rows = Vec::new();
            for profile in session.profiles() {
                rows.push(ProfileRow {
                    token_set: session.has_token(&profile.name)?,
                    header: profile.auth.header_name().to_owned(),
                    name: profile.name,
                    origin: profile.origin.to_string(),
                });
            }
            match output.format {
                OutputFormat::Json => println!("{}", serde_json::to_string(&rows)?),
                OutputFormat::Text => {
                    for row in rows {
                        let token = if row.token_set { "token set" } else { "no token" };
                        println!("{:<24} {:<40} {:<24} {token}", row.name, row.origin, row.header);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn token(command: TokenCommand, output: Output) -> anyhow::Result<ExitCode> {
    let session = open_session()?;
    let (profile, message) = match command {
        TokenCommand::Set { profile } => {
            let token = read_token(&profile)?;
            session.set_token(&profile, &token)?;
            let message = format!("token for {profile} stored in the OS keychain");
            (profile, message)
        }
        TokenCommand::Delete { profile } => {
            let deleted = session.delete_token(&profile)?;
            let message = if deleted { format!("token for {profile} deleted") } else { format!("{profile} had no token") };
            (profile, message)
        }
    };
    match output.format {
        OutputFormat::Json => println!("{}", serde_json::json!({ "profile": profile, "message": message })),
        OutputFormat::Text => println!("{message}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// The token from a masked prompt on a terminal, or from stdin (a pipe, a file).
fn read_token(profile: &str) -> anyhow::Result<Secret> {
    let text = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("token for {profile} (not shown): ")).context("cannot read the token")?
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("cannot read the token from stdin")?;
        text
    };
    Secret::new(text).ok_or_else(|| anyhow!("the token is empty"))
}

pub fn demo_server(args: DemoServerArgs) -> anyhow::Result<ExitCode> {
    let project_tokens = args
        .project_tokens
        .iter()
        .map(|pair| {
            pair.split_once('=')
                .map(|(token, project)| (token.to_owned(), project.to_owned()))
                .ok_or_else(|| anyhow!("--project-token takes TOKEN=PROJECT_ID"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let config = demo_server::DemoConfig {
        budget: args.budget,
        window: std::time::Duration::from_secs(args.window_seconds),
        require_token: !args.bearer_tokens.is_empty() || !project_tokens.is_empty(),
        bearer_tokens: args.bearer_tokens,
        project_tokens,
        ..demo_server::DemoConfig::default()
    };
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], args.port));
    runtime()?.block_on(demo_server::run_until_ctrl_c(config, address))?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ImportArgs {
    /// A collection of another client: Altair (.agc), Bruno (.bru), Insomnia (export JSON) or Postman (collection v2.1 JSON).
    file: PathBuf,
    /// The project folder to write the requests into (default: the current folder).
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
}

/// `sextant import`: another client's GraphQL requests as files of a project, secrets dropped
/// (each named on stderr). Sends nothing.
pub fn import(args: ImportArgs, output: Output) -> anyhow::Result<ExitCode> {
    use project::import::{Format, import, write_into};
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args.file.file_name().and_then(|name| name.to_str()).unwrap_or("");
    let format = Format::detect(name, &text)
        .ok_or_else(|| anyhow!("{} is not a collection Sextant reads (Altair .agc, Bruno .bru, Insomnia export, Postman collection v2.1)", args.file.display()))?;
    let imported = import(format, &text)?;
    let dir = match args.into {
        Some(dir) => dir,
        None => std::env::current_dir().context("cannot tell the current folder")?,
    };
    let written = write_into(&dir, &imported).with_context(|| format!("cannot write into {}", dir.display()))?;
    match output.format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::json!({
                "format": format!("{format:?}").to_lowercase(),
                "files": written.files,
                "config": written.config,
                "endpointsNotInConfig": written.endpoints_not_in_config,
                "dropped": imported.dropped,
            })
        ),
        OutputFormat::Text => {
            println!("{} requests from {} into {}", imported.requests.len(), args.file.display(), dir.display());
            for file in written.files.iter().chain(&written.config) {
                println!("  {file}");
            }
            for url in &written.endpoints_not_in_config {
                eprintln!("sextant: note: the project's config names no endpoint {url}");
            }
            for dropped in &imported.dropped {
                eprintln!("sextant: dropped: {dropped}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
