//! Report writers (CSV, `.xlsx`) and the empty template workbook.

use std::collections::BTreeMap;
use std::path::Path;

use bianzhi::{Dataset, Report, Violation};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::schema::RecordKind;
use crate::TabularError;

/// Text encoding of CSV output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte-order mark, so that Excel opens it with the right characters.
    #[default]
    Utf8Bom,
    /// GBK for Chinese Windows tools: written with the GB18030 encoder, whose bytes equal
    /// GBK's for every GBK character (and which cannot lose any other character).
    Gbk,
}

pub(crate) fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    match enc {
        Encoding::Utf8Bom => {
            let mut v = Vec::with_capacity(text.len() + 3);
            v.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            v.extend_from_slice(text.as_bytes());
            v
        }
        Encoding::Gbk => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
}

const FINDING_HEADERS: [&str; 15] = [
    "代码",
    "问题类型",
    "严重程度",
    "单位编码",
    "人员",
    "岗位",
    "职责",
    "编制类型",
    "领导职务",
    "核定/应为",
    "实际",
    "表",
    "序号",
    "字段",
    "说明",
];

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn finding_cells(v: &Violation) -> [String; 15] {
    [
        v.code.as_str().to_string(),
        v.code.zh().to_string(),
        v.severity.zh().to_string(),
        opt(&v.unit),
        opt(&v.staff),
        opt(&v.post),
        opt(&v.duty),
        v.category
            .as_deref()
            .map(|c| {
                c.parse::<bianzhi::Category>()
                    .map_or_else(|n| match n {}, |c| c.zh().to_string())
            })
            .unwrap_or_default(),
        v.level.map(|l| l.zh().to_string()).unwrap_or_default(),
        v.expected.map(|n| n.to_string()).unwrap_or_default(),
        v.actual.map(|n| n.to_string()).unwrap_or_default(),
        opt(&v.array),
        v.index.map(|i| (i + 1).to_string()).unwrap_or_default(),
        opt(&v.field),
        v.message.clone(),
    ]
}

/// The findings of a report as CSV, one row per finding, with Chinese headers
/// (代码, 问题类型, 严重程度, 单位编码, 人员, 岗位, 职责, 编制类型, 领导职务, 核定/应为, 实际, 表,
/// 序号, 字段, 说明). 序号 is the record's 1-based position in its table.
///
/// ```
/// use bianzhi_tabular::{write_report_csv, Encoding};
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let bytes = write_report_csv(&report, Encoding::Utf8Bom);
/// assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
/// assert!(String::from_utf8_lossy(&bytes).contains("问题类型"));
/// ```
pub fn write_report_csv(report: &Report, encoding: Encoding) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(FINDING_HEADERS);
    for v in &report.violations {
        let _ = w.write_record(finding_cells(v));
    }
    let text = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    encode(&text, encoding)
}

fn xe(e: XlsxError) -> TabularError {
    TabularError::Xlsx(e.to_string())
}

/// Writes a row from column 0; the columns in `numeric` are written as numbers when they
/// parse (so that Excel sums them), everything else as text (ids stay text).
fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String],
    fmt: Option<&Format>,
    numeric: &[usize],
) -> Result<(), TabularError> {
    for (c, t) in cells.iter().enumerate() {
        let as_num = if numeric.contains(&c) {
            t.parse::<f64>().ok().filter(|f| f.is_finite())
        } else {
            None
        };
        let c = c as u16;
        match (as_num, fmt) {
            (Some(n), Some(f)) => ws.write_number_with_format(row, c, n, f),
            (Some(n), None) => ws.write_number(row, c, n),
            (None, Some(f)) => ws.write_string_with_format(row, c, t, f),
            (None, None) => ws.write_string(row, c, t),
        }
        .map_err(xe)?;
    }
    Ok(())
}

