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
    let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let wb = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
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
    assert_eq!(staff[0].id, "S1");
    assert_eq!(staff[0].name, "张三");
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
    assert_eq!(out.dataset.staff()[0].id, "S1");
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
    assert_eq!(out.dataset.staff()[0].id, "S1");
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
    assert_eq!(out.dataset.staff()[0].name, "张三");
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
