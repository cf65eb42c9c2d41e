//! `sunshine serve` as a browser and a careless or hostile local client use it (issue 18): the
//! reload event reaches an open page, the preview survives odd requests, many and idle
//! connections, running out of file descriptors, and its folders being deleted and put back.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestSite;
use crate::workflow::{eventually, get, start, start_command};

const PAGE: &str = "/2024/units/city-tech/";
const REPORT: &str = "data/2024/reports/2024-08.toml";

/// Sends `request` as it is and returns the status and the whole answer (the server closes).
fn send(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// The header `name` (lower case) of an HTTP answer.
fn header<'a>(response: &'a str, name: &str) -> Option<&'a str> {
    let head = response.split("\r\n\r\n").next()?;
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// Whether the fixture's city-tech page shows `total` as its total, as the serve test in
/// workflow.rs reads it.
fn shows(page: &str, total: u32) -> bool {
    page.contains(&format!(">{total}</span> 人"))
}

/// Sets city-tech's total (and a part, so the row still adds up) in the August report.
fn set_total(site: &TestSite, from: u32, to: u32) {
    site.replace(REPORT, &format!("total = {from}"), &format!("total = {to}"));
    site.replace(
        REPORT,
        &format!("three_year = {}", from - 150),
        &format!("three_year = {}", to - 150),
    );
}

/// An open event stream, read as EventSource reads it.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(
            stream,
            "GET /__sunshine/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        Events(BufReader::new(stream))
    }

    /// The data of the next message; fails when none comes within five seconds.
    fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.0.read_line(&mut line).expect("a message within five seconds");
            assert!(n > 0, "the event stream ended");
            // Chunk sizes and comments (keep-alive) around the message are skipped.
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.to_string();
            }
        }
    }
}

