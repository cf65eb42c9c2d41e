//! Releases of the open data (issue 29): each build whose open data differs from the last
//! release is a new release, kept under the site root (`releases/`, listed in published.lock)
//! and published under `data/releases/` with its own datapackage.json; the 更新记录 page and
//! changes.csv say what each changed, found by comparing it with the one before.

use std::path::{Path, PathBuf};

use crate::common::{files_with_bytes, TestSite};
use crate::disclosure::text_of;

const JULY: &str = "data/2024/reports/2024-07.toml";
const AUGUST: &str = "data/2024/reports/2024-08.toml";

fn build(site: &TestSite, out: &Path) -> crate::common::Run {
    site.run(&["build", "--quiet", "--out", out.to_str().unwrap()])
}

fn built(site: &TestSite, out: &Path) {
    let run = build(site, out);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The names of the folders in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap())
                .filter(|e| e.file_type().unwrap().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Checks a release folder against its own datapackage.json: every file listed, with its size
/// and sha256, and no other; returns the package's version.
fn verify(dir: &Path) -> String {
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    let files = files_with_bytes(dir);
    let resources = package["resources"].as_array().unwrap();
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let bytes = &files[path];
        assert_eq!(r["bytes"], bytes.len(), "{}/{path}", dir.display());
        assert_eq!(
            r["hash"].as_str().unwrap(),
            format!("sha256:{}", sunshine::hash::sha256_hex(bytes)),
            "{}/{path}",
            dir.display()
        );
    }
    // The files of the release in the output also have the folder pages that send a reader to
    // the 更新记录; the data are exactly the listed files.
    let data: Vec<&String> = files
        .keys()
        .filter(|p| !p.ends_with("index.html") && *p != "datapackage.json")
        .collect();
    assert_eq!(data.len(), resources.len(), "{}: {data:?}", dir.display());
    assert!(resources.len() >= 10, "{resources:?}");
    package["version"].as_str().unwrap().to_string()
}

/// The text of the page's main part.
fn main_text(out: &Path, rel: &str) -> String {
    let html = std::fs::read_to_string(out.join(rel)).unwrap();
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    text_of(main)
}

/// Three builds of a copy of the fixture: July; then August added; then a correction of July.
fn three_releases() -> (TestSite, PathBuf) {
    let site = TestSite::new("valid");
    let out = site.root().join("public");
    let august = site.read(AUGUST);
    site.remove(AUGUST);
    built(&site, &out);
    site.write(AUGUST, &august);
    built(&site, &out);
    site.replace(JULY, "three_year = 100\n", "three_year = 101\n");
    site.replace(JULY, "total = 130\n", "total = 131\n");
    site.append(
        JULY,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-05\nreason = \"学校误填，已核实更正\"\nwas = { three_year = 100, total = 130 }\n",
    );
    built(&site, &out);
    (site, out)
}

const NAMES: [&str; 3] = ["2024-09-01", "2024-09-01-2", "2024-09-05"];

