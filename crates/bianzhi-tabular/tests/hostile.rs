//! Hostile workbooks and CSV files (issue 20, `tests/hostile/README.md`): each is built here,
//! a few KB, and read under an address-space cap of 3 GB (`prlimit --as`), so that an
//! allocation the input asks for fails the test instead of the machine. Each test re-runs
//! itself in a child process under the cap (see [`capped`]).

use std::io::{Cursor, Write};
use std::process::Command;

use bianzhi_tabular::{read_csv_sources, read_workbook_bytes, ReadOptions, TabularError};

/// The address-space cap of the child process, in bytes.
const CAP: u64 = 3_000_000_000;

/// Runs the calling test again in a child process under `prlimit --as=CAP` and returns
/// false (the caller returns); in that child, returns true (the caller runs its body).
fn capped(test: &str) -> bool {
    if std::env::var_os("BZ_CAPPED_CHILD").is_some() {
        return true;
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("prlimit")
        .arg(format!("--as={CAP}"))
        .arg(&exe)
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env("BZ_CAPPED_CHILD", "1")
        .output()
        .expect("prlimit (util-linux) runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test} under a {CAP}-byte address-space cap: {}\n{stdout}\n{stderr}",
        out.status
    );
    false
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An xlsx workbook with one sheet 人员 holding `sheet_data` (the `<sheetData>` body) and,
/// if given, `xl/sharedStrings.xml`.
fn xlsx(sheet_data: &str, shared: Option<&str>) -> Vec<u8> {
    xlsx_named("人员", sheet_data, shared)
}

/// [`xlsx`] with another sheet name.
fn xlsx_named(sheet_name: &str, sheet_data: &str, shared: Option<&str>) -> Vec<u8> {
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    );
    let wbrels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", ct.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", wbrels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(s) = shared {
        entries.push(("xl/sharedStrings.xml", s.as_bytes()));
    }
    zip_of(&entries)
}

fn inline(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A staff header and one person, rows 1 and 2.
fn roster_rows() -> String {
    format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}{}</row>"#,
        inline("A1", "人员编码"),
        inline("B1", "姓名"),
        inline("C1", "所在单位"),
        inline("A2", "S1"),
        inline("B2", "张三"),
        inline("C2", "U1"),
    )
}

#[test]
fn xlsx_sparse_cells_are_sized_by_the_cells_present() {
    if !capped("xlsx_sparse_cells_are_sized_by_the_cells_present") {
        return;
    }
    // A1…C2 and one cell at XFD1048576: 17 billion cells as a rectangle, 7 as read.
    let data = format!(
        r#"{}<row r="1048576">{}</row>"#,
        roster_rows(),
        inline("XFD1048576", "x")
    );
    let bytes = xlsx(&data, None);
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    let out = read_workbook_bytes("sparse.xlsx", &bytes, &ReadOptions::default()).unwrap();
    let staff = out.dataset.staff();
    assert_eq!(staff.len(), 1);
    assert_eq!(staff.row(0).id(), "S1");
    assert_eq!(staff.row(0).name(), "张三");
    // The far cell lies under no header: reported with its row and column, not dropped.
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("XFD1048576") && w.contains("no header") && w.contains("not read")),
        "{:?}",
        out.warnings
    );
    // A cell at ZZ200000 (9 GB resident before) reads the same way.
    let data = format!(
        r#"{}<row r="200000">{}</row>"#,
        roster_rows(),
        inline("ZZ200000", "x")
    );
    let out = read_workbook_bytes("zz.xlsx", &xlsx(&data, None), &ReadOptions::default()).unwrap();
    assert_eq!(out.dataset.staff().row(0).to_staff().id, "S1");
}

