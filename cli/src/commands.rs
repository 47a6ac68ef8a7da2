//! The subcommands: each reads its inputs, calls the engine and prints the answer.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args;
use language::offsets::LineIndex;
use schema_cache::{LoadedSchema, Schema, Valid};
use serde::Serialize;

use crate::highlight::{self, Language};
use crate::{Output, OutputFormat};

#[derive(Args)]
pub struct SchemaFileArgs {
    /// An introspection response (JSON) or SDL (.graphql, .graphqls).
    file: PathBuf,
}

#[derive(Args)]
pub struct CompleteArgs {
    /// The schema: an introspection response (JSON) or SDL.
    #[arg(long)]
    schema: PathBuf,
    /// The cursor, in UTF-8 bytes from the start of the document.
    #[arg(long, required_unless_present = "batch", conflicts_with = "batch")]
    offset: Option<usize>,
    /// The document; `-` reads it from stdin.
    #[arg(required_unless_present = "batch", conflicts_with = "batch")]
    document: Option<PathBuf>,
    /// JSON lines of `{"id", "document", "offset"}`; writes one line `{"id", "items", "us"}` each,
    /// `us` being the in-process time of that call in microseconds. `-` reads stdin.
    #[arg(long)]
    batch: Option<PathBuf>,
}

#[derive(Args)]
pub struct CheckArgs {
    /// The schema: an introspection response (JSON) or SDL; without it, the project's (its
    /// graphql-config file's `schema`, a file or a URL through the cache).
    #[arg(long)]
    schema: Option<PathBuf>,
    /// The project's folder; default: found upward from the current folder.
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    /// Documents to check; `-` reads one from stdin.
    #[arg(required = true)]
    documents: Vec<PathBuf>,
}

#[derive(Args)]
pub struct HoverArgs {
    /// The schema: an introspection response (JSON) or SDL.
    #[arg(long)]
    schema: PathBuf,
    /// The cursor, in UTF-8 bytes from the start of the document.
    #[arg(long)]
    offset: usize,
    /// The document; `-` reads it from stdin.
    document: PathBuf,
}

#[derive(Args)]
pub struct FormatArgs {
    /// The document; `-` reads it from stdin.
    document: PathBuf,
}

#[derive(Args)]
pub struct OperationsArgs {
    /// The document; `-` reads it from stdin.
    document: PathBuf,
}

pub fn schema_load(args: SchemaFileArgs, output: Output) -> anyhow::Result<ExitCode> {
    let loaded = load_schema(&args.file)?;
    let summary = SchemaSummary::of(&loaded);
    match output.format {
        OutputFormat::Json => print_json_line(&summary)?,
        OutputFormat::Text => {
            let mut text = format!(
                "{}: {} types ({} objects, {} interfaces, {} unions, {} enums, {} input objects, {} scalars), {} directives\n",
                args.file.display(),
                summary.n_types,
                summary.n_objects,
                summary.n_interfaces,
                summary.n_unions,
                summary.n_enums,
                summary.n_input_objects,
                summary.n_scalars,
                summary.n_directives,
            );
            for (role, root) in [("query", &summary.query), ("mutation", &summary.mutation), ("subscription", &summary.subscription)] {
                if let Some(root) = root {
                    text += &format!("{role}: {} ({} fields)\n", root.name, root.n_fields);
                }
            }
            write_stdout(&text)?;
        }
    }
    print_warnings(&loaded.warnings);
    Ok(ExitCode::SUCCESS)
}

