//! Ledger events from tables (CSV or a worksheet named 事项/events): one event per row,
//! English or Chinese headers, `person.*` (or plain roster headers such as 姓名, 身份证号)
//! for the person of an enrolment; and ledger documents from a workbook whose roster sheets
//! are the opening and whose 事项 sheet holds the events.

use std::io::Cursor;
use std::path::Path;

use bianzhi::ledger::{read_event, EventRow, Ledger};
use calamine::{Reader, Sheets};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::{Map, Value};

use crate::cell::{to_value, Cell};
use crate::schema::{normalize_header, Kind, RecordKind};
use crate::table::Table;
use crate::{ReadOptions, TabularError};

/// Names of the events sheet (and CSV file stems).
pub const EVENT_SHEETS: [&str; 3] = ["事项", "events", "台账事项"];

/// Events read from a table, and the warnings about its columns.
pub type EventsRead = (Vec<EventRow>, Vec<String>);

/// One column of the events table: English field, Chinese header, aliases, type, note.
#[derive(Debug, Clone, Copy)]
pub struct EventColumn {
    /// English field of the event record.
    pub path: &'static str,
    /// Chinese header written by the template.
    pub zh: &'static str,
    /// Other accepted headers.
    pub aliases: &'static [&'static str],
    /// Value type.
    pub kind: Kind,
    /// What the column holds (Chinese, for the template's 说明).
    pub note: &'static str,
}

const fn col(
    path: &'static str,
    zh: &'static str,
    aliases: &'static [&'static str],
    kind: Kind,
    note: &'static str,
) -> EventColumn {
    EventColumn {
        path,
        zh,
        aliases,
        kind,
        note,
    }
}

/// The columns of the events table, in template order.
pub const EVENT_COLUMNS: &[EventColumn] = &[
    col("id", "事项编号", &["编号", "序号"], Kind::Id, "唯一；用编核准的编号即其事项编号"),
    col("date", "日期", &["事项日期", "生效日期", "批准日期"], Kind::Date, "生效日期"),
    col(
        "type",
        "事项类型",
        &["类型", "事项"],
        Kind::Enum,
        "核增、核减/收回、调剂、用编核准、撤销用编、入编/落编、出编/减员（或直接写退休、调出、辞职、辞退、死亡、分流）、调动、借调、借调结束、任职、免职",
    ),
    col("unit", "单位", &["单位编码", "申请单位", "调出单位"], Kind::Id, "申请、核增核减或调剂调出的单位"),
    col("to_unit", "调入单位", &["目标单位", "调往单位"], Kind::Id, "调剂调入或调动去往的单位"),
    col("category", "编制类型", &[], Kind::Enum, "行政、政法专项、事业、工勤或自定义类型"),
    col("count", "数量", &["编制数", "名额", "用编数"], Kind::Count, "编制名额，不小于1"),
    col("expires", "有效期至", &["截止日期", "失效日期"], Kind::Date, "用编核准最后有效日"),
    col("doc", "文号", &["批准文号"], Kind::Text, "批准文件"),
    col("reservation", "用编核准编号", &["用编编号", "核准编号"], Kind::Id, "入编所用或撤销的用编核准"),
    col("staff", "人员编码", &["人员编号"], Kind::Id, "出编、调动、借调、任免的人员"),
    col(
        "reason",
        "出编原因",
        &["原因", "减员原因"],
        Kind::Enum,
        "退休、调出、辞职、辞退/开除、死亡、分流",
    ),
    col("working_unit", "借调单位", &["工作单位"], Kind::Id, "借调去往的单位"),
    col("end", "借调截止", &["结束日期"], Kind::Date, "借调最后一日"),
    col("leadership", "领导职务", &["职务"], Kind::Enum, "正职、副职、内设机构正职、内设机构副职"),
    col("note", "备注", &[], Kind::Text, ""),
];

/// Person columns written by the template for enrolments (roster headers, `person.*`).
const PERSON_TEMPLATE: &[&str] = &["姓名", "身份证号", "性别", "出生日期"];

