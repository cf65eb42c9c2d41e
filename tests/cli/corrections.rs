//! Corrections (`[[correction]]`) and the rule that a published figure never changes silently:
//! the rules of the record, `build` over a site built before, `import --force` over a published
//! round, and sample rounds that change freely.

use crate::common::{files_with_bytes, Run, TestSite};

const AUGUST: &str = "data/2024/reports/2024-08.toml";

fn build(site: &TestSite) -> crate::common::Run {
    let out = site.root().join("public");
    site.run(&["build", "--out", out.to_str().unwrap()])
}

/// The valid fixture, built once: its August round is published.
fn published_site() -> TestSite {
    let site = TestSite::new("valid");
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

const CORRECTION: &str = "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"学校将当月新增数误填为累计数，已核实更正\"\nwas = { three_year = 250, total = 320 }\n";

#[test]
fn a_correction_for_a_unit_without_a_row_in_the_file() {
    let site = TestSite::new("valid");
    // "east" has a quota, and no row of its own (its schools' rows are summed).
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { total = 1 }\n",
    );
    let run = site.check();
    run.assert_error(
        &site.at(AUGUST, "\"east\"", 0),
        &["在这份月报中没有 [[row]]", "规则 C01"],
    );
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn a_correction_that_records_no_figure_or_the_current_one_or_is_dated_too_early() {
    let site = TestSite::new("valid");
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = {}\n\
         \n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-08-01\nreason = \"误填\"\nwas = { three_year = 250, one_year = 9 }\n",
    );
    let run = site.check();
    run.assert_error(&site.at(AUGUST, "{}", 0), &["没有写原来的数字（was）", "规则 C02"]);
    run.assert_error(
        &site.at(AUGUST, "250, one_year", 0),
        &["原为 250", "也是 250", "规则 C03"],
    );
    run.assert_error(
        &site.at(AUGUST, "2024-08-01", 0),
        &["早于这份月报的截止日期 2024-08-15", "规则 C04"],
    );
    assert_eq!(run.error_count(), 3, "{}", run.stderr);
}

#[test]
fn an_unknown_key_in_was_is_named_as_written() {
    let site = TestSite::new("valid");
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { totl = 1 }\n",
    );
    site.check().assert_error(
        &site.at(AUGUST, "totl", 0),
        &["was = { … } 中有未知字段 `totl`", "是否想写 `total`"],
    );
}

/// The refusal of `TestSite::change_august_row` on a published site (C05), at the changed figure.
fn assert_august_change_refused(run: &Run, site: &TestSite) {
    run.assert_error(
        &site.at(AUGUST, "251", 0),
        &[
            "\"east-school-a\"",
            "中专人数 three_year 原为 250，现为 251",
            "总数 total 原为 320，现为 321",
            "规则 C05",
        ],
    );
}

#[test]
fn a_changed_published_figure_is_refused_and_the_output_stays_byte_for_byte() {
    let site = published_site();
    let before = files_with_bytes(&site.root().join("public"));
    site.change_august_row();
    let run = build(&site);
    assert_august_change_refused(&run, &site);
    assert!(
        run.stderr
            .contains("    [[correction]]\n    unit = \"east-school-a\"\n")
            && run.stderr.contains("    was = { three_year = 250, total = 320 }\n"),
        "the correction to paste: {}",
        run.stderr
    );
    assert_eq!(files_with_bytes(&site.root().join("public")), before, "nothing written");
    // `check` says the same before the clerk builds: it compares with public/ too.
    let checked = site.check();
    assert_eq!(checked.code, 1, "{}", checked.stderr);
    checked.assert_error(
        &site.at(AUGUST, "251", 0),
        &["中专人数 three_year 原为 250，现为 251", "规则 C05"],
    );

    // With the correction, the build goes through; and again, with nothing changed.
    site.append(AUGUST, CORRECTION);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A second change of the same figure needs a correction recording 251, the figure now published.
    site.replace(AUGUST, "three_year = 251", "three_year = 252");
    site.replace(AUGUST, "total = 321", "total = 322");
    build(&site).assert_error(&site.at(AUGUST, "252", 0), &["原为 251，现为 252", "规则 C05"]);
}

