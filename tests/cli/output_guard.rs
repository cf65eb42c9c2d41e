//! `build --out` never removes or overwrites a file sunshine did not write: each dangerous
//! folder is refused with exit 2 and left byte for byte; the everyday rebuild just works.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{Run, TestSite};

/// Every file and link under `root` with its bytes (links as their target), for byte-for-byte checks.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    if !root.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let bytes = if e.file_type().is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (rel, bytes)
        })
        .collect()
}

fn build(site: &TestSite, out: &Path) -> Run {
    site.run(&["build", "--out", out.to_str().unwrap()])
}

fn assert_refused(run: &Run, parts: &[&str]) {
    assert_eq!(run.code, 2, "exit code, stderr:\n{}", run.stderr);
    let line = run
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .expect("an error line");
    assert!(line.contains(" — "), "no hint in {line}");
    for p in parts {
        assert!(line.contains(p), "`{p}` not in {line}");
    }
}

fn documents(dir: &Path) {
    std::fs::create_dir_all(dir.join("2024")).unwrap();
    std::fs::write(dir.join("工作总结.docx"), b"PK\x03\x04 a clerk's report").unwrap();
    std::fs::write(dir.join("2024/名单.xlsx"), b"PK\x03\x04 a list").unwrap();
}

#[test]
fn a_folder_of_documents_is_refused_and_left_byte_for_byte() {
    let site = TestSite::new("valid");
    let docs = tempfile::tempdir().unwrap();
    documents(docs.path());
    let before = tree(docs.path());
    let run = build(&site, docs.path());
    assert_refused(
        &run,
        &[
            "不是 sunshine 生成的",
            "2 个",
            "没有写入任何东西",
            "换一个新的或空的文件夹",
        ],
    );
    assert_eq!(tree(docs.path()), before);
    // Nothing was staged beside it either (other tests build beside their own folders here).
    let staged = format!(".{}.new-", docs.path().file_name().unwrap().to_string_lossy());
    let beside: Vec<_> = std::fs::read_dir(docs.path().parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&staged))
        .collect();
    assert!(beside.is_empty());
}

#[test]
fn the_site_root_and_every_folder_above_it_are_refused() {
    let site = TestSite::new("valid");
    let before = tree(site.root());
    for out in [
        site.root().to_path_buf(),
        site.root().parent().unwrap().to_path_buf(),
        site.root().join("."),
    ] {
        let run = build(&site, &out);
        assert_refused(&run, &["站点目录本身或它的上级目录", "去掉 --out"]);
    }
    assert_eq!(tree(site.root()), before);
}

#[test]
fn folders_inside_the_sources_are_refused() {
    let site = TestSite::new("valid");
    site.write("static/x/keep.pdf", "pdf");
    let before = tree(site.root());
    for (rel, folder) in [
        ("data", "data/"),
        ("content/notices", "content/"),
        ("static/x", "static/"),
        ("templates/new", "templates/"),
    ] {
        let run = build(&site, &site.root().join(rel));
        assert_refused(&run, &[folder, "不能放在 data/、content/、static/、templates/ 里面"]);
    }
    assert_eq!(tree(site.root()), before);
}

#[test]
fn a_file_is_refused_and_not_moved() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("public");
    std::fs::write(&file, "not a folder").unwrap();
    let run = build(&site, &file);
    assert_refused(&run, &["是一个文件", "没有改动"]);
    assert_eq!(
        tree(dir.path()),
        BTreeMap::from([("public".to_string(), b"not a folder".to_vec())])
    );
}

#[test]
fn a_new_or_empty_folder_is_built_and_marked_with_a_manifest() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for out in [dir.path().join("new/site"), empty] {
        let run = build(&site, &out);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("sunshine-manifest.json")).unwrap()).unwrap();
        assert_eq!(manifest["generator"], "sunshine");
        let files = manifest["files"].as_array().unwrap();
        let index = files.iter().find(|f| f["path"] == "index.html").unwrap();
        let bytes = std::fs::read(out.join("index.html")).unwrap();
        assert_eq!(index["size"], bytes.len() as u64);
        assert_eq!(index["sha256"], sunshine::hash::sha256_hex(&bytes));
        // Every file listed, the manifest itself excepted.
        let on_disk: Vec<String> = tree(&out)
            .into_keys()
            .filter(|p| p != "sunshine-manifest.json")
            .collect();
        let listed: Vec<String> = files.iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        assert_eq!(on_disk, listed);
    }
}

