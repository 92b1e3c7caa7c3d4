//! Reading CSV files and workbooks.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Reader, Sheets};

use crate::cell::Cell;
use crate::guard::MAX_SHEET_CELLS;
use crate::schema::RecordKind;
use crate::table::{Builder, Table, TextGrid, TextGridBuilder};
use crate::{ReadOptions, ReadOutcome, TabularError};

/// The encoding a CSV file was decoded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    /// UTF-8 with a byte-order mark.
    Utf8Bom,
    /// UTF-8 without one.
    Utf8,
    /// UTF-16 (little or big endian, with a byte-order mark): Excel's “Unicode text”.
    Utf16,
    /// GBK / GB18030 (Chinese Windows).
    Gb18030,
}

/// Decodes CSV bytes: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (a superset
/// of GBK and GB2312).
///
/// ```
/// use bianzhi_tabular::{decode_text, Detected};
/// let gbk = [0xD0, 0xD5, 0xC3, 0xFB]; // 姓名 in GBK
/// assert_eq!(decode_text(&gbk), Some(("姓名".to_string(), Detected::Gb18030)));
/// assert_eq!(decode_text("\u{feff}姓名".as_bytes()).unwrap().1, Detected::Utf8Bom);
/// ```
pub fn decode_text(bytes: &[u8]) -> Option<(String, Detected)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .ok()
            .map(|s| (s.to_string(), Detected::Utf8Bom));
    }
    for (bom, enc) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, bad) = enc.decode_without_bom_handling(rest);
            return (!bad).then(|| (s.into_owned(), Detected::Utf16));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), Detected::Utf8));
    }
    let (s, bad) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!bad).then(|| (s.into_owned(), Detected::Gb18030))
}

/// For bytes that are not UTF-8 as a whole: when some lines are valid UTF-8 holding Chinese
/// characters and others are not UTF-8, the 1-based numbers of the invalid lines (the first ten) and
/// how many there are. `None` when no non-ASCII line is UTF-8 (a GBK file).
fn mixed_utf8(bytes: &[u8]) -> Option<(Vec<u64>, usize)> {
    let (mut utf8, mut bad, mut total) = (false, Vec::new(), 0usize);
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.is_ascii() {
            continue;
        }
        if let Ok(text) = std::str::from_utf8(line) {
            // Real UTF-8 text holds Chinese characters; GBK bytes that happen to be valid
            // UTF-8 (丐 is D8 A4, ؤ in UTF-8) decode to two-byte letters instead.
            utf8 |= text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        } else {
            total += 1;
            if bad.len() < 10 {
                bad.push(i as u64 + 1);
            }
        }
    }
    (utf8 && total > 0).then_some((bad, total))
}

/// Picks the delimiter (`,`, tab or `;`) most frequent in the first lines.
fn sniff_delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().take(10).collect();
    let count = |c: char| head.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma && semi > tab {
        b';'
    } else {
        b','
    }
}

/// Where a quoted field that is never closed starts: (1-based line, 0-based column). Reads
/// the text as the csv reader does: a `"` opens a quoted field only at the start of a field,
/// `""` inside one is a quote, and a quoted field may span lines.
fn unclosed_quote(text: &str, delimiter: u8) -> Option<(u64, usize)> {
    let (mut line, mut col, mut at_start, mut open) = (1u64, 0usize, true, None);
    let mut bytes = text.bytes().peekable();
    while let Some(b) = bytes.next() {
        if open.is_some() {
            if b == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    open = None;
                }
            } else if b == b'\n' {
                line += 1;
            }
            continue;
        }
        match b {
            b'"' if at_start => {
                open = Some((line, col));
                at_start = false;
            }
            b'\n' => {
                line += 1;
                col = 0;
                at_start = true;
            }
            b'\r' => at_start = true,
            _ if b == delimiter => {
                col += 1;
                at_start = true;
            }
            _ => at_start = false,
        }
    }
    open
}

