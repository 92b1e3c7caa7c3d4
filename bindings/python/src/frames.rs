//! Tables in (Arrow C stream, i.e. pandas / polars / pyarrow, or rows of JSON objects) →
//! headers and rows of [`Cell`]s.
//!
//! Only the cell types are decided here. Header mapping, value conversion (`12名`,
//! `2020年1月5日`, `是/否`, Excel serials, numeric 身份证号, list splitting) and record
//! building are [`bianzhi_tabular::table_records`], the conversion the CSV and XLSX readers
//! use, so a table gives the same records whichever way it arrives.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use bianzhi_tabular::Cell;
use serde_json::{Map, Number, Value};

/// A table as headers and rows of cells (each row as long as the headers).
#[derive(Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Reads every batch of an Arrow stream into one table.
pub fn arrow_table(
    batches: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
) -> Result<Table, String> {
    let mut table = Table::default();
    for batch in batches {
        let batch = batch.map_err(|e| e.to_string())?;
        if table.headers.is_empty() {
            table.headers = batch
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
        }
        let schema = batch.schema();
        // Columns are independent: convert them on all cores.
        let converted: Vec<Result<Vec<Cell>, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .columns()
                .iter()
                .map(|col| s.spawn(move || column_cells(col)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut cols: Vec<std::vec::IntoIter<Cell>> = Vec::with_capacity(batch.num_columns());
        for (field, cells) in schema.fields().iter().zip(converted) {
            let cells = cells.map_err(|e| format!("column `{}`: {e}", field.name()))?;
            cols.push(cells.into_iter());
        }
        table.rows.reserve(batch.num_rows());
        for _ in 0..batch.num_rows() {
            table.rows.push(
                cols.iter_mut()
                    .map(|c| c.next().unwrap_or(Cell::Empty))
                    .collect(),
            );
        }
    }
    Ok(table)
}

/// Rows given as JSON objects (a list of dicts): the headers are the keys in order of
/// appearance; a nested object is flattened to dotted headers (`quotas.administrative`).
pub fn json_table(rows: Vec<Value>) -> Table {
    let mut headers: Vec<String> = Vec::new();
    let mut flat_rows: Vec<Vec<(String, Cell)>> = Vec::with_capacity(rows.len());
    for row in rows {
        let mut flat = Vec::new();
        match row {
            Value::Object(m) => flatten(&m, "", &mut flat),
            other => flat.push(("_row".to_string(), json_cell(&other))),
        }
        for (h, _) in &flat {
            if !headers.contains(h) {
                headers.push(h.clone());
            }
        }
        flat_rows.push(flat);
    }
    let rows = flat_rows
        .into_iter()
        .map(|flat| {
            let mut row = vec![Cell::Empty; headers.len()];
            for (h, cell) in flat {
                if let Some(i) = headers.iter().position(|x| *x == h) {
                    row[i] = cell;
                }
            }
            row
        })
        .collect();
    Table { headers, rows }
}

fn flatten(m: &Map<String, Value>, prefix: &str, out: &mut Vec<(String, Cell)>) {
    for (k, v) in m {
        match v {
            Value::Object(inner) => flatten(inner, &format!("{prefix}{k}."), out),
            other => out.push((format!("{prefix}{k}"), json_cell(other))),
        }
    }
}

/// The cell of a JSON value of a row object.
fn json_cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Cell::Text(s.clone()),
        Value::Array(items) => Cell::List(items.iter().map(json_cell).collect()),
        // A 兼职 item of the document form, {"unit": "U3", "leadership": "副职"}: the text
        // form `U3:副职` of a spreadsheet cell. Any other object is passed on as its JSON
        // text, which the core then rejects.
        Value::Object(m) => match (m.get("unit"), m.get("leadership"), m.len()) {
            (Some(Value::String(u)), None, 1) => Cell::Text(u.clone()),
            (Some(Value::String(u)), Some(Value::String(l)), 2) => Cell::Text(format!("{u}:{l}")),
            _ => Cell::Text(v.to_string()),
        },
    }
}

/// A float cell: NaN (how pandas writes an empty numeric cell) and infinities are empty.
/// Whole numbers in integer columns with gaps (which pandas turns into float64) are read
/// as integers by the shared conversion, as spreadsheet number cells are.
fn float_cell(f: f64) -> Cell {
    if f.is_finite() {
        Cell::Float(f)
    } else {
        Cell::Empty
    }
}

