//! The manifest of a built site (`sunshine-manifest.json`): every file sunshine wrote there, with
//! its size and sha256. It is what makes an output folder provably ours: a later build replaces
//! only the files it lists, and keeps every other file it finds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::paths::MANIFEST_NAME;

const GENERATOR: &str = "sunshine";
/// A manifest larger than this is not read: at 100,000 units one is about 20 MB.
pub const MAX_MANIFEST_BYTES: u64 = 256 << 20;

/// A manifest file of ours that cannot be trusted, and why (in Chinese, for the message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Untrusted {
    /// The manifest file.
    pub path: PathBuf,
    /// What is wrong with it, in Chinese.
    pub why: String,
}

/// The file's bytes, refused past [`MAX_MANIFEST_BYTES`] without reading further.
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_MANIFEST_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(std::io::Error::other(format!(
            "文件超过 {} MB 的上限",
            MAX_MANIFEST_BYTES >> 20
        )));
    }
    Ok(bytes)
}

fn is_sha256(hex: &str) -> bool {
    hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// One file of the output, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// For a page: the SHA-256 of what it was rendered from (its data, its template and the
    /// sunshine program), so that a rebuild from the same input reuses the file unrendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// The manifest file. Byte-identical for the same files: entries sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `sunshine`: a manifest with another generator is not ours.
    pub generator: String,
    /// The SHA-256 of everything the generated files were made from (the data, the content,
    /// the site's templates, the names of its static files and the sunshine program) and of
    /// their entries (`incremental::seal`): a rebuild from the same input whose files are all
    /// still as written renders nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// Every file of the site, sorted by path.
    pub files: Vec<ManifestEntry>,
}

impl Manifest {
    /// The manifest of `files`, sorted by path (a path given twice is kept once, the last).
    pub fn new(files: impl IntoIterator<Item = ManifestEntry>) -> Self {
        let by_path: BTreeMap<String, ManifestEntry> = files.into_iter().map(|e| (e.path.clone(), e)).collect();
        Self {
            generator: GENERATOR.into(),
            input: None,
            files: by_path.into_values().collect(),
        }
    }

    /// Reads the manifest at the top of `dir`: None when there is none or it is another tool's
    /// (its `generator` is not ours); refused when a file of ours cannot be trusted (see
    /// [`Manifest::read_file`]).
    pub fn read(dir: &Path) -> Result<Option<Self>, Untrusted> {
        let path = dir.join(MANIFEST_NAME);
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        Self::read_file(&path)
    }

