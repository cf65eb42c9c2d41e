//! Records in forms (`sunshine::edit`, issue 28): a record opened, changed and saved the way the
//! 工作台's forms do — the file keeps every byte not edited, the whole site is checked with the
//! change before anything is written, a published quota asks for its adjustment, a file changed
//! since the form was opened is never overwritten, and no key is a path.

use std::path::Path;

use sunshine::edit::{self, Key, Kind, Values, Why};

use crate::common::{files_with_bytes, TestSite};

fn values(pairs: &[(&str, &str)]) -> Values {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The lines of `old` and `new` that differ, as `-`/`+` lines (the files here differ in one
/// place, so the common prefix and suffix are the rest).
fn diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let same_start = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let same_end = old[same_start..]
        .iter()
        .rev()
        .zip(new[same_start..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = format!("@@ line {}\n", same_start + 1);
    for l in &old[same_start..old.len() - same_end] {
        out.push_str(&format!("-{l}\n"));
    }
    for l in &new[same_start..new.len() - same_end] {
        out.push_str(&format!("+{l}\n"));
    }
    out
}

const UNITS: &str = "\
# 单位名单 — 示例市教育局职成处维护
# 改动前请先备份

[[unit]]
id = \"east\"
name = \"东区\"
kind = \"district\"   # 区县

[[unit]]
id    = \"east-school-a\"   # 代码不要改
name  = \"东区第一职业中专\"
kind  = \"school\"
parent = \"east\"
phone = \"0371-61234567\"   # 招生办
responsible = { name = \"王某某\", title = \"校长\" }

[[unit]]
id = \"east-school-b\"
name = \"东区第二职业中专\"
kind = \"school\"
parent = \"east\"

# 市属学校
[[unit]]
id = \"city-tech\"
name = \"示例市技术学校\"
kind = \"school\"
website = \"https://example.com/city-tech\"

[[unit]]
id = \"others\"
name = \"其他学校\"
kind = \"other\"
";

#[test]
fn editing_one_field_of_a_commented_file_keeps_every_other_byte() {
    let site = TestSite::new("valid");
    site.write("data/units.toml", UNITS);
    let form = edit::open(site.root(), Kind::Unit, &Key::Id("east-school-a".into())).unwrap();
    assert_eq!(form.file, "data/units.toml");
    let value = |name: &str| form.fields.iter().find(|f| f.name == name).unwrap().value.clone();
    assert_eq!(value("phone"), "0371-61234567");
    assert_eq!(value("responsible.title"), "校长");
    // The form posts every field back, one of them changed.
    let mut posted: Values = form.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect();
    posted.insert("phone".into(), "0371-61234568".into());
    let saved = edit::save(site.root(), Kind::Unit, &form.key, &posted, &form.token).unwrap();
    assert_eq!(saved.key, Key::Id("east-school-a".into()));
    let new = site.read("data/units.toml");
    assert_eq!(new, UNITS.replace("61234567\"", "61234568\""));
    insta::assert_snapshot!(diff(UNITS, &new), @r#"
    @@ line 14
    -phone = "0371-61234567"   # 招生办
    +phone = "0371-61234568"   # 招生办
    "#);
    assert_eq!(saved.token, edit::token_of(Some(new.as_bytes())));
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

#[test]
fn a_problem_is_given_at_its_field_and_nothing_is_written() {
    let site = TestSite::new("valid");
    site.write("data/units.toml", UNITS);
    let form = edit::open(site.root(), Kind::Unit, &Key::Id("east-school-b".into())).unwrap();
    let posted = values(&[("parent", "eest")]);
    let refused = edit::save(site.root(), Kind::Unit, &form.key, &posted, &form.token).unwrap_err();
    assert_eq!(refused.why, Why::Invalid);
    assert_eq!(refused.values, posted);
    assert_eq!(site.read("data/units.toml"), UNITS);
    let [problem] = refused.problems.as_slice() else {
        panic!("{:#?}", refused.problems)
    };
    assert_eq!(problem.field.as_deref(), Some("parent"));
    assert!(problem.message.contains("\"eest\""), "{}", problem.message);
    assert!(problem.hint.contains("east"), "{}", problem.hint);
    assert_eq!(problem.at, "data/units.toml:21:10");

    // A required field left empty: said at the field (and what the record's absence breaks
    // elsewhere, at no field).
    let posted = values(&[("name", " ")]);
    let refused = edit::save(site.root(), Kind::Unit, &form.key, &posted, &form.token).unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.field.as_deref() == Some("name") && p.rule == "T02"),
        "{:#?}",
        refused.problems
    );
    assert_eq!(site.read("data/units.toml"), UNITS);
}

#[test]
fn a_blacklist_entry_is_refused_with_the_expected_check_character_then_saved() {
    let site = TestSite::new("valid");
    const ACTIONS: &str = "data/2024/actions.toml";
    let before = site.read(ACTIONS);
    let form = edit::open(site.root(), Kind::Blacklist(2024), &Key::New).unwrap();
    assert!(form.fields.iter().all(|f| f.value.is_empty()));
    let mut posted = values(&[
        ("name", "金光教育咨询有限公司"),
        ("kind", "agency"),
        ("credit_code", "91350100M000100Y4X"),
        ("date", "2024-09-01"),
        ("reason", "以有偿方式向学校输送生源"),
        ("units", "east-school-a，city-tech"),
    ]);
    let refused = edit::save(site.root(), Kind::Blacklist(2024), &Key::New, &posted, &form.token).unwrap_err();
    assert_eq!(refused.why, Why::Invalid);
    let problem = refused
        .problems
        .iter()
        .find(|p| p.rule == "A09")
        .unwrap_or_else(|| panic!("{:#?}", refused.problems));
    assert_eq!(problem.field.as_deref(), Some("credit_code"));
    assert!(problem.message.contains("应为 “3”，这里是 “X”"), "{}", problem.message);
    assert_eq!(site.read(ACTIONS), before);
    assert_eq!(edit::expected_check_character("91350100M000100Y4"), Some('3'));

    posted.insert("credit_code".into(), "91350100M000100Y43".into());
    let saved = edit::save(site.root(), Kind::Blacklist(2024), &Key::New, &posted, &form.token).unwrap();
    let after = site.read(ACTIONS);
    let added = after
        .strip_prefix(before.as_str())
        .expect("the old text is kept as it was");
    assert_eq!(
        added,
        "\n[[blacklist]]\nname = \"金光教育咨询有限公司\"\nkind = \"agency\"\ncredit_code = \"91350100M000100Y43\"\ndate = 2024-09-01\nreason = \"以有偿方式向学校输送生源\"\nunits = [\"east-school-a\", \"city-tech\"]\n"
    );
    let Key::Index(i) = saved.key else {
        panic!("{:?}", saved.key)
    };
    let reopened = edit::open(site.root(), Kind::Blacklist(2024), &Key::Index(i)).unwrap();
    assert!(reopened
        .fields
        .iter()
        .any(|f| f.name == "credit_code" && f.value == "91350100M000100Y43"));
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

fn published_site() -> TestSite {
    let site = TestSite::new("valid");
    let out = site.root().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn a_published_quota_changes_only_with_an_adjustment() {
    let site = published_site();
    const QUOTAS: &str = "data/2024/quotas.toml";
    let before = site.read(QUOTAS);
    let key = Key::Id("east-school-a".into());
    let form = edit::open(site.root(), Kind::Quota(2024), &key).unwrap();
    assert!(form.fields.iter().any(|f| f.name == "quota" && f.value == "400"));
    assert_eq!(form.notes.len(), 1);
    assert!(form.notes[0].contains("已经公布为 400"), "{:?}", form.notes);
    let mut posted = values(&[("unit", "east-school-a"), ("quota", "380")]);
    let refused = edit::save(site.root(), Kind::Quota(2024), &key, &posted, &form.token).unwrap_err();
    assert_eq!(refused.why, Why::Invalid);
    let problem = refused
        .problems
        .iter()
        .find(|p| p.rule == "C07")
        .unwrap_or_else(|| panic!("{:#?}", refused.problems));
    assert_eq!(problem.field.as_deref(), Some("adjustment.reason"));
    assert!(problem.message.contains("已经公布为 400"), "{}", problem.message);
    assert!(problem.hint.contains("调整记录"), "{}", problem.hint);
    assert_eq!(site.read(QUOTAS), before);

    posted.insert("adjustment.date".into(), "2024-09-10".into());
    posted.insert("adjustment.reason".into(), "生源不足，核减任务".into());
    posted.insert("adjustment.document".into(), String::new());
    edit::save(site.root(), Kind::Quota(2024), &key, &posted, &form.token).unwrap();
    let after = site.read(QUOTAS);
    let changed = before.replace(
        "unit = \"east-school-a\"\nquota = 400",
        "unit = \"east-school-a\"\nquota = 380",
    );
    let added = after
        .strip_prefix(changed.as_str())
        .expect("only the quota changed above the new record");
    insta::assert_snapshot!(added, @r#"

    [[adjustment]]
    unit = "east-school-a"
    date = 2024-09-10
    was = 400
    reason = "生源不足，核减任务"
    "#);
    let run = site.run(&["build", "--out", site.root().join("public").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_file_changed_on_disk_after_the_form_was_opened_is_not_overwritten() {
    let site = TestSite::new("valid");
    let form = edit::open(site.root(), Kind::Unit, &Key::Id("city-tech".into())).unwrap();
    site.append("data/units.toml", "# 别人刚加的一行\n");
    let edited = site.read("data/units.toml");
    let posted = values(&[("name", "示例市高级技工学校")]);
    let refused = edit::save(site.root(), Kind::Unit, &form.key, &posted, &form.token).unwrap_err();
    assert_eq!(refused.why, Why::Changed);
    assert!(refused.message.contains("被改动过"), "{}", refused.message);
    assert_eq!(refused.values, posted, "the values typed are handed back");
    assert_eq!(site.read("data/units.toml"), edited);
    assert!(!site.root().join("data/.units.toml.sunshine-tmp").exists());
}

#[test]
fn a_hostile_key_is_refused_and_nothing_is_written() {
    let site = TestSite::new("valid");
    let before = files_with_bytes(site.root());
    let posted = values(&[("title", "x"), ("slug", "../../x"), ("name", "x")]);
    let token = edit::token_of(None);
    for (kind, key) in [
        (Kind::Unit, Key::Id("../x".into())),
        (Kind::Unit, Key::Id("/etc/passwd".into())),
        (Kind::Notice, Key::Id("../x".into())),
        (Kind::Notice, Key::Id("/tmp/x".into())),
        (Kind::Notice, Key::Id("notices/../../x".into())),
        (Kind::Notice, Key::New),
        (Kind::Quota(-1), Key::New),
        (Kind::Quota(20245), Key::New),
    ] {
        let refused = edit::save(site.root(), kind, &key, &posted, &token).unwrap_err();
        assert_eq!(refused.why, Why::BadKey, "{kind:?} {key:?}: {}", refused.message);
        assert!(edit::open(site.root(), kind, &key).is_err() || key == Key::New);
    }
    assert_eq!(files_with_bytes(site.root()), before);
    assert!(!site.root().parent().unwrap().join("x").exists());
    assert!(!Path::new("/tmp/x.md").exists());
}

#[test]
fn a_new_notice_is_saved_with_its_front_matter() {
    let site = TestSite::new("valid");
    let form = edit::open(site.root(), Kind::Notice, &Key::New).unwrap();
    assert_eq!(form.fields[0].name, "slug");
    assert_eq!(form.fields.last().unwrap().name, "body");
    let posted = values(&[
        ("slug", "2024-buzhao"),
        ("title", "关于 2024 年秋季补录的通知"),
        ("date", "2024-09-05"),
        ("document", "示教函〔2024〕20号"),
        (
            "body",
            "各中等职业学校：\r\n\r\n## 补录时间\r\n\r\n9 月 10 日至 15 日。\r\n",
        ),
    ]);
    let mut untitled = posted.clone();
    untitled.remove("title");
    let refused = edit::save(site.root(), Kind::Notice, &Key::New, &untitled, &form.token).unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.field.as_deref() == Some("title") && p.rule == "T02"),
        "{:#?}",
        refused.problems
    );
    assert!(!site.root().join("content/notices/2024-buzhao.md").exists());
    let saved = edit::save(site.root(), Kind::Notice, &Key::New, &posted, &form.token).unwrap();
    assert_eq!(saved.file, "content/notices/2024-buzhao.md");
    assert_eq!(saved.key, Key::Id("notices/2024-buzhao".into()));
    assert_eq!(
        site.read("content/notices/2024-buzhao.md"),
        "+++\ntitle = \"关于 2024 年秋季补录的通知\"\ndate = 2024-09-05\ndocument = \"示教函〔2024〕20号\"\n+++\n\n各中等职业学校：\n\n## 补录时间\n\n9 月 10 日至 15 日。\n"
    );
    // Saved again under the same name: refused, the first one kept.
    let again = edit::save(site.root(), Kind::Notice, &Key::New, &posted, &edit::token_of(None)).unwrap_err();
    assert_eq!(again.why, Why::Changed);
    // Opened and edited: the body and the front matter round-trip.
    let form = edit::open(site.root(), Kind::Notice, &saved.key).unwrap();
    let body = form.fields.iter().find(|f| f.name == "body").unwrap();
    assert!(body.value.starts_with("各中等职业学校："), "{}", body.value);
    let html = edit::preview(&body.value);
    assert!(html.contains("<h2 id="), "{html}");
    assert!(!edit::preview("<script>alert(1)</script>").contains("<script"));
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

#[test]
fn a_notice_saved_on_windows_is_edited_with_its_line_endings_read() {
    let site = TestSite::new("valid");
    const PAGE: &str = "content/notices/2024-1.md";
    let crlf = format!("\u{feff}{}", site.read(PAGE).replace('\n', "\r\n"));
    site.write(PAGE, &crlf);
    let key = Key::Id("notices/2024-1".into());
    let form = edit::open(site.root(), Kind::Notice, &key).unwrap();
    let title = form.fields.iter().find(|f| f.name == "title").unwrap();
    assert_eq!(title.value, "关于做好 2024 年中等职业学校招生工作的通知");
    let body = form.fields.iter().find(|f| f.name == "body").unwrap();
    assert!(body.value.starts_with("各区县（市）教育局"), "{:?}", body.value);
    let posted = values(&[("updated", "2024-07-10")]);
    edit::save(site.root(), Kind::Notice, &key, &posted, &form.token).unwrap();
    let after = site.read(PAGE);
    assert!(after.starts_with("+++\r\ntitle = "), "{after:?}");
    assert!(!after.replace("\r\n", "").contains('\n'), "{after:?}");
    assert!(after.contains("updated = 2024-07-10"), "{after:?}");
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

#[test]
fn the_site_details_and_complaint_channels_are_one_form() {
    let site = TestSite::new("valid");
    let before = site.read("data/site.toml");
    let form = edit::open(site.root(), Kind::Site, &Key::Only).unwrap();
    let value = |name: &str| form.fields.iter().find(|f| f.name == name).unwrap().value.clone();
    assert_eq!(value("contact.people"), "张三，李四");
    assert_eq!(value("complaints.phone"), "0000-12345679");
    let posted = values(&[
        ("complaints.phone", "0371-12345678"),
        ("complaints.hours", "工作日 9:00–17:00"),
        ("contact.people", "张三、王五"),
    ]);
    edit::save(site.root(), Kind::Site, &Key::Only, &posted, &form.token).unwrap();
    let after = site.read("data/site.toml");
    let expected = before
        .replace("people = [\"张三\", \"李四\"]", "people = [\"张三\", \"王五\"]")
        .replace("phone = \"0000-12345679\"", "phone = \"0371-12345678\"")
        .replace(
            "quote_source = \"示教函〔2024〕1号 第四条\"\n",
            "quote_source = \"示教函〔2024〕1号 第四条\"\nhours = \"工作日 9:00–17:00\"\n",
        );
    assert_eq!(after, expected);
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

#[test]
fn a_measure_and_an_admission_are_edited_by_position() {
    let site = TestSite::new("valid");
    const ACTIONS: &str = "data/2024/actions.toml";
    let list = edit::list(site.root(), Kind::Measure(2024)).unwrap();
    assert_eq!(list[0].key, Key::Index(0));
    assert_eq!(list[0].title, "2024-08-20 others 限制报名人数");
    let form = edit::open(site.root(), Kind::Measure(2024), &Key::Index(1)).unwrap();
    assert!(form
        .fields
        .iter()
        .any(|f| f.name == "unit" && f.value == "east-school-a"));
    // A limit with a measure that takes none: the rule's message at the field.
    let refused = edit::save(
        site.root(),
        Kind::Measure(2024),
        &Key::Index(1),
        &values(&[("limit", "30")]),
        &form.token,
    )
    .unwrap_err();
    assert!(
        refused.problems.iter().any(|p| p.field.as_deref() == Some("limit")),
        "{:#?}",
        refused.problems
    );
    let before = site.read(ACTIONS);
    edit::save(
        site.root(),
        Kind::Measure(2024),
        &Key::Index(1),
        &values(&[("lifted", "2024-09-30")]),
        &form.token,
    )
    .unwrap();
    assert_eq!(
        site.read(ACTIONS),
        before.replacen(
            "measure = \"警示标注\"\nissuer = \"示例市教育局\"\n",
            "measure = \"警示标注\"\nissuer = \"示例市教育局\"\nlifted = 2024-09-30\n",
            1
        )
    );
    // Out of range: not found, nothing written.
    let refused = edit::save(
        site.root(),
        Kind::Measure(2024),
        &Key::Index(99),
        &values(&[]),
        &form.token,
    )
    .unwrap_err();
    assert_eq!(refused.why, Why::Changed, "the file changed with the save before");

    const ADMISSIONS: &str = "data/2024/admissions.toml";
    let before = site.read(ADMISSIONS);
    let form = edit::open(site.root(), Kind::Admission(2024), &Key::New).unwrap();
    let posted = values(&[
        ("unit", "east-school-b"),
        ("round", "第一次补录"),
        ("date", "2024-09-01"),
        ("admitted", "三十"),
    ]);
    let refused = edit::save(site.root(), Kind::Admission(2024), &Key::New, &posted, &form.token).unwrap_err();
    assert!(
        refused.problems.iter().any(|p| p.field.as_deref() == Some("admitted")),
        "{:#?}",
        refused.problems
    );
    let mut posted = posted;
    posted.insert("admitted".into(), "30".into());
    let saved = edit::save(site.root(), Kind::Admission(2024), &Key::New, &posted, &form.token).unwrap();
    assert_eq!(
        saved.key,
        Key::Index(edit::list(site.root(), Kind::Admission(2024)).unwrap().len() - 1)
    );
    assert!(site.read(ADMISSIONS).starts_with(&before));
    assert_eq!(site.check().code, 0, "{}", site.check().stderr);
}

#[test]
fn records_are_listed_by_their_keys() {
    let site = TestSite::new("valid");
    let units = edit::list(site.root(), Kind::Unit).unwrap();
    assert_eq!(units[0].key, Key::Id("east".into()));
    assert_eq!(units[0].title, "东区（east）");
    let notices = edit::list(site.root(), Kind::Notice).unwrap();
    assert!(notices
        .iter()
        .any(|n| n.key == Key::Id("notices/2024-1".into()) && n.title.contains("招生工作的通知")));
    assert_eq!(edit::list(site.root(), Kind::Blacklist(2031)).unwrap(), []);
    let missing = edit::open(site.root(), Kind::Measure(2024), &Key::Index(99)).unwrap_err();
    assert_eq!(missing.why, Why::NotFound);
    assert!(
        missing.message.contains("找不到这条警示与处理措施"),
        "{}",
        missing.message
    );
}

#[cfg(unix)]
#[test]
fn a_file_behind_a_symbolic_link_is_not_written() {
    let site = TestSite::new("valid");
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("2031")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("2031"), site.root().join("data/2031")).unwrap();
    let posted = values(&[("unit", "city-tech"), ("quota", "10")]);
    let refused = edit::save(
        site.root(),
        Kind::Quota(2031),
        &Key::New,
        &posted,
        &edit::token_of(None),
    )
    .unwrap_err();
    assert_eq!(refused.why, Why::BadKey, "{}", refused.message);
    assert!(!outside.path().join("2031/quotas.toml").exists());
}
