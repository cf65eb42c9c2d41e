//! Fingerprints of what a page is rendered from. A page's output depends only on its template,
//! its path, its `page` and `data` values, the global `site` value and the program itself; the
//! SHA-256 of all of them is kept in the manifest, and a rebuild whose fingerprint for a page is
//! the same keeps the file unrendered (see `output::incremental`).

use serde::Serialize;
use sha2::{Digest, Sha256};

/// What every fingerprint starts with: the program's identity (a hash of its sources, built-in
/// templates, dependencies and compiler, made by build.rs), the site's own templates and the
/// value every page reads as `site`.
pub(super) fn salt(overrides: &[(String, String)], site: &impl Serialize) -> Option<Vec<u8>> {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(env!("SUNSHINE_BUILD_ID"));
    let mut overrides: Vec<&(String, String)> = overrides.iter().collect();
    overrides.sort();
    for (name, text) in overrides {
        for part in [name, text] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
    }
    serde_json::to_writer(&mut h, site).ok()?;
    Some(h.finalize().to_vec())
}

/// The fingerprint of one page, as lower-case hex.
pub(super) fn page(
    salt: &[u8],
    template: &str,
    file: &str,
    meta: &impl Serialize,
    data: &impl Serialize,
) -> Option<String> {
    let mut h = Sha256::new();
    h.update(salt);
    for part in [template, file] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    // Sketched charts count by what they are drawn from, not by their markup.
    crate::charts::fingerprinting(|| {
        serde_json::to_writer(&mut h, meta)?;
        h.update([0]);
        serde_json::to_writer(&mut h, data)
    })
    .ok()?;
    Some(crate::hash::hex(&h.finalize()))
}

/// The fingerprint of everything a site's generated files are made from: the program, every
/// file the data and content were read from, the site's templates and the names of its static
/// files (the model reads them; their bytes are compared when they are copied). Rendering reads
/// nothing else (no clock, no environment), so the same fingerprint means the same files.
pub fn site_input(raw: &crate::load::raw::RawSite) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update([0]);
    h.update(env!("SUNSHINE_BUILD_ID"));
    let mut part = |tag: u8, text: &[u8]| {
        h.update([tag]);
        h.update((text.len() as u64).to_le_bytes());
        h.update(text);
    };
    // By path: files may be read in parallel, in any order.
    let mut files: Vec<&crate::source::SourceFile> = raw.sources.files().collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    for file in files {
        part(1, file.path.as_bytes());
        part(2, file.text.as_bytes());
    }
    for (name, text) in &raw.templates {
        part(3, name.as_bytes());
        part(4, text.as_bytes());
    }
    for rel in &raw.static_files {
        part(5, rel.to_string_lossy().as_bytes());
    }
    crate::hash::hex(&h.finalize())
}
