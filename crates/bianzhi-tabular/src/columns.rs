//! Arrow tables (pandas, polars, pyarrow) straight to typed records (feature `arrow`).
//!
//! Each column's type is settled once (casts up front, dictionaries to their values, text
//! read in place); the rows then go through the one row conversion of the CSV reader
//! (`builder`), so a value is read the same way from a DataFrame and from a file.

use std::sync::Arc;
use std::time::Instant;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, LargeStringArray,
    RecordBatch, StringArray, StringViewArray, UInt64Array,
};
use arrow_schema::{ArrowError, DataType};
use bianzhi::{Dataset, LoadError, RecordIssue};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::builder::{
    declared_categories, fast_table, staff_seed, text_view, Part, Plan, Source, V,
};
use crate::cell::Cell;
use crate::schema::RecordKind;
use crate::table::{map_header, table_records};

/// One column of a batch, with its type settled (casts done once, up front).
#[derive(Debug)]
enum Col {
    Null,
    Bool(BooleanArray),
    Int(Int64Array),
    UInt(UInt64Array),
    Float(Float64Array),
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    View(StringViewArray),
    Date(Date32Array),
    /// List columns, already as cells.
    Cells(Vec<Cell>),
}

fn date32(v: i32) -> Option<NaiveDate> {
    arrow_array::temporal_conversions::date32_to_datetime(v).map(|d| d.date())
}

/// The text of a date cell outside the dates the library handles (chrono's range).
const DATE_OUT_OF_RANGE: &str = "a date outside −262143-01-01 … +262142-12-31";

/// A date32 value as a cell: the date, or an error cell when it is out of range.
fn date_cell(v: i32) -> Cell {
    date32(v).map_or_else(|| Cell::Error(DATE_OUT_OF_RANGE.into()), Cell::Date)
}

/// A float cell: NaN (how pandas writes an empty numeric cell) and infinities are empty.
fn float_cell(f: f64) -> Cell {
    if f.is_finite() {
        Cell::Float(f)
    } else {
        Cell::Empty
    }
}

impl Col {
    /// Settles a column's type: the cells it gives are those of [`column_cells`].
    fn new(col: &ArrayRef) -> Result<Col, String> {
        let cast = |to: &DataType| arrow_cast::cast(col, to).map_err(|e| e.to_string());
        Ok(match col.data_type() {
            DataType::Null => Col::Null,
            DataType::Boolean => Col::Bool(col.as_boolean().clone()),
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32 => {
                Col::Int(cast(&DataType::Int64)?.as_primitive::<Int64Type>().clone())
            }
            DataType::Int64 => Col::Int(col.as_primitive::<Int64Type>().clone()),
            DataType::UInt64 => Col::UInt(col.as_primitive::<UInt64Type>().clone()),
            DataType::Float64 => Col::Float(col.as_primitive::<Float64Type>().clone()),
            DataType::Float16
            | DataType::Float32
            | DataType::Decimal32(_, _)
            | DataType::Decimal64(_, _)
            | DataType::Decimal128(_, _)
            | DataType::Decimal256(_, _) => Col::new(&cast(&DataType::Float64)?)?,
            DataType::Utf8 => Col::Utf8(col.as_string::<i32>().clone()),
            DataType::LargeUtf8 => Col::LargeUtf8(col.as_string::<i64>().clone()),
            DataType::Utf8View => Col::View(col.as_string_view().clone()),
            DataType::Date32 => {
                let a = col.as_primitive::<Date32Type>();
                if a.iter().flatten().all(|v| date32(v).is_some()) {
                    Col::Date(a.clone())
                } else {
                    Col::Cells(a.iter().map(|v| v.map_or(Cell::Empty, date_cell)).collect())
                }
            }
            // Dates stored as timestamps (pandas datetime64): the calendar date is the value.
            // A value the cast cannot turn into a date (out of range) becomes null there: it
            // is reported, never read as "not given".
            DataType::Date64 | DataType::Timestamp(_, _) => {
                let d = cast(&DataType::Date32)?;
                let lost = (0..col.len()).any(|i| col.is_valid(i) && d.is_null(i));
                if lost {
                    let a = d.as_primitive::<Date32Type>();
                    Col::Cells(
                        (0..col.len())
                            .map(|i| match (col.is_valid(i), a.is_valid(i)) {
                                (false, _) => Cell::Empty,
                                (true, false) => Cell::Error(DATE_OUT_OF_RANGE.into()),
                                (true, true) => date_cell(a.value(i)),
                            })
                            .collect(),
                    )
                } else {
                    Col::new(&d)?
                }
            }
            // Categoricals: the category values.
            DataType::Dictionary(_, values) => {
                let target = match values.as_ref() {
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
                    other => other.clone(),
                };
                Col::new(&cast(&target)?)?
            }
            // List columns (tags, concurrent, lead, assist): a list cell, the split form of
            // a spreadsheet's `U1、U2`.
            DataType::List(_) | DataType::LargeList(_) | DataType::ListView(_) => {
                let a = cast(&DataType::List(Arc::new(
                    arrow_schema::Field::new_list_field(list_item_type(col.data_type()), true),
                )))?;
                let l = a.as_list::<i32>();
                let mut out = Vec::with_capacity(l.len());
                for i in 0..l.len() {
                    if l.is_null(i) {
                        out.push(Cell::Empty);
                    } else {
                        out.push(Cell::List(column_cells(&l.value(i))?));
                    }
                }
                Col::Cells(out)
            }
            _ => Col::new(&cast(&DataType::Utf8)?)?,
        })
    }

