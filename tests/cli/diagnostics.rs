//! What a clerk reads: the full stderr of every diagnostic rule, pinned with insta snapshots
//! (tests/cli/snapshots/). A changed message shows up as a snapshot diff, reviewed like code:
//! `cargo insta review`, or `INSTA_UPDATE=always cargo test` and read the diff.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::TestSite;
use sunshine::diagnostics::rules;

/// Runs sunshine in `dir` with `args` (paths in messages stay relative) and returns what a
/// person sees: the exit code, then stdout and stderr.
fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        // The date a correction made now is given (the [[correction]] to paste, import's published).
        .env("SOURCE_DATE_EPOCH", "1725321600")
        .output()
        .expect("the binary runs");
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn check(site: &TestSite) -> String {
    run_in(site.root(), &["check", "--root", "."])
}

#[test]
fn errors_found_while_reading_files() {
    let site = TestSite::new("broken/load");
    #[cfg(unix)]
    std::os::unix::fs::symlink("../quotas.toml", site.root().join("data/2024/reports/2024-09.toml")).unwrap();
    // A name that would plant a line of its own in `--changes`.
    #[cfg(unix)]
    {
        std::fs::create_dir_all(site.root().join("static")).unwrap();
        std::fs::write(site.root().join("static/a\nD\tb.pdf"), "x").unwrap();
    }
    insta::assert_snapshot!("load", check(&site));
}

#[test]
fn full_width_characters_typed_with_a_chinese_input_method() {
    let site = TestSite::new("valid");
    site.replace(
        "data/2024/reports/2024-07.toml",
        "three_year = 100",
        "three_year = ５２０",
    );
    site.replace(
        "data/2024/reports/2024-07.toml",
        "as_of = 2024-07-15",
        "as_of = ２０２４－０７－１５",
    );
    site.replace("data/units.toml", "name = \"东区\"", "name = “东区”");
    site.replace("data/2024/quotas.toml", "quota = 400", "quota ＝ 400");
    site.replace_nth("data/2024/quotas.toml", "[[quota]]", "【【quota】】", 2);
    site.replace(
        "data/site.toml",
        "people = [\"张三\", \"李四\"]",
        "people = [\"张三\"，\"李四”]",
    );
    insta::assert_snapshot!("full-width", check(&site));
}

#[test]
fn errors_found_by_the_rules_of_the_contract() {
    let site = TestSite::new("broken/rules");
    // Past the 2 MB limit of a page body.
    site.write(
        "content/notices/long.md",
        format!("+++\ntitle = \"太长\"\n+++\n\n{}", "名单\n".repeat(400_000)),
    );
    insta::assert_snapshot!("rules", check(&site));
}

#[test]
fn errors_in_programs_admissions_and_page_categories() {
    let site = TestSite::new("broken/disclosure");
    insta::assert_snapshot!("disclosure", check(&site));
}

#[test]
fn identity_numbers_and_lists_of_students() {
    let site = TestSite::new("broken/privacy");
    insta::assert_snapshot!("privacy", check(&site));
}

#[test]
fn errors_in_measures_the_blacklist_and_quota_adjustments() {
    let site = TestSite::new("broken/enforcement");
    insta::assert_snapshot!("enforcement", check(&site));
}

#[test]
fn a_declared_total_that_is_not_the_sum() {
    let site = TestSite::new("valid");
    site.replace("data/2024/quotas.toml", "total = 1600", "total = 1601");
    insta::assert_snapshot!("quota-total", check(&site));
}

#[test]
fn a_publish_destination_that_would_be_an_option_or_the_sites_own_folder() {
    let site = TestSite::new("valid");
    site.append("data/site.toml", "\n[publish]\ndestination = \"-vv\"\n");
    insta::assert_snapshot!("publish-destination", check(&site));
}

