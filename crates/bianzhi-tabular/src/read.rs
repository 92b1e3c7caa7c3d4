//! Reading CSV files and workbooks.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Reader, Sheets};

use crate::cell::Cell;
use crate::schema::RecordKind;
use crate::table::{Builder, Table};
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

/// Parses one CSV text into a table.
pub(crate) fn csv_table(source: &str, text: &str) -> Result<Table, TabularError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| TabularError::Csv {
            file: source.to_string(),
            line: e.position().map(|p| p.line()),
            message: e.to_string(),
        })?;
        rows.push(
            rec.iter()
                .map(|s| {
                    if s.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(s.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Table {
        source: source.to_string(),
        rows,
        first_row: 1,
        first_col: 0,
    })
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
    let (text, _) = decode_text(bytes).ok_or_else(|| TabularError::Encoding {
        file: full.to_string(),
    })?;
    let table = csv_table(name, &text)?;
    let stem = Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
    match kind_of(opts, &[name, full, &stem], &stem, &table) {
        Some(kind) => b.add(&table, kind),
        None if table.is_blank() => Ok(()),
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

fn add_workbook<RS: std::io::Read + std::io::Seek>(
    b: &mut Builder,
    opts: &ReadOptions,
    name: &str,
    mut wb: Sheets<RS>,
) -> Result<(), TabularError> {
    let before = b.tables;
    for sheet in wb.sheet_names() {
        let range = wb
            .worksheet_range(&sheet)
            .map_err(|e| TabularError::Sheet {
                file: name.to_string(),
                sheet: sheet.clone(),
                message: e.to_string(),
            })?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let rows: Vec<Vec<Cell>> = range
            .rows()
            .map(|r| r.iter().map(Cell::from_calamine).collect())
            .collect();
        let table = Table {
            source: format!("{name}!{sheet}"),
            rows,
            first_row: r0 as usize + 1,
            first_col: c0 as usize,
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
    check_unzipped_size(name, Cursor::new(bytes), bytes.len() as u64)?;
    let wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        TabularError::Workbook {
            file: name.to_string(),
            message: e.to_string(),
        }
    })?;
    add_workbook(&mut b, opts, name, wb)?;
    b.finish()
}

fn add_workbook_path(b: &mut Builder, opts: &ReadOptions, p: &Path) -> Result<(), TabularError> {
    let file = std::fs::File::open(p).map_err(|e| TabularError::Io {
        path: p.to_path_buf(),
        message: e.to_string(),
    })?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    check_unzipped_size(&p.display().to_string(), std::io::BufReader::new(file), len)?;
    let wb = calamine::open_workbook_auto(p).map_err(|e| TabularError::Workbook {
        file: p.display().to_string(),
        message: e.to_string(),
    })?;
    add_workbook(b, opts, &p.display().to_string(), wb)
}

/// Most bytes the entries of a workbook may unzip to.
pub const MAX_UNZIPPED_BYTES: u64 = 4 << 30;
/// Most a workbook may expand by when it unzips to more than [`UNZIPPED_RATIO_FLOOR`].
/// Sheets of real rosters compress 5–30×; a zip bomb 1 000×.
pub const MAX_UNZIP_RATIO: u64 = 200;
/// Below this many unzipped bytes the ratio is not checked (tiny files compress well).
pub const UNZIPPED_RATIO_FLOOR: u64 = 64 << 20;

/// Refuses a zip-based workbook (xlsx, ods) whose entries declare more than
/// [`MAX_UNZIPPED_BYTES`], or more than [`MAX_UNZIP_RATIO`] times the file's size (beyond
/// [`UNZIPPED_RATIO_FLOOR`]), before calamine unzips anything: a zip bomb would otherwise
/// cost its expanded size in memory. The declared sizes can be trusted because the zip
/// reader fails an entry that inflates past its declared size. Other files (xls) pass.
fn check_unzipped_size<R: std::io::Read + std::io::Seek>(
    file: &str,
    mut r: R,
    len: u64,
) -> Result<(), TabularError> {
    let mut magic = [0u8; 4];
    let is_zip = r.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    if !is_zip || r.seek(std::io::SeekFrom::Start(0)).is_err() {
        return Ok(());
    }
    // A broken archive is left to calamine, whose error names what is wrong.
    let Ok(mut zip) = zip::ZipArchive::new(r) else {
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    let ratio = total / len.max(1);
    if total > MAX_UNZIPPED_BYTES || (total > UNZIPPED_RATIO_FLOOR && ratio > MAX_UNZIP_RATIO) {
        return Err(TabularError::Workbook {
            file: file.to_string(),
            message: format!(
                "its entries unzip to {total} bytes, {ratio}× the file's {len} bytes; the \
                 reader refuses more than {MAX_UNZIPPED_BYTES} bytes or {MAX_UNZIP_RATIO}× \
                 (past {UNZIPPED_RATIO_FLOOR} bytes), as a zip bomb would need"
            ),
        });
    }
    Ok(())
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
