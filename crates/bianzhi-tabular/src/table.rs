//! Tables of cells → the JSON document → the core's lenient loader.

use std::collections::BTreeMap;

use bianzhi::{Dataset, RecordIssue};
use serde_json::{Map, Value};

use crate::cell::{to_value, Cell};
use crate::schema::{normalize_header, FieldRef, Kind, RecordKind, SETTINGS_KEY, SETTINGS_VALUE};
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

/// Collects tables into the document arrays.
#[derive(Default)]
pub(crate) struct Builder {
    arrays: BTreeMap<RecordKind, Vec<Value>>,
    /// Per array: the source and sheet row of each record, for messages.
    origins: BTreeMap<RecordKind, Vec<(String, usize)>>,
    settings: Map<String, Value>,
    as_of: Option<Value>,
    error_cells: Vec<ErrorCell>,
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
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let chunk = if rows.len() >= 20_000 && threads > 1 {
        rows.len().div_ceil(threads)
    } else {
        rows.len().max(1)
    };
    let parts: Vec<Built> = if chunk >= rows.len() {
        vec![build_rows(rows, &columns, add_id, first_row)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = rows
                .chunks(chunk)
                .enumerate()
                .map(|(i, part)| {
                    let columns = &columns;
                    s.spawn(move || build_rows(part, columns, add_id, first_row + i * chunk))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        })
    };
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
        rows,
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
    rows: &[Vec<Cell>],
    (first_col, first_row): (usize, usize),
    warnings: &mut Vec<String>,
    issues: &mut Vec<RecordIssue>,
) {
    // Per headerless column: (first value, rows listed, total).
    let mut cols: BTreeMap<usize, (String, Vec<usize>, usize)> = BTreeMap::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() || header.get(c).is_some_and(|h| !h.is_empty()) {
                continue;
            }
            let e = cols
                .entry(c)
                .or_insert_with(|| (cell.text(), Vec::new(), 0));
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

impl Builder {
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
        // A row of one cell above the header is a title (某县人员花名册); a row of more
        // is data that would otherwise vanish.
        let above: Vec<usize> = (0..h)
            .filter(|&r| table.rows[r].iter().filter(|c| !c.is_empty()).count() > 1)
            .collect();
        if !above.is_empty() {
            let listed: Vec<usize> = above
                .iter()
                .take(ROWS_LISTED)
                .map(|r| table.first_row + r)
                .collect();
            report_unread(
                RecordIssue::not_read(
                    kind.array(),
                    table.source.clone(),
                    None,
                    false,
                    "",
                    table.first_row + h,
                    listed,
                    above.len(),
                ),
                &mut self.warnings,
                &mut self.unknown,
            );
        }
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
        let array = self.arrays.entry(kind).or_default();
        let origins = self.origins.entry(kind).or_default();
        let offset = array.len();
        for (index, field, text) in built.errors {
            self.error_cells.push(ErrorCell {
                array: kind.array(),
                index: offset + index,
                field,
                text,
            });
        }
        array.extend(built.records);
        origins.extend(built.rows.into_iter().map(|r| (table.source.clone(), r)));
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

    /// Builds the document and loads it with the core's lenient loader.
    pub fn finish(self) -> Result<ReadOutcome, TabularError> {
        let mut doc = Map::new();
        if let Some(a) = self.as_of {
            doc.insert("as_of".into(), a);
        }
        if !self.settings.is_empty() {
            doc.insert("settings".into(), Value::Object(self.settings));
        }
        let mut arrays = self.arrays;
        for kind in RecordKind::ALL {
            if kind == RecordKind::Settings {
                continue;
            }
            let v = arrays.remove(&kind).unwrap_or_default();
            doc.insert(kind.array().into(), Value::Array(v));
        }
        let text = serde_json::to_string(&Value::Object(doc))
            .map_err(|e| TabularError::Internal(e.to_string()))?;
        let ds = Dataset::from_json(&text).map_err(|e| TabularError::Internal(e.to_string()))?;
        let origins = self.origins;
        // By (array, record): 160 000 `#N/A` cells were matched against every issue.
        let mut error_cells: std::collections::HashMap<(&str, usize), Vec<&ErrorCell>> =
            std::collections::HashMap::new();
        for e in &self.error_cells {
            error_cells.entry((e.array, e.index)).or_default().push(e);
        }
        let unknown = self.unknown;
        let issues: Vec<RecordIssue> = unknown
            .into_iter()
            .chain(ds.issues().iter().cloned())
            .map(|mut issue| {
                let kind = RecordKind::ALL
                    .into_iter()
                    .find(|k| k.array() == issue.array);
                if let Some(e) = error_cells
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
                    issue.reason = format!("the cell holds the spreadsheet error {}", e.text);
                }
                if let Some((source, row)) = kind
                    .and_then(|k| origins.get(&k))
                    .and_then(|o| o.get(issue.index))
                {
                    issue.reason = format!("{} ({source} row {row})", issue.reason);
                }
                issue
            })
            .collect();
        let dataset = Dataset::with_issues(ds.into_document(), issues);
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
