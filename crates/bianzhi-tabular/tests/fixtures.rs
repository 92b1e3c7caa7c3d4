//! Real-world shapes, generated here: GBK CSV exports, title rows, numeric ID cells,
//! Excel date serials, trailing empty rows; the report workbook and the template.

use std::path::PathBuf;

use bianzhi::{validate, Code, Options, Report};
use bianzhi_tabular::{
    read_csv_sources, read_inputs, read_workbook_bytes, template_bytes, write_report,
    write_report_csv, write_report_xlsx, write_template, Encoding, ReadOptions, RecordKind,
    ReportOptions, TabularError,
};
use calamine::{Data, Reader};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};

fn as_of() -> Options {
    Options::as_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(s).0.into_owned()
}

fn codes(r: &Report) -> Vec<(Code, Option<String>, Option<String>)> {
    r.violations
        .iter()
        .map(|v| (v.code, v.unit.clone(), v.staff.clone()))
        .collect()
}

const UNITS_CSV: &str = "某县机构编制台账（2026年）,,,,\n\
单位编码,单位名称,单位类型,上级单位,行政编制数,事业编制数,正职职数,备注\n\
U1,某县农业农村局,行政机关,,2,,1,\n\
U1-1,办公室,内设机构,U1,,,,\n\
U2,县农技中心,事业单位,U1,,1,,公益一类\n\
,,,,,,,\n\
,,,,,,,\n";

const STAFF_CSV: &str = "人员编码,姓名,身份证号,性别,出生日期,所在单位,编制类型,领导职务,人员状态,是否财政供养,借调起止日期\n\
S1,张三,440305198507155017,男,1985/7/15,U1-1,行政编制,正职,在岗,是,\n\
S2,李四,11010519491231002X,女,1949年12月31日,U1,行政,,退休,是,\n\
S3,王五,,男,19900105,U2,事业,,在岗,否,2025-01-01至2025-06-30\n\
S4,赵六,,男,1990-02-30,U2,事业,,在岗,,\n";

#[test]
fn gbk_csv_with_title_row_and_trailing_empty_rows() {
    let units = gbk(UNITS_CSV);
    let staff = gbk(STAFF_CSV);
    assert!(std::str::from_utf8(&units).is_err());
    let out = read_csv_sources(
        &[("单位.csv", &units), ("某县人员名单.csv", &staff)],
        &ReadOptions::default(),
    )
    .unwrap();
    let ds = &out.dataset;
    assert_eq!(
        ds.units().len(),
        3,
        "title row and empty rows are not records"
    );
    assert_eq!(ds.units()[0].name, "某县农业农村局");
    assert_eq!(ds.units()[2].parent.as_deref(), Some("U1"));
    // The unknown 备注 column is reported once, as a warning.
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].contains("备注"), "{}", out.warnings[0]);
    assert!(out.warnings[0].contains("column H"), "{}", out.warnings[0]);

    assert_eq!(ds.staff().len(), 3);
    let s1 = &ds.staff().row(0).to_staff();
    assert_eq!(s1.birth_date, NaiveDate::from_ymd_opt(1985, 7, 15));
    assert_eq!(s1.id_number.as_deref(), Some("440305198507155017"));
    assert_eq!(
        ds.staff().row(1).to_staff().birth_date,
        NaiveDate::from_ymd_opt(1949, 12, 31)
    );
    let s3 = &ds.staff().row(2).to_staff();
    assert_eq!(s3.birth_date, NaiveDate::from_ymd_opt(1990, 1, 5));
    assert_eq!(s3.on_payroll, Some(false));
    let sec = s3.secondment.as_ref().unwrap();
    assert_eq!(sec.end, NaiveDate::from_ymd_opt(2025, 6, 30));

    // S4's impossible date is the JSON loader's INVALID_RECORD, located by table and row.
    let issue = ds
        .issues()
        .iter()
        .find(|i| i.kind == bianzhi::IssueKind::Invalid)
        .unwrap();
    assert_eq!(issue.array, "staff");
    assert_eq!(issue.index, 3);
    assert_eq!(issue.id.as_deref(), Some("S4"));
    assert_eq!(issue.field.as_deref(), Some("birth_date"));
    assert!(
        issue.reason.contains("某县人员名单.csv row 5"),
        "{}",
        issue.reason
    );

    let r = validate(ds, &as_of());
    assert!(codes(&r).contains(&(Code::InvalidRecord, None, Some("S4".into()))));
    assert!(codes(&r).contains(&(Code::GhostPayroll, Some("U1".into()), Some("S2".into()))));
}

