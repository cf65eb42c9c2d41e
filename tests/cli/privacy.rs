//! The privacy guard: an identity number or a list of students pasted anywhere — data, pages,
//! static/ files, file names — however it is written, is refused; ordinary long numbers are not,
//! and a line marked with a reason is let through and reported.

use crate::common::TestSite;

#[test]
fn an_identity_number_pasted_into_a_notice_is_refused_and_nothing_is_written() {
    let site = TestSite::new("broken/privacy");
    let run = site.run(&["build"]);
    run.assert_error("content/notices/2024-lq.md:12:10", &["410105********123X", "规则 V01"]);
    run.assert_error("content/notices/2024-lq.md:17:12", &["410105********0043", "规则 V01"]);
    run.assert_error("content/notices/2024-lq.md:14:13", &["准考证号", "规则 V02"]);
    run.assert_error("data/2024/actions.toml:5:19", &["410105******123", "规则 V01"]);
    run.assert_error("content/notices/2024-lq.md:21:6", &["没有写原因", "规则 V03"]);
    run.assert_error("static/files/名单.csv:1:4", &["学籍号", "规则 V02"]);
    run.assert_error("static/files/名单.csv:2:5", &["410105********123X", "规则 V01"]);
    run.assert_diagnostic(
        "warning",
        "content/notices/2024-lq.md:20:28",
        &["这是企业的工商注册号", "规则 V04"],
    );
    run.assert_diagnostic("warning", "static:1:1", &["static/.htaccess", "规则 P13"]);
    // The 文号, the phones, the credit code, the account number and the 工商注册号 raise nothing.
    assert_eq!(run.error_count(), 7, "{}", run.stderr);
    // The number itself is never printed.
    assert!(!run.stderr.contains("0307123X"), "{}", run.stderr);
    assert!(!site.root().join("public").exists(), "nothing is written");
}

#[test]
fn the_same_site_without_the_numbers_builds() {
    let site = TestSite::new("broken/privacy");
    site.replace("data/2024/actions.toml", "410105900307123", "某某");
    site.replace("content/notices/2024-lq.md", "（身份证 41010519900307123X）", "");
    site.replace("content/notices/2024-lq.md", "准考证号", "专业");
    site.replace("content/notices/2024-lq.md", "410105200805120043", "护理");
    site.replace("content/notices/2024-lq.md", "<!-- sunshine:allow-id -->", "");
    site.remove("static/files/名单.csv");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.root().join("public/notices/2024-lq/index.html")).unwrap();
    assert!(page.contains("91410100MA44ABCD1X") && page.contains("123456789012345678"));
    assert!(page.contains("工商注册号 410105730101234"));
}

/// A notice of the valid site with `body` (its body starts on line 6).
fn notice(body: &str) -> String {
    format!("+++\ntitle = \"录取名单\"\ndate = 2024-08-05\n+++\n\n{body}\n")
}

const NOTICE: &str = "content/notices/2024-lq.md";

/// An error expected: where (`path:line:col`) and what its message and rule show.
type Expected<'a> = (&'a str, Vec<&'a str>);