macro_rules! prim {
    ($col:expr, $t:ty, $conv:expr) => {{
        let a = $col.as_primitive::<$t>();
        (0..a.len())
            .map(|i| {
                if a.is_null(i) {
                    Cell::Empty
                } else {
                    $conv(a.value(i))
                }
            })
            .collect()
    }};
}

/// The cell of every value of a column.
pub fn column_cells(col: &ArrayRef) -> Result<Vec<Cell>, String> {
    let cast = |to: &DataType| arrow_cast::cast(col, to).map_err(|e| e.to_string());
    let int = |i: i64| Cell::Int(i);
    Ok(match col.data_type() {
        DataType::Null => vec![Cell::Empty; col.len()],
        DataType::Boolean => {
            let a = col.as_boolean();
            (0..a.len())
                .map(|i| {
                    if a.is_null(i) {
                        Cell::Empty
                    } else {
                        Cell::Bool(a.value(i))
                    }
                })
                .collect()
        }
        DataType::Int8 => prim!(col, Int8Type, |v: i8| int(v.into())),
        DataType::Int16 => prim!(col, Int16Type, |v: i16| int(v.into())),
        DataType::Int32 => prim!(col, Int32Type, |v: i32| int(v.into())),
        DataType::Int64 => prim!(col, Int64Type, int),
        DataType::UInt8 => prim!(col, UInt8Type, |v: u8| int(v.into())),
        DataType::UInt16 => prim!(col, UInt16Type, |v: u16| int(v.into())),
        DataType::UInt32 => prim!(col, UInt32Type, |v: u32| int(v.into())),
        DataType::UInt64 => prim!(col, UInt64Type, |v: u64| i64::try_from(v)
            .map_or(Cell::Float(v as f64), Cell::Int)),
        DataType::Float16 => column_cells(&cast(&DataType::Float64)?)?,
        DataType::Float32 => prim!(col, Float32Type, |v: f32| float_cell(f64::from(v))),
        DataType::Float64 => prim!(col, Float64Type, float_cell),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let a = cast(&DataType::Utf8)?;
            let a = a.as_string::<i32>();
            (0..a.len())
                .map(|i| {
                    if a.is_null(i) {
                        Cell::Empty
                    } else {
                        Cell::Text(a.value(i).to_string())
                    }
                })
                .collect()
        }
        DataType::Date32 => dates(col),
        // Dates stored as timestamps (pandas datetime64): the calendar date is the value.
        DataType::Date64 | DataType::Timestamp(_, _) => dates(&cast(&DataType::Date32)?),
        // Categoricals: the category values.
        DataType::Dictionary(_, values) => {
            let target = match values.as_ref() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
                other => other.clone(),
            };
            column_cells(&cast(&target)?)?
        }
        DataType::Decimal32(_, _)
        | DataType::Decimal64(_, _)
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _) => column_cells(&cast(&DataType::Float64)?)?,
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
            out
        }
        _ => column_cells(&cast(&DataType::Utf8)?)?,
    })
}

fn list_item_type(dt: &DataType) -> DataType {
    match dt {
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) => f.data_type().clone(),
        other => other.clone(),
    }
}

fn dates(col: &ArrayRef) -> Vec<Cell> {
    let a = col.as_primitive::<Date32Type>();
    (0..a.len())
        .map(|i| {
            if a.is_null(i) {
                return Cell::Empty;
            }
            match arrow_array::temporal_conversions::date32_to_datetime(a.value(i)) {
                Some(d) => Cell::Date(d.date()),
                None => Cell::Empty,
            }
        })
        .collect()
}

/// A cell as a plain JSON value (for tables that are not dataset records, such as the
/// people of an assessment): empty → null, whole floats → integers, dates → `YYYY-MM-DD`.
pub fn cell_json(cell: &Cell) -> Value {
    match cell {
        Cell::Int(i) => Value::from(*i),
        Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(*f as i64),
        Cell::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Text(s) | Cell::Error(s) => Value::String(s.clone()),
        Cell::Date(d) => Value::String(d.to_string()),
        Cell::List(items) => Value::Array(items.iter().map(cell_json).collect()),
        _ => Value::Null,
    }
}
