//! Tables in (Arrow C stream, i.e. pandas / polars / pyarrow) → rows of JSON values.
//!
//! This is a pure conversion: every cell becomes the JSON value the dataset document would
//! hold, headers are mapped to the document's field names, and the rows are then read by the
//! core's lenient loader, so a bad cell becomes the same `INVALID_RECORD` finding as in JSON.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use serde_json::{Map, Number, Value};

/// One row: column name → value (nulls left out).
pub type Row = Map<String, Value>;

/// Which record kind a table holds (decides the Chinese header names).
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Units,
    Staff,
    Posts,
    Duties,
}

const UNIT_HEADERS: &[(&str, &str)] = &[
    ("单位编码", "id"),
    ("单位代码", "id"),
    ("单位名称", "name"),
    ("单位类型", "kind"),
    ("机构类型", "kind"),
    ("上级单位", "parent"),
    ("统一社会信用代码", "credit_code"),
    ("行政编制数", "quotas.administrative"),
    ("事业编制数", "quotas.institution"),
    ("政法专项编制数", "quotas.political_legal"),
    ("工勤编制数", "quotas.logistics"),
    ("正职职数", "leadership.principal"),
    ("副职职数", "leadership.deputy"),
    ("内设机构正职职数", "leadership.division_principal"),
    ("内设机构副职职数", "leadership.division_deputy"),
    ("事业单位类别", "class"),
    ("经费形式", "funding"),
    ("高级岗位数", "post_structure.senior"),
    ("中级岗位数", "post_structure.intermediate"),
    ("初级岗位数", "post_structure.junior"),
    ("人口", "population"),
    ("户数", "households"),
    ("面积", "area_m2"),
    ("标签", "tags"),
];

const STAFF_HEADERS: &[(&str, &str)] = &[
    ("人员编号", "id"),
    ("编号", "id"),
    ("姓名", "name"),
    ("身份证号", "id_number"),
    ("身份证号码", "id_number"),
    ("公民身份号码", "id_number"),
    ("性别", "gender"),
    ("出生日期", "birth_date"),
    ("所在单位", "unit"),
    ("编制类型", "establishment"),
    ("岗位", "post"),
    ("领导职务", "leadership"),
    ("人员状态", "status"),
    ("入职日期", "joined"),
    ("离开日期", "left"),
    ("是否财政供养", "on_payroll"),
    ("实际工作单位", "working_unit"),
    ("借调开始", "secondment.start"),
    ("借调结束", "secondment.end"),
    ("借调批准机关", "secondment.approved_by"),
    ("兼职单位", "concurrent"),
    ("退休类别", "retirement_group"),
    ("退休日期", "retirement_date"),
];

const POST_HEADERS: &[(&str, &str)] = &[
    ("岗位编码", "id"),
    ("岗位编号", "id"),
    ("所属单位", "unit"),
    ("单位编码", "unit"),
    ("岗位名称", "name"),
    ("岗位类别", "category"),
    ("岗位等级", "level"),
    ("定员", "headcount"),
    ("编制类型", "establishment"),
];

const DUTY_HEADERS: &[(&str, &str)] = &[
    ("职责编码", "id"),
    ("职责编号", "id"),
    ("职责名称", "name"),
    ("职责", "name"),
    ("牵头单位", "lead"),
    ("配合单位", "assist"),
];

/// Fields that hold lists; a text cell is split on `;`, `；`, `,`, `，` and `、`.
const LIST_FIELDS: &[&str] = &["tags", "concurrent", "lead", "assist"];

/// Fields that are identifiers: a whole-number cell stays a number (the core accepts it),
/// but `id_number` must stay exactly as given so the core can reject numeric 身份证号.
fn field_path(kind: Kind, header: &str) -> String {
    // The CSV/XLSX reader's mapping (English dotted paths, Chinese headers and aliases) first,
    // so a DataFrame accepts exactly the headers a spreadsheet does.
    let rk = match kind {
        Kind::Units => bianzhi_tabular::RecordKind::Units,
        Kind::Staff => bianzhi_tabular::RecordKind::Staff,
        Kind::Posts => bianzhi_tabular::RecordKind::Posts,
        Kind::Duties => bianzhi_tabular::RecordKind::Duties,
    };
    if let Some(f) = rk.field(header) {
        return f.path;
    }
    let h = header.trim();
    let table = match kind {
        Kind::Units => UNIT_HEADERS,
        Kind::Staff => STAFF_HEADERS,
        Kind::Posts => POST_HEADERS,
        Kind::Duties => DUTY_HEADERS,
    };
    if let Some((_, path)) = table.iter().find(|(zh, _)| *zh == h) {
        return (*path).to_string();
    }
    // `quota.administrative` is accepted for `quotas.administrative`.
    if let Some(rest) = h.strip_prefix("quota.") {
        return format!("quotas.{rest}");
    }
    h.to_string()
}

/// Converts raw rows (header → value) to records of the document: headers mapped, dotted
/// paths nested, nulls and blank text left out, list fields split.
pub fn to_records(kind: Kind, rows: Vec<Row>) -> Vec<Value> {
    rows.into_iter()
        .map(|row| {
            let mut rec = Map::new();
            for (header, value) in row {
                let value = match value {
                    Value::Null => continue,
                    Value::String(s) if s.trim().is_empty() => continue,
                    v => v,
                };
                let path = field_path(kind, &header);
                let value = match (&value, LIST_FIELDS.contains(&path.as_str())) {
                    (Value::String(s), true) => Value::Array(
                        s.split([';', '；', ',', '，', '、'])
                            .map(str::trim)
                            .filter(|p| !p.is_empty())
                            .map(|p| Value::String(p.to_string()))
                            .collect(),
                    ),
                    _ => value,
                };
                insert_path(&mut rec, &path, value);
            }
            Value::Object(rec)
        })
        .collect()
}