    /// The cell of row `i`.
    fn cell(&self, i: usize) -> Cell {
        macro_rules! get {
            ($a:expr, $f:expr) => {
                if $a.is_null(i) {
                    Cell::Empty
                } else {
                    $f($a.value(i))
                }
            };
        }
        match self {
            Col::Null => Cell::Empty,
            Col::Bool(a) => get!(a, Cell::Bool),
            Col::Int(a) => get!(a, Cell::Int),
            Col::UInt(a) => get!(a, |v: u64| i64::try_from(v)
                .map_or(Cell::Float(v as f64), Cell::Int)),
            Col::Float(a) => get!(a, float_cell),
            Col::Utf8(a) => get!(a, |s: &str| Cell::Text(s.to_string())),
            Col::LargeUtf8(a) => get!(a, |s: &str| Cell::Text(s.to_string())),
            Col::View(a) => get!(a, |s: &str| Cell::Text(s.to_string())),
            Col::Date(a) => get!(a, |v| date32(v).map_or(Cell::Empty, Cell::Date)),
            Col::Cells(c) => c.get(i).cloned().unwrap_or(Cell::Empty),
        }
    }

    /// The value of row `i`, borrowed.
    fn view(&self, i: usize) -> V<'_> {
        macro_rules! get {
            ($a:expr, $f:expr) => {
                if $a.is_null(i) {
                    V::Empty
                } else {
                    $f($a.value(i))
                }
            };
        }
        match self {
            Col::Null => V::Empty,
            Col::Bool(a) => get!(a, V::Bool),
            Col::Int(a) => get!(a, V::Int),
            Col::UInt(a) => get!(a, |v: u64| i64::try_from(v).map_or(V::Other, V::Int)),
            Col::Float(a) => get!(a, |f: f64| if f.is_finite() {
                V::Float(f)
            } else {
                V::Empty
            }),
            Col::Utf8(a) => get!(a, text_view),
            Col::LargeUtf8(a) => get!(a, text_view),
            Col::View(a) => get!(a, text_view),
            Col::Date(a) => get!(a, |v| date32(v).map_or(V::Empty, V::Date)),
            Col::Cells(c) => match c.get(i) {
                Some(c) if !c.is_empty() => V::Other,
                _ => V::Empty,
            },
        }
    }
}

fn list_item_type(dt: &DataType) -> DataType {
    match dt {
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) => f.data_type().clone(),
        other => other.clone(),
    }
}

/// The cell of every value of an Arrow column: nulls and NaN are empty, integers and
/// floats numbers, text text, dates and timestamps dates, categoricals their values,
/// lists list cells, anything else its text (Arrow's cast to text).
///
/// # Errors
/// When a column cannot be cast (Arrow's message).
pub fn column_cells(col: &ArrayRef) -> Result<Vec<Cell>, String> {
    let c = Col::new(col)?;
    Ok((0..col.len()).map(|i| c.cell(i)).collect())
}

/// One batch: its row count and its columns.
#[derive(Debug)]
struct Batch {
    rows: usize,
    cols: Vec<Col>,
}

impl Source for Batch {
    fn rows(&self) -> usize {
        self.rows
    }
    fn width(&self, _: usize) -> usize {
        self.cols.len()
    }
    fn view(&self, i: usize, c: usize) -> V<'_> {
        self.cols[c].view(i)
    }
    fn cells(&self, i: usize) -> Vec<Cell> {
        self.cols.iter().map(|c| c.cell(i)).collect()
    }
}

