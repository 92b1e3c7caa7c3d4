//! Exporting a dataset document to CSV files and a workbook that the readers read back.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::schema::{Kind, RecordKind};
use crate::write::{csv_safe, encode, header_format, Encoding};
use crate::TabularError;

/// Which header names the exporters write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Headers {
    /// The Chinese names of the mapping table (单位编码, 行政编制数 …); 是/否 for booleans.
    #[default]
    Chinese,
    /// The English dotted field paths (`id`, `quotas.administrative` …); true/false.
    English,
}

/// One exported cell.
#[derive(Debug, Clone, PartialEq)]
enum Out {
    Empty,
    Text(String),
    Number(f64, String),
    Bool(bool),
}

/// A table to export: the header row and the data rows.
struct Sheet {
    kind: RecordKind,
    header: Vec<String>,
    rows: Vec<Vec<Out>>,
}

const NESTED: [&str; 5] = [
    "quotas",
    "leadership",
    "post_structure",
    "secondment",
    "caps",
];

fn list_text(items: &[Value]) -> String {
    items
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Object(m) => {
                let unit = m.get("unit").map(scalar_text).unwrap_or_default();
                match m.get("leadership") {
                    Some(Value::Null) | None => unit,
                    Some(l) => format!("{unit}:{}", scalar_text(l)),
                }
            }
            other => scalar_text(other),
        })
        .collect::<Vec<_>>()
        .join("、")
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn out_of(v: &Value, headers: Headers) -> Out {
    match v {
        Value::Null => Out::Empty,
        Value::String(s) => Out::Text(s.clone()),
        Value::Number(n) => Out::Number(n.as_f64().unwrap_or(f64::NAN), n.to_string()),
        Value::Bool(b) if headers == Headers::Chinese => {
            Out::Text(if *b { "是" } else { "否" }.into())
        }
        Value::Bool(b) => Out::Bool(*b),
        Value::Array(items) => Out::Text(list_text(items)),
        Value::Object(_) => Out::Text(v.to_string()),
    }
}

fn flatten(rec: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Value::Object(m) = rec {
        for (k, v) in m {
            match v {
                Value::Object(inner) if NESTED.contains(&k.as_str()) => {
                    for (k2, v2) in inner {
                        out.push((format!("{k}.{k2}"), v2));
                    }
                }
                _ => out.push((k.clone(), v)),
            }
        }
    }
    out
}

fn header_name(kind: RecordKind, path: &str, headers: Headers) -> String {
    match headers {
        Headers::English => path.to_string(),
        Headers::Chinese => kind
            .fields()
            .iter()
            .find(|f| f.path == path)
            .map_or_else(|| path.to_string(), |f| f.zh.to_string()),
    }
}

fn sheets(doc: &Value, headers: Headers) -> Vec<Sheet> {
    let mut out = Vec::new();
    for kind in RecordKind::ALL {
        if kind == RecordKind::Settings {
            out.extend(settings_sheet(doc, headers));
            continue;
        }
        let records: &[Value] = doc
            .get(kind.array())
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let is_core = matches!(kind, RecordKind::Units | RecordKind::Staff);
        if records.is_empty() && !is_core {
            continue;
        }
        let flat: Vec<Vec<(String, &Value)>> = records.iter().map(flatten).collect();
        // Columns: the mapping table's order, then other paths in order of appearance.
        let mut paths: Vec<String> = Vec::new();
        for f in kind.fields() {
            let wanted = f.kind != Kind::DateRange
                && (f.required || flat.iter().any(|r| r.iter().any(|(p, _)| p == f.path)));
            if wanted {
                paths.push(f.path.to_string());
            }
        }
        for r in &flat {
            for (p, _) in r {
                if !paths.contains(p) {
                    paths.push(p.clone());
                }
            }
        }
        let rows = flat
            .iter()
            .map(|r| {
                paths
                    .iter()
                    .map(|p| {
                        r.iter()
                            .find(|(q, _)| q == p)
                            .map_or(Out::Empty, |(_, v)| out_of(v, headers))
                    })
                    .collect()
            })
            .collect();
        out.push(Sheet {
            kind,
            header: paths
                .iter()
                .map(|p| header_name(kind, p, headers))
                .collect(),
            rows,
        });
    }
    out
}

