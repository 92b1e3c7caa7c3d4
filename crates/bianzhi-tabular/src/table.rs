//! Tables of cells → typed records (the common rows, [`crate::builder`]) or the JSON
//! document → the core's lenient loader (every other row).

use std::collections::BTreeMap;
use std::sync::Arc;

use bianzhi::{Dataset, RecordIssue, StaffBuilder};
use serde_json::{Map, Value};

use crate::builder::{
    declared_categories, fast_table, staff_seed, text_view, Part, Plan, Source, V,
};
use crate::cell::{to_value, Cell};
use crate::schema::{normalize_header, FieldRef, Kind, RecordKind, SETTINGS_KEY, SETTINGS_VALUE};
use crate::sheet::SheetGrid;
use crate::{ReadOutcome, TabularError};

/// A grid of cells from one CSV file or one worksheet.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// For messages: `staff.csv` or `roster.xlsx!人员`.
    pub source: String,
    /// Rows as read; `rows[0]` is sheet row `first_row` (1-based).
    pub rows: Vec<Vec<Cell>>,
    pub first_row: usize,
    /// 0-based sheet column of `rows[_][0]`.
    pub first_col: usize,
}

/// The cells of a CSV file as text and the end of each cell (offsets and bytes): a million
/// rows are a few allocations, not one per cell. A file parsed in parts on several cores
/// keeps one piece per part: joined, the pieces would be copied once more, and at 10^7
/// staff the copy was the peak of the whole run.
#[derive(Debug, Default)]
pub(crate) struct TextGrid {
    pieces: Vec<TextPiece>,
    /// The first row of each piece.
    starts: Vec<usize>,
    rows: usize,
}

/// Consecutive rows of a [`TextGrid`]. The text is the file's own where a part holds no
/// quoted field (cells are read where they lie: no copy of the file), else a copy with the
/// quotes undone; several pieces may share one text.
#[derive(Debug, Default)]
pub(crate) struct TextPiece {
    text: Arc<String>,
    /// End of each cell, relative to the start of its row in `text`; the next cell starts
    /// one byte (a delimiter) further.
    ends: Vec<u32>,
    /// Per row: the offset of its text and the index of its first cell in `ends`; one more
    /// entry closes the last row.
    rows: Vec<(usize, usize)>,
}

impl TextPiece {
    fn len(&self) -> usize {
        self.rows.len().saturating_sub(1)
    }

    fn width(&self, r: usize) -> usize {
        self.rows[r + 1].1 - self.rows[r].1
    }

    fn text(&self, r: usize, c: usize) -> &str {
        let (at, first) = self.rows[r];
        let end = self.ends[first + c] as usize;
        let start = if c == 0 {
            0
        } else {
            self.ends[first + c - 1] as usize + 1
        };
        self.text.get(at + start..at + end).unwrap_or_default()
    }

    fn is_blank(&self) -> bool {
        (0..self.len()).all(|r| (0..self.width(r)).all(|c| self.text(r, c).trim().is_empty()))
    }

    /// The rows of `part`, a quote-free part of a CSV text that starts at byte `at` of
    /// `text`, read in place. As the csv reader does, `\r`, `\n` and `\r\n` each end a
    /// record and empty lines are skipped; with no `"` there is no quoting to undo. The error
    /// is a row longer than `u32::MAX` bytes: its 0-based line in the part.
    pub(crate) fn plain(
        text: &Arc<String>,
        at: usize,
        part: &str,
        delimiter: u8,
    ) -> Result<Self, u64> {
        let bytes = part.as_bytes();
        // Sized from the first 64 KiB: the vectors are not grown (and copied) a row at a time.
        let sample = &bytes[..bytes.len().min(64 << 10)];
        let sample_rows = memchr::memchr_iter(b'\n', sample).count().max(1);
        let sample_cells = memchr::memchr_iter(delimiter, sample).count() + sample_rows;
        let scale = |n: usize| n.saturating_mul(bytes.len() / sample.len().max(1) + 1);
        let mut piece = TextPiece {
            text: Arc::clone(text),
            ends: Vec::with_capacity(scale(sample_cells).min(bytes.len() + 1)),
            rows: Vec::with_capacity(scale(sample_rows).min(bytes.len() + 1) + 1),
        };
        let mut from = 0;
        for end in memchr::memchr2_iter(b'\n', b'\r', bytes).chain(std::iter::once(bytes.len())) {
            if end > from {
                let line = &bytes[from..end];
                let too_long = || memchr::memchr_iter(b'\n', &bytes[..from]).count() as u64;
                let len = u32::try_from(line.len()).map_err(|_| too_long())?;
                piece.rows.push((at + from, piece.ends.len()));
                piece
                    .ends
                    .extend(memchr::memchr_iter(delimiter, line).map(|d| d as u32));
                piece.ends.push(len);
            }
            from = end + 1;
        }
        piece.rows.push((at + bytes.len(), piece.ends.len()));
        Ok(piece)
    }
}

