//! The manifest of a built site (`sunshine-manifest.json`): every file sunshine wrote there, with
//! its size and sha256. It is what makes an output folder provably ours: a later build replaces
//! only the files it lists, and keeps every other file it finds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// File name of the manifest at the top of the output folder.
pub const MANIFEST_NAME: &str = "sunshine-manifest.json";
const GENERATOR: &str = "sunshine";

/// One file of the output, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// Path inside the output folder, with `/` separators.
    pub path: String,
    pub size: u64,
    pub sha256: String,
    /// For a page: the SHA-256 of what it was rendered from (its data, its template and the
    /// sunshine program), so that a rebuild from the same input reuses the file unrendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
}

/// The manifest file. Byte-identical for the same files: entries sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: Vec<ManifestEntry>,
}

impl Manifest {
    pub fn new(files: impl IntoIterator<Item = ManifestEntry>) -> Self {
        let by_path: BTreeMap<String, ManifestEntry> = files.into_iter().map(|e| (e.path.clone(), e)).collect();
        Self {
            generator: GENERATOR.into(),
            files: by_path.into_values().collect(),
        }
    }

    /// Reads the manifest at the top of `dir`; None when there is none or it is not ours.
    pub fn read(dir: &Path) -> Option<Self> {
        Self::read_file(&dir.join(MANIFEST_NAME))
    }

    /// Reads a manifest file wherever it is (a copy kept from an upload); None when it cannot
    /// be read or is not ours.
    pub fn read_file(path: &Path) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
        (manifest.generator == GENERATOR).then_some(manifest)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.binary_search_by(|e| e.path.as_str().cmp(path)).is_ok()
    }
}

/// The entry of a file whose bytes are at hand.
pub fn entry(path: &str, bytes: &[u8]) -> ManifestEntry {
    ManifestEntry {
        path: path.to_string(),
        size: bytes.len() as u64,
        sha256: crate::render::sha256_hex(bytes),
        input: None,
    }
}
