//! The 工作台 (issue 28) driven over HTTP as a browser drives it: the secret exchanged for a
//! cookie, forms posted with their token from the same origin; a form uploaded with mistakes and
//! then fixed, imported, corrected, accepted late and published to a local rclone remote. What
//! it writes is compared byte for byte with what the commands write; hostile requests are
//! refused with a message and nothing written.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{files_with_bytes, TestSite};
use crate::publish::rclone_here;
use crate::workflow::Server;

const SEPT: &str = "data/2024/reports/2024-09.toml";

const GOOD: &str = "序号,单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数,总数,报送日期
1,东区第一职业中专,300,50,20,10,380,2024-09-12
2,东区第二职业中专,350,70,10,30,460,2024-09-13
3,示例市技术学校,420,110,30,20,580,2024-09-14
4,其他学校,70,10,0,0,80,2024-09-15
";

/// The 工作台 of a running `serve`, logged in.
struct Bench {
    server: Server,
    cookie: String,
    csrf: String,
}

/// An HTTP answer: status, head and body (as text and as bytes).
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
    pub(crate) bytes: Vec<u8>,
}

/// One request over a fresh connection, as a browser without JavaScript sends it (also used by
/// tests/cli/workbench_records.rs).
pub(crate) fn request(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if (method == "POST" || !body.is_empty()) && !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // The server may refuse before reading the body, and close.
    let _ = stream.write_all(body);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let bytes = response[split..].to_vec();
    Answer {
        status: head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0),
        head,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

/// Starts `serve` and returns it with the 工作台's opening path (with the secret).
pub(crate) fn start(site: &TestSite) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let (mut first, mut second) = (String::new(), String::new());
    out.read_line(&mut first).unwrap();
    out.read_line(&mut second).unwrap();
    let port = first
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let opening = second
        .split(&format!("127.0.0.1:{port}"))
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_else(|| panic!("no 工作台 address in {second:?}"))
        .to_string();
    assert!(opening.starts_with("/_workbench/?key="), "{opening}");
    (Server { child, port }, opening)
}

fn value_after<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &text[text.find(marker)? + marker.len()..];
    rest.split('"').next()
}

impl Bench {
    fn open(site: &TestSite) -> Bench {
        let (server, opening) = start(site);
        let answer = request(server.port, "GET", &opening, &[], b"");
        assert_eq!(answer.status, 303, "{}", answer.head);
        let cookie = answer
            .head
            .lines()
            .find_map(|l| l.strip_prefix("set-cookie: "))
            .expect("a session cookie")
            .to_string();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let cookie = cookie.split(';').next().unwrap().to_string();
        let mut bench = Bench {
            server,
            cookie,
            csrf: String::new(),
        };
        let upload = bench.get("/_workbench/upload");
        bench.csrf = value_after(&upload.body, "name=\"csrf\" value=\"").unwrap().to_string();
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

    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let body: String = all
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
            .join("&");
        request(
            self.port(),
            "POST",
            path,
            &[
                ("Cookie", self.cookie.clone()),
                ("Origin", self.origin()),
                ("Content-Type", "application/x-www-form-urlencoded".into()),
            ],
            body.as_bytes(),
        )
    }

    /// Uploads `bytes` as `name` for September 2024.
    fn upload(&self, name: &str, bytes: &[u8]) -> Answer {
        upload_month(self, name, bytes, 9, "2024-09-15")
    }
}

/// The upload's token on a result page.
fn token(answer: &Answer) -> String {
    value_after(&answer.body, "name=\"token\" value=\"")
        .unwrap_or_else(|| panic!("no token in {}", answer.body))
        .to_string()
}

/// The marked cells of a result page's sheet: (cell, class).
fn marked(body: &str) -> Vec<(String, String)> {
    body.match_indices("<td id=\"cell-")
        .filter_map(|(at, _)| {
            let tag = &body[at..at + body[at..].find('>')?];
            let id = value_after(tag, "id=\"cell-")?;
            let class = value_after(tag, "class=\"")?;
            Some((id.to_string(), class.to_string()))
        })
        .collect()
}

