//! An unknown column header is one `UNKNOWN_FIELD` finding per column (not per row), with
//! the nearest known header; the same through `table_records` (DataFrames, Arrow).

use std::path::PathBuf;

use bianzhi::{validate, Code, Options};
use bianzhi_tabular::{read_inputs, table_records, Cell, RecordKind};

fn as_of() -> Options {
    Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
}

/// Hand computation: three staff rows and two unknown columns (备注, 编制类形 for 编制类型)
/// → exactly two UNKNOWN_FIELD findings; the 编制类形 column is ignored, so nobody holds a
/// place and U1 (approved 1) has no finding of its own.
#[test]
fn csv_unknown_columns_are_one_finding_each() {
    let dir = std::env::temp_dir().join(format!("bianzhi-unknown-cols-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let units = dir.join("units.csv");
    std::fs::write(
        &units,
        "单位编码,单位名称,单位类型,行政编制数\nU1,县委办,机关,1\n",
    )
    .unwrap();
    let staff = dir.join("staff.csv");
    std::fs::write(
        &staff,
        "人员编码,姓名,所在单位,编制类形,备注\nS1,甲,U1,行政编制,x\nS2,乙,U1,行政编制,y\nS3,丙,U1,行政编制,\n",
    )
    .unwrap();
    let paths: Vec<PathBuf> = vec![units, staff];
    let (ds, _warnings) = read_inputs(&paths, &Default::default()).unwrap();
    let r = validate(&ds, &as_of());
    let unknown: Vec<_> = r
        .violations
        .iter()
        .filter(|v| v.code == Code::UnknownField)
        .collect();
    assert_eq!(unknown.len(), 2, "{:#?}", r.violations);
    assert_eq!(unknown[0].field.as_deref(), Some("编制类形"));
    assert_eq!(unknown[0].index, None);
    assert!(
        unknown[0]
            .message
            .contains("列名“编制类形”无法识别，该列已忽略；是否应为 编制类型？"),
        "{}",
        unknown[0].message
    );
    assert!(
        unknown[0].message.contains("staff.csv:D"),
        "{}",
        unknown[0].message
    );
    assert_eq!(unknown[1].field.as_deref(), Some("备注"));
    assert_eq!(r.violations.len(), 2, "{:#?}", r.violations);
}

#[test]
fn table_records_reports_unknown_columns_once() {
    let headers = ["人员编码", "姓名", "所在单位", "remark"];
    let rows = vec![
        vec![
            Cell::Int(1),
            Cell::Text("甲".into()),
            Cell::Text("U1".into()),
            Cell::Text("a".into()),
        ],
        vec![
            Cell::Int(2),
            Cell::Text("乙".into()),
            Cell::Text("U1".into()),
            Cell::Text("b".into()),
        ],
    ];
    let out = table_records("frame", RecordKind::Staff, &headers, &rows);
    assert_eq!(out.unknown_columns.len(), 1);
    assert_eq!(out.unknown_columns[0].field.as_deref(), Some("remark"));
}