impl TextGrid {
    /// The grid of the pieces of one text, in order.
    pub fn from_pieces(pieces: Vec<TextPiece>) -> TextGrid {
        let mut grid = TextGrid::default();
        for piece in pieces {
            if piece.len() == 0 && !grid.pieces.is_empty() {
                continue;
            }
            grid.starts.push(grid.rows);
            grid.rows += piece.len();
            grid.pieces.push(piece);
        }
        grid
    }

    /// The piece holding row `r`, and the row's position in it.
    #[inline]
    fn locate(&self, r: usize) -> (&TextPiece, usize) {
        if self.pieces.len() == 1 {
            return (&self.pieces[0], r);
        }
        let k = self.starts.partition_point(|&s| s <= r).saturating_sub(1);
        (&self.pieces[k], r - self.starts[k])
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// The number of cells of row `r`.
    pub fn width(&self, r: usize) -> usize {
        let (p, r) = self.locate(r);
        p.width(r)
    }

    /// Cell `c` of row `r`, as read (not trimmed).
    pub fn text(&self, r: usize, c: usize) -> &str {
        let (p, r) = self.locate(r);
        p.text(r, c)
    }

    /// Row `r` as cells: blank text is an empty cell.
    pub fn cells(&self, r: usize) -> Vec<Cell> {
        (0..self.width(r))
            .map(|c| text_cell(self.text(r, c)))
            .collect()
    }

    /// Whether no cell holds anything but blanks.
    pub fn is_blank(&self) -> bool {
        self.pieces.iter().all(TextPiece::is_blank)
    }

    /// One grid per piece, each with the number of rows before it.
    fn into_pieces(self) -> Vec<(TextGrid, usize)> {
        self.pieces
            .into_iter()
            .zip(self.starts)
            .map(|(p, start)| {
                let rows = p.len();
                (
                    TextGrid {
                        pieces: vec![p],
                        starts: vec![0],
                        rows,
                    },
                    start,
                )
            })
            .collect()
    }
}

/// Appends rows to a [`TextGrid`].
pub(crate) struct TextGridBuilder {
    bytes: Vec<u8>,
    grid: TextPiece,
}

impl TextGridBuilder {
    /// For about `bytes` bytes of text.
    pub fn with_capacity(bytes: usize) -> TextGridBuilder {
        TextGridBuilder {
            bytes: Vec::with_capacity(bytes),
            grid: TextPiece::default(),
        }
    }

    /// Appends a row; `None` when its text exceeds `u32::MAX` bytes.
    pub fn push<'a>(&mut self, cells: impl Iterator<Item = &'a [u8]>) -> Option<()> {
        let at = self.bytes.len();
        self.grid.rows.push((at, self.grid.ends.len()));
        for c in cells {
            self.bytes.extend_from_slice(c);
            self.grid
                .ends
                .push(u32::try_from(self.bytes.len() - at).ok()?);
            // The byte between two cells, as a delimiter is in the file's own text.
            self.bytes.push(b',');
        }
        Some(())
    }

    pub fn finish_piece(mut self) -> TextPiece {
        self.grid
            .rows
            .push((self.bytes.len(), self.grid.ends.len()));
        // Whole fields of a `str` cut at ASCII bytes: always UTF-8 (checked once, here).
        self.grid.text = Arc::new(
            String::from_utf8(self.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        );
        self.grid
    }
}

/// A CSV cell: blank text is empty.
fn text_cell(s: &str) -> Cell {
    if s.trim().is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

/// The cells of a units, posts or staff table read in place: CSV text, or a worksheet's
/// typed cells.
#[derive(Debug)]
pub(crate) enum Grid {
    Text(TextGrid),
    Sheet(SheetGrid),
}

impl Grid {
    /// The grid in pieces that can be freed one by one (a CSV file parsed in parts), each
    /// with the number of rows before it.
    fn into_pieces(self) -> Vec<(Grid, usize)> {
        match self {
            Grid::Text(g) => g
                .into_pieces()
                .into_iter()
                .map(|(g, before)| (Grid::Text(g), before))
                .collect(),
            g @ Grid::Sheet(_) => vec![(g, 0)],
        }
    }

    fn len(&self) -> usize {
        match self {
            Grid::Text(g) => g.len(),
            Grid::Sheet(g) => g.len(),
        }
    }
    fn width(&self, r: usize) -> usize {
        match self {
            Grid::Text(g) => g.width(r),
            Grid::Sheet(g) => g.width(r),
        }
    }
    fn view(&self, r: usize, c: usize) -> V<'_> {
        match self {
            Grid::Text(g) => text_view(g.text(r, c)),
            Grid::Sheet(g) => g.view(r, c),
        }
    }
    fn cells(&self, r: usize) -> Vec<Cell> {
        match self {
            Grid::Text(g) => g.cells(r),
            Grid::Sheet(g) => g.cells(r),
        }
    }
    pub fn is_blank(&self) -> bool {
        match self {
            Grid::Text(g) => g.is_blank(),
            Grid::Sheet(g) => g.is_blank(),
        }
    }
    /// The 1-based row and 0-based column of the grid's first cell in its sheet.
    fn origin(&self) -> (usize, usize) {
        match self {
            Grid::Text(_) => (1, 0),
            Grid::Sheet(g) => (g.first_row, g.first_col),
        }
    }

    /// The whole grid as a table of cells.
    pub fn to_table(&self, source: &str) -> Table {
        let (first_row, first_col) = self.origin();
        Table {
            source: source.to_string(),
            rows: (0..self.len()).map(|r| self.cells(r)).collect(),
            first_row,
            first_col,
        }
    }
}

/// The data rows of a grid, from row `from` (the row after the header).
struct Body<'a> {
    grid: &'a Grid,
    from: usize,
}

