//! The 工作台's records in forms (issue 28), driven over HTTP as a browser without JavaScript
//! drives them: a form opened, posted with the session's token from the same origin, refused
//! with each problem beside its field and the values typed shown back, saved through
//! `sunshine::edit`; requests without the secret or from another origin refused with nothing
//! written; a file changed on disk since its form was opened never overwritten.

use crate::common::{files_with_bytes, TestSite};
use crate::workbench::{request, start, Answer};
use crate::workflow::Server;

fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let v: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first `marker"…"` in `text`, HTML entities of quotes and ampersands read.
fn value_after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    Some(
        rest.split('"')
            .next()?
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The value an input of the page shows for a field.
fn shown(body: &str, name: &str) -> Option<String> {
    value_after(body, &format!("name=\"{name}\" value=\""))
}

/// A running `serve`'s 工作台, logged in with the secret it printed.
struct Bench {
    server: Server,
    cookie: String,
    csrf: String,
}

impl Bench {
    fn open(site: &TestSite) -> Bench {
        let (server, opening) = start(site);
        let port = server.port;
        let answer = request(port, "GET", &opening, &[], b"");
        assert_eq!(answer.status, 303, "{}", answer.head);
        let cookie = answer
            .head
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .expect("a session cookie")
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut bench = Bench {
            server,
            cookie,
            csrf: String::new(),
        };
        let form = bench.get("/_workbench/records/units/new");
        assert_eq!(form.status, 200, "{}", form.body);
        bench.csrf = shown(&form.body, "csrf").expect("a csrf token");
        bench
    }

    fn port(&self) -> u16 {
        self.server.port
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port())
    }

    fn get(&self, path: &str) -> Answer {
        request(self.port(), "GET", path, &[("Cookie", self.cookie.clone())], b"")
    }

    /// Posts `fields` with the session's token, from the 工作台's own origin.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &encode(&all), Some(self.origin()))
    }

    fn post_raw(&self, path: &str, body: &str, origin: Option<String>) -> Answer {
        let mut headers = vec![
            ("Cookie", self.cookie.clone()),
            ("Content-Type", "application/x-www-form-urlencoded".to_string()),
        ];
        if let Some(origin) = origin {
            headers.push(("Origin", origin));
        }
        request(self.port(), "POST", path, &headers, body.as_bytes())
    }

    /// The form at `path` and its file's version token.
    fn form(&self, path: &str) -> (Answer, String) {
        let answer = self.get(path);
        assert_eq!(answer.status, 200, "{path}: {}", answer.body);
        let token = shown(&answer.body, "token").unwrap_or_else(|| panic!("no token in {}", answer.body));
        (answer, token)
    }
}

const ACTIONS: &str = "data/2024/actions.toml";

