//! `sextant`: the schema engine on the command line, for scripts and editors.
//!
//! Every subcommand reads files, calls one library function and prints its answer: readable text
//! (colored on a terminal) for people, `--format json` for machines. Failures are one line on
//! stderr and a non-zero exit status, never a panic.

mod commands;
mod highlight;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "sextant", version, about = "A GraphQL explorer's engine: schemas, completion, diagnostics, formatting")]
struct Cli {
    /// Output for people (text) or for machines (json).
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Color text output: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Read and print schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Complete at a byte offset of a document.
    Complete(commands::CompleteArgs),
    /// Report syntax and validation errors of documents; exit status 1 when there are errors.
    Check(commands::CheckArgs),
    /// Describe the name at a byte offset of a document.
    Hover(commands::HoverArgs),
    /// Print a document prettified.
    Format(commands::FormatArgs),
    /// List the operations of a document.
    Operations(commands::OperationsArgs),
}

#[derive(Subcommand)]
enum SchemaCommand {
    /// Load a schema (introspection JSON or SDL) and summarize it.
    Load(commands::SchemaFileArgs),
    /// Print a schema (introspection JSON or SDL) as SDL.
    Print(commands::SchemaFileArgs),
}

/// What every command needs to know about how to print.
#[derive(Clone, Copy)]
pub struct Output {
    pub format: OutputFormat,
    pub color: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let output = Output { format: cli.format, color: highlight::use_color(cli.color) };
    let result = match cli.command {
        Command::Schema(SchemaCommand::Load(args)) => commands::schema_load(args, output),
        Command::Schema(SchemaCommand::Print(args)) => commands::schema_print(args, output),
        Command::Complete(args) => commands::complete(args, output),
        Command::Check(args) => commands::check(args, output),
        Command::Hover(args) => commands::hover(args, output),
        Command::Format(args) => commands::format(args, output),
        Command::Operations(args) => commands::operations(args, output),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped reading (`sextant schema print … | head`) is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // `{:#}` prints the whole cause chain on one line.
            eprintln!("sextant: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