/// A table read from an Arrow stream (its batches, each column's type settled).
#[derive(Debug, Default)]
pub struct ArrowTable {
    /// The column names of the first batch (`None`: no batch at all).
    headers: Option<Vec<String>>,
    batches: Vec<Batch>,
}

impl ArrowTable {
    /// Takes the batches of a stream (the column names are those of the first batch).
    ///
    /// # Errors
    /// The first batch that could not be read, or a column that cannot be cast
    /// (`column `NAME`: …`).
    pub fn from_batches(
        batches: impl IntoIterator<Item = Result<RecordBatch, ArrowError>>,
    ) -> Result<ArrowTable, String> {
        let mut table = ArrowTable::default();
        for batch in batches {
            let batch = batch.map_err(|e| e.to_string())?;
            let schema = batch.schema();
            if table.headers.is_none() {
                table.headers = Some(schema.fields().iter().map(|f| f.name().clone()).collect());
            }
            let cols = batch
                .columns()
                .iter()
                .zip(schema.fields())
                .map(|(c, f)| Col::new(c).map_err(|e| format!("column `{}`: {e}", f.name())))
                .collect::<Result<Vec<_>, _>>()?;
            table.batches.push(Batch {
                rows: batch.num_rows(),
                cols,
            });
        }
        Ok(table)
    }

    /// The number of rows.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(|b| b.rows).sum()
    }

    /// The table as headers and rows of cells (the general path).
    pub fn into_cells(self) -> (Vec<String>, Vec<Vec<Cell>>) {
        let mut rows = Vec::with_capacity(self.num_rows());
        for b in &self.batches {
            for i in 0..b.rows {
                rows.push(b.cols.iter().map(|c| c.cell(i)).collect());
            }
        }
        (self.headers.unwrap_or_default(), rows)
    }
}

/// A table given to [`load_tables`].
#[derive(Debug)]
pub enum TableInput {
    /// An Arrow table: the fast path.
    Arrow(ArrowTable),
    /// Headers and rows of cells (rows of JSON objects …): the general path.
    Cells {
        /// Column names.
        headers: Vec<String>,
        /// Rows, each as long as the headers.
        rows: Vec<Vec<Cell>>,
    },
}

/// What [`load_tables`] gives.
#[derive(Debug)]
pub struct Loaded {
    /// The dataset, with its load issues.
    pub dataset: Dataset,
    /// One line per unknown or repeated column (and a staff table without an id column).
    pub warnings: Vec<String>,
    /// Rows converted straight from the columns.
    pub fast_rows: usize,
    /// Rows that went through the general path.
    pub general_rows: usize,
    /// Seconds spent per stage, for profiling.
    pub times: Vec<(&'static str, f64)>,
}

/// Builds a dataset from tables of record kinds (units, posts, staff, duties) plus the rest
/// of the document (`as_of`, `settings`, `pools`, `norms` …) as JSON; the same dataset, load
/// issues and warnings as putting [`table_records`] of each table (its cells as
/// [`column_cells`] gives them) into the document and reading it with
/// [`Dataset::from_value`], only faster.
///
/// A table in `tables` replaces an array of the same name in `rest`.
///
/// # Errors
/// As [`Dataset::from_value`].
pub fn load_tables(
    tables: Vec<(RecordKind, TableInput)>,
    rest: Map<String, Value>,
) -> Result<Loaded, LoadError> {
    let mut times = Vec::new();
    let mut t = Instant::now();
    let mut lap = |what: &'static str, times: &mut Vec<(&'static str, f64)>| {
        times.push((what, t.elapsed().as_secs_f64()));
        t = Instant::now();
    };
    let declared = declared_categories(&rest);
    let mut doc = rest;
    let mut warnings = Vec::new();
    let mut unknown: Vec<RecordIssue> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    let (mut fast_rows, mut general_rows) = (0, 0);
    for (kind, input) in tables {
        let name = kind.array();
        let (headers, rows) = match input {
            TableInput::Cells { headers, rows } => (headers, rows),
            TableInput::Arrow(table) => {
                let blank = table
                    .headers
                    .as_ref()
                    .is_none_or(|h| h.iter().all(|h| h.trim().is_empty()));
                if blank
                    || !matches!(
                        kind,
                        RecordKind::Units | RecordKind::Posts | RecordKind::Staff
                    )
                {
                    table.into_cells()
                } else {
                    let cells: Vec<Cell> = table
                        .headers
                        .iter()
                        .flatten()
                        .map(|h| Cell::Text(h.clone()))
                        .collect();
                    let header = map_header(name, kind, &cells, 0);
                    warnings.extend(header.warnings.iter().cloned());
                    unknown.extend(header.unknown.iter().cloned());
                    // Rows are numbered as in a CSV file: the header is row 1.
                    let mut first_row = 2;
                    let parts: Vec<Part<'_, Batch>> = table
                        .batches
                        .iter()
                        .map(|b| {
                            let p = Part { src: b, first_row };
                            first_row += b.rows;
                            p
                        })
                        .collect();
                    let seed = staff_seed(&plans);
                    let fast = fast_table(
                        kind,
                        &header.columns,
                        header.add_id,
                        &parts,
                        &declared,
                        &seed,
                    );
                    fast_rows += fast.fast_rows;
                    general_rows += fast.slow.len();
                    doc.insert(name.into(), Value::Array(fast.slow));
                    plans.push(fast.plan);
                    continue;
                }
            }
        };
        let out = table_records(name, kind, &headers, &rows);
        drop(rows);
        general_rows += out.records.len();
        warnings.extend(out.warnings);
        unknown.extend(out.unknown_columns);
        doc.insert(name.into(), Value::Array(out.records));
        plans.push(Plan::Whole);
    }
    lap("tables → records", &mut times);
    let (mut document, mut issues) = Dataset::read_value(Value::Object(doc))?;
    lap("load (general-path records → typed, checks)", &mut times);
    let mut staff = None;
    for plan in plans {
        plan.apply(&mut document, &mut staff, &mut issues);
    }
    lap("merge", &mut times);
    unknown.append(&mut issues);
    let dataset = Dataset::from_parts(document, staff.unwrap_or_default(), unknown);
    lap("index", &mut times);
    Ok(Loaded {
        dataset,
        warnings,
        fast_rows,
        general_rows,
        times,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::CHUNK;
    use crate::cell::parse_date;
    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::types::Int32Type;
    use arrow_array::{DictionaryArray, Float32Array, TimestampMillisecondArray};
    use arrow_schema::{Field, Schema};
    use bianzhi::iso_date;
    use bianzhi::Document;
    use proptest::prelude::*;

    type Tables = Vec<(RecordKind, Vec<RecordBatch>)>;

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        let schema = Schema::new(
            cols.iter()
                .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        );
        RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect())
            .expect("batch")
    }

