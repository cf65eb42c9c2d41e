//! `sunshine serve`: the local preview, rebuilt and reloaded in the browser on every edit, and
//! beside it the clerk's 工作台 (on a loopback address only).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use sunshine::Error;

// No doc comment here: clap would take it for the command's help, which is the variant's in main.rs.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 站点根目录 (site root)
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// 端口；0 表示任选一个空闲端口 (port; 0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// 监听地址；默认只允许本机访问 (address to listen on)
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// 只在有问题时输出 (print only problems)
    #[arg(long, short)]
    quiet: bool,
    /// 不自动在浏览器中打开工作台（默认在终端里运行时打开） (do not open the 工作台 in the browser)
    #[arg(long)]
    no_open: bool,
}

/// Returns only with an error: the preview runs until Ctrl+C ends the process.
pub(crate) fn run(args: Args) -> Result<ExitCode, Error> {
    let addr = SocketAddr::new(args.bind, args.port);
    let never = sunshine::workbench::serve(&args.root, addr, args.quiet, |bound, workbench| {
        use std::io::{IsTerminal, Write};
        let line = match &workbench {
            Some(path) => {
                format!("工作台：http://{bound}{path}  （不用命令行导入报表、发布网站；地址里有密钥，不要发给别人）")
            }
            None => "工作台只在本机地址上提供（不写 --bind，或 --bind 127.0.0.1）。".to_string(),
        };
        // One write, so that a reader of the first line gets both; a closed output is no reason to stop.
        let both = format!(
            "预览地址：http://{bound}/  （按 Ctrl+C 停止；修改 data/、content/、templates/、static/ 后自动刷新）\n{line}\n"
        );
        let _ = std::io::stdout().write_all(both.as_bytes());
        let _ = std::io::stdout().flush();
        // Opened for a clerk at a terminal only (never under a test or a script reading the
        // address); where no browser can be opened, the printed address is the way in.
        if let Some(path) = workbench.filter(|_| !args.no_open && std::io::stdout().is_terminal()) {
            if opener::open_browser(format!("http://{bound}{path}")).is_err() {
                println!("没能自动打开浏览器：请复制上面工作台的地址到浏览器中打开。");
            }
        }
    })?;
    match never {}
}