/// What a header names: an event field, a person field, or nothing.
enum Target {
    Event(&'static str, Kind),
    Person(String, Kind),
}

fn target(header: &str) -> Option<Target> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    let lower = h.to_ascii_lowercase();
    for c in EVENT_COLUMNS {
        if c.path == lower || c.zh == h || c.aliases.contains(&h.as_str()) {
            return Some(Target::Event(c.path, c.kind));
        }
    }
    let person = ["person.", "人员.", "入编人员."]
        .iter()
        .find_map(|p| h.strip_prefix(p).or_else(|| lower.strip_prefix(p)));
    let sub = person.unwrap_or(&h);
    let f = RecordKind::Staff.field(sub)?;
    // Roster fields that are event fields too (所在单位, 编制类型) are the event's.
    if person.is_none() && matches!(f.path.as_str(), "id" | "unit" | "establishment") {
        return None;
    }
    Some(Target::Person(f.path, f.kind))
}

fn is_header(row: &[Cell]) -> bool {
    row.iter()
        .filter(|c| !c.is_empty() && matches!(target(&c.text()), Some(Target::Event(..))))
        .count()
        >= 2
}

fn set_path(m: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            m.insert(path.to_string(), v);
        }
        Some((head, rest)) => {
            let e = m
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = e {
                set_path(inner, rest, v);
            }
        }
    }
}

/// The events of one table. Each data row becomes an event record (rows that cannot be
/// read are that event's `INVALID_EVENT`); unknown columns are returned as warnings.
fn table_events(t: &Table) -> Result<EventsRead, TabularError> {
    let Some(h) = t.rows.iter().position(|r| is_header(r)) else {
        return Err(TabularError::NoEvents {
            file: t.source.clone(),
        });
    };
    let headers: Vec<Option<Target>> = t.rows[h].iter().map(|c| target(&c.text())).collect();
    let mut warnings = Vec::new();
    for (c, cell) in t.rows[h].iter().enumerate() {
        if !cell.is_empty() && headers[c].is_none() {
            warnings.push(format!(
                "{}: column “{}” is not an event column; ignored",
                t.source,
                cell.text()
            ));
        }
    }
    let mut out = Vec::new();
    for (r, row) in t.rows.iter().enumerate().skip(h + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let mut m = Map::new();
        for (c, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match headers.get(c).and_then(Option::as_ref) {
                Some(Target::Event(path, kind)) => {
                    set_path(&mut m, path, to_value(cell, *kind));
                }
                Some(Target::Person(path, kind)) => {
                    let person = m
                        .entry("person")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Value::Object(p) = person {
                        set_path(p, path, to_value(cell, *kind));
                    }
                }
                None => {}
            }
        }
        // A person record needs its own id: the event's staff column gives it.
        if let (Some(Value::Object(p)), Some(s)) =
            (m.get("person").cloned(), m.get("staff").cloned())
        {
            if !p.contains_key("id") {
                let mut p = p;
                p.insert("id".into(), s);
                m.insert("person".into(), Value::Object(p));
                m.remove("staff");
            }
        }
        let mut ev = read_event(out.len(), &Value::Object(m));
        ev.place = format!("{}:{}", t.source, t.first_row + r);
        out.push(ev);
    }
    Ok((out, warnings))
}

/// Events from CSV bytes (UTF-8, UTF-16 or GBK, as the roster readers).
///
/// ```
/// let csv = "事项编号,日期,事项类型,单位,编制类型,数量\nE1,2026-01-10,用编核准,U5,事业,2\nE2,2026/1/17,用编核准,U5,事业,两名\n";
/// let (events, warnings) = bianzhi_tabular::read_events_csv("事项.csv", csv.as_bytes()).unwrap();
/// assert!(events[0].event.is_ok() && warnings.is_empty());
/// let bad = events[1].event.as_ref().unwrap_err();
/// assert_eq!(bad.field.as_deref(), Some("count"));
/// assert_eq!(events[1].place, "事项.csv:3");
/// ```
///
/// # Errors
/// [`TabularError`] when the text cannot be decoded or parsed, or has no header row.
pub fn read_events_csv(name: &str, bytes: &[u8]) -> Result<EventsRead, TabularError> {
    let (text, _) = crate::read::decode_text(bytes).ok_or_else(|| TabularError::Encoding {
        file: name.to_string(),
    })?;
    let mut warnings = Vec::new();
    let table = crate::read::csv_table(name, &text, &mut warnings)?;
    let (rows, more) = table_events(&table)?;
    warnings.extend(more);
    Ok((rows, warnings))
}

