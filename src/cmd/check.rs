//! `sunshine check`: the data checked as `build` checks it (with the published figures), nothing
//! written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sunshine::Error;

use super::{print_diagnostics, why_refused};

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
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
}

pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    check(&args.root, &out, args.strict, args.quiet)
}

fn check(root: &Path, out: &Path, strict: bool, quiet: bool) -> Result<ExitCode, Error> {
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