#[test]
fn a_base_url_that_is_only_a_path_is_said_once_at_build() {
    let site = TestSite::new("valid");
    let out = run_in(site.root(), &["build", "--root", ".", "--out", "public"]);
    assert_eq!(out.matches("规则 W07").count(), 1, "{out}");
    assert!(out.starts_with("exit code: 0"), "{out}");
    // What the clerk is told (the summary line carries the build's duration).
    let (_, stderr) = out.split_once("--- stderr\n").unwrap();
    insta::assert_snapshot!("base-url", stderr);
}

#[test]
fn a_published_quota_changed_without_an_adjustment() {
    let site = TestSite::new("valid");
    assert!(run_in(site.root(), &["build", "--root", ".", "--out", "public", "--quiet"]).starts_with("exit code: 0"));
    site.replace(
        "data/2024/quotas.toml",
        "unit = \"city-tech\"\nquota = 500",
        "unit = \"city-tech\"\nquota = 520",
    );
    site.replace("data/2024/quotas.toml", "total = 1600", "total = 1620");
    let out = run_in(site.root(), &["build", "--root", ".", "--out", "public"]);
    let (_, stderr) = out.split_once("--- stderr\n").unwrap();
    insta::assert_snapshot!("published-quota-changed", stderr);
}

#[test]
fn corrections_and_published_figures() {
    let site = TestSite::new("valid");
    let august = "data/2024/reports/2024-08.toml";
    site.append(
        august,
        "\n[[correction]]\nunit = \"east\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { total = 1 }\n\
         \n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-08-01\nreason = \"误填\"\nwas = { three_year = 250 }\n\
         \n[[correction]]\nunit = \"east-school-b\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = {}\n",
    );
    insta::assert_snapshot!("corrections", check(&site));

    let site = TestSite::new("valid");
    assert!(run_in(site.root(), &["build", "--root", ".", "--out", "public", "--quiet"]).starts_with("exit code: 0"));
    site.change_august_row();
    let text = site.read(august);
    let start = text.find("[[row]]\nunit = \"others\"").unwrap();
    site.write(august, &text[..start]);
    insta::assert_snapshot!(
        "published-changed",
        run_in(site.root(), &["build", "--root", ".", "--out", "public"])
    );
    site.write(august, text);
    site.write(
        "form.csv",
        format!("{FORM_HEADER}1,东区第一职业中专,400,321,251,40,20,10,2024-08-10\n"),
    );
    insta::assert_snapshot!(
        "import-published",
        run_in(
            site.root(),
            &[
                "import",
                "form.csv",
                "--year",
                "2024",
                "--month",
                "8",
                "--as-of",
                "2024-08-15",
                "--force",
                "--root",
                "."
            ],
        )
    );
}

#[test]
fn a_placeholder_left_in_a_pasted_record() {
    let site = TestSite::new("valid");
    site.append(
        "data/2024/reports/2024-08.toml",
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"（写明更正原因）\"\nwas = { three_year = 249 }\n",
    );
    insta::assert_snapshot!("placeholder", check(&site));
}

/// A site as `sunshine new` writes it, in `dir`/site, and the year it is for.
fn new_site(dir: &tempfile::TempDir) -> (std::path::PathBuf, String) {
    let site = dir.path().join("site");
    let out = run_in(dir.path(), &["new", "site"]);
    assert!(out.starts_with("exit code: 0\n"), "{out}");
    let year = std::fs::read_dir(site.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.len() == 4)
        .unwrap();
    (site, year)
}