#[test]
fn records_refuse_a_request_without_the_secret_from_another_origin_or_naming_a_path() {
    let site = TestSite::new("valid");
    let before = files_with_bytes(site.root());
    let bench = Bench::open(&site);
    let port = bench.port();
    let form = "/_workbench/records/units/edit/city-tech";
    let (_, token) = bench.form(form);
    let change = [("name", "示例市高级技工学校"), ("token", token.as_str())];

    // No secret: neither a page nor a save.
    for (method, body) in [("GET", String::new()), ("POST", encode(&change))] {
        let answer = request(port, method, form, &[], body.as_bytes());
        assert_eq!(answer.status, 403, "{method}");
        assert!(answer.body.contains("需要工作台密钥"), "{}", answer.body);
        assert!(!answer.body.contains("示例市技术学校"), "no data without the secret");
    }
    // Cross-origin, or without any origin: refused though the cookie and token are good.
    let mut with_csrf = vec![("csrf", bench.csrf.as_str())];
    with_csrf.extend_from_slice(&change);
    for origin in [Some("http://evil.example".to_string()), None] {
        let answer = bench.post_raw(form, &encode(&with_csrf), origin.clone());
        assert_eq!(answer.status, 403, "{origin:?}");
        assert!(answer.body.contains("来自别的网页"), "{}", answer.body);
    }
    // The same origin without the session's token.
    let answer = bench.post_raw(form, &encode(&change), Some(bench.origin()));
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("表单已过期"), "{}", answer.body);
    // A key that is a path, a year that is not one, a kind that does not exist.
    for (path, field) in [
        ("/_workbench/records/units/edit/..%2Fsite", "name"),
        ("/_workbench/records/notices/edit/../../data/units", "title"),
    ] {
        let answer = bench.post(path, &[(field, "示例市高级技工学校"), ("token", token.as_str())]);
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
        assert!(answer.body.contains("不是记录的名称"), "{}", answer.body);
        assert_eq!(
            shown(&answer.body, field).as_deref(),
            Some("示例市高级技工学校"),
            "values shown back"
        );
        assert!(
            !answer.body.contains(">保存</button>"),
            "no save to a key that is a path"
        );
    }
    let get = bench.get("/_workbench/records/units/edit/..%2F..%2Fetc");
    assert_eq!(get.status, 400);
    for path in [
        "/_workbench/records/quotas/24/",
        "/_workbench/records/passwd/",
        "/_workbench/records/blacklist/2024/edit/..",
    ] {
        let answer = bench.get(path);
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.body.contains("没有这个记录页面"), "{}", answer.body);
    }
    drop(bench);
    assert_eq!(files_with_bytes(site.root()), before, "nothing was written");
}

#[test]
fn the_index_lists_the_kinds_and_a_kind_its_records() {
    let site = TestSite::new("valid");
    let bench = Bench::open(&site);
    let index = bench.get("/_workbench/records/");
    assert_eq!(index.status, 200);
    for part in [
        "单位",
        "网站信息与举报渠道",
        "通知公告",
        "<h2>2024 年</h2>",
        "招生任务",
        "警示与处理措施",
        "校企合作黑名单",
        "录取结果",
        "href=\"/_workbench/records/blacklist/2024/\"",
        "aria-current=\"page\">记录</a>",
    ] {
        assert!(index.body.contains(part), "{part} in {}", index.body);
    }
    let go = bench.get("/_workbench/records/go?kind=quotas&year=2025");
    assert_eq!(go.status, 303);
    assert!(
        go.head.contains("location: /_workbench/records/quotas/2025/"),
        "{}",
        go.head
    );
    let list = bench.get("/_workbench/records/blacklist/2024/");
    assert_eq!(list.status, 200);
    assert!(list.body.contains("示例市前程教育咨询有限公司"), "{}", list.body);
    assert!(list.body.contains("href=\"/_workbench/records/blacklist/2024/edit/0\""));
    assert!(list.body.contains("href=\"/_workbench/records/blacklist/2024/new\""));
    // The site's details: one form, with its complaint channels and the markup in them escaped.
    let (site_form, _) = bench.form("/_workbench/records/site/");
    assert!(
        site_form.body.contains("name=\"complaints.phone\""),
        "{}",
        site_form.body
    );
    assert!(!site_form.body.contains("<script>alert"), "escaped");
    // A change that breaks other records: each problem there links to the form of its record.
    let path = "/_workbench/records/units/edit/others";
    let (_, token) = bench.form(path);
    let renamed = bench.post(path, &[("token", token.as_str()), ("id", "others-x")]);
    assert_eq!(renamed.status, 422, "{}", renamed.body);
    assert!(
        renamed
            .body
            .contains("<a href=\"/_workbench/records/measures/2024/edit/0\"><code>data/2024/actions.toml:2:"),
        "{}",
        renamed.body
    );
    assert!(
        renamed
            .body
            .contains("<a href=\"/_workbench/records/quotas/2024/edit/others\">"),
        "{}",
        renamed.body
    );
    // A unit's form: inputs by type, labels, help, required.
    let (unit, _) = bench.form("/_workbench/records/units/edit/east-school-a");
    assert!(
        unit.body.contains("<select id=\"f-kind\" name=\"kind\" required"),
        "{}",
        unit.body
    );
    assert!(unit.body.contains("<option value=\"school\" selected>"));
    assert!(unit.body.contains("<span class=\"req\">必填</span>"));
    assert!(
        unit.body.contains("<fieldset>\n<legend>招生第一责任人</legend>"),
        "{}",
        unit.body
    );
}

