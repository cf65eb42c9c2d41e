//! The command line: parse arguments, hand them to their command (one file each in `src/cmd/`),
//! map outcomes to exit codes (0 success, 1 invalid data or content, 2 usage or I/O error).
//!
//! Every command returns `Result<ExitCode, sunshine::Error>`; `main` alone prints an error and
//! `cmd::print_diagnostics` alone prints a diagnostic.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sunshine::Error;

mod changes;
mod cmd;
mod usage;

#[derive(Parser)]
#[command(
    name = "sunshine",
    version,
    about = "阳光招生：把教育局的 TOML 数据生成静态信息公开网站"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Each command's help is its doc comment here; its arguments are in its own file.
#[derive(Subcommand)]
enum Command {
    /// 检查数据并生成网站到 public/ (check the data and build the site)
    Build(cmd::build::Args),
    /// 本地预览：生成网站并在浏览器中实时刷新 (local preview with live reload)
    Serve(cmd::serve::Args),
    /// 新建一个站点，示例内容换成真实内容后即可生成 (a fresh site to fill in)
    New(cmd::new::Args),
    /// 把各单位报来的招生情况统计表（.xlsx 或 .csv）导入为月报文件；加 --programs 导入招生专业与计划表 (import a monthly form, or with --programs the programs form)
    Import(cmd::import::Args),
    /// 生成空白的招生情况统计表和招生专业与计划表（.xlsx 和 .csv）发给各单位填写 (the blank forms for a year)
    Form(cmd::form::Args),
    /// 检查数据，不写任何文件 (validate only, write nothing)
    Check(cmd::check::Args),
}

fn main() -> ExitCode {
    match run(std::env::args_os()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: impl IntoIterator<Item = OsString>) -> Result<ExitCode, Error> {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // `--help` and `--version` are answers, not errors (exit 0); a bare `sunshine` shows the
        // overview of commands and exits 2, as it always has.
        Err(e) if !e.use_stderr() || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return Ok(ExitCode::from(u8::from(e.use_stderr()) * 2));
        }
        Err(e) => match programs_form(&e, &args) {
            Some(cli) => cli,
            None => return Err(Error::Usage(usage::message(&e, &args))),
        },
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Form(args) => cmd::form::run(args),
        Command::Check(args) => cmd::check::run(args),
    }
}

/// `sunshine import 专业.xlsx --year 2024` without `--programs`: clap misses --month and
/// --as-of; when the file's header is the programs form's, the command is read as if
/// `--programs` had been written. Any other command keeps clap's error.
fn programs_form(e: &clap::Error, args: &[OsString]) -> Option<Cli> {
    if e.kind() != clap::error::ErrorKind::MissingRequiredArgument {
        return None;
    }
    let mut with_flag = args.to_vec();
    with_flag.push("--programs".into());
    let cli = Cli::try_parse_from(with_flag).ok()?;
    match &cli.command {
        Command::Import(args) if args.is_programs_form() => Some(cli),
        _ => None,
    }
}
