//! The command line: parse arguments, call the library, map outcomes to exit codes
//! (0 success, 1 invalid data or content, 2 usage or I/O error).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sunshine::diagnostics::Severity;

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

#[derive(Subcommand)]
enum Command {
    /// 检查数据并生成网站到 public/ (check the data and build the site)
    Build {
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 输出目录，默认为 <root>/public (output folder)
        #[arg(long)]
        out: Option<PathBuf>,
        /// 把警告也当作错误 (treat warnings as errors)
        #[arg(long)]
        strict: bool,
        /// 只在有问题时输出 (print only problems)
        #[arg(long, short)]
        quiet: bool,
    },
    /// 检查数据，不写任何文件 (validate only, write nothing)
    Check {
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 把警告也当作错误 (treat warnings as errors)
        #[arg(long)]
        strict: bool,
        /// 只在有问题时输出 (print only problems)
        #[arg(long, short)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { root, strict, quiet } => check(&root, strict, quiet),
        Command::Build {
            root,
            out,
            strict,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            build(&root, &out, strict, quiet)
        }
    }
}

fn build(root: &std::path::Path, out: &std::path::Path, strict: bool, quiet: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let built = match sunshine::build(root, out, strict) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for d in &built.diagnostics {
        eprintln!("{d}");
    }
    let count = |s| built.diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match built.written {
        None => {
            let why = if errors > 0 {
                format!("{errors} 个错误")
            } else {
                format!("{warnings} 个警告（--strict）")
            };
            eprintln!("没有生成网站：{why}。{} 保持原样；改正后再运行。", out.display());
            ExitCode::from(1)
        }
        Some((pages, files)) => {
            if !quiet {
                let ms = started.elapsed().as_millis();
                println!(
                    "已生成 {pages} 个页面（共 {files} 个文件）到 {}，{warnings} 个警告，用时 {ms} 毫秒。",
                    out.display()
                );
            }
            ExitCode::SUCCESS
        }
    }
}

fn check(root: &std::path::Path, strict: bool, quiet: bool) -> ExitCode {
    let checked = match sunshine::check(root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for d in &checked.diagnostics {
        eprintln!("{d}");
    }
    let errors = checked.errors().count();
    let warnings = checked.warnings().count();
    if !checked.passes(strict) {
        let why = if errors > 0 {
            format!("{errors} 个错误")
        } else {
            format!("{warnings} 个警告（--strict）")
        };
        eprintln!("检查未通过：{why}，{warnings} 个警告。改正后再运行。");
        return ExitCode::from(1);
    }
    if !quiet {
        let site = checked.site.as_ref();
        let units = site.map_or(0, |s| s.units.len());
        let years = site.map_or(0, |s| s.years.len());
        println!("检查通过：{units} 个单位，{years} 个年度，{warnings} 个警告。");
    }
    ExitCode::SUCCESS
}
