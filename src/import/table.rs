//! A spreadsheet read into cells with their row and column, from .xlsx or .csv — bounded: the
//! file's size, an .xlsx's unpacked parts and the sheet's dimension are checked before any cell
//! is kept, and a CSV is parsed strictly (quotes must pair, no line break inside a cell).

use std::path::Path;

use calamine::{DataRef, Xlsx};
use chrono::NaiveDate;
use quick_xml::events::Event;

/// One cell's value, as typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Date(NaiveDate),
}

/// Rows of cells; `rows[r][c]` is spreadsheet row r+1, column c+1.
#[derive(Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }
}

/// Excel's column name: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The most rows and columns an import reads: a form has one row per unit.
pub const MAX_ROWS: usize = 10_000;
pub const MAX_COLS: usize = 64;
/// The largest file accepted, as it is on disk.
pub(super) const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// The largest part of an .xlsx once unpacked, and all parts together.
pub(super) const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
pub(super) const MAX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;
/// The form's header is looked for in this many first rows.
pub(super) const HEADER_ROWS: usize = 30;

/// A problem reading the file, at a 0-based row and column of the sheet (or line of the CSV).
#[derive(Debug)]
pub(super) struct ReadError {
    pub row: usize,
    pub col: usize,
    pub message: String,
    pub hint: String,
}

fn refuse<T>(row: usize, col: usize, message: impl Into<String>, hint: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError {
        row,
        col,
        message: message.into(),
        hint: hint.into(),
    })
}

/// The table that was read: which sheet, and which rows were hidden (left out, 0-based).
#[derive(Debug, Default)]
pub(super) struct Sheet {
    pub table: Table,
    /// The worksheet's name; None for a CSV file.
    pub name: Option<String>,
    /// Hidden rows that held something; their cells are left out of `table`.
    pub hidden_rows: Vec<usize>,
}

const OPEN_HINT: &str = "检查文件是否完整，能否用 Excel 或 WPS 打开";

/// Reads a CSV file, or the sheet of a workbook the clerk means: `sheet` when given, else the
/// active sheet. `has_header` tells whether a table holds the form's header: a workbook with it on
/// more than one visible sheet is refused unless `sheet` names one.
pub(super) fn read(path: &Path, sheet: Option<&str>, has_header: &dyn Fn(&Table) -> bool) -> Result<Sheet, ReadError> {
    read_from(path, None, sheet, has_header)
}

/// As [`read`], from bytes held in memory (an upload); `name` gives only the file type.
pub(super) fn read_bytes(
    name: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
    has_header: &dyn Fn(&Table) -> bool,
) -> Result<Sheet, ReadError> {
    read_from(name, Some(bytes), sheet, has_header)
}

fn read_from(
    path: &Path,
    bytes: Option<&[u8]>,
    sheet: Option<&str>,
    has_header: &dyn Fn(&Table) -> bool,
) -> Result<Sheet, ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let size = match bytes {
        Some(b) => b.len() as u64,
        None => std::fs::metadata(path)
            .map(|m| m.len())
            .or_else(|e| refuse(0, 0, format!("无法读取文件：{e}"), OPEN_HINT))?,
    };
    if size > MAX_FILE_BYTES {
        return refuse(
            0,
            0,
            format!(
                "文件有 {:.1} MB，超过导入上限 {} MB",
                size as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
            "一张统计表每个单位一行，不会这么大：检查是否选错了文件，或把统计表复制到一个新文件再导入",
        );
    }
    let file = || match bytes {
        Some(b) => Ok(b.to_vec()),
        None => std::fs::read(path).or_else(|e| refuse(0, 0, format!("无法读取文件：{e}"), OPEN_HINT)),
    };
    match ext.as_str() {
        "csv" | "txt" | "tsv" => read_csv(&file()?),
        "xlsx" | "xlsm" => read_xlsx(file()?, sheet, has_header),
        "xls" | "xlsb" | "ods" | "et" => refuse(
            0,
            0,
            format!("不能直接导入 .{ext} 文件"),
            "在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（.xlsx）或 CSV UTF-8（逗号分隔），再导入",
        ),
        _ => refuse(
            0,
            0,
            format!("不认识的文件类型 .{ext}"),
            "请用 Excel 文件（.xlsx）或 CSV 文件（.csv）",
        ),
    }
}