#[test]
fn xlsx_many_far_cells_are_refused_past_the_sheet_limit() {
    if !capped("xlsx_many_far_cells_are_refused_past_the_sheet_limit") {
        return;
    }
    // 2 000 rows with a cell at column XFD (16 384): 32.8 million cells laid out, over
    // MAX_SHEET_CELLS (10 million).
    let mut data = roster_rows();
    for r in 3..2003 {
        data.push_str(&format!(
            r#"<row r="{r}">{}</row>"#,
            inline(&format!("XFD{r}"), "x")
        ));
    }
    let bytes = xlsx(&data, None);
    let e = read_workbook_bytes("far.xlsx", &bytes, &ReadOptions::default()).unwrap_err();
    match e {
        TabularError::Sheet {
            file,
            sheet,
            message,
        } => {
            assert_eq!((file.as_str(), sheet.as_str()), ("far.xlsx", "人员"));
            assert!(message.contains("refuses more than 10000000"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn shared_string_count_is_not_trusted() {
    if !capped("shared_string_count_is_not_trusted") {
        return;
    }
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>人员编码</t></si></sst>"#;
    let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let e = read_workbook_bytes("sst.xlsx", &xlsx(data, Some(sst)), &ReadOptions::default())
        .unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. }
            if message.contains("declares 4294967295 shared strings")),
        "{e:?}"
    );
    // A true count is read.
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>人员编码</t></si><si><t>姓名</t></si><si><t>S1</t></si><si><t>张三</t></si><si><t>所在单位</t></si><si><t>U1</t></si></sst>"#;
    let data = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>4</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>5</v></c></row>"#;
    let out =
        read_workbook_bytes("sst.xlsx", &xlsx(data, Some(sst)), &ReadOptions::default()).unwrap();
    assert_eq!(
        out.dataset.staff().len(),
        1,
        "{:?} {:?}",
        out.warnings,
        out.dataset.issues()
    );
    assert_eq!(out.dataset.staff().row(0).to_staff().id, "S1");
}

/// An ODS document with one table 人员 whose rows are `rows` (`<table:table-row>` elements).
fn ods(rows: &str) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="人员">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

fn ods_roster() -> String {
    format!(
        "<table:table-row>{}{}{}</table:table-row><table:table-row>{}{}{}</table:table-row>",
        ods_cell("人员编码"),
        ods_cell("姓名"),
        ods_cell("所在单位"),
        ods_cell("S1"),
        ods_cell("张三"),
        ods_cell("U1")
    )
}

#[test]
fn ods_repeats_are_bounded() {
    if !capped("ods_repeats_are_bounded") {
        return;
    }
    let opts = ReadOptions::default();
    // A non-empty row repeated 1 048 575 times: a million identical records from 2 KB.
    let rows = format!(
        r#"{}<table:table-row table:number-rows-repeated="1048575">{}</table:table-row>"#,
        ods_roster(),
        ods_cell("S2")
    );
    let e = read_workbook_bytes("rows.ods", &ods(&rows), &opts).unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. }
            if message.contains("more than 100000 cells")),
        "{e:?}"
    );
    // A non-empty cell repeated across 16 384 columns in 100 000 rows: the dense sheet.
    let rows = format!(
        r#"{}<table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ods_roster()
    );
    let e = read_workbook_bytes("cols.ods", &ods(&rows), &opts).unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. } if message.contains("refuses more")),
        "{e:?}"
    );
    // Empty repeats between non-empty rows widen the rectangle: 1 048 000 empty rows
    // between the roster and a cell at column 1 000.
    let rows = format!(
        r#"{}<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="999"/>{}</table:table-row>"#,
        ods_roster(),
        ods_cell("x")
    );
    let e = read_workbook_bytes("gap.ods", &ods(&rows), &opts).unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. } if message.contains("spans")),
        "{e:?}"
    );
    // The trailing empty rows and columns office suites write are fine.
    let rows = format!(
        r#"{}<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
        ods_roster()
    );
    let out = read_workbook_bytes("ok.ods", &ods(&rows), &opts).unwrap();
    assert_eq!(out.dataset.staff().len(), 1);
    assert_eq!(out.dataset.staff().row(0).to_staff().name, "张三");
}

#[test]
fn a_zip_bomb_behind_junk_bytes_is_refused() {
    if !capped("a_zip_bomb_behind_junk_bytes_is_refused") {
        return;
    }
    // 200 MiB of spaces in one sheet, behind four junk bytes: the archive is found from
    // its central directory at the end, as calamine finds it.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..200 {
        w.write_all(&chunk).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let mut bytes = b"JUNK".to_vec();
    bytes.extend_from_slice(&zip);
    assert!(bytes.len() < 1 << 20);
    let e = read_workbook_bytes("bomb.xlsx", &bytes, &ReadOptions::default()).unwrap_err();
    assert!(
        matches!(&e, TabularError::Workbook { message, .. } if message.contains("zip bomb")),
        "{e:?}"
    );
}