#[test]
fn a_site_built_before_manifests_is_recognised_and_rebuilt() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(build(&site, &out).code, 0);
    std::fs::remove_file(out.join("sunshine-manifest.json")).unwrap();
    // A page of a unit that has since gone, in the layout an earlier build wrote; and a file
    // someone put there by hand.
    std::fs::create_dir_all(out.join("2024/units/gone")).unwrap();
    std::fs::write(out.join("2024/units/gone/index.html"), "from an old build").unwrap();
    std::fs::write(out.join("2024/附件.pdf"), "by hand").unwrap();
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("sunshine-manifest.json").is_file());
    assert!(
        !out.join("2024/units/gone/index.html").exists(),
        "an old build's page is sunshine's"
    );
    assert_eq!(std::fs::read(out.join("2024/附件.pdf")).unwrap(), b"by hand");
}

#[test]
fn a_file_put_into_a_built_site_is_kept_and_one_at_a_generated_path_is_refused() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(build(&site, &out).code, 0);
    std::fs::write(out.join("2024/附件.pdf"), "attachment").unwrap();
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("已原样保留"), "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("2024/附件.pdf")).unwrap(), b"attachment");

    // A file of the user's where this build writes a page: refused, nothing changes.
    std::fs::remove_file(out.join("glossary/index.html")).unwrap();
    let manifest = std::fs::read_to_string(out.join("sunshine-manifest.json")).unwrap();
    let edited: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let mut edited = edited;
    edited["files"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["path"] != "glossary/index.html");
    std::fs::write(out.join("sunshine-manifest.json"), serde_json::to_vec(&edited).unwrap()).unwrap();
    std::fs::write(out.join("glossary/index.html"), "my own page").unwrap();
    let before = tree(&out);
    let run = build(&site, &out);
    assert_refused(&run, &["glossary/index.html", "不是 sunshine 生成的", "static/"]);
    assert_eq!(tree(&out), before);
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_is_written_through_and_the_link_stays() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let web_root = dir.path().join("www/html");
    std::fs::create_dir_all(&web_root).unwrap();
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&web_root, &link).unwrap();
    for _ in 0..2 {
        let run = build(&site, &link);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert!(web_root.join("index.html").is_file());
    }
    // A link that points nowhere is refused.
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("missing"), &dangling).unwrap();
    assert_refused(&build(&site, &dangling), &["符号链接"]);
}

#[test]
fn a_failed_build_names_the_users_folder_and_says_the_site_is_unchanged() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(build(&site, &out).code, 0);
    let before = tree(&out);
    site.write("templates/base.html", "{% broken");
    let run = build(&site, &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("{} 保持原样", out.display())),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(".new-"), "{}", run.stderr);
    assert_eq!(tree(&out), before);
}

