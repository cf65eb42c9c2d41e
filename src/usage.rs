//! A mistyped command line, said in Chinese (part of the binary, not the library): clap's
//! errors become a first line that names the argument and shows how to write it, and a last
//! line that points to `sunshine <命令> --help`. The value parsers here say what is wrong with a
//! value in the same words.

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// `--as-of`: only 年-月-日 with two-digit month and day, so that `9/15` or `2024-9-15` (which
/// could be read more than one way by a clerk's eye) is refused rather than guessed.
pub(crate) fn date(value: &str) -> Result<chrono::NaiveDate, String> {
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err("不是 年-月-日 格式的日期 — 日期写成 年-月-日，月和日都写两位，如 2024-09-15".into());
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| "不是存在的日期 — 日期写成 年-月-日，如 2024-09-15".into())
}

/// `--month`: 1 to 12, written as a number.
pub(crate) fn month(value: &str) -> Result<u32, String> {
    match value.trim().parse::<u32>() {
        Ok(m) if (1..=12).contains(&m) => Ok(m),
        _ => Err("不是 1–12 的月份 — 月份写 1 到 12 的数字，如 --month 8".into()),
    }
}

/// `--year`: a four-digit year.
pub(crate) fn year(value: &str) -> Result<i32, String> {
    match value.trim().parse::<i32>() {
        Ok(y) if (1000..=9999).contains(&y) => Ok(y),
        _ => Err("不是年份 — 年份写四位数字，如 --year 2024".into()),
    }
}

/// How an argument is written, with an example and what it means.
fn example(arg: &str) -> Option<&'static str> {
    Some(match arg {
        "--as-of" => "--as-of 2024-08-15（截止日期，年-月-日）",
        "--year" => "--year 2024（年度）",
        "--month" => "--month 8（月份，1–12）",
        "--port" => "--port 8000（端口，0–65535 的数字）",
        "--bind" => "--bind 127.0.0.1（IP 地址）",
        "--root" => "--root 站点目录",
        "--out" => "--out 输出位置",
        "--sheet" => "--sheet 工作表名称",
        "<FILE>" => "sunshine import 统计表.xlsx --year 2024 --month 8 --as-of 2024-08-15（表格文件写在 import 后面）",
        "<DIR>" => "sunshine new 新站点目录",
        _ => return None,
    })
}

/// What a missing argument is, for the first line (`缺少 …`).
fn missing_name(arg: &str) -> String {
    match arg {
        "<FILE>" => "表格文件".into(),
        "<DIR>" => "新站点的目录".into(),
        _ => arg.to_string(),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// `--as-of <AS_OF>` -> `--as-of`; `<FILE>` stays.
fn arg_name(shown: &str) -> &str {
    shown.split([' ', '=']).next().unwrap_or(shown)
}

/// The subcommand the clerk typed, if any: the first argument that names one.
fn subcommand(args: &[std::ffi::OsString]) -> Option<String> {
    let command = <crate::Cli as clap::CommandFactory>::command();
    args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        command
            .get_subcommands()
            .find(|s| s.get_name() == a)
            .map(|s| s.get_name().to_string())
    })
}

/// `  build   检查数据并生成网站到 public/`, one line a command, without the English gloss.
fn command_list() -> String {
    let command = <crate::Cli as clap::CommandFactory>::command();
    command
        .get_subcommands()
        .map(|s| {
            let about = s.get_about().map(ToString::to_string).unwrap_or_default();
            let about = about.split(" (").next().unwrap_or_default().to_string();
            format!("  {:<7} {about}", s.get_name())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole message after `error: `: what is wrong and how to write it, then where the help is.
pub(crate) fn message(e: &clap::Error, args: &[std::ffi::OsString]) -> String {
    let command = subcommand(args);
    let first = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing = context(e, ContextKind::InvalidArg);
            let names: Vec<String> = missing.iter().map(|m| missing_name(arg_name(m))).collect();
            let examples: Vec<&str> = missing.iter().filter_map(|m| example(arg_name(m))).collect();
            // `缺少 --as-of` but `缺少表格文件`: a space only before an option's name.
            let gap = if names.first().is_some_and(|n| n.starts_with('-')) {
                " "
            } else {
                ""
            };
            format!("缺少{gap}{} — 写成 {}", names.join("、"), examples.join(" "))
        }
        ErrorKind::ValueValidation | ErrorKind::InvalidValue => {
            let arg = context(e, ContextKind::InvalidArg).concat();
            let arg = arg_name(&arg);
            let value = context(e, ContextKind::InvalidValue).concat();
            match std::error::Error::source(e) {
                // Our own parsers already say what is wrong and how to write it.
                Some(why) if matches!(arg, "--as-of" | "--month" | "--year") => format!("{arg} {value} {why}"),
                _ => match example(arg) {
                    Some(how) => format!("{arg} {value} 写得不对 — 写成 {how}"),
                    None => format!("{arg} {value} 写得不对"),
                },
            }
        }
        ErrorKind::UnknownArgument => {
            let arg = context(e, ContextKind::InvalidArg).concat();
            let place = command
                .as_deref()
                .map_or("sunshine".to_string(), |c| format!("sunshine {c}"));
            match context(e, ContextKind::SuggestedArg).first() {
                Some(close) => format!("不认识的参数 {arg} — 是否想写 {close}？"),
                None => format!("不认识的参数 {arg} — {place} 没有这个参数"),
            }
        }
        ErrorKind::InvalidSubcommand => {
            let typed = context(e, ContextKind::InvalidSubcommand).concat();
            let close = context(e, ContextKind::SuggestedSubcommand);
            let ask = close
                .first()
                .map_or("sunshine 没有这个命令".to_string(), |c| format!("是否想写 {c}？"));
            format!("不认识的命令 {typed} — {ask}\n命令有：\n{}", command_list())
        }
        ErrorKind::MissingSubcommand => format!("缺少命令 — 命令有：\n{}", command_list()),
        ErrorKind::TooManyValues => {
            let arg = context(e, ContextKind::InvalidArg).concat();
            format!("{} 后面不能跟值 — 只写 {}", arg_name(&arg), arg_name(&arg))
        }
        ErrorKind::ArgumentConflict => {
            let arg = context(e, ContextKind::InvalidArg).concat();
            format!("{} 写了不止一次，或与别的参数冲突 — 只写一次", arg_name(&arg))
        }
        // Kinds sunshine's arguments cannot produce today; clap's own first line is kept.
        _ => {
            let text = e.to_string();
            let line = text.lines().next().unwrap_or_default();
            format!("命令写得不对：{}", line.trim_start_matches("error: "))
        }
    };
    let help = match command {
        Some(c) => format!("查看用法：sunshine {c} --help"),
        None => "查看用法：sunshine <命令> --help".to_string(),
    };
    format!("{first}\n{help}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_taken_only_as_year_month_day_with_two_digits() {
        assert_eq!(
            date("2024-09-15"),
            Ok(chrono::NaiveDate::from_ymd_opt(2024, 9, 15).unwrap())
        );
        assert!(date("2024-9-15").is_err());
        assert!(date("9/15").is_err());
        assert!(date("2024/09/15").is_err());
        assert!(date("2024-02-30").unwrap_err().starts_with("不是存在的日期"));
    }

    #[test]
    fn a_month_is_a_number_from_1_to_12() {
        assert_eq!(month("8"), Ok(8));
        assert!(month("0").is_err());
        assert!(month("13").is_err());
        assert!(month("八").is_err());
    }
}