#[test]
fn a_new_site_is_not_built_until_every_stand_in_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (site, year) = new_site(&dir);
    // Every stand-in, where it stands and what to write, and the missing complaint channel:
    // build and check (also with --strict) refuse alike and write nothing.
    let build = run_in(&site, &["build", "--root", "."]).replace(&year, "<year>");
    insta::assert_snapshot!("new-site", build);
    assert!(!site.join("public").exists());
    let check = run_in(&site, &["check", "--strict", "--root", "."]).replace(&year, "<year>");
    assert!(check.starts_with("exit code: 1\n"), "{check}");
    assert_eq!(check.matches("\nerror: ").count(), 15, "{check}");
    // Each stand-in replaced, a complaint phone written: it builds, and no stand-in is published.
    crate::common::replace_placeholders(&site);
    let build = run_in(&site, &["build", "--root", "."]);
    assert!(build.starts_with("exit code: 0\n"), "{build}");
    let contact = std::fs::read_to_string(site.join("public/contact/index.html")).unwrap();
    assert!(
        contact.contains("<a href=\"tel:0371-66983800\">0371-66983800</a>"),
        "{contact}"
    );
    for page in [
        "index.html",
        "contact/index.html",
        &format!("notices/{year}-1/index.html"),
    ] {
        let html = std::fs::read_to_string(site.join("public").join(page)).unwrap();
        for stand_in in sunshine::placeholders::ALL {
            assert!(!html.contains(stand_in.text), "{page} shows {}", stand_in.text);
        }
        assert!(!html.contains("举报渠道公布后将在此列出"), "{page}");
    }
}

#[test]
fn a_round_published_long_ago_with_nothing_to_compare_it_with() {
    let site = TestSite::new("valid");
    site.replace(
        "data/2024/reports/2024-08.toml",
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\npublished = 2024-08-16",
    );
    insta::assert_snapshot!("published-unverifiable", check(&site));
}

/// The published record (`published.lock`, issue 26): a round relabelled as sample, a year
/// removed, a district given its own row, a record edited by hand, and a record that disagrees
/// with the site in `--out`.
#[test]
fn the_published_record() {
    let build = |site: &TestSite| run_in(site.root(), &["build", "--root", ".", "--out", "public"]);
    let stderr = |out: String| out.split_once("--- stderr\n").unwrap().1.to_string();
    let built = || {
        let site = TestSite::new("valid");
        assert!(build(&site).starts_with("exit code: 0"));
        site
    };
    let site = built();
    site.mark_sample(8);
    site.append(
        "data/2024/reports/2024-07.toml",
        "\n[[row]]\nunit = \"east\"\nthree_year = 300\nthree_plus_two = 50\nfive_year = 10\none_year = 20\ntotal = 380\n",
    );
    insta::assert_snapshot!("published-record", stderr(build(&site)));
    let site = built();
    std::fs::remove_dir_all(site.root().join("data/2024")).unwrap();
    insta::assert_snapshot!("published-year-removed", stderr(build(&site)));
    let site = built();
    site.replace("published.lock", "quota.east = 1000", "quota.east = 999");
    insta::assert_snapshot!("published-record-edited", stderr(build(&site)));
    let site = built();
    let first = site.read("published.lock");
    site.change_august_row();
    site.append(
        "data/2024/reports/2024-08.toml",
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { three_year = 250, total = 320 }\n",
    );
    assert!(build(&site).starts_with("exit code: 0"));
    site.write("published.lock", first);
    insta::assert_snapshot!("published-record-disagrees", stderr(build(&site)));
    // The releases of the open data kept under the root (C17): one altered, one deleted.
    let site = built();
    site.change_august_row();
    site.append(
        "data/2024/reports/2024-08.toml",
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { three_year = 250, total = 320 }\n",
    );
    assert!(build(&site).starts_with("exit code: 0"));
    site.append("releases/2024-09-01/blacklist.csv", "x\r\n");
    insta::assert_snapshot!("release-altered", stderr(build(&site)));
    std::fs::remove_dir_all(site.root().join("releases/2024-09-01")).unwrap();
    insta::assert_snapshot!("release-deleted", stderr(build(&site)));
}

const FORM_HEADER: &str = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n";

fn import(site: &TestSite, csv: &str, month: &str) -> String {
    site.write("form.csv", format!("{FORM_HEADER}{csv}"));
    let as_of = format!("2024-{month}-15");
    run_in(
        site.root(),
        &[
            "import", "form.csv", "--year", "2024", "--month", month, "--as-of", &as_of, "--root", ".",
        ],
    )
}