    /// Whether `dir` holds our manifest, without keeping its entries: the file list is skipped
    /// as it is parsed (at 10,000 units it is 2 MB, and the build reads it in full once, for
    /// the guard). Says nothing of whether its entries can be trusted: a build refuses one that
    /// cannot be, before this is asked.
    pub fn is_in(dir: &Path) -> bool {
        #[derive(Deserialize)]
        struct Head {
            generator: String,
        }
        read_bounded(&dir.join(MANIFEST_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Head>(&bytes).ok())
            .is_some_and(|head| head.generator == GENERATOR)
    }

    /// The entry of `path` in the manifest at the top of `dir`, found without reading the rest:
    /// the manifest as sunshine writes it (one entry per line) holds the line
    /// `{"path":"<path>",…}` once. None when there is no such line (a manifest written
    /// before, pretty-printed, or another tool's), when it is there twice, or when it does not
    /// read as an entry with a SHA-256: the caller then reads what the file would have saved.
    pub fn entry_in(dir: &Path, path: &str) -> Option<ManifestEntry> {
        let bytes = read_bounded(&dir.join(MANIFEST_NAME)).ok()?;
        let head = format!("{{\"generator\":\"{GENERATOR}\",");
        if !bytes.starts_with(head.as_bytes()) || !bytes.ends_with(b"\n]}\n") {
            return None;
        }
        let needle = format!("\n{{\"path\":{},", serde_json::to_string(path).ok()?);
        let text = std::str::from_utf8(&bytes).ok()?;
        let mut found = text.match_indices(&needle);
        let (at, _) = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let line = text[at + 1..].split('\n').next()?;
        let line = line.strip_suffix(',').unwrap_or(line);
        let entry: ManifestEntry = serde_json::from_str(line).ok()?;
        (entry.path == path && is_sha256(&entry.sha256)).then_some(entry)
    }

    /// Reads a manifest file wherever it is (the output's, or a copy kept from an upload for
    /// `--since`). None when its `generator` is not sunshine. A manifest names the files a build
    /// may replace and remove, and it comes from wherever the output came from (a copy of the
    /// server's site): it is refused whole, never partly used, when it is larger than
    /// [`MAX_MANIFEST_BYTES`], is not our JSON, lists a path that is not a plain relative path
    /// inside the output, lists one twice or out of order, or has a hash that is not SHA-256.
    pub fn read_file(path: &Path) -> Result<Option<Self>, Untrusted> {
        let untrusted = |why: String| Untrusted {
            path: path.to_path_buf(),
            why,
        };
        let bytes = read_bounded(path).map_err(|e| untrusted(e.to_string()))?;
        #[derive(Deserialize)]
        struct Head {
            generator: String,
        }
        let head: Head =
            serde_json::from_slice(&bytes).map_err(|e| untrusted(format!("不是 sunshine 写的清单格式（{e}）")))?;
        if head.generator != GENERATOR {
            return Ok(None);
        }
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| untrusted(format!("不是 sunshine 写的清单格式（{e}）")))?;
        if manifest.input.as_deref().is_some_and(|i| !is_sha256(i)) {
            return Err(untrusted("的 input 不是 64 位 SHA-256".into()));
        }
        let mut previous: Option<&str> = None;
        for (n, e) in manifest.files.iter().enumerate() {
            let shown = |why: &str| format!("第 {} 条 {:?} {why}", n + 1, e.path);
            if let Some(why) = crate::paths::not_plain_relative(&e.path) {
                return Err(untrusted(shown(&format!("不是输出目录里的普通相对路径：{why}"))));
            }
            if previous.is_some_and(|p| p >= e.path.as_str()) {
                return Err(untrusted(shown("重复或没有按路径排序")));
            }
            if !is_sha256(&e.sha256) || e.input.as_deref().is_some_and(|i| !is_sha256(i)) {
                return Err(untrusted(shown("的哈希值不是 64 位 SHA-256")));
            }
            previous = Some(&e.path);
        }
        Ok(Some(manifest))
    }

    /// The manifest as written: compact JSON with one file entry per line, so that it stays
    /// diffable and greppable (`{"generator":"sunshine","files":[`, an entry per line, `]}`).
    /// Manifests written pretty-printed, as before, are read the same. An error from serde
    /// (none is expected of text and numbers) comes back as an I/O error of writing the manifest.
    pub fn to_bytes(&self) -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(64 + 192 * self.files.len());
        let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, EntryPerLine::default());
        self.serialize(&mut serializer)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// True when the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.binary_search_by(|e| e.path.as_str().cmp(path)).is_ok()
    }
}

/// Compact JSON but for a line break before each value of an array of the top object (the
/// manifest's `files`) and before the array's end.
#[derive(Default)]
struct EntryPerLine {
    /// Objects and arrays open around the value being written.
    depth: usize,
}

impl serde_json::ser::Formatter for EntryPerLine {
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        writer.write_all(b"}")
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        writer.write_all(if self.depth == 1 { b"\n]" } else { b"]" })
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        match (self.depth == 2, first) {
            (true, true) => writer.write_all(b"\n"),
            (true, false) => writer.write_all(b",\n"),
            (false, true) => Ok(()),
            (false, false) => writer.write_all(b","),
        }
    }
}