#[test]
fn a_blacklist_entry_with_a_wrong_credit_code_shows_the_expected_character_then_saves() {
    let site = TestSite::new("valid");
    let before = site.read(ACTIONS);
    let bench = Bench::open(&site);
    let path = "/_workbench/records/blacklist/2024/new";
    let (form, token) = bench.form(path);
    assert!(form.body.contains("name=\"credit_code\""), "{}", form.body);
    // Checked as typed by the page's own script (the 工作台's policy allows scripts from itself only).
    assert!(form
        .body
        .contains("<script src=\"/_workbench/records/credit_code.js\" defer>"));
    assert!(
        form.body.contains("default-src 'none'; script-src 'self';"),
        "{}",
        form.body
    );
    let script = bench.get("/_workbench/records/credit_code.js");
    assert_eq!(script.status, 200);
    assert!(script.body.contains("0123456789ABCDEFGHJKLMNPQRTUWXY"));
    assert!(!bench.get("/_workbench/records/units/new").body.contains("<script"));
    let mut fields = vec![
        ("token", token.as_str()),
        ("name", "金光教育咨询有限公司"),
        ("kind", "agency"),
        ("credit_code", "91350100M000100Y4X"),
        ("date", "2024-09-01"),
        ("reason", "以有偿方式向学校输送生源"),
        ("units", "east-school-a，city-tech"),
        ("document", ""),
        ("removed", ""),
    ];
    let wrong = bench.post(path, &fields);
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("没有保存"), "{}", wrong.body);
    // Beside the field: the rule, its message with the expected character, and the note.
    let at_field = &wrong.body[wrong.body.find("id=\"f-credit_code\"").unwrap()..];
    let at_field = &at_field[..at_field.find("</div>\n</div>").unwrap()];
    assert!(at_field.contains("错误 A09"), "{at_field}");
    assert!(at_field.contains("应为 “3”，这里是 “X”"), "{at_field}");
    assert!(wrong.body.contains("<div class=\"field bad\">"));
    // Nothing lost, nothing written.
    assert_eq!(shown(&wrong.body, "name").as_deref(), Some("金光教育咨询有限公司"));
    assert_eq!(shown(&wrong.body, "units").as_deref(), Some("east-school-a，city-tech"));
    assert_eq!(shown(&wrong.body, "credit_code").as_deref(), Some("91350100M000100Y4X"));
    assert_eq!(site.read(ACTIONS), before);

    fields[3] = ("credit_code", "91350100M000100Y43");
    let right = bench.post(path, &fields);
    assert_eq!(right.status, 200, "{}", right.body);
    assert!(
        right.body.contains("已保存到 <code>data/2024/actions.toml</code>"),
        "{}",
        right.body
    );
    assert!(!right.body.contains("校验码）应为"));
    let after = site.read(ACTIONS);
    let added = after
        .strip_prefix(before.as_str())
        .expect("the old text kept as it was");
    assert_eq!(
        added,
        "\n[[blacklist]]\nname = \"金光教育咨询有限公司\"\nkind = \"agency\"\ncredit_code = \"91350100M000100Y43\"\ndate = 2024-09-01\nreason = \"以有偿方式向学校输送生源\"\nunits = [\"east-school-a\", \"city-tech\"]\n"
    );
    // The saved entry's own form follows, with its new version.
    assert_eq!(shown(&right.body, "credit_code").as_deref(), Some("91350100M000100Y43"));
    assert_ne!(shown(&right.body, "token"), Some(token));
    let run = site.check();
    assert_eq!(run.code, 0, "{}", run.stderr);

    // An entry whose code was mistyped in the file: its form says which character is expected.
    site.replace(ACTIONS, "91410100MA44ABCD1F", "91410100MA44ABCD10");
    let (form, _) = bench.form("/_workbench/records/blacklist/2024/edit/0");
    assert!(
        form.body
            .contains("校验码）应为 <strong class=\"code\">F</strong>，这里是 <strong class=\"code\">0</strong>"),
        "{}",
        form.body
    );
}