#[test]
fn three_builds_leave_three_releases_each_checked_by_its_own_hashes_with_what_each_changed() {
    let (site, out) = three_releases();
    let kept = site.root().join("releases");
    let published = out.join("data/releases");
    assert_eq!(names(&kept), NAMES);
    assert_eq!(names(&published), NAMES);
    let lock = site.read("published.lock");
    for name in NAMES {
        // Kept under the root and published, the same files, each matching its own package.
        assert_eq!(verify(&kept.join(name)), name);
        assert_eq!(verify(&published.join(name)), name);
        let package = std::fs::read(kept.join(name).join("datapackage.json")).unwrap();
        assert_eq!(
            package,
            std::fs::read(published.join(name).join("datapackage.json")).unwrap()
        );
        let line = format!("release.{name} = \"{}\"\n", sunshine::hash::sha256_hex(&package));
        assert!(lock.contains(&line), "{lock}");
    }
    // The current data is the last release, byte for byte.
    let last = files_with_bytes(&kept.join(NAMES[2]));
    for (path, bytes) in &last {
        if path != "datapackage.json" {
            assert_eq!(&std::fs::read(out.join("data").join(path)).unwrap(), bytes, "{path}");
        }
    }
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("data/datapackage.json")).unwrap()).unwrap();
    assert_eq!(package["version"], NAMES[2]);
    assert_eq!(package["created"], "2024-09-05T00:00:00Z");
    // changes.csv is described and hashed by the current data package (never by a release's own).
    let changes = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "releases/changes.csv")
        .expect("changes.csv in datapackage.json");
    let bytes = std::fs::read(published.join("changes.csv")).unwrap();
    assert_eq!(
        changes["hash"],
        format!("sha256:{}", sunshine::hash::sha256_hex(&bytes))
    );
    assert_eq!(changes["schema"]["fields"][1]["type"], "date");
    for name in NAMES {
        let own = std::fs::read_to_string(kept.join(name).join("datapackage.json")).unwrap();
        assert!(!own.contains("changes.csv"), "{name}");
    }
    // The first release keeps July alone; the second has August.
    let first = String::from_utf8(std::fs::read(kept.join(NAMES[0]).join("2024/reports.csv")).unwrap()).unwrap();
    assert!(!first.contains("\r\n2024,8,"), "{first}");
    assert!(first.contains("\r\n2024,7,2024-07-15,false,2,east-school-a,东区第一职业中专,400,100,20,10,0,130,"));

    insta::assert_snapshot!(
        "changes-csv",
        std::fs::read_to_string(published.join("changes.csv")).unwrap()
    );
    insta::assert_snapshot!("releases-page", main_text(&out, "data/releases/index.html"));

    // Built again with nothing changed: no new release, nothing kept or published differs.
    let before = (files_with_bytes(&kept), site.read("published.lock"));
    built(&site, &out);
    assert_eq!((files_with_bytes(&kept), site.read("published.lock")), before);
    assert_eq!(names(&published), NAMES);

    // Linked from the home page, the data page, every footer and the feed.
    for page in ["index.html", "data/index.html", "2024/units/east-school-a/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("data/releases/\">更新记录</a>"), "{page}");
    }
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<title>开放数据更新：版本 2024-09-05</title>"), "{feed}");
    assert!(
        feed.contains("更正 2024 年 7 月 东区第一职业中专 的中专人数：100 → 101"),
        "{feed}"
    );
}

