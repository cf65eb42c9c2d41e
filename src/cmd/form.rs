//! `sunshine form`: the blank forms of a year (the monthly form and the programs form) for the
//! units to fill in.

use std::path::PathBuf;
use std::process::ExitCode;

use sunshine::diagnostics::Diagnostic;
use sunshine::Error;

use super::print_diagnostics;

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 年度 (year)
    #[arg(long, value_parser = crate::usage::year)]
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
}

pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    let Args { year, out, root, force } = args;
    let checked = sunshine::check(&root)?;
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
