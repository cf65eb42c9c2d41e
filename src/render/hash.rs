//! Content hashes: the fingerprint in asset file names and the manifest's checksums.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