#[test]
fn a_fresh_output_folder_publishes_every_kept_release_and_a_first_build_says_the_history_starts_there() {
    let site = TestSite::new("valid");
    let out = site.root().join("public");
    let said = |site: &TestSite, out: &Path| {
        let run = site.run(&["build", "--out", out.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let stdout = said(&site, &out);
    assert!(
        stdout.contains("开放数据的第一个版本（更新记录从这里开始） 2024-09-01 已保存到 releases/2024-09-01/：请把 releases/ 和 published.lock 与数据一起提交。"),
        "{stdout}"
    );
    assert!(!said(&site, &out).contains("开放数据的"));
    let first_record = site.read("published.lock");
    let page = main_text(&out, "data/releases/index.html");
    assert!(
        page.contains("版本 2024-09-01（当前） 发布日期： 2024年9月1日 。"),
        "{page}"
    );
    assert!(
        page.contains("更新记录从这个版本开始：此前公布过的数据没有保存为版本"),
        "{page}"
    );
    // A correction; then a clean clone deployed anew (a new output folder): every release is
    // there, from the root, as an `rclone sync` of this build would publish it.
    crate::incremental::correct_a_published_row(&site);
    site.replace(AUGUST, "date = 2024-09-01\n", "date = 2024-09-04\n");
    assert!(said(&site, &out).contains("开放数据的新版本 2024-09-04 已保存到 releases/2024-09-04/"));
    // A build stopped after keeping the release but before writing the record: the release,
    // whole by its own hashes and newer than any recorded, is kept and recorded by the next.
    let record = site.read("published.lock");
    site.write("published.lock", &first_record);
    assert!(!said(&site, &out).contains("开放数据的"));
    assert_eq!(site.read("published.lock"), record);
    let fresh = site.root().join("fresh");
    built(&site, &fresh);
    assert_eq!(names(&fresh.join("data/releases")), ["2024-09-01", "2024-09-04"]);
    assert_eq!(
        files_with_bytes(&fresh.join("data/releases")),
        files_with_bytes(&out.join("data/releases"))
    );
}

#[test]
fn a_kept_release_altered_deleted_or_not_recorded_is_refused_and_nothing_is_written() {
    let (site, out) = three_releases();
    let kept = site.root().join("releases");
    let before = files_with_bytes(&out);
    let refused = |why: &str| {
        let run = build(&site, &out);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stderr.contains("规则 C17"), "{}", run.stderr);
        assert!(run.stderr.contains(why), "{}", run.stderr);
        assert_eq!(files_with_bytes(&out), before);
        let check = site.run(&["check"]);
        assert!(check.stderr.contains("规则 C17"), "{}", check.stderr);
    };
    let file = kept.join(NAMES[1]).join("2024/reports.csv");
    let original = std::fs::read(&file).unwrap();
    let mut altered = original.clone();
    altered.extend_from_slice(b"2024,8,2024-08-15,false,9,x,x,1,1,0,0,0,1,100.0,reported,,false,\r\n");
    std::fs::write(&file, &altered).unwrap();
    refused("2024/reports.csv 的大小或 SHA-256 校验值与 datapackage.json 不符");
    std::fs::write(&file, &original).unwrap();
    // Its package rewritten to match the altered file: the record still knows.
    let package = kept.join(NAMES[1]).join("datapackage.json");
    let text = std::fs::read_to_string(&package).unwrap();
    std::fs::write(&package, text.replace("\"title\"", "\"title\" ")).unwrap();
    refused("datapackage.json 与 published.lock 的记录不符");
    std::fs::write(&package, text).unwrap();
    // One deleted: fewer releases than the record lists.
    let moved = site.root().join("moved");
    std::fs::rename(kept.join(NAMES[0]), &moved).unwrap();
    refused("published.lock 记录了开放数据版本 2024-09-01，但 releases/2024-09-01/ 不见了");
    std::fs::rename(&moved, kept.join(NAMES[0])).unwrap();
    // One the record does not list, older than its latest: not this site's.
    std::fs::create_dir_all(kept.join("2024-01-01")).unwrap();
    crate::common::copy_dir(&kept.join(NAMES[0]), &kept.join("2024-01-01"));
    refused("releases/2024-01-01 不在 published.lock 的记录里");
    std::fs::remove_dir_all(kept.join("2024-01-01")).unwrap();
    built(&site, &out);
}

#[test]
fn the_citation_names_the_release_at_its_full_address_and_never_a_relative_one() {
    let site = TestSite::new("valid");
    let out = site.root().join("public");
    built(&site, &out);
    // base_url = "/": no address in any citation, and the pages say it is needed.
    let releases = main_text(&out, "data/releases/index.html");
    assert!(
        releases.contains("建议引用：示例市教育局：《示例市中等职业学校阳光招生》开放数据，版本 2024-09-01。 （本站还没有设定完整网址：引用时请写上本站网址后接 data/releases/2024-09-01/）"),
        "{releases}"
    );
    let data = main_text(&out, "data/index.html");
    assert!(
        data.contains("本站还没有设定完整网址，下面的建议引用不含网址："),
        "{data}"
    );
    for text in [&releases, &data] {
        assert!(!text.contains("。/data"), "{text}");
    }
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.gov.cn/zs/\"",
    );
    built(&site, &out);
    let releases = main_text(&out, "data/releases/index.html");
    assert!(
        releases.contains("建议引用：示例市教育局：《示例市中等职业学校阳光招生》开放数据，版本 2024-09-01。https://example.gov.cn/zs/data/releases/2024-09-01/"),
        "{releases}"
    );
    assert!(!releases.contains("本站还没有设定完整网址"), "{releases}");
    let data = main_text(&out, "data/index.html");
    assert!(!data.contains("本站还没有设定完整网址"), "{data}");
    // The address cited is a page of the site: the release's folder, which leads to its entry.
    let folder = std::fs::read_to_string(out.join("data/releases/2024-09-01/index.html")).unwrap();
    assert!(folder.contains("../#r2024-09-01"), "{folder}");
}
