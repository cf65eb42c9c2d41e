//! The privacy guard: an identity number or a list of students pasted anywhere is refused, and
//! ordinary long numbers are not.

use crate::common::TestSite;

#[test]
fn an_identity_number_pasted_into_a_notice_is_refused_and_nothing_is_written() {
    let site = TestSite::new("broken/privacy");
    let run = site.run(&["build"]);
    run.assert_error("content/notices/2024-lq.md:12:10", &["410105********123X", "规则 V01"]);
    run.assert_error("content/notices/2024-lq.md:17:12", &["410105********0043", "规则 V01"]);
    run.assert_error("content/notices/2024-lq.md:14:13", &["准考证号", "规则 V02"]);
    run.assert_error("data/2024/actions.toml:5:15", &["410105******123", "规则 V01"]);
    // The 文号, the phones, the credit code and the account number raise nothing.
    assert_eq!(run.error_count(), 4, "{}", run.stderr);
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
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.root().join("public/notices/2024-lq/index.html")).unwrap();
    assert!(page.contains("91410100MA44ABCD1X") && page.contains("123456789012345678"));
}