impl Source for Body<'_> {
    fn rows(&self) -> usize {
        self.grid.len() - self.from
    }
    fn width(&self, i: usize) -> usize {
        self.grid.width(self.from + i)
    }
    fn view(&self, i: usize, c: usize) -> V<'_> {
        self.grid.view(self.from + i, c)
    }
    fn cells(&self, i: usize) -> Vec<Cell> {
        self.grid.cells(self.from + i)
    }
}

/// Rows of cells as a [`Source`] (for the checks shared with text grids).
struct CellRows<'a>(&'a [Vec<Cell>]);

impl Source for CellRows<'_> {
    fn rows(&self) -> usize {
        self.0.len()
    }
    fn width(&self, i: usize) -> usize {
        self.0[i].len()
    }
    fn view(&self, i: usize, c: usize) -> V<'_> {
        if self.0[i][c].is_empty() {
            V::Empty
        } else {
            V::Other
        }
    }
    fn cells(&self, i: usize) -> Vec<Cell> {
        self.0[i].clone()
    }
}

/// Spreadsheet column letters of a 0-based column.
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// How many cells of a row name known fields of `kind`.
fn known_count(row: &[Cell], kind: RecordKind) -> usize {
    row.iter()
        .filter(|c| !c.is_empty() && kind.field(&c.text()).is_some())
        .count()
}

fn is_header(row: &[Cell], kind: RecordKind) -> bool {
    if kind == RecordKind::Settings {
        let texts: Vec<String> = row
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| normalize_header(&c.text()).to_ascii_lowercase())
            .collect();
        return texts.len() >= 2
            && SETTINGS_KEY.contains(&texts[0].as_str())
            && SETTINGS_VALUE.contains(&texts[1].as_str());
    }
    let known = known_count(row, kind);
    let filled = row.iter().filter(|c| !c.is_empty()).count();
    known >= 2 || (known == 1 && filled == 1)
}

impl Table {
    /// The position of the header row, if any.
    fn header_row(&self, kind: RecordKind) -> Option<usize> {
        self.rows.iter().position(|r| is_header(r, kind))
    }

    /// Guesses the kind from the headers: the kind with the most known columns in its
    /// header row (ties go to staff, posts, units, duties, pools, norms in that order).
    pub fn guess_kind(&self) -> Option<RecordKind> {
        const ORDER: [RecordKind; 6] = [
            RecordKind::Staff,
            RecordKind::Posts,
            RecordKind::Units,
            RecordKind::Duties,
            RecordKind::Pools,
            RecordKind::Norms,
        ];
        let mut best: Option<(usize, RecordKind)> = None;
        for kind in ORDER {
            if let Some(i) = self.header_row(kind) {
                let n = known_count(&self.rows[i], kind);
                if best.is_none_or(|(b, _)| n > b) {
                    best = Some((n, kind));
                }
            }
        }
        best.map(|(_, k)| k)
    }

    pub fn is_blank(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }
}

/// A cell position whose value was an Excel error (`#N/A`): reported in place of the
/// core's type message.
struct ErrorCell {
    array: &'static str,
    index: usize,
    field: String,
    text: String,
}

/// The records of one table, kept until [`Builder::finish`] (when the declared categories
/// are known).
enum Segment {
    /// Records for the loader, each with its sheet row; Excel error cells by record index.
    Values {
        records: Vec<Value>,
        rows: Vec<usize>,
        errors: Vec<(usize, String, String)>,
        source: usize,
    },
    /// The data rows of a CSV table or worksheet (from row `from`), converted at the end.
    Grid {
        grid: Grid,
        from: usize,
        first_row: usize,
        columns: Vec<Option<FieldRef>>,
        add_id: bool,
        source: usize,
    },
}