    fn strs(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(v.to_vec()))
    }

    fn large(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(LargeStringArray::from(v.to_vec()))
    }

    fn view(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringViewArray::from(v.to_vec()))
    }

    fn dict(v: &[Option<&str>]) -> ArrayRef {
        Arc::new(v.iter().copied().collect::<DictionaryArray<Int32Type>>())
    }

    fn ints(v: &[Option<i64>]) -> ArrayRef {
        Arc::new(Int64Array::from(v.to_vec()))
    }

    fn floats(v: &[Option<f64>]) -> ArrayRef {
        Arc::new(Float64Array::from(v.to_vec()))
    }

    /// The general path: every value a cell, `table_records`, the core's loader.
    fn general(
        tables: &Tables,
        rest: &Map<String, Value>,
    ) -> Result<(Document, Vec<RecordIssue>, Vec<String>), LoadError> {
        let mut doc = rest.clone();
        let mut warnings = Vec::new();
        let mut unknown = Vec::new();
        for (kind, batches) in tables {
            let t = ArrowTable::from_batches(batches.iter().cloned().map(Ok)).expect("table");
            let (headers, rows) = t.into_cells();
            let out = table_records(kind.array(), *kind, &headers, &rows);
            warnings.extend(out.warnings);
            unknown.extend(out.unknown_columns);
            doc.insert(kind.array().into(), Value::Array(out.records));
        }
        let ds = Dataset::from_value(Value::Object(doc))?;
        // Unknown columns (UNKNOWN_FIELD, one per column) come before the loader's issues,
        // as the readers put them.
        unknown.extend(ds.issues().iter().cloned());
        Ok((ds.to_document().clone(), unknown, warnings))
    }

    fn fast(
        tables: &Tables,
        rest: &Map<String, Value>,
    ) -> Result<(Document, Vec<RecordIssue>, Vec<String>), LoadError> {
        let inputs = tables
            .iter()
            .map(|(k, b)| {
                let t = ArrowTable::from_batches(b.iter().cloned().map(Ok)).expect("table");
                (*k, TableInput::Arrow(t))
            })
            .collect();
        let out = load_tables(inputs, rest.clone())?;
        Ok((
            out.dataset.to_document().clone(),
            out.dataset.issues().to_vec(),
            out.warnings,
        ))
    }

    /// Asserts both paths agree; returns the number of issues and of direct rows.
    fn same(tables: &Tables, rest: &Map<String, Value>) -> (usize, usize) {
        let want = general(tables, rest);
        let got = fast(tables, rest);
        assert_eq!(got, want);
        let inputs = tables
            .iter()
            .map(|(k, b)| {
                let t = ArrowTable::from_batches(b.iter().cloned().map(Ok)).expect("table");
                (*k, TableInput::Arrow(t))
            })
            .collect();
        let direct = load_tables(inputs, rest.clone()).map_or(0, |o| o.fast_rows);
        (want.map_or(0, |w| w.1.len()), direct)
    }

    /// Arrow dates outside chrono's range (date32 `i32::MAX` days, a timestamp of
    /// `i64::MAX` ms) were read as "no birth date"; now the record is `INVALID_RECORD`
    /// naming the field, on both paths.
    #[test]
    fn out_of_range_arrow_dates_are_reported() {
        let units = batch(vec![
            ("id", strs(&[Some("U1")])),
            ("name", strs(&[Some("某局")])),
            ("kind", strs(&[Some("organ")])),
        ]);
        for dates in [
            Arc::new(Date32Array::from(vec![Some(0), Some(i32::MAX)])) as ArrayRef,
            Arc::new(TimestampMillisecondArray::from(vec![
                Some(0),
                Some(i64::MAX),
            ])) as ArrayRef,
        ] {
            let staff = batch(vec![
                ("id", strs(&[Some("S1"), Some("S2")])),
                ("name", strs(&[Some("甲"), Some("乙")])),
                ("unit", strs(&[Some("U1"), Some("U1")])),
                ("birth_date", dates),
            ]);
            let tables: Tables = vec![
                (RecordKind::Units, vec![units.clone()]),
                (RecordKind::Staff, vec![staff]),
            ];
            same(&tables, &rest(serde_json::json!({})));
            let (doc, issues, _) = fast(&tables, &rest(serde_json::json!({}))).expect("load");
            assert_eq!(doc.staff.len(), 1);
            assert_eq!(doc.staff[0].birth_date, NaiveDate::from_ymd_opt(1970, 1, 1));
            assert_eq!(issues.len(), 1, "{issues:?}");
            assert_eq!(issues[0].id.as_deref(), Some("S2"));
            assert_eq!(issues[0].field.as_deref(), Some("birth_date"), "{issues:?}");
        }
    }

    fn rest(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    fn units() -> RecordBatch {
        let mut tags = ListBuilder::new(StringBuilder::new());
        for row in [
            vec!["司法所"],
            vec![],
            vec!["a", "b"],
            vec![],
            vec![],
            vec![],
            vec![],
        ] {
            for t in row {
                tags.values().append_value(t);
            }
            tags.append(true);
        }
        batch(vec![
            (
                "单位编码",
                strs(&[
                    Some("U1"),
                    Some("U2"),
                    Some("U3"),
                    Some("U4"),
                    None,
                    Some("U6"),
                    Some("U7"),
                ]),
            ),
            (
                "单位名称",
                large(&[
                    Some("甲"),
                    Some("乙"),
                    Some(" 丙 "),
                    Some("丁"),
                    None,
                    Some("己"),
                    Some("庚"),
                ]),
            ),
            (
                "单位类型",
                view(&[
                    Some("机关"),
                    Some("institution"),
                    Some("部门"),
                    Some("内设机构"),
                    None,
                    Some("乡镇"),
                    Some("organ"),
                ]),
            ),
            (
                "上级单位",
                strs(&[
                    None,
                    Some("U1"),
                    Some("U1"),
                    Some(" U1 "),
                    None,
                    Some("U1"),
                    Some("U1"),
                ]),
            ),
            (
                "行政编制数",
                strs(&[
                    Some("12名"),
                    Some("3.0"),
                    Some("-1"),
                    Some("2.5"),
                    None,
                    Some(""),
                    Some("7"),
                ]),
            ),
            (
                "quotas.行政",
                ints(&[None, None, None, None, None, Some(4), Some(2)]),
            ),
            (
                "quotas.teacher",
                floats(&[Some(f64::NAN), Some(3.0), None, None, None, None, None]),
            ),
            (
                "正职职数",
                floats(&[
                    Some(1.0),
                    Some(f64::NAN),
                    Some(1.5),
                    None,
                    None,
                    Some(1.0),
                    None,
                ]),
            ),
            ("标签", Arc::new(tags.finish())),
            (
                "备注",
                strs(&[Some("x"), None, None, None, Some("only a note"), None, None]),
            ),
        ])
    }

    fn posts() -> RecordBatch {
        batch(vec![
            (
                "岗位编码",
                ints(&[Some(1), Some(2), Some(3), Some(4), Some(5)]),
            ),
            (
                "所在单位",
                dict(&[Some("U1"), Some("U2"), Some("U2"), None, Some("U1")]),
            ),
            (
                "岗位类别",
                strs(&[
                    Some("管理"),
                    Some("专技"),
                    Some("工勤"),
                    Some("管理"),
                    Some("x"),
                ]),
            ),
            (
                "岗位等级",
                strs(&[
                    Some("九级"),
                    Some("专业技术十二级"),
                    Some("9"),
                    Some("3"),
                    None,
                ]),
            ),
            (
                "定员",
                Arc::new(Float32Array::from(vec![
                    Some(2.0),
                    None,
                    Some(1.0),
                    Some(-1.0),
                    None,
                ])),
            ),
        ])
    }

    fn staff() -> RecordBatch {
        batch(vec![
            (
                "人员编码",
                strs(&[
                    Some("S1"),
                    Some(" S2 "),
                    None,
                    Some("S4"),
                    Some("S5"),
                    Some("S6"),
                    Some("  "),
                    Some("S8"),
                    Some("S9"),
                    Some("S10"),
                ]),
            ),
            (
                "姓名",
                large(&[
                    Some("张三"),
                    Some("李四"),
                    None,
                    Some(" "),
                    Some("王五"),
                    Some("赵六"),
                    None,
                    Some("钱七"),
                    Some("孙八"),
                    Some("周九"),
                ]),
            ),
            (
                "身份证号",
                strs(&[
                    Some("11010519491231002X"),
                    Some("'110105194912310021"),
                    None,
                    None,
                    Some("4.40305E+17"),
                    Some("  "),
                    None,
                    Some("x"),
                    None,
                    None,
                ]),
            ),
            (
                "性别",
                view(&[
                    Some("男"),
                    Some("female"),
                    None,
                    None,
                    Some("x"),
                    Some("F"),
                    None,
                    None,
                    None,
                    None,
                ]),
            ),
            (
                "出生日期",
                strs(&[
                    Some("1990年1月5日"),
                    Some("1990-02-30"),
                    None,
                    None,
                    Some("20200105"),
                    Some("1985/3/4"),
                    None,
                    Some("1970-01-01"),
                    None,
                    Some("0999-01-01"),
                ]),
            ),
            (
                "所在单位",
                dict(&[
                    Some("U1"),
                    Some("U2"),
                    None,
                    Some("U1"),
                    Some("U1"),
                    Some("U9"),
                    None,
                    Some("U1"),
                    Some("U1"),
                    Some("U1"),
                ]),
            ),
            (
                "编制类型",
                strs(&[
                    Some("行政编制"),
                    Some("teacher"),
                    None,
                    None,
                    Some("事业"),
                    Some("x"),
                    None,
                    Some("administrative"),
                    None,
                    None,
                ]),
            ),
            (
                "人员状态",
                strs(&[
                    Some("在岗"),
                    Some("退休"),
                    None,
                    None,
                    Some("nope"),
                    None,
                    None,
                    None,
                    None,
                    Some("left"),
                ]),
            ),
            (
                "入职日期",
                Arc::new(TimestampMillisecondArray::from(vec![
                    Some(1_577_836_800_000),
                    None,
                    None,
                    None,
                    Some(0),
                    Some(-86_400_000),
                    None,
                    None,
                    None,
                    None,
                ])),
            ),
            (
                "离开日期",
                Arc::new(Date32Array::from(vec![
                    None,
                    None,
                    None,
                    None,
                    None,
                    Some(0),
                    None,
                    Some(-1),
                    None,
                    None,
                ])),
            ),
            (
                "是否财政供养",
                strs(&[
                    Some("是"),
                    Some("否"),
                    None,
                    None,
                    Some("maybe"),
                    Some("1"),
                    None,
                    Some("√"),
                    None,
                    None,
                ]),
            ),
            (
                "岗位",
                floats(&[
                    Some(1.0),
                    Some(f64::NAN),
                    None,
                    None,
                    Some(2.5),
                    None,
                    None,
                    Some(3.0),
                    None,
                    None,
                ]),
            ),
            (
                "兼职",
                strs(&[
                    None,
                    Some("U1、U2:副职"),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                ]),
            ),
            (
                "备注",
                strs(&[
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    Some("only a note"),
                    None,
                    None,
                    None,
                ]),
            ),
        ])
    }

    #[test]
    fn awkward_values_match_the_general_path() {
        let tables = vec![
            (RecordKind::Units, vec![units()]),
            (RecordKind::Staff, vec![staff(), staff()]),
            (RecordKind::Posts, vec![posts()]),
        ];
        let (issues, direct) = same(&tables, &Map::new());
        assert!(issues > 5 && direct > 5, "{issues} {direct}");
        // Declared categories, as_of and a bad settings value.
        same(
            &tables,
            &rest(
                serde_json::json!({"as_of": "2026-01-01", "settings": {"categories": ["teacher"]}}),
            ),
        );
        same(
            &tables,
            &rest(serde_json::json!({"as_of": "2026-13-01", "settings": 5})),
        );
        same(&tables, &rest(serde_json::json!({"pools": 3})));
    }

    #[test]
    fn headers_numeric_ids_and_no_id_column() {
        // No id column: each person's id is its row; numeric 身份证号; bool and int cells.
        let s = batch(vec![
            ("name", strs(&[Some("甲"), None, Some("乙"), Some("丙")])),
            ("unit", ints(&[Some(1), None, Some(1), Some(2)])),
            (
                "id_number",
                ints(&[Some(110105194912310021), None, Some(440305850715501), None]),
            ),
            (
                "on_payroll",
                Arc::new(BooleanArray::from(vec![
                    Some(true),
                    None,
                    Some(false),
                    None,
                ])),
            ),
            (
                "status",
                strs(&[Some("active"), None, Some(" Leave "), Some("")]),
            ),
            (
                "secondment.start",
                strs(&[None, None, Some("2025-01-01"), None]),
            ),
        ]);
        let u = batch(vec![
            ("id", ints(&[Some(1), Some(2), Some(1)])),
            ("name", strs(&[Some("甲"), Some("乙"), Some("重")])),
            ("kind", strs(&[Some("organ"), Some("organ"), Some("organ")])),
        ]);
        let tables = vec![(RecordKind::Units, vec![u]), (RecordKind::Staff, vec![s])];
        same(&tables, &Map::new());
        // Blank headers, an empty table, no batch at all.
        let blank = batch(vec![("", strs(&[Some("x")]))]);
        let empty = batch(vec![("id", strs(&[])), ("姓名", strs(&[]))]);
        same(
            &vec![
                (RecordKind::Units, vec![blank]),
                (RecordKind::Staff, vec![]),
            ],
            &Map::new(),
        );
        same(
            &vec![
                (RecordKind::Units, vec![]),
                (RecordKind::Staff, vec![empty]),
            ],
            &Map::new(),
        );
        // A repeated column: the later wins.
        let rep = batch(vec![
            ("id", strs(&[Some("S1"), Some("S2")])),
            ("name", strs(&[Some("甲"), Some("乙")])),
            ("unit", strs(&[Some("U1"), None])),
            ("所在单位", strs(&[None, Some("U2")])),
        ]);
        same(
            &vec![(RecordKind::Units, vec![]), (RecordKind::Staff, vec![rep])],
            &Map::new(),
        );
    }

    /// Large tables go in chunks on all cores: records and issues stay in table order.
    #[test]
    fn chunks_keep_order() {
        let n = 3 * CHUNK + 17;
        let ids: Vec<Option<String>> = (0..n).map(|i| Some(format!("S{i}"))).collect();
        let names: Vec<Option<&str>> = (0..n)
            .map(|i| match i % 997 {
                0 => Some(" "),
                1 => None,
                _ => Some("甲"),
            })
            .collect();
        let dates: Vec<Option<&str>> = (0..n)
            .map(|i| {
                if i % 1201 == 5 {
                    Some("1990-02-30")
                } else {
                    Some("1990-01-01")
                }
            })
            .collect();
        let b = |r: std::ops::Range<usize>| {
            batch(vec![
                (
                    "id",
                    Arc::new(StringArray::from(ids[r.clone()].to_vec())) as ArrayRef,
                ),
                ("name", strs(&names[r.clone()])),
                ("unit", strs(&vec![Some("U1"); r.len()])),
                ("birth_date", strs(&dates[r])),
            ])
        };
        let tables = vec![
            (RecordKind::Units, vec![]),
            (RecordKind::Staff, vec![b(0..CHUNK + 5), b(CHUNK + 5..n)]),
        ];
        let (issues, direct) = same(&tables, &Map::new());
        assert!(issues > 40 && direct > 2 * CHUNK, "{issues} {direct}");
    }

    #[test]
    fn iso_dates_are_parse_date() {
        for s in [
            "2020-01-05",
            "2020-02-30",
            "0000-01-01",
            "9999-12-31",
            "2020-1-05",
            "2020-01-5x",
            "２０２０-01-05",
            "2020/01/05",
            "+202-01-05",
            "2020-00-10",
            "1900-02-29",
        ] {
            assert_eq!(iso_date(s).or_else(|| parse_date(s)), parse_date(s), "{s}");
            if let Some(d) = iso_date(s) {
                assert_eq!(Some(d), parse_date(s), "{s}");
            }
        }
    }

    #[test]
    fn column_cells_types() {
        let c = column_cells(&floats(&[Some(1.0), Some(f64::NAN), None])).expect("cells");
        assert_eq!(c, vec![Cell::Float(1.0), Cell::Empty, Cell::Empty]);
        let c =
            column_cells(&(Arc::new(UInt64Array::from(vec![Some(u64::MAX), Some(3)])) as ArrayRef))
                .expect("cells");
        assert_eq!(c, vec![Cell::Float(u64::MAX as f64), Cell::Int(3)]);
        let c = column_cells(&dict(&[Some("a"), None])).expect("cells");
        assert_eq!(c, vec![Cell::Text("a".into()), Cell::Empty]);
        let c =
            column_cells(&(Arc::new(Date32Array::from(vec![Some(1)])) as ArrayRef)).expect("cells");
        assert_eq!(
            c,
            vec![Cell::Date(
                NaiveDate::from_ymd_opt(1970, 1, 2).expect("date")
            )]
        );
    }

    fn cell_value() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            Just(Some(String::new())),
            Just(Some("  ".to_string())),
            Just(Some("U1".to_string())),
            Just(Some(" U2 ".to_string())),
            Just(Some("12名".to_string())),
            Just(Some("九级".to_string())),
            Just(Some("2020年1月5日".to_string())),
            Just(Some("2020-02-30".to_string())),
            Just(Some("20200105".to_string())),
            Just(Some(" 2020-01-05 ".to_string())),
            Just(Some(" 是\t".to_string())),
            Just(Some(" male ".to_string())),
            Just(Some(" 12 ".to_string())),
            Just(Some("是".to_string())),
            Just(Some("否".to_string())),
            Just(Some("男".to_string())),
            Just(Some("行政".to_string())),
            Just(Some("teacher".to_string())),
            Just(Some("在岗".to_string())),
            Just(Some("副职".to_string())),
            Just(Some("管理".to_string())),
            Just(Some("机关".to_string())),
            Just(Some("4.40305E+17".to_string())),
            Just(Some("'11010519491231002X".to_string())),
            Just(Some("-3".to_string())),
            Just(Some("7".to_string())),
            Just(Some("U1、U2:副职".to_string())),
            "[a-z0-9年月日 ]{0,6}".prop_map(Some),
        ]
    }

    fn table(kind: RecordKind, rows: usize) -> impl Strategy<Value = (RecordKind, RecordBatch)> {
        let numeric = match kind {
            RecordKind::Units => "population",
            RecordKind::Posts => "level",
            _ => "post",
        };
        let fields: Vec<String> = kind
            .fields()
            .iter()
            .map(|f| f.path.to_string())
            .filter(|p| p != numeric)
            .chain(["unknown".to_string()])
            .collect();
        let cols = fields.len();
        (
            proptest::collection::vec(any::<bool>(), cols),
            proptest::collection::vec(proptest::collection::vec(cell_value(), rows), cols),
            proptest::collection::vec(proptest::option::of(-3i64..40), rows),
        )
            .prop_map(move |(keep, values, numbers)| {
                let mut cols: Vec<(String, ArrayRef)> = Vec::new();
                for ((f, k), v) in fields.iter().zip(keep).zip(values) {
                    // Required fields mostly present, others at random.
                    if k || ["id", "name", "unit", "kind", "category"].contains(&f.as_str()) {
                        cols.push((f.clone(), Arc::new(StringArray::from(v))));
                    }
                }
                cols.push((numeric.into(), Arc::new(Int64Array::from(numbers))));
                let cols = cols.iter().map(|(n, a)| (n.as_str(), a.clone())).collect();
                (kind, batch(cols))
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Random mixes of good and bad cells: the same records, issues and warnings.
        #[test]
        fn random_tables_match(
            u in table(RecordKind::Units, 6),
            p in table(RecordKind::Posts, 6),
            s in table(RecordKind::Staff, 12),
        ) {
            let tables = vec![
                (u.0, vec![u.1]),
                (s.0, vec![s.1]),
                (p.0, vec![p.1]),
            ];
            let want = general(&tables, &Map::new());
            let got = fast(&tables, &Map::new());
            prop_assert_eq!(got, want);
        }
    }
}