#[test]
fn utf8_bom_english_headers_and_header_detection() {
    let units = "\u{feff}id,name,kind,quotas.administrative,leadership.deputy\nU1,某局,organ,1,1\n";
    let staff =
        "id\tname\tunit\testablishment\tleadership\tsecondment.start\tsecondment.approved_by\n\
                 S1\t甲\tU1\tadministrative\tdeputy\t\t\n\
                 S2\t乙\tU1\t行政\t副职\t2026-01-01\t县委编办\n";
    // File names that say nothing: the kinds come from the headers.
    let out = read_csv_sources(
        &[("a.csv", units.as_bytes()), ("b.tsv", staff.as_bytes())],
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(out.dataset.units().len(), 1);
    assert_eq!(out.dataset.staff().len(), 2);
    let s2 = &out.dataset.staff().row(1).to_staff();
    assert_eq!(
        s2.secondment.as_ref().unwrap().approved_by.as_deref(),
        Some("县委编办")
    );
    let r = validate(&out.dataset, &as_of());
    let c: Vec<Code> = r.violations.iter().map(|v| v.code).collect();
    assert!(c.contains(&Code::OverEstablishment));
    assert!(c.contains(&Code::OverLeadershipQuota));

    // An explicit kind wins over the name.
    let opts = ReadOptions {
        kinds: vec![("x.csv".into(), RecordKind::Units)],
    };
    let out = read_csv_sources(&[("x.csv", units.as_bytes())], &opts).unwrap();
    assert_eq!(out.dataset.units().len(), 1);
}

/// A roster workbook as users make it: a merged title row, numbers where text belongs,
/// dates as Excel serials and as date cells, trailing empty rows.
fn roster_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let ws = wb.add_worksheet();
    ws.set_name("单位").unwrap();
    ws.merge_range(0, 0, 0, 4, "某县单位名册", &Format::new())
        .unwrap();
    for (c, h) in [
        "单位编码",
        "单位名称",
        "单位类型",
        "行政编制数",
        "事业编制数",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_number(2, 0, 101.0).unwrap(); // numeric id → "101"
    ws.write_string(2, 1, "某县农业农村局").unwrap();
    ws.write_string(2, 2, "机关").unwrap();
    ws.write_number(2, 3, 3.0).unwrap();
    ws.write_number(3, 0, 102.0).unwrap();
    ws.write_string(3, 1, "县农技中心").unwrap();
    ws.write_string(3, 2, "事业单位").unwrap();
    ws.write_string(3, 4, "2名").unwrap();
    // Trailing empty (formatted) rows.
    ws.write_blank(10, 0, &date).unwrap();
    ws.write_string(11, 1, "  ").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("人员").unwrap();
    for (c, h) in [
        "姓名",
        "人员编码",
        "身份证号",
        "出生日期",
        "所在单位",
        "编制类型",
        "入职日期",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // 18-digit ID typed into a number cell: precision lost → INVALID_RECORD.
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_string(1, 1, "S1").unwrap();
    ws.write_number(1, 2, 440305198507155017.0).unwrap();
    ws.write_number(1, 3, 31243.0).unwrap(); // 1985-07-15 as a serial
    ws.write_number(1, 4, 101.0).unwrap();
    ws.write_string(1, 5, "行政").unwrap();
    // 15-digit legacy number: exact in a float cell, read as its digits.
    ws.write_string(2, 0, "李四").unwrap();
    ws.write_string(2, 1, "S2").unwrap();
    ws.write_number(2, 2, 440305850715501.0).unwrap();
    ws.write_number_with_format(2, 3, 31243.0, &date).unwrap();
    ws.write_number(2, 4, 101.0).unwrap();
    ws.write_string(2, 5, "行政编制").unwrap();
    ws.write_number(2, 6, 20080701.0).unwrap(); // yyyymmdd typed as a number
    ws.write_string(3, 0, "王五").unwrap();
    ws.write_string(3, 1, "S3").unwrap();
    ws.write_number(3, 4, 102.0).unwrap();
    ws.write_string(3, 5, "事业").unwrap();
    ws.write_string(3, 6, "2020年1月5日").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Sheet3").unwrap();
    ws.write_string(0, 0, "随便写点什么").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn workbook_with_title_row_numbers_and_serial_dates() {
    let out =
        read_workbook_bytes("花名册.xlsx", &roster_workbook(), &ReadOptions::default()).unwrap();
    let ds = &out.dataset;
    assert_eq!(ds.units().len(), 2);
    assert_eq!(ds.units()[0].id, "101");
    assert_eq!(
        ds.units()[1].quotas.get(&bianzhi::Category::Institution),
        Some(&2)
    );
    assert!(
        out.warnings.iter().any(|w| w.contains("Sheet3")),
        "{:?}",
        out.warnings
    );

    // S1 is skipped: its ID number is a float that lost digits.
    assert_eq!(ds.staff().len(), 2);
    let issue = &ds.issues()[0];
    assert_eq!(
        (
            issue.array,
            issue.index,
            issue.id.as_deref(),
            issue.field.as_deref()
        ),
        ("staff", 0, Some("S1"), Some("id_number"))
    );
    assert!(issue.reason.contains("人员 row 2"), "{}", issue.reason);
    let s2 = &ds.staff().row(0).to_staff();
    assert_eq!(s2.id_number.as_deref(), Some("440305850715501"));
    assert_eq!(s2.birth_date, NaiveDate::from_ymd_opt(1985, 7, 15));
    assert_eq!(s2.joined, NaiveDate::from_ymd_opt(2008, 7, 1));
    assert_eq!(s2.unit, "101");
    assert_eq!(
        ds.staff().row(1).to_staff().joined,
        NaiveDate::from_ymd_opt(2020, 1, 5)
    );

    let r = validate(ds, &as_of());
    assert_eq!(r.violations[0].code, Code::InvalidRecord);
    assert_eq!(r.violations[0].field.as_deref(), Some("id_number"));
}

#[test]
fn report_workbook_reads_back() {
    let out =
        read_workbook_bytes("花名册.xlsx", &roster_workbook(), &ReadOptions::default()).unwrap();
    let mut ds_json = serde_json::to_value(out.dataset.to_document()).unwrap();
    // Overfill the institution: 102 has 2 approved.
    ds_json["staff"].as_array_mut().unwrap().extend([
        serde_json::json!({"id": "S4", "name": "甲", "unit": "102", "establishment": "事业"}),
        serde_json::json!({"id": "S5", "name": "乙", "unit": "102", "establishment": "事业"}),
    ]);
    let ds = bianzhi::Dataset::from_json(&ds_json.to_string()).unwrap();
    let report = validate(&ds, &as_of());
    let bytes = write_report_xlsx(&report, &ds).unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["汇总", "图表", "编制使用情况", "领导职数", "问题清单"]
    );
    let list = wb.worksheet_range("问题清单").unwrap();
    // Rows 1–2 are the title and subtitle; the header is row 3.
    let header: Vec<String> = list
        .rows()
        .nth(2)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..5],
        ["代码", "问题类型", "严重程度", "单位编码", "单位名称"]
    );
    assert_eq!(list.height(), report.violations.len() + 3);
    let over = list
        .rows()
        .find(|r| r[0] == Data::String("OVER_ESTABLISHMENT".into()))
        .unwrap();
    assert_eq!(over[1], Data::String("超编".into()));
    assert_eq!(over[4], Data::String("县农技中心".into()));

    let occ = wb.worksheet_range("编制使用情况").unwrap();
    // Title, subtitle, header, the rows, a subtotal per category and the total.
    let cats: std::collections::BTreeSet<&str> = report
        .occupancy
        .iter()
        .map(|o| o.category.as_str())
        .collect();
    assert_eq!(occ.height(), 3 + report.occupancy.len() + cats.len() + 1);
    let row = occ
        .rows()
        .find(|r| r[0] == Data::String("102".into()))
        .unwrap();
    assert_eq!(row[1], Data::String("县农技中心".into()));
    assert_eq!(row[2], Data::String("事业编制".into()));
    assert_eq!(row[6], Data::Float(1.0));

    let sum = wb.worksheet_range("汇总").unwrap();
    let counted: f64 = sum
        .rows()
        .skip_while(|r| r[0] != Data::String("代码".into()))
        .skip(1)
        .take_while(|r| r[0] != Data::String("合计".into()))
        .map(|r| match r[3] {
            Data::Float(f) => f,
            _ => 0.0,
        })
        .sum();
    assert_eq!(counted as usize, report.violations.len());

    // CSV report: UTF-8 with BOM, or GBK on request.
    let csv = write_report_csv(&report, &ds, &ReportOptions::default());
    let text = std::str::from_utf8(&csv[3..]).unwrap();
    assert_eq!(text.lines().count(), report.violations.len() + 1);
    assert!(text.contains("OVER_ESTABLISHMENT,超编,错误,102,县农技中心"));
    let g = write_report_csv(
        &report,
        &ds,
        &ReportOptions::default().with_encoding(Encoding::Gbk),
    );
    let (decoded, _, bad) = encoding_rs::GBK.decode(&g);
    assert!(!bad);
    assert_eq!(decoded, text);
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bianzhi-tabular-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn template_reads_back_to_an_empty_report() {
    let path = tmp("模板.xlsx");
    write_template(&path).unwrap();
    let (ds, warnings) = read_inputs(std::slice::from_ref(&path), &ReadOptions::default()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(ds.units().is_empty() && ds.staff().is_empty());
    let r = validate(&ds, &as_of());
    assert!(r.violations.is_empty() && r.ok());

    let mut wb =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(template_bytes().unwrap()))
            .unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["单位", "岗位", "人员", "职责", "事项", "设置", "说明"]
    );
    let staff = wb.worksheet_range("人员").unwrap();
    let header: Vec<String> = staff
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    for h in ["姓名", "身份证号", "所在单位", "编制类型", "借调开始日期"] {
        assert!(header.iter().any(|x| x == h), "{h}");
    }
    let notes = wb.worksheet_range("说明").unwrap();
    assert!(notes.height() > 40);

    // Reports by extension.
    for ext in ["xlsx", "csv", "json", "html"] {
        let p = tmp(&format!("报告.{ext}"));
        write_report(&p, &r, &ds).unwrap();
        assert!(std::fs::metadata(&p).unwrap().len() > 0);
    }
    assert!(write_report(&tmp("报告.pdf"), &r, &ds).is_err());
}