/// Collects tables into the document arrays.
#[derive(Default)]
pub(crate) struct Builder {
    segments: BTreeMap<RecordKind, Vec<Segment>>,
    /// The sources (`staff.csv`, `roster.xlsx!人员`) the segments name.
    sources: Vec<String>,
    settings: Map<String, Value>,
    as_of: Option<Value>,
    pub warnings: Vec<String>,
    pub tables: usize,
    /// `UNKNOWN_FIELD` issues of unknown columns, in table order.
    unknown: Vec<RecordIssue>,
}

fn insert_path(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            // A combined value (借调起止日期) merges into an existing object.
            if let (Value::Object(new), Some(Value::Object(old))) = (&value, map.get_mut(path)) {
                for (k, v) in new {
                    old.insert(k.clone(), v.clone());
                }
                return;
            }
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let entry = map
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !entry.is_object() {
                *entry = Value::Object(Map::new());
            }
            if let Value::Object(inner) = entry {
                insert_path(inner, rest, value);
            }
        }
    }
}

/// The records of one table, as built from its header and data rows.
struct Built {
    records: Vec<Value>,
    /// For each record: the 1-based row number of its row (sheet row, or CSV line).
    rows: Vec<usize>,
    /// Excel error cells: (record index, field path, error text).
    errors: Vec<(usize, String, String)>,
    warnings: Vec<String>,
    /// One `UNKNOWN_FIELD` issue per unknown column.
    unknown: Vec<RecordIssue>,
}

/// A header row mapped to fields.
pub(crate) struct Header {
    /// The field of each column (`None`: empty or unknown header, ignored).
    pub columns: Vec<Option<FieldRef>>,
    /// One line per unknown or repeated column (and a staff table without an id column).
    pub warnings: Vec<String>,
    /// Whether each record gets the id `第N行` (a staff table without an id column).
    pub add_id: bool,
    /// One `UNKNOWN_FIELD` issue per unknown column (once per column, not per row).
    pub unknown: Vec<RecordIssue>,
}

/// The known header closest to an unknown one (English path, Chinese name or alias).
fn nearest_header(kind: RecordKind, text: &str) -> Option<String> {
    let names: Vec<&str> = kind
        .fields()
        .iter()
        .flat_map(|f| [f.path, f.zh].into_iter().chain(f.aliases.iter().copied()))
        .collect();
    bianzhi::nearest_key(text, &names).map(str::to_string)
}

/// Maps the header cells to fields, warning about unknown and repeated columns.
pub(crate) fn map_header(
    source: &str,
    kind: RecordKind,
    header: &[Cell],
    first_col: usize,
) -> Header {
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    let mut columns: Vec<Option<FieldRef>> = Vec::with_capacity(header.len());
    // A set: 160 000 `quotas.*` columns took 20 s as a list.
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (c, cell) in header.iter().enumerate() {
        let col = column_letters(first_col + c);
        if cell.is_empty() {
            columns.push(None);
            continue;
        }
        let text = cell.text();
        match kind.field(&text) {
            Some(f) => {
                if seen.contains(&f.path) && f.kind != Kind::DateRange {
                    warnings.push(format!(
                        "{source}: column {col} “{text}” repeats field `{}`; the later column wins",
                        f.path
                    ));
                }
                seen.insert(f.path.clone());
                columns.push(Some(f));
            }
            None => {
                warnings.push(format!(
                    "{source}: column {col} “{text}” is not a known {} column; ignored",
                    kind.array()
                ));
                unknown.push(RecordIssue::unknown_column(
                    kind.array(),
                    text.clone(),
                    nearest_header(kind, &text),
                    // A file names the column by its letter; a DataFrame's column order is
                    // its own (rows given as dicts have none), so there the header says it.
                    if source == kind.array() {
                        source.to_string()
                    } else {
                        format!("{source}:{col}")
                    },
                ));
                columns.push(None);
            }
        }
    }
    let has_id = seen.contains("id");
    if !has_id && kind == RecordKind::Staff {
        warnings.push(format!(
            "{source}: no 人员编码/id column; each person's id is its row (第N行)"
        ));
    }
    Header {
        columns,
        warnings,
        add_id: !has_id && kind == RecordKind::Staff,
        unknown,
    }
}