#[test]
fn a_published_quota_changes_only_with_an_adjustment_date_and_reason() {
    let site = TestSite::new("valid");
    let out = site.root().join("public");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    const QUOTAS: &str = "data/2024/quotas.toml";
    let before = site.read(QUOTAS);
    let bench = Bench::open(&site);
    let path = "/_workbench/records/quotas/2024/edit/east-school-a";
    let (form, token) = bench.form(path);
    assert!(form.body.contains("已经公布为 400"), "{}", form.body);
    assert!(form.body.contains("<legend>调整记录</legend>"), "{}", form.body);
    assert!(
        form.body.contains("list=\"unit-ids\""),
        "the unit is picked from the units"
    );
    assert!(form
        .body
        .contains("<option value=\"city-tech\" label=\"示例市技术学校（city-tech）\">"));
    assert_eq!(shown(&form.body, "quota").as_deref(), Some("400"));
    let fields = [("token", token.as_str()), ("unit", "east-school-a"), ("quota", "380")];
    let refused = bench.post(path, &fields);
    assert_eq!(refused.status, 422, "{}", refused.body);
    let at_reason = &refused.body[refused.body.find("id=\"f-adjustment.reason\"").unwrap()..];
    let at_reason = &at_reason[..at_reason.find("</div>\n</div>").unwrap()];
    assert!(at_reason.contains("错误 C07"), "{at_reason}");
    assert!(at_reason.contains("调整记录"), "{at_reason}");
    assert_eq!(shown(&refused.body, "quota").as_deref(), Some("380"), "what was typed");
    assert_eq!(site.read(QUOTAS), before);

    let mut with_reason = fields.to_vec();
    with_reason.extend([
        ("adjustment.date", "2024-09-10"),
        ("adjustment.reason", "生源不足，核减任务"),
        ("adjustment.document", ""),
    ]);
    let saved = bench.post(path, &with_reason);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("已保存到"), "{}", saved.body);
    let after = site.read(QUOTAS);
    let changed = before.replace(
        "unit = \"east-school-a\"\nquota = 400",
        "unit = \"east-school-a\"\nquota = 380",
    );
    assert_eq!(
        after.strip_prefix(changed.as_str()),
        Some("\n[[adjustment]]\nunit = \"east-school-a\"\ndate = 2024-09-10\nwas = 400\nreason = \"生源不足，核减任务\"\n"),
        "{after}"
    );
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_file_edited_on_disk_while_its_form_was_open_is_not_overwritten_and_the_values_come_back() {
    let site = TestSite::new("valid");
    let bench = Bench::open(&site);
    let path = "/_workbench/records/units/edit/city-tech";
    let (_, token) = bench.form(path);
    site.append("data/units.toml", "# 别人刚加的一行\n");
    site.replace(
        "data/units.toml",
        "name = \"示例市技术学校\"",
        "name = \"示例市技术学校（新校区）\"",
    );
    let edited = site.read("data/units.toml");
    let typed = "示例市高级技工学校";
    let answer = bench.post(path, &[("token", token.as_str()), ("name", typed), ("id", "city-tech")]);
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert!(answer.body.contains("被改动过"), "{}", answer.body);
    assert_eq!(
        shown(&answer.body, "name").as_deref(),
        Some(typed),
        "the value typed is shown back"
    );
    assert!(
        answer.body.contains(
            "<tr><th scope=\"row\">单位名称</th><td>示例市技术学校（新校区）</td><td>示例市高级技工学校</td></tr>"
        ),
        "{}",
        answer.body
    );
    assert_eq!(site.read("data/units.toml"), edited, "the file is as it was edited");
    // Seen what is there now, the clerk may save over it: the form carries the new version.
    let fresh = shown(&answer.body, "token").unwrap();
    assert_ne!(fresh, token);
    let saved = bench.post(path, &[("token", fresh.as_str()), ("name", typed)]);
    assert_eq!(saved.status, 200, "{}", saved.body);
    let text = site.read("data/units.toml");
    assert!(text.contains(&format!("name = \"{typed}\"")), "{text}");
    assert!(text.ends_with("# 别人刚加的一行\n"), "the other change is kept");

    // A record named by its position: the position may be another record's now, so the form
    // shows the values back without a save button.
    let path = "/_workbench/records/blacklist/2024/edit/0";
    let (_, token) = bench.form(path);
    site.append(ACTIONS, "\n# 别人刚加的注释\n");
    let edited = site.read(ACTIONS);
    let answer = bench.post(path, &[("token", token.as_str()), ("reason", "改过的原因")]);
    assert_eq!(answer.status, 409, "{}", answer.body);
    assert_eq!(shown(&answer.body, "reason").as_deref(), Some("改过的原因"));
    assert!(!answer.body.contains(">保存</button>"), "{}", answer.body);
    assert!(answer.body.contains("回到列表重新打开"), "{}", answer.body);
    assert_eq!(site.read(ACTIONS), edited);
}

