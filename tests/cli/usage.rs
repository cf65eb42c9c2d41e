//! A mistyped command line: the first line says in Chinese what is wrong and how to write it,
//! the last points to `sunshine <命令> --help`, and the exit code is 2. Help and version exit 0.

use std::process::Command;

/// Runs sunshine with `args` in an empty folder: (exit code, stdout, stderr).
fn sunshine(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Exit 2, `first` as the first line of stderr, `help` as its last.
fn refused(args: &[&str], first: &str, help: &str) {
    let (code, _, stderr) = sunshine(args);
    assert_eq!(code, 2, "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.first().copied(), Some(first), "{stderr}");
    assert_eq!(lines.last().copied(), Some(help), "{stderr}");
}

/// `sunshine import x.xlsx --year 2024 --month M --as-of D`.
fn import<'a>(&[month, as_of]: &[&'a str; 2]) -> Vec<&'a str> {
    vec!["import", "x.xlsx", "--year", "2024", "--month", month, "--as-of", as_of]
}

const IMPORT_HELP: &str = "查看用法：sunshine import --help";

#[test]
fn a_missing_as_of_shows_how_to_write_it() {
    refused(
        &["import", "x.xlsx", "--year", "2024", "--month", "8"],
        "error: 缺少 --as-of — 写成 --as-of 2024-08-15（截止日期，年-月-日）",
        IMPORT_HELP,
    );
}

#[test]
fn a_missing_file_shows_where_it_goes() {
    refused(
        &["import", "--year", "2024", "--month", "8", "--as-of", "2024-08-15"],
        "error: 缺少表格文件 — 写成 sunshine import 统计表.xlsx --year 2024 --month 8 --as-of 2024-08-15（表格文件写在 import 后面）",
        IMPORT_HELP,
    );
}

#[test]
fn a_date_not_written_year_month_day_is_refused() {
    for bad in ["9/15", "2024-9-15"] {
        refused(
            &import(&["9", bad]),
            &format!(
                "error: --as-of {bad} 不是 年-月-日 格式的日期 — 日期写成 年-月-日，月和日都写两位，如 2024-09-15"
            ),
            IMPORT_HELP,
        );
    }
}

#[test]
fn a_day_that_does_not_exist_is_refused() {
    refused(
        &import(&["2", "2024-02-30"]),
        "error: --as-of 2024-02-30 不是存在的日期 — 日期写成 年-月-日，如 2024-09-15",
        IMPORT_HELP,
    );
}

#[test]
fn a_month_is_1_to_12_in_digits() {
    for bad in ["13", "0", "八"] {
        refused(
            &import(&[bad, "2024-08-15"]),
            &format!("error: --month {bad} 不是 1–12 的月份 — 月份写 1 到 12 的数字，如 --month 8"),
            IMPORT_HELP,
        );
    }
}

#[test]
fn a_year_is_four_digits() {
    refused(
        &["form", "--year", "24"],
        "error: --year 24 不是年份 — 年份写四位数字，如 --year 2024",
        "查看用法：sunshine form --help",
    );
}

#[test]
fn an_unknown_argument_suggests_the_close_one() {
    refused(
        &[
            "import",
            "x.xlsx",
            "--year",
            "2024",
            "--month",
            "8",
            "--as-of",
            "2024-08-15",
            "--forse",
        ],
        "error: 不认识的参数 --forse — 是否想写 --force？",
        IMPORT_HELP,
    );
}

#[test]
fn an_unknown_argument_without_a_close_one_says_the_command_has_none() {
    refused(
        &["check", "--zzz"],
        "error: 不认识的参数 --zzz — sunshine check 没有这个参数",
        "查看用法：sunshine check --help",
    );
}

#[test]
fn an_unknown_command_suggests_the_close_one_and_lists_them_all() {
    refused(
        &["biuld"],
        "error: 不认识的命令 biuld — 是否想写 build？",
        "查看用法：sunshine <命令> --help",
    );
    let (_, _, stderr) = sunshine(&["biuld"]);
    for command in ["build", "serve", "new", "import", "form", "check"] {
        assert!(
            stderr.lines().any(|l| l.trim_start().starts_with(command)),
            "{command} listed: {stderr}"
        );
    }
}

#[test]
fn a_bad_port_shows_how_to_write_it() {
    refused(
        &["serve", "--port", "abc"],
        "error: --port abc 写得不对 — 写成 --port 8000（端口，0–65535 的数字）",
        "查看用法：sunshine serve --help",
    );
}

#[test]
fn help_and_version_print_and_exit_0() {
    let (code, stdout, _) = sunshine(&["--version"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("sunshine "), "{stdout}");
    let (code, stdout, _) = sunshine(&["import", "--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--as-of"), "{stdout}");
}
