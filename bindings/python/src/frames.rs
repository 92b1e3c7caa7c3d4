//! Rows of JSON objects (lists of dicts) → headers and rows of [`Cell`]s, and cells back to
//! JSON. Arrow tables are read by `bianzhi_tabular::columns`.
//!
//! Header mapping, value conversion (`12名`, `2020年1月5日`, `是/否`, Excel serials,
//! numeric 身份证号, list splitting) and record building are
//! [`bianzhi_tabular::table_records`], the conversion the CSV and XLSX readers use, so a
//! table gives the same records whichever way it arrives.

use bianzhi_tabular::Cell;
use serde_json::{Map, Number, Value};

/// A table as headers and rows of cells (each row as long as the headers).
#[derive(Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
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
