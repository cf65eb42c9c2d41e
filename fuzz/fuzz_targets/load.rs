//! The loader on arbitrary text: every kind of data file and markdown front matter.
//! Run (stable toolchain): `RUSTC_BOOTSTRAP=1 cargo fuzz run load -- -max_total_time=120`
#![no_main]

use libfuzzer_sys::fuzz_target;
use sunshine::load::{read_one, FileKind};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let kind = match selector % 8 {
        0 => FileKind::Site,
        1 => FileKind::Units,
        2 => FileKind::Quotas,
        3 => FileKind::Report(u32::from(selector / 8 % 12) + 1),
        4 => FileKind::Actions,
        6 => FileKind::Programs,
        7 => FileKind::Admissions,
        _ => FileKind::Page,
    };
    for d in read_one(kind, text) {
        assert!(d.line >= 1 && d.col >= 1 && !d.message.is_empty());
    }
});