#[test]
fn csv_counts_must_be_whole_as_written() {
    // 0.99999999999999999 is 1.0 as f64: a quota of 1 before; now the record is refused,
    // naming the field. 3.00 is a whole number as written.
    let units = "单位编码,单位名称,单位类型,行政编制数\nU1,某局,行政机关,0.99999999999999999\nU2,某委,行政机关,3.00\n";
    let out = read_csv_sources(&[("单位.csv", units.as_bytes())], &ReadOptions::default()).unwrap();
    let ds = &out.dataset;
    assert_eq!(ds.units().len(), 1);
    assert_eq!(ds.units()[0].id, "U2");
    let issue = &ds.issues()[0];
    assert_eq!(
        issue.field.as_deref(),
        Some("quotas.administrative"),
        "{issue:?}"
    );
    assert!(issue.reason.contains("row 2"), "{issue:?}");
}

#[test]
fn csv_cells_past_the_header_and_under_blank_headers_are_reported() {
    // `1,000` unquoted: the 000 lies past the header. A blank header over 编制类型 values:
    // those values are not read, and the warning names the column and rows. A data row
    // above the header is reported too.
    let staff = "S0,王五,U1\n人员编码,姓名,所在单位,\nS1,张三,U1,行政\nS2,李四,U1,行政,extra\n";
    let out = read_csv_sources(&[("人员.csv", staff.as_bytes())], &ReadOptions::default()).unwrap();
    assert_eq!(out.dataset.staff().len(), 2);
    let w = out.warnings.join("\n");
    assert!(
        w.contains(
            "column D has a blank header cell but holds 2 value(s), first D3 “行政”, in rows 3, 4"
        ),
        "{w}"
    );
    assert!(w.contains("column E has no header"), "{w}");
    assert!(w.contains("row(s) 1 above the header row 2"), "{w}");
}