fn sheet_table<RS: std::io::Read + std::io::Seek>(
    name: &str,
    wb: &mut Sheets<RS>,
    sheet: &str,
) -> Result<Table, TabularError> {
    let range = wb.worksheet_range(sheet).map_err(|e| TabularError::Sheet {
        file: name.to_string(),
        sheet: sheet.to_string(),
        message: e.to_string(),
    })?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    Ok(Table {
        source: format!("{name}!{sheet}"),
        rows: range
            .rows()
            .map(|r| r.iter().map(Cell::from_calamine).collect())
            .collect(),
        first_row: r0 as usize + 1,
        first_col: c0 as usize,
    })
}

/// Whether a sheet name is an events sheet.
pub fn is_event_sheet(s: &str) -> bool {
    EVENT_SHEETS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(s.trim()))
}

/// Events from a workbook: the sheet named 事项 (or `events`), else the only sheet.
/// `Ok(None)` when the workbook has several sheets and none of them is an events sheet.
///
/// # Errors
/// [`TabularError`] when the workbook or the sheet cannot be read, or has no header row.
pub fn read_events_workbook(name: &str, bytes: &[u8]) -> Result<Option<EventsRead>, TabularError> {
    crate::guard::check_workbook(name, Cursor::new(bytes), bytes.len() as u64)?;
    crate::guard::calamine_guarded(name, || events_workbook(name, bytes))
}

