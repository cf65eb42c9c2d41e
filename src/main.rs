//! The command line: parse arguments, call the library, map outcomes to exit codes
//! (0 success, 1 invalid data or content, 2 usage or I/O error).
//!
//! Every command returns `Result<ExitCode, sunshine::Error>`; `main` alone prints an error and
//! [`print_diagnostics`] alone prints a diagnostic.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sunshine::diagnostics::{Diagnostic, Printing, Severity};
use sunshine::Error;

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
    /// 本地预览：生成网站并在浏览器中实时刷新 (local preview with live reload)
    Serve {
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 端口；0 表示任选一个空闲端口 (port; 0 picks a free one)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// 监听地址；默认只允许本机访问 (address to listen on)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 只在有问题时输出 (print only problems)
        #[arg(long, short)]
        quiet: bool,
    },
    /// 新建一个可以直接生成的站点 (a fresh site to fill in)
    New {
        /// 新站点的目录，必须不存在或为空 (an empty or new folder)
        dir: PathBuf,
    },
    /// 把各单位报来的招生情况统计表（.xlsx 或 .csv）导入为月报文件 (import a monthly form)
    Import {
        /// 表格文件 (.xlsx / .csv)
        file: PathBuf,
        /// 年度 (year)
        #[arg(long, value_parser = usage::year)]
        year: i32,
        /// 月份 1–12 (month)
        #[arg(long, value_parser = usage::month)]
        month: u32,
        /// 截止日期，如 2024-08-15 (the form's as-of date)
        #[arg(long = "as-of", value_parser = usage::date)]
        as_of: chrono::NaiveDate,
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 覆盖已有的月报文件 (replace an existing report file)
        #[arg(long)]
        force: bool,
        /// 要导入的工作表名称，默认为打开文件时显示的工作表 (worksheet to read; default: the active one)
        #[arg(long)]
        sheet: Option<String>,
    },
    /// 生成空白的招生情况统计表（.xlsx 和 .csv）发给各单位填写 (the blank form for a year)
    Form {
        /// 年度 (year)
        #[arg(long, value_parser = usage::year)]
        year: i32,
        /// 输出文件，默认 招生情况统计表-<年度>.xlsx；以 .csv 结尾则只写 CSV (output file)
        #[arg(long)]
        out: Option<PathBuf>,
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 覆盖已有的表格文件 (replace existing form files)
        #[arg(long)]
        force: bool,
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
    match run(std::env::args_os()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: impl IntoIterator<Item = std::ffi::OsString>) -> Result<ExitCode, Error> {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // `--help` and `--version` are answers, not errors (exit 0); a bare `sunshine` shows the
        // overview of commands and exits 2, as it always has.
        Err(e) if !e.use_stderr() || e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return Ok(ExitCode::from(u8::from(e.use_stderr()) * 2));
        }
        Err(e) => return Err(Error::Usage(usage::message(&e, &args))),
    };
    match cli.command {
        Command::Check { root, strict, quiet } => check(&root, strict, quiet),
        Command::Serve {
            root,
            port,
            bind,
            quiet,
        } => serve(&root, std::net::SocketAddr::new(bind, port), quiet),
        Command::New { dir } => new(&dir),
        Command::Import {
            file,
            year,
            month,
            as_of,
            root,
            force,
            sheet,
        } => import(&sunshine::import::Request {
            file,
            root,
            year,
            month,
            as_of,
            force,
            sheet,
        }),
        Command::Form { year, out, root, force } => form(&root, year, out, force),
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

/// The most diagnostics a command prints; the rest are counted.
const MAX_PRINTED: usize = 50;

/// The one place the command line prints a [`Diagnostic`]: at most `limit`, then a count of the
/// rest, so that a form with a hundred broken cells does not scroll the first ones away; warnings
/// about earlier rounds in full only when `earlier_in_full`.
fn print_diagnostics(diagnostics: &[Diagnostic], limit: usize, earlier_in_full: bool) {
    sunshine::diagnostics::print(diagnostics, Printing { limit, earlier_in_full });
}

/// "3 个错误" when there are errors, else the warnings that `--strict` refused.
fn why_refused(errors: usize, warnings: usize) -> String {
    if errors > 0 {
        format!("{errors} 个错误")
    } else {
        format!("{warnings} 个警告（--strict）")
    }
}

fn build(root: &std::path::Path, out: &std::path::Path, strict: bool, quiet: bool) -> Result<ExitCode, Error> {
    let started = std::time::Instant::now();
    let built = sunshine::build(root, out, strict)?;
    print_diagnostics(&built.diagnostics, usize::MAX, strict);
    let count = |s| built.diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let Some((pages, files)) = built.written else {
        eprintln!(
            "没有生成网站：{}。{} 保持原样；改正后再运行。",
            why_refused(errors, warnings),
            out.display()
        );
        return Ok(ExitCode::from(1));
    };
    if !built.kept.is_empty() {
        let shown: Vec<&str> = built.kept.iter().take(3).map(String::as_str).collect();
        eprintln!(
            "note: {} 里有 {} 个文件不是 sunshine 生成的（如 {}），已原样保留；要让 sunshine 管理它们，请放到 static/ 文件夹里",
            out.display(),
            built.kept.len(),
            shown.join("、")
        );
    }
    if !quiet {
        let ms = started.elapsed().as_millis();
        println!(
            "已生成 {pages} 个页面（共 {files} 个文件）到 {}，{warnings} 个警告，用时 {ms} 毫秒。",
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: &std::path::Path, strict: bool, quiet: bool) -> Result<ExitCode, Error> {
    let checked = sunshine::check(root)?;
    print_diagnostics(&checked.diagnostics, usize::MAX, true);
    let errors = checked.errors().count();
    let warnings = checked.warnings().count();
    if !checked.passes(strict) {
        eprintln!(
            "检查未通过：{}，{warnings} 个警告。改正后再运行。",
            why_refused(errors, warnings)
        );
        return Ok(ExitCode::from(1));
    }
    if !quiet {
        let site = checked.site.as_ref();
        let units = site.map_or(0, |s| s.units.len());
        let years = site.map_or(0, |s| s.years.len());
        println!("检查通过：{units} 个单位，{years} 个年度，{warnings} 个警告。");
    }
    Ok(ExitCode::SUCCESS)
}

fn serve(root: &std::path::Path, addr: std::net::SocketAddr, quiet: bool) -> Result<ExitCode, Error> {
    sunshine::serve::serve(root, addr, quiet, |bound| {
        println!("预览地址：http://{bound}/  （按 Ctrl+C 停止；修改 data/、content/、templates/、static/ 后自动刷新）");
        use std::io::Write;
        let _ = std::io::stdout().flush();
    })?;
    Ok(ExitCode::SUCCESS)
}

fn new(dir: &std::path::Path) -> Result<ExitCode, Error> {
    use chrono::Datelike;
    let year = chrono::Local::now().year();
    sunshine::scaffold::new_site(dir, year)?;
    println!("已新建站点 {}。下一步：", dir.display());
    println!("  1. 修改 data/site.toml、data/units.toml、data/{year}/quotas.toml；");
    println!("  2. sunshine serve --root {} 预览；", dir.display());
    println!("  3. sunshine build --root {} 生成网站到 public/。", dir.display());
    Ok(ExitCode::SUCCESS)
}

fn import(request: &sunshine::import::Request) -> Result<ExitCode, Error> {
    use sunshine::import::Outcome;
    match sunshine::import::import(request)? {
        Outcome::Refused { diagnostics, notes } => {
            for n in &notes {
                eprintln!("{n}");
            }
            print_diagnostics(&diagnostics, MAX_PRINTED, false);
            eprintln!("没有导入：请改正表格后重新导入，没有写入任何文件。");
            Ok(ExitCode::from(1))
        }
        Outcome::Written {
            path,
            rows,
            diagnostics,
            notes,
        } => {
            for n in &notes {
                println!("{n}");
            }
            print_diagnostics(&diagnostics, MAX_PRINTED, false);
            println!("已导入 {rows} 个单位的数据到 {path}，全站检查通过。");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn form(root: &std::path::Path, year: i32, out: Option<PathBuf>, force: bool) -> Result<ExitCode, Error> {
    let checked = sunshine::check(root)?;
    let Some(site) = checked.site.as_ref() else {
        let errors: Vec<Diagnostic> = checked.errors().cloned().collect();
        print_diagnostics(&errors, usize::MAX, true);
        eprintln!("数据有错误，没有生成表格。");
        return Ok(ExitCode::from(1));
    };
    if !site.years.iter().any(|y| y.year == year) {
        return Err(Error::NoQuotas(year));
    }
    let out = out.unwrap_or_else(|| PathBuf::from(format!("招生情况统计表-{year}.xlsx")));
    let csv_path = out.with_extension("csv");
    let only_csv = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if !only_csv {
        let xlsx = sunshine::import::form::xlsx(site, year).map_err(|e| Error::Form {
            path: out.clone(),
            error: e.to_string(),
        })?;
        if let Some(bytes) = xlsx {
            files.push((out.clone(), bytes));
        }
    }
    files.push((
        csv_path.clone(),
        sunshine::import::form::csv(site, year).unwrap_or_default(),
    ));
    // Both files are checked before either is written: the forms units sent back are never lost.
    if !force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Error::FormExists(existing));
        }
    }
    for (path, bytes) in &files {
        sunshine::import::write_atomically(path, bytes).map_err(|error| Error::Io {
            path: path.clone(),
            error,
            hint: None,
        })?;
    }
    if only_csv {
        println!("已生成 {}。", csv_path.display());
    } else {
        println!("已生成 {} 和 {}。", out.display(), csv_path.display());
    }
    Ok(ExitCode::SUCCESS)
}