/// Each row: a file written into the valid site, and every error `check` gives for it
/// (`path:line:col` and what the message shows). The numbers are made up: 41010519900307123X and
/// 410105199001011233 have a valid date of birth and check character.
#[test]
fn every_way_of_writing_a_number_or_a_list_of_students_is_refused() {
    let id = "41010519900307123X";
    let fullwidth: String = id.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
    let v01 = ["410105********123X", "规则 V01"];
    let v01b = ["410105********1233", "规则 V01"];
    let rows: Vec<(&str, String, Vec<Expected>)> = vec![
        // static/ is published byte for byte: a list there is refused, its heading and each number.
        (
            "static/录取名单.csv",
            format!("序号,姓名,身份证号\n1,张三,{id}\n2,李四,410105199001011233\n"),
            vec![
                ("static/录取名单.csv:1:7", vec!["身份证号", "规则 V02"]),
                ("static/录取名单.csv:2:6", v01.to_vec()),
                ("static/录取名单.csv:3:6", v01b.to_vec()),
            ],
        ),
        (
            "static/files/名单.html",
            format!("<table><tr><td>张三</td><td>{id}</td></tr></table>\n"),
            vec![("static/files/名单.html:1:27", v01.to_vec())],
        ),
        (
            "static/data.json",
            "{\"身份证\": \"410105 19900101 1233\"}\n".to_string(),
            vec![("static/data.json:1:10", v01b.to_vec())],
        ),
        // A file or folder name becomes an address and a sitemap line; the path is shown masked.
        (
            "content/41010519900307123X.md",
            notice("张三的录取通知。"),
            vec![("content/410105********123X.md:1:1", v01.to_vec())],
        ),
        (
            "static/410105199001011233/录取通知书.pdf",
            "%PDF".to_string(),
            vec![("static/410105********1233:1:1", v01b.to_vec())],
        ),
        // 学籍号 is G and the identity number; a letter next to it hides nothing.
        (
            NOTICE,
            notice(&format!("学籍号 G{id}")),
            vec![("content/notices/2024-lq.md:6:6", v01.to_vec())],
        ),
        (
            NOTICE,
            notice(&format!("考生A{id}")),
            vec![("content/notices/2024-lq.md:6:4", v01.to_vec())],
        ),
        // Spaces, hyphens, full-width digits, a zero-width space, emphasis, an entity.
        (
            NOTICE,
            notice("身份证 410105 19900101 1233"),
            vec![("content/notices/2024-lq.md:6:5", v01b.to_vec())],
        ),
        (
            NOTICE,
            notice("身份证 410105-19900101-1233"),
            vec![("content/notices/2024-lq.md:6:5", v01b.to_vec())],
        ),
        (
            NOTICE,
            notice(&format!("号码 {fullwidth}")),
            vec![("content/notices/2024-lq.md:6:4", v01.to_vec())],
        ),
        (
            NOTICE,
            notice("号码 410105\u{200b}199001011233"),
            vec![("content/notices/2024-lq.md:6:4", v01b.to_vec())],
        ),
        (
            NOTICE,
            notice("号码 4101**05199001**011233"),
            vec![("content/notices/2024-lq.md:6:4", v01b.to_vec())],
        ),
        (
            NOTICE,
            notice("号码 &#52;10105199001011233"),
            vec![("content/notices/2024-lq.md:6:4", v01b.to_vec())],
        ),
        // Tables headed in HTML, or with 证件号码, 学籍号.
        (
            NOTICE,
            notice("<table><tr><th>姓名</th><th>身份证号</th></tr></table>"),
            vec![("content/notices/2024-lq.md:6:27", vec!["身份证号", "规则 V02"])],
        ),
        (
            NOTICE,
            notice("| 姓名 | 证件号码 |\n|---|---|\n| 张三 | 略 |"),
            vec![("content/notices/2024-lq.md:6:8", vec!["证件号码", "规则 V02"])],
        ),
        (
            NOTICE,
            notice("| 姓名 | 学籍号 |\n|---|---|\n| 张三 | 略 |"),
            vec![("content/notices/2024-lq.md:6:8", vec!["学籍号", "规则 V02"])],
        ),
    ];
    // Saved by Excel: GBK, or UTF-16 with a byte-order mark ("Unicode 文本").
    let list = format!("姓名,身份证号\r\n张三,{id}\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&list);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(list.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let excel: Vec<(&str, Vec<u8>, Vec<Expected>)> = vec![
        (
            "static/gbk.csv",
            gbk.into_owned(),
            vec![
                ("static/gbk.csv:1:4", vec!["身份证号", "规则 V02"]),
                ("static/gbk.csv:2:4", v01.to_vec()),
            ],
        ),
        (
            "static/utf16.csv",
            utf16,
            vec![
                ("static/utf16.csv:1:4", vec!["身份证号", "规则 V02"]),
                ("static/utf16.csv:2:4", v01.to_vec()),
            ],
        ),
    ];
    let rows = rows
        .into_iter()
        .map(|(rel, text, expected)| (rel, text.into_bytes(), expected));
    for (rel, text, expected) in rows.chain(excel) {
        let site = TestSite::new("valid");
        site.write(rel, &text);
        let run = site.check();
        for (at, parts) in &expected {
            run.assert_error(at, parts);
        }
        assert_eq!(run.error_count(), expected.len(), "{rel}: {}", run.stderr);
        // The number itself is never printed, neither in a message nor under it.
        for n in [id, "0307123X", "9001011233", "19900101"] {
            assert!(!run.stderr.contains(n), "{rel}: {}", run.stderr);
        }
    }
}

