//! Load issues of table rows carry their place typed (file or sheet, row): the English
//! reason appends it as it always did, the Chinese message says it in Chinese.

use bianzhi::{validate, Cause, Code, Lang, Options, Place};
use bianzhi_tabular::{read_csv_sources, ReadOptions};

#[test]
fn a_bad_row_is_placed_in_both_languages() {
    let units = "单位编码,单位名称,单位类型,行政编制数\nU1,某局,行政机关,2\n";
    let staff = "人员编码,姓名,所在单位,出生日期\nS1,甲,U1,1990-01-01\nS2,乙,U1,1990-02-30\n";
    let out = read_csv_sources(
        &[
            ("单位.csv", units.as_bytes()),
            ("人员.csv", staff.as_bytes()),
        ],
        &ReadOptions::default(),
    )
    .unwrap();
    let ds = &out.dataset;
    let issue = ds
        .issues()
        .iter()
        .find(|i| i.kind == bianzhi::IssueKind::Invalid)
        .expect("S2's date is refused");
    assert_eq!(issue.place, Some(Place::new("人员.csv", 3)));
    assert_eq!(
        issue.cause,
        Some(Cause::NotCalendarDate {
            text: Some("1990-02-30".into())
        })
    );
    assert_eq!(
        issue.reason,
        "date `1990-02-30` is not a calendar day or is out of range (人员.csv row 3)"
    );
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let message = |lang| {
        validate(ds, &Options::as_of(day).with_lang(lang))
            .violations
            .into_iter()
            .find(|v| v.code == Code::InvalidRecord)
            .expect("an INVALID_RECORD finding")
            .message
    };
    assert_eq!(
        message(Lang::Zh),
        "人员第2条(S2) 字段 birth_date 错误：日期“1990-02-30”不存在（如2月30日），应为“年-月-日”的真实日期（人员.csv 第3行），该记录已跳过"
    );
    assert_eq!(
        message(Lang::En),
        "staff[1](S2) field birth_date: date `1990-02-30` is not a calendar day or is out of range (人员.csv row 3); the record was skipped"
    );
}
