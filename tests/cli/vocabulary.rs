//! The count fields and tracks are declared once, in `sunshine::vocab::CountField` (issue 27): the
//! monthly form's header, the import's TOML, the programs form's tracks, the open data's
//! reports.csv and its datapackage schema all list exactly the table's fields, in its order. The
//! expectations are derived from the table, so a field added to it is checked everywhere.

use std::path::Path;
use std::process::Command;

use sunshine::vocab::{CountField, Track};

use crate::common::TestSite;

fn run_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .current_dir(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1725321600")
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read_csv(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec()).unwrap()
}

fn keys(fields: &[CountField]) -> Vec<&'static str> {
    fields.iter().map(|f| f.key()).collect()
}

/// The first index at which `part` occurs in `whole` as a run.
fn run_at<T: PartialEq + std::fmt::Debug>(whole: &[T], part: &[T]) -> usize {
    whole
        .windows(part.len())
        .position(|w| w == part)
        .unwrap_or_else(|| panic!("{part:?} is not a run of {whole:?}"))
}

#[test]
fn the_table_is_one_vocabulary() {
    assert_eq!(CountField::ALL.last(), Some(&CountField::Total));
    assert_eq!(CountField::TRACKS[..], CountField::ALL[..CountField::ALL.len() - 1]);
    assert_eq!(Track::ALL.map(Track::field), CountField::TRACKS);
    for f in CountField::ALL {
        assert_eq!(CountField::parse(f.key()), Some(f));
        assert_eq!(f.track().map(Track::field), (f != CountField::Total).then_some(f));
        assert!(f.form_header().ends_with("人数") || f == CountField::Total, "{f:?}");
    }
    assert_eq!(CountField::KEYS.to_vec(), keys(&CountField::ALL));
    assert_eq!(sunshine::load::raw::Counts::NAMES, CountField::KEYS);
}

#[test]
fn the_form_the_import_and_the_open_data_list_the_tables_fields_in_its_order() {
    let site = TestSite::new("valid");
    let root = site.root();

    // The monthly form: 序号, 单位名称, 招生任务, the total, a column per track, 报送日期, 说明.
    run_in(root, &["form", "--year", "2024", "--root", ".", "--out", "form.csv"]);
    let form = read_csv(&root.join("form.csv"));
    let mut lines = form.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut expected = vec!["序号", "单位名称", "招生任务", CountField::Total.form_header()];
    expected.extend(CountField::TRACKS.map(CountField::form_header));
    expected.extend(["报送日期", "说明"]);
    assert_eq!(header, expected);

    // Filled in (the total left empty), it imports to rows with every field of the table, in
    // its order, each track's value from its column and the total their sum.
    let track_at = |f: CountField| header.iter().position(|h| *h == f.form_header()).unwrap();
    let mut filled = vec![header.join(",")];
    for (i, line) in lines.enumerate() {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        for (k, f) in CountField::TRACKS.into_iter().enumerate() {
            cells[track_at(f)] = (i * 10 + k + 1).to_string();
        }
        cells[header.len() - 2] = "2024-09-10".into();
        cells[header.len() - 1] = String::new();
        filled.push(cells.join(","));
    }
    site.write("form.csv", filled.join("\n") + "\n");
    run_in(
        root,
        &[
            "import",
            "form.csv",
            "--year",
            "2024",
            "--month",
            "09",
            "--as-of",
            "2024-09-15",
            "--root",
            ".",
            "--force",
        ],
    );
    let report = site.read("data/2024/reports/2024-09.toml");
    let rows: Vec<&str> = report.split("[[row]]").skip(1).collect();
    assert!(!rows.is_empty(), "{report}");
    for row in rows {
        let fields: Vec<(&str, u64)> = row
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .filter_map(|(k, v)| Some((k, v.parse().ok()?)))
            .collect();
        assert_eq!(
            fields.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            CountField::KEYS,
            "{row}"
        );
        let tracks: u64 = fields[..CountField::TRACKS.len()].iter().map(|(_, n)| n).sum();
        assert_eq!(fields.last().unwrap().1, tracks, "{row}");
    }

    // The open data: reports.csv has the table's keys as a run of columns, and the datapackage
    // describes them with the table's words.
    run_in(root, &["build", "--root", ".", "--out", "out", "-q"]);
    let csv = read_csv(&root.join("out/data/2024/reports.csv"));
    let columns: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    run_at(&columns, &CountField::KEYS);

    let package: serde_json::Value = serde_json::from_str(&site.read("out/data/datapackage.json")).unwrap();
    let resource = |path: &str| {
        package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone()
    };
    let fields = resource("2024/reports.csv")["schema"]["fields"]
        .as_array()
        .unwrap()
        .clone();
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    let at = run_at(&names, &CountField::KEYS);
    for (i, f) in CountField::ALL.into_iter().enumerate() {
        assert_eq!(fields[at + i]["description"], f.csv_doc());
    }
    // The closed vocabularies: a correction's field is any of the table's, a program's track
    // one of its tracks, each with its words in the column's description.
    let field_of = |path: &str, name: &str| {
        resource(path)["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    let corrected = field_of("corrections.csv", "field");
    assert_eq!(corrected["constraints"]["enum"], serde_json::json!(CountField::KEYS));
    let words: Vec<String> = CountField::ALL
        .iter()
        .map(|f| format!("{} {}", f.key(), f.form_header()))
        .collect();
    assert_eq!(corrected["description"], format!("更正的项目：{}", words.join(" / ")));
    let track = field_of("2024/programs.csv", "track");
    assert_eq!(
        track["constraints"]["enum"],
        serde_json::json!(keys(&CountField::TRACKS))
    );
    let words: Vec<String> = CountField::TRACKS
        .iter()
        .map(|f| format!("{} {}", f.key(), f.short_label()))
        .collect();
    assert_eq!(track["description"], format!("招生类型：{}", words.join(" / ")));
}

#[test]
fn the_programs_form_reads_every_track_by_its_label() {
    let site = TestSite::new("valid");
    let root = site.root();
    site.remove("data/2024/programs.toml");
    run_in(root, &["form", "--year", "2024", "--root", ".", "--out", "form.csv"]);
    let form = read_csv(&root.join("招生专业与计划-2024.csv"));
    let header = form.lines().next().unwrap();
    let unit = form.lines().nth(1).unwrap().split(',').next().unwrap();
    let mut csv = vec![header.to_string()];
    for (i, t) in Track::ALL.into_iter().enumerate() {
        csv.push(format!("{unit},专业{i},,{},10,,,,", t.label()));
    }
    site.write("programs.csv", csv.join("\n") + "\n");
    run_in(
        root,
        &["import", "programs.csv", "--year", "2024", "--programs", "--root", "."],
    );
    let toml = site.read("data/2024/programs.toml");
    let tracks: Vec<&str> = toml.lines().filter(|l| l.starts_with("track = ")).collect();
    let expected: Vec<String> = Track::ALL
        .iter()
        .map(|t| format!("track = \"{}\"  # {}", t.as_str(), t.label()))
        .collect();
    assert_eq!(tracks, expected);
}