fn insert_path(rec: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            rec.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let slot = rec
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                // A plain column and a dotted column for the same field: the plain one wins
                // and the core reports whatever is wrong with it.
                return;
            }
            if let Value::Object(m) = slot {
                insert_path(m, rest, value);
            }
        }
    }
}

/// Reads every batch of an Arrow stream into rows.
pub fn batches_to_rows(
    batches: impl Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for batch in batches {
        let batch = batch.map_err(|e| e.to_string())?;
        let schema = batch.schema();
        let mut cols: Vec<(String, Vec<Value>)> = Vec::with_capacity(batch.num_columns());
        for (field, col) in schema.fields().iter().zip(batch.columns()) {
            let values =
                column_values(col).map_err(|e| format!("column `{}`: {e}", field.name()))?;
            cols.push((field.name().clone(), values));
        }
        for i in 0..batch.num_rows() {
            let mut row = Map::with_capacity(cols.len());
            for (name, values) in &cols {
                row.insert(name.clone(), values[i].clone());
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

fn float(f: f64) -> Value {
    if !f.is_finite() {
        return Value::Null; // NaN is how pandas writes an empty numeric cell
    }
    // pandas turns an integer column with empty cells into float64: 12.0 is the count 12.
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Value::Number(Number::from(f as i64));
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

macro_rules! prim {
    ($col:expr, $t:ty, $conv:expr) => {{
        let a = $col.as_primitive::<$t>();
        (0..a.len())
            .map(|i| {
                if a.is_null(i) {
                    Value::Null
                } else {
                    $conv(a.value(i))
                }
            })
            .collect()
    }};
}

/// The JSON value of every cell of a column.
pub fn column_values(col: &ArrayRef) -> Result<Vec<Value>, String> {
    let cast = |to: &DataType| arrow_cast::cast(col, to).map_err(|e| e.to_string());
    Ok(match col.data_type() {
        DataType::Null => vec![Value::Null; col.len()],
        DataType::Boolean => {
            let a = col.as_boolean();
            (0..a.len())
                .map(|i| {
                    if a.is_null(i) {
                        Value::Null
                    } else {
                        Value::Bool(a.value(i))
                    }
                })
                .collect()
        }
        DataType::Int8 => prim!(col, Int8Type, Value::from),
        DataType::Int16 => prim!(col, Int16Type, Value::from),
        DataType::Int32 => prim!(col, Int32Type, Value::from),
        DataType::Int64 => prim!(col, Int64Type, Value::from),
        DataType::UInt8 => prim!(col, UInt8Type, Value::from),
        DataType::UInt16 => prim!(col, UInt16Type, Value::from),
        DataType::UInt32 => prim!(col, UInt32Type, Value::from),
        DataType::UInt64 => prim!(col, UInt64Type, Value::from),
        DataType::Float16 => column_values(&cast(&DataType::Float64)?)?,
        DataType::Float32 => prim!(col, Float32Type, |v: f32| float(f64::from(v))),
        DataType::Float64 => prim!(col, Float64Type, float),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let a = cast(&DataType::Utf8)?;
            let a = a.as_string::<i32>();
            (0..a.len())
                .map(|i| {
                    if a.is_null(i) {
                        Value::Null
                    } else {
                        Value::String(a.value(i).to_string())
                    }
                })
                .collect()
        }
        DataType::Date32 => dates(col),
        // Dates stored as timestamps (pandas datetime64): the calendar date is the value.
        DataType::Date64 | DataType::Timestamp(_, _) => dates(&cast(&DataType::Date32)?),
        DataType::Dictionary(_, values) => {
            let target = match values.as_ref() {
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => DataType::Utf8,
                other => other.clone(),
            };
            column_values(&cast(&target)?)?
        }
        DataType::Decimal32(_, _)
        | DataType::Decimal64(_, _)
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _) => column_values(&cast(&DataType::Float64)?)?,
        DataType::List(_) | DataType::LargeList(_) | DataType::ListView(_) => {
            let a = cast(&DataType::List(Arc::new(
                arrow_schema::Field::new_list_field(list_item_type(col.data_type()), true),
            )))?;
            let l = a.as_list::<i32>();
            let mut out = Vec::with_capacity(l.len());
            for i in 0..l.len() {
                if l.is_null(i) {
                    out.push(Value::Null);
                } else {
                    out.push(Value::Array(column_values(&l.value(i))?));
                }
            }
            out
        }
        _ => column_values(&cast(&DataType::Utf8)?)?,
    })
}

fn list_item_type(dt: &DataType) -> DataType {
    match dt {
        DataType::List(f) | DataType::LargeList(f) | DataType::ListView(f) => f.data_type().clone(),
        other => other.clone(),
    }
}

fn dates(col: &ArrayRef) -> Vec<Value> {
    let a = col.as_primitive::<Date32Type>();
    (0..a.len())
        .map(|i| {
            if a.is_null(i) {
                return Value::Null;
            }
            match arrow_array::temporal_conversions::date32_to_datetime(a.value(i)) {
                Some(d) => Value::String(d.format("%Y-%m-%d").to_string()),
                None => Value::Null,
            }
        })
        .collect()
}
