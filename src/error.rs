//! The one error type of the library and the command line: every failure that stops a command,
//! with the exit code the README promises and the message a clerk reads after `error: `.
//!
//! Problems in the data are not errors here: they are diagnostics, printed by the caller; only
//! a failure that leaves nothing to report per file (a folder that cannot be read, an output
//! folder that is unsafe, a mistyped command) is an [`Error`].

use std::fmt;
use std::path::PathBuf;

use crate::{load, output, render};

/// Why a command stopped. The `Display` is the message after `error: ` (the caller adds it).
#[derive(Debug)]
pub enum Error {
    /// The site's files could not be read (check, form, import, serve).
    Load(load::IoError),
    /// The same while building: the message says it was reading that failed.
    BuildLoad(load::IoError),
    /// `--out` may not receive the site; nothing was written.
    Out(output::OutRefused),
    /// Writing the site failed; the previous site in `--out` is unchanged.
    Write(output::WriteError),
    /// Rendering failed: templates that did not render, or a file the sink could not take.
    Render(render::RenderError),
    /// The command line was mistyped (clap, or a check of the arguments' values together).
    Usage(String),
    /// `sunshine new` was given a folder that has files in it.
    NotEmpty(PathBuf),
    /// A file outside the site's data could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// Why, as the system said it.
        error: std::io::Error,
        /// What the clerk can do, after ` — `.
        hint: Option<&'static str>,
    },
    /// Files `sunshine form` would replace; nothing was written.
    FormExists(Vec<String>),
    /// The blank form could not be made as an .xlsx workbook.
    Form {
        /// The form's file.
        path: PathBuf,
        /// What the workbook writer said.
        error: String,
    },
    /// `sunshine form --year` names a year without quotas: a fault of the data (exit 1).
    NoQuotas(i32),
    /// The preview server could not start or watch the folders.
    Serve(String),
}

impl Error {
    /// The process exit code: 1 when the data or content is at fault, 2 for usage, I/O and an
    /// unsafe output folder (see README).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::NoQuotas(_) | Error::Render(render::RenderError::Templates(_)) => 1,
            _ => 2,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Load(e) => write!(f, "{e}"),
            Error::BuildLoad(e) => write!(f, "读取失败 {e}"),
            Error::Out(e) => write!(f, "{e}"),
            Error::Write(e) => write!(
                f,
                "写入失败 {e}；原来的网站保持原样 — 检查磁盘空间和输出目录的写入权限后重新生成"
            ),
            Error::Render(render::RenderError::Templates(errors)) => {
                write!(f, "模板有 {} 个错误，没有生成网站", errors.len())
            }
            Error::Render(render::RenderError::Io(path, error)) => write!(
                f,
                "写入失败 {path}: {error}；原来的网站保持原样 — 检查磁盘空间和输出目录的写入权限后重新生成"
            ),
            Error::Usage(message) | Error::Serve(message) => write!(f, "{message}"),
            Error::NotEmpty(dir) => write!(
                f,
                "{} 不是空目录，没有写入任何文件 — 换一个新目录名",
                dir.display()
            ),
            Error::Io { path, error, hint } => {
                write!(f, "{}: {error}", path.display())?;
                match hint {
                    Some(hint) => write!(f, " — {hint}"),
                    None => Ok(()),
                }
            }
            Error::FormExists(paths) => write!(
                f,
                "{} 已经存在，没有覆盖，没有写入任何文件 — 如果它是各单位交回的表格，请先移走；确认要用空白表格替换它，就加上 --force；或用 --out 另选文件名",
                paths.join("、")
            ),
            Error::Form { path, error } => write!(f, "{}: {error}", path.display()),
            Error::NoQuotas(year) => write!(
                f,
                "data/{year}/quotas.toml 不存在，{year} 年没有招生任务 — 先写招生任务再生成表格"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<load::IoError> for Error {
    fn from(e: load::IoError) -> Self {
        Error::Load(e)
    }
}

impl From<output::OutRefused> for Error {
    fn from(e: output::OutRefused) -> Self {
        Error::Out(e)
    }
}

impl From<output::WriteError> for Error {
    fn from(e: output::WriteError) -> Self {
        Error::Write(e)
    }
}

impl From<render::RenderError> for Error {
    fn from(e: render::RenderError) -> Self {
        Error::Render(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fault_of_the_data_exits_with_1() {
        assert_eq!(Error::NoQuotas(2024).exit_code(), 1);
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(Error::NotEmpty(PathBuf::from("d")).exit_code(), 2);
        assert_eq!(Error::Serve("x".into()).exit_code(), 2);
    }
}
