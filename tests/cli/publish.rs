//! Publishing beyond one machine: a sync tool fed by two successive builds moves only what the
//! second changed. rclone (Debian's package; CI installs it) syncs the output to a local remote,
//! with its default comparison (size and modification time), as it would to object storage.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::TestSite;

/// What `rclone sync -v` did, by kind of action, as `A`/`M`/`D` lines like `--changes`, plus
/// any file whose modification time it had to reset (a write on object storage too).
fn sync(from: &Path, to: &Path, config: &Path) -> (BTreeSet<String>, Vec<String>) {
    let run = Command::new("rclone")
        .arg("sync")
        .arg("-v")
        .arg("--config")
        .arg(config)
        .arg(from)
        .arg(to)
        .output()
        .expect("rclone runs");
    let log = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "rclone failed: {log}");
    let mut actions = BTreeSet::new();
    let mut touched = Vec::new();
    for line in log.lines() {
        let Some((_, rest)) = line.split_once("INFO  : ") else {
            continue;
        };
        let Some((path, what)) = rest.rsplit_once(": ") else {
            continue;
        };
        match what {
            "Copied (new)" => actions.insert(format!("A\t{path}")),
            "Copied (replaced existing)" => actions.insert(format!("M\t{path}")),
            "Deleted" => actions.insert(format!("D\t{path}")),
            w if w.starts_with("Updated modification time") => {
                touched.push(path.to_string());
                true
            }
            _ => false,
        };
    }
    (actions, touched)
}

/// Whether rclone can be run here (a failure, not a skip, under .ci/run); also for the 工作台's publish.
pub(crate) fn rclone_here() -> bool {
    let found = Command::new("rclone")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    // .ci/run installs it and sets SUNSHINE_CI: there a missing rclone is a failure, not a skip.
    assert!(
        found || std::env::var_os("SUNSHINE_CI").is_none(),
        "rclone is not installed (apt-get install rclone)"
    );
    found
}

#[test]
fn an_rclone_sync_of_a_rebuild_moves_exactly_the_files_it_changed() {
    if !rclone_here() {
        eprintln!("skipped: rclone is not installed here (CI installs it)");
        return;
    }
    let site = TestSite::new("valid");
    let dir = tempfile::tempdir().unwrap();
    let (out, remote) = (dir.path().join("public"), dir.path().join("bucket"));
    let (changes, config) = (dir.path().join("changes.txt"), dir.path().join("rclone.conf"));
    std::fs::write(&config, "").unwrap();
    let build = || {
        let run = crate::incremental::build_listing(&site, &out, changes.to_str().unwrap(), &["--quiet"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let listed: BTreeSet<String> = std::fs::read_to_string(&changes)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        listed
    };
    let first = build();
    let (uploaded, _) = sync(&out, &remote, &config);
    assert_eq!(uploaded, first, "the first sync uploads every file");

    // A corrected row and a page taken down, a second apart (the time rclone would see).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    crate::incremental::correct_a_published_row(&site);
    site.remove("content/city-tech-brochure.md");
    let second = build();
    assert!(second.contains("D\tcity-tech-brochure/index.html"), "{second:?}");
    let (moved, touched) = sync(&out, &remote, &config);
    assert_eq!(moved, second, "rclone moves what --changes lists, nothing else");
    assert!(touched.is_empty(), "unchanged files got new times: {touched:?}");
    assert!(moved.len() < first.len(), "{} of {} files", moved.len(), first.len());

    // Nothing changed: nothing moves.
    let third = build();
    assert!(third.is_empty(), "{third:?}");
    let (moved, touched) = sync(&out, &remote, &config);
    assert!(moved.is_empty() && touched.is_empty(), "{moved:?} {touched:?}");
}
