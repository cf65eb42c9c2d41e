//! Citable open data: the licence of `[open_data]`, a suggested citation per dataset, and
//! data/datapackage.json describing every file (Table Schema from the `csv_row!` declarations,
//! bytes, sha256 hash, licence, sources).

use crate::common::TestSite;

fn build(site: &TestSite) -> impl Fn(&str) -> Vec<u8> + '_ {
    let out = site.root().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    move |rel: &str| std::fs::read(site.root().join("public").join(rel)).unwrap()
}

#[test]
fn the_data_package_describes_every_csv_with_its_header_hash_and_size() {
    let site = TestSite::new("valid");
    site.append("data/site.toml", "\n[open_data]\nlicense = \"CC-BY-4.0\"\n");
    let out = build(&site);
    let package: serde_json::Value = serde_json::from_slice(&out("data/datapackage.json")).unwrap();
    assert_eq!(package["profile"], "data-package");
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(
        package["licenses"][0]["path"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert_eq!(package["contributors"][0]["title"], "示例市教育局");
    assert!(!package["sources"].as_array().unwrap().is_empty());
    let resources = package["resources"].as_array().unwrap();
    let paths: Vec<&str> = resources.iter().map(|r| r["path"].as_str().unwrap()).collect();
    for csv in [
        "2024/quotas.csv",
        "2024/reports.csv",
        "2024/programs.csv",
        "2024/admissions.csv",
        "2024/disclosure.csv",
        "corrections.csv",
        "2024.json",
    ] {
        assert!(paths.contains(&csv), "{csv} not in {paths:?}");
    }
    for r in resources {
        let path = r["path"].as_str().unwrap();
        let bytes = out(&format!("data/{path}"));
        assert_eq!(r["bytes"], bytes.len(), "{path}");
        assert_eq!(
            r["hash"],
            format!("sha256:{}", sunshine::hash::sha256_hex(&bytes)),
            "{path}"
        );
        if !path.ends_with(".csv") {
            continue;
        }
        // The schema's field names are the CSV's header, in order.
        let text = String::from_utf8(bytes).unwrap();
        let header: Vec<&str> = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap()
            .split(',')
            .collect();
        let fields: Vec<&str> = r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header, "{path}");
        assert_eq!(r["encoding"], "utf-8-sig", "{path}");
        assert!(r["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !f["description"].as_str().unwrap().is_empty()));
    }
    let reports = resources.iter().find(|r| r["path"] == "2024/reports.csv").unwrap();
    let field = |name: &str| {
        reports["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()["type"]
            .clone()
    };
    assert_eq!(field("quota"), "integer");
    assert_eq!(field("three_year"), "integer");
    assert_eq!(field("sample"), "boolean");
    assert_eq!(field("unit_name"), "string");
    let json: serde_json::Value = serde_json::from_slice(&out("data/2024.json")).unwrap();
    assert_eq!(json["license"], "CC-BY-4.0");

    let page = String::from_utf8(out("data/index.html")).unwrap();
    assert!(
        page.contains(
            "许可协议：<a href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\">CC-BY-4.0</a>"
        ),
        "{page}"
    );
    assert!(
        page.contains(
            "建议引用：示例市教育局：《示例市中等职业学校阳光招生》2024年开放数据，数据截至2024年8月15日。/data/"
        ),
        "{page}"
    );
    assert!(page.contains("data/datapackage.json"), "{page}");
    // How the JSON lays out its tables, for readers: on the page and in the data package.
    let shape = "其中的长表格（units 各单位、rounds 里每月的 rows、disclosure 信息公开情况）按 columns（列名）+ data（各行的值）排列，即 pandas 的 split 格式";
    assert!(page.contains("JSON 文件供程序读取（格式见下）"), "{page}");
    assert!(page.contains(&format!("JSON 的格式：每年一个文件，{shape}")), "{page}");
    assert!(
        page.contains("pandas.DataFrame(t[&quot;data&quot;], columns=t[&quot;columns&quot;])；不用 pandas 时，每行转成带列名的记录：[dict(zip(t[&quot;columns&quot;], row)) for row in t[&quot;data&quot;]]。"),
        "{page}"
    );
    let year = resources.iter().find(|r| r["path"] == "2024.json").unwrap();
    assert!(year["description"].as_str().unwrap().contains(shape), "{year}");
    assert!(year.get("schema").is_none());
}

#[test]
fn a_licence_in_words_is_its_title_and_no_licence_is_no_claim() {
    let site = TestSite::new("valid");
    site.append("data/site.toml", "\n[open_data]\nlicense = \"署名后可自由使用\"\n");
    let out = build(&site);
    let package: serde_json::Value = serde_json::from_slice(&out("data/datapackage.json")).unwrap();
    assert_eq!(package["licenses"][0]["title"], "署名后可自由使用");
    assert!(package["licenses"][0].get("name").is_none());
    let plain = TestSite::new("valid");
    let out = build(&plain);
    let package: serde_json::Value = serde_json::from_slice(&out("data/datapackage.json")).unwrap();
    assert!(package.get("licenses").is_none());
    assert!(!String::from_utf8(out("data/index.html")).unwrap().contains("许可协议"));
}
