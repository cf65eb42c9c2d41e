//! Writes the two hostile workbooks of issue 17 into DIR, for measuring `sunshine import`:
//! far-cell.xlsx (the form, plus one cell at XFD1048576) and zip-bomb.xlsx (a 200 MB sheet of
//! spaces that packs to about 200 KB).
//!
//! `cargo run --release --example hostile_xlsx -- DIR`

use std::io::Write as _;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    std::fs::create_dir_all(&dir).expect("create DIR");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["单位名称", "中专人数", "3+2人数", "五年一贯制人数", "一年制人数"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    sheet.write_string(1_048_575, 16_383, "x").expect("write");
    book.save(dir.join("far-cell.xlsx")).expect("save");

    let file = std::fs::File::create(dir.join("zip-bomb.xlsx")).expect("create");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", options).expect("zip");
    let block = vec![b' '; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&block).expect("zip");
    }
    zip.finish().expect("zip");
    println!("wrote {0}/far-cell.xlsx and {0}/zip-bomb.xlsx", dir.display());
}