#[test]
fn import_messages_speak_of_the_sheets_cells() {
    let site = TestSite::new("valid");
    let cells = "1,东区第一职业中专,400,100,-5,0,0,0,2024-09-10\n\
                 2,东区第三职业中专,500,10,10,0,0,0,2024-09-10\n\
                 3,示例市技术学校,500,,200,0,0,0,2024-09-10\n";
    insta::assert_snapshot!("import-cells", import(&site, cells, "09"));
    // A figure that fell since August, a unit left out: found by the site check, said at the cell.
    let cells = "1,东区第一职业中专,400,300,250,40,10,0,2024-09-10\n";
    insta::assert_snapshot!("import-site-check", import(&site, cells, "09"));
    insta::assert_snapshot!("import-exists", import(&site, cells, "08"));
}

#[test]
fn import_warns_of_a_sheet_sent_again_early_dates_and_an_older_round() {
    let site = TestSite::new("valid");
    // August's figures again, one form dated before August's deadline.
    let cells = "1,东区第一职业中专,400,320,250,40,20,10,2024-08-10\n\
                 2,东区第二职业中专,500,400,300,60,10,30,2024-09-11\n\
                 3,示例市技术学校,500,550,400,100,30,20,2024-09-15\n\
                 4,其他学校,100,70,60,10,0,0,2024-09-13\n";
    insta::assert_snapshot!("import-warnings", import(&site, cells, "09"));
    let cells = "1,东区第一职业中专,400,100,80,10,5,5,2024-06-10\n";
    insta::assert_snapshot!("import-older-round", import(&site, cells, "06"));
}

#[test]
fn import_into_a_year_without_quotas_or_for_a_unit_without_one() {
    let site = TestSite::new("valid");
    site.replace(
        "data/2024/quotas.toml",
        "[[quota]]\nunit = \"others\"\nquota = 100\n",
        "",
    );
    site.replace("data/2024/quotas.toml", "total = 1600", "total = 1500");
    let cells = "1,其他学校,100,10,10,0,0,0,2024-09-10\n";
    insta::assert_snapshot!("import-no-quota-unit", import(&site, cells, "09"));
    let empty = TestSite::new("bare");
    insta::assert_snapshot!("import-no-quotas", import(&empty, cells, "09"));
}

const PROGRAMS_HEADER: &str =
    "单位名称,专业名称,专业代码,招生类型,计划招生人数,学制（年）,学费（元/年）,合作院校,备注\n";

fn import_programs(site: &TestSite, csv: &str, extra: &[&str]) -> String {
    site.write("programs.csv", format!("{PROGRAMS_HEADER}{csv}"));
    let mut args = vec!["import", "programs.csv", "--year", "2024", "--root", "."];
    args.extend_from_slice(extra);
    run_in(site.root(), &args)
}

#[test]
fn import_of_the_programs_form_speaks_of_the_sheets_cells() {
    let site = TestSite::new("valid");
    let cells = "东区第一职业中专,护理,72020,中专,200,3,0,,\n\
                 东区第一职业中专,,730301,3+2,200,5,2000,示例职业技术学院,\n\
                 东区第二职业中专,护理,720201,三年,300,3,免学费,,\n\
                 东区第二职业中专,计算机应用,710201,五年一贯制,20.5,5,,示例职业技术学院,\n\
                 示例市技术学较,计算机应用,710201,中专,300,3,0,,\n\
                 示例市技术学校,数控技术应用,660103,一年制,,9,-5,,\n\
                 示例市技术学校,计算机应用,710201,中专,300,3,0,,\n\
                 示例市技术学校,计算机应用,,中专,10,,,,\n\
                 ,数控技术应用,660103,一年制,150,1,5,,\n\
                 其他学校,护理,,,0,1,5,,\n";
    insta::assert_snapshot!(
        "import-programs-cells",
        import_programs(&site, cells, &["--programs", "--force"])
    );
    // Plans that differ from a quota: warned at the unit's first cell, and written.
    let cells = "东区第一职业中专,护理,720201,中专,300,3,0,,\n\
                 其他学校,护理,720201,中专,100,3,0,,\n";
    insta::assert_snapshot!(
        "import-programs-site-check",
        import_programs(&site, cells, &["--force"])
    );
    insta::assert_snapshot!("import-programs-exists", import_programs(&site, cells, &[]));
    insta::assert_snapshot!(
        "import-programs-with-month",
        import_programs(&site, cells, &["--month", "9", "--as-of", "2024-09-15"])
    );
}