fn strings<const N: usize>(a: [&str; N]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

/// The report as an `.xlsx` workbook:
/// - 汇总: evaluation date, record counts, then findings per code (代码, 问题类型, 严重程度, 数量);
/// - 编制使用情况: occupancy per pool and category with unit names, 超编 rows highlighted;
/// - 领导职数: leadership positions per pool and level, over-quota rows highlighted;
/// - 问题清单: every finding (the CSV columns plus 单位名称), autofilter, frozen header.
///
/// ```
/// let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// let report = bianzhi::validate(&ds, &Default::default());
/// let bytes = bianzhi_tabular::write_report_xlsx(&report, &ds).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn write_report_xlsx(report: &Report, dataset: &Dataset) -> Result<Vec<u8>, TabularError> {
    let names: BTreeMap<&str, &str> = dataset
        .units()
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_str()))
        .collect();
    let name_of = |id: &str| names.get(id).copied().unwrap_or("").to_string();
    let head = header_format();
    let red = Format::new()
        .set_background_color(Color::RGB(0xFFC7CE))
        .set_font_color(Color::RGB(0x9C0006));

    let mut wb = Workbook::new();

    // 汇总
    let ws = wb.add_worksheet();
    ws.set_name("汇总").map_err(xe)?;
    let s = &report.summary;
    let facts = [
        ("评估日期", report.as_of.to_string()),
        ("单位数", s.units.to_string()),
        ("岗位数", s.posts.to_string()),
        ("人员数", s.staff.to_string()),
        ("错误", s.errors.to_string()),
        ("警告", s.warnings.to_string()),
        ("提示", s.infos.to_string()),
    ];
    for (r, (k, v)) in facts.iter().enumerate() {
        write_row(ws, r as u32, &[k.to_string(), v.clone()], None, &[1])?;
        ws.write_string_with_format(r as u32, 0, *k, &head)
            .map_err(xe)?;
    }
    let top = facts.len() as u32 + 1;
    write_row(
        ws,
        top,
        &strings(["代码", "问题类型", "严重程度", "数量"]),
        Some(&head),
        &[],
    )?;
    for (i, (code, n)) in report.counts_by_code().iter().enumerate() {
        write_row(
            ws,
            top + 1 + i as u32,
            &[
                code.as_str().to_string(),
                code.zh().to_string(),
                code.severity().zh().to_string(),
                n.to_string(),
            ],
            None,
            &[3],
        )?;
    }
    ws.set_column_width(0, 28).map_err(xe)?;
    ws.set_column_width(1, 30).map_err(xe)?;

    // 编制使用情况
    let ws = wb.add_worksheet();
    ws.set_name("编制使用情况").map_err(xe)?;
    write_row(
        ws,
        0,
        &strings([
            "单位编码",
            "单位名称",
            "编制类型",
            "核定",
            "实有",
            "空编",
            "超编",
        ]),
        Some(&head),
        &[],
    )?;
    for (i, o) in report.occupancy.iter().enumerate() {
        let cat = o
            .category
            .parse::<bianzhi::Category>()
            .map_or_else(|n| match n {}, |c| c.zh().to_string());
        let cells = [
            o.unit.clone(),
            name_of(&o.unit),
            cat,
            // Unknown quotas (QUOTA_UNKNOWN) are not zero: said, not computed.
            o.approved
                .map_or_else(|| "未核定".into(), |a| a.to_string()),
            o.occupied.to_string(),
            o.vacant.map(|n| n.to_string()).unwrap_or_default(),
            o.over.map(|n| n.to_string()).unwrap_or_default(),
        ];
        write_row(
            ws,
            i as u32 + 1,
            &cells,
            o.over.is_some_and(|n| n > 0).then_some(&red),
            &[3, 4, 5, 6],
        )?;
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    ws.set_column_width(1, 30).map_err(xe)?;

    // 领导职数
    let ws = wb.add_worksheet();
    ws.set_name("领导职数").map_err(xe)?;
    write_row(
        ws,
        0,
        &strings(["单位编码", "单位名称", "领导职务", "核定职数", "实配"]),
        Some(&head),
        &[],
    )?;
    for (i, l) in report.leadership.iter().enumerate() {
        let cells = [
            l.unit.clone(),
            name_of(&l.unit),
            l.level.zh().to_string(),
            l.approved.to_string(),
            l.actual.to_string(),
        ];
        write_row(
            ws,
            i as u32 + 1,
            &cells,
            (l.actual > l.approved).then_some(&red),
            &[3, 4],
        )?;
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    ws.set_column_width(1, 30).map_err(xe)?;

    // 问题清单
    let ws = wb.add_worksheet();
    ws.set_name("问题清单").map_err(xe)?;
    let mut header: Vec<String> = strings(FINDING_HEADERS);
    header.insert(4, "单位名称".into());
    write_row(ws, 0, &header, Some(&head), &[])?;
    for (i, v) in report.violations.iter().enumerate() {
        let mut cells: Vec<String> = finding_cells(v).to_vec();
        cells.insert(4, v.unit.as_deref().map(name_of).unwrap_or_default());
        write_row(ws, i as u32 + 1, &cells, None, &[10, 11, 13])?;
    }
    let last = report.violations.len() as u32;
    ws.autofilter(0, 0, last, header.len() as u16 - 1)
        .map_err(xe)?;
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    ws.set_column_width(0, 26).map_err(xe)?;
    ws.set_column_width(1, 20).map_err(xe)?;
    ws.set_column_width(4, 24).map_err(xe)?;
    ws.set_column_width(header.len() as u16 - 1, 80)
        .map_err(xe)?;

    wb.save_to_buffer().map_err(xe)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), TabularError> {
    std::fs::write(path, bytes).map_err(|e| TabularError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes a report to `path`, by extension: `.xlsx` → [`write_report_xlsx`], `.csv` →
/// [`write_report_csv`] (UTF-8 with BOM), `.json` → the report JSON of `interface.md` §2.
///
/// ```no_run
/// # let ds = bianzhi::Dataset::from_json(r#"{"units": [], "staff": []}"#).unwrap();
/// # let report = bianzhi::validate(&ds, &Default::default());
/// bianzhi_tabular::write_report("报告.xlsx".as_ref(), &report, &ds)?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// [`TabularError::Write`] when the file cannot be written or the extension is unknown.
pub fn write_report(path: &Path, report: &Report, dataset: &Dataset) -> Result<(), TabularError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let bytes = match ext.as_str() {
        "xlsx" => write_report_xlsx(report, dataset)?,
        "csv" => write_report_csv(report, Encoding::Utf8Bom),
        "json" => {
            let mut s = serde_json::to_string_pretty(report)
                .map_err(|e| TabularError::Internal(e.to_string()))?;
            s.push('\n');
            s.into_bytes()
        }
        _ => {
            return Err(TabularError::Write {
                path: path.to_path_buf(),
                message: "unknown report type (expected .xlsx, .csv or .json)".into(),
            })
        }
    };
    write_file(path, &bytes)
}

/// The empty template workbook: sheets 单位, 岗位, 人员, 职责 with the Chinese headers
/// (required ones marked in the 说明 sheet), a 设置 sheet (项目/值), and a 说明 sheet
/// listing every column with its English field, type, and allowed values.
///
/// ```
/// let bytes = bianzhi_tabular::template_bytes().unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn template_bytes() -> Result<Vec<u8>, TabularError> {
    let head = header_format();
    let req = header_format().set_font_color(Color::RGB(0xC00000));
    let text = Format::new().set_num_format("@");
    let mut wb = Workbook::new();
    let kinds = [
        RecordKind::Units,
        RecordKind::Posts,
        RecordKind::Staff,
        RecordKind::Duties,
    ];
    for kind in kinds {
        let ws = wb.add_worksheet();
        ws.set_name(kind.zh()).map_err(xe)?;
        for (c, f) in kind
            .fields()
            .iter()
            .filter(|f| f.path != "secondment")
            .enumerate()
        {
            let c = c as u16;
            let fmt = if f.required { &req } else { &head };
            ws.write_string_with_format(0, c, f.zh, fmt).map_err(xe)?;
            ws.set_column_width(c, (f.zh.chars().count() as f64 * 2.2).max(10.0))
                .map_err(xe)?;
            // Text columns stay text when users type digits (身份证号, 编码).
            if matches!(
                f.kind,
                crate::schema::Kind::Id | crate::schema::Kind::IdNumber | crate::schema::Kind::Text
            ) {
                ws.set_column_format(c, &text).map_err(xe)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xe)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("设置").map_err(xe)?;
    write_row(ws, 0, &strings(["项目", "值"]), Some(&head), &[])?;
    ws.set_column_width(0, 20).map_err(xe)?;

    let ws = wb.add_worksheet();
    ws.set_name("说明").map_err(xe)?;
    write_row(
        ws,
        0,
        &strings(["工作表", "列名", "英文字段", "必填", "类型", "允许值/说明"]),
        Some(&head),
        &[],
    )?;
    let mut r = 1;
    for kind in kinds.into_iter().chain([RecordKind::Settings]) {
        for f in kind.fields() {
            let cells = [
                kind.zh().to_string(),
                f.zh.to_string(),
                f.path.to_string(),
                if f.required { "是" } else { "" }.to_string(),
                f.kind.describe_zh().to_string(),
                f.note.to_string(),
            ];
            write_row(ws, r, &cells, None, &[])?;
            r += 1;
        }
    }
    for (w, col) in [
        (8.0, 0),
        (18.0, 1),
        (30.0, 2),
        (6.0, 3),
        (40.0, 4),
        (60.0, 5),
    ] {
        ws.set_column_width(col, w).map_err(xe)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xe)?;
    wb.save_to_buffer().map_err(xe)
}

/// Writes [`template_bytes`] to `path`.
///
/// ```no_run
/// bianzhi_tabular::write_template("模板.xlsx".as_ref())?;
/// # Ok::<(), bianzhi_tabular::TabularError>(())
/// ```
///
/// # Errors
/// [`TabularError::Write`] when the file cannot be written.
pub fn write_template(path: &Path) -> Result<(), TabularError> {
    write_file(path, &template_bytes()?)
}
