//! Reading CSV files and workbooks.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Reader, Sheets};

use crate::cell::Cell;
use crate::cell::Raw;
use crate::schema::RecordKind;
use crate::sheet::{SheetBuilder, SheetGrid};
use crate::table::{Builder, Grid, Table, TextGrid, TextGridBuilder, TextPiece};
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
    decode(bytes).map(|(s, d)| (s.into_owned(), d))
}

/// [`decode_text`], UTF-8 text borrowed from `bytes` (a 100 MB file is not copied).
fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, Detected)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .ok()
            .map(|s| (Cow::Borrowed(s), Detected::Utf8Bom));
    }
    for (bom, enc) in [
        (&[0xFF, 0xFE][..], encoding_rs::UTF_16LE),
        (&[0xFE, 0xFF][..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (s, bad) = enc.decode_without_bom_handling(rest);
            return (!bad).then_some((s, Detected::Utf16));
        }
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((Cow::Borrowed(s), Detected::Utf8));
    }
    let (s, bad) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!bad).then_some((s, Detected::Gb18030))
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
///
/// Otherwise the places where the text can be cut into parts that the csv reader reads
/// alone: for each offset of `cuts` (ascending), the first line start at or after it that
/// is not inside a quoted field, as (byte offset, 1-based line).
fn scan_quotes(
    text: &str,
    delimiter: u8,
    cuts: &[usize],
) -> Result<Vec<(usize, u64)>, (u64, usize)> {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'"') {
        // No quoted field: every line start is a place to cut (a memchr, not a byte loop).
        let mut found: Vec<(usize, u64)> = Vec::with_capacity(cuts.len());
        let (mut from, mut line) = (0, 1u64);
        for &c in cuts {
            // A line start at `c` or after: its newline at `c - 1` or after.
            let start = c.saturating_sub(1).max(from);
            let Some(nl) = bytes
                .get(start..)
                .and_then(|b| b.iter().position(|&b| b == b'\n'))
            else {
                break;
            };
            let at = start + nl + 1;
            if at >= bytes.len() {
                break;
            }
            line += bytes[from..at].iter().filter(|&&b| b == b'\n').count() as u64;
            found.push((at, line));
            from = at;
        }
        return Ok(found);
    }
    let (mut line, mut col, mut at_start, mut open) = (1u64, 0usize, true, None);
    let mut found = Vec::with_capacity(cuts.len());
    let mut next_cut = cuts.first().copied();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if open.is_some() {
            if b == b'"' {
                if bytes.get(i) == Some(&b'"') {
                    i += 1;
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
                if next_cut.is_some_and(|c| i >= c) && i < bytes.len() {
                    found.push((i, line));
                    next_cut = cuts.get(found.len()).copied();
                }
            }
            b'\r' => at_start = true,
            _ if b == delimiter => {
                col += 1;
                at_start = true;
            }
            _ => at_start = false,
        }
    }
    match open {
        Some(at) => Err(at),
        None => Ok(found),
    }
}

/// How a part of a CSV text went: its quoted fields that span lines (the first ten: line,
/// column, lines spanned) and how many there are.
#[derive(Default)]
struct Spanning {
    listed: Vec<(u64, usize, usize)>,
    total: usize,
}

/// Parses one part of a CSV text whose first line is line `first_line` of the file,
/// giving each record to `row` with its 1-based line.
fn parse_part(
    source: &str,
    text: &str,
    first_line: u64,
    delimiter: u8,
    mut row: impl FnMut(&csv::ByteRecord, Option<u64>) -> Result<(), TabularError>,
) -> Result<Spanning, TabularError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let line_of = |p: Option<&csv::Position>| p.map(|p| p.line() + first_line - 1);
    let mut spanning = Spanning::default();
    let mut rec = csv::ByteRecord::new();
    loop {
        let more = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| TabularError::Csv {
                file: source.to_string(),
                line: line_of(e.position()),
                message: e.to_string(),
            })?;
        if !more {
            break;
        }
        let line = line_of(rec.position());
        for (c, f) in rec.iter().enumerate() {
            if !f.contains(&b'\n') {
                continue;
            }
            spanning.total += 1;
            if spanning.listed.len() < 10 {
                let spans = f.iter().filter(|&&b| b == b'\n').count();
                spanning.listed.push((line.unwrap_or(0), c, spans + 1));
            }
        }
        row(&rec, line)?;
    }
    Ok(spanning)
}