#[test]
fn an_open_page_hears_of_each_rebuild_at_once_and_its_own_build_is_told_apart() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let (status, page) = send(
        server.port,
        &format!("GET {PAGE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 200);
    let own = header(&page, "server-timing")
        .expect("the page says its build")
        .to_string();
    let mut events = Events::open(server.port);
    let first = events.next();
    assert_eq!(
        own,
        format!("sunshine;desc=\"{first}\""),
        "the stream starts with the page's build"
    );

    set_total(&site, 550, 551);
    let edited = Instant::now();
    let second = events.next();
    assert_ne!(second, first, "a rebuild is a new build");
    assert!(edited.elapsed() < Duration::from_secs(3), "{:?}", edited.elapsed());
    // The page is in place before the page is told to reload.
    let (_, page) = get(server.port, PAGE);
    assert!(shows(&page, 551), "{page}");
    assert_eq!(
        header(&page, "server-timing"),
        Some(format!("sunshine;desc=\"{second}\"").as_str())
    );

    // An error page is a build too: it reloads into the fixed page.
    site.replace(REPORT, "three_year = 401", "three_year = -401");
    let broken = events.next();
    assert_eq!(get(server.port, PAGE).0, 500);
    site.replace(REPORT, "three_year = -401", "three_year = 401");
    assert_ne!(events.next(), broken);
    assert_eq!(get(server.port, PAGE).0, 200);
}

/// The preview refuses what `build` refuses (issue 25): with a site built into public/, a
/// published figure edited without a `[[correction]]` is the error in the page, at the figure
/// (C05), not a new figure shown as if it could be published; with the correction, the page
/// shows the corrected figure marked 已更正.
#[test]
fn a_published_figure_edited_while_previewing_is_refused_in_the_page_as_build_refuses_it() {
    let site = TestSite::new("valid");
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let server = start(&site);
    const SCHOOL: &str = "/2024/units/east-school-a/";
    let (status, page) = get(server.port, SCHOOL);
    assert_eq!(status, 200);
    assert!(page.contains(">320</span> 人") && !page.contains("已更正"), "{page}");

    site.change_august_row();
    let body = eventually(server.port, SCHOOL, |s, _| s == 500);
    let at = site.at(REPORT, "251", 0);
    assert!(
        body.contains(&format!("error: {at}: 单位 &quot;east-school-a&quot; 的数字已经公布过"))
            && body.contains("中专人数 three_year 原为 250，现为 251；总数 total 原为 320，现为 321")
            && body.contains("规则 C05"),
        "{body}"
    );
    assert_eq!(get(server.port, "/").0, 500, "no page shows the refused figure");

    site.append(
        REPORT,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-03\nreason = \"误填\"\nwas = { three_year = 250, total = 320 }\n",
    );
    let page = eventually(server.port, SCHOOL, |s, _| s == 200);
    assert!(
        page.contains(">321</span> 人") && page.contains(">已更正</a>"),
        "{page}"
    );
}

#[test]
fn only_get_and_head_are_answered_and_a_body_is_refused_unread() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let started = Instant::now();
    let (status, answer) = send(
        server.port,
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999\r\n\r\nx",
    );
    assert_eq!(status, 413, "{answer}");
    assert!(answer.contains("预览不接受请求正文"), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered without waiting for the body"
    );
    let (status, answer) = send(
        server.port,
        "GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    assert_eq!(status, 413, "{answer}");
    let (status, answer) = send(
        server.port,
        "DELETE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 405, "{answer}");
    assert_eq!(header(&answer, "allow"), Some("GET, HEAD"));
    let (status, answer) = send(
        server.port,
        "HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status, 200, "{answer}");
    assert!(answer.ends_with("\r\n\r\n"), "no body after HEAD: {answer}");
    assert_eq!(get(server.port, "/").0, 200, "still serving");
}

#[test]
fn a_data_folder_deleted_and_restored_is_watched_again() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let data = site.root().join("data");
    let aside = site.root().join("data.bak");

    // Moved away and back (a restore from backup): the old watch followed the folder away.
    std::fs::rename(&data, &aside).unwrap();
    eventually(server.port, "/", |s, _| s == 500);
    std::fs::rename(&aside, &data).unwrap();
    eventually(server.port, PAGE, |s, _| s == 200);
    set_total(&site, 550, 551);
    eventually(server.port, PAGE, |_, b| shows(b, 551));

    // Deleted and written anew (a branch switch).
    let copy = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&data, copy.path());
    std::fs::remove_dir_all(&data).unwrap();
    eventually(server.port, "/", |s, _| s == 500);
    crate::common::copy_dir(copy.path(), &data);
    eventually(server.port, PAGE, |s, _| s == 200);
    set_total(&site, 551, 552);
    eventually(server.port, PAGE, |_, b| shows(b, 552));
}

#[test]
fn a_missing_root_shows_in_the_page_and_the_preview_recovers() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let gone = site.root().with_extension("gone");
    std::fs::rename(site.root(), &gone).unwrap();
    let page = eventually(server.port, PAGE, |s, _| s == 500);
    assert!(page.contains("站点目录不存在"), "{page}");
    std::fs::rename(&gone, site.root()).unwrap();
    eventually(server.port, PAGE, |s, b| s == 200 && shows(b, 550));
    set_total(&site, 550, 551);
    eventually(server.port, PAGE, |_, b| shows(b, 551));
}

#[cfg(target_os = "linux")]
fn count(pid: u32, what: &str) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/{what}")).map_or(0, Iterator::count)
}