/// The entry of a file whose bytes are at hand.
pub fn entry(path: &str, bytes: &[u8]) -> ManifestEntry {
    ManifestEntry {
        path: path.to_string(),
        size: bytes.len() as u64,
        sha256: crate::hash::sha256_hex(bytes),
        input: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let mut page = entry("index.html", b"<p>home</p>");
        page.input = Some("ab".repeat(32));
        Manifest::new([entry("data/2024.json", b"{}\n"), page])
    }

    #[test]
    fn the_manifest_is_compact_json_with_one_file_entry_per_line() {
        let bytes = manifest().to_bytes().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!(lines[0], r#"{"generator":"sunshine","files":["#);
        assert!(
            lines[1].starts_with(r#"{"path":"data/2024.json","size":3,"sha256":""#) && lines[1].ends_with(r#""},"#)
        );
        assert!(
            lines[2].starts_with(r#"{"path":"index.html","size":11,"#)
                && lines[2].ends_with(&format!(r#","input":"{}"}}"#, "ab".repeat(32)))
        );
        assert_eq!(lines[3], "]}");
        assert!(text.ends_with("]}\n"));
        assert_eq!(serde_json::from_slice::<Manifest>(&bytes).unwrap(), manifest());
        let empty = Manifest::new([]);
        assert_eq!(
            empty.to_bytes().unwrap(),
            b"{\"generator\":\"sunshine\",\"files\":[\n]}\n"
        );
        assert_eq!(
            serde_json::from_slice::<Manifest>(&empty.to_bytes().unwrap()).unwrap(),
            empty
        );
    }

    #[test]
    fn a_manifest_written_pretty_printed_as_before_is_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut pretty = serde_json::to_vec_pretty(&manifest()).unwrap();
        pretty.push(b'\n');
        assert!(
            String::from_utf8_lossy(&pretty).contains("\n  \"files\": [\n    {\n      \"path\": \"data/2024.json\",\n")
        );
        std::fs::write(dir.path().join(MANIFEST_NAME), &pretty).unwrap();
        assert_eq!(Manifest::read(dir.path()), Ok(Some(manifest())));
        assert!(Manifest::is_in(dir.path()));
    }

    #[test]
    fn one_entry_is_found_by_its_line_and_anything_else_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = manifest();
        m.input = Some("cd".repeat(32));
        std::fs::write(dir.path().join(MANIFEST_NAME), m.to_bytes().unwrap()).unwrap();
        assert_eq!(
            Manifest::entry_in(dir.path(), "data/2024.json"),
            Some(m.files[0].clone())
        );
        assert_eq!(Manifest::entry_in(dir.path(), "index.html"), Some(m.files[1].clone()));
        assert_eq!(Manifest::entry_in(dir.path(), "data"), None);
        assert_eq!(Manifest::read(dir.path()), Ok(Some(m.clone())));
        // Pretty-printed (as written before), or an entry listed twice: not found this way.
        std::fs::write(dir.path().join(MANIFEST_NAME), serde_json::to_vec_pretty(&m).unwrap()).unwrap();
        assert_eq!(Manifest::entry_in(dir.path(), "index.html"), None);
        let text = String::from_utf8(m.to_bytes().unwrap()).unwrap();
        let line = text.lines().nth(2).unwrap();
        let twice = text.replacen(line, &format!("{line},\n{line}"), 1);
        std::fs::write(dir.path().join(MANIFEST_NAME), twice).unwrap();
        assert_eq!(Manifest::entry_in(dir.path(), "index.html"), None);
    }

    #[test]
    fn a_folder_holds_our_manifest_only_when_its_generator_is_sunshine() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!Manifest::is_in(dir.path()), "no manifest");
        std::fs::write(dir.path().join(MANIFEST_NAME), manifest().to_bytes().unwrap()).unwrap();
        assert!(Manifest::is_in(dir.path()));
        let other = String::from_utf8(manifest().to_bytes().unwrap())
            .unwrap()
            .replace("\"sunshine\"", "\"hugo\"");
        std::fs::write(dir.path().join(MANIFEST_NAME), other).unwrap();
        assert!(!Manifest::is_in(dir.path()), "another tool's");
        std::fs::write(dir.path().join(MANIFEST_NAME), "{\"generator\": \"sunshine\"").unwrap();
        assert!(!Manifest::is_in(dir.path()), "cut short");
    }
}