pub fn schema_print(args: SchemaFileArgs, output: Output) -> anyhow::Result<ExitCode> {
    let loaded = load_schema(&args.file)?;
    let sdl = schema_cache::print_sdl(&loaded.schema);
    match output.format {
        OutputFormat::Json => print_json_line(&serde_json::json!({ "sdl": sdl, "warnings": loaded.warnings }))?,
        OutputFormat::Text => {
            highlight::print(&sdl, Language::GraphQl, output.color)?;
            print_warnings(&loaded.warnings);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn complete(args: CompleteArgs, output: Output) -> anyhow::Result<ExitCode> {
    let schema = load_schema(&args.schema)?.schema;
    if let Some(batch) = &args.batch {
        return complete_batch(&schema, batch);
    }
    let (Some(document_path), Some(offset)) = (&args.document, args.offset) else {
        bail!("give a document and --offset, or --batch");
    };
    let document = read_document(document_path)?;
    check_offset(&document, offset)?;
    let completions = language::completion::complete(&schema, &document, offset);
    match output.format {
        OutputFormat::Json => print_json_line(&completions)?,
        OutputFormat::Text => {
            let mut stdout = std::io::stdout().lock();
            for item in &completions.items {
                let detail = item.detail.as_deref().unwrap_or("");
                let deprecated = if item.deprecated { "  (deprecated)" } else { "" };
                writeln!(stdout, "{:<32} {:<12} {detail}{deprecated}", item.label, format!("{:?}", item.kind).to_lowercase())?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Deserialize)]
struct BatchRequest {
    id: serde_json::Value,
    document: String,
    offset: usize,
}

#[derive(Serialize)]
struct BatchAnswer<'a> {
    id: &'a serde_json::Value,
    items: &'a [language::completion::CompletionItem<'a>],
    us: f64,
}

fn complete_batch(schema: &Valid<Schema>, batch: &Path) -> anyhow::Result<ExitCode> {
    let input: Box<dyn BufRead> = if batch == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(batch).with_context(|| format!("cannot read {}", batch.display()))?,
        ))
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (index, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("{}: cannot read line {}", batch.display(), index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let request: BatchRequest = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {} is not {{\"id\", \"document\", \"offset\"}}", batch.display(), index + 1))?;
        check_offset(&request.document, request.offset).with_context(|| format!("{}: line {}", batch.display(), index + 1))?;
        let started = Instant::now();
        let completions = language::completion::complete(schema, &request.document, request.offset);
        let us = started.elapsed().as_secs_f64() * 1e6;
        serde_json::to_writer(&mut stdout, &BatchAnswer { id: &request.id, items: &completions.items, us })?;
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct CheckedDocument<'a> {
    document: String,
    valid: bool,
    diagnostics: Vec<PositionedDiagnostic<'a>>,
}

#[derive(Serialize)]
struct PositionedDiagnostic<'a> {
    message: &'a str,
    severity: language::diagnostics::Severity,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
}

pub fn check(args: CheckArgs, output: Output) -> anyhow::Result<ExitCode> {
    let schema = match &args.schema {
        Some(path) => load_schema(path)?.schema,
        None => {
            let project = crate::network::project_of(&crate::network::ProjectArgs::folder(args.project.clone()))?;
            match project.schema_source()? {
                project::SchemaSource::File(path) => load_schema(&path)?.schema,
                project::SchemaSource::Url { url, headers } => crate::network::project_schema(&project, &url, &headers)?.schema,
            }
        }
    };
    let mut any_errors = false;
    for path in &args.documents {
        let document = read_document(path)?;
        let diagnostics = language::diagnostics::check(&schema, &document);
        let lines = LineIndex::new(&document);
        let valid = !diagnostics.iter().any(|diagnostic| diagnostic.severity == language::diagnostics::Severity::Error);
        any_errors |= !valid;
        let positioned: Vec<_> = diagnostics
            .iter()
            .map(|diagnostic| {
                let position = lines.line_column(diagnostic.start);
                PositionedDiagnostic {
                    message: &diagnostic.message,
                    severity: diagnostic.severity,
                    line: position.line,
                    column: position.column,
                    start: diagnostic.start,
                    end: diagnostic.end,
                }
            })
            .collect();
        match output.format {
            OutputFormat::Json => {
                print_json_line(&CheckedDocument { document: path.display().to_string(), valid, diagnostics: positioned })?
            }
            OutputFormat::Text => {
                let mut stdout = std::io::stdout().lock();
                for diagnostic in &positioned {
                    let severity = match diagnostic.severity {
                        language::diagnostics::Severity::Error => "error",
                        language::diagnostics::Severity::Warning => "warning",
                    };
                    writeln!(stdout, "{}:{}:{}: {severity}: {}", path.display(), diagnostic.line, diagnostic.column, diagnostic.message)?;
                }
            }
        }
    }
    Ok(if any_errors { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn hover(args: HoverArgs, output: Output) -> anyhow::Result<ExitCode> {
    let schema = load_schema(&args.schema)?.schema;
    let document = read_document(&args.document)?;
    check_offset(&document, args.offset)?;
    let hover = language::hover::hover(&schema, &document, args.offset);
    match (output.format, hover) {
        (OutputFormat::Json, hover) => print_json_line(&hover)?,
        (OutputFormat::Text, None) => {}
        (OutputFormat::Text, Some(hover)) => {
            let mut text = hover.signature.clone();
            if let Some(reason) = &hover.deprecation_reason {
                text += &format!("\ndeprecated: {reason}");
            }
            if let Some(description) = &hover.description {
                text += &format!("\n\n{description}");
            }
            write_stdout(&format!("{text}\n"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn format(args: FormatArgs, output: Output) -> anyhow::Result<ExitCode> {
    let document = read_document(&args.document)?;
    let formatted = language::format::format(&document);
    match output.format {
        OutputFormat::Json => print_json_line(&serde_json::json!({ "formatted": formatted }))?,
        OutputFormat::Text => highlight::print(&formatted, Language::GraphQl, output.color)?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn operations(args: OperationsArgs, output: Output) -> anyhow::Result<ExitCode> {
    let document = read_document(&args.document)?;
    let operations = language::operations::operations(&document);
    match output.format {
        OutputFormat::Json => print_json_line(&operations)?,
        OutputFormat::Text => {
            let lines = LineIndex::new(&document);
            let mut stdout = std::io::stdout().lock();
            for operation in &operations {
                let position = lines.line_column(operation.start);
                let kind = format!("{:?}", operation.kind).to_lowercase();
                writeln!(stdout, "{}:{} {kind} {}", position.line, position.column, operation.name.as_deref().unwrap_or("(anonymous)"))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn load_schema(path: &Path) -> anyhow::Result<LoadedSchema> {
    Ok(schema_cache::load_file(path)?)
}

pub(crate) fn read_document(path: &Path) -> anyhow::Result<String> {
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).context("cannot read stdin")?;
        bytes
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    String::from_utf8(bytes).map_err(|error| {
        anyhow::anyhow!("{} is not UTF-8 text (invalid byte at offset {})", path.display(), error.utf8_error().valid_up_to())
    })
}

fn check_offset(document: &str, offset: usize) -> anyhow::Result<()> {
    if offset > document.len() {
        bail!("offset {offset} is past the end of the document ({} bytes)", document.len());
    }
    if !document.is_char_boundary(offset) {
        bail!("offset {offset} is inside a multi-byte character; offsets count UTF-8 bytes");
    }
    Ok(())
}

fn print_json_line(value: &impl Serialize) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, value)?;
    stdout.write_all(b"\n")?;
    Ok(())
}

fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn print_warnings(warnings: &[String]) {
    for warning in warnings {
        eprintln!("sextant: warning: {warning}");
    }
}

#[derive(Serialize)]
struct SchemaSummary {
    n_types: usize,
    n_objects: usize,
    n_interfaces: usize,
    n_unions: usize,
    n_enums: usize,
    n_input_objects: usize,
    n_scalars: usize,
    n_directives: usize,
    query: Option<RootSummary>,
    mutation: Option<RootSummary>,
    subscription: Option<RootSummary>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct RootSummary {
    name: String,
    n_fields: usize,
}

impl SchemaSummary {
    fn of(loaded: &LoadedSchema) -> Self {
        use schema_cache::ExtendedType;
        let schema = &loaded.schema;
        let user_types: Vec<_> = schema.types.values().filter(|ty| !ty.is_built_in()).collect();
        let count = |matches: fn(&ExtendedType) -> bool| user_types.iter().filter(|ty| matches(ty)).count();
        let root = |name: Option<&schema_cache::ComponentName>| {
            let name = name?;
            let n_fields = match schema.types.get(name.as_str())? {
                ExtendedType::Object(object) => object.fields.len(),
                _ => 0,
            };
            Some(RootSummary { name: name.to_string(), n_fields })
        };
        let definition = &schema.schema_definition;
        SchemaSummary {
            n_types: user_types.len(),
            n_objects: count(ExtendedType::is_object),
            n_interfaces: count(ExtendedType::is_interface),
            n_unions: count(ExtendedType::is_union),
            n_enums: count(ExtendedType::is_enum),
            n_input_objects: count(ExtendedType::is_input_object),
            n_scalars: count(ExtendedType::is_scalar),
            n_directives: schema.directive_definitions.values().filter(|directive| !directive.is_built_in()).count(),
            query: root(definition.query.as_ref()),
            mutation: root(definition.mutation.as_ref()),
            subscription: root(definition.subscription.as_ref()),
            warnings: loaded.warnings.clone(),
        }
    }
}
