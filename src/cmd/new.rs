//! `sunshine new`: a fresh site whose examples the bureau replaces with its own.

use std::path::PathBuf;
use std::process::ExitCode;

use sunshine::Error;

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 新站点的目录，必须不存在或为空 (an empty or new folder)
    dir: PathBuf,
}

pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    use chrono::Datelike;
    let dir = &args.dir;
    let year = chrono::Local::now().year();
    sunshine::scaffold::new_site(dir, year)?;
    println!("已新建站点 {}。下一步：", dir.display());
    println!("  1. 修改 data/site.toml、data/units.toml、data/{year}/quotas.toml；");
    println!("  2. data/{year}/reports/{year}-07.toml 是示例月报（示例数据），导入第一份真实月报前删掉它；");
    println!("  3. sunshine serve --root {} 预览；", dir.display());
    println!("  4. sunshine build --root {} 生成网站到 public/。", dir.display());
    Ok(ExitCode::SUCCESS)
}