#[test]
fn toml_escapes_are_read_as_the_digits_they_stand_for() {
    let site = TestSite::new("valid");
    let escaped: String = "410105199001011233"
        .chars()
        .map(|c| format!("\\u{:04X}", c as u32))
        .collect();
    site.replace(
        "data/site.toml",
        "base_url = \"/\"",
        &format!("base_url = \"/\"\ndescription = \"{escaped}\""),
    );
    let run = site.check();
    run.assert_error("data/site.toml:4:16", &["410105********1233", "规则 V01"]);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// Each row: a notice body that is published as it is.
#[test]
fn registration_numbers_and_other_long_numbers_pass() {
    for body in [
        // 15 digits with a valid date but no 身份证 or 证件 near: a 工商注册号, a 税务登记号.
        "工商注册号 410105730101234，税务登记号 410105730101234。",
        "承办企业注册号：410105900307123",
        // An identity-like number whose check character is wrong; digits in separate cells.
        "编号 410105 19900101 1231",
        "<table><tr><td>410105</td><td>19900101</td><td>1233</td></tr></table>",
        // A table of counts.
        "| 单位 | 考生人数 |\n|---|---|\n| 东区 | 1000 |",
    ] {
        let site = TestSite::new("valid");
        site.write(NOTICE, notice(body));
        site.write("static/files/计划.csv", "单位,人数,注册号\n东区,1000,410105730101234\n");
        let run = site.run(&["check", "--strict"]);
        assert_eq!(run.code, 0, "{body}: {}", run.stderr);
    }
}

#[test]
fn a_line_marked_with_a_reason_is_let_through_and_reported() {
    let site = TestSite::new("valid");
    site.write(
        NOTICE,
        notice("证件（营业执照）410105730101234 <!-- sunshine:allow-id 原因：这是工商注册号 -->"),
    );
    site.write(
        "static/files/企业.csv",
        "企业,统一编号\n某公司,410105199001011233,sunshine:allow-id 原因：营业执照注册号\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic(
        "warning",
        "content/notices/2024-lq.md:6:30",
        &["原因：这是工商注册号", "规则 V04"],
    );
    run.assert_diagnostic(
        "warning",
        "static/files/企业.csv:2:24",
        &["原因：营业执照注册号", "规则 V04"],
    );
    assert_eq!(run.stderr.matches("warning: ").count(), 3, "{}", run.stderr);
    assert!(site.read("public/files/企业.csv").contains("410105199001011233"));
    // A heading is let through the same way; under it, 15 digits are labelled by 证件 and need
    // their own marker.
    site.write(
        "static/files/企业.csv",
        "企业,证件号码 # sunshine:allow-id 原因：企业的证件，不是学生的\n某公司,410105730101234,sunshine:allow-id 原因：营业执照注册号\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.assert_diagnostic(
        "warning",
        "static/files/企业.csv:1:11",
        &["原因：企业的证件，不是学生的", "规则 V04"],
    );
    // Under --strict the marked lines are warnings like any other.
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn a_marker_without_a_reason_is_an_error_and_lets_nothing_through() {
    let site = TestSite::new("valid");
    site.write(NOTICE, notice("身份证 410105199001011233 <!-- sunshine:allow-id -->"));
    let run = site.check();
    run.assert_error("content/notices/2024-lq.md:6:29", &["没有写原因", "规则 V03"]);
    run.assert_error("content/notices/2024-lq.md:6:5", &["410105********1233", "规则 V01"]);
    assert_eq!(run.error_count(), 2, "{}", run.stderr);
}

#[test]
fn well_known_is_published_and_other_hidden_files_are_named() {
    let site = TestSite::new("valid");
    site.write(
        "static/.well-known/security.txt",
        "Contact: mailto:security@example.com\n",
    );
    site.write("static/.well-known/acme-challenge/x", "token.key");
    site.write("static/.htaccess", "Deny from all\n");
    site.write("static/files/.secret.pdf", "%PDF");
    site.write("static/files/.DS_Store", "junk");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        site.read("public/.well-known/security.txt"),
        "Contact: mailto:security@example.com\n"
    );
    assert_eq!(site.read("public/.well-known/acme-challenge/x"), "token.key");
    run.assert_diagnostic(
        "warning",
        "static:1:1",
        &["不会发布：static/.htaccess、static/files/.secret.pdf", "规则 P13"],
    );
    assert!(!run.stderr.contains(".DS_Store"), "{}", run.stderr);
    assert!(!site.root().join("public/.htaccess").exists());
    // A second build over the first keeps them.
    let again = site.run(&["build"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(site.read("public/.well-known/acme-challenge/x"), "token.key");
}
