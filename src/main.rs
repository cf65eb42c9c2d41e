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

mod changes;
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
        /// 把这次新增、改动、删除的文件列表写到这个文件（每行 A/M/D、制表符、路径；- 表示屏幕），供 rsync、对象存储同步和 CDN 刷新使用 (write the files added/changed/removed)
        #[arg(long, value_name = "FILE")]
        changes: Option<PathBuf>,
        /// 与 --changes 一起用：上次上传时保存的 sunshine-manifest.json 副本；清单列出自那次上传以来的全部改动，中间生成几次都不会漏 (list the changes since that upload)
        #[arg(long, value_name = "MANIFEST", requires = "changes")]
        since: Option<PathBuf>,
        /// 没有已公布数字的记录 published.lock、而月报早已公布时（如从旧网站迁移）：写明原因，从这次开始记录 (start the published record here, with the reason)
        #[arg(long, value_name = "原因")]
        history_starts_here: Option<String>,
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
    /// 新建一个站点，示例内容换成真实内容后即可生成 (a fresh site to fill in)
    New {
        /// 新站点的目录，必须不存在或为空 (an empty or new folder)
        dir: PathBuf,
    },
    /// 把各单位报来的招生情况统计表（.xlsx 或 .csv）导入为月报文件；加 --programs 导入招生专业与计划表 (import a monthly form, or with --programs the programs form)
    Import {
        /// 表格文件 (.xlsx / .csv)
        file: PathBuf,
        /// 年度 (year)
        #[arg(long, value_parser = usage::year)]
        year: i32,
        /// 月份 1–12；月报必填 (month; required for a monthly form)
        #[arg(long, value_parser = usage::month, required_unless_present = "programs")]
        month: Option<u32>,
        /// 截止日期，如 2024-08-15；月报必填 (the form's as-of date; required for a monthly form)
        #[arg(long = "as-of", value_parser = usage::date, required_unless_present = "programs")]
        as_of: Option<chrono::NaiveDate>,
        /// 导入招生专业与计划表，写入 data/<年度>/programs.toml，不用 --month 和 --as-of；表头有“专业名称”的表格不加也会认出 (import the programs form; detected from its header when omitted)
        #[arg(long)]
        programs: bool,
        /// 站点根目录 (site root)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 覆盖已有的月报文件或 programs.toml (replace an existing report file or programs.toml)
        #[arg(long)]
        force: bool,
        /// 要导入的工作表名称，默认为打开文件时显示的工作表 (worksheet to read; default: the active one)
        #[arg(long)]
        sheet: Option<String>,
        /// 更正原因：与 --force 一起用，表格改动了已公布的数字时，写下更正记录 [[correction]] (reason of a correction to published figures)
        #[arg(long)]
        reason: Option<String>,
        /// 认可逾期：晚于截止日报送的单位写上 late_ok = true 和这个原因（late_reason），网站照样标注“逾期”，不再警告 (accept late forms, with the reason)
        #[arg(long = "accept-late", value_name = "REASON")]
        accept_late: Option<String>,
    },
    /// 生成空白的招生情况统计表和招生专业与计划表（.xlsx 和 .csv）发给各单位填写 (the blank forms for a year)
    Form {
        /// 年度 (year)
        #[arg(long, value_parser = usage::year)]
        year: i32,
        /// 输出文件，默认 招生情况统计表-<年度>.xlsx；招生专业与计划表写在同一文件夹，名为 招生专业与计划-<年度>.xlsx；以 .csv 结尾则只写 CSV (output file)
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
        /// 已发布的网站（和 build 一样，检查已公布的数字是否被改动），默认为 <root>/public (the published site to compare with)
        #[arg(long)]
        out: Option<PathBuf>,
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
        Err(e) => match programs_form(&e, &args) {
            Some(cli) => cli,
            None => return Err(Error::Usage(usage::message(&e, &args))),
        },
    };
    match cli.command {
        Command::Check {
            root,
            out,
            strict,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            check(&root, &out, strict, quiet)
        }
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
            programs: true,
            month,
            as_of,
            root,
            force,
            sheet,
            ..
        } => {
            if month.is_some() || as_of.is_some() {
                return Err(Error::Usage(
                    "导入招生专业与计划表不用 --month 和 --as-of — 去掉它们；要导入月报就去掉 --programs\n查看用法：sunshine import --help".into(),
                ));
            }
            let request = sunshine::import::programs::Request {
                file,
                root,
                year,
                force,
                sheet,
            };
            import(sunshine::import::programs::import(&request)?, "个专业")
        }
        Command::Import {
            file,
            year,
            month: Some(month),
            as_of: Some(as_of),
            root,
            force,
            sheet,
            reason,
            accept_late,
            ..
        } => import(
            sunshine::import::import(&sunshine::import::Request {
                force,
                sheet,
                reason,
                accept_late,
                ..sunshine::import::Request::new(file, root, year, month, as_of)
            })?,
            "个单位的数据",
        ),
        // clap requires --month and --as-of without --programs; said again rather than assumed.
        Command::Import { .. } => Err(Error::Usage(
            "导入月报要写 --month 和 --as-of — 写成 --month 8 --as-of 2024-08-15\n查看用法：sunshine import --help"
                .into(),
        )),
        Command::Form { year, out, root, force } => form(&root, year, out, force),
        Command::Build {
            root,
            out,
            strict,
            quiet,
            changes,
            since,
            history_starts_here,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let lists = (changes.as_deref(), since.as_deref());
            build(&root, &out, strict, quiet, lists, history_starts_here.as_deref())
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

fn build(
    root: &std::path::Path,
    out: &std::path::Path,
    strict: bool,
    quiet: bool,
    (changes, since): (Option<&std::path::Path>, Option<&std::path::Path>),
    history_starts_here: Option<&str>,
) -> Result<ExitCode, Error> {
    let started = std::time::Instant::now();
    let list = changes
        .map(|path| changes::ChangeList::check(path, since, out))
        .transpose()?;
    let built = sunshine::build_with(root, out, strict, history_starts_here)?;
    print_diagnostics(&built.diagnostics, usize::MAX, strict);
    let count = |s| built.diagnostics.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let Some((pages, files)) = built.written else {
        // This run changed nothing: a deploy step must not read the previous run's list.
        if let Some(list) = &list {
            list.write(&built.changes, out)?;
        }
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
    if let Some(list) = &list {
        list.write(&built.changes, out)?;
    }
    // With `--changes -` standard output carries the list alone.
    let to_stdout = list
        .as_ref()
        .is_some_and(|l| matches!(l.file, changes::ChangesFile::Stdout));
    if !quiet && !to_stdout {
        let ms = started.elapsed().as_millis();
        let c = &built.changes;
        let what = if c.is_empty() {
            "与上次生成的完全相同，没有改动任何文件".to_string()
        } else {
            format!(
                "新增 {} 个、改动 {} 个、删除 {} 个文件，{} 个文件没有变化（原样保留）",
                c.added.len(),
                c.changed.len(),
                c.removed.len(),
                c.unchanged
            )
        };
        println!(
            "已生成 {pages} 个页面（共 {files} 个文件）到 {}：{what}；{warnings} 个警告，用时 {ms} 毫秒。",
            out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn check(root: &std::path::Path, out: &std::path::Path, strict: bool, quiet: bool) -> Result<ExitCode, Error> {
    let checked = sunshine::check_against(root, out)?;
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

/// Returns only with an error: the preview runs until Ctrl+C ends the process.
fn serve(root: &std::path::Path, addr: std::net::SocketAddr, quiet: bool) -> Result<ExitCode, Error> {
    let never = sunshine::workbench::serve(root, addr, quiet, |bound, workbench| {
        use std::io::Write;
        let workbench = match workbench {
            Some(path) => {
                format!("工作台：http://{bound}{path}  （不用命令行导入报表、发布网站；地址里有密钥，不要发给别人）")
            }
            None => "工作台只在本机地址上提供（不写 --bind，或 --bind 127.0.0.1）。".to_string(),
        };
        // One write, so that a reader of the first line gets both; a closed output is no reason to stop.
        let both = format!(
            "预览地址：http://{bound}/  （按 Ctrl+C 停止；修改 data/、content/、templates/、static/ 后自动刷新）\n{workbench}\n"
        );
        let _ = std::io::stdout().write_all(both.as_bytes());
        let _ = std::io::stdout().flush();
    })?;
    match never {}
}

fn new(dir: &std::path::Path) -> Result<ExitCode, Error> {
    use chrono::Datelike;
    let year = chrono::Local::now().year();
    sunshine::scaffold::new_site(dir, year)?;
    println!("已新建站点 {}。下一步：", dir.display());
    println!("  1. 修改 data/site.toml、data/units.toml、data/{year}/quotas.toml；");
    println!("  2. data/{year}/reports/{year}-07.toml 是示例月报（示例数据），导入第一份真实月报前删掉它；");
    println!("  3. sunshine serve --root {} 预览；", dir.display());
    println!("  4. sunshine build --root {} 生成网站到 public/。", dir.display());
    Ok(ExitCode::SUCCESS)
}

/// `sunshine import 专业.xlsx --year 2024` without `--programs`: clap misses --month and
/// --as-of; when the file's header is the programs form's, the command is read as if
/// `--programs` had been written. Any other command keeps clap's error.
fn programs_form(e: &clap::Error, args: &[std::ffi::OsString]) -> Option<Cli> {
    if e.kind() != clap::error::ErrorKind::MissingRequiredArgument {
        return None;
    }
    let mut with_flag = args.to_vec();
    with_flag.push("--programs".into());
    let cli = Cli::try_parse_from(with_flag).ok()?;
    match &cli.command {
        Command::Import { file, sheet, .. } if sunshine::import::programs::is_programs_form(file, sheet.as_deref()) => {
            Some(cli)
        }
        _ => None,
    }
}

/// Prints what an import did; `what` counts the rows written (个单位的数据, 个专业).
fn import(outcome: sunshine::import::Outcome, what: &str) -> Result<ExitCode, Error> {
    use sunshine::import::Outcome;
    match outcome {
        Outcome::Refused {
            diagnostics,
            notes,
            about_sheet,
        } => {
            for n in &notes {
                eprintln!("{n}");
            }
            print_diagnostics(&diagnostics, MAX_PRINTED, false);
            // The table is to be corrected only when an error is about it.
            if about_sheet {
                eprintln!("没有导入：请改正表格后重新导入，没有写入任何文件。");
            } else {
                eprintln!("没有导入：按上面的提示处理后重新导入，没有写入任何文件。");
            }
            Ok(ExitCode::from(1))
        }
        // The command never asks for a dry run; said all the same.
        Outcome::Ready(ready) => {
            for n in &ready.notes {
                println!("{n}");
            }
            print_diagnostics(&ready.diagnostics, MAX_PRINTED, false);
            println!(
                "检查通过：{} {what}可以导入到 {}，没有写入任何文件。",
                ready.rows, ready.path
            );
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Written {
            path,
            rows,
            diagnostics,
            notes,
            placeholders,
        } => {
            for n in &notes {
                println!("{n}");
            }
            print_diagnostics(&diagnostics, MAX_PRINTED, false);
            if placeholders == 0 {
                println!("已导入 {rows} {what}到 {path}，全站检查通过。");
            } else {
                println!(
                    "已导入 {rows} {what}到 {path}，导入的数据检查通过；站点里还有 {placeholders} 处 sunshine new 写的示例内容（如“某某市”、电话 0000-00000000），换成真实内容之前 sunshine build 不会生成网站，sunshine check 逐一列出。"
                );
            }
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
    let files = sunshine::import::form::files(site, year, &out)?;
    // Every file is checked before any is written: the forms units sent back are never lost.
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
        sunshine::output::atomic::write_atomically(path, bytes).map_err(|error| Error::Io {
            path: path.clone(),
            error,
            hint: None,
        })?;
    }
    let programs_form = sunshine::import::form::programs_path(&out, year);
    let (programs, monthly): (Vec<String>, Vec<String>) = files
        .iter()
        .map(|(p, _)| p.display().to_string())
        .partition(|p| PathBuf::from(p).with_extension("xlsx") == programs_form);
    println!("已生成招生情况统计表 {}（每月发给各单位填写）。", monthly.join(" 和 "));
    println!(
        "已生成招生专业与计划表 {}（各学校每年填一次，交回后用 sunshine import 文件 --year {year} --programs 导入）。",
        programs.join(" 和 ")
    );
    Ok(ExitCode::SUCCESS)
}