#[test]
fn the_staging_folder_of_a_killed_build_is_removed_by_the_next() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    // A build killed while rendering (pid 4194304 is above Linux's pid_max, so never alive).
    let killed = dir.path().join(".public.new-4194304");
    std::fs::create_dir_all(killed.join("2024")).unwrap();
    std::fs::write(killed.join(".sunshine-staging"), "").unwrap();
    std::fs::write(killed.join("2024/index.html"), "half").unwrap();
    // Killed between creating its folder and marking it: empty, so nothing to lose.
    let unmarked = dir.path().join(".public.new-4194306");
    std::fs::create_dir_all(&unmarked).unwrap();
    // Not ours: no staging mark and something in it, so it stays.
    let theirs = dir.path().join(".public.new-4194305");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    if Path::new("/proc/self").exists() {
        assert!(!killed.exists());
        assert!(!unmarked.exists());
    }
    assert_eq!(std::fs::read_to_string(theirs.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn a_site_moved_aside_by_a_killed_build_is_put_back() {
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(build(&site, &out).code, 0);
    std::fs::write(out.join("2024/附件.pdf"), "kept").unwrap();
    let aside = dir.path().join(".public.old-4194304");
    std::fs::rename(&out, &aside).unwrap();
    if !Path::new("/proc/self").exists() {
        return;
    }
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!aside.exists());
    assert_eq!(std::fs::read(out.join("2024/附件.pdf")).unwrap(), b"kept");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    /// Paths a user's folder might hold, some of them where sunshine writes its own files.
    const PATHS: &[&str] = &[
        "index.html",
        "工作总结.docx",
        "2024/index.html",
        "2024/名单.xlsx",
        "assets/logo.png",
        "data/2024.json",
        "sunshine-manifest.json",
        "notes.txt",
        "robots.txt",
        "deep/a/b/c.txt",
    ];

    fn user_files() -> impl Strategy<Value = Vec<(usize, Vec<u8>)>> {
        prop::collection::vec((0..PATHS.len(), prop::collection::vec(any::<u8>(), 0..16)), 1..6)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]

        /// Whatever the folder holds, and whether or not a site was built there first, a build
        /// either refuses and changes nothing, or succeeds and keeps every file the user put there.
        #[test]
        fn a_build_never_removes_or_overwrites_a_file_it_did_not_write(
            files in user_files(),
            built_first in any::<bool>(),
            manifest_json in any::<bool>(),
        ) {
            let site = TestSite::new("valid");
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            if built_first {
                prop_assert!(sunshine::build(site.root(), &out, false).unwrap().written.is_some());
            }
            let before_ours = tree(&out);
            let mut theirs = BTreeMap::new();
            for (i, bytes) in &files {
                let rel = PATHS[*i];
                let path = out.join(rel);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let bytes = if rel == "sunshine-manifest.json" && manifest_json {
                    br#"{"generator":"someone else","files":[]}"#.to_vec()
                } else {
                    bytes.clone()
                };
                std::fs::write(&path, &bytes).unwrap();
                theirs.insert(rel.to_string(), bytes);
            }
            let before = tree(&out);
            let result = sunshine::build(site.root(), &out, false);
            let after = tree(&out);
            match result {
                Ok(built) if built.written.is_some() => {
                    for (rel, bytes) in &theirs {
                        // A file the user wrote over one sunshine wrote before (the manifest too) is
                        // sunshine's to replace.
                        if !before_ours.contains_key(rel) {
                            prop_assert!(after.get(rel) == Some(bytes), "{} lost or changed", rel);
                        }
                    }
                }
                Ok(_) => prop_assert!(false, "the fixture is valid"),
                Err(_) => prop_assert!(after == before, "a refused build changed the folder"),
            }
        }
    }
}

/// A site big enough that a debug build takes a while: `n` schools with quotas.
fn big_site(n: usize) -> TestSite {
    let site = TestSite::new("valid");
    let mut units = String::new();
    let mut quotas = String::new();
    for i in 0..n {
        units.push_str(&format!(
            "\n[[unit]]\nid = \"big-{i}\"\nname = \"大学校{i}\"\nkind = \"school\"\n"
        ));
        quotas.push_str(&format!("\n[[quota]]\nunit = \"big-{i}\"\nquota = 10\n"));
    }
    site.append("data/units.toml", &units);
    site.append("data/2024/quotas.toml", &quotas);
    let text = site.read("data/2024/quotas.toml");
    let total: String = text.lines().find(|l| l.starts_with("total = ")).unwrap().to_string();
    let old: u64 = total.trim_start_matches("total = ").parse().unwrap();
    site.replace(
        "data/2024/quotas.toml",
        &total,
        &format!("total = {}", old + 10 * n as u64),
    );
    site
}