fn settings_sheet(doc: &Value, headers: Headers) -> Option<Sheet> {
    let mut rows = Vec::new();
    let key = |path: &str| match headers {
        Headers::English => path.to_string(),
        Headers::Chinese => header_name(RecordKind::Settings, path, headers),
    };
    if let Some(v) = doc.get("as_of").filter(|v| !v.is_null()) {
        rows.push(vec![Out::Text(key("as_of")), out_of(v, headers)]);
    }
    if let Some(Value::Object(s)) = doc.get("settings") {
        for (k, v) in s {
            match (k.as_str(), v) {
                ("allowed_categories", Value::Object(m)) => {
                    for (kind, list) in m {
                        rows.push(vec![
                            Out::Text(format!("allowed_categories.{kind}")),
                            out_of(list, headers),
                        ]);
                    }
                }
                // Nested settings, one row per value: `settings.secondment_caps.max_count`;
                // free map keys without the `settings.` prefix, as `allowed_categories.`
                // (`professional_share.by_tag.后勤社会化`).
                ("professional_share" | "secondment_caps", Value::Object(m)) => {
                    for (k2, v2) in m {
                        match v2 {
                            Value::Object(inner) => {
                                for (k3, v3) in inner {
                                    rows.push(vec![
                                        Out::Text(format!("{k}.{k2}.{k3}")),
                                        out_of(v3, headers),
                                    ]);
                                }
                            }
                            _ => rows.push(vec![
                                Out::Text(key(&format!("settings.{k}.{k2}"))),
                                out_of(v2, headers),
                            ]),
                        }
                    }
                }
                _ => rows.push(vec![
                    Out::Text(key(&format!("settings.{k}"))),
                    out_of(v, headers),
                ]),
            }
        }
    }
    (!rows.is_empty()).then(|| Sheet {
        kind: RecordKind::Settings,
        header: match headers {
            Headers::Chinese => vec!["项目".into(), "值".into()],
            Headers::English => vec!["key".into(), "value".into()],
        },
        rows,
    })
}

/// Exports a dataset document (as JSON value, e.g. `serde_json::to_value(&doc)`) as one
/// CSV file per record kind: `(file name, bytes)`, file names being the Chinese sheet names
/// (`单位.csv` …) or the English array names.
///
/// ```
/// use bianzhi_tabular::{read_csv_sources, write_document_csv, Encoding, Headers};
/// let doc = serde_json::json!({
///   "units": [{"id": "U1", "name": "某县农业农村局", "kind": "organ", "quotas": {"administrative": 1}}],
///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative"}]});
/// let files = write_document_csv(&doc, Headers::Chinese, Encoding::Gbk);
/// let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
/// let out = read_csv_sources(&files, &Default::default()).unwrap();
/// assert_eq!(out.dataset.units()[0].name, "某县农业农村局");
/// ```
pub fn write_document_csv(
    doc: &Value,
    headers: Headers,
    encoding: Encoding,
) -> Vec<(String, Vec<u8>)> {
    sheets(doc, headers)
        .into_iter()
        .map(|s| {
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(Vec::new());
            let _ = w.write_record(&s.header);
            for r in &s.rows {
                let _ = w.write_record(r.iter().map(|c| match c {
                    Out::Empty => String::new(),
                    // Ids and names are data from anywhere: never a formula when opened.
                    Out::Text(t) => csv_safe(t).into_owned(),
                    Out::Number(_, t) => t.clone(),
                    Out::Bool(b) => b.to_string(),
                }));
            }
            let text = w
                .into_inner()
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            let name = match headers {
                Headers::Chinese => s.kind.zh(),
                Headers::English => s.kind.array(),
            };
            (format!("{name}.csv"), encode(&text, encoding))
        })
        .collect()
}

/// Exports a dataset document as a workbook with one sheet per record kind (Chinese sheet
/// names), readable by [`crate::read_workbook_bytes`].
///
/// ```
/// use bianzhi_tabular::{read_workbook_bytes, write_document_xlsx, Headers};
/// let doc = serde_json::json!({
///   "units": [{"id": "U1", "name": "某县农业农村局", "kind": "organ"}], "staff": []});
/// let bytes = write_document_xlsx(&doc, Headers::Chinese).unwrap();
/// let out = read_workbook_bytes("x.xlsx", &bytes, &Default::default()).unwrap();
/// assert_eq!(out.dataset.units().len(), 1);
/// ```
///
/// # Errors
/// [`TabularError::Xlsx`] if the workbook cannot be assembled.
pub fn write_document_xlsx(doc: &Value, headers: Headers) -> Result<Vec<u8>, TabularError> {
    let xe = |e: rust_xlsxwriter::XlsxError| TabularError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let bold = header_format();
    let text_fmt = Format::new().set_num_format("@");
    for s in sheets(doc, headers) {
        let ws = wb.add_worksheet();
        ws.set_name(s.kind.zh()).map_err(xe)?;
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(xe)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Out::Empty => {}
                    Out::Text(t) => {
                        ws.write_string_with_format(r, c, t, &text_fmt)
                            .map_err(xe)?;
                    }
                    Out::Number(f, t) => {
                        if f.is_finite() && f.abs() < 1e15 {
                            ws.write_number(r, c, *f).map_err(xe)?;
                        } else {
                            ws.write_string(r, c, t).map_err(xe)?;
                        }
                    }
                    Out::Bool(b) => {
                        ws.write_boolean(r, c, *b).map_err(xe)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().map_err(xe)
}