/// "A1"-style cell name to 0-based (row, column); None when it is not one.
fn parse_cell(name: &[u8]) -> Option<(u64, u64)> {
    let letters = name.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (l, d) = name.split_at(letters);
    if l.is_empty() || l.len() > 3 || d.is_empty() || d.len() > 7 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = l
        .iter()
        .fold(0u64, |acc, b| acc * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1));
    let row: u64 = std::str::from_utf8(d).ok()?.parse().ok()?;
    (row >= 1).then(|| (row - 1, col - 1))
}

/// Excel's name of a 0-based cell: (14, 3) -> D15.
pub fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", column_name(col), row + 1)
}

fn too_big<T>(sheet: &str, row: u64, col: u64) -> Result<T, ReadError> {
    let (r, c) = (row as usize, col as usize);
    refuse(
        r,
        c,
        format!(
            "工作表“{sheet}”用到了单元格 {}（第 {} 行、第 {} 列），超过导入上限 {MAX_ROWS} 行 × {MAX_COLS} 列",
            cell_name(r, c),
            row + 1,
            col + 1
        ),
        "删掉表格下方和右侧多余的行和列（选中后右键“删除”，只按 Delete 键不够），保存后再导入；或把统计表复制到一个新工作簿",
    )
}

const XMLV: quick_xml::XmlVersion = quick_xml::XmlVersion::Implicit1_0;

type Zip = zip::ZipArchive<std::io::Cursor<Vec<u8>>>;

struct SheetInfo {
    name: String,
    /// Path of its XML inside the zip; None for a chart sheet or a missing part.
    part: Option<String>,
    hidden: bool,
}

struct Book {
    sheets: Vec<SheetInfo>,
    active: usize,
}

fn zip_error(e: impl std::fmt::Display) -> ReadError {
    ReadError {
        row: 0,
        col: 0,
        message: format!("无法打开表格文件：{e}"),
        hint: OPEN_HINT.into(),
    }
}

/// The sizes in the zip directory, then the real unpacked sizes (a directory can lie), before
/// anything is kept in memory: a zip bomb is refused here.
fn check_zip(zip: &mut Zip) -> Result<(), ReadError> {
    let hint = "这不像是一张正常的统计表：在 Excel 或 WPS 中打开，把统计表复制到一个新工作簿，保存后再导入";
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(zip_error)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        declared = declared.saturating_add(entry.size());
        if entry.size() > MAX_PART_BYTES || declared > MAX_UNPACKED_BYTES {
            return refuse(
                0,
                0,
                format!(
                    "文件中的 {name} 解压后有 {:.0} MB，超过上限 {} MB",
                    entry.size() as f64 / 1048576.0,
                    MAX_PART_BYTES / 1048576
                ),
                hint,
            );
        }
    }
    let mut unpacked = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(zip_error)?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut part = 0u64;
        loop {
            let n = std::io::Read::read(&mut entry, &mut buf).map_err(zip_error)?;
            if n == 0 {
                break;
            }
            part += n as u64;
            unpacked += n as u64;
            if part > MAX_PART_BYTES || unpacked > MAX_UNPACKED_BYTES {
                return refuse(
                    0,
                    0,
                    format!("文件中的 {name} 解压后超过上限 {} MB", MAX_PART_BYTES / 1048576),
                    hint,
                );
            }
        }
    }
    Ok(())
}

/// A part of the zip, read as XML.
type XmlPart<'z> = quick_xml::Reader<std::io::BufReader<zip::read::ZipFile<'z, std::io::Cursor<Vec<u8>>>>>;

fn xml_part<'z>(zip: &'z mut Zip, name: &str) -> Option<XmlPart<'z>> {
    let entry = zip.by_name(name).ok()?;
    Some(quick_xml::Reader::from_reader(std::io::BufReader::new(entry)))
}

fn attr(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(XMLV).ok().map(|v| v.into_owned()))
}

