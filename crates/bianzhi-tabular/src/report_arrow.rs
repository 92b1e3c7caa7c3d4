//! A validation report as Arrow record batches: the findings, occupancy and leadership
//! tables, built column by column from the report (no row objects on the way).
//!
//! The Python binding hands these to pyarrow, pandas and polars through the Arrow C stream
//! interface, and the Dask and Spark drivers return them as their frames; the column names
//! and types are the ones documented in `docs/tabular.md#writing`.
//!
//! ```
//! use bianzhi::{validate, Options, NaiveDate};
//! let ds = bianzhi::Dataset::from_json(
//!     r#"{"units":[{"id":"U1","name":"局","kind":"organ","quotas":{"administrative":1}}],
//!        "staff":[{"id":"S1","name":"甲","unit":"U1","establishment":"administrative"},
//!                 {"id":"S2","name":"乙","unit":"U1","establishment":"administrative"}]}"#,
//! ).unwrap();
//! let report = validate(&ds, &Options::as_of(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()));
//! let findings = bianzhi_tabular::report_arrow::findings(&report).unwrap();
//! assert_eq!(findings.num_rows(), report.violations.len());
//! assert_eq!(findings.schema().field(0).name(), "code");
//! let occupancy = bianzhi_tabular::report_arrow::occupancy(&report).unwrap();
//! assert_eq!(occupancy.num_rows(), report.occupancy.len());
//! ```

use std::sync::Arc;

use arrow_array::builder::{Int64Builder, ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};

use bianzhi::{Report, Violation};

/// The columns of [`findings`], in order: the fields of a finding as the report JSON names
/// them (`excess_staff` a list of staff ids, `amount` the yuan amount as decimal text).
pub const FINDING_COLUMNS: [&str; 16] = [
    "code",
    "severity",
    "unit",
    "staff",
    "post",
    "duty",
    "category",
    "level",
    "expected",
    "actual",
    "array",
    "index",
    "field",
    "message",
    "excess_staff",
    "amount",
];

/// The columns of [`occupancy`]: `approved`, `vacant` and `over` are null for a pool
/// without quotas (`QUOTA_UNKNOWN`: unknown, not zero).
pub const OCCUPANCY_COLUMNS: [&str; 6] =
    ["unit", "category", "approved", "occupied", "vacant", "over"];

/// The columns of [`leadership`].
pub const LEADERSHIP_COLUMNS: [&str; 4] = ["unit", "level", "approved", "actual"];

const INT_FINDING_COLUMNS: [&str; 3] = ["expected", "actual", "index"];

fn item_field() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, true))
}