/// Parses one CSV text in (at most) `n` parts, each part read by `part` (given the part's
/// text, its byte offset in `text`, its first line and `parse_part`'s arguments);
/// the results come in text order. `warnings` gets one line per quoted field that spans
/// lines (a stray `"` makes one field swallow the rows after it).
///
/// A quote that is never closed is an error naming the row and column where the quoted
/// field starts: the csv reader would otherwise read the rest of the file into that field.
fn parse_csv<R: Send>(
    source: &str,
    text: &str,
    warnings: &mut Vec<String>,
    n: usize,
    part: impl Fn(&str, usize, u64, u8) -> Result<(R, Spanning), TabularError> + Sync,
) -> Result<Vec<R>, TabularError> {
    let delimiter = sniff_delimiter(text);
    let n = n.max(1);
    let cuts: Vec<usize> = (1..n).map(|k| text.len() / n * k).collect();
    let found = scan_quotes(text, delimiter, &cuts).map_err(|(line, c)| TabularError::Csv {
        file: source.to_string(),
        line: Some(line),
        message: format!(
            "the quoted field that starts in line {line}, column {} (field {}), is never \
             closed: a stray `\"` would swallow every row after it",
            crate::table::column_letters(c),
            c + 1
        ),
    })?;
    let mut parts = Vec::with_capacity(found.len() + 1);
    let (mut from, mut line) = (0, 1);
    for (at, next_line) in found {
        parts.push((&text[from..at], from, line));
        (from, line) = (at, next_line);
    }
    parts.push((&text[from..], from, line));
    let mut out = Vec::with_capacity(parts.len());
    let mut spanning = Spanning::default();
    for done in bianzhi::parallel::map_in_order(parts, |(t, at, line)| part(t, at, line, delimiter))
    {
        let (r, s) = done?;
        out.push(r);
        let room = 10 - spanning.listed.len();
        spanning.listed.extend(s.listed.into_iter().take(room));
        spanning.total += s.total;
    }
    for (line, c, spans) in &spanning.listed {
        warnings.push(format!(
            "{source}: line {line}, column {}: a quoted field spans {spans} lines; check for a \
             stray `\"` if rows are missing",
            crate::table::column_letters(*c),
        ));
    }
    if spanning.total > 10 {
        warnings.push(format!(
            "{source}: {} more quoted fields span lines",
            spanning.total - 10
        ));
    }
    Ok(out)
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
    let parts = parse_csv(source, text, warnings, 1, |t, _, line, delimiter| {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let spanning = parse_part(source, t, line, delimiter, |rec, _| {
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
        Ok((rows, spanning))
    })?;
    Ok(Table {
        source: source.to_string(),
        rows: parts.into_iter().flatten().collect(),
        first_row: 1,
        first_col: 0,
    })
}

/// Parses one CSV text (`text[start..]`: after a byte-order mark) into a grid of text cells
/// (see [`parse_csv`]), in parts on all cores from 8 MiB of text.
pub(crate) fn csv_grid(
    source: &str,
    text: String,
    start: usize,
    warnings: &mut Vec<String>,
) -> Result<TextGrid, TabularError> {
    let n = bianzhi::parallel::parts(text.len(), 8 << 20);
    csv_grid_in(source, text, start, warnings, n)
}

/// [`csv_grid`] in `n` parts. A part without a `"` is read in place: its grid holds the
/// offsets of its cells in `text`, not a copy of them (the copy was a fifth of the time of a
/// CSV roster, and its fresh pages most of the rest of the kernel's).
fn csv_grid_in(
    source: &str,
    text: String,
    start: usize,
    warnings: &mut Vec<String>,
    n: usize,
) -> Result<TextGrid, TabularError> {
    let shared = Arc::new(text);
    let body = shared.get(start..).unwrap_or_default();
    let too_long = |line| row_too_long(source, line);
    let parts = parse_csv(source, body, warnings, n, |t, at, line, delimiter| {
        if memchr::memchr(b'"', t.as_bytes()).is_none() {
            let piece = TextPiece::plain(&shared, start + at, t, delimiter)
                .map_err(|l| too_long(Some(line + l)))?;
            return Ok((piece, Spanning::default()));
        }
        let mut grid = TextGridBuilder::with_capacity(t.len());
        let spanning = parse_part(source, t, line, delimiter, |rec, line| {
            grid.push(rec.iter()).ok_or_else(|| too_long(line))
        })?;
        Ok((grid.finish_piece(), spanning))
    })?;
    Ok(TextGrid::from_pieces(parts))
}

/// A row of a CSV file whose cells are more than `u32::MAX` bytes (a grid's offsets).
fn row_too_long(file: &str, line: Option<u64>) -> TabularError {
    TabularError::Csv {
        file: file.to_string(),
        line,
        message: format!("a row longer than {} bytes", u32::MAX),
    }
}

/// The length of the UTF-8 byte-order mark at the start of `bytes`: 3 or 0.
fn bom_len(bytes: &[u8]) -> usize {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    }
}

/// The text of a CSV file that is UTF-8 (with or without a byte-order mark), taken over
/// without a copy, and where it starts; else the bytes back.
fn utf8_text(bytes: Vec<u8>) -> Result<(String, usize), Vec<u8>> {
    let start = bom_len(&bytes);
    String::from_utf8(bytes)
        .map(|s| (s, start))
        .map_err(std::string::FromUtf8Error::into_bytes)
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

/// The text of CSV bytes as [`decode`] reads them (a copy), and where it starts; a file of
/// mixed encodings is an error naming its lines.
fn decoded_text(full: &str, bytes: &[u8]) -> Result<(String, usize), TabularError> {
    let decoded = decode(bytes);
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
    // The grid holds the text: a borrowed one is copied once (its cells are not).
    Ok((text.into_owned(), 0))
}

/// The grid of a CSV file's bytes (see [`decode`]).
fn bytes_grid(
    name: &str,
    full: &str,
    bytes: Cow<'_, [u8]>,
    warnings: &mut Vec<String>,
) -> Result<TextGrid, TabularError> {
    let (text, start) = match bytes {
        Cow::Owned(v) => match utf8_text(v) {
            Ok(t) => t,
            Err(v) => decoded_text(full, &v)?,
        },
        Cow::Borrowed(v) => decoded_text(full, v)?,
    };
    csv_grid(name, text, start, warnings)
}

/// The grid of a CSV file read as [`read_parts`] gives it: each part read in place on its
/// own core.
fn parts_grid(name: &str, parts: Vec<String>) -> Result<TextGrid, TabularError> {
    let start = bom_len(parts[0].as_bytes());
    let delimiter = sniff_delimiter(&parts[0][start..]);
    let mut lines = Vec::with_capacity(parts.len());
    let mut line = 1u64;
    for p in &parts {
        lines.push(line);
        line += memchr::memchr_iter(b'\n', p.as_bytes()).count() as u64;
    }
    let jobs: Vec<(usize, String, u64)> = parts
        .into_iter()
        .zip(lines)
        .enumerate()
        .map(|(k, (p, line))| (if k == 0 { start } else { 0 }, p, line))
        .collect();
    // As many parts at a time as there are cores.
    let cores = bianzhi::parallel::parts(usize::MAX, 0);
    let (mut jobs, mut pieces) = (jobs, Vec::new());
    while !jobs.is_empty() {
        let rest = jobs.split_off(cores.min(jobs.len()));
        for piece in bianzhi::parallel::map_in_order(jobs, |(start, text, line)| {
            let text = Arc::new(text);
            TextPiece::plain(&text, start, &text[start..], delimiter)
                .map_err(|l| row_too_long(name, Some(line + l)))
        }) {
            pieces.push(piece?);
        }
        jobs = rest;
    }
    Ok(TextGrid::from_pieces(pieces))
}

/// How much of a CSV file one part holds: parts are parsed on all cores, and each is freed
/// once its rows are converted, so the text of the file and the staff columns are not held
/// together at the peak.
const FILE_PART: u64 = 16 << 20;

/// A CSV file read in parts of about `size` bytes that each end at a line end, one
/// allocation each (one text for the whole file stayed to the end, beside the staff
/// columns). `Err` gives back the whole bytes when the parts cannot be read apart: a `"` (a
/// quoted field may span lines), text that is not UTF-8, or a first part of under ten
/// lines (the delimiter is told from ten).
fn read_parts(file: std::fs::File, size: u64) -> std::io::Result<Result<Vec<String>, Vec<u8>>> {
    use std::io::{BufRead, Read};
    let size = size.max(1);
    let mut r = std::io::BufReader::with_capacity(64 << 10, file);
    let mut parts: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut buf =
            Vec::with_capacity(usize::try_from(size).unwrap_or(0).min(1 << 30) + (64 << 10));
        let got = (&mut r).take(size).read_to_end(&mut buf)?;
        if buf.last().is_some_and(|&b| b != b'\n') {
            r.read_until(b'\n', &mut buf)?;
        }
        if got == 0 && buf.is_empty() {
            break;
        }
        parts.push(buf);
    }
    let plain = parts
        .first()
        .is_some_and(|p| memchr::memchr_iter(b'\n', p).nth(9).is_some())
        && parts
            .iter()
            .all(|p| memchr::memchr(b'"', p).is_none() && std::str::from_utf8(p).is_ok());
    if !plain {
        return Ok(Err(parts.concat()));
    }
    Ok(Ok(parts
        .into_iter()
        .map(|p| String::from_utf8(p).unwrap_or_default())
        .collect()))
}

fn add_csv(
    b: &mut Builder,
    opts: &ReadOptions,
    name: &str,
    full: &str,
    grid: TextGrid,
) -> Result<(), TabularError> {
    let grid = Grid::Text(grid);
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
        let grid = bytes_grid(name, name, Cow::Borrowed(bytes), &mut b.warnings)?;
        add_csv(&mut b, opts, name, name, grid)?;
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
    let io = |e: std::io::Error| TabularError::Io {
        path: p.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(p).map_err(io)?;
    let (name, full) = (file_name(p), p.display().to_string());
    let grid = match read_parts(file, FILE_PART).map_err(io)? {
        Ok(parts) => parts_grid(&name, parts)?,
        Err(bytes) => bytes_grid(&name, &full, Cow::Owned(bytes), &mut b.warnings)?,
    };
    add_csv(b, opts, &name, &full, grid)
}

/// One xlsx sheet from the cells it holds (not its bounding box: see
/// [`SheetBuilder::finish`]), shared strings copied once into the grid's text.
fn xlsx_grid<RS: std::io::Read + std::io::Seek>(
    x: &mut calamine::Xlsx<RS>,
    sheet: &str,
) -> Result<SheetGrid, String> {
    let mut reader = match x.worksheet_cells_reader(sheet) {
        Ok(r) => r,
        // Chart sheets and the like hold no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return SheetBuilder::default().finish(),
        Err(e) => return Err(e.to_string()),
    };
    let mut b = SheetBuilder::default();
    while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
        let (r, col) = c.get_position();
        b.push(r, col, Raw::of_ref(c.get_value()))?;
    }
    b.finish()
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
        let grid = if let Sheets::Xlsx(x) = &mut wb {
            xlsx_grid(x, &sheet).map_err(sheet_err)?
        } else {
            let range = wb
                .worksheet_range(&sheet)
                .map_err(|e| sheet_err(e.to_string()))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            // Each row as long as its last non-empty cell, as xlsx_grid lays them out: a
            // cell right of the header's last one is then past the header in every
            // workbook format, not under a blank header cell that the range padded in.
            SheetGrid::from_rows((r0, c0), range.rows()).map_err(sheet_err)?
        };
        if sheet.trim() == "说明" {
            continue;
        }
        // Ledger events (事项) are not roster records: `bianzhi ledger` reads them.
        if crate::events::is_event_sheet(&sheet) {
            continue;
        }
        let source = format!("{name}!{sheet}");
        let grid = Grid::Sheet(grid);
        // A sheet is only turned into cells when its headers must tell its kind, or when
        // it is not a units, posts or staff table.
        let (kind, table) =
            match option_kind(opts, &[&sheet]).or_else(|| RecordKind::from_name(&sheet)) {
                Some(kind) => (Some(kind), None),
                None => {
                    let table = grid.to_table(&source);
                    (table.guess_kind(), Some(table))
                }
            };
        match kind {
            Some(kind @ (RecordKind::Units | RecordKind::Posts | RecordKind::Staff)) => {
                b.add_grid(&source, grid, kind)?
            }
            Some(kind) => b.add(&table.unwrap_or_else(|| grid.to_table(&source)), kind)?,
            None if grid.is_blank() => {}
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

    /// A worksheet cell of the workbook property test.
    #[derive(Debug, Clone)]
    enum Put {
        Blank,
        Text(String),
        Number(f64),
        Bool(bool),
        /// An Excel date (serial days, date format).
        Date(f64),
        /// A formula whose cached result is an Excel error.
        Error(&'static str),
    }

    fn put() -> impl Strategy<Value = Put> {
        prop_oneof![
            Just(Put::Blank),
            cell().prop_map(Put::Text),
            prop_oneof![
                Just(7.0),
                Just(0.0),
                Just(1.0),
                Just(-3.0),
                Just(12.5),
                Just(440305850715501.0),
                Just(440305198507155017.0),
                Just(20200105.0),
                Just(43835.0),
            ]
            .prop_map(Put::Number),
            any::<bool>().prop_map(Put::Bool),
            prop_oneof![Just(43835.0), Just(21000.0), Just(43835.75), Just(60.0)]
                .prop_map(Put::Date),
            prop_oneof![Just("#N/A"), Just("#VALUE!")].prop_map(Put::Error),
        ]
    }

    /// A value a field of this kind commonly holds (most take the direct way).
    fn good(kind: crate::schema::Kind) -> BoxedStrategy<Put> {
        use crate::schema::Kind as K;
        let t = |v: &[&str]| {
            proptest::sample::select(v.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .prop_map(Put::Text)
                .boxed()
        };
        match kind {
            K::Id => prop_oneof![t(&["U1", "U2", "P1", " S7 "]), Just(Put::Number(7.0))].boxed(),
            K::Text => prop_oneof![t(&["张三", "某局"]), Just(Put::Number(7.0))].boxed(),
            K::Enum => t(&[
                "男",
                "女",
                "在岗",
                "行政",
                "事业",
                "机关",
                "事业单位",
                "管理",
                "副职",
            ]),
            K::Count => prop_oneof![Just(Put::Number(3.0)), t(&["12名", "2"])].boxed(),
            K::Level => prop_oneof![Just(Put::Number(9.0)), t(&["九级"])].boxed(),
            K::Date => {
                prop_oneof![Just(Put::Date(43835.0)), t(&["2020-01-05", "2020年1月5日"])].boxed()
            }
            K::Bool => {
                prop_oneof![Just(Put::Bool(true)), Just(Put::Number(0.0)), t(&["是"])].boxed()
            }
            K::IdNumber => t(&["110105194912310021", "'11010519491231002X"]),
            _ => Just(Put::Blank).boxed(),
        }
    }

    /// A sheet of `kind` (header of a random subset of its fields, an unknown column, typed
    /// cells: per row either common values of each field or any values), placed at a
    /// random row and column, sometimes under a title row.
    fn sheet(kind: RecordKind, rows: usize) -> impl Strategy<Value = Sheet> {
        let fields: Vec<String> = kind
            .fields()
            .iter()
            .map(|f| f.path.to_string())
            .chain(["备注".to_string()])
            .collect();
        let cols = fields.len();
        let common: Vec<BoxedStrategy<Put>> = kind
            .fields()
            .iter()
            .map(|f| good(f.kind))
            // 备注 and the cell past the header.
            .chain([cell().prop_map(Put::Text).boxed(), Just(Put::Blank).boxed()])
            .collect();
        let row = prop_oneof![proptest::collection::vec(put(), cols + 1), common,];
        (
            proptest::collection::vec(any::<bool>(), cols),
            proptest::collection::vec(row, rows),
            (0u32..3, 0u16..3),
            any::<bool>(),
        )
            .prop_map(move |(keep, rows, at, title)| {
                let kept: Vec<usize> = (0..cols)
                    .filter(|&c| {
                        keep[c]
                            || ["id", "name", "unit", "kind", "category"]
                                .contains(&fields[c].as_str())
                    })
                    .collect();
                let header = kept.iter().map(|&c| fields[c].clone()).collect();
                let rows = rows
                    .into_iter()
                    .enumerate()
                    .map(|(r, row)| {
                        // Row 3: one cell past the header's last column.
                        let n = kept.len() + usize::from(r == 3);
                        (0..n)
                            .map(|k| row[kept.get(k).copied().unwrap_or(cols)].clone())
                            .collect()
                    })
                    .collect();
                (header, rows, at, title)
            })
    }

    type Sheet = (Vec<String>, Vec<Vec<Put>>, (u32, u16), bool);

    fn workbook(sheets: &[(&str, Sheet)]) -> Vec<u8> {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (name, (header, rows, (r0, c0), title)) in sheets {
            let ws = wb.add_worksheet();
            ws.set_name(*name).expect("name");
            let mut r = *r0;
            if *title {
                ws.write_string(r, *c0, "某县花名册").expect("write");
                r += 1;
            }
            for (c, h) in header.iter().enumerate() {
                ws.write_string(r, *c0 + c as u16, h).expect("write");
            }
            for row in rows {
                r += 1;
                for (c, v) in row.iter().enumerate() {
                    let c = *c0 + c as u16;
                    match v {
                        Put::Blank => continue,
                        Put::Text(t) => ws.write_string(r, c, t),
                        Put::Number(n) => ws.write_number(r, c, *n),
                        Put::Bool(b) => ws.write_boolean(r, c, *b),
                        Put::Date(n) => ws.write_number_with_format(r, c, *n, &date),
                        Put::Error(e) => {
                            ws.write_formula(r, c, Formula::new("=NA()").set_result(*e))
                        }
                    }
                    .expect("write");
                }
            }
        }
        wb.save_to_buffer().expect("xlsx")
    }

    /// The route every sheet took before worksheets were converted in place: cells,
    /// JSON records, the loader.
    fn sheets_through_cells(name: &str, bytes: &[u8]) -> ReadOutcome {
        let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).expect("open");
        let mut b = Builder::default();
        for sheet in wb.sheet_names() {
            let range = wb.worksheet_range(&sheet).expect("range");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let rows = range
                .rows()
                .map(|r| {
                    let mut row: Vec<Cell> = r.iter().map(Cell::from_calamine).collect();
                    let len = row.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
                    row.truncate(len);
                    row
                })
                .collect();
            let table = Table {
                source: format!("{name}!{sheet}"),
                rows,
                first_row: r0 as usize + 1,
                first_col: c0 as usize,
            };
            let kind = RecordKind::from_name(&sheet).expect("kind");
            b.add(&table, kind).expect("table");
        }
        b.finish().expect("finish")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Worksheets converted in place give the records, issues (with their sheet and
        /// row) and warnings of the cells → JSON → loader route.
        #[test]
        fn sheets_match_cells(
            u in sheet(RecordKind::Units, 4),
            p in sheet(RecordKind::Posts, 4),
            s in sheet(RecordKind::Staff, 8),
        ) {
            let bytes = workbook(&[("units", u), ("staff", s), ("posts", p)]);
            let got = read_workbook_bytes("t.xlsx", &bytes, &ReadOptions::default())
                .expect("read");
            prop_assert_eq!(outcome(&got), outcome(&sheets_through_cells("t.xlsx", &bytes)));
        }
    }

    fn grid_outcome(text: &str, n: usize) -> Result<(Vec<Vec<Cell>>, Vec<String>), String> {
        let mut w = Vec::new();
        let grid =
            csv_grid_in("t.csv", text.to_string(), 0, &mut w, n).map_err(|e| e.to_string())?;
        Ok(((0..grid.len()).map(|r| grid.cells(r)).collect(), w))
    }

    #[test]
    fn cuts_outside_quoted_fields() {
        let text = "a,\"x\ny\"\nb,c\n\"d\"\"\n\",e\nf\n";
        assert_eq!(
            scan_quotes(text, b',', &[1, 9, 10, 20]),
            Ok(vec![(8, 3), (12, 4), (21, 6)])
        );
        assert_eq!(scan_quotes("a\n\"b\n", b',', &[1]), Err((2, 0)));
        // Without a quote, the same places as the byte loop would give.
        assert_eq!(
            scan_quotes("a,b\nc,d\ne\n", b',', &[1, 4, 5]),
            Ok(vec![(4, 2), (8, 3)])
        );
        // Lines are the file's in every part.
        let text = "a,b\nc,d\ne,f\ng,h\n\"x\ny\",z\n1,2\n";
        for n in 1..5 {
            let (rows, w) = grid_outcome(text, n).expect("grid");
            assert_eq!(rows.len(), 6);
            assert_eq!(rows[4][0], Cell::Text("x\ny".into()));
            assert_eq!(
                w,
                ["t.csv: line 5, column A: a quoted field spans 2 lines; check for a stray `\"` \
                  if rows are missing"]
            );
        }
        let err = grid_outcome("a,b\nc,d\ne,f\n\"g\n", 3).expect_err("unclosed");
        assert!(err.contains("line 4, column A"), "{err}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A CSV text read in parts gives the cells, warnings and errors of one reading.
        #[test]
        fn parts_match_whole(
            s in file(RecordKind::Staff, 30),
            n in 2usize..7,
            stray in proptest::option::of(0usize..2000),
        ) {
            let mut s = s;
            if let Some(at) = stray {
                // Sometimes a stray quote (at a char boundary), which every reading must
                // report the same way.
                let at = (0..=at.min(s.len())).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
                s.insert(at, '"');
            }
            prop_assert_eq!(grid_outcome(&s, n), grid_outcome(&s, 1));
        }
    }

    /// An error cell in a staff row read the direct way: its issue names the error, the
    /// sheet and the row.
    #[test]
    fn sheet_error_cells_name_the_error() {
        let header = ["id", "name", "unit", "birth_date"]
            .map(String::from)
            .to_vec();
        let t = |s: &str| Put::Text(s.into());
        let rows = vec![
            vec![t("S1"), t("张三"), t("U1"), Put::Date(21000.0)],
            vec![t("S2"), t("李四"), t("U1"), Put::Error("#N/A")],
        ];
        let bytes = workbook(&[("staff", (header, rows, (0, 0), false))]);
        let out = read_workbook_bytes("t.xlsx", &bytes, &ReadOptions::default()).expect("read");
        assert_eq!(out.dataset.staff().len(), 1);
        let issues = out.dataset.issues();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].index, 1);
        assert_eq!(issues[0].field.as_deref(), Some("birth_date"));
        assert_eq!(
            issues[0].reason,
            "the cell holds the spreadsheet error #N/A (t.xlsx!staff row 3)"
        );
    }

    #[test]
    fn grid_rows_and_cells() {
        let mut w = Vec::new();
        let grid = csv_grid("t.csv", "a,b\n\"x\"\"y\",  \n,,,z\n".into(), 0, &mut w).expect("grid");
        assert_eq!(grid.len(), 3);
        assert_eq!(grid.text(1, 0), "x\"y");
        assert_eq!(grid.cells(1), vec![Cell::Text("x\"y".into()), Cell::Empty]);
        assert_eq!(grid.width(2), 4);
        assert_eq!(grid.text(2, 3), "z");
        assert!(w.is_empty());
        assert!(csv_grid("t.csv", " , \n".into(), 0, &mut w)
            .expect("grid")
            .is_blank());
        // Read in place: the cells of a quote-free text, each line ending as the csv
        // reader ends it.
        let grid =
            csv_grid("t.csv", "\u{feff}a,b\r\n\r\n中,,c\rd\n\n".into(), 3, &mut w).expect("grid");
        assert_eq!(grid.len(), 3);
        assert_eq!((grid.text(0, 0), grid.text(0, 1)), ("a", "b"));
        assert_eq!(
            grid.cells(1),
            vec![Cell::Text("中".into()), Cell::Empty, Cell::Text("c".into())]
        );
        assert_eq!(grid.cells(2), vec![Cell::Text("d".into())]);
        assert!(!grid.is_blank());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A file read in parts (one allocation each) gives the bytes of the file, each part
        /// but the last ending a line, and the cells of the whole text; a file with a quote
        /// or not UTF-8 comes back whole.
        #[test]
        fn file_parts_are_the_text(
            s in file(RecordKind::Staff, 30),
            n in 1usize..6,
            bom in any::<bool>(),
            quote in any::<bool>(),
        ) {
            let mut s = s.replace('"', "");
            if bom {
                s.insert(0, '\u{feff}');
            }
            if quote {
                s.push_str("\"x\",y\n");
            }
            let mut f = tempfile::NamedTempFile::new().expect("temp");
            std::io::Write::write_all(&mut f, s.as_bytes()).expect("write");
            let file = std::fs::File::open(f.path()).expect("open");
            let size = (s.len() / n + 1) as u64;
            let got = read_parts(file, size).expect("read");
            let whole = grid_outcome(&s, 1);
            match got {
                Ok(parts) => {
                    prop_assert!(!quote);
                    prop_assert!(parts.len() <= n);
                    prop_assert_eq!(parts.concat(), s.clone());
                    for p in &parts[..parts.len() - 1] {
                        prop_assert!(p.ends_with('\n'));
                    }
                    let grid = parts_grid("t.csv", parts).expect("grid");
                    let cells: Vec<Vec<Cell>> = (0..grid.len()).map(|r| grid.cells(r)).collect();
                    let mut w = Vec::new();
                    let text = csv_grid("t.csv", s.clone(), if bom { 3 } else { 0 }, &mut w).expect("grid");
                    let want: Vec<Vec<Cell>> = (0..text.len()).map(|r| text.cells(r)).collect();
                    prop_assert_eq!(cells, want);
                    prop_assert!(whole.is_ok());
                }
                Err(bytes) => {
                    // A quote, or a first part of under ten lines (n parts of a short file).
                    let size = (s.len() / n + 1).min(s.len());
                    let first = s.as_bytes()[size..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(s.len(), |i| size + i + 1);
                    prop_assert!(quote || s.as_bytes()[..first].iter().filter(|&&b| b == b'\n').count() < 10);
                    prop_assert_eq!(bytes, s.as_bytes());
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// A text read in place (a part without `"`) gives the cells the csv reader gives,
        /// in any number of parts; a part with a quote is read by the csv reader itself.
        #[test]
        fn in_place_cells_are_the_csv_readers(
            text in proptest::collection::vec(
                proptest::sample::select(vec!["a", "中", ",", ";", "\t", " ", "\r", "\n", "\r\n", "\"", "bc"]),
                0..80,
            ).prop_map(|v| v.concat()),
            n in 1usize..4,
        ) {
            let mut w = Vec::new();
            let table = csv_table("t.csv", &text, &mut w);
            let grid = csv_grid_in("t.csv", text.clone(), 0, &mut w, n);
            match (table, grid) {
                (Ok(table), Ok(grid)) => {
                    let cells: Vec<Vec<Cell>> = (0..grid.len()).map(|r| grid.cells(r)).collect();
                    prop_assert_eq!(cells, table.rows);
                }
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }
}