/// The one row → record conversion (readers and [`table_records`]): maps the header cells
/// to fields (warning about unknown and repeated columns), skips empty rows and converts
/// each non-empty cell of a known column with [`to_value`] into the nested record.
///
/// `first_col` is the 0-based column of `header[0]` (for column letters in warnings),
/// `first_row` the 1-based row number of `rows[0]`.
fn build(
    source: &str,
    kind: RecordKind,
    header: &[Cell],
    rows: &[Vec<Cell>],
    first_col: usize,
    first_row: usize,
) -> Built {
    let Header {
        columns,
        warnings,
        add_id,
        unknown,
    } = map_header(source, kind, header, first_col);
    // Rows are independent: large tables are converted in chunks on all cores and the
    // chunks joined in order (a record's index is its position among the non-empty rows).
    let chunk = rows
        .len()
        .div_ceil(bianzhi::parallel::parts(rows.len(), 20_000))
        .max(1);
    let parts: Vec<Built> =
        bianzhi::parallel::map_in_order(rows.chunks(chunk).enumerate().collect(), |(i, part)| {
            build_rows(part, &columns, add_id, first_row + i * chunk)
        });
    let mut built = Built {
        records: Vec::with_capacity(rows.len()),
        rows: Vec::with_capacity(rows.len()),
        errors: Vec::new(),
        warnings,
        unknown,
    };
    headerless_cells(
        source,
        kind,
        header,
        &CellRows(rows),
        (first_col, first_row),
        &mut built.warnings,
        &mut built.unknown,
    );
    for part in parts {
        let offset = built.records.len();
        built.records.extend(part.records);
        built.rows.extend(part.rows);
        built
            .errors
            .extend(part.errors.into_iter().map(|(i, f, e)| (offset + i, f, e)));
    }
    built
}

/// How many rows a warning about ignored cells or rows lists.
const ROWS_LISTED: usize = 10;

/// Reports every column that holds values but has no header cell (a blank header, or
/// past the header's last cell, as `1,000` unquoted in CSV gives): those values are not
/// read, and the warning and the `UNKNOWN_FIELD` issue name the column and its rows. `at`
/// is the 0-based sheet column of `header[0]` and the 1-based row of `rows[0]`.
fn headerless_cells(
    source: &str,
    kind: RecordKind,
    header: &[Cell],
    rows: &impl Source,
    (first_col, first_row): (usize, usize),
    warnings: &mut Vec<String>,
    issues: &mut Vec<RecordIssue>,
) {
    // Per headerless column: (first value, rows listed, total).
    let mut cols: BTreeMap<usize, (String, Vec<usize>, usize)> = BTreeMap::new();
    for r in 0..rows.rows() {
        for c in 0..rows.width(r) {
            if header.get(c).is_some_and(|h| !h.is_empty()) || matches!(rows.view(r, c), V::Empty) {
                continue;
            }
            let e = cols
                .entry(c)
                .or_insert_with(|| (rows.cells(r)[c].text(), Vec::new(), 0));
            if e.1.len() < ROWS_LISTED {
                e.1.push(first_row + r);
            }
            e.2 += 1;
        }
    }
    for (c, (text, listed, total)) in cols {
        report_unread(
            RecordIssue::not_read(
                kind.array(),
                source,
                Some(column_letters(first_col + c)),
                c < header.len(),
                text,
                first_row - 1,
                listed,
                total,
            ),
            warnings,
            issues,
        );
    }
}

/// The one way unread cells and rows are reported, for CSV files and worksheets alike: a
/// warning on the outcome and an `UNKNOWN_FIELD` finding in the report.
fn report_unread(issue: RecordIssue, warnings: &mut Vec<String>, issues: &mut Vec<RecordIssue>) {
    warnings.push(issue.reason.clone());
    issues.push(issue);
}

/// The records of consecutive data rows (`first_row` is the row number of `rows[0]`);
/// error cells are indexed among these records.
fn build_rows(
    rows: &[Vec<Cell>],
    columns: &[Option<FieldRef>],
    add_id: bool,
    first_row: usize,
) -> Built {
    let mut built = Built {
        records: Vec::with_capacity(rows.len()),
        rows: Vec::with_capacity(rows.len()),
        errors: Vec::new(),
        warnings: Vec::new(),
        unknown: Vec::new(),
    };
    for (r, row) in rows.iter().enumerate() {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let sheet_row = first_row + r;
        let index = built.records.len();
        let mut errors = Vec::new();
        let rec = row_record(row, columns, add_id, sheet_row, &mut errors);
        built
            .errors
            .extend(errors.into_iter().map(|(f, e)| (index, f, e)));
        built.records.push(rec);
        built.rows.push(sheet_row);
    }
    built
}