/// A changed figure of the published August round and a changed published quota, both refused:
/// the published site under public/ was read.
fn assert_published_figures_are_compared(site: &TestSite) {
    site.change_august_row();
    site.replace(
        QUOTAS,
        "unit = \"east-school-a\"\nquota = 400",
        "unit = \"east-school-a\"\nquota = 450",
    );
    let before = files_with_bytes(&site.root().join("public"));
    let run = build(site);
    assert_august_change_refused(&run, site);
    run.assert_error(
        &site.at(QUOTAS, "450", 0),
        &["\"east-school-a\" 的招生任务已经公布为 400，现在是 450", "规则 C07"],
    );
    assert_eq!(run.error_count(), 2, "{}", run.stderr);
    assert_eq!(files_with_bytes(&site.root().join("public")), before, "nothing written");
}

#[test]
fn a_site_published_with_split_tables_is_compared() {
    let site = published_site();
    let json: serde_json::Value = serde_json::from_str(&site.read("public/data/2024.json")).unwrap();
    for table in [&json["units"], &json["rounds"][1]["rows"], &json["disclosure"]] {
        assert!(table["columns"].is_array() && table["data"].is_array(), "{table}");
    }
    assert_published_figures_are_compared(&site);
}

/// `data/2024.json` as sunshine wrote it before its tables were split: every table a list of
/// objects, a row's counts under `figures` (null when missing), a disclosure record's items
/// and forms as objects of their own.
fn as_written_before(json: &mut serde_json::Value) {
    use serde_json::{json, Map, Value};
    let objects = |table: &Value| -> Vec<Map<String, Value>> {
        let columns: Vec<String> = serde_json::from_value(table["columns"].clone()).unwrap();
        let data: Vec<Vec<Value>> = serde_json::from_value(table["data"].clone()).unwrap();
        data.into_iter()
            .map(|row| columns.iter().cloned().zip(row).collect())
            .collect()
    };
    let units: Vec<Value> = objects(&json["units"])
        .into_iter()
        .map(|u| json!({"id": u["id"], "name": u["name"], "kind": u["kind"], "parent": u["parent"], "quota": u["quota"]}))
        .collect();
    json["units"] = Value::Array(units);
    for round in json["rounds"].as_array_mut().unwrap() {
        let rows: Vec<Value> = objects(&round["rows"])
            .into_iter()
            .map(|r| {
                let figures = if r["status"] == "missing" {
                    Value::Null
                } else {
                    json!({"three_year": r["three_year"], "three_plus_two": r["three_plus_two"],
                           "five_year": r["five_year"], "one_year": r["one_year"], "total": r["total"]})
                };
                json!({"unit": r["unit"], "status": r["status"], "figures": figures,
                       "completion_rate_percent": r["completion_rate_percent"],
                       "submitted": r["submitted"], "late": r["late"]})
            })
            .collect();
        round["rows"] = Value::Array(rows);
    }
    let disclosure: Vec<Value> = objects(&json["disclosure"])
        .into_iter()
        .map(|d| {
            json!({"unit": d["unit"],
                   "items": {"admissions": d["admissions"], "brochure": d["brochure"], "plan": d["plan"],
                             "policy": d["policy"], "programs": d["programs"]},
                   "forms": {"due": d["forms_due"], "on_time": d["forms_on_time"], "late": d["forms_late"],
                             "missing": d["forms_missing"], "rolled_up": d["forms_rolled_up"]},
                   "warnings": d["warnings"], "warnings_in_force": d["warnings_in_force"]})
        })
        .collect();
    json["disclosure"] = Value::Array(disclosure);
}