/// Waits until `ok` holds of the server's (threads, descriptors), for at most `limit`.
#[cfg(target_os = "linux")]
fn settles(pid: u32, limit: Duration, ok: impl Fn(usize, usize) -> bool) -> (usize, usize) {
    let started = Instant::now();
    loop {
        let now = (count(pid, "task"), count(pid, "fd"));
        if ok(now.0, now.1) || started.elapsed() > limit {
            return now;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The loopback load test: 2,000 page views from 20 clients, then 500 connections that say
/// nothing and one that trickles its request head. Threads stay as they were throughout;
/// descriptors come back once the idle ones are timed out (10 s) without the clients closing
/// them; a page is still served meanwhile, and an open tab's event stream lives on.
/// `cargo test --release --test cli load -- --nocapture` prints the figures BENCHMARKS.md quotes.
#[cfg(target_os = "linux")]
#[test]
fn load_2000_views_and_500_idle_connections_leave_threads_and_descriptors_at_baseline() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let pid = server.child.id();
    assert_eq!(get(server.port, PAGE).0, 200);
    // An open tab's event stream, part of the baseline: it must outlive the idle timeout.
    let mut events = Events::open(server.port);
    let first = events.next();
    let baseline = (count(pid, "task"), count(pid, "fd"));

    let started = Instant::now();
    let clients: Vec<_> = (0..20)
        .map(|_| {
            let port = server.port;
            std::thread::spawn(move || (0..100).filter(|_| get(port, PAGE).0 == 200).count())
        })
        .collect();
    let served: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    let views = started.elapsed();
    assert_eq!(served, 2000);
    let after_views = settles(pid, Duration::from_secs(5), |t, f| t <= baseline.0 && f <= baseline.1);

    // A client that sends its request head a byte at a time, never finishing it.
    let port = server.port;
    let trickle = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
        let started = Instant::now();
        let head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
        for i in 0.. {
            let byte = head.get(i).copied().unwrap_or(b'a');
            let closed = stream.write_all(&[byte]).is_err()
                || match stream.read(&mut [0; 64]) {
                    Err(e) => !matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
                    Ok(_) => true,
                };
            if closed || started.elapsed() > Duration::from_secs(30) {
                break;
            }
        }
        started.elapsed()
    });
    let idle: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let held = settles(pid, Duration::from_secs(5), |_, f| f >= baseline.1 + 500);
    let (status, _) = get(server.port, PAGE);
    assert_eq!(status, 200, "a page is served while 500 connections idle");
    let timed_out = Instant::now();
    let after_idle = settles(pid, Duration::from_secs(25), |t, f| t <= baseline.0 && f <= baseline.1);
    let closed_in = timed_out.elapsed();
    // The server closed them: each client reads the end of its stream.
    for mut stream in idle {
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(stream.read(&mut [0; 64]).unwrap_or(0), 0);
    }
    let trickled = trickle.join().unwrap();
    assert!(
        trickled < Duration::from_secs(15),
        "a trickled request head is cut off: {trickled:?}"
    );
    // The tab's stream was kept alive meanwhile and still hears of a rebuild.
    set_total(&site, 550, 551);
    assert_ne!(events.next(), first);
    let (status, _) = send(
        server.port,
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999\r\n\r\n",
    );
    assert_eq!(status, 413);
    assert_eq!(get(server.port, "/").0, 200, "alive after the huge POST");
    eprintln!(
        "load: 2000 views from 20 clients in {views:.2?}; threads/fds baseline {baseline:?}, after views {after_views:?}, \
         with 500 idle {held:?}, {closed_in:.1?} later {after_idle:?}; a trickled head cut off after {trickled:.1?}"
    );
    assert_eq!(after_views.0, baseline.0, "no thread per view");
    assert!(
        after_views.1 <= baseline.1,
        "no socket left per view: {after_views:?} vs {baseline:?}"
    );
    assert_eq!(held.0, baseline.0, "no thread per idle connection");
    assert!(held.1 <= baseline.1 + 512 + 4, "connections are bounded: {held:?}");
    assert!(
        after_idle.0 <= baseline.0 && after_idle.1 <= baseline.1,
        "{after_idle:?} vs {baseline:?}"
    );
}

/// With a limit of 64 descriptors, 100 connections run the preview out of them: it says so once,
/// keeps running, and serves again when they close (it used to exit with status 0).
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_is_said_once_and_recovered_from() {
    let site = TestSite::new("valid");
    let log = site.root().with_extension("stderr");
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "ulimit -n 64 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_sunshine"),
        ])
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(site.root())
        .stderr(Stdio::from(std::fs::File::create(&log).unwrap()));
    let mut server = start_command(command);
    let many: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let said = |text: &str| std::fs::read_to_string(&log).unwrap_or_default().matches(text).count();
    let started = Instant::now();
    // Generous: on a loaded machine (CI beside other builds) the server may be slow to start.
    while said("无法接受新连接") == 0 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(said("无法接受新连接"), 1, "said once, not once per try");
    drop(many);
    eventually(server.port, PAGE, |s, _| s == 200);
    assert_eq!(said("已恢复接受连接"), 1);
    assert!(server.child.try_wait().unwrap().is_none(), "still running");
    let _ = std::fs::remove_file(&log);
}

