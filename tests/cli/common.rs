//! A fixture site copied to a temporary directory, edited by a test, and run through the binary.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestSite {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that a diagnostic line starts with `level: path:line:col:` and contains every part.
    pub fn assert_diagnostic(&self, level: &str, at: &str, parts: &[&str]) {
        // `at` may be "path:line" or "path:line:col"; the colon after it ends that part.
        // A part `规则 X01` is looked for under the line, where the rule code is printed; every
        // other part on the message line itself.
        let prefix = format!("{level}: {at}:");
        let lines: Vec<&str> = self.stderr.lines().collect();
        let found = lines.iter().enumerate().any(|(i, l)| {
            let below: Vec<&str> = lines[i + 1..]
                .iter()
                .take_while(|b| !b.starts_with("error: ") && !b.starts_with("warning: ") && !b.starts_with("note: "))
                .copied()
                .collect();
            l.starts_with(&prefix)
                && l.contains(" — ")
                && parts.iter().all(|p| match p.strip_prefix("规则 ") {
                    Some(_) => below.iter().any(|b| b.ends_with(p)),
                    None => l.contains(p),
                })
        });
        assert!(found, "no `{prefix}…` line containing {parts:?} in:\n{}", self.stderr);
    }

    pub fn assert_error(&self, at: &str, parts: &[&str]) {
        assert_eq!(self.code, 1, "exit code, stderr:\n{}", self.stderr);
        self.assert_diagnostic("error", at, parts);
    }

    pub fn error_count(&self) -> usize {
        self.stderr.lines().filter(|l| l.starts_with("error: ")).count()
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a fixture; a published record (`published.lock`) and the kept releases (`releases/`)
/// that a build of the fixture in place left at its root (`.ci/run` builds them) are not part of
/// it and are left out.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel == Path::new("published.lock") || rel.starts_with("releases") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestSite {
    /// A copy of tests/fixtures/<name>.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Replaces the `nth` (0-based) occurrence of `from` with `to`; panics when absent.
    pub fn replace_nth(&self, rel: &str, from: &str, to: &str, nth: usize) -> &Self {
        let text = self.read(rel);
        let (at, _) = text
            .match_indices(from)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{from}` not in {rel}"));
        let edited = format!("{}{}{}", &text[..at], to, &text[at + from.len()..]);
        self.write(rel, edited)
    }

    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        self.replace_nth(rel, from, to, 0)
    }

    /// Changes east-school-a's row of the fixture's August report: 中专 250 → 251 and the total
    /// 320 → 321 (figures a build of the fixture has published).
    pub fn change_august_row(&self) -> &Self {
        const AUGUST: &str = "data/2024/reports/2024-08.toml";
        self.replace(AUGUST, "three_year = 250", "three_year = 251");
        self.replace(AUGUST, "total = 320", "total = 321")
    }

    /// Marks the fixture's 2024 report of `month` as sample data (`sample = true` after its
    /// `as_of = 2024-MM-15`).
    pub fn mark_sample(&self, month: u32) -> &Self {
        let as_of = format!("as_of = 2024-{month:02}-15");
        self.replace(
            &format!("data/2024/reports/2024-{month:02}.toml"),
            &as_of,
            &format!("{as_of}\nsample = true"),
        )
    }

    /// Appends text to a file.
    pub fn append(&self, rel: &str, text: &str) -> &Self {
        let old = self.read(rel);
        self.write(rel, format!("{old}{text}"))
    }

    /// "rel:line:col" of the `nth` occurrence of `needle` (column in characters).
    pub fn at(&self, rel: &str, needle: &str, nth: usize) -> String {
        let text = self.read(rel);
        let (offset, _) = text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("`{needle}` not in {rel}"));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
        format!("{rel}:{line}:{col}")
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }
}

/// Every tag in an HTML or XML text, as written between `<` and `>`. Text never holds a raw `<`
/// (the renderer escapes it), so each `<` starts a real tag.
pub fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// A tag's name and attributes (name, value), values unquoted as written.
pub fn parse_tag(tag: &str) -> (String, Vec<(String, String)>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let take_name = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && !chars[*i].is_whitespace() && chars[*i] != '=' {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>().to_ascii_lowercase()
    };
    let name = take_name(&mut i);
    let mut attrs = Vec::new();
    loop {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let attr = take_name(&mut i);
        let mut value = String::new();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            if i < chars.len() && (chars[i] == '"' || chars[i] == '\'') {
                let quote = chars[i];
                i += 1;
                while i < chars.len() && chars[i] != quote {
                    value.push(chars[i]);
                    i += 1;
                }
                i += 1;
            } else {
                while i < chars.len() && !chars[i].is_whitespace() {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        } else if attr.is_empty() {
            i += 1;
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        }
    }
    (name.trim_start_matches('/').to_string(), attrs)
}

/// Tags that could run code or hide content: script-like elements, event attributes, script URLs.
pub fn live_tags(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|tag| {
            if tag.starts_with("<!") || tag.starts_with("<?") {
                return false;
            }
            let (name, attrs) = parse_tag(tag);
            // Our own scripts, by file, are the only scripts a page may carry: the search page's
            // and the 大字模式 toggle's.
            let own_script = name == "script"
                && (tag.starts_with("</")
                    || attrs.iter().any(|(a, v)| {
                        a == "src"
                            && (v.contains("assets/search.") || v.contains("assets/textsize."))
                            && v.ends_with(".js")
                    }));
            if own_script {
                return false;
            }
            let bad_element =
                ["script", "iframe", "object", "embed", "textarea", "style", "base"].contains(&name.as_str());
            let event_attribute = attrs.iter().any(|(a, _)| a.starts_with("on"));
            let script_url = attrs.iter().any(|(a, v)| {
                let v = v.trim().to_ascii_lowercase();
                ["href", "src", "action", "formaction", "xlink:href"].contains(&a.as_str())
                    && (v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("data:text/html"))
            });
            bad_element || event_attribute || script_url
        })
        .map(str::to_string)
        .collect()
}

/// A cell of a long table of `data/<year>.json` (pandas' split orientation, `{"columns": [...],
/// "data": [[...], ...]}`), by row and column name, as `pandas.DataFrame(t["data"],
/// columns=t["columns"])` reads it.
pub fn cell<'a>(table: &'a serde_json::Value, row: usize, column: &str) -> &'a serde_json::Value {
    let columns = table["columns"].as_array().expect("a table has columns");
    let at = columns
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {columns:?}"));
    let values = table["data"][row].as_array().expect("a row of data");
    assert_eq!(values.len(), columns.len(), "row {row}: a value per column");
    &values[at]
}

/// What a bureau writes in place of each stand-in `sunshine new` left in the site under `root`
/// (its city, people, numbers, document numbers and notice), and one complaint channel: every
/// text file under data/ and content/ is rewritten.
pub fn replace_placeholders(root: &Path) {
    const REAL: &[(&str, &str)] = &[
        ("某某省", "河南省"),
        ("某某", "郑州"),
        ("某教函", "郑教职成"),
        ("# phone = \"0000-00000000\"", "phone = \"0371-66983800\""),
        ("0000-00000000", "0371-66983858"),
        ("\"张老师\", \"李老师\"", "\"左晓静\", \"杨建松\""),
        ("@example.com", "@jyj.zhengzhou.gov.cn"),
        ("\"东县\"", "\"中牟县\""),
        ("\"东县职业教育中心\"", "\"中牟县职业教育中心\""),
        ("\"省中等职业教育统一招生平台\"", "\"河南省中等职业教育统一招生平台\""),
        ("（在这里写通知全文。）", "各校按时报送，逾期的在通报中点名。"),
    ];
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root.join("data"), &mut files);
    walk(&root.join("content"), &mut files);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let real = REAL.iter().fold(text, |t, (from, to)| t.replace(from, to));
        std::fs::write(&path, real).unwrap();
    }
}

/// Every file under `dir` with its bytes (none when `dir` does not exist), for checks that a
/// folder is byte for byte as it was.
pub fn files_with_bytes(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return std::collections::BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
