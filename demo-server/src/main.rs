//! `demo-server [--port N] [--budget N] [--window-seconds N] [--bearer TOKEN]... [--project-token TOKEN=PROJECT_ID]...`

use demo_server::{DemoConfig, run_until_ctrl_c};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "usage: demo-server [--port N] [--budget N] [--window-seconds N] [--require-token] \
[--bearer TOKEN]... [--project-token TOKEN=PROJECT_ID]...";

fn parse(args: impl IntoIterator<Item = String>) -> Result<(DemoConfig, u16), String> {
    let mut config = DemoConfig::default();
    let mut port = 0;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg, None),
        };
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        let number = |text: String| text.parse::<u64>().map_err(|_| format!("{flag}: not a number: {text}"));
        match flag.as_str() {
            "--port" => port = u16::try_from(number(value()?)?).map_err(|_| "--port: out of range".to_string())?,
            "--budget" => config.budget = u32::try_from(number(value()?)?).map_err(|_| "--budget: out of range".to_string())?,
            "--window-seconds" => config.window = Duration::from_secs(number(value()?)?),
            "--require-token" => config.require_token = true,
            "--bearer" => config.bearer_tokens.push(value()?),
            "--project-token" => {
                let text = value()?;
                let (token, project) = text.split_once('=').ok_or("--project-token takes TOKEN=PROJECT_ID")?;
                config.project_tokens.push((token.to_string(), project.to_string()));
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok((config, port))
}

#[tokio::main]
async fn main() -> ExitCode {
    let (config, port) = match parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run_until_ctrl_c(config, SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("demo-server: {error}");
            ExitCode::from(1)
        }
    }
}
