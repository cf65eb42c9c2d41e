//! Rebuilds write only what changed (issue 14): a file whose bytes are the same keeps its inode
//! and mtime, the changed ones are replaced, the ones no longer produced are removed, and
//! `--changes` lists them for a deploy step.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::common::{files_with_bytes, Run, TestSite};

const REPORT: &str = "data/2024/reports/2024-08.toml";

/// Every file of the output: its bytes, inode and mtime (ns).
fn files(out: &Path) -> BTreeMap<String, (Vec<u8>, u64, i64)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned();
            let mtime = meta.mtime() * 1_000_000_000 + meta.mtime_nsec();
            (rel, (std::fs::read(e.path()).unwrap(), meta.ino(), mtime))
        })
        .collect()
}

/// `sunshine build --out OUT --changes LIST` and any other arguments, as they are.
pub(crate) fn build_listing(site: &TestSite, out: &Path, changes: &str, more: &[&str]) -> Run {
    let mut args = vec!["build", "--out", out.to_str().unwrap(), "--changes", changes];
    args.extend(more);
    site.run(&args)
}

fn build(site: &TestSite, out: &Path, changes: &Path) -> Run {
    let run = build_listing(site, out, changes.to_str().unwrap(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// The valid fixture built once into a new output: the site, its output (`public/` in the
/// folder), the path `--changes` wrote, and the folder holding both (kept while it lives).
fn first_build() -> (TestSite, PathBuf, PathBuf, tempfile::TempDir) {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let (out, changes) = (dir.path().join("public"), dir.path().join("changes.txt"));
    build(&site, &out, &changes);
    (site, out, changes, dir)
}

/// A published figure corrected the way the contract asks: the row and a [[correction]].
pub(crate) fn correct_a_published_row(site: &TestSite) {
    site.change_august_row();
    site.append(
        REPORT,
        "\n[[correction]]\nunit = \"east-school-a\"\ndate = 2024-09-01\nreason = \"录入错误\"\nwas = { three_year = 250, total = 320 }\n",
    );
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// The changes a build made, from the files before and after.
fn diff(before: &BTreeMap<String, (Vec<u8>, u64, i64)>, after: &BTreeMap<String, (Vec<u8>, u64, i64)>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, (bytes, _, _)) in after {
        match before.get(path) {
            None => out.push(format!("A\t{path}")),
            Some((old, _, _)) if old != bytes => out.push(format!("M\t{path}")),
            Some(_) => {}
        }
    }
    out.extend(
        before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| format!("D\t{p}")),
    );
    out.sort_by(|a, b| a[2..].cmp(&b[2..]));
    out
}

#[test]
fn a_rebuild_of_the_same_input_touches_no_file() {
    let (site, out, changes, _dir) = first_build();
    let first = lines(&changes);
    assert!(first.iter().all(|l| l.starts_with("A\t")), "{first:?}");
    assert_eq!(
        first.len(),
        files(&out).len(),
        "every file of a new output is listed as added"
    );
    let before = files(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = build(&site, &out, &changes);
    assert_eq!(files(&out), before, "bytes, inodes and mtimes are as they were");
    assert!(run.stdout.contains("没有改动任何文件"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(&changes).unwrap(), "");
}

#[test]
fn a_manifest_written_pretty_printed_by_the_previous_version_is_the_baseline_of_a_rebuild() {
    use sunshine::output::manifest::{Manifest, MANIFEST_NAME};
    let (site, out, changes, _dir) = first_build();
    let written = std::fs::read_to_string(out.join(MANIFEST_NAME)).unwrap();
    assert!(
        written.starts_with("{\"generator\":\"sunshine\",\"input\":\"")
            && written.contains("\",\"files\":[\n{\"path\":"),
        "{written}"
    );
    assert_eq!(written.lines().count(), files(&out).len() + 1, "an entry per line");
    // As the previous version wrote it: the same entries, pretty-printed.
    let manifest = Manifest::read(&out).unwrap();
    let mut pretty = serde_json::to_vec_pretty(&manifest).unwrap();
    pretty.push(b'\n');
    std::fs::write(out.join(MANIFEST_NAME), &pretty).unwrap();
    let before = files(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&site, &out, &changes);
    let after = files(&out);
    assert_eq!(
        lines(&changes),
        ["M\tsunshine-manifest.json"],
        "only the manifest is rewritten"
    );
    for (path, (bytes, ino, mtime)) in &before {
        if path != MANIFEST_NAME {
            assert_eq!(
                (bytes, ino, mtime),
                (&after[path].0, &after[path].1, &after[path].2),
                "{path} was rewritten"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(out.join(MANIFEST_NAME)).unwrap(),
        written,
        "in the new form"
    );
}

#[test]
fn one_edited_row_rewrites_only_the_files_whose_bytes_changed_and_lists_them() {
    let (site, out, changes, _dir) = first_build();
    let before = files(&out);
    correct_a_published_row(&site);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let run = build(&site, &out, &changes);
    let after = files(&out);
    let listed = lines(&changes);
    assert_eq!(listed, diff(&before, &after), "the list is exactly what changed");
    assert!(
        listed.contains(&"M\t2024/units/east-school-a/index.html".to_string()),
        "{listed:?}"
    );
    assert!(listed.contains(&"M\tsunshine-manifest.json".to_string()), "{listed:?}");
    for (path, (bytes, ino, mtime)) in &before {
        let (new_bytes, new_ino, new_mtime) = &after[path];
        if bytes == new_bytes {
            assert_eq!((ino, mtime), (new_ino, new_mtime), "{path} was rewritten");
        } else {
            assert!(new_mtime > mtime, "{path} changed but kept its mtime");
        }
    }
    assert!(
        listed.len() * 2 < before.len(),
        "{} of {} files changed for one row",
        listed.len(),
        before.len()
    );
    // The correction is a new release of the open data: its files are added (A), the rest of
    // the list is what changed (M).
    assert!(listed.iter().any(|l| l.starts_with("A\tdata/releases/")), "{listed:?}");
    let summary = format!("改动 {} 个", listed.iter().filter(|l| l.starts_with("M\t")).count());
    assert!(run.stdout.contains(&summary), "{}", run.stdout);
}

#[test]
fn a_page_no_longer_produced_is_removed_with_its_empty_folder_and_listed() {
    let (site, out, changes, _dir) = first_build();
    std::fs::write(out.join("mine.txt"), "kept").unwrap();
    site.remove("content/city-tech-brochure.md");
    build(&site, &out, &changes);
    let listed = lines(&changes);
    assert!(
        listed.contains(&"D\tcity-tech-brochure/index.html".to_string()),
        "{listed:?}"
    );
    assert!(!out.join("city-tech-brochure").exists(), "its folder is gone");
    assert_eq!(std::fs::read_to_string(out.join("mine.txt")).unwrap(), "kept");
    assert!(!listed.iter().any(|l| l.ends_with("mine.txt")));
}

#[test]
fn a_file_edited_or_deleted_by_hand_in_the_output_is_written_again() {
    let (site, out, changes, _dir) = first_build();
    let home = std::fs::read(out.join("index.html")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // Same size, other bytes: the mtime gives it away.
    let mut edited = home.clone();
    edited[0] = b'X';
    std::fs::write(out.join("index.html"), &edited).unwrap();
    std::fs::remove_file(out.join("feed.xml")).unwrap();
    build(&site, &out, &changes);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), home);
    assert!(out.join("feed.xml").is_file());
    let listed = lines(&changes);
    assert!(listed.contains(&"M\tindex.html".to_string()), "{listed:?}");
    assert!(listed.contains(&"M\tfeed.xml".to_string()), "{listed:?}");
}

#[test]
fn a_changes_list_inside_the_output_or_over_someones_file_is_refused_before_building() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let inside = out.join("changes.txt");
    let run = build_listing(&site, &out, inside.to_str().unwrap(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("在输出目录") && run.stderr.contains("输出目录外面"),
        "{}",
        run.stderr
    );
    assert!(!out.exists(), "nothing was built");
    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, "给家长的一封信").unwrap();
    let run = build_listing(&site, &out, letter.to_str().unwrap(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("不是 sunshine 写的改动清单"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&letter).unwrap(), "给家长的一封信");
    assert!(!out.exists(), "nothing was built");
    let nowhere = dir.path().join("no-such-folder/changes.txt");
    let run = build_listing(&site, &out, nowhere.to_str().unwrap(), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("不存在"), "{}", run.stderr);
}

#[test]
fn a_refused_build_leaves_an_empty_changes_list_not_the_previous_one() {
    let (site, out, changes, _dir) = first_build();
    assert!(!lines(&changes).is_empty());
    site.replace(REPORT, "total = 320", "total = 999");
    let run = build_listing(&site, &out, changes.to_str().unwrap(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&changes).unwrap(), "");
}

#[test]
fn the_changes_list_can_go_to_standard_output_alone() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build_listing(&site, &out, "-", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().all(|l| l.starts_with("A\t")) && run.stdout.contains("A\tindex.html\n"),
        "{}",
        run.stdout
    );
}

/// A sink that keeps nothing but says which pages were rendered and which were kept, given the
/// fingerprints a previous run recorded.
#[derive(Default)]
struct Recording {
    previous: BTreeMap<String, String>,
    kept: std::sync::Mutex<Vec<String>>,
    rendered: std::sync::Mutex<BTreeMap<String, (String, Vec<u8>)>>,
}

impl sunshine::render::Sink for Recording {
    fn put(&self, _file: sunshine::render::OutputFile) -> std::io::Result<()> {
        Ok(())
    }
    fn keeps_pages(&self) -> bool {
        true
    }
    fn reuse(&self, path: &str, input: &str) -> bool {
        let same = self.previous.get(path).is_some_and(|p| p == input);
        if same {
            self.kept.lock().unwrap().push(path.to_string());
        }
        same
    }
    fn put_page(&self, file: sunshine::render::OutputFile, input: String) -> std::io::Result<()> {
        self.rendered.lock().unwrap().insert(file.path, (input, file.bytes));
        Ok(())
    }
}

fn render_recording(site: &TestSite, previous: BTreeMap<String, String>) -> Recording {
    let checked = sunshine::check(site.root()).unwrap();
    let model = checked.site.as_ref().expect("the fixture is valid");
    let sink = Recording {
        previous,
        ..Recording::default()
    };
    sunshine::render::render_into(model, &checked.raw.templates, &sink).unwrap();
    sink
}

#[test]
fn a_page_is_rendered_again_exactly_when_what_it_shows_may_have_changed() {
    let site = TestSite::new("valid");
    let first = render_recording(&site, BTreeMap::new());
    let first_pages = first.rendered.into_inner().unwrap();
    assert!(first_pages.len() > 20, "every page has a fingerprint");
    let inputs: BTreeMap<String, String> = first_pages
        .iter()
        .map(|(p, (input, _))| (p.clone(), input.clone()))
        .collect();

    // The same input: no page is rendered.
    let again = render_recording(&site, inputs.clone());
    assert!(again.rendered.into_inner().unwrap().is_empty());
    assert_eq!(again.kept.into_inner().unwrap().len(), first_pages.len());

    // One corrected row: the pages whose bytes change are all rendered again (none is left
    // stale), and few others are.
    correct_a_published_row(&site);
    let edited = render_recording(&site, inputs);
    let rendered = edited.rendered.into_inner().unwrap();
    let fresh = render_recording(&site, BTreeMap::new()).rendered.into_inner().unwrap();
    for (path, (_, bytes)) in &fresh {
        if first_pages.get(path).is_none_or(|(_, old)| old != bytes) {
            assert!(rendered.contains_key(path), "{path} changed but was not rendered");
        }
    }
    assert!(rendered.contains_key("2024/units/east-school-a/index.html"));
    assert!(
        rendered.len() * 2 < fresh.len(),
        "{} of {} pages rendered for one row",
        rendered.len(),
        fresh.len()
    );

    // A site's own template: every page that uses it is rendered again.
    site.write(
        "templates/unit.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义</p>{% endblock content %}",
    );
    let inputs: BTreeMap<String, String> = fresh.iter().map(|(p, (input, _))| (p.clone(), input.clone())).collect();
    let themed = render_recording(&site, inputs).rendered.into_inner().unwrap();
    assert!(themed.contains_key("2024/units/east-school-a/index.html"));
    assert!(
        themed.contains_key("index.html"),
        "a changed template set renders every page"
    );
}

/// Every file of the output by path, with its bytes only.
fn contents(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files(out).into_iter().map(|(p, (bytes, _, _))| (p, bytes)).collect()
}

/// The kill loop: a rebuild that changes many pages is killed (abort, as SIGKILL: no
/// destructor runs) at each point of putting the new site in place in turn, and the output is
/// looked at before anything else runs. At every point it is wholly the previous site or wholly
/// the new one, with nothing of ours inside it; the next build leaves the new site and nothing
/// beside the output.
#[test]
fn a_build_killed_at_any_point_of_its_commit_leaves_the_old_site_or_the_new_one() {
    let (site, out, changes, dir) = first_build();
    let old_data = site.read("data/units.toml");
    let old_site = contents(&out);
    // The record kept under the root after the first build (published.lock, the first release of
    // the open data): put back before each round, so that the old data is that release again
    // and the new data the same second release each time.
    let record: Vec<(String, Vec<u8>)> = files_with_bytes(&site.root().join("releases"))
        .into_iter()
        .map(|(p, b)| (format!("releases/{p}"), b))
        .chain([("published.lock".to_string(), site.read("published.lock").into_bytes())])
        .collect();
    let put_back = || {
        let _ = std::fs::remove_dir_all(site.root().join("releases"));
        for (path, bytes) in &record {
            let path = site.root().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    };
    // A new name changes many pages.
    let new_data = old_data.replace("name = \"东区\"", "name = \"东城区\"");
    site.write("data/units.toml", &new_data);
    build(&site, &out, &changes);
    let new_site = contents(&out);
    assert_ne!(old_site, new_site);
    let beside = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public" && n != "changes.txt")
            .collect();
        names.sort();
        names
    };
    // Killed at `point`: None when the build got past its last point and finished.
    let kill_at = |point: usize| -> Option<BTreeMap<String, Vec<u8>>> {
        put_back();
        site.write("data/units.toml", &old_data);
        build(&site, &out, &changes);
        assert_eq!(contents(&out), old_site, "the next build puts the previous site back");
        assert!(beside().is_empty(), "{:?}", beside());
        site.write("data/units.toml", &new_data);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .args(["build", "--quiet", "--out", out.to_str().unwrap(), "--root"])
            .arg(site.root())
            .env("SUNSHINE_TEST_ABORT_AFTER", point.to_string())
            .output()
            .unwrap();
        let now = contents(&out);
        if run.status.success() {
            assert_eq!(now, new_site);
            return None;
        }
        assert!(
            now == old_site || now == new_site,
            "killed at point {point}: the output mixes the two sites"
        );
        assert!(
            std::fs::read_dir(&out).unwrap().all(|e| !e
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".sunshine")),
            "killed at point {point}: a folder of ours is inside the output"
        );
        Some(now)
    };
    // The first points, then every fifth (files linked into the new site), then the last
    // ones (the manifest written, the folders exchanged, the previous site removed).
    let mut killed = Vec::new();
    let mut point = 1;
    let last = loop {
        match kill_at(point) {
            Some(now) => killed.push((point, now)),
            None => break point,
        }
        point += if point < 3 { 1 } else { 5 };
    };
    let tried: Vec<usize> = killed.iter().map(|(k, _)| *k).collect();
    for point in (last.saturating_sub(9)..last).filter(|p| !tried.contains(p)) {
        if let Some(now) = kill_at(point) {
            killed.push((point, now));
        }
    }
    let saw_old = killed.iter().any(|(_, now)| *now == old_site);
    let saw_new = killed.iter().any(|(_, now)| *now == new_site);
    assert!(killed.len() >= 10, "only {} kill points", killed.len());
    assert!(saw_old && saw_new, "killed before and after the swap");
    build(&site, &out, &changes);
    assert_eq!(contents(&out), new_site);
    assert!(beside().is_empty(), "{:?}", beside());
}

#[test]
fn with_since_the_list_covers_every_build_since_the_last_upload() {
    let (site, out, changes, dir) = first_build();
    let uploaded = dir.path().join("uploaded-manifest.json");
    // Uploaded: the deploy step keeps the manifest it sent.
    std::fs::copy(out.join("sunshine-manifest.json"), &uploaded).unwrap();
    let at_upload = files(&out);
    let since = |site: &TestSite| {
        let run = build_listing(
            site,
            &out,
            changes.to_str().unwrap(),
            &["--since", uploaded.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        lines(&changes)
    };
    // Two builds before the next upload: a new phone number, then a page taken down.
    site.replace("data/site.toml", "0000-12345678", "0000-12345699");
    let first = since(&site);
    site.remove("content/city-tech-brochure.md");
    let second = since(&site);
    // Every file the first build changed is still listed (a page changed, then taken down, as D).
    let paths = |l: &Vec<String>| -> Vec<String> { l.iter().map(|l| l[2..].to_string()).collect() };
    assert!(
        paths(&first).iter().all(|p| paths(&second).contains(p)),
        "{first:?} {second:?}"
    );
    assert_eq!(second, diff(&at_upload, &files(&out)), "everything since the upload");
    assert!(second.contains(&"D\tcity-tech-brochure/index.html".to_string()));
    // After the next upload, nothing is pending.
    std::fs::copy(out.join("sunshine-manifest.json"), &uploaded).unwrap();
    assert!(since(&site).is_empty());
    // Not a manifest: refused before anything is built.
    std::fs::write(&uploaded, "not json").unwrap();
    let run = build_listing(
        &site,
        &out,
        changes.to_str().unwrap(),
        &["--since", uploaded.to_str().unwrap()],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("不是 sunshine 生成的文件清单"), "{}", run.stderr);
}

/// The site built into `out` by the library, which says how many pages it rendered.
fn built(site: &TestSite, out: &Path) -> sunshine::Built {
    let built = sunshine::build(site.root(), out, false).unwrap();
    assert!(built.written.is_some(), "{:?}", built.diagnostics);
    built
}

#[test]
fn an_unchanged_rebuild_renders_no_page_and_one_row_renders_only_what_it_changes() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let first = built(&site, &out);
    let (pages, _) = first.written.unwrap();
    assert_eq!(first.rendered, pages, "a new output renders every page");
    let before = files(&out);

    // The same input, every file as written: nothing is rendered, nothing touched.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = built(&site, &out);
    assert_eq!(again.rendered, 0);
    assert_eq!(again.written.unwrap().0, pages, "every page is still counted");
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    assert_eq!(files(&out), before);

    // One corrected row: few pages are rendered, and the output is byte for byte a fresh build's.
    correct_a_published_row(&site);
    let edited = built(&site, &out);
    assert!(
        edited.rendered > 0 && edited.rendered * 2 < pages,
        "{} of {pages} pages rendered for one row",
        edited.rendered
    );
    let fresh = dir.path().join("fresh");
    built(&site, &fresh);
    assert_eq!(contents(&out), contents(&fresh));

    // A page edited by hand in the output is written again, though the input is the same.
    let unit = out.join("2024/units/east-school-a/index.html");
    std::fs::write(&unit, "edited by hand").unwrap();
    let repaired = built(&site, &out);
    assert_eq!(repaired.rendered, 1);
    assert_eq!(contents(&out), contents(&fresh));

    // A site's own template renders every page that uses it again; a static file added is
    // copied without rendering a page.
    site.write("static/robots-extra.txt", "extra");
    let with_static = built(&site, &out);
    assert!(out.join("robots-extra.txt").is_file());
    assert_eq!(with_static.rendered, 0, "a static file's name changes no page's input");
    site.write(
        "templates/unit.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义</p>{% endblock content %}",
    );
    let themed = built(&site, &out);
    assert!(themed.rendered > 3, "{}", themed.rendered);
    assert!(std::fs::read_to_string(&unit).unwrap().contains("<p>自定义</p>"));
}