#[test]
fn a_notice_is_previewed_sanitized_without_saving_then_saved() {
    let site = TestSite::new("valid");
    let before = files_with_bytes(site.root());
    let bench = Bench::open(&site);
    let path = "/_workbench/records/notices/new";
    let (form, token) = bench.form(path);
    assert!(
        form.body
            .contains("value=\"preview\" class=\"secondary\">预览</button>"),
        "{}",
        form.body
    );
    let body = "## 报名时间\n\n9 月 1 日起。<script>alert(1)</script>\n";
    let fields = [
        ("token", token.as_str()),
        ("slug", "2024-baoming"),
        ("title", "2024 年报名通知"),
        ("date", "2024-08-20"),
        ("category", ""),
        ("body", body),
    ];
    let mut preview = fields.to_vec();
    preview.push(("do", "preview"));
    let shown_preview = bench.post(path, &preview);
    assert_eq!(shown_preview.status, 200, "{}", shown_preview.body);
    assert!(shown_preview.body.contains("<h3>正文</h3>"), "{}", shown_preview.body);
    assert!(shown_preview.body.contains(">报名时间</h2>"), "{}", shown_preview.body);
    assert!(!shown_preview.body.contains("<script>alert"), "{}", shown_preview.body);
    assert!(shown_preview.body.contains("2024 年报名通知"), "values kept");
    assert_eq!(files_with_bytes(site.root()), before, "a preview writes nothing");

    // The site's markdown fields are previewed the same way.
    let (site_form, site_token) = bench.form("/_workbench/records/site/");
    assert!(site_form
        .body
        .contains("value=\"preview\" class=\"secondary\">预览</button>"));
    let quote = "对违规招生的学校将**限制招生**。<script>alert(1)</script>";
    let previewed = bench.post(
        "/_workbench/records/site/",
        &[("token", &site_token), ("complaints.quote", quote), ("do", "preview")],
    );
    assert_eq!(previewed.status, 200, "{}", previewed.body);
    assert!(
        previewed.body.contains("<strong>限制招生</strong>"),
        "{}",
        previewed.body
    );
    assert!(!previewed.body.contains("<script>alert"), "{}", previewed.body);
    assert_eq!(files_with_bytes(site.root()), before, "a preview writes nothing");

    let saved = bench.post(path, &fields);
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.body.contains("content/notices/2024-baoming.md"), "{}", saved.body);
    assert!(site.read("content/notices/2024-baoming.md").ends_with(body));
}
