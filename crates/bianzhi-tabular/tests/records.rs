//! `table_records` is the conversion the CSV reader uses: the same table as cells and as a
//! CSV file gives the same document and the same findings.

use bianzhi::{validate, Options};
use bianzhi_tabular::{read_csv_sources, table_records, Cell, ReadOptions, RecordKind};
use chrono::NaiveDate;
use serde_json::{json, Value};

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.into())
    }
}

#[test]
fn same_records_and_findings_as_the_csv_reader() {
    let units_csv = "单位编码,单位名称,单位类型,行政编制数\nU1,某县农业农村局,行政机关,1名\n";
    let staff_csv =
        "人员编号,姓名,所在单位,编制类型,出生日期,是否财政供养,借调开始,借调结束,身份证号,备注\n\
                     S1,张三,U1,行政,2020年1月5日,是,2025-01-01,2025-06-30,,x\n\
                     ,,,,,,,,,\n\
                     S2,李四,U1,行政,1990-02-30,否,,,1.10105194912310E+17,\n";
    let csv = read_csv_sources(
        &[
            ("units.csv", units_csv.as_bytes()),
            ("staff.csv", staff_csv.as_bytes()),
        ],
        &ReadOptions::default(),
    )
    .unwrap();

    let units = table_records(
        "units",
        RecordKind::Units,
        &["单位编码", "单位名称", "单位类型", "行政编制数"],
        &[vec![
            text("U1"),
            text("某县农业农村局"),
            text("行政机关"),
            text("1名"),
        ]],
    );
    let staff_headers = [
        "人员编号",
        "姓名",
        "所在单位",
        "编制类型",
        "出生日期",
        "是否财政供养",
        "借调开始",
        "借调结束",
        "身份证号",
        "备注",
    ];
    let staff_rows = vec![
        vec![
            text("S1"),
            text("张三"),
            text("U1"),
            text("行政"),
            Cell::Date(NaiveDate::from_ymd_opt(2020, 1, 5).unwrap()),
            Cell::Bool(true),
            text("2025-01-01"),
            text("2025/6/30"),
            Cell::Empty,
            text("x"),
        ],
        vec![Cell::Empty; 10],
        vec![
            text("S2"),
            text("李四"),
            text("U1"),
            text("行政"),
            text("1990-02-30"),
            text("否"),
            Cell::Empty,
            Cell::Empty,
            Cell::Float(110105194912310021.0),
            Cell::Empty,
        ],
    ];
    let staff = table_records("staff", RecordKind::Staff, &staff_headers, &staff_rows);
    assert_eq!(
        staff.warnings,
        ["staff: column J “备注” is not a known staff column; ignored"]
    );
    assert!(units.warnings.is_empty());
    assert_eq!(
        staff.records[0],
        json!({"id": "S1", "name": "张三", "unit": "U1", "establishment": "行政",
               "birth_date": "2020-01-05", "on_payroll": true,
               "secondment": {"start": "2025-01-01", "end": "2025-06-30"}})
    );

    let doc = json!({"units": Value::Array(units.records), "staff": Value::Array(staff.records)});
    let ds = bianzhi::Dataset::from_json(&doc.to_string()).unwrap();
    // The unknown 备注 column is one UNKNOWN_FIELD issue, given with the loader's issues.
    assert_eq!(staff.unknown_columns.len(), 1);
    let mut issues = staff.unknown_columns.clone();
    issues.extend(ds.issues().iter().cloned());
    let ds = bianzhi::Dataset::with_issues(ds.into_document(), issues);
    let as_of = Options::as_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    let key = |r: &bianzhi::Report| {
        r.violations
            .iter()
            .map(|v| {
                (
                    v.code,
                    v.staff.clone(),
                    v.array.clone(),
                    v.index,
                    v.field.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (validate(&ds, &as_of), validate(&csv.dataset, &as_of));
    assert_eq!(key(&a), key(&b));
    // S2: impossible birth date and a numeric 身份证号, both INVALID_RECORD
    let invalid: Vec<_> = a
        .violations
        .iter()
        .filter(|v| v.code == bianzhi::Code::InvalidRecord)
        .map(|v| (v.staff.clone(), v.field.clone()))
        .collect();
    assert_eq!(invalid.len(), 1, "{invalid:?}");
    assert_eq!(invalid[0].0.as_deref(), Some("S2"));
    assert_eq!(ds.to_json(), csv.dataset.to_json());
}

#[test]
fn settings_are_not_records() {
    let out = table_records::<&str>("设置", RecordKind::Settings, &[], &[]);
    assert!(out.records.is_empty());
    assert_eq!(out.warnings.len(), 1);
}

#[test]
fn a_blank_table_gives_nothing() {
    let out = table_records::<&str>("staff", RecordKind::Staff, &[], &[]);
    assert_eq!(out.records.len() + out.warnings.len(), 0);
    let out = table_records(
        "staff",
        RecordKind::Staff,
        &["", " "],
        &[vec![Cell::Empty; 2]],
    );
    assert_eq!(out.records.len() + out.warnings.len(), 0);
}