#[test]
fn unreadable_input_names_the_file() {
    let err = |paths: &[PathBuf]| read_inputs(paths, &ReadOptions::default()).unwrap_err();
    let e = err(&[PathBuf::from("/nonexistent/人员.csv")]);
    assert!(matches!(e, TabularError::Io { .. }));
    assert!(e.to_string().contains("人员.csv"), "{e}");

    let e = err(&[PathBuf::from("roster.pdf")]);
    assert!(e.to_string().contains("roster.pdf"), "{e}");

    let bad = tmp("坏.xlsx");
    std::fs::write(&bad, b"this is not a zip").unwrap();
    let e = err(std::slice::from_ref(&bad));
    assert!(matches!(e, TabularError::Workbook { .. }), "{e:?}");
    assert!(e.to_string().contains("坏.xlsx"), "{e}");

    let json = tmp("d.json");
    std::fs::write(&json, br#"{"units": [], "staff": []}"#).unwrap();
    assert!(matches!(
        err(&[json.clone(), bad.clone()]),
        TabularError::JsonWithOthers
    ));
    let (ds, _) = read_inputs(&[json], &ReadOptions::default()).unwrap();
    assert!(ds.units().is_empty());

    // A CSV without a recognisable header, and one that is not text at all.
    let e = read_csv_sources(&[("人员.csv", b"a,b\n1,2\n")], &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("人员.csv"), "{e}");
    assert!(matches!(e, TabularError::NoHeader { .. }));
    let e = read_csv_sources(&[("x.csv", b"a,b\n1,2\n")], &ReadOptions::default()).unwrap_err();
    assert!(matches!(e, TabularError::UnknownKind { .. }));
    let e = read_csv_sources(
        &[("人员.csv", &[0x81, 0x20, 0xFF, 0xFF])],
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(e, TabularError::Encoding { .. }), "{e:?}");
}

#[test]
fn garbage_never_panics() {
    // Arbitrary bytes as CSV and as a workbook: an error or a dataset, never a panic.
    let alphabet: Vec<u8> = ",\n\"\t0123456789-/年月日是否人员编码姓名单位"
        .bytes()
        .chain(gbk("姓名所在单位出生日期"))
        .collect();
    #[allow(non_snake_case)]
    let ALPHABET = alphabet.as_slice();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for n in 0..200 {
        let len = (n * 7) % 300;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly printable, with separators and CJK lead bytes.
                ALPHABET[(seed % ALPHABET.len() as u64) as usize]
            })
            .collect();
        let _ = read_csv_sources(&[("人员.csv", &bytes)], &ReadOptions::default());
        let _ = read_workbook_bytes("x.xlsx", &bytes, &ReadOptions::default());
    }
    // A real workbook cut short.
    let wb = roster_workbook();
    for cut in [10, wb.len() / 3, wb.len() / 2, wb.len() - 10] {
        let _ = read_workbook_bytes("x.xlsx", &wb[..cut], &ReadOptions::default());
    }
}

/// docs/tabular.md carries the mapping table generated from the code
/// (regenerate with `BIANZHI_PRINT_MAPPING=1 cargo test -p bianzhi-tabular docs_mapping -- --nocapture`).
#[test]
fn docs_mapping_table_is_current() {
    let table = bianzhi_tabular::schema::mapping_markdown();
    if std::env::var_os("BIANZHI_PRINT_MAPPING").is_some() {
        println!("{table}");
    }
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/tabular.md"),
    )
    .unwrap();
    assert!(
        docs.contains(&table),
        "docs/tabular.md is out of date: regenerate the mapping section"
    );
}