/// The record of one non-empty data row (`sheet_row` is its 1-based row number, for the
/// `第N行` id); Excel error cells are collected as (field path, error text).
pub(crate) fn row_record(
    row: &[Cell],
    columns: &[Option<FieldRef>],
    add_id: bool,
    sheet_row: usize,
    errors: &mut Vec<(String, String)>,
) -> Value {
    let mut rec = Map::new();
    if add_id {
        rec.insert("id".into(), Value::String(format!("第{sheet_row}行")));
    }
    for (c, cell) in row.iter().enumerate() {
        let Some(Some(field)) = columns.get(c) else {
            continue;
        };
        if cell.is_empty() {
            continue;
        }
        if let Cell::Error(e) = cell {
            errors.push((field.path.clone(), e.clone()));
            let mut m = Map::new();
            m.insert("excel_error".into(), Value::String(e.clone()));
            insert_path(&mut rec, &field.path, Value::Object(m));
            continue;
        }
        insert_path(&mut rec, &field.path, to_value(cell, field.kind));
    }
    Value::Object(rec)
}

/// The records of one table and what of it was not used.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRecords {
    /// One JSON object per non-empty row, in the shape of the document array
    /// [`RecordKind::array`] (`docs/formats.md#dataset-document`): dotted columns nested, counts as numbers,
    /// dates as `YYYY-MM-DD`, lists split. Values the conversion does not recognise are
    /// passed on unchanged, so the core's loader reports them as `INVALID_RECORD`.
    pub records: Vec<Value>,
    /// One line per unknown or repeated column (and a staff table without an id column).
    pub warnings: Vec<String>,
    /// One `UNKNOWN_FIELD` issue per unknown column: give them to
    /// [`bianzhi::Dataset::with_issues`] with the loader's issues so the report has them.
    pub unknown_columns: Vec<RecordIssue>,
}

/// Converts a table already split into headers and rows of cells into the records of the
/// dataset document — the conversion the CSV and workbook readers use for every table, so
/// a DataFrame, a CSV file and a worksheet holding the same table give the same records.
///
/// Headers are matched like spreadsheet headers (English dotted paths, Chinese names and
/// their aliases; see [`crate::schema`]); unknown columns are ignored with a warning naming
/// `source` and the column. Rows with only empty cells are skipped, so the index of a
/// record is its position among the non-empty rows. Rows are numbered as in a CSV file (the
/// header is row 1): a staff table without an id column gets the ids `第2行`, `第3行`, ….
///
/// A blank table (no header, no value) gives nothing, not even warnings.
/// [`RecordKind::Settings`] is a sheet of key/value rows, not a table of records: it gives
/// no records, only a warning.
///
/// Load the records by putting them in a JSON document under [`RecordKind::array`] and
/// reading it with [`bianzhi::Dataset::from_json`].
///
/// ```
/// use bianzhi_tabular::{table_records, Cell, RecordKind};
/// let headers = ["人员编码", "姓名", "所在单位", "入职日期", "借调起止日期", "备注"];
/// let rows = vec![vec![
///     Cell::Int(101),
///     Cell::Text("张三".into()),
///     Cell::Text("U1".into()),
///     Cell::Text("2020年1月5日".into()),
///     Cell::Text("2025-01-01至2025-06-30".into()),
///     Cell::Text("借调中".into()),
/// ], vec![Cell::Empty; 6]];
/// let out = table_records("staff", RecordKind::Staff, &headers, &rows);
/// assert_eq!(out.records, vec![serde_json::json!({
///     "id": "101", "name": "张三", "unit": "U1", "joined": "2020-01-05",
///     "secondment": {"start": "2025-01-01", "end": "2025-06-30"},
/// })]);
/// assert_eq!(out.warnings, ["staff: column F “备注” is not a known staff column; ignored"]);
/// ```
pub fn table_records<S: AsRef<str>>(
    source: &str,
    kind: RecordKind,
    headers: &[S],
    rows: &[Vec<Cell>],
) -> TableRecords {
    if kind == RecordKind::Settings {
        return TableRecords {
            records: Vec::new(),
            warnings: vec![format!(
                "{source}: settings are key/value rows (项目, 值), not a table of records; ignored"
            )],
            unknown_columns: Vec::new(),
        };
    }
    let header: Vec<Cell> = headers
        .iter()
        .map(|h| Cell::Text(h.as_ref().to_string()))
        .collect();
    // A blank table (no headers, no values) is no table, as a blank sheet or file.
    if header
        .iter()
        .chain(rows.iter().flatten())
        .all(Cell::is_empty)
    {
        return TableRecords {
            records: Vec::new(),
            warnings: Vec::new(),
            unknown_columns: Vec::new(),
        };
    }
    let built = build(source, kind, &header, rows, 0, 2);
    TableRecords {
        records: built.records,
        warnings: built.warnings,
        unknown_columns: built.unknown,
    }
}

/// The rows above a header row `h` that hold more than one value (a single value is a title
/// such as 某县人员花名册; more is data that would otherwise vanish).
fn rows_above(h: usize, row: impl Fn(usize) -> Vec<Cell>) -> Vec<usize> {
    (0..h)
        .filter(|&r| row(r).iter().filter(|c| !c.is_empty()).count() > 1)
        .collect()
}