#[test]
fn a_site_published_by_the_previous_version_with_tables_of_objects_is_still_compared() {
    let site = published_site();
    let path = "public/data/2024.json";
    let mut json: serde_json::Value = serde_json::from_str(&site.read(path)).unwrap();
    as_written_before(&mut json);
    assert_eq!(json["rounds"][1]["rows"][1]["unit"], "east-school-a");
    assert_eq!(json["rounds"][1]["rows"][1]["figures"]["three_year"], 250);
    assert_eq!(json["units"][1]["quota"], 400);
    site.write(path, format!("{json}\n"));
    // The same figures as published: a rebuild goes through, and writes the split tables.
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rebuilt: serde_json::Value = serde_json::from_str(&site.read(path)).unwrap();
    assert!(rebuilt["units"]["columns"].is_array(), "{}", rebuilt["units"]);
    // Read again in the old shape, a changed figure and a changed quota are refused.
    site.write(path, format!("{json}\n"));
    assert_published_figures_are_compared(&site);
}

#[test]
fn a_published_row_that_is_removed_is_refused() {
    let site = published_site();
    let text = site.read(AUGUST);
    let start = text.find("[[row]]\nunit = \"others\"").unwrap();
    site.write(AUGUST, &text[..start]);
    build(&site).assert_error(AUGUST, &["\"others\"", "已经公布过，现在被删掉了", "规则 C06"]);
}