/// Runs `sunshine serve` with `args` and returns its exit code and stderr; a preview that starts
/// after all is stopped (the test then fails on the exit code).
fn serve_fails(site: &TestSite, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("serve")
        .args(args)
        .args(["--quiet", "--root"])
        .arg(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if child.try_wait().unwrap().is_none() {
        let _ = child.kill();
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_port_in_use_is_said_in_chinese_with_another_port_to_try() {
    let site = TestSite::new("valid");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let (code, stderr) = serve_fails(&site, &["--port", &port.to_string()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("error: 端口 {port} 已被占用（可能已经开着一个预览） — ")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "sunshine serve --port {}（--port 0 自动选一个空闲端口）",
            port + 1
        )),
        "{stderr}"
    );
    assert!(
        !stderr.contains("os error") && !stderr.contains("Address"),
        "no English: {stderr}"
    );
}

#[test]
fn a_bind_address_not_on_this_machine_is_said_in_chinese() {
    let site = TestSite::new("valid");
    // 192.0.2.1 is for documentation (RFC 5737): no machine has it.
    let (code, stderr) = serve_fails(&site, &["--port", "0", "--bind", "192.0.2.1"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("error: 这台电脑没有地址 192.0.2.1 — "), "{stderr}");
    assert!(stderr.contains("--bind 0.0.0.0"), "{stderr}");
    assert!(!stderr.contains("os error"), "no English: {stderr}");
}

/// Event streams opened and never read (520 of them: more than the preview's connections) hand
/// back their connection's place: pages are still served at once, and the streams beyond the
/// preview's cap are told so (503) instead of being held open.
#[test]
fn unread_event_streams_never_lock_pages_out() {
    let site = TestSite::new("valid");
    let server = start(&site);
    let streams: Vec<TcpStream> = (0..520)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            write!(
                stream,
                "GET /__sunshine/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
            )
            .unwrap();
            stream
        })
        .collect();
    // The last stream is answered (the streams before it were all accepted): 503, the cap reached.
    let mut last = BufReader::new(streams.last().unwrap().try_clone().unwrap());
    last.get_ref().set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut status = String::new();
    last.read_line(&mut status).unwrap();
    assert!(status.starts_with("HTTP/1.1 503"), "{status}");
    let asked = Instant::now();
    let (code, page) = send(
        server.port,
        &format!("GET {PAGE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(code, 200, "{page}");
    assert!(asked.elapsed() < Duration::from_secs(3), "{:?}", asked.elapsed());
    drop(streams);
}

#[test]
fn a_new_site_is_previewed_under_a_banner_that_lists_its_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let new = Command::new(env!("CARGO_BIN_EXE_sunshine"))
        .arg("new")
        .arg(&site)
        .status()
        .unwrap();
    assert_eq!(new.code(), Some(0));
    let mut command = Command::new(env!("CARGO_BIN_EXE_sunshine"));
    command
        .args(["serve", "--port", "0", "--quiet", "--root"])
        .arg(&site)
        .stderr(Stdio::null());
    let server = start_command(command);
    // The site itself is shown, under the banner: not the error page `build` would be refused with.
    let (status, page) = get(server.port, "/");
    assert_eq!(status, 200, "{page}");
    let body = &page[page.find("<body>").expect("the site's own page")..];
    assert!(body.starts_with("<body>\n<link rel=\"stylesheet\" href=\"/__sunshine/preview.css\">\n<details class=\"sunshine-draft\" id=\"sunshine-draft\" open>\n<summary>预览：还有 15 处示例内容要换成真实内容，sunshine build 在换掉之前不会生成网站</summary>"), "{body}");
    for item in [
        "<li><code>data/site.toml:11:10</code> `phone` 还是 sunshine new 写的示例“0000-00000000”，不能公布",
        "<li><code>data/site.toml:10:12</code> `people` 还是 sunshine new 写的示例“张老师”，不能公布",
        "<li><code>data/units.toml:8:9</code> `name` 还是 sunshine new 写的示例“东县”，不能公布",
        "（规则 S13）</span></li>",
    ] {
        assert!(body.contains(item), "{item} missing from\n{body}");
    }
    assert!(body.contains("<p class=\"site-title\"><a href=\"./\">某某市中等职业学校阳光招生信息公开</a></p>"));
    // Every page has it; the stylesheet is the preview's own, allowed by the site's CSP.
    let (_, contact) = get(server.port, "/contact/");
    assert!(contact.contains("<details class=\"sunshine-draft\""));
    let (status, css) = get(server.port, "/__sunshine/preview.css");
    assert_eq!(status, 200);
    assert_eq!(header(&css, "content-type"), Some("text/css; charset=utf-8"));
    // Replaced and saved: the banner is gone from the next build.
    crate::common::replace_placeholders(&site);
    let page = eventually(server.port, "/", |status, body| {
        status == 200 && !body.contains("sunshine-draft")
    });
    assert!(
        page.contains("<p class=\"site-title\"><a href=\"./\">郑州市中等职业学校阳光招生信息公开</a></p>"),
        "{page}"
    );
}