#[test]
fn warnings_about_figures_and_a_broken_template() {
    let site = TestSite::new("broken/warnings");
    insta::assert_snapshot!(
        "warnings",
        run_in(site.root(), &["build", "--root", ".", "--out", "public"])
    );
}

#[test]
fn warnings_are_errors_with_strict() {
    let site = TestSite::new("broken/warnings");
    site.remove("templates/page.html");
    insta::assert_snapshot!("strict", run_in(site.root(), &["check", "--root", ".", "--strict"]));
}

#[test]
fn files_that_must_exist() {
    let site = TestSite::new("broken/missing");
    insta::assert_snapshot!("missing", check(&site));
    let empty = tempfile::tempdir().unwrap();
    insta::assert_snapshot!("no-data", run_in(empty.path(), &["check", "--root", "."]));
    let site = TestSite::new("broken/no-units");
    insta::assert_snapshot!("no-units", check(&site));
}

#[test]
fn import_and_form_outside_a_site_say_there_is_no_data_folder() {
    // A clerk in the folder of the returned forms, not in the site's: what build and check say.
    let here = tempfile::tempdir().unwrap();
    std::fs::write(
        here.path().join("form.csv"),
        format!("{FORM_HEADER}1,其他学校,100,10,10,0,0,0,2024-09-10\n"),
    )
    .unwrap();
    insta::assert_snapshot!(
        "import-no-data",
        run_in(
            here.path(),
            &[
                "import",
                "form.csv",
                "--year",
                "2024",
                "--month",
                "9",
                "--as-of",
                "2024-09-15"
            ]
        )
    );
    std::fs::write(
        here.path().join("programs.csv"),
        format!("{PROGRAMS_HEADER}其他学校,护理,,中专,100,,,,\n"),
    )
    .unwrap();
    let programs = run_in(here.path(), &["import", "programs.csv", "--year", "2024", "--programs"]);
    assert!(programs.contains("error: data:1:1: 找不到 data/ 目录"), "{programs}");
    assert!(!programs.contains("请改正表格"), "{programs}");
    let form = run_in(here.path(), &["form", "--year", "2024"]);
    assert!(form.contains("error: data:1:1: 找不到 data/ 目录"), "{form}");
    assert!(!here.path().join("招生情况统计表-2024.xlsx").exists());
}

#[test]
fn help_of_every_command() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::assert_snapshot!("help", run_in(here, &["--help"]));
    for command in ["build", "check", "serve", "new", "import", "form"] {
        insta::assert_snapshot!(format!("help-{command}"), run_in(here, &[command, "--help"]));
    }
}

/// Rules that no fixture can trigger from the command line, and the test that covers each.
const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    ("X02", "a write that fails mid-build: tests/output_guard.rs"),
    ("X03", "the preview's own errors: src/serve/mod.rs unit tests"),
    (
        "X04",
        "a row serde cannot write, a bug of ours and never of the data: src/render/opendata/mod.rs unit tests",
    ),
    (
        "W11",
        "retired by issue 26: a round published long ago with no record is refused (C14)",
    ),
];

#[test]
fn every_rule_is_pinned_by_a_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/snapshots");
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        // Only the committed snapshots: insta may write and remove pending `.snap.new` files
        // here while other tests run.
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "snap") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        for rule in rules::ALL {
            if text.contains(&format!("规则 {}", rule.code)) {
                seen.insert(rule.code);
            }
        }
    }
    let missing: Vec<_> = rules::ALL
        .iter()
        .filter(|r| !seen.contains(r.code) && !COVERED_ELSEWHERE.iter().any(|(c, _)| *c == r.code))
        .map(|r| format!("{} {}", r.code, r.summary))
        .collect();
    assert!(missing.is_empty(), "rules without a snapshot: {missing:#?}");
}