/// Relationship id -> (target part path, type), for the rels part of `part`.
fn relationships(zip: &mut Zip, part: &str) -> Vec<(String, String, String)> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let rels = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let mut out = Vec::new();
    let Some(mut xml) = xml_part(zip, &rels) else {
        return out;
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) else {
                    continue;
                };
                let target = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None if dir.is_empty() => target,
                    None => format!("{dir}/{target}"),
                };
                out.push((id, target, attr(&e, "Type").unwrap_or_default()));
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The sheets of the workbook in tab order, which are hidden, and which one is active.
fn book_info(zip: &mut Zip) -> Result<Book, ReadError> {
    let workbook = relationships(zip, "")
        .into_iter()
        .find(|(_, _, typ)| typ.ends_with("/officeDocument"))
        .map_or_else(|| "xl/workbook.xml".to_string(), |(_, target, _)| target);
    let rels = relationships(zip, &workbook);
    let mut xml = xml_part(zip, &workbook).ok_or_else(|| zip_error("找不到 workbook.xml"))?;
    let mut sheets = Vec::new();
    let mut active = 0usize;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "workbookView" => {
                    if let Some(tab) = attr(&e, "activeTab").and_then(|t| t.parse().ok()) {
                        active = tab;
                    }
                }
                "sheet" => {
                    let name = attr(&e, "name").unwrap_or_default();
                    let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                    let id = attr(&e, "id");
                    let part = rels
                        .iter()
                        .find(|(rid, _, typ)| Some(rid) == id.as_ref() && typ.ends_with("/worksheet"))
                        .map(|(_, target, _)| target.clone());
                    sheets.push(SheetInfo { name, part, hidden });
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Err(e) => return Err(zip_error(e)),
            _ => {}
        }
    }
    Ok(Book { sheets, active })
}

/// The first pass over a sheet's XML, streamed, before any cell is kept: its declared dimension
/// and every cell with a value inside the limits, and the hidden rows.
fn scan_sheet(zip: &mut Zip, sheet: &SheetInfo) -> Result<Vec<usize>, ReadError> {
    let Some(part) = &sheet.part else { return Ok(Vec::new()) };
    let mut xml = xml_part(zip, part).ok_or_else(|| zip_error(format!("找不到 {part}")))?;
    let mut hidden = Vec::new();
    let mut buf = Vec::new();
    let (mut row, mut col) = (0u64, 0u64);
    let mut first_row = true;
    let mut in_cell = false;
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf).map_err(zip_error)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                "dimension" => {
                    let range = attr(e, "ref").unwrap_or_default();
                    let last = range.rsplit(':').next().unwrap_or_default();
                    if let Some((r, c)) = parse_cell(last.replace('$', "").as_bytes()) {
                        if r as usize >= MAX_ROWS || c as usize >= MAX_COLS {
                            return too_big(&sheet.name, r, c);
                        }
                    }
                }
                "row" => {
                    row = match attr(e, "r").and_then(|r| r.parse::<u64>().ok()) {
                        Some(r) if r >= 1 => r - 1,
                        _ if first_row => 0,
                        _ => row + 1,
                    };
                    first_row = false;
                    col = 0;
                    let is_hidden = attr(e, "hidden").is_some_and(|h| h == "1" || h == "true");
                    if is_hidden && (row as usize) < MAX_ROWS {
                        hidden.push(row as usize);
                    }
                }
                "c" => {
                    if let Some((r, c)) = attr(e, "r").and_then(|r| parse_cell(r.as_bytes())) {
                        row = r;
                        col = c;
                    }
                    in_cell = matches!(event, Event::Start(_));
                    if !in_cell {
                        col += 1;
                    }
                }
                "v" | "is" | "f" if in_cell && (row as usize >= MAX_ROWS || col as usize >= MAX_COLS) => {
                    return too_big(&sheet.name, row, col);
                }
                _ => {}
            },
            Event::End(ref e) if e.local_name().as_ref() == "c" => {
                in_cell = false;
                col += 1;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(hidden)
}

