//! The published record (`published.lock`, issue 26): what a build published is kept with the
//! data, so that the guard against changing published figures cannot be dodged by deleting or
//! editing the output folder, by relabelling a round as sample data, by removing a year, or by
//! changing what the guard used not to compare (rolled-up figures, city totals).

use crate::common::{files_with_bytes, Run, TestSite};

const AUGUST: &str = "data/2024/reports/2024-08.toml";
const LOCK: &str = "published.lock";

fn build(site: &TestSite, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--quiet"];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// The valid fixture built once into public/: both rounds are published as official figures.
fn published_site() -> TestSite {
    let site = TestSite::new("valid");
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join(LOCK).is_file());
    site
}

/// Runs `build` and asserts it refused: exit 1, nothing in `public/` nor the record changed.
fn assert_refused(site: &TestSite, extra: &[&str]) -> Run {
    let public = site.root().join("public");
    let (before, lock) = (files_with_bytes(&public), site.read(LOCK));
    let run = build(site, extra);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("没有生成网站"), "{}", run.stderr);
    assert!(files_with_bytes(&public) == before, "public/ changed");
    assert_eq!(site.read(LOCK), lock, "the record changed");
    run
}

/// East-school-a's August row changed: 中专 250 → 251, total 320 → 321.
fn refused_at_august_row(run: &Run, site: &TestSite) {
    run.assert_error(
        &site.at(AUGUST, "251", 0),
        &["\"east-school-a\"", "原为 250，现为 251", "规则 C05"],
    );
}

#[test]
fn a_round_published_as_official_may_not_become_sample_data() {
    let site = published_site();
    site.mark_sample(8);
    let run = assert_refused(&site, &[]);
    run.assert_error(
        &format!("{AUGUST}:1:1"),
        &["8 月的月报已经作为正式数据公布过", "sample = true", "规则 C11"],
    );
    assert!(
        run.stderr.contains("[[withdrawal]]\n    year = 2024\n    month = 8"),
        "{}",
        run.stderr
    );
    // `check` says the same before anything is built.
    assert_eq!(site.check().code, 1);
    // A recorded withdrawal of the round lets it become sample data, and it stays sample.
    site.append(
        "data/site.toml",
        "\n[[withdrawal]]\nyear = 2024\nmonth = 8\ndate = 2024-09-10\nreason = \"8 月的数字未经核实，撤回\"\n",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read(LOCK).contains("[year.2024.round.8]\nsample = true\n"));
}

#[test]
fn the_open_data_of_the_last_build_deleted_still_leaves_the_record() {
    let site = published_site();
    std::fs::remove_file(site.root().join("public/data/2024.json")).unwrap();
    site.change_august_row();
    let run = assert_refused(&site, &[]);
    refused_at_august_row(&run, &site);
}

#[test]
fn a_deleted_or_edited_manifest_or_a_fresh_out_still_compares_with_the_record() {
    let site = published_site();
    site.change_august_row();
    // A fresh --out: nothing written there.
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("site");
    let run = build(&site, &["--out", fresh.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    refused_at_august_row(&run, &site);
    assert!(!fresh.exists());
    // The manifest's generator edited, then the manifest deleted.
    let manifest = site.root().join("public/sunshine-manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replacen("sunshine", "hugo", 1)).unwrap();
    refused_at_august_row(&build(&site, &[]), &site);
    std::fs::remove_file(&manifest).unwrap();
    refused_at_august_row(&build(&site, &[]), &site);
    assert!(!manifest.exists());
}

#[test]
fn a_clean_clone_without_public_still_refuses_a_changed_published_figure() {
    let site = published_site();
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    site.change_august_row();
    let run = assert_refused(&site, &[]);
    refused_at_august_row(&run, &site);
    assert!(!site.root().join("public").exists());
    // With the correction it builds, and the record keeps the corrected figures.
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"学校将当月新增数误填为累计数，已核实更正\"\nwas = { three_year = 250, total = 320 }\n",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read(LOCK).contains(
        "row.east-school-a = { status = \"reported\", three_year = 251, three_plus_two = 40, five_year = 20, one_year = 10, total = 321 }"
    ));
}

#[test]
fn a_published_year_deleted_or_renamed_is_refused_until_its_withdrawal_is_recorded() {
    let site = published_site();
    // Renamed as a whole: the folder, its report files and every date in them.
    let data = site.root().join("data");
    std::fs::rename(data.join("2024"), data.join("2025")).unwrap();
    for month in ["07", "08"] {
        let reports = data.join("2025/reports");
        std::fs::rename(
            reports.join(format!("2024-{month}.toml")),
            reports.join(format!("2025-{month}.toml")),
        )
        .unwrap();
    }
    for (rel, _) in files_with_bytes(&data.join("2025")) {
        let rel = format!("data/2025/{rel}");
        site.write(&rel, site.read(&rel).replace("2024-", "2025-"));
    }
    for page in ["content/notices/2024-1.md", "content/city-tech-brochure.md"] {
        site.write(page, site.read(page).replace("year = 2024", "year = 2025"));
    }
    let run = assert_refused(&site, &[]);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
    run.assert_error("data/2024:1:1", &["2024 年的招生数据已经公布过", "不见了", "规则 C12"]);
    std::fs::remove_dir_all(site.root().join("data/2025")).unwrap();
    let run = assert_refused(&site, &[]);
    run.assert_error("data/2024:1:1", &["2024 年的招生数据已经公布过", "规则 C12"]);
    assert!(
        run.stderr.contains("[[withdrawal]]\n    year = 2024\n"),
        "{}",
        run.stderr
    );
    site.append(
        "data/site.toml",
        "\n[[withdrawal]]\nyear = 2024\ndate = 2024-12-01\nreason = \"整年数据来源有误，撤回\"\n",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.read(LOCK).contains("[year.2024]"));
}

/// 东区 rolls up its two schools (320 + 400 = 720 in August); an own row of 1070 would make the
/// city total 1690 instead of 1340.
const EAST_OWN_ROW: &str = "\n[[row]]\nunit = \"east\"\nthree_year = 800\nthree_plus_two = 100\nfive_year = 100\none_year = 70\ntotal = 1070\n";

#[test]
fn a_rolled_up_district_given_a_higher_row_of_its_own_is_refused_until_corrected() {
    let site = published_site();
    site.append(AUGUST, EAST_OWN_ROW);
    let run = assert_refused(&site, &[]);
    run.assert_error(
        &site.at(AUGUST, "[[row]]\nunit = \"east\"", 0),
        &[
            "单位 \"east\"",
            "由下属单位汇总（总数 720）",
            "总数 total 原为 720，现为 1070",
            "规则 C13",
        ],
    );
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("was = { three_year = 550, five_year = 30, one_year = 40, total = 720 }"),
        "{}",
        run.stderr
    );
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east\"\ndate = 2024-09-03\nreason = \"东区补报区属招生，经核实更正\"\nwas = { three_year = 550, five_year = 30, one_year = 40, total = 720 }\n",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .read(LOCK)
        .contains("[year.2024.round.8]\nsample = false\ncity_total = 1690\n"));
}

