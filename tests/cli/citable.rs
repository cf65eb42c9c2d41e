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
            "建议引用：示例市教育局：《示例市中等职业学校阳光招生》2024年开放数据，数据截至2024年8月15日，版本 2024-09-01。<br>引用时请在末尾写上本站的网址，后接 data/releases/2024-09-01/（这个版本的文件所在的位置）。</p>"
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

#[test]
fn the_year_json_holds_rates_as_numbers_counts_as_integers_and_iso_dates_as_its_schema_says() {
    let site = TestSite::new("valid");
    let out = build(&site);
    let json: serde_json::Value = serde_json::from_slice(&out("data/2024.json")).unwrap();
    let august = &json["rounds"][1];
    assert_eq!(august["as_of"], "2024-08-15");
    assert!(chrono::NaiveDate::parse_from_str(august["as_of"].as_str().unwrap(), "%Y-%m-%d").is_ok());
    // 东区第一职业中专 (row 1): 320 of 400 is 80.0%, a number as the pages show it, not "80.0".
    let cell = |column: &str| crate::common::cell(&august["rows"], 1, column).clone();
    assert_eq!(cell("unit"), "east-school-a");
    assert!(
        cell("completion_rate_percent").is_f64(),
        "{}",
        cell("completion_rate_percent")
    );
    assert_eq!(cell("completion_rate_percent").as_f64(), Some(80.0));
    assert_eq!(serde_json::to_string(&cell("completion_rate_percent")).unwrap(), "80.0");
    assert!(cell("total").is_u64());
    assert_eq!(cell("total"), 320);
    assert_eq!(cell("quota"), 400);
    assert_eq!(cell("submitted"), "2024-08-10");
    assert!(august["city_completion_rate_percent"].is_f64());
    // The data package types the same columns of reports.csv the same way.
    let package: serde_json::Value = serde_json::from_slice(&out("data/datapackage.json")).unwrap();
    let reports = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "2024/reports.csv")
        .unwrap();
    assert_eq!(reports["schema"]["missingValues"], serde_json::json!([""]));
    let field = |name: &str| {
        reports["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    for (name, kind) in [
        ("completion_rate_percent", "number"),
        ("total", "integer"),
        ("quota", "integer"),
        ("as_of", "date"),
        ("submitted", "date"),
        ("late", "boolean"),
    ] {
        assert_eq!(field(name)["type"], kind, "{name}");
    }
    assert_eq!(field("total")["constraints"]["minimum"], 0);
    assert_eq!(
        field("status")["constraints"]["enum"],
        serde_json::json!(["reported", "rolled_up", "missing"])
    );
    // The CSV keeps its text: the rate as the pages write it, an empty cell where none is.
    let csv = String::from_utf8(out("data/2024/reports.csv")).unwrap();
    assert!(
        csv.contains("\r\n2024,8,2024-08-15,false,2,east-school-a,东区第一职业中专,400,250,40,20,10,320,80.0,reported,2024-08-10,false,\r\n"),
        "{csv}"
    );
}

#[test]
fn the_version_is_the_day_of_the_latest_change_of_the_data_and_the_citation_names_a_full_address() {
    let site = TestSite::new("valid");
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        "base_url = \"https://example.gov.cn/zs/\"",
    );
    let out = build(&site);
    let package: serde_json::Value = serde_json::from_slice(&out("data/datapackage.json")).unwrap();
    // The latest date of the fixture is the circular of 2024-09-01.
    assert_eq!(package["version"], "2024-09-01");
    assert_eq!(package["created"], "2024-09-01T00:00:00Z");
    let page = String::from_utf8(out("data/index.html")).unwrap();
    assert!(
        page.contains(
            "建议引用：示例市教育局：《示例市中等职业学校阳光招生》2024年开放数据，数据截至2024年8月15日，版本 2024-09-01。https://example.gov.cn/zs/data/releases/2024-09-01/</p>"
        ),
        "{page}"
    );
    assert!(!page.contains("引用时请在末尾写上本站的网址"), "{page}");

    // A later correction is a new version; building again with nothing changed is not.
    site.append(
        "data/2024/reports/2024-08.toml",
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填，已核实更正\"\nwas = { three_year = 250, total = 320 }\n",
    );
    site.replace(
        "data/2024/reports/2024-08.toml",
        "three_year = 250\n",
        "three_year = 251\n",
    );
    site.replace("data/2024/reports/2024-08.toml", "total = 320\n", "total = 321\n");
    let out = build(&site);
    let first = out("data/datapackage.json");
    let package: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(package["version"], "2024-09-03");
    assert_eq!(package["created"], "2024-09-03T00:00:00Z");
    let out = build(&site);
    assert_eq!(out("data/datapackage.json"), first);
}