fn cell_of(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Text(b.to_string()),
        DataRef::DateTime(dt) => dt
            .as_datetime()
            .map_or(Cell::Number(dt.as_f64()), |d| Cell::Date(d.date())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// The cells of one sheet, up to `rows` rows; cells outside the limits are refused (a scanned
/// sheet has none) or, when only looking for the header, left out.
fn cells(book: &mut Xlsx<std::io::Cursor<Vec<u8>>>, name: &str, rows: usize) -> Result<Table, ReadError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(zip_error)?;
    let mut table = Table::default();
    while let Some(cell) = reader.next_cell().map_err(zip_error)? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        let value = cell_of(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        if r >= rows || c >= MAX_COLS {
            if rows < MAX_ROWS {
                continue;
            }
            return too_big(name, r as u64, c as u64);
        }
        if table.rows.len() <= r {
            table.rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut table.rows[r];
        if row.len() <= c {
            row.resize(c + 1, Cell::Empty);
        }
        row[c] = value;
    }
    Ok(table)
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|n| format!("“{n}”")).collect::<Vec<_>>().join("、")
}

fn read_xlsx(bytes: Vec<u8>, wanted: Option<&str>, has_header: &dyn Fn(&Table) -> bool) -> Result<Sheet, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).map_err(zip_error)?;
    check_zip(&mut zip)?;
    let info = book_info(&mut zip)?;
    let visible: Vec<&SheetInfo> = info.sheets.iter().filter(|s| !s.hidden && s.part.is_some()).collect();
    let names: Vec<&str> = visible.iter().map(|s| s.name.as_str()).collect();
    let mut book: Xlsx<_> = calamine::Reader::new(std::io::Cursor::new(bytes)).map_err(zip_error)?;
    let chosen: &SheetInfo = match wanted {
        Some(w) => {
            let Some(s) = info.sheets.iter().find(|s| s.name == w || s.name.trim() == w.trim()) else {
                return refuse(
                    0,
                    0,
                    format!("工作簿中没有名为“{w}”的工作表（有：{}）", quoted(&names)),
                    "--sheet 后面写工作表标签上的名称",
                );
            };
            if s.hidden {
                return refuse(
                    0,
                    0,
                    format!("工作表“{w}”是隐藏的，隐藏的工作表不会导入"),
                    "确实要导入它，就在 Excel 中右键工作表标签，选“取消隐藏”，保存后再导入",
                );
            }
            if s.part.is_none() {
                return refuse(
                    0,
                    0,
                    format!("“{w}”不是工作表（可能是图表）"),
                    "用 --sheet 指定存放统计表的工作表",
                );
            }
            s
        }
        None => {
            let mut with_header = Vec::new();
            for s in &visible {
                if has_header(&cells(&mut book, &s.name, HEADER_ROWS)?) {
                    with_header.push(s.name.as_str());
                }
            }
            let active = info
                .sheets
                .get(info.active)
                .filter(|s| !s.hidden && s.part.is_some())
                .or_else(|| visible.first().copied());
            let Some(active) = active else {
                return refuse(
                    0,
                    0,
                    "表格文件里没有可以导入的工作表（都是隐藏的或是图表）",
                    "在 Excel 中取消隐藏存放统计表的工作表，保存后再导入",
                );
            };
            if with_header.len() > 1 {
                return refuse(
                    0,
                    0,
                    format!(
                        "工作簿中有 {} 张工作表都有统计表的表头：{}，不知道要导入哪一张",
                        with_header.len(),
                        quoted(&with_header)
                    ),
                    format!(
                        "用 --sheet 指定要导入的工作表，如 --sheet {}（打开文件时显示的是“{}”）",
                        active.name, active.name
                    ),
                );
            }
            active
        }
    };
    let hidden = scan_sheet(&mut zip, chosen)?;
    let mut table = cells(&mut book, &chosen.name, MAX_ROWS)?;
    let mut hidden_rows = Vec::new();
    for r in hidden {
        if let Some(row) = table.rows.get_mut(r) {
            if row.iter().any(|c| *c != Cell::Empty) {
                hidden_rows.push(r);
            }
            row.clear();
        }
    }
    Ok(Sheet {
        table,
        name: Some(chosen.name.clone()),
        hidden_rows,
    })
}
/// Decodes CSV bytes as Excel in China writes them: UTF-8 with or without BOM, else GB18030 (GBK).
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| "文件开头标明是 UTF-8，但内容不是 UTF-8".to_string());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err("无法识别文件编码：请在 Excel 中“另存为”CSV UTF-8（逗号分隔）".to_string());
    }
    Ok(text.into_owned())
}