#[test]
fn a_school_moved_to_another_district_moves_published_rolled_up_figures_and_is_refused() {
    let site = published_site();
    // east-school-b leaves 东区 for the top level: 东区's rolled-up August total falls from 720
    // to 320 while no school's row changed.
    site.replace_nth("data/units.toml", "parent = \"east\"\n", "", 1);
    site.replace("data/2024/quotas.toml", "quota = 1000", "quota = 500");
    let run = build(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "单位 \"east\" 在 data/2024/reports/2024-08.toml 中由下属单位汇总的总数已经公布为 720，现在是 320"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("规则 C13"), "{}", run.stderr);
}

#[test]
fn a_new_site_builds_the_first_time_and_writes_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let bin = env!("CARGO_BIN_EXE_sunshine");
    let new = std::process::Command::new(bin).arg("new").arg(&root).output().unwrap();
    assert!(new.status.success());
    // What a clerk does first: the stand-ins `new` wrote are replaced (rules S10-S13).
    crate::common::replace_placeholders(&root);
    let build = std::process::Command::new(bin)
        .args(["build", "--quiet", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(
        build.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let lock = std::fs::read_to_string(root.join(LOCK)).unwrap();
    assert!(
        lock.contains("\nformat = 1\n") && !lock.contains("history_starts"),
        "{lock}"
    );
    // The fixture, never built, builds into a fresh folder without the flag too.
    let site = TestSite::new("valid");
    assert_eq!(build_fresh(&site).code, 0);
}

fn build_fresh(site: &TestSite) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build(site, &["--out", out.to_str().unwrap()])
}

#[test]
fn rounds_published_long_ago_with_no_record_need_history_to_start_here_with_a_reason() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\npublished = 2024-08-16",
    );
    let run = build(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_error(
        &site.at(AUGUST, "2024-08-16", 0),
        &[
            "8 月的月报已于 2024-08-16 公布",
            "published.lock",
            "--history-starts-here",
            "规则 C14",
        ],
    );
    assert!(!site.root().join("public").exists() && !site.root().join(LOCK).exists());
    assert_eq!(site.check().code, 1);
    // An empty reason is not one.
    assert_eq!(build(&site, &["--history-starts-here", " "]).code, 1);
    let run = build(
        &site,
        &[
            "--history-starts-here",
            "从旧网站迁移，\"2024 年\"已公布的数字以旧网站为准",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lock = site.read(LOCK);
    assert!(
        lock.contains("history_starts = { date = ")
            && lock.contains(", reason = \"从旧网站迁移，\\\"2024 年\\\"已公布的数字以旧网站为准\" }\n"),
        "{lock}"
    );
    // The reason stays with the record; the flag is not taken a second time.
    let run = build(&site, &["--history-starts-here", "再来一次"]);
    run.assert_error("published.lock:1:1", &["已经有已公布数字的记录", "规则 C14"]);
    assert_eq!(build(&site, &[]).code, 0);
    assert!(site.read(LOCK).contains("从旧网站迁移"));
}

#[test]
fn a_hand_edited_or_malformed_record_is_refused_at_its_line() {
    let site = published_site();
    site.replace(LOCK, "total = 320 }", "total = 321 }");
    site.change_august_row();
    let run = assert_refused(&site, &[]);
    let line = site
        .read(LOCK)
        .lines()
        .position(|l| l.contains("total = 321 }"))
        .unwrap()
        + 1;
    run.assert_error(&format!("{LOCK}:{line}"), &["总数不等于四类人数之和", "规则 C15"]);
    // The figures made consistent by hand: the checksum says so.
    site.replace(
        LOCK,
        "three_year = 250, three_plus_two = 40",
        "three_year = 251, three_plus_two = 40",
    );
    let run = assert_refused(&site, &[]);
    let line = site.read(LOCK).lines().position(|l| l.starts_with("sha256")).unwrap() + 1;
    run.assert_error(&format!("{LOCK}:{line}"), &["校验和不对", "规则 C15"]);
    // Anything else is an error too, never skipped.
    site.write(LOCK, "format = 1\n[year.2024]\nquota.east = lots\n");
    let run = build(&site, &[]);
    run.assert_error(&format!("{LOCK}:3"), &["招生任务应当是非负整数", "规则 C15"]);
}

#[test]
fn a_record_that_disagrees_with_the_published_open_data_is_said_and_both_are_compared() {
    let site = published_site();
    let first = site.read(LOCK);
    site.change_august_row();
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"学校将当月新增数误填为累计数，已核实更正\"\nwas = { three_year = 250, total = 320 }\n",
    );
    assert_eq!(build(&site, &[]).code, 0);
    // The record was not committed: the old one comes back from git.
    site.write(LOCK, &first);
    let run = build(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic(
        "warning",
        "published.lock:1",
        &["2024 年开放数据不一致", "8 月的数字不同", "规则 C16"],
    );
}

#[test]
fn import_over_a_published_round_compares_with_the_record_when_public_is_gone() {
    let site = published_site();
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    let before = site.read(AUGUST);
    let run = crate::corrections::import(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("单元格 E2") && run.stderr.contains("中专人数 原为 250，现为 251"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(AUGUST), before, "the report file is unchanged");
}

#[test]
fn a_record_over_its_size_limit_is_refused_unread() {
    let site = published_site();
    let big = "#".repeat(16 * 1024 * 1024 + 1);
    site.write(LOCK, &big);
    let run = build(&site, &[]);
    run.assert_error("published.lock:1:1", &["超过 16 MB", "规则 C15"]);
}

const OUT_RECORD: &str = "public/sunshine-published.lock";

#[test]
fn the_compact_record_beside_the_manifest_is_compared_and_one_altered_or_gone_is_not_trusted() {
    let site = published_site();
    let record = site.read(OUT_RECORD);
    assert!(
        record.contains("row.east-school-a = { status = \"reported\", three_year = 250,"),
        "{record}"
    );
    let manifest = site.read("public/sunshine-manifest.json");
    assert!(
        manifest.contains("\n{\"path\":\"sunshine-published.lock\",\"size\":"),
        "{manifest}"
    );
    // Only the site in public/ holds the published figures, and only its compact record: the
    // open data and the record kept with the data are gone.
    std::fs::remove_file(site.root().join(LOCK)).unwrap();
    std::fs::remove_file(site.root().join("public/data/2024.json")).unwrap();
    site.change_august_row();
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    refused_at_august_row(&run, &site);
    assert!(!run.stderr.contains("规则 C16"), "{}", run.stderr);

    // Altered to agree with the changed row, it no longer has the size and hash the manifest
    // lists: the open data is read instead, the row is refused, and a warning says why.
    let site = published_site();
    std::fs::remove_file(site.root().join(LOCK)).unwrap();
    site.change_august_row();
    let altered = record.replace(
        "three_year = 250, three_plus_two = 40, five_year = 20, one_year = 10, total = 320",
        "three_year = 251, three_plus_two = 40, five_year = 20, one_year = 10, total = 321",
    );
    assert_ne!(altered, record);
    site.write(OUT_RECORD, &altered);
    for run in [site.check(), build(&site, &[])] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        refused_at_august_row(&run, &site);
        assert!(
            run.stderr
                .contains("sunshine-published.lock:1:1: 输出目录里已公布数字的简要记录")
                && run.stderr.contains("不见了、被改动过或读不出来"),
            "{}",
            run.stderr
        );
    }
    // Gone altogether: the same.
    std::fs::remove_file(site.root().join(OUT_RECORD)).unwrap();
    let run = site.check();
    assert_eq!(run.code, 1, "{}", run.stderr);
    refused_at_august_row(&run, &site);
    assert!(run.stderr.contains("规则 C16"), "{}", run.stderr);
}