fn events_workbook(name: &str, bytes: &[u8]) -> Result<Option<EventsRead>, TabularError> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        TabularError::Workbook {
            file: name.to_string(),
            message: e.to_string(),
        }
    })?;
    let names = wb.sheet_names();
    let sheet = names
        .iter()
        .find(|s| is_event_sheet(s))
        .or(if names.len() == 1 {
            names.first()
        } else {
            None
        })
        .cloned();
    match sheet {
        None => Ok(None),
        Some(s) => table_events(&sheet_table(name, &mut wb, &s)?).map(Some),
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, TabularError> {
    std::fs::read(path).map_err(|e| TabularError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn ext(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Events from a file: CSV, a workbook (sheet 事项), or JSON (an array of events, or a
/// document with `events`).
///
/// # Errors
/// [`TabularError`] when the file cannot be read or holds no events table.
pub fn read_events_path(path: &Path) -> Result<EventsRead, TabularError> {
    let name = path.display().to_string();
    let bytes = read_bytes(path)?;
    match ext(path).as_str() {
        "csv" | "tsv" | "txt" => read_events_csv(&name, &bytes),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            read_events_workbook(&name, &bytes)?.ok_or(TabularError::NoEvents { file: name })
        }
        "json" => {
            let v: Value = serde_json::from_slice(&bytes).map_err(|e| TabularError::Json {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            let arr = match v {
                Value::Array(a) => a,
                Value::Object(mut m) => match m.remove("events") {
                    Some(Value::Array(a)) => a,
                    _ => {
                        return Err(TabularError::Json {
                            path: path.to_path_buf(),
                            message: "expected an array of events or an object with `events`"
                                .into(),
                        })
                    }
                },
                _ => {
                    return Err(TabularError::Json {
                        path: path.to_path_buf(),
                        message: "expected an array of events".into(),
                    })
                }
            };
            Ok((
                arr.iter()
                    .enumerate()
                    .map(|(i, e)| read_event(i, e))
                    .collect(),
                Vec::new(),
            ))
        }
        _ => Err(TabularError::UnknownExtension(path.to_path_buf())),
    }
}

/// A ledger from a file: a JSON ledger document, or a workbook whose roster sheets (单位,
/// 人员 …) are the opening and whose 事项 sheet holds the events. Returns the warnings of the
/// readers.
///
/// # Errors
/// [`TabularError`] when the file cannot be read; a JSON document that is not a ledger is
/// [`TabularError::Json`] with the core's message.
pub fn read_ledger_path(path: &Path) -> Result<(Ledger, Vec<String>), TabularError> {
    let name = path.display().to_string();
    match ext(path).as_str() {
        "json" => {
            let bytes = read_bytes(path)?;
            let text = std::str::from_utf8(&bytes).map_err(|e| TabularError::Json {
                path: path.to_path_buf(),
                message: format!("not UTF-8 (byte {})", e.valid_up_to()),
            })?;
            let l = Ledger::from_json(text).map_err(|e| TabularError::Json {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            Ok((l, Vec::new()))
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            let bytes = read_bytes(path)?;
            let out = crate::read_workbook_bytes(&name, &bytes, &ReadOptions::default())?;
            let mut warnings = out.warnings;
            let (events, mut w) = read_events_workbook(&name, &bytes)?.unwrap_or_default();
            warnings.append(&mut w);
            Ok((Ledger::new(out.dataset, events), warnings))
        }
        _ => Err(TabularError::UnknownExtension(path.to_path_buf())),
    }
}

/// Adds the 事项 (events) sheet to a workbook: the Chinese headers of [`EVENT_COLUMNS`]
/// followed by the person columns of an enrolment, with a note row explaining each column.
///
/// # Errors
/// rust_xlsxwriter's error when the sheet cannot be added.
pub fn add_events_sheet(wb: &mut Workbook) -> Result<(), XlsxError> {
    let head = crate::write::header_format();
    let text = Format::new().set_num_format("@");
    let ws = wb.add_worksheet();
    ws.set_name("事项")?;
    let mut c: u16 = 0;
    for col in EVENT_COLUMNS {
        ws.write_string_with_format(0, c, col.zh, &head)?;
        ws.set_column_width(c, (col.zh.chars().count() as f64 * 2.2).max(10.0))?;
        if matches!(col.kind, Kind::Id | Kind::Text) {
            ws.set_column_format(c, &text)?;
        }
        c += 1;
    }
    for p in PERSON_TEMPLATE {
        ws.write_string_with_format(0, c, format!("人员.{p}"), &head)?;
        ws.set_column_width(c, 14.0)?;
        if *p == "身份证号" || *p == "姓名" {
            ws.set_column_format(c, &text)?;
        }
        c += 1;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Headers that name the 身份证号 column of a people list.
const ID_NUMBER_HEADERS: [&str; 5] = [
    "id_number",
    "身份证号",
    "身份证号码",
    "公民身份号码",
    "证件号码",
];

fn people_from_table(t: &Table) -> Result<Vec<bianzhi::ledger::PersonRecord>, TabularError> {
    let is_id = |c: &Cell| {
        let h = normalize_header(&c.text());
        ID_NUMBER_HEADERS.iter().any(|x| x.eq_ignore_ascii_case(&h))
    };
    let Some(h) = t.rows.iter().position(|r| r.iter().any(is_id)) else {
        return Err(TabularError::NoHeader {
            file: t.source.clone(),
            kind: RecordKind::Staff,
        });
    };
    let headers: Vec<(String, bool)> = t.rows[h]
        .iter()
        .map(|c| (normalize_header(&c.text()), is_id(c)))
        .collect();
    let mut list = Vec::new();
    for row in t.rows.iter().skip(h + 1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let mut m = Map::new();
        for (c, cell) in row.iter().enumerate() {
            let Some((name, id)) = headers.get(c) else {
                continue;
            };
            if name.is_empty() || cell.is_empty() {
                continue;
            }
            let v = if *id {
                to_value(cell, Kind::IdNumber)
            } else {
                Value::String(cell.text())
            };
            m.insert(
                if *id {
                    "id_number".into()
                } else {
                    name.clone()
                },
                v,
            );
        }
        list.push(Value::Object(m));
    }
    bianzhi::ledger::PersonRecord::list_from_value(&Value::Array(list))
        .map_err(|e| TabularError::Internal(format!("{}{e}", t.source)))
}

/// A people list (registry or payroll): a JSON array of objects (or `{"people": [...]}`),
/// a CSV file, or a workbook's first sheet, with a 身份证号 column and optionally 姓名, 单位
/// and 编号; other columns are ignored.
///
/// # Errors
/// [`TabularError`] when the file cannot be read, has no 身份证号 column, or a 身份证号 is
/// stored as a number.
pub fn read_people_path(path: &Path) -> Result<Vec<bianzhi::ledger::PersonRecord>, TabularError> {
    let name = path.display().to_string();
    let bytes = read_bytes(path)?;
    match ext(path).as_str() {
        "json" => {
            let v: Value = serde_json::from_slice(&bytes).map_err(|e| TabularError::Json {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            let v = match v {
                Value::Object(mut m) if m.contains_key("people") => {
                    m.remove("people").unwrap_or_default()
                }
                v => v,
            };
            bianzhi::ledger::PersonRecord::list_from_value(&v).map_err(|message| {
                TabularError::Json {
                    path: path.to_path_buf(),
                    message,
                }
            })
        }
        "csv" | "tsv" | "txt" => {
            let (text, _) = crate::read::decode_text(&bytes)
                .ok_or_else(|| TabularError::Encoding { file: name.clone() })?;
            // Structural CSV problems are errors here: a people list has no report to carry
            // warnings, and a half-read list would lose people silently.
            let mut warnings = Vec::new();
            let table = crate::read::csv_table(&name, &text, &mut warnings)?;
            if let Some(w) = warnings.first() {
                return Err(TabularError::Csv {
                    file: name.clone(),
                    line: None,
                    message: w.clone(),
                });
            }
            people_from_table(&table)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => {
            crate::guard::check_workbook(&name, Cursor::new(&bytes[..]), bytes.len() as u64)?;
            crate::guard::calamine_guarded(&name, || {
                let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(&bytes[..]))
                    .map_err(|e| TabularError::Workbook {
                        file: name.clone(),
                        message: e.to_string(),
                    })?;
                let Some(first) = wb.sheet_names().first().cloned() else {
                    return Err(TabularError::NoTables { file: name.clone() });
                };
                people_from_table(&sheet_table(&name, &mut wb, &first)?)
            })
        }
        _ => Err(TabularError::UnknownExtension(path.to_path_buf())),
    }
}

/// One sheet of a plain results workbook: its name, headers and rows. Cells that read as
/// whole numbers are written as numbers.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Sheet name.
    pub name: String,
    /// Header row.
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// A sheet with its name and headers, no rows yet.
    pub fn new(name: impl Into<String>, headers: Vec<String>) -> Sheet {
        Sheet {
            name: name.into(),
            headers,
            rows: Vec::new(),
        }
    }
}

/// Writes sheets into an `.xlsx` workbook (the ledger, diff and reconcile reports).
///
/// # Errors
/// [`TabularError::Xlsx`] when the workbook cannot be assembled.
pub fn write_sheets_xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, TabularError> {
    let xe = |e: XlsxError| TabularError::Xlsx(e.to_string());
    let head = crate::write::header_format();
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).map_err(xe)?;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)
                .map_err(xe)?;
            ws.set_column_width(c as u16, (h.chars().count() as f64 * 2.2).max(10.0))
                .map_err(xe)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                // Ids such as 身份证号 stay text: only short digit strings become numbers.
                match v.parse::<i64>() {
                    Ok(n) if v.len() < 12 && !v.starts_with('0') || v == "0" => {
                        ws.write_number(r, c, n as f64).map_err(xe)?;
                    }
                    _ => {
                        ws.write_string(r, c, v).map_err(xe)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xe)?;
    }
    wb.save_to_buffer().map_err(xe)
}