/// Parses one CSV text, giving each record to `row`; `warnings` gets one line per quoted
/// field that spans lines (a stray `"` makes one field swallow the rows after it).
///
/// A quote that is never closed is an error naming the row and column where the quoted
/// field starts: the csv reader would otherwise read the rest of the file into that field.
fn parse_csv(
    source: &str,
    text: &str,
    warnings: &mut Vec<String>,
    mut row: impl FnMut(&csv::ByteRecord) -> Result<(), TabularError>,
) -> Result<(), TabularError> {
    let delimiter = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    if let Some((line, c)) = unclosed_quote(text, delimiter) {
        return Err(TabularError::Csv {
            file: source.to_string(),
            line: Some(line),
            message: format!(
                "the quoted field that starts in line {line}, column {} (field {}), is never \
                 closed: a stray `\"` would swallow every row after it",
                crate::table::column_letters(c),
                c + 1
            ),
        });
    }
    let mut spanning = 0usize;
    let mut rec = csv::ByteRecord::new();
    loop {
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| TabularError::Csv {
                file: source.to_string(),
                line: e.position().map(|p| p.line()),
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        for (c, f) in rec.iter().enumerate() {
            if !f.contains(&b'\n') {
                continue;
            }
            spanning += 1;
            if spanning > 10 {
                continue;
            }
            let line = rec.position().map_or(0, |p| p.line());
            let spans = f.iter().filter(|&&b| b == b'\n').count();
            warnings.push(format!(
                "{source}: line {line}, column {}: a quoted field spans {} lines; check for a \
                 stray `\"` if rows are missing",
                crate::table::column_letters(c),
                spans + 1
            ));
        }
        row(&rec)?;
    }
    if spanning > 10 {
        warnings.push(format!(
            "{source}: {} more quoted fields span lines",
            spanning - 10
        ));
    }
    Ok(())
}

/// A field of a record read from a `&str`: UTF-8, since the reader splits only at ASCII bytes.
fn field_text(f: &[u8]) -> &str {
    std::str::from_utf8(f).unwrap_or_default()
}

/// Parses one CSV text into a table of cells (see [`parse_csv`]).
pub(crate) fn csv_table(
    source: &str,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<Table, TabularError> {
    let mut rows = Vec::new();
    parse_csv(source, text, warnings, |rec| {
        rows.push(
            rec.iter()
                .map(|f| {
                    let s = field_text(f);
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
        Ok(())
    })?;
    Ok(Table {
        source: source.to_string(),
        rows,
        first_row: 1,
        first_col: 0,
    })
}

/// Parses one CSV text into a grid of text cells (see [`parse_csv`]).
pub(crate) fn csv_grid(
    source: &str,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<TextGrid, TabularError> {
    let mut grid = TextGridBuilder::with_capacity(text.len());
    parse_csv(source, text, warnings, |rec| {
        grid.push(rec.iter()).ok_or_else(|| TabularError::Csv {
            file: source.to_string(),
            line: rec.position().map(|p| p.line()),
            message: format!("a row longer than {} bytes", u32::MAX),
        })
    })?;
    Ok(grid.finish())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn option_kind(opts: &ReadOptions, names: &[&str]) -> Option<RecordKind> {
    opts.kinds
        .iter()
        .find(|(n, _)| names.iter().any(|x| x == n))
        .map(|(_, k)| *k)
}

fn kind_of(opts: &ReadOptions, names: &[&str], stem: &str, table: &Table) -> Option<RecordKind> {
    option_kind(opts, names)
        .or_else(|| RecordKind::from_name(stem))
        .or_else(|| table.guess_kind())
}

fn add_csv(
    b: &mut Builder,
    opts: &ReadOptions,
    name: &str,
    full: &str,
    bytes: &[u8],
) -> Result<(), TabularError> {
    let decoded = decode_text(bytes);
    // Not UTF-8 (nor UTF-16): GB18030, or undecodable; either way, a mix is named first.
    if decoded.as_ref().is_none_or(|d| d.1 == Detected::Gb18030) {
        if let Some((bad, total)) = mixed_utf8(bytes) {
            let listed: Vec<String> = bad.iter().map(u64::to_string).collect();
            return Err(TabularError::Csv {
                file: full.to_string(),
                line: bad.first().copied(),
                message: format!(
                    "the file is UTF-8 except line(s) {}{}, which are not: a file of mixed \
                     encodings (a name typed in GBK?) would be garbled as GB18030 throughout; \
                     save those lines as UTF-8",
                    listed.join(", "),
                    if total > bad.len() {
                        format!(" ({total} lines in all)")
                    } else {
                        String::new()
                    }
                ),
            });
        }
    }
    let (text, _) = decoded.ok_or_else(|| TabularError::Encoding {
        file: full.to_string(),
    })?;
    let grid = csv_grid(name, &text, &mut b.warnings)?;
    drop(text);
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    let names = [name, full, &stem];
    // A table is only turned into cells when its headers must tell its kind.
    let (kind, table) = match option_kind(opts, &names).or_else(|| RecordKind::from_name(&stem)) {
        Some(kind) => (Some(kind), None),
        None => {
            let table = grid.to_table(name);
            (table.guess_kind(), Some(table))
        }
    };
    match kind {
        Some(kind @ (RecordKind::Units | RecordKind::Posts | RecordKind::Staff)) => {
            b.add_grid(name, grid, kind)
        }
        Some(kind) => b.add(&table.unwrap_or_else(|| grid.to_table(name)), kind),
        None if grid.is_blank() => Ok(()),
        None => Err(TabularError::UnknownKind {
            file: full.to_string(),
        }),
    }
}

/// Reads a set of CSV files given as (file name, bytes), one record kind per file.
///
/// The kind comes from [`ReadOptions::kinds`], else the file name (`units`/`单位`,
/// `posts`/`岗位`, `staff`/`人员`, `duties`/`职责`, …), else the headers.
///
/// ```
/// use bianzhi_tabular::{read_csv_sources, ReadOptions};
/// let units = "单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1\n";
/// let staff = "人员编码,姓名,所在单位,编制类型\nS1,张三,U1,行政\nS2,李四,U1,行政\n";
/// let out = read_csv_sources(
///     &[("单位.csv", units.as_bytes()), ("人员.csv", staff.as_bytes())],
///     &ReadOptions::default(),
/// ).unwrap();
/// assert_eq!(out.dataset.staff().len(), 2);
/// assert!(out.warnings.is_empty());
/// ```
///
/// # Errors
/// [`TabularError`] when a file is neither UTF-8 nor GB18030, is not CSV, has no header
/// row, or its record kind cannot be told.
pub fn read_csv_sources(
    files: &[(&str, &[u8])],
    opts: &ReadOptions,
) -> Result<ReadOutcome, TabularError> {
    let mut b = Builder::default();
    for (name, bytes) in files {
        add_csv(&mut b, opts, name, name, bytes)?;
    }
    b.finish()
}

/// Reads a set of CSV files from disk (see [`read_csv_sources`]).
///
/// ```no_run
/// let out = bianzhi_tabular::read_csv_set(&["units.csv", "staff.csv"], &Default::default())?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// As [`read_csv_sources`], plus [`TabularError::Io`].
pub fn read_csv_set<P: AsRef<Path>>(
    paths: &[P],
    opts: &ReadOptions,
) -> Result<ReadOutcome, TabularError> {
    let mut b = Builder::default();
    for p in paths {
        add_csv_path(&mut b, opts, p.as_ref())?;
    }
    b.finish()
}

fn add_csv_path(b: &mut Builder, opts: &ReadOptions, p: &Path) -> Result<(), TabularError> {
    let bytes = std::fs::read(p).map_err(|e| TabularError::Io {
        path: p.to_path_buf(),
        message: e.to_string(),
    })?;
    add_csv(b, opts, &file_name(p), &p.display().to_string(), &bytes)
}

/// One xlsx sheet from the cells it holds (not its bounding box: a cell at A1 and one at
/// XFD1048576 are two cells, not 17 billion). Each row is as long as its last non-empty
/// cell; a sheet whose rows and cells so laid out exceed [`MAX_SHEET_CELLS`] is refused.
fn xlsx_table<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    name: &str,
    sheet: &str,
) -> Result<Table, String> {
    let mut reader = match x.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // Chart sheets and the like hold no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            return Ok(Table {
                source: format!("{name}!{sheet}"),
                rows: Vec::new(),
                first_row: 1,
                first_col: 0,
            })
        }
        Err(e) => return Err(e.to_string()),
    };
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
        let cell = Cell::from_calamine(&calamine::Data::from(c.get_value().clone()));
        if !cell.is_empty() {
            let (r, col) = c.get_position();
            cells.push((r, col, cell));
        }
    }
    // Cells come in sheet order; a crafted file may shuffle them (a later cell wins).
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let Some(&(r0, _, _)) = cells.first() else {
        return Ok(Table {
            source: format!("{name}!{sheet}"),
            rows: Vec::new(),
            first_row: 1,
            first_col: 0,
        });
    };
    let r_last = cells.last().map_or(r0, |c| c.0);
    let c0 = cells.iter().map(|c| c.1).min().unwrap_or(0);
    // Rows from the first to the last, plus each row's cells up to its last one.
    let mut span = u64::from(r_last - r0) + 1;
    for w in cells.windows(2) {
        if w[0].0 != w[1].0 {
            span += u64::from(w[0].1 - c0) + 1;
        }
    }
    span += cells.last().map_or(0, |c| u64::from(c.1 - c0) + 1);
    if span > MAX_SHEET_CELLS {
        return Err(format!(
            "its {} non-empty cells spread over {span} cells (rows {} to {}); the reader \
             refuses more than {MAX_SHEET_CELLS}",
            cells.len(),
            r0 + 1,
            r_last + 1
        ));
    }
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    rows.resize_with((r_last - r0) as usize + 1, Vec::new);
    for (r, c, cell) in cells {
        let row = &mut rows[(r - r0) as usize];
        let at = (c - c0) as usize;
        if row.len() <= at {
            row.resize(at + 1, Cell::Empty);
        }
        row[at] = cell;
    }
    Ok(Table {
        source: format!("{name}!{sheet}"),
        rows,
        first_row: r0 as usize + 1,
        first_col: c0 as usize,
    })
}

fn add_workbook<RS: std::io::Read + std::io::Seek>(
    b: &mut Builder,
    opts: &ReadOptions,
    name: &str,
    mut wb: Sheets<RS>,
) -> Result<(), TabularError> {
    let before = b.tables;
    for sheet in wb.sheet_names() {
        let sheet_err = |message: String| TabularError::Sheet {
            file: name.to_string(),
            sheet: sheet.clone(),
            message,
        };
        let table = if let Sheets::Xlsx(x) = &mut wb {
            xlsx_table(x, name, &sheet).map_err(sheet_err)?
        } else {
            let range = wb
                .worksheet_range(&sheet)
                .map_err(|e| sheet_err(e.to_string()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            // Each row as long as its last non-empty cell, as xlsx_table lays them out:
            // a cell right of the header's last one is then past the header in every
            // workbook format, not under a blank header cell that the range padded in.
            let rows: Vec<Vec<Cell>> = range
                .rows()
                .map(|r| {
                    let mut row: Vec<Cell> = r.iter().map(Cell::from_calamine).collect();
                    let len = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
                    row.truncate(len);
                    row
                })
                .collect();
            Table {
                source: format!("{name}!{sheet}"),
                rows,
                first_row: r0 as usize + 1,
                first_col: c0 as usize,
            }
        };
        if sheet.trim() == "说明" {
            continue;
        }
        // Ledger events (事项) are not roster records: `bianzhi ledger` reads them.
        if crate::events::is_event_sheet(&sheet) {
            continue;
        }
        match kind_of(opts, &[&sheet], &sheet, &table) {
            Some(kind) => b.add(&table, kind)?,
            None if table.is_blank() => {}
            None => b.warnings.push(format!(
                "{name}: sheet “{sheet}” holds no known table (单位/岗位/人员/职责/…); ignored"
            )),
        }
    }
    if b.tables == before {
        return Err(TabularError::NoTables {
            file: name.to_string(),
        });
    }
    Ok(())
}

/// Reads a workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) from memory.
///
/// Each sheet named for a record kind (单位/岗位/人员/职责/三不超/配备标准/设置, or the
/// English array names), or named in [`ReadOptions::kinds`], or recognised by its headers,
/// fills that array; the 说明 sheet and unknown sheets are ignored (with a warning).
///
/// ```
/// let bytes = bianzhi_tabular::template_bytes().unwrap();
/// let out = bianzhi_tabular::read_workbook_bytes("模板.xlsx", &bytes, &Default::default()).unwrap();
/// assert!(out.dataset.units().is_empty());
/// ```
///
/// # Errors
/// [`TabularError`] when the bytes are not a workbook, a sheet cannot be read, a table has
/// no header row, or no sheet holds a known table.
pub fn read_workbook_bytes(
    name: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<ReadOutcome, TabularError> {
    let mut b = Builder::default();
    crate::guard::check_workbook(name, Cursor::new(bytes), bytes.len() as u64)?;
    crate::guard::calamine_guarded(name, || {
        let wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
            TabularError::Workbook {
                file: name.to_string(),
                message: e.to_string(),
            }
        })?;
        add_workbook(&mut b, opts, name, wb)
    })?;
    b.finish()
}

fn add_workbook_path(b: &mut Builder, opts: &ReadOptions, p: &Path) -> Result<(), TabularError> {
    let file = std::fs::File::open(p).map_err(|e| TabularError::Io {
        path: p.to_path_buf(),
        message: e.to_string(),
    })?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    crate::guard::check_workbook(&p.display().to_string(), std::io::BufReader::new(file), len)?;
    let file = p.display().to_string();
    crate::guard::calamine_guarded(&file, || {
        let wb = calamine::open_workbook_auto(p).map_err(|e| TabularError::Workbook {
            file: file.clone(),
            message: e.to_string(),
        })?;
        add_workbook(b, opts, &file, wb)
    })
}

/// The kind of input a file extension names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Workbook,
    Csv,
}

fn format_of(p: &Path) -> Option<Format> {
    let ext = p.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "json" => Format::Json,
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Format::Workbook,
        "csv" | "tsv" | "txt" => Format::Csv,
        _ => return None,
    })
}