impl Builder {
    fn source(&mut self, source: &str) -> usize {
        self.sources.push(source.to_string());
        self.sources.len() - 1
    }

    /// Reports the data rows `above` a header row `h` (0-based, the table starting at sheet
    /// row `first_row`): they are not read.
    fn report_above(
        &mut self,
        kind: RecordKind,
        source: &str,
        first_row: usize,
        h: usize,
        above: &[usize],
    ) {
        if !above.is_empty() {
            let listed: Vec<usize> = above
                .iter()
                .take(ROWS_LISTED)
                .map(|r| first_row + r)
                .collect();
            report_unread(
                RecordIssue::not_read(
                    kind.array(),
                    source,
                    None,
                    false,
                    "",
                    first_row + h,
                    listed,
                    above.len(),
                ),
                &mut self.warnings,
                &mut self.unknown,
            );
        }
    }

    /// Adds one table of the given kind.
    pub fn add(&mut self, table: &Table, kind: RecordKind) -> Result<(), TabularError> {
        self.tables += 1;
        if table.is_blank() {
            return Ok(());
        }
        let header_at = table.header_row(kind);
        if kind == RecordKind::Settings {
            let start = header_at.map_or(0, |h| h + 1);
            self.add_settings(table, start);
            return Ok(());
        }
        let h = header_at.ok_or_else(|| TabularError::NoHeader {
            file: table.source.clone(),
            kind,
        })?;
        let above = rows_above(h, |r| table.rows[r].clone());
        self.report_above(kind, &table.source, table.first_row, h, &above);
        let built = build(
            &table.source,
            kind,
            &table.rows[h],
            &table.rows[h + 1..],
            table.first_col,
            table.first_row + h + 1,
        );
        self.warnings.extend(built.warnings);
        self.unknown.extend(built.unknown);
        let source = self.source(&table.source);
        self.segments
            .entry(kind)
            .or_default()
            .push(Segment::Values {
                records: built.records,
                rows: built.rows,
                errors: built.errors,
                source,
            });
        Ok(())
    }

    /// Adds the table `grid` of units, posts or staff (a CSV file or a worksheet named
    /// `source`): its common rows are converted straight from the grid at
    /// [`Builder::finish`], the others as [`Builder::add`] does.
    pub fn add_grid(
        &mut self,
        source: &str,
        grid: Grid,
        kind: RecordKind,
    ) -> Result<(), TabularError> {
        self.tables += 1;
        if grid.is_blank() {
            return Ok(());
        }
        let (first_row, first_col) = grid.origin();
        let h = (0..grid.len())
            .find(|&r| is_header(&grid.cells(r), kind))
            .ok_or_else(|| TabularError::NoHeader {
                file: source.to_string(),
                kind,
            })?;
        let above = rows_above(h, |r| grid.cells(r));
        self.report_above(kind, source, first_row, h, &above);
        let header_cells = grid.cells(h);
        let Header {
            columns,
            mut warnings,
            add_id,
            mut unknown,
        } = map_header(source, kind, &header_cells, first_col);
        let body = Body {
            grid: &grid,
            from: h + 1,
        };
        headerless_cells(
            source,
            kind,
            &header_cells,
            &body,
            (first_col, first_row + h + 1),
            &mut warnings,
            &mut unknown,
        );
        self.warnings.extend(warnings);
        self.unknown.extend(unknown);
        let source = self.source(source);
        self.segments.entry(kind).or_default().push(Segment::Grid {
            grid,
            from: h + 1,
            first_row: first_row + h + 1,
            columns,
            add_id,
            source,
        });
        Ok(())
    }

    fn add_settings(&mut self, table: &Table, start: usize) {
        for (r, row) in table.rows.iter().enumerate().skip(start) {
            let mut cells = row.iter().filter(|c| !c.is_empty());
            let (Some(key), value) = (cells.next(), cells.next()) else {
                continue;
            };
            let key_text = key.text();
            let Some(field) = RecordKind::Settings.field(&key_text) else {
                self.warnings.push(format!(
                    "{} row {}: unknown setting “{key_text}”; ignored",
                    table.source,
                    table.first_row + r
                ));
                continue;
            };
            let Some(value) = value else { continue };
            let v = to_value(value, field.kind);
            if field.path == "as_of" {
                self.as_of = Some(v);
            } else {
                let path = field.path.strip_prefix("settings.").unwrap_or(&field.path);
                insert_path(&mut self.settings, path, v);
            }
        }
    }

