//! `sunshine build`: check the data, then render and write the site.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sunshine::diagnostics::Severity;
use sunshine::Error;

use super::{print_diagnostics, why_refused};
use crate::changes;

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
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
}

pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    let out = args.out.unwrap_or_else(|| args.root.join("public"));
    build(
        &args.root,
        &out,
        args.strict,
        args.quiet,
        (args.changes.as_deref(), args.since.as_deref()),
        args.history_starts_here.as_deref(),
    )
}

fn build(
    root: &Path,
    out: &Path,
    strict: bool,
    quiet: bool,
    (changes, since): (Option<&Path>, Option<&Path>),
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
        if let Some((name, first)) = &built.release {
            let first = if *first {
                "第一个版本（更新记录从这里开始）"
            } else {
                "新版本"
            };
            println!(
                "开放数据的{first} {name} 已保存到 releases/{name}/：请把 releases/ 和 published.lock 与数据一起提交。"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
