//! `sunshine import`: a unit's monthly form, or with `--programs` the programs form, read into
//! a data file, written only when the whole site still checks.

use std::path::PathBuf;
use std::process::ExitCode;

use sunshine::Error;

use super::{print_diagnostics, MAX_PRINTED};

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 表格文件 (.xlsx / .csv)
    file: PathBuf,
    /// 年度 (year)
    #[arg(long, value_parser = crate::usage::year)]
    year: i32,
    /// 月份 1–12；月报必填 (month; required for a monthly form)
    #[arg(long, value_parser = crate::usage::month, required_unless_present = "programs")]
    month: Option<u32>,
    /// 截止日期，如 2024-08-15；月报必填 (the form's as-of date; required for a monthly form)
    #[arg(long = "as-of", value_parser = crate::usage::date, required_unless_present = "programs")]
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
}

impl Args {
    /// The file's header is the programs form's: `sunshine import 专业.xlsx --year 2024` without
    /// `--programs` is read as if it had been written (see `programs_form` in main.rs).
    pub(crate) fn is_programs_form(&self) -> bool {
        sunshine::import::programs::is_programs_form(&self.file, self.sheet.as_deref())
    }
}

pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    match args {
        Args {
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
            Ok(print_outcome(sunshine::import::programs::import(&request)?, "个专业"))
        }
        Args {
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
        } => Ok(print_outcome(
            sunshine::import::import(&sunshine::import::Request {
                force,
                sheet,
                reason,
                accept_late,
                ..sunshine::import::Request::new(file, root, year, month, as_of)
            })?,
            "个单位的数据",
        )),
        // clap requires --month and --as-of without --programs; said again rather than assumed.
        Args { .. } => Err(Error::Usage(
            "导入月报要写 --month 和 --as-of — 写成 --month 8 --as-of 2024-08-15\n查看用法：sunshine import --help"
                .into(),
        )),
    }
}

/// Prints what an import did; `what` counts the rows written (个单位的数据, 个专业).
fn print_outcome(outcome: sunshine::import::Outcome, what: &str) -> ExitCode {
    use sunshine::import::Outcome;
    match &outcome {
        refusal @ Outcome::Refused { diagnostics, notes, .. } => {
            for n in notes {
                eprintln!("{n}");
            }
            print_diagnostics(diagnostics, MAX_PRINTED, false);
            if let Some(next) = refusal.next_step() {
                eprintln!("{next}");
            }
            ExitCode::from(1)
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
            ExitCode::SUCCESS
        }
        Outcome::Written {
            path,
            rows,
            diagnostics,
            notes,
            placeholders,
        } => {
            for n in notes {
                println!("{n}");
            }
            print_diagnostics(diagnostics, MAX_PRINTED, false);
            if *placeholders == 0 {
                println!("已导入 {rows} {what}到 {path}，全站检查通过。");
            } else {
                println!(
                    "已导入 {rows} {what}到 {path}，导入的数据检查通过；站点里还有 {placeholders} 处 sunshine new 写的示例内容（如“某某市”、电话 0000-00000000），换成真实内容之前 sunshine build 不会生成网站，sunshine check 逐一列出。"
                );
            }
            ExitCode::SUCCESS
        }
    }
}