/// Reads one file: a workbook, a CSV file (one table) or a JSON document.
///
/// ```no_run
/// let out = bianzhi_tabular::read_path("花名册.xlsx".as_ref(), &Default::default())?;
/// for w in &out.warnings { eprintln!("{w}"); }
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// As [`read_inputs`].
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<ReadOutcome, TabularError> {
    let (dataset, warnings) = read_inputs(&[path.to_path_buf()], opts)?;
    Ok(ReadOutcome { dataset, warnings })
}

/// Reads the inputs of `bianzhi validate FILE...`, dispatching on the extension:
/// `.json` → the core loader (alone), `.xlsx`/`.xls`/… → workbook, `.csv`/`.tsv`/`.txt` →
/// CSV set. Several workbooks and CSV files may be combined; tables of the same kind are
/// concatenated in the order given. Returns the dataset and the reader's warnings
/// (unknown columns and sheets), which a command prints on stderr.
///
/// ```no_run
/// use std::path::PathBuf;
/// let (ds, warnings) = bianzhi_tabular::read_inputs(
///     &[PathBuf::from("units.csv"), PathBuf::from("staff.csv")], &Default::default())?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// [`TabularError`] naming the file (and sheet, row, column where known) for unreadable
/// input, an unknown extension, no input, or a JSON document given with other files.
pub fn read_inputs(
    paths: &[PathBuf],
    opts: &ReadOptions,
) -> Result<(bianzhi::Dataset, Vec<String>), TabularError> {
    if paths.is_empty() {
        return Err(TabularError::NoInput);
    }
    let mut formats = Vec::with_capacity(paths.len());
    for p in paths {
        formats.push(format_of(p).ok_or_else(|| TabularError::UnknownExtension(p.clone()))?);
    }
    if formats.contains(&Format::Json) {
        if paths.len() > 1 {
            return Err(TabularError::JsonWithOthers);
        }
        let p = &paths[0];
        let bytes = std::fs::read(p).map_err(|e| TabularError::Io {
            path: p.clone(),
            message: e.to_string(),
        })?;
        let ds = bianzhi::Dataset::from_vec(bytes).map_err(|e| TabularError::Json {
            path: p.clone(),
            message: e.to_string(),
        })?;
        return Ok((ds, Vec::new()));
    }
    let mut b = Builder::default();
    for (p, f) in paths.iter().zip(formats) {
        match f {
            Format::Workbook => add_workbook_path(&mut b, opts, p)?,
            _ => add_csv_path(&mut b, opts, p)?,
        }
    }
    let out = b.finish()?;
    Ok((out.dataset, out.warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The route every table took before CSV text was converted in place: cells, JSON
    /// records, the loader.
    fn through_cells(files: &[(&str, String)]) -> ReadOutcome {
        let mut b = Builder::default();
        for (name, text) in files {
            let table = csv_table(name, text, &mut b.warnings).expect("csv");
            let stem = Path::new(name).file_stem().expect("stem").to_string_lossy();
            let kind = RecordKind::from_name(&stem).expect("kind");
            b.add(&table, kind).expect("table");
        }
        b.finish().expect("finish")
    }

    fn outcome(o: &ReadOutcome) -> (Value, Vec<bianzhi::RecordIssue>, Vec<String>) {
        (
            serde_json::from_str(&o.dataset.to_json()).expect("json"),
            o.dataset.issues().to_vec(),
            o.warnings.clone(),
        )
    }

    use serde_json::Value;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("  ".to_string()),
            Just("U1".to_string()),
            Just(" U2 ".to_string()),
            Just("P1".to_string()),
            Just("12名".to_string()),
            Just("九级".to_string()),
            Just("2020年1月5日".to_string()),
            Just("2020-02-30".to_string()),
            Just(" 2020-01-05 ".to_string()),
            Just("是".to_string()),
            Just("男".to_string()),
            Just("female".to_string()),
            Just("行政".to_string()),
            Just("事业编制".to_string()),
            Just("在岗".to_string()),
            Just("离岗".to_string()),
            Just("副职".to_string()),
            Just("管理".to_string()),
            Just("机关".to_string()),
            Just("4.40305E+17".to_string()),
            Just("'11010519491231002X".to_string()),
            Just("110105194912310021".to_string()),
            Just("-3".to_string()),
            Just("7".to_string()),
            Just("a\"b,c".to_string()),
            Just("line\nbreak".to_string()),
            "[a-z0-9年月日 ]{0,6}",
        ]
    }

    /// A CSV file of `kind` with a random subset of its columns (required ones mostly
    /// present), an unknown column and random cells; sometimes a title row, a blank row or
    /// a value past the header.
    fn file(kind: RecordKind, rows: usize) -> impl Strategy<Value = String> {
        let fields: Vec<String> = kind
            .fields()
            .iter()
            .map(|f| f.path.to_string())
            .chain(["备注".to_string()])
            .collect();
        let cols = fields.len();
        (
            proptest::collection::vec(any::<bool>(), cols),
            proptest::collection::vec(proptest::collection::vec(cell(), cols + 1), rows),
            any::<bool>(),
        )
            .prop_map(move |(keep, rows, title)| {
                let mut w = csv::WriterBuilder::new()
                    .flexible(true)
                    .from_writer(Vec::new());
                if title {
                    w.write_record(["某县花名册"]).expect("write");
                }
                let kept: Vec<usize> = (0..fields.len())
                    .filter(|&c| {
                        keep[c]
                            || ["id", "name", "unit", "kind", "category"]
                                .contains(&fields[c].as_str())
                    })
                    .collect();
                w.write_record(kept.iter().map(|&c| fields[c].as_str()))
                    .expect("write");
                for (r, row) in rows.iter().enumerate() {
                    // Row 3: one cell past the header's last column.
                    let n = kept.len() + usize::from(r == 3);
                    w.write_record(
                        (0..n).map(|k| row[kept.get(k).copied().unwrap_or(cols)].as_str()),
                    )
                    .expect("write");
                }
                String::from_utf8(w.into_inner().expect("csv")).expect("utf8")
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// CSV text converted in place gives the records, issues (with their file and row)
        /// and warnings of the cells → JSON → loader route.
        #[test]
        fn grid_matches_cells(
            u in file(RecordKind::Units, 5),
            p in file(RecordKind::Posts, 5),
            s in file(RecordKind::Staff, 10),
            s2 in file(RecordKind::Staff, 4),
        ) {
            let files = [
                ("units.csv", u),
                ("staff.csv", s),
                ("posts.csv", p),
                ("人员.csv", s2),
            ];
            let sources: Vec<(&str, &[u8])> =
                files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
            let got = read_csv_sources(&sources, &ReadOptions::default()).expect("read");
            prop_assert_eq!(outcome(&got), outcome(&through_cells(&files)));
        }
    }

    #[test]
    fn grid_rows_and_cells() {
        let mut w = Vec::new();
        let grid = csv_grid("t.csv", "a,b\n\"x\"\"y\",  \n,,,z\n", &mut w).expect("grid");
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.text(1, 0), "x\"y");
        assert_eq!(grid.cells(1), vec![Cell::Text("x\"y".into()), Cell::Empty]);
        assert_eq!(grid.width(2), 4);
        assert_eq!(grid.text(2, 3), "z");
        assert!(w.is_empty());
        assert!(csv_grid("t.csv", " , \n", &mut w).expect("grid").is_blank());
    }
}
