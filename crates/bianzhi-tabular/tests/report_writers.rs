//! The report writers as an office uses them: CSV that is safe to open, an xlsx that
//! prints (page setup, print titles, charts) and holds no formulas, a self-contained HTML.

use std::io::Read;

use bianzhi::{validate, Dataset, Options};
use bianzhi_tabular::{
    csv_safe, template_bytes, write_document_csv, write_report_csv, write_report_html,
    write_report_xlsx_with, Encoding, Headers, ReportOptions,
};
use chrono::NaiveDate;

/// Two units; U1 has 1 行政编制 and holds 3 (超编 2), one named like a formula; a person
/// whose name is an injection payload (and a bad 身份证号, so that findings name them).
fn dataset() -> Dataset {
    Dataset::from_json(
        r#"{"as_of": "2026-11-30",
            "units": [
              {"id": "U1", "name": "=HYPERLINK(\"http://x\",\"点我\")", "kind": "organ", "quotas": {"administrative": 1}},
              {"id": "U2", "name": "某县农业农村局", "kind": "organ", "quotas": {"administrative": 2}}],
            "staff": [
              {"id": "S1", "name": "=cmd|' /C calc'!A0", "id_number": "123", "unit": "U1", "establishment": "administrative"},
              {"id": "S2", "name": "@SUM(A1)", "id_number": "456", "unit": "U1", "establishment": "administrative"},
              {"id": "S3", "name": "+1+2", "unit": "U1", "establishment": "administrative"},
              {"id": "S4", "name": "张三", "unit": "U2", "establishment": "administrative"}]}"#,
    )
    .unwrap()
}

fn report(ds: &Dataset) -> bianzhi::Report {
    validate(
        ds,
        &Options::as_of(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
    )
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut s = String::new();
            let _ = f.read_to_string(&mut s);
            (f.name().map(|n| n.to_string()).unwrap_or_default(), s)
        })
        .collect()
}

#[test]
fn csv_cells_that_would_run_as_formulas_get_a_quote() {
    for (raw, safe) in [
        ("=1+1", "'=1+1"),
        ("+1+2", "'+1+2"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-3", "-3"),
        ("+1.5", "+1.5"),
        ("-", "'-"),
        ("张三", "张三"),
        ("", ""),
    ] {
        assert_eq!(csv_safe(raw), safe, "{raw:?}");
    }
    let ds = dataset();
    let r = report(&ds);
    let bytes = write_report_csv(&r, &ds, &ReportOptions::default());
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header = rd.headers().unwrap().clone();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (unit_name, staff_name) = (col("单位名称"), col("姓名"));
    let mut seen = 0;
    for row in rd.records() {
        let row = row.unwrap();
        for c in row.iter() {
            assert!(
                !c.starts_with(['=', '+', '@', '\t', '\r']) && !c.starts_with("-1"),
                "unsafe cell {c:?}"
            );
        }
        if row[unit_name].starts_with("'=HYPERLINK") {
            seen += 1;
        }
        if &row[staff_name] == "'=cmd|' /C calc'!A0" {
            seen += 1;
        }
    }
    assert!(seen >= 2, "{text}");

    // The exporters too.
    let doc = serde_json::to_value(ds.to_document()).unwrap();
    for (_, bytes) in write_document_csv(&doc, Headers::Chinese, Encoding::Utf8Bom) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(",=") && !text.contains(",@") && !text.contains(",+1"),
            "{text}"
        );
    }
}

#[test]
fn csv_report_has_names_beside_ids_and_follows_the_language() {
    let ds = dataset();
    let r = report(&ds);
    let zh = String::from_utf8(write_report_csv(&r, &ds, &ReportOptions::default())).unwrap();
    assert!(zh.starts_with("\u{feff}代码,问题类型,严重程度,单位编码,单位名称,人员编码,姓名,"));
    // U1: 1 approved, 3 held → 超编 2.
    assert!(zh.contains("OVER_ESTABLISHMENT,超编,错误,U1,"), "{zh}");
    let en = String::from_utf8(write_report_csv(
        &r,
        &ds,
        &ReportOptions::new(bianzhi::Lang::En),
    ))
    .unwrap();
    let first = en.lines().next().unwrap();
    assert_eq!(
        first,
        "\u{feff}code,severity,unit,unit_name,staff,staff_name,post,duty,category,level,expected,actual,table,row,field,message"
    );
    assert!(!first
        .chars()
        .any(|c| (0x2E80..0xFE00).contains(&(c as u32))));
}

#[test]
fn xlsx_prints_landscape_with_titles_charts_and_no_formulas() {
    let ds = dataset();
    let r = report(&ds);
    let bytes = write_report_xlsx_with(&r, &ds, &ReportOptions::default()).unwrap();
    let parts = unzip(&bytes);
    let sheets: Vec<&(String, String)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 5);
    for (name, xml) in &sheets {
        assert!(xml.contains(r#"orientation="landscape""#), "{name}");
        assert!(
            xml.contains(r#"fitToWidth="1""#) || xml.contains("fitToPage"),
            "{name}"
        );
        assert!(xml.contains("<oddFooter>"), "{name}");
        assert!(!xml.contains("<f>"), "{name} holds a formula");
    }
    let workbook = &parts
        .iter()
        .find(|(n, _)| n == "xl/workbook.xml")
        .unwrap()
        .1;
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        5,
        "{workbook}"
    );
    let charts: Vec<&(String, String)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 2);
    let all_charts: String = charts.iter().map(|(_, x)| x.as_str()).collect();
    assert!(all_charts.contains("核定与实有编制"));
    assert!(all_charts.contains("问题数量"));
    // The payloads are plain shared strings.
    let shared = &parts
        .iter()
        .find(|(n, _)| n == "xl/sharedStrings.xml")
        .unwrap()
        .1;
    assert!(shared.contains("=cmd|"));
    assert!(shared.contains("=HYPERLINK("));
}

#[test]
fn html_is_one_file_that_parses_with_svg_charts() {
    let ds = dataset();
    let r = report(&ds);
    let html = write_report_html(&r, &ds, &ReportOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"));
    assert!(html.contains("@media print") && html.contains("name=\"viewport\""));
    assert_eq!(html.matches("<svg").count(), 2);
    // Text from the data is escaped: no element comes from a name.
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;"));
    // Balanced elements (void elements aside).
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if ["meta", "br", "link", "img", "input"].contains(&name.as_str()) {
            continue;
        }
        if tag.starts_with('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "at {tag}");
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "{stack:?}");
}

#[test]
fn template_has_dropdowns_from_the_core_names_and_wide_id_columns() {
    let parts = unzip(&template_bytes().unwrap());
    let staff = parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .map(|(_, x)| x)
        .find(|x| x.contains("dataValidation") && x.contains(bianzhi::Gender::Male.zh()))
        .expect("a staff sheet with dropdowns");
    for s in bianzhi::Status::ALL {
        assert!(staff.contains(s.zh()), "{}", s.zh());
    }
    for l in bianzhi::LeaderLevel::ALL {
        assert!(staff.contains(l.zh()), "{}", l.zh());
    }
    assert!(staff.contains("事业编制"));
    let units = parts
        .iter()
        .map(|(_, x)| x)
        .find(|x| x.contains(bianzhi::UnitKind::Township.zh()) && x.contains("dataValidation"))
        .expect("a units sheet with the unit kinds");
    assert!(units.contains("行政机关"));
}