/// The schema of [`findings`].
pub fn findings_schema() -> SchemaRef {
    let fields: Vec<Field> = FINDING_COLUMNS
        .iter()
        .map(|&name| {
            let ty = if INT_FINDING_COLUMNS.contains(&name) {
                DataType::Int64
            } else if name == "excess_staff" {
                DataType::List(item_field())
            } else {
                DataType::Utf8
            };
            // code, severity and message are always there; every other field may be absent.
            let nullable = !matches!(name, "code" | "severity" | "message" | "excess_staff");
            Field::new(name, ty, nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn schema_of(columns: &[(&str, DataType, bool)]) -> SchemaRef {
    let fields = columns
        .iter()
        .map(|(n, t, null)| Field::new(*n, t.clone(), *null));
    Arc::new(Schema::new(fields.collect::<Vec<_>>()))
}

/// The schema of [`occupancy`].
pub fn occupancy_schema() -> SchemaRef {
    use DataType::{Int64, Utf8};
    schema_of(&[
        ("unit", Utf8, false),
        ("category", Utf8, false),
        ("approved", Int64, true),
        ("occupied", Int64, false),
        ("vacant", Int64, true),
        ("over", Int64, true),
    ])
}

/// The schema of [`leadership`].
pub fn leadership_schema() -> SchemaRef {
    use DataType::{Int64, Utf8};
    schema_of(&[
        ("unit", Utf8, false),
        ("level", Utf8, false),
        ("approved", Int64, false),
        ("actual", Int64, false),
    ])
}

/// Counts past `i64::MAX` cannot occur (they count records held in memory); saturate
/// rather than wrap if one ever did.
fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

fn texts<'a>(vs: &'a [Violation], f: impl Fn(&'a Violation) -> Option<&'a str>) -> ArrayRef {
    let bytes: usize = vs.iter().map(|v| f(v).map_or(0, str::len)).sum();
    let mut b = StringBuilder::with_capacity(vs.len(), bytes);
    for v in vs {
        b.append_option(f(v));
    }
    Arc::new(b.finish())
}

fn ints(vs: &[Violation], f: impl Fn(&Violation) -> Option<i64>) -> ArrayRef {
    let mut b = Int64Builder::with_capacity(vs.len());
    for v in vs {
        b.append_option(f(v));
    }
    Arc::new(b.finish())
}

/// The findings of `report`, one row per finding in the report's order.
///
/// # Errors
/// Only if Arrow rejects the columns (a string column past 2 GiB of text).
pub fn findings(report: &Report) -> Result<RecordBatch, ArrowError> {
    let vs = report.violations.as_slice();
    let mut excess =
        ListBuilder::with_capacity(StringBuilder::new(), vs.len()).with_field(item_field());
    for v in vs {
        for s in &v.excess {
            excess.values().append_value(s);
        }
        excess.append(true);
    }
    let amounts: Vec<Option<String>> = vs.iter().map(|v| v.amount.map(|a| a.to_string())).collect();
    let mut amount = StringBuilder::new();
    for a in &amounts {
        amount.append_option(a.as_deref());
    }
    let columns: Vec<ArrayRef> = vec![
        texts(vs, |v| Some(v.code.as_str())),
        texts(vs, |v| Some(v.severity.as_str())),
        texts(vs, |v| v.unit.as_deref()),
        texts(vs, |v| v.staff.as_deref()),
        texts(vs, |v| v.post.as_deref()),
        texts(vs, |v| v.duty.as_deref()),
        texts(vs, |v| v.category.as_deref()),
        texts(vs, |v| v.level.map(|l| l.as_str())),
        ints(vs, |v| v.expected),
        ints(vs, |v| v.actual),
        texts(vs, |v| v.array.as_deref()),
        ints(vs, |v| v.index.map(|i| int(i as u64))),
        texts(vs, |v| v.field.as_deref()),
        texts(vs, |v| Some(v.message.as_str())),
        Arc::new(excess.finish()),
        Arc::new(amount.finish()),
    ];
    RecordBatch::try_new(findings_schema(), columns)
}

/// The occupancy table of `report` (one row per pool and category, in the report's order).
///
/// # Errors
/// Only if Arrow rejects the columns.
pub fn occupancy(report: &Report) -> Result<RecordBatch, ArrowError> {
    let rows = &report.occupancy;
    let mut unit = StringBuilder::new();
    let mut category = StringBuilder::new();
    let mut counts: [Int64Builder; 4] = std::array::from_fn(|_| Int64Builder::new());
    for r in rows {
        unit.append_value(&r.unit);
        category.append_value(&r.category);
        counts[0].append_option(r.approved.map(int));
        counts[1].append_value(int(r.occupied));
        counts[2].append_option(r.vacant.map(int));
        counts[3].append_option(r.over.map(int));
    }
    let mut columns: Vec<ArrayRef> = vec![Arc::new(unit.finish()), Arc::new(category.finish())];
    columns.extend(counts.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    RecordBatch::try_new(occupancy_schema(), columns)
}

/// The leadership table of `report` (one row per pool and level, in the report's order).
///
/// # Errors
/// Only if Arrow rejects the columns.
pub fn leadership(report: &Report) -> Result<RecordBatch, ArrowError> {
    let rows = &report.leadership;
    let mut unit = StringBuilder::new();
    let mut level = StringBuilder::new();
    let mut approved = Int64Builder::with_capacity(rows.len());
    let mut actual = Int64Builder::with_capacity(rows.len());
    for r in rows {
        unit.append_value(&r.unit);
        level.append_value(r.level.as_str());
        approved.append_value(int(r.approved));
        actual.append_value(int(r.actual));
    }
    RecordBatch::try_new(
        leadership_schema(),
        vec![
            Arc::new(unit.finish()),
            Arc::new(level.finish()),
            Arc::new(approved.finish()),
            Arc::new(actual.finish()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, Int64Array, ListArray, StringArray};
    use bianzhi::{validate, NaiveDate, Options};

    fn report() -> Report {
        let ds = bianzhi::Dataset::from_json(
            r#"{"units":[
                 {"id":"U1","name":"局","kind":"organ","quotas":{"administrative":1}},
                 {"id":"U2","name":"站","kind":"institution","parent":"U1"}],
               "staff":[
                 {"id":"S1","name":"甲","unit":"U1","establishment":"administrative"},
                 {"id":"S2","name":"乙","unit":"U1","establishment":"administrative"},
                 {"id":"S3","name":"丙","unit":"U2","establishment":"institution"}]}"#,
        )
        .unwrap();
        validate(
            &ds,
            &Options::as_of(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        )
    }

    fn strings<'a>(b: &'a RecordBatch, name: &str) -> &'a StringArray {
        b.column_by_name(name)
            .unwrap()
            .as_any()
            .downcast_ref()
            .unwrap()
    }

    fn int64s<'a>(b: &'a RecordBatch, name: &str) -> &'a Int64Array {
        b.column_by_name(name)
            .unwrap()
            .as_any()
            .downcast_ref()
            .unwrap()
    }

    #[test]
    fn findings_hold_every_field_of_every_finding() {
        let r = report();
        let b = findings(&r).unwrap();
        assert_eq!(b.num_rows(), r.violations.len());
        let over = r
            .violations
            .iter()
            .position(|v| v.code == bianzhi::Code::OverEstablishment)
            .unwrap();
        assert_eq!(strings(&b, "code").value(over), "OVER_ESTABLISHMENT");
        assert_eq!(strings(&b, "severity").value(over), "error");
        assert_eq!(strings(&b, "unit").value(over), "U1");
        assert!(strings(&b, "staff").is_null(over));
        assert_eq!(int64s(&b, "expected").value(over), 1);
        assert_eq!(int64s(&b, "actual").value(over), 2);
        assert_eq!(
            strings(&b, "message").value(over),
            r.violations[over].message
        );
        let excess: &ListArray = b
            .column_by_name("excess_staff")
            .unwrap()
            .as_any()
            .downcast_ref()
            .unwrap();
        let people = excess.value(over);
        let people: &StringArray = people.as_any().downcast_ref().unwrap();
        assert_eq!(people.len(), 1);
        assert_eq!(people.value(0), "S2");
        assert!(strings(&b, "amount").is_null(over));
    }

    #[test]
    fn occupancy_keeps_unknown_quotas_null() {
        let r = report();
        let b = occupancy(&r).unwrap();
        assert_eq!(b.num_rows(), r.occupancy.len());
        let units = strings(&b, "unit");
        let u1 = (0..b.num_rows()).find(|&i| units.value(i) == "U1").unwrap();
        assert_eq!(strings(&b, "category").value(u1), "administrative");
        assert_eq!(int64s(&b, "approved").value(u1), 1);
        assert_eq!(int64s(&b, "occupied").value(u1), 2);
        assert_eq!(int64s(&b, "vacant").value(u1), 0);
        assert_eq!(int64s(&b, "over").value(u1), 1);
        let u2 = (0..b.num_rows()).find(|&i| units.value(i) == "U2").unwrap();
        assert!(int64s(&b, "approved").is_null(u2));
        assert_eq!(int64s(&b, "occupied").value(u2), 1);
        assert!(int64s(&b, "over").is_null(u2));
    }

    #[test]
    fn an_empty_report_gives_empty_tables_with_their_schemas() {
        let ds = bianzhi::Dataset::new(bianzhi::Document::default());
        let r = validate(
            &ds,
            &Options::as_of(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        );
        assert!(r.violations.is_empty() && r.leadership.is_empty());
        let b = findings(&r).unwrap();
        assert_eq!((b.num_rows(), b.num_columns()), (0, FINDING_COLUMNS.len()));
        assert_eq!(leadership(&r).unwrap().schema(), leadership_schema());
        assert_eq!(
            occupancy(&r).unwrap().num_columns(),
            OCCUPANCY_COLUMNS.len()
        );
    }
}