fn sunshine_import(root: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("import")
        .arg(file)
        .args(["--year", "2024", "--month", "9", "--as-of", "2024-09-15", "--root"])
        .arg(root)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn hostile_requests_are_refused_with_a_message_and_nothing_written() {
    let site = TestSite::new("valid");
    let before = files_with_bytes(site.root());
    let bench = Bench::open(&site);
    let port = bench.port();
    // No secret, a wrong one.
    let none = request(port, "GET", "/_workbench/", &[], b"");
    assert_eq!(none.status, 403);
    assert!(none.body.contains("需要工作台密钥"), "{}", none.body);
    let wrong = request(port, "GET", "/_workbench/?key=0123", &[], b"");
    assert_eq!(wrong.status, 403);
    assert!(!wrong.head.to_lowercase().contains("set-cookie"));
    let csv = GOOD.as_bytes();
    // A cross-origin POST, with a good cookie and token; one without an Origin or Referer.
    for origin in [Some("http://evil.example"), None] {
        let mut headers = vec![
            ("Cookie", bench.cookie.clone()),
            ("Content-Type", "application/x-www-form-urlencoded".to_string()),
        ];
        if let Some(o) = origin {
            headers.push(("Origin", o.to_string()));
        }
        let answer = request(
            port,
            "POST",
            "/_workbench/publish",
            &headers,
            format!("csrf={}", bench.csrf).as_bytes(),
        );
        assert_eq!(answer.status, 403, "{origin:?}");
        assert!(answer.body.contains("来自别的网页"), "{}", answer.body);
    }
    // A POST without the session's token.
    let forged = request(
        port,
        "POST",
        "/_workbench/publish",
        &[
            ("Cookie", bench.cookie.clone()),
            ("Origin", bench.origin()),
            ("Content-Type", "application/x-www-form-urlencoded".into()),
        ],
        b"csrf=nope",
    );
    assert_eq!(forged.status, 403);
    assert!(forged.body.contains("表单已过期"), "{}", forged.body);
    // A 50 MB upload is refused from its length, before it is read.
    let huge = request(
        port,
        "POST",
        "/_workbench/upload",
        &[
            ("Cookie", bench.cookie.clone()),
            ("Origin", bench.origin()),
            ("Content-Type", "multipart/form-data; boundary=x".into()),
            ("Content-Length", (50 * 1024 * 1024).to_string()),
        ],
        b"--x\r\n",
    );
    assert_eq!(huge.status, 413);
    assert!(huge.body.contains("超过 20 MB"), "{}", huge.body);
    // A zip bomb: refused by the import's guards, at the file.
    let mut bomb = Vec::new();
    {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..200 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    assert!(bomb.len() < 1 << 20);
    let answer = bench.upload("bomb.xlsx", &bomb);
    assert_eq!(answer.status, 422);
    assert!(answer.body.contains("解压后"), "{}", answer.body);
    // Not a spreadsheet; a name that tries to be a path.
    let script = bench.upload("run.sh", b"rm -rf /");
    assert!(script.body.contains("只能上传 Excel 文件"), "{}", script.body);
    let sneaky = bench.upload("../../data/2024/reports/2024-09.csv", csv);
    assert_eq!(sneaky.status, 200, "{}", sneaky.body);
    assert!(sneaky.body.contains("2024-09.csv"));
    drop(bench);
    assert_eq!(files_with_bytes(site.root()), before, "nothing was written");
}

#[test]
fn a_form_with_mistakes_is_shown_at_its_cells_then_fixed_imported_as_the_command_imports_it() {
    let site = TestSite::new("valid");
    let bench = Bench::open(&site);
    let month = bench.get("/_workbench/");
    assert_eq!(month.status, 200);
    assert!(month.body.contains("2024 年 8 月"), "{}", month.body);
    assert!(month.body.contains("东区第一职业中专"));
    // The blank form, as `sunshine form` writes it.
    let form = bench.get("/_workbench/form/monthly.xlsx");
    assert_eq!(form.status, 200);
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .args(["form", "--year", "2024", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(dir.path().join("f.xlsx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        form.bytes,
        std::fs::read(dir.path().join("f.xlsx")).unwrap(),
        "same bytes as sunshine form"
    );

    // Three mistakes: a school name, a total that does not add up, a full-width digit.
    let wrong = GOOD
        .replace("东区第二职业中专", "东区第二职业中学")
        .replace("420,110,30,20,580", "420,110,30,20,590")
        .replace("70,10,0,0,80", "７0,10,0,0,80");
    let answer = bench.upload("九月.csv", wrong.as_bytes());
    assert_eq!(answer.status, 422, "{}", answer.body);
    let cells = marked(&answer.body);
    assert!(cells.contains(&("B3".into(), "bad".into())), "{cells:?}");
    assert!(cells.contains(&("G4".into(), "bad".into())), "{cells:?}");
    assert!(answer.body.contains("是否是“东区第二职业中专”"), "{}", answer.body);
    assert!(answer.body.contains("href=\"#cell-G4\""));
    assert!(!site.root().join(SEPT).exists());

    let fixed = bench.upload("九月.csv", GOOD.as_bytes());
    assert_eq!(fixed.status, 200, "{}", fixed.body);
    assert!(fixed.body.contains("检查通过，还没有写入"));
    assert!(fixed.body.contains("<td class=\"n\">580</td>"), "{}", fixed.body);
    assert!(!site.root().join(SEPT).exists(), "a dry run writes nothing");
    // The unit's page as the import would make it, under a banner.
    let link = format!("/_workbench/preview/{}/2024/units/city-tech/", token(&fixed));
    assert!(fixed.body.contains(&format!("href=\"{link}\"")), "{}", fixed.body);
    let page = bench.get(&link);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("导入前的预览") && page.body.contains(">580</span> 人"),
        "{}",
        page.body
    );
    let stranger = request(bench.port(), "GET", &link, &[], b"");
    assert_eq!(stranger.status, 403, "the preview needs the session too");
    let imported = bench.post("/_workbench/import", &[("token", &token(&fixed))]);
    assert_eq!(imported.status, 200, "{}", imported.body);
    assert!(imported.body.contains("已导入 4 个单位"), "{}", imported.body);

    // The same form through the command, on a copy of the site as it was.
    let twin = TestSite::new("valid");
    twin.write("九月.csv", GOOD);
    let out = sunshine_import(twin.root(), &twin.root().join("九月.csv"), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        site.read(SEPT),
        twin.read(SEPT),
        "the 工作台 writes what the command writes"
    );
}

#[test]
fn a_late_form_is_accepted_with_a_reason_as_import_accept_late_does() {
    let late = GOOD.replace("2024-09-14", "2024-09-20");
    let site = TestSite::new("valid");
    let bench = Bench::open(&site);
    let checked = bench.upload("九月.csv", late.as_bytes());
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert!(checked.body.contains("认可逾期"), "{}", checked.body);
    assert!(checked.body.contains("W01"));
    let no_reason = bench.post(
        "/_workbench/import",
        &[("token", &token(&checked)), ("accept_late", "1")],
    );
    assert_eq!(no_reason.status, 400);
    assert!(!site.root().join(SEPT).exists());
    let reason = "系统故障，经科室同意延期报送";
    let imported = bench.post(
        "/_workbench/import",
        &[
            ("token", &token(&checked)),
            ("accept_late", "1"),
            ("late_reason", reason),
        ],
    );
    assert_eq!(imported.status, 200, "{}", imported.body);
    let text = site.read(SEPT);
    assert!(
        text.contains(&format!("late_ok = true\nlate_reason = \"{reason}\"")),
        "{text}"
    );

    let twin = TestSite::new("valid");
    twin.write("九月.csv", &late);
    let out = sunshine_import(twin.root(), &twin.root().join("九月.csv"), &["--accept-late", reason]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已认可逾期"));
    assert_eq!(site.read(SEPT), twin.read(SEPT));
    assert!(
        twin.check().stderr.find("W01").is_none(),
        "an accepted late form is not warned"
    );
}

#[test]
fn publish_builds_syncs_to_the_destination_logs_and_a_published_figure_is_corrected_with_a_reason() {
    if !rclone_here() {
        eprintln!("skipped: rclone is not installed here (CI installs it)");
        return;
    }
    let site = TestSite::new("valid");
    let remote = tempfile::tempdir().unwrap();
    let destination = remote.path().join("www");
    site.append(
        "data/site.toml",
        &format!("\n[publish]\ndestination = \"{}\"\n", destination.display()),
    );
    let bench = Bench::open(&site);
    let page = bench.get("/_workbench/publish");
    assert!(page.body.contains("rclone 同步到"), "{}", page.body);
    let published = bench.post("/_workbench/publish", &[]);
    assert_eq!(published.status, 200, "{}", published.body);
    assert!(published.body.contains("已生成网站"), "{}", published.body);
    assert!(published.body.contains("已同步到"), "{}", published.body);
    assert_eq!(
        files_with_bytes(&destination),
        files_with_bytes(&site.root().join("public"))
    );
    let log = site.read("publish.log");
    assert!(log.lines().next().unwrap().contains("已同步到"), "{log}");
    assert!(log.contains("\tA\tindex.html"), "{log}");

    // August was published: a changed figure asks for a correction's date and reason.
    let august = "序号,单位名称,中专人数,3+2人数,五年一贯制人数,一年制人数,总数,报送日期
1,东区第一职业中专,251,40,20,10,321,2024-08-10
2,东区第二职业中专,300,60,10,30,400,2024-08-11
3,示例市技术学校,400,100,30,20,550,2024-08-15
4,其他学校,60,10,0,0,70,2024-08-13
";
    let answer = upload_month(&bench, "八月.csv", august.as_bytes(), 8, "2024-08-15");
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(answer.body.contains("写明更正"), "{}", answer.body);
    let recheck = bench.post(
        "/_workbench/check",
        &[
            ("token", &token(&answer)),
            ("date", "2024-09-03"),
            ("reason", "学校将当月新增数误填为累计数，已核实更正"),
        ],
    );
    assert_eq!(recheck.status, 200, "{}", recheck.body);
    assert!(recheck.body.contains("将为 1 个单位写下更正记录"), "{}", recheck.body);
    let imported = bench.post(
        "/_workbench/import",
        &[
            ("token", &token(&recheck)),
            ("date", "2024-09-03"),
            ("reason", "学校将当月新增数误填为累计数，已核实更正"),
        ],
    );
    assert_eq!(imported.status, 200, "{}", imported.body);
    let text = site.read("data/2024/reports/2024-08.toml");
    assert!(
        text.contains("[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"学校将当月新增数误填为累计数，已核实更正\"\nwas = { three_year = 250, three_plus_two = 40, total = 320 }")
            || text.contains("[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03"),
        "{text}"
    );
    // Published again: the remote follows.
    let again = bench.post("/_workbench/publish", &[]);
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(
        files_with_bytes(&destination),
        files_with_bytes(&site.root().join("public"))
    );
    assert_eq!(
        site.read("publish.log")
            .lines()
            .filter(|l| !l.starts_with('\t'))
            .count(),
        2
    );
}

/// Uploads `bytes` as `name`, the form of `month` 2024 as of `as_of`, as the upload form posts it.
fn upload_month(bench: &Bench, name: &str, bytes: &[u8], month: u32, as_of: &str) -> Answer {
    let boundary = "----sunshine-test-boundary";
    let mut body = Vec::new();
    let month = month.to_string();
    for (k, v) in [
        ("csrf", bench.csrf.as_str()),
        ("year", "2024"),
        ("month", month.as_str()),
        ("as_of", as_of),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    request(
        bench.port(),
        "POST",
        "/_workbench/upload",
        &[
            ("Cookie", bench.cookie.clone()),
            ("Origin", bench.origin()),
            ("Content-Type", format!("multipart/form-data; boundary={boundary}")),
        ],
        &body,
    )
}

#[test]
fn a_publish_destination_that_looks_like_an_option_is_refused_by_check() {
    let site = TestSite::new("valid");
    site.append("data/site.toml", "\n[publish]\ndestination = \"--config=/etc/x\"\n");
    let run = site.check();
    run.assert_error("data/site.toml", &["rclone 的选项"]);
    assert!(run.stderr.contains("规则 S14"), "{}", run.stderr);
}

#[test]
fn the_month_says_what_stops_a_publish_and_where_to_fix_it() {
    let site = TestSite::new("valid");
    site.replace("data/2024/reports/2024-08.toml", "total = 550", "total = 551");
    let bench = Bench::open(&site);
    let month = bench.get("/_workbench/");
    assert_eq!(month.status, 200, "{}", month.body);
    assert!(month.body.contains("还不能发布：有 1 个错误"), "{}", month.body);
    assert!(month.body.contains("data/2024/reports/2024-08.toml:"), "{}", month.body);
    assert!(month.body.contains("暂时不知道下次生成会改动什么"), "{}", month.body);
    // Publishing refuses, and the output folder is not created.
    let published = bench.post("/_workbench/publish", &[]);
    assert_eq!(published.status, 422, "{}", published.body);
    assert!(published.body.contains("没有发布"), "{}", published.body);
    assert!(!site.root().join("public").exists());
    assert!(!site.root().join("publish.log").exists());
}

#[test]
fn a_problem_in_a_record_links_to_the_records_form() {
    let site = TestSite::new("valid");
    site.replace(
        "data/units.toml",
        "kind = \"school\"\nparent = \"east\"\n\n[[unit]]\nid = \"east-school-b\"",
        "kind = \"academy\"\nparent = \"east\"\n\n[[unit]]\nid = \"east-school-b\"",
    );
    let bench = Bench::open(&site);
    let month = bench.get("/_workbench/");
    assert_eq!(month.status, 200, "{}", month.body);
    assert!(month.body.contains("data/units.toml:9"), "{}", month.body);
    assert!(
        month
            .body
            .contains("href=\"/_workbench/records/units/edit/east-school-a\""),
        "{}",
        month.body
    );
}

/// `sunshine serve` at a clerk's terminal opens the 工作台's address (with its secret) in the
/// default browser — here $BROWSER, a script that writes down what it was asked to open; run
/// under `script` for a terminal, as a clerk's window is. Piped (every other test), it opens
/// nothing, and `--no-open` opens nothing at a terminal either.
#[test]
fn serve_at_a_terminal_opens_the_workbench_in_the_browser() {
    let found = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("SUNSHINE_CI").is_none(),
            "script (util-linux) is not installed"
        );
        return;
    }
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let run = |extra: &str| {
        let command = format!(
            "'{}' serve --port 0 --quiet {extra} --root '{}'",
            env!("CARGO_BIN_EXE_sunshine"),
            site.root().display()
        );
        let mut child = Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .env("BROWSER", &browser)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (mut first, mut second) = (String::new(), String::new());
        out.read_line(&mut first).unwrap();
        out.read_line(&mut second).unwrap();
        // The browser is asked right after the address is printed.
        std::thread::sleep(Duration::from_millis(1500));
        let _ = child.kill();
        let _ = child.wait();
        second
    };
    let printed = run("--no-open");
    assert!(printed.contains("/_workbench/?key="), "{printed}");
    assert!(!opened.exists(), "--no-open opened a browser");
    let printed = run("");
    let asked = std::fs::read_to_string(&opened).expect("the browser was not asked to open anything");
    let address = asked.trim();
    assert!(
        address.starts_with("http://127.0.0.1:") && address.contains("/_workbench/?key="),
        "{asked}"
    );
    assert!(printed.contains(address), "opened {address}, printed {printed}");
}