#[test]
fn sample_rounds_change_freely() {
    let site = TestSite::new("valid");
    site.mark_sample(8);
    assert_eq!(build(&site).code, 0);
    site.change_august_row();
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_folder_not_built_by_sunshine_is_not_compared() {
    let site = TestSite::new("valid");
    site.change_august_row();
    let run = build(&site);
    assert_eq!(run.code, 0, "a first build has nothing to compare with: {}", run.stderr);
}

const FORM_HEADER: &str = "序号,单位名称,招生任务,总数,中专人数,3+2人数,五年一贯制人数,一年制人数,报送日期\n";
const AUGUST_FORM: &str = "1,东区第一职业中专,400,321,251,40,20,10,2024-08-10\n\
                           2,东区第二职业中专,500,400,300,60,10,30,2024-08-11\n\
                           3,示例市技术学校,500,550,400,100,30,20,2024-08-15\n\
                           4,其他学校,100,70,60,10,0,0,2024-08-13\n";

pub(crate) fn import(site: &TestSite, extra: &[&str]) -> crate::common::Run {
    site.write("form.csv", format!("{FORM_HEADER}{AUGUST_FORM}"));
    let form = site.root().join("form.csv");
    let mut args = vec![
        "import",
        form.to_str().unwrap(),
        "--year",
        "2024",
        "--month",
        "8",
        "--as-of",
        "2024-08-15",
        "--force",
    ];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[test]
fn import_force_over_a_published_round_says_so_before_writing() {
    let site = published_site();
    let before = site.read(AUGUST);
    let run = import(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("单元格 E2") && run.stderr.contains("中专人数 原为 250，现为 251"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("规则 C05") && run.stderr.contains("--reason"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(AUGUST), before, "the report file is unchanged");

    // With a reason, the correction is written, and the site builds over the published one.
    let run = import(&site, &["--reason", "学校误填，已核实"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = site.read(AUGUST);
    assert!(
        after.contains("[[correction]]\nunit = \"east-school-a\"\ndate = ")
            && after.contains("reason = \"学校误填，已核实\"\nwas = { three_year = 250, total = 320 }\n"),
        "{after}"
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Imported again, the correction and the publication date are kept.
    let published = after
        .lines()
        .find(|l| l.starts_with("published = "))
        .unwrap()
        .to_string();
    let run = import(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = site.read(AUGUST);
    assert!(
        again.contains(&published) && again.contains("was = { three_year = 250, total = 320 }"),
        "{again}"
    );
}

#[test]
fn a_correction_is_shown_on_every_page_that_names_it_and_in_the_open_data() {
    let site = published_site();
    site.change_august_row();
    site.append(AUGUST, CORRECTION);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = |rel: &str| site.read(&format!("public/{rel}"));
    let line = "中专人数由 <del>250</del> 更正为 <ins>251</ins>，总数由 <del>320</del> 更正为 <ins>321</ins>。原因：学校将当月新增数误填为累计数，已核实更正";
    for page in [
        "2024/reports/2024-08/index.html",
        "2024/units/east-school-a/index.html",
        "corrections/index.html",
    ] {
        let html = out(page);
        assert!(html.contains(line), "{page} lacks the correction");
        assert!(
            html.contains("<time datetime=\"2024-09-03\">2024年9月3日</time>"),
            "{page}: its date"
        );
    }
    // Not on the pages of another round or another unit.
    assert!(!out("2024/reports/2024-07/index.html").contains("更正记录</h2>"));
    assert!(!out("2024/units/east-school-b/index.html").contains("更正记录</h2>"));
    let feed = out("feed.xml");
    assert!(
        feed.contains("<title>更正：2024年8月月报 东区第一职业中专</title>"),
        "{feed}"
    );
    assert!(feed.contains("中专人数 250 → 251，总数 320 → 321"), "{feed}");
    let csv = out("data/corrections.csv");
    assert!(csv.starts_with('\u{feff}'), "BOM");
    assert!(
        csv.contains("2024,8,east-school-a,东区第一职业中专,2024-09-03,three_year,250,251,学校将当月新增数误填为累计数，已核实更正\r\n")
            && csv.contains(",total,320,321,"),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&out("data/2024.json")).unwrap();
    let august = &json["rounds"][1];
    assert_eq!(august["month"], 8);
    assert_eq!(august["corrections"][0]["unit"], "east-school-a");
    assert_eq!(august["corrections"][0]["was"]["three_year"], 250);
    assert_eq!(august["corrections"][0]["now"]["three_year"], 251);
    assert!(out("data/index.html").contains("data/corrections.csv"));
    // With no correction the page says so.
    let plain = TestSite::new("valid");
    assert_eq!(build(&plain).code, 0);
    assert!(plain
        .read("public/corrections/index.html")
        .contains("目前没有更正过已公布的数字"));
}

#[test]
fn a_published_round_whose_file_is_deleted_is_refused() {
    let site = published_site();
    site.remove(AUGUST);
    build(&site).assert_error(
        "data/2024/quotas.toml",
        &["2024 年 8 月的月报已经公布过", AUGUST, "规则 C06"],
    );
}

const QUOTAS: &str = "data/2024/quotas.toml";

#[test]
fn a_published_quota_changed_without_an_adjustment_is_refused_and_nothing_is_written() {
    let site = published_site();
    let before = files_with_bytes(&site.root().join("public"));
    site.replace(
        QUOTAS,
        "unit = \"east-school-a\"\nquota = 400",
        "unit = \"east-school-a\"\nquota = 450",
    );
    let run = build(&site);
    run.assert_error(
        &site.at(QUOTAS, "450", 0),
        &["\"east-school-a\" 的招生任务已经公布为 400，现在是 450", "规则 C07"],
    );
    assert!(
        run.stderr
            .contains("    [[adjustment]]\n    unit = \"east-school-a\"\n")
            && run.stderr.contains("    was = 400\n"),
        "the block to paste: {}",
        run.stderr
    );
    assert_eq!(
        files_with_bytes(&site.root().join("public")),
        before,
        "the published site is untouched"
    );
    // With the adjustment that keeps the published value, the build goes on and shows it.
    site.append(
        QUOTAS,
        "\n[[adjustment]]\nunit = \"east-school-a\"\ndate = 2024-09-01\nwas = 400\nreason = \"增加护理专业招生\"\n",
    );
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.root().join("public/2024/units/east-school-a/index.html")).unwrap();
    assert!(page.contains("由 400 调整"), "the history is shown");
}

#[test]
fn a_published_quota_removed_is_refused() {
    let site = published_site();
    site.replace(QUOTAS, "[[quota]]\nunit = \"others\"\nquota = 100\n", "");
    site.replace(QUOTAS, "total = 1600", "total = 1500");
    site.replace("data/2024/actions.toml", "unit = \"others\"", "unit = \"city-tech\"");
    for report in ["data/2024/reports/2024-07.toml", AUGUST] {
        let text = site.read(report);
        let start = text.find("[[row]]\nunit = \"others\"").unwrap();
        let end = text[start + 7..].find("[[").map_or(text.len(), |e| start + 7 + e);
        site.write(report, format!("{}{}", &text[..start], &text[end..]));
    }
    let run = build(&site);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("\"others\" 的招生任务 100 已经公布过"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_printed_record_pasted_with_its_placeholders_is_refused_at_them() {
    let site = TestSite::new("valid");
    site.append(
        AUGUST,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"（写明更正原因）\"\nwas = { three_year = 249 }\n",
    );
    site.check().assert_error(
        &site.at(AUGUST, "\"（写明更正原因）\"", 0),
        &["`reason` 还是示例里的说明", "规则 H04"],
    );
    site.replace(AUGUST, "（写明更正原因）", "学校将当月新增数误填为累计数");
    let run = site.check();
    assert!(!run.stderr.contains("H04"), "{}", run.stderr);
    // Brackets in a real text are not a placeholder.
    site.replace(AUGUST, "学校将当月新增数误填为累计数", "（经核实）误填为累计数");
    assert!(!site.check().stderr.contains("H04"));
}

#[test]
fn rounds_published_long_ago_with_nothing_to_compare_with_are_refused() {
    let site = TestSite::new("valid");
    site.replace(
        AUGUST,
        "as_of = 2024-08-15",
        "as_of = 2024-08-15\npublished = 2024-08-16",
    );
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("site");
    let out = elsewhere.to_str().unwrap();
    // A new computer, or public/ and published.lock deleted: refused at the round's date, and
    // nothing is written (issue 26: this used to be warning W11).
    let run = site.run(&["build", "--out", out]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.assert_diagnostic(
        "error",
        &site.at(AUGUST, "2024-08-16", 0),
        &["8 月的月报已于 2024-08-16 公布", "无法核对", "规则 C14"],
    );
    assert!(!run.stderr.contains("写错了"), "{}", run.stderr);
    assert!(!elsewhere.exists());
    // public/ holding the site (from before published.lock existed) is a record: built, and the
    // record is written.
    assert_eq!(site.run(&["build", "--quiet", "--history-starts-here", "迁移"]).code, 0);
    site.remove("published.lock");
    let run = site.run(&["build", "--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("published.lock").is_file());
    // A mistyped --out while public/ holds the site and the record is gone: the message asks.
    site.remove("published.lock");
    let run = site.run(&["build", "--out", out]);
    assert!(run.stderr.contains("是不是 --out 写错了"), "{}", run.stderr);
    // A round imported today has not been published yet: nothing to say.
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    site.replace(AUGUST, "published = 2024-08-16", &format!("published = {today}"));
    let run = site.run(&["build", "--out", out]);
    assert!(!run.stderr.contains("C14"), "{}", run.stderr);
}

/// The `<tr>…</tr>` rows and `<li>…</li>` items of `html` that contain `needle`.
fn parts_with<'a>(html: &'a str, open: &str, close: &str, needle: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .map(|p| p.split(close).next().unwrap_or(p))
        .filter(|p| p.contains(needle))
        .collect()
}

/// Asserts that the one table row of `html` linking `unit` (`units/<id>/"`) does or does not
/// carry the mark `mark`.
fn assert_row_marked(page: &str, html: &str, unit: &str, mark: &str, marked: bool) {
    let link = format!("2024/units/{unit}/\"><bdi>");
    let rows = parts_with(html, "<tr", "</tr>", &link);
    let [row] = rows[..] else {
        panic!("{page}: one row of {unit}, found {rows:?}")
    };
    assert_eq!(row.contains(mark), marked, "{page}, {unit}: {row}");
}

/// Issue 26: a corrected figure is marked 已更正 wherever it appears, and so is every figure that
/// sums it: the school's own rows, its district's rolled-up rows, the city's totals, on the
/// overview, the year's page, the district's page, the round's page, reports.csv and the search
/// index. Each mark links to the correction's entry on the corrections page.
#[test]
fn a_correction_is_marked_wherever_its_figure_or_a_sum_of_it_appears() {
    let site = published_site();
    site.change_august_row();
    site.append(AUGUST, CORRECTION);
    let run = build(&site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = |rel: &str| site.read(&format!("public/{rel}"));
    let mark = |to_root: &str| {
        format!(" <a class=\"flag flag-correction\" href=\"{to_root}corrections/#c-2024-08-1\">已更正</a>")
    };
    assert!(
        out("corrections/index.html")
            .contains("<li id=\"c-2024-08-1\"><span class=\"flag flag-correction\">更正</span>"),
        "the marks' target"
    );

    // The overview (home) and the year's page: the units table (each unit's latest figures),
    // its total row, the 累计 card and the list of rounds.
    for (page, to_root) in [("index.html", ""), ("2024/index.html", "../")] {
        let html = out(page);
        let mark = mark(to_root);
        for (unit, marked) in [
            ("east", true),
            ("east-school-a", true),
            ("east-school-b", false),
            ("city-tech", false),
            ("others", false),
        ] {
            assert_row_marked(page, &html, unit, &mark, marked);
        }
        let total = parts_with(&html, "<tfoot>", "</tfoot>", "全市合计");
        assert!(total.len() == 1 && total[0].contains(&mark), "{page}: {total:?}");
        assert!(html.contains(&format!("1,341 / 1,600 人{mark}")), "{page}: the card");
        let rounds = parts_with(&html, "<li>", "</li>", "月</a>：截至");
        assert_eq!(rounds.len(), 2, "{page}");
        assert!(
            rounds[0].contains("2024年8月") && rounds[0].contains(&mark),
            "{page}: {rounds:?}"
        );
        assert!(
            rounds[1].contains("2024年7月") && !rounds[1].contains("已更正"),
            "{page}: {rounds:?}"
        );
    }

    // The district's page: its rolled-up August row, its latest figures and its school's row.
    let html = out("2024/units/east/index.html");
    let mark_here = mark("../../../");
    let history = parts_with(&html, "<tr>", "</tr>", "reports/2024-");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history[0].contains("2024-07") && !history[0].contains("已更正"),
        "{history:?}"
    );
    assert!(
        history[1].contains("2024-08") && history[1].contains(&mark_here),
        "{history:?}"
    );
    assert!(
        html.contains(&format!("完成率 <span class=\"big\">72.1%</span>{mark_here}")),
        "{html}"
    );
    let children = |unit: &str| parts_with(&html, "<tr>", "</tr>", &format!("/{unit}/\"><bdi>"));
    assert!(children("east-school-a")[0].contains(&mark_here));
    assert!(!children("east-school-b")[0].contains("已更正"));
    // The school's own page marks its August row; its sister school's page has no mark.
    let school = out("2024/units/east-school-a/index.html");
    assert_eq!(school.matches(&mark_here).count(), 2, "the card and the August row");
    assert!(!out("2024/units/east-school-b/index.html").contains("已更正"));

    // The round's page: the school's row, the district's rolled-up row, the city's line and total.
    let html = out("2024/reports/2024-08/index.html");
    for (unit, marked) in [
        ("east", true),
        ("east-school-a", true),
        ("east-school-b", false),
        ("city-tech", false),
    ] {
        assert_row_marked("2024-08", &html, unit, &mark_here, marked);
    }
    assert!(
        html.contains(&format!("的 <strong>83.8%</strong>{mark_here}。")),
        "the city's line"
    );
    assert!(parts_with(&html, "<tfoot>", "</tfoot>", "全市合计")[0].contains(&mark_here));
    assert!(
        !out("2024/reports/2024-07/index.html").contains("已更正"),
        "July was not corrected"
    );

    // reports.csv: a last column naming the corrected figures of the row (or of those it sums).
    let csv = out("data/2024/reports.csv");
    assert!(
        csv.starts_with("\u{feff}year,month,as_of,sample,seq,unit_id,unit_name,quota,three_year,three_plus_two,five_year,one_year,total,completion_rate_percent,status,submitted,late,corrected\r\n"),
        "{csv}"
    );
    for line in [
        "2024,8,2024-08-15,false,1,east,东区,1000,551,100,30,40,721,72.1,rolled_up,,false,three_year total\r\n",
        "2024,8,2024-08-15,false,2,east-school-a,东区第一职业中专,400,251,40,20,10,321,80.3,reported,2024-08-10,false,three_year total\r\n",
        "2024,8,2024-08-15,false,4,city-tech,示例市技术学校,500,400,100,30,20,550,110.0,reported,2024-08-15,false,\r\n",
        "2024,7,2024-07-15,false,2,east-school-a,东区第一职业中专,400,100,20,10,0,130,32.5,reported,2024-07-12,false,\r\n",
    ] {
        assert!(csv.contains(line), "{line} in {csv}");
    }
    let package: serde_json::Value = serde_json::from_str(&out("data/datapackage.json")).unwrap();
    let reports = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "2024/reports.csv")
        .expect("reports.csv described");
    let fields = reports["schema"]["fields"].as_array().unwrap();
    assert_eq!(fields.last().unwrap()["name"], "corrected");
    assert_eq!(fields.last().unwrap()["type"], "string");
    // The year's JSON: each row's corrected figures, and the city's.
    let json: serde_json::Value = serde_json::from_str(&out("data/2024.json")).unwrap();
    let august = &json["rounds"][1];
    let corrected = serde_json::json!(["three_year", "total"]);
    assert_eq!(crate::common::cell(&august["rows"], 1, "corrected"), &corrected);
    assert_eq!(crate::common::cell(&august["rows"], 0, "corrected"), &corrected);
    assert_eq!(
        crate::common::cell(&august["rows"], 3, "corrected"),
        &serde_json::json!([])
    );
    assert_eq!(august["city_corrected"], corrected);
    assert_eq!(json["rounds"][0]["city_corrected"], serde_json::json!([]));

    // The search index: a unit's entry carries the mark's target when its figures include it.
    let index: Vec<Vec<String>> = serde_json::from_str(&out("search/index-0.json")).unwrap();
    let entry = |id: &str| index.iter().find(|e| e[1] == id).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(entry("east-school-a")[6], "corrections/#c-2024-08-1");
    assert_eq!(entry("east")[6], "corrections/#c-2024-08-1");
    assert_eq!(entry("city-tech")[6], "");
    assert!(
        out("search/index.html").contains("search."),
        "the search page loads the script that shows the mark"
    );
}

/// All errors in one run (issue 25): a quota total that no longer adds up (Q04) does not hide
/// that the quota and a report figure changed from what was published (C07, C05); `check` and
/// `build` say all three at once, and nothing is written.
#[test]
fn errors_in_the_data_and_changed_published_figures_come_in_one_run() {
    let site = published_site();
    let before = files_with_bytes(&site.root().join("public"));
    site.replace(
        QUOTAS,
        "unit = \"city-tech\"\nquota = 500",
        "unit = \"city-tech\"\nquota = 520",
    );
    site.change_august_row();
    for run in [site.check(), build(&site)] {
        run.assert_error(&site.at(QUOTAS, "1600", 0), &["total = 1600", "1620", "规则 Q04"]);
        run.assert_error(
            &site.at(QUOTAS, "520", 0),
            &["\"city-tech\" 的招生任务已经公布为 500，现在是 520", "规则 C07"],
        );
        assert_august_change_refused(&run, &site);
        assert_eq!(run.error_count(), 3, "{}", run.stderr);
    }
    assert_eq!(files_with_bytes(&site.root().join("public")), before, "nothing written");
}

/// A published row or file that cannot be read while the data has errors is not said to be
/// removed (C06): its own error is the one to fix, and it is compared once it reads.
#[test]
fn a_published_record_that_cannot_be_read_is_not_said_to_be_removed() {
    let site = published_site();
    site.replace(AUGUST, "three_year = 250", "three_year = \"250\"");
    let run = site.check();
    run.assert_error(&site.at(AUGUST, "\"250\"", 0), &["规则 T03"]);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
    site.replace(AUGUST, "three_year = \"250\"", "three_year == 250");
    let run = site.check();
    assert!(
        run.stderr.contains("规则 T01") && !run.stderr.contains("C06"),
        "{}",
        run.stderr
    );
    // Read again, and changed: compared.
    site.replace(AUGUST, "three_year == 250", "three_year = 251");
    site.replace(AUGUST, "total = 320", "total = 321");
    assert_august_change_refused(&site.check(), &site);
}
