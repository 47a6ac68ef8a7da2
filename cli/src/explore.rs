//! The schema explorer's subcommands: `schema search`, `schema refs`, `schema paths` and
//! `schema diff`. Each reads schema files, asks `schema_index` one question and prints the answer.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use schema_cache::LoadedSchema;
use schema_index::diff::{Change, Criticality, DiffOptions};
use schema_index::paths::{PathOptions, SchemaPath};
use schema_index::search::{SearchHit, SearchKind, SearchOptions};
use schema_index::{ElementId, SchemaIndex};
use serde::Serialize;
use serde_json::json;

use crate::{Output, OutputFormat};

#[derive(Args)]
pub struct SearchArgs {
    /// The schema: an introspection response (JSON) or SDL.
    schema: PathBuf,
    /// A name or part of one (`repovis`, `createdAt`), a coordinate (`Query.repository`,
    /// `Repository.iss`, `@deprecated`) or words of descriptions.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    query: Option<String>,
    /// Only these kinds, comma-separated: type, field, argument, inputField, enumValue, directive.
    #[arg(long, value_delimiter = ',')]
    kind: Vec<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// JSON lines of `{"id", "query"}` (and optionally "kinds", "limit"); writes one line
    /// `{"id", "results", "us"}` each, `us` being the in-process time of that search in
    /// microseconds. `-` reads stdin.
    #[arg(long)]
    batch: Option<PathBuf>,
}

#[derive(Args)]
pub struct RefsArgs {
    /// The schema: an introspection response (JSON) or SDL.
    schema: PathBuf,
    /// The type whose uses to list.
    name: String,
}

#[derive(Args)]
pub struct PathsArgs {
    /// The schema: an introspection response (JSON) or SDL.
    schema: PathBuf,
    /// A type, or a coordinate (`Repository.issues`, `Query.repository(owner:)`, `Enum.VALUE`).
    name: String,
    /// At most this many paths.
    #[arg(long, default_value_t = 5)]
    limit: usize,
}

#[derive(Args)]
pub struct DiffArgs {
    /// The old schema: an introspection response (JSON) or SDL.
    old: PathBuf,
    /// The new schema: an introspection response (JSON) or SDL.
    new: PathBuf,
}

/// A schema file read, and whether it was an introspection response (which carries no applied
/// directives but `@deprecated`, `@specifiedBy` and `@oneOf`).
struct SchemaFile {
    loaded: LoadedSchema,
    is_introspection: bool,
}

fn read_schema(path: &Path) -> anyhow::Result<SchemaFile> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    // The same rule as `schema_cache::load_bytes`: JSON starts with `{`.
    let is_introspection = bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    let loaded = schema_cache::load_bytes(&path.display().to_string(), &bytes)?;
    Ok(SchemaFile { loaded, is_introspection })
}

fn index_of(path: &Path) -> anyhow::Result<SchemaIndex> {
    let file = read_schema(path)?;
    Ok(SchemaIndex::new(&file.loaded.schema))
}

// ---------------------------------------------------------------------------------------------
// search

#[derive(Serialize)]
struct SearchResult<'a> {
    coordinate: String,
    kind: &'static str,
    /// The first line of the element's description.
    description: Option<&'a str>,
    /// How it matched: coordinate, name, prefix, wordStarts, substring, typo or description.
    tier: schema_index::search::MatchTier,
}

fn search_results<'a>(index: &'a SchemaIndex, hits: &[SearchHit]) -> Vec<SearchResult<'a>> {
    hits.iter()
        .map(|hit| SearchResult {
            coordinate: index.coordinate(hit.element).to_string(),
            kind: index.kind(hit.element).as_str(),
            description: index.summary(hit.element),
            tier: hit.tier,
        })
        .collect()
}

fn search_kinds(names: &[String]) -> anyhow::Result<Vec<SearchKind>> {
    names
        .iter()
        .filter(|name| !name.trim().is_empty())
        .map(|name| {
            SearchKind::parse(name).with_context(|| {
                format!("unknown kind {name:?}: use type, field, argument, inputField, enumValue or directive")
            })
        })
        .collect()
}