    /// Converts the tables and loads the general-path records with the core's lenient
    /// loader; the dataset is indexed once, with every issue.
    pub fn finish(self) -> Result<ReadOutcome, TabularError> {
        let mut doc = Map::new();
        if let Some(a) = self.as_of {
            doc.insert("as_of".into(), a);
        }
        if !self.settings.is_empty() {
            doc.insert("settings".into(), Value::Object(self.settings));
        }
        let declared = declared_categories(&doc);
        let mut segments = self.segments;
        let mut plans = Vec::new();
        // Per array: the source and sheet row of each record, for messages.
        let mut origins: BTreeMap<&'static str, Vec<(usize, usize)>> = BTreeMap::new();
        let mut error_cells = Vec::new();
        for kind in RecordKind::ALL {
            if kind == RecordKind::Settings {
                continue;
            }
            let (mut values, mut plan, mut total) = (Vec::new(), Plan::Whole, 0);
            let seed = if kind == RecordKind::Staff {
                staff_seed(&plans)
            } else {
                StaffBuilder::default()
            };
            let here = origins.entry(kind.array()).or_default();
            for segment in segments.remove(&kind).unwrap_or_default() {
                match segment {
                    Segment::Values {
                        records,
                        rows,
                        errors,
                        source,
                    } => {
                        for (index, field, text) in errors {
                            error_cells.push(ErrorCell {
                                array: kind.array(),
                                index: total + index,
                                field,
                                text,
                            });
                        }
                        plan.add_general(total, records.len());
                        total += records.len();
                        values.extend(records);
                        here.extend(rows.into_iter().map(|r| (source, r)));
                    }
                    Segment::Grid {
                        grid,
                        from,
                        first_row,
                        columns,
                        add_id,
                        source,
                    } => {
                        // Piece by piece, each freed once its rows are records: the cells
                        // of the whole file and the staff columns are never held together.
                        for (piece, before) in grid.into_pieces() {
                            let from_here = from.saturating_sub(before).min(piece.len());
                            let body = Body {
                                grid: &piece,
                                from: from_here,
                            };
                            let fast = fast_table(
                                kind,
                                &columns,
                                add_id,
                                &[Part {
                                    src: &body,
                                    first_row: first_row
                                        + (before + from_here).saturating_sub(from),
                                }],
                                &declared,
                                &seed,
                            );
                            drop(piece);
                            for (index, field, text) in fast.errors {
                                error_cells.push(ErrorCell {
                                    array: kind.array(),
                                    index: total + index,
                                    field,
                                    text,
                                });
                            }
                            plan.add(fast.plan, total);
                            total += fast.rows.len();
                            values.extend(fast.slow);
                            here.extend(fast.rows.into_iter().map(|r| (source, r)));
                        }
                    }
                }
            }
            plans.push(plan);
            doc.insert(kind.array().into(), Value::Array(values));
        }
        // Read from the value (each record freed once read) and indexed once, after the
        // issues are complete: not written out as text, parsed back and indexed twice.
        let (mut document, mut loaded) = Dataset::read_value(Value::Object(doc))
            .map_err(|e| TabularError::Internal(e.to_string()))?;
        let mut staff = None;
        for plan in plans {
            plan.apply(&mut document, &mut staff, &mut loaded);
        }
        // By (array, record): 160 000 `#N/A` cells were matched against every issue.
        let mut by_record: std::collections::HashMap<(&str, usize), Vec<&ErrorCell>> =
            std::collections::HashMap::new();
        for e in &error_cells {
            by_record.entry((e.array, e.index)).or_default().push(e);
        }
        let sources = self.sources;
        let issues: Vec<RecordIssue> = self
            .unknown
            .into_iter()
            .chain(loaded)
            .map(|mut issue| {
                if let Some(e) = by_record
                    .get(&(issue.array, issue.index))
                    .into_iter()
                    .flatten()
                    .find(|e| {
                        issue
                            .field
                            .as_deref()
                            .is_some_and(|f| f.starts_with(&e.field))
                    })
                {
                    issue.set_cause(bianzhi::Cause::SpreadsheetError {
                        text: e.text.clone(),
                    });
                }
                if let Some(&(source, row)) =
                    origins.get(issue.array).and_then(|o| o.get(issue.index))
                {
                    issue = issue.at_row(&sources[source], row);
                }
                issue
            })
            .collect();
        let dataset = Dataset::from_parts(document, staff.unwrap_or_default(), issues);
        Ok(ReadOutcome {
            dataset,
            warnings: self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn nested_paths() {
        let mut m = Map::new();
        insert_path(&mut m, "secondment.start", Value::from("2025-01-01"));
        let mut r = Map::new();
        r.insert("end".into(), Value::from("2025-06-30"));
        insert_path(&mut m, "secondment", Value::Object(r));
        assert_eq!(m["secondment"]["start"], "2025-01-01");
        assert_eq!(m["secondment"]["end"], "2025-06-30");
    }
}