#[cfg(unix)]
#[test]
fn a_build_killed_with_sigkill_leaves_the_site_and_the_next_build_leaves_nothing_beside_it() {
    let site = big_site(1500);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let run = build(&site, &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = tree(&out);
    let beside = || -> Vec<String> {
        std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "public")
            .collect()
    };
    // On a loaded machine the build may finish between the check and the kill: try again.
    let mut left = Vec::new();
    for _attempt in 0..5 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sunshine"))
            .args(["build", "--quiet", "--out", out.to_str().unwrap(), "--root"])
            .arg(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the build has started writing its staging folder, then kill it.
        let started = std::time::Instant::now();
        while beside().is_empty() && started.elapsed() < std::time::Duration::from_secs(30) {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        child.kill().unwrap(); // SIGKILL: no destructor runs
        let _ = child.wait();
        assert_eq!(tree(&out), before, "the killed build changed the site");
        left = beside();
        if !left.is_empty() {
            break;
        }
    }
    assert!(
        left.iter().any(|n| n.starts_with(".public.new-")),
        "killed mid-way: {left:?}"
    );
    assert_eq!(build(&site, &out).code, 0);
    assert!(
        beside().is_empty(),
        "left beside the output: {:?} (after the kill: {left:?})",
        beside()
    );
    assert_eq!(tree(&out), before, "the same input gives the same site");
}

/// The output's manifest says which files a build may replace and remove, and it is whatever
/// the output folder holds (a copy of the server's site, say): each entry is checked before
/// it is used, and one hostile entry refuses the manifest whole.
mod forged_manifest {
    use super::*;

    /// The valid fixture built into its default `public/`, with `entries` added to the manifest.
    fn forged(entries: &[&str]) -> (TestSite, std::path::PathBuf) {
        let site = TestSite::new("valid");
        let out = site.root().join("public");
        assert_eq!(build(&site, &out).code, 0);
        let path = out.join("sunshine-manifest.json");
        let mut manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let files = manifest["files"].as_array_mut().unwrap();
        for entry in entries {
            files.push(serde_json::json!({"path": entry, "size": 5, "sha256": "ab".repeat(32)}));
        }
        files.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
        std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
        (site, out)
    }

    /// A file outside the site, beside its folder, with a name of its own (tests run at once).
    fn victim(site: &TestSite) -> String {
        format!("{}-victim.txt", site.root().file_name().unwrap().to_string_lossy())
    }

    fn refused_with_nothing_touched(entries: &[&str], named: &str) {
        let (site, out) = forged(entries);
        let outside = site.root().parent().unwrap().join(victim(&site));
        std::fs::write(&outside, "victim").unwrap();
        std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
        let sources = tree(&site.root().join("data"));
        let before = tree(&out);
        let run = build(&site, &out);
        assert_refused(&run, &["sunshine-manifest.json 不可信", named, "没有写入任何东西"]);
        assert_eq!(tree(&out), before, "the output changed");
        assert_eq!(tree(&site.root().join("data")), sources, "the site's data changed");
        assert_eq!(
            std::fs::read_to_string(site.root().join("secret.txt")).unwrap(),
            "secret"
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "victim");
        std::fs::remove_file(outside).unwrap();
    }

    #[test]
    fn an_entry_that_climbs_to_the_sites_data_is_refused() {
        refused_with_nothing_touched(&["../data/site.toml"], "\"../data/site.toml\"");
    }

    #[test]
    fn an_entry_that_climbs_through_a_year_to_the_site_root_is_refused() {
        refused_with_nothing_touched(&["2024/../../secret.txt"], "含 . 或 .. 路径段");
    }

    #[test]
    fn an_entry_that_reaches_outside_the_site_is_refused() {
        let site = TestSite::new("valid");
        let entry = format!("2024/../../../{}", victim(&site));
        drop(site);
        // The victim's name is the next site's only by chance; the entry is refused whatever it names.
        refused_with_nothing_touched(&[&entry], "2024/../../../");
    }

    #[test]
    fn an_absolute_entry_or_one_with_a_backslash_is_refused() {
        refused_with_nothing_touched(&["/etc/hostname"], "绝对路径");
        refused_with_nothing_touched(&["..\\secret.txt"], "反斜杠");
    }

    /// A newline would plant a line of its own (`D\t…`) in the list a deploy script acts on.
    #[test]
    fn an_entry_with_a_line_break_is_refused_and_no_change_list_is_written() {
        let (site, out) = forged(&["../x\nD\t../../etc/passwd"]);
        let list = site.root().parent().unwrap().join("changes.txt");
        let run = site.run(&[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--changes",
            list.to_str().unwrap(),
        ]);
        assert_refused(&run, &["控制字符"]);
        assert!(!list.exists());
    }

    #[test]
    fn a_manifest_cut_short_or_out_of_order_is_refused() {
        let (site, out) = forged(&["b.html", "a.html"]);
        let path = out.join("sunshine-manifest.json");
        let text = std::fs::read_to_string(&path).unwrap();
        // forged() sorts; swap two entries back out of order.
        let swapped = text.replacen("\"a.html\"", "\"c.html\"", 1);
        std::fs::write(&path, swapped).unwrap();
        assert_refused(&build(&site, &out), &["没有按路径排序"]);
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert_refused(&build(&site, &out), &["不是 sunshine 写的清单格式"]);
    }

    #[test]
    fn since_refuses_a_hostile_manifest_before_building() {
        let site = TestSite::new("valid");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert_eq!(build(&site, &out).code, 0);
        let before = tree(&out);
        let uploaded = dir.path().join("uploaded.json");
        std::fs::write(
            &uploaded,
            format!(
                r#"{{"generator":"sunshine","files":[{{"path":"../x\nD\t../../etc/passwd","size":1,"sha256":"{}"}}]}}"#,
                "ab".repeat(32)
            ),
        )
        .unwrap();
        let list = dir.path().join("changes.txt");
        let run = site.run(&[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--changes",
            list.to_str().unwrap(),
            "--since",
            uploaded.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains("控制字符"), "{}", run.stderr);
        assert!(!list.exists());
        assert_eq!(tree(&out), before);
    }

    /// A folder of the output replaced by a link to elsewhere: what the manifest lists under it
    /// is not the previous build's file any more, and nothing is read or moved through it.
    #[cfg(unix)]
    #[test]
    fn a_linked_folder_in_the_output_is_never_followed() {
        let site = TestSite::new("valid");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert_eq!(build(&site, &out).code, 0);
        let elsewhere = dir.path().join("elsewhere");
        std::fs::rename(out.join("notices"), &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("notices")).unwrap();
        let outside = tree(&elsewhere);
        let run = build(&site, &out);
        assert_refused(&run, &["notices", "不是 sunshine 生成的"]);
        assert_eq!(tree(&elsewhere), outside);
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        /// Parts of a hostile path: climbing, absolute, separators and line breaks.
        const PARTS: &[&str] = &[
            "..",
            ".",
            "",
            "/",
            "data",
            "site.toml",
            "2024",
            "\n",
            "D\t",
            "\\",
            "C:",
            "x",
            "\u{2028}",
        ];

        fn hostile_path() -> impl Strategy<Value = String> {
            prop::collection::vec((0..PARTS.len(), any::<bool>()), 1..6).prop_map(|parts| {
                parts
                    .iter()
                    .map(|(i, slash)| format!("{}{}", PARTS[*i], if *slash { "/" } else { "" }))
                    .collect()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(24))]

            /// Whatever a manifest lists, nothing outside the output is read into it, moved or
            /// deleted, and a manifest naming anything but plain paths inside it is refused.
            #[test]
            fn a_hostile_manifest_never_touches_anything_outside_the_output(paths in prop::collection::vec(hostile_path(), 1..4)) {
                let site = TestSite::new("valid");
                let out = site.root().join("public");
                prop_assert_eq!(build(&site, &out).code, 0);
                std::fs::write(site.root().join("secret.txt"), "secret").unwrap();
                // The site's own files (data/, content/, …): one `..` from the output reaches them.
                let everything_else = |site: &TestSite| -> BTreeMap<String, Vec<u8>> {
                    tree(site.root())
                        .into_iter()
                        .filter(|(p, _)| !p.starts_with("public/"))
                        .collect()
                };
                let before = everything_else(&site);
                let manifest_path = out.join("sunshine-manifest.json");
                let mut manifest: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
                for p in &paths {
                    manifest["files"]
                        .as_array_mut()
                        .unwrap()
                        .push(serde_json::json!({"path": p, "size": 6, "sha256": "ab".repeat(32)}));
                }
                let files = manifest["files"].as_array_mut().unwrap();
                files.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
                files.dedup_by(|a, b| a["path"] == b["path"]);
                std::fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
                let run = build(&site, &out);
                let plain = paths.iter().all(|p| sunshine::paths::not_plain_relative(p).is_none());
                if !plain {
                    prop_assert_eq!(run.code, 2, "{}", run.stderr);
                }
                prop_assert_eq!(everything_else(&site), before);
            }
        }
    }
}