pub fn search(args: SearchArgs, output: Output) -> anyhow::Result<ExitCode> {
    let kinds = search_kinds(&args.kind)?;
    let index = index_of(&args.schema)?;
    if let Some(batch) = &args.batch {
        return search_batch(&index, batch, SearchOptions { kinds, limit: args.limit });
    }
    let Some(query) = &args.query else { bail!("give a query, or --batch") };
    let hits = index.search(query, &SearchOptions { kinds, limit: args.limit });
    let results = search_results(&index, &hits);
    match output.format {
        OutputFormat::Json => print_json_line(&json!({ "results": results }))?,
        OutputFormat::Text => {
            let mut stdout = std::io::stdout().lock();
            for result in &results {
                writeln!(stdout, "{:<48} {:<18} {}", result.coordinate, result.kind, result.description.unwrap_or(""))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct SearchRequest {
    id: serde_json::Value,
    query: String,
    #[serde(default)]
    kinds: Vec<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct SearchAnswer<'a> {
    id: &'a serde_json::Value,
    results: Vec<SearchResult<'a>>,
    us: f64,
}

fn search_batch(index: &SchemaIndex, batch: &Path, defaults: SearchOptions) -> anyhow::Result<ExitCode> {
    // The description word index is built once, before the first search is timed.
    index.prepare_description_search();
    let input: Box<dyn BufRead> = if batch == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(batch).with_context(|| format!("cannot read {}", batch.display()))?))
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (line_index, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{}: cannot read line {}", batch.display(), line_index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let request: SearchRequest = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {} is not {{\"id\", \"query\"}}", batch.display(), line_index + 1))?;
        let kinds = if request.kinds.is_empty() {
            defaults.kinds.clone()
        } else {
            search_kinds(&request.kinds).with_context(|| format!("{}: line {}", batch.display(), line_index + 1))?
        };
        let options = SearchOptions { kinds, limit: request.limit.unwrap_or(defaults.limit) };
        let started = Instant::now();
        let hits = index.search(&request.query, &options);
        let us = started.elapsed().as_secs_f64() * 1e6;
        serde_json::to_writer(&mut stdout, &SearchAnswer { id: &request.id, results: search_results(index, &hits), us })?;
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// refs and paths

/// The element the coordinate `name` names. When there is none, the error suggests the best
/// search result among `kinds` (empty: any kind).
fn element_named(index: &SchemaIndex, name: &str, schema: &Path, kinds: &[SearchKind]) -> anyhow::Result<ElementId> {
    if let Some(found) = index.find(name) {
        return Ok(found);
    }
    let suggestion = index
        .search(name, &SearchOptions { kinds: kinds.to_vec(), limit: 1 })
        .first()
        .map(|hit| format!("; did you mean {}?", index.coordinate(hit.element)))
        .unwrap_or_default();
    bail!("{} has no {name:?}{suggestion}", schema.display())
}

pub fn refs(args: RefsArgs, output: Output) -> anyhow::Result<ExitCode> {
    let index = index_of(&args.schema)?;
    let found = element_named(&index, &args.name, &args.schema, &[SearchKind::Type])?;
    if !index.kind(found).is_type() {
        bail!("{} is a {}; refs lists the uses of a type", args.name, index.kind(found).as_str());
    }
    let references: Vec<_> = index
        .references(found)
        .iter()
        .map(|reference| (index.coordinate(reference.element).to_string(), reference.relation.as_str()))
        .collect();
    match output.format {
        OutputFormat::Json => {
            let references: Vec<_> =
                references.iter().map(|(coordinate, relation)| json!({ "coordinate": coordinate, "relation": relation })).collect();
            print_json_line(&json!({ "references": references }))?
        }
        OutputFormat::Text => {
            let mut stdout = std::io::stdout().lock();
            for (coordinate, relation) in &references {
                writeln!(stdout, "{relation:<18} {coordinate}")?;
            }
            if references.is_empty() {
                writeln!(stdout, "{} is not used anywhere in the schema", args.name)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn paths(args: PathsArgs, output: Output) -> anyhow::Result<ExitCode> {
    let index = index_of(&args.schema)?;
    let target = element_named(&index, &args.name, &args.schema, &[])?;
    let paths = index.paths_to(target, &PathOptions { limit: args.limit });
    match output.format {
        OutputFormat::Json => {
            let coordinates: Vec<Vec<String>> = paths
                .iter()
                .map(|path| path.steps.iter().map(|step| index.coordinate(step.field).to_string()).collect())
                .collect();
            let details: Vec<_> = paths.iter().map(|path| path_details(&index, path)).collect();
            print_json_line(&json!({ "paths": coordinates, "details": details }))?
        }
        OutputFormat::Text => {
            let mut stdout = std::io::stdout().lock();
            for path in &paths {
                let text = path_text(&index, path);
                writeln!(stdout, "{}", if text.is_empty() { "(a root type: no field needed)" } else { &text })?;
            }
            if paths.is_empty() {
                writeln!(stdout, "no field reaches {}", args.name)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn path_details(index: &SchemaIndex, path: &SchemaPath) -> serde_json::Value {
    let steps: Vec<_> = path
        .steps
        .iter()
        .map(|step| {
            let required: Vec<&str> = index.required_arguments(step.field).map(|argument| index.name(argument)).collect();
            json!({
                "coordinate": index.coordinate(step.field).to_string(),
                "requiredArguments": required,
                "typeCondition": step.on.map(|on| index.name(on)),
            })
        })
        .collect();
    json!({ "steps": steps, "typeCondition": path.then_on.map(|on| index.name(on)), "text": path_text(index, path) })
}

/// `Query.node(id:) → … on Repository → Repository.issues`.
fn path_text(index: &SchemaIndex, path: &SchemaPath) -> String {
    let mut parts = Vec::new();
    for step in &path.steps {
        if let Some(on) = step.on {
            parts.push(format!("… on {}", index.name(on)));
        }
        parts.push(index.step_text(step.field));
    }
    if let Some(on) = path.then_on {
        parts.push(format!("… on {}", index.name(on)));
    }
    parts.join(" → ")
}

// ---------------------------------------------------------------------------------------------
// diff

pub fn diff(args: DiffArgs, output: Output) -> anyhow::Result<ExitCode> {
    let old = read_schema(&args.old)?;
    let new = read_schema(&args.new)?;
    // An introspection response has no applied directives but those it describes; comparing it
    // with SDL would report every other one as added or removed.
    let options = DiffOptions { applied_directives: !old.is_introspection && !new.is_introspection };
    let changes = schema_index::diff::diff(&old.loaded.schema, &new.loaded.schema, &options);
    match output.format {
        OutputFormat::Json => print_changes_json(&changes)?,
        OutputFormat::Text => print_changes_text(&changes, output.color, &options)?,
    }
    let breaking = changes.iter().any(|change| change.criticality == Criticality::Breaking);
    Ok(if breaking { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn print_changes_json(changes: &[Change]) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Shown<'a> {
        criticality: Criticality,
        kind: schema_index::diff::ChangeKind,
        coordinate: Option<String>,
        message: &'a str,
    }
    let shown: Vec<Shown<'_>> = changes
        .iter()
        .map(|change| Shown {
            criticality: change.criticality,
            kind: change.kind,
            coordinate: change.coordinate.as_ref().map(ToString::to_string),
            message: &change.message,
        })
        .collect();
    print_json_line(&json!({ "changes": shown }))
}

/// Grouped by criticality, breaking first, with a count of each.
fn print_changes_text(changes: &[Change], color: bool, options: &DiffOptions) -> anyhow::Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if changes.is_empty() {
        writeln!(stdout, "No changes.")?;
    }
    let groups = [
        (Criticality::Breaking, "Breaking", "31"),
        (Criticality::Dangerous, "Dangerous", "33"),
        (Criticality::NonBreaking, "Safe", "32"),
    ];
    let mut counts = Vec::new();
    for (criticality, title, ansi) in groups {
        let group: Vec<&Change> = changes.iter().filter(|change| change.criticality == criticality).collect();
        counts.push(format!("{} {}", group.len(), title.to_lowercase()));
        if group.is_empty() {
            continue;
        }
        let heading = format!("{title} changes ({})", group.len());
        if color {
            writeln!(stdout, "\x1b[1;{ansi}m{heading}\x1b[0m")?;
        } else {
            writeln!(stdout, "{heading}")?;
        }
        for change in group {
            let coordinate = change.coordinate.as_ref().map_or_else(|| "(schema)".to_owned(), ToString::to_string);
            writeln!(stdout, "  {coordinate:<56} {}", change.message)?;
        }
        writeln!(stdout)?;
    }
    if !changes.is_empty() {
        writeln!(stdout, "{}.", counts.join(", "))?;
    }
    if !options.applied_directives {
        writeln!(stdout, "(An introspection response carries no applied directives but @deprecated, @specifiedBy and @oneOf: others were not compared.)")?;
    }
    stdout.flush()?;
    Ok(())
}

fn print_json_line(value: &impl Serialize) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, value)?;
    stdout.write_all(b"\n")?;
    Ok(())
}