#[test]
fn an_unbalanced_quote_is_an_error_naming_where_the_field_starts() {
    // 102 rows; line 3 opens a quote in column B that is never closed: before, the rest
    // of the file became one name and 100 rows vanished.
    let mut staff = String::from("人员编码,姓名,所在单位\nS1,张三,U1\nS2,\"李四,U1\n");
    for i in 3..=102 {
        staff.push_str(&format!("S{i},王{i},U1\n"));
    }
    let e =
        read_csv_sources(&[("人员.csv", staff.as_bytes())], &ReadOptions::default()).unwrap_err();
    match e {
        TabularError::Csv {
            file,
            line,
            message,
        } => {
            assert_eq!(file, "人员.csv");
            assert_eq!(line, Some(3));
            assert!(message.contains("line 3, column B"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A quote inside an unquoted field is a character, and a closed multi-line field is
    // read (with a warning naming where it spans lines).
    let staff = "人员编码,姓名,所在单位,备注\nS1,张\"三,U1,\nS2,李四,U1,\"两行\n备注\"\n";
    let out = read_csv_sources(&[("人员.csv", staff.as_bytes())], &ReadOptions::default()).unwrap();
    assert_eq!(out.dataset.staff().len(), 2);
    assert_eq!(out.dataset.staff().row(0).to_staff().name, "张\"三");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.contains("line 3, column D: a quoted field spans 2 lines")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn a_utf8_file_with_one_gbk_line_is_refused_naming_the_line() {
    // 张三 in UTF-8 became 寮犱笁 when one GBK name made the whole file GB18030.
    let mut bytes = "人员编码,姓名,所在单位\nS1,张三,U1\nS2,"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&[0xC0, 0xEE, 0xCB, 0xC4]); // 李四 in GBK
    bytes.extend_from_slice(b",U1\n");
    let e = read_csv_sources(&[("人员.csv", &bytes)], &ReadOptions::default()).unwrap_err();
    match e {
        TabularError::Csv { line, message, .. } => {
            assert_eq!(line, Some(3));
            assert!(message.contains("except line(s) 3"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // A file in GBK throughout still reads.
    let mut gbk = vec![];
    gbk.extend_from_slice(&[0xC8, 0xCB, 0xD4, 0xB1, 0xB1, 0xE0, 0xC2, 0xEB]); // 人员编码
    gbk.extend_from_slice(&[b',', 0xD0, 0xD5, 0xC3, 0xFB]); // 姓名
    gbk.extend_from_slice(b",unit\nS1,");
    gbk.extend_from_slice(&[0xC0, 0xEE, 0xCB, 0xC4]);
    gbk.extend_from_slice(b",U1\n");
    let out = read_csv_sources(&[("人员.csv", &gbk)], &ReadOptions::default()).unwrap();
    assert_eq!(out.dataset.staff().row(0).to_staff().name, "李四");
}

#[path = "../../bianzhi/tests/support/near_linear.rs"]
mod near_linear;
use near_linear::assert_near_linear;

#[test]
fn many_quota_columns_are_read_in_near_linear_time() {
    let csv = |n: usize| {
        let mut head = String::from("id,name,kind");
        let mut row = String::from("U1,某局,organ");
        for i in 0..n {
            head.push_str(&format!(",quotas.c{i}"));
            row.push_str(",1");
        }
        format!("{head}\n{row}\n")
    };
    let (a, b) = (csv(10_000), csv(40_000));
    let run = |t: &str| {
        let out = read_csv_sources(&[("units.csv", t.as_bytes())], &ReadOptions::default());
        assert!(out.is_ok());
    };
    assert_near_linear("quotas.* columns", || run(&a), || run(&b));
}

#[test]
fn many_error_cells_are_reported_in_near_linear_time() {
    // n units whose quota cell is #N/A: n INVALID_RECORD issues, each matched to its cell.
    let book = |n: usize| {
        let mut data = format!(
            r#"<row r="1">{}{}{}{}</row>"#,
            inline("A1", "单位编码"),
            inline("B1", "单位名称"),
            inline("C1", "单位类型"),
            inline("D1", "行政编制数")
        );
        for r in 2..n + 2 {
            data.push_str(&format!(
                r#"<row r="{r}">{}{}{}<c r="D{r}" t="e"><v>#N/A</v></c></row>"#,
                inline(&format!("A{r}"), &format!("U{r}")),
                inline(&format!("B{r}"), "某局"),
                inline(&format!("C{r}"), "行政机关"),
            ));
        }
        xlsx_named("单位", &data, None)
    };
    let (a, b) = (book(5_000), book(20_000));
    let run = |bytes: &[u8]| {
        let out = read_workbook_bytes("na.xlsx", bytes, &ReadOptions::default()).unwrap();
        assert!(out.dataset.issues()[0].reason.contains("#N/A"));
    };
    assert_near_linear("#N/A cells", || run(&a), || run(&b));
}

/// The UNKNOWN_FIELD findings of a read, in `lang`.
fn unknown_field_messages(out: &bianzhi_tabular::ReadOutcome, lang: bianzhi::Lang) -> Vec<String> {
    let opts = bianzhi::Options::as_of(bianzhi::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())
        .with_lang(lang);
    bianzhi::validate(&out.dataset, &opts)
        .violations
        .into_iter()
        .filter(|v| v.code == bianzhi::Code::UnknownField)
        .map(|v| v.message)
        .collect()
}

/// The three shapes of item 13 (a data row above the header, a blank header cell over
/// values, a cell past the header's last cell) as rows of text cells.
const UNREAD_SHAPES: [&[&str]; 4] = [
    &["S0", "王五", "U1"],
    &["人员编码", "姓名", "", "所在单位"],
    &["S1", "张三", "行政", "U1"],
    &["S2", "李四", "行政", "U1", "extra"],
];

#[test]
fn unread_cells_are_findings_naming_file_or_sheet_row_and_column_in_csv_xlsx_and_ods() {
    let csv: String = UNREAD_SHAPES.iter().map(|r| r.join(",") + "\n").collect();
    let mut xlsx_rows = String::new();
    let mut ods_rows = String::new();
    for (r, row) in UNREAD_SHAPES.iter().enumerate() {
        xlsx_rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        ods_rows.push_str("<table:table-row>");
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                ods_rows.push_str("<table:table-cell/>");
                continue;
            }
            let at = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            xlsx_rows.push_str(&inline(&at, text));
            ods_rows.push_str(&ods_cell(text));
        }
        xlsx_rows.push_str("</row>");
        ods_rows.push_str("</table:table-row>");
    }
    let opts = ReadOptions::default();
    let reads = [
        (
            "人员.csv",
            read_csv_sources(&[("人员.csv", csv.as_bytes())], &opts),
        ),
        (
            "t.xlsx!人员",
            read_workbook_bytes("t.xlsx", &xlsx(&xlsx_rows, None), &opts),
        ),
        (
            "t.ods!人员",
            read_workbook_bytes("t.ods", &ods(&ods_rows), &opts),
        ),
    ];
    for (source, out) in reads {
        let out = out.unwrap();
        let ids: Vec<&str> = out.dataset.staff().iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["S1", "S2"], "{source}");
        let want_en = [
            format!(
                "{source}: column C has a blank header cell but holds 2 value(s), first C3 \
                 “行政”, in rows 3, 4; not read"
            ),
            format!(
                "{source}: column E has no header (past the header's last column) but holds \
                 1 value(s), first E4 “extra”, in rows 4; not read"
            ),
            format!("{source}: row(s) 1 above the header row 2 are not read"),
        ];
        let mut got = unknown_field_messages(&out, bianzhi::Lang::En);
        got.sort();
        let mut want = want_en.to_vec();
        want.sort();
        assert_eq!(got, want, "{source}");
        // The same lines are the read's warnings (one code path for every format).
        for w in &want_en {
            assert!(out.warnings.contains(w), "{source}: {:?}", out.warnings);
        }
        let mut got = unknown_field_messages(&out, bianzhi::Lang::Zh);
        got.sort();
        let mut want = vec![
            format!("{source} C列的表头为空，但有2行有值（第3、4行，首个C3为“行政”），未读取"),
            format!(
                "{source} E列在表头最后一列之后，没有表头，但有1行有值（第4行，首个E4为“extra”），未读取"
            ),
            format!("{source} 表头（第2行）之上的第1行有数据，未读取"),
        ];
        want.sort();
        assert_eq!(got, want, "{source}");
    }
}

/// The inputs in `tests/hostile/{tabular,workbook,csv}/` (crashes, hangs or out-of-memory
/// inputs found by `scripts/fuzz.sh`), fed to the same entry point as their fuzz target,
/// first byte included, under the address-space cap: each gives a result or a typed error.
#[test]
fn fuzz_regressions() {
    if !capped("fuzz_regressions") {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hostile");
    let opts = ReadOptions::default();
    let as_of = bianzhi::Options::as_of(bianzhi::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    let mut n = 0;
    for target in ["tabular", "workbook", "csv"] {
        let Ok(dir) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for f in dir {
            let data = std::fs::read(f.unwrap().path()).unwrap();
            let Some((&sel, rest)) = data.split_first() else {
                continue;
            };
            let out = match (target, sel) {
                ("workbook", s) => {
                    let name = ["fuzz.xlsx", "fuzz.ods", "fuzz.xls"][usize::from(s) % 3];
                    read_workbook_bytes(name, rest, &opts)
                }
                ("csv", s) => {
                    let name = [
                        "人员.csv",
                        "单位.csv",
                        "岗位.csv",
                        "职责.csv",
                        "设置.csv",
                        "roster.csv",
                    ][usize::from(s) % 6];
                    read_csv_sources(&[(name, rest)], &opts)
                }
                (_, s) if s % 4 == 0 => read_workbook_bytes("fuzz.xlsx", rest, &opts),
                (_, s) if s % 4 == 1 => read_csv_sources(&[("人员.csv", rest)], &opts),
                (_, s) if s % 4 == 2 => read_csv_sources(&[("单位.csv", rest)], &opts),
                _ => {
                    let mid = rest
                        .iter()
                        .position(|&b| b == 0xff)
                        .unwrap_or(rest.len() / 2);
                    let (a, b) = rest.split_at(mid);
                    read_csv_sources(&[("units.csv", a), ("staff.csv", b)], &opts)
                }
            };
            if let Ok(out) = out {
                let _ = bianzhi::validate(&out.dataset, &as_of);
            }
            n += 1;
        }
    }
    eprintln!("{n} fuzz regression inputs");
}

#[test]
fn a_cell_reference_past_u32_is_a_typed_error_not_a_panic() {
    // Found by the workbook fuzz target (tests/hostile/workbook/): calamine computes the
    // column of `r="AAAAAAAAA1"` in u32 arithmetic, which overflows. With overflow checks
    // (debug builds, as this test runs) that panicked through read_workbook_bytes; the
    // reader now turns a panic of calamine into TabularError::Workbook. Without them the
    // column wraps and the cell is read (or refused) like any far cell.
    let data = format!(
        "{}<row r=\"3\">{}</row>",
        roster_rows(),
        inline("AAAAAAAAA3", "x")
    );
    let got = read_workbook_bytes("ref.xlsx", &xlsx(&data, None), &ReadOptions::default());
    if cfg!(debug_assertions) {
        match got {
            Err(TabularError::Workbook { file, message }) => {
                assert_eq!(file, "ref.xlsx");
                assert!(
                    message.contains("the workbook reader failed on this file")
                        && message.contains("overflow"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
    } else {
        assert!(matches!(
            got,
            Ok(_) | Err(TabularError::Workbook { .. } | TabularError::Sheet { .. })
        ));
    }
}