/// A quote that opens a field and is not closed on its line, in one record's text: the 0-based
/// (line within the record, column in characters) of that quote, and whether the record ends
/// still inside it (unterminated) rather than on a later line.
fn open_quote(raw: &str, delimiter: char) -> Option<((usize, usize), bool)> {
    let (mut line, mut col) = (0usize, 0usize);
    let mut in_quotes = false;
    let mut just_closed = false;
    let mut field_start = true;
    let mut opened = (0, 0);
    let mut broke_line = false;
    for ch in raw.chars() {
        if ch == '\n' {
            if in_quotes {
                broke_line = true;
            }
            line += 1;
            col = 0;
            field_start = true;
            just_closed = false;
            continue;
        }
        if in_quotes {
            if ch == '"' {
                in_quotes = false;
                just_closed = true;
            }
        } else if ch == '"' && (field_start || just_closed) {
            // `""` inside a quoted field is one quote mark: still the same field.
            if !just_closed {
                opened = (line, col);
            }
            in_quotes = true;
            just_closed = false;
            field_start = false;
        } else if ch == delimiter {
            field_start = true;
            just_closed = false;
        } else if ch != '\r' {
            field_start = false;
            just_closed = false;
        }
        col += 1;
    }
    if in_quotes {
        Some((opened, true))
    } else if broke_line {
        Some((opened, false))
    } else {
        None
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, ReadError> {
    let text = decode(bytes).or_else(|m| refuse(0, 0, m, "在 Excel 中“另存为”，选 CSV UTF-8（逗号分隔）"))?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut record = csv::StringRecord::new();
    // Lines before `counted` (a byte offset) number `lines`: line numbers are counted once.
    let (mut counted, mut lines) = (0usize, 0usize);
    loop {
        let start = reader.position().byte() as usize;
        let more = reader
            .read_record(&mut record)
            .or_else(|e| refuse(lines, 0, format!("第 {} 行之后无法读取：{e}", lines + 1), OPEN_HINT))?;
        if !more {
            break;
        }
        let end = (reader.position().byte() as usize).min(text.len());
        let raw = text.get(start..end).unwrap_or_default();
        // Blank lines before the record are skipped by the reader; its own line is after them.
        let lead = raw.len() - raw.trim_start_matches(['\r', '\n']).len();
        lines += text.as_bytes()[counted..start + lead]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        let raw = &raw[lead..];
        let line = lines;
        if let Some(((l, c), unterminated)) = open_quote(raw, delimiter as char) {
            let at = line + l;
            let (message, hint) = if unterminated {
                (
                    format!(
                        "第 {} 行第 {} 个字符处的引号 \" 没有配对，它后面的内容（直到文件末尾）都会被当成同一个格子",
                        at + 1,
                        c + 1
                    ),
                    "删掉这个引号，或把格子里的引号写成两个（\"\"）；在 Excel 中另存的 CSV 不会有这种问题",
                )
            } else {
                (
                    format!("第 {} 行第 {} 个字符处的引号里有换行，一个格子跨了多行", at + 1, c + 1),
                    "在 Excel 中把这个格子里的换行（Alt+Enter）删掉，保存后再导入",
                )
            };
            return refuse(at, c, message, hint);
        }
        if line >= MAX_ROWS {
            return refuse(
                line,
                0,
                format!("表格超过 {MAX_ROWS} 行，超过导入上限"),
                "一张统计表每个单位一行：检查是否选错了文件，删掉多余的行后再导入",
            );
        }
        let mut cells: Vec<Cell> = record
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        while cells.last() == Some(&Cell::Empty) {
            cells.pop();
        }
        if cells.len() > MAX_COLS {
            return refuse(
                line,
                MAX_COLS,
                format!("第 {} 行有 {} 列，超过导入上限 {MAX_COLS} 列", line + 1, cells.len()),
                "删掉表格右侧多余的列，保存后再导入",
            );
        }
        if rows.len() <= line {
            rows.resize_with(line + 1, Vec::new);
        }
        rows[line] = cells;
        lines += raw.matches('\n').count();
        counted = end;
    }
    Ok(Sheet {
        table: Table { rows },
        name: None,
        hidden_rows: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_follow_excel() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn csv_bytes_in_gbk_utf8_and_utf8_with_bom_decode_alike() {
        let (gbk, _, _) = encoding_rs::GBK.encode("单位名称,中专人数");
        assert_eq!(decode(&gbk).unwrap(), "单位名称,中专人数");
        assert_eq!(decode("单位名称".as_bytes()).unwrap(), "单位名称");
        assert_eq!(decode(b"\xEF\xBB\xBFabc").unwrap(), "abc");
    }
}
