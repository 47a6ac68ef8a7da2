//! `sextant`: the schema engine on the command line, for scripts and editors.
//!
//! Every subcommand reads files, calls one library function and prints its answer: readable text
//! (colored on a terminal) for people, `--format json` for machines. Failures are one line on
//! stderr and a non-zero exit status, never a panic.

mod commands;
mod explore;
mod highlight;
mod network;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

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
    /// Read, print and fetch schemas.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// Run an operation against an endpoint; prints the response, and status, timing and the
    /// rate limit on stderr. Exit status 0 only for a 2xx answer without GraphQL errors.
    Run(network::RunArgs),
    /// Subscribe to an operation over a WebSocket (graphql-transport-ws): each event on its own
    /// line as it arrives, the stream's end on stderr. Exit status 0 when the server completes or
    /// --max-events is reached.
    Subscribe(network::SubscribeArgs),
    /// Print a curl command that sends what `run` would send; a token stays a variable
    /// ($SEXTANT_TOKEN) unless --include-secrets. Sends nothing.
    Curl(network::CurlArgs),
    /// Write another client's GraphQL requests (Altair, Bruno, Insomnia, Postman) into a project
    /// folder as files, their secrets dropped. Sends nothing.
    Import(network::ImportArgs),
    /// The runs of the app and the command line, newest first (never a header or a token).
    History(network::HistoryArgs),
    /// Token profiles: a name, the origin its token is bound to, and how the token is sent.
    #[command(subcommand)]
    Profile(network::ProfileCommand),
    /// Tokens in the OS keychain.
    #[command(subcommand)]
    Token(network::TokenCommand),
    /// Run the Railway-shaped demo API on loopback.
    DemoServer(network::DemoServerArgs),
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
    /// Write the man pages and shell completions (bash, zsh, fish) into a folder, for packaging.
    #[command(hide = true)]
    GenerateAssets {
        /// The folder to write `man/sextant*.1` and `completions/` into.
        dir: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum SchemaCommand {
    /// Load a schema (introspection JSON or SDL) and summarize it.
    Load(commands::SchemaFileArgs),
    /// Print a schema (introspection JSON or SDL) as SDL.
    Print(commands::SchemaFileArgs),
    /// Fetch an endpoint's schema by introspection into the cache; a cached copy is used unless --refresh.
    Fetch(network::SchemaFetchArgs),
    /// Search a schema by name, coordinate or words of descriptions, best first.
    Search(explore::SearchArgs),
    /// Every place a type is used: fields, arguments, input fields, directive arguments, unions, implementations.
    Refs(explore::RefsArgs),
    /// The shortest chains of fields from the root types to a type or field.
    Paths(explore::PathsArgs),
    /// Every change from one schema to another with its criticality; exit status 1 when one is breaking.
    Diff(explore::DiffArgs),
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
        Command::Schema(SchemaCommand::Fetch(args)) => network::schema_fetch(args, output),
        Command::Schema(SchemaCommand::Search(args)) => explore::search(args, output),
        Command::Schema(SchemaCommand::Refs(args)) => explore::refs(args, output),
        Command::Schema(SchemaCommand::Paths(args)) => explore::paths(args, output),
        Command::Schema(SchemaCommand::Diff(args)) => explore::diff(args, output),
        Command::Run(args) => network::run(args, output),
        Command::Subscribe(args) => network::subscribe(args, output),
        Command::History(args) => network::history(args, output),
        Command::Curl(args) => network::curl(args, output),
        Command::Import(args) => network::import(args, output),
        Command::Profile(command) => network::profile(command, output),
        Command::Token(command) => network::token(command, output),
        Command::DemoServer(args) => network::demo_server(args),
        Command::Complete(args) => commands::complete(args, output),
        Command::Check(args) => commands::check(args, output),
        Command::Hover(args) => commands::hover(args, output),
        Command::Format(args) => commands::format(args, output),
        Command::Operations(args) => commands::operations(args, output),
        Command::GenerateAssets { dir } => generate_assets(&dir),
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

/// The man pages (one for `sextant`, one per subcommand, as `git` ships them) and completions,
/// generated from the same definitions that parse the arguments.
fn generate_assets(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let man = dir.join("man");
    let completions = dir.join("completions");
    for folder in [&man, &completions] {
        std::fs::create_dir_all(folder).with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let command = Cli::command();
    let mut pages = vec![("sextant".to_owned(), command.clone())];
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        let name = format!("sextant-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, page) in pages {
        let mut text = Vec::new();
        clap_mangen::Man::new(page).render(&mut text)?;
        let path = man.join(format!("{name}.1"));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (shell, file) in [
        (clap_complete::Shell::Bash, "sextant"),
        (clap_complete::Shell::Zsh, "_sextant"),
        (clap_complete::Shell::Fish, "sextant.fish"),
    ] {
        let mut text = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "sextant", &mut text);
        let path = completions.join(file);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("man pages and completions written to {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
