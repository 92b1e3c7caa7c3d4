//! Cells of any source and their conversion to the JSON values the core deserializes.

use chrono::NaiveDate;
use serde_json::{Map, Number, Value};

use crate::schema::Kind;

/// One cell as read from a CSV file, a worksheet or a DataFrame column.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Cell {
    /// Nothing (or only spaces).
    Empty,
    /// Text.
    Text(String),
    /// A whole number cell.
    Int(i64),
    /// A number cell.
    Float(f64),
    /// A boolean cell.
    Bool(bool),
    /// A date cell (Excel date format), already converted.
    Date(NaiveDate),
    /// A cell whose value cannot be used (`#N/A`, an out-of-range date …), as text.
    Error(String),
    /// A list of values (a DataFrame list column). Spreadsheets hold lists as text such as
    /// `U1、U2`; this is the same list already split.
    List(Vec<Cell>),
}

impl Cell {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            Cell::List(items) => items.iter().all(Cell::is_empty),
            _ => false,
        }
    }

    /// The cell as display text (headers, keys, messages).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::Error(s) => s.trim().to_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Float(f) => float_text(*f),
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::List(items) => items
                .iter()
                .filter(|c| !c.is_empty())
                .map(Cell::text)
                .collect::<Vec<_>>()
                .join("、"),
        }
    }

    /// Converts a calamine cell.
    pub(crate) fn from_calamine(d: &calamine::Data) -> Cell {
        Raw::of_data(d).to_cell()
    }
}

/// A worksheet value as the readers take it, its text borrowed from calamine: the one
/// conversion of calamine's values (worksheets of any format, ledger sheets).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Raw<'a> {
    /// Nothing, or only spaces.
    Empty,
    /// Text as read (not trimmed; never blank).
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    /// An Excel error (`#N/A`), as text.
    Error(String),
}

impl<'a> Raw<'a> {
    fn text(s: &'a str) -> Raw<'a> {
        if s.trim().is_empty() {
            Raw::Empty
        } else {
            Raw::Text(s)
        }
    }

    /// A date cell: its calendar date; a duration or a serial outside the dates Excel
    /// shows is the number.
    fn datetime(dt: &calamine::ExcelDateTime) -> Raw<'a> {
        let v = dt.as_f64();
        if dt.is_duration() || !v.is_finite() || !(1.0..2_958_466.0).contains(&v) {
            return Raw::Float(v);
        }
        let (y, m, d, ..) = dt.to_ymd_hms_milli();
        NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
            .map_or(Raw::Float(v), Raw::Date)
    }

    fn datetime_iso(s: &'a str) -> Raw<'a> {
        match s.get(..10).and_then(|p| p.parse().ok()) {
            Some(date) => Raw::Date(date),
            None => Raw::text(s),
        }
    }

    /// A value of a worksheet range (ODS, XLS, XLSB; ledger sheets).
    pub(crate) fn of_data(d: &'a calamine::Data) -> Raw<'a> {
        use calamine::Data;
        match d {
            Data::Empty => Raw::Empty,
            Data::String(s) => Raw::text(s),
            Data::Int(i) => Raw::Int(*i),
            Data::Float(f) => Raw::Float(*f),
            Data::Bool(b) => Raw::Bool(*b),
            Data::DateTime(dt) => Raw::datetime(dt),
            Data::DateTimeIso(s) => Raw::datetime_iso(s),
            Data::DurationIso(s) => Raw::text(s),
            Data::Error(e) => Raw::Error(e.to_string()),
        }
    }

    /// A value of the XLSX cell reader (shared strings borrowed).
    pub(crate) fn of_ref(d: &'a calamine::DataRef<'_>) -> Raw<'a> {
        use calamine::DataRef;
        match d {
            DataRef::Empty => Raw::Empty,
            DataRef::String(s) => Raw::text(s),
            DataRef::SharedString(s) => Raw::text(s),
            DataRef::Int(i) => Raw::Int(*i),
            DataRef::Float(f) => Raw::Float(*f),
            DataRef::Bool(b) => Raw::Bool(*b),
            DataRef::DateTime(dt) => Raw::datetime(dt),
            DataRef::DateTimeIso(s) => Raw::datetime_iso(s),
            DataRef::DurationIso(s) => Raw::text(s),
            DataRef::Error(e) => Raw::Error(e.to_string()),
        }
    }

    pub(crate) fn to_cell(&self) -> Cell {
        match self {
            Raw::Empty => Cell::Empty,
            Raw::Text(s) => Cell::Text((*s).to_string()),
            Raw::Int(i) => Cell::Int(*i),
            Raw::Float(f) => Cell::Float(*f),
            Raw::Bool(b) => Cell::Bool(*b),
            Raw::Date(d) => Cell::Date(*d),
            Raw::Error(e) => Cell::Error(e.clone()),
        }
    }
}

/// A float written without a spurious `.0` and without exponent for whole values that
/// fit an i64.
fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

pub(crate) fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

fn num_f(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::String(float_text(f)), Value::Number)
}

/// Converts an Excel 1900-system serial day number to a date (`None` outside 1..=9999-12-31
/// and for the non-existent 1900-02-29, serial 60).
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let base = if days < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)?
    } else if days == 60 {
        return None;
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// Parses the text date forms of the mapping table.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // 20200105
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    // Drop a time part: "2020-01-05 00:00:00", "2020-01-05T00:00:00".
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let t = t.trim_end_matches('日').trim_end_matches('号');
    let parts: Vec<&str> = t
        .split(['-', '/', '.', '年', '月'])
        .map(str::trim)
        .collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    if parts[0].len() != 4 || parts[1].len() > 2 || parts[2].len() > 2 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Chinese numerals 一…九十九 (and 两).
fn chinese_number(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        [a] if *a == '十' => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// `9`, `九级`, `专业技术九级`, `十级职员`, `管理九级` → the level number.
pub(crate) fn parse_level(t: &str) -> Option<i64> {
    let t = t.trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(i);
    }
    let t = t.strip_suffix("职员").unwrap_or(t);
    let t = t.strip_suffix('级')?;
    let digits: String = t
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "零〇一二两三四五六七八九十".contains(*c))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if let Ok(i) = digits.parse::<i64>() {
        return Some(i);
    }
    chinese_number(&digits).map(i64::from)
}

pub(crate) fn parse_bool(t: &str) -> Option<bool> {
    match t.trim().to_ascii_lowercase().as_str() {
        "是" | "true" | "1" | "y" | "yes" | "√" | "✓" | "有" | "t" => Some(true),
        "否" | "false" | "0" | "n" | "no" | "×" | "✗" | "无" | "f" => Some(false),
        _ => None,
    }
}

pub(crate) fn parse_count_text(t: &str) -> Option<Value> {
    let t = t.trim();
    let t = t
        .strip_suffix('名')
        .or_else(|| t.strip_suffix('人'))
        .or_else(|| t.strip_suffix('个'))
        .unwrap_or(t)
        .trim();
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::from(i));
    }
    if let Ok(u) = t.parse::<u64>() {
        return Some(Value::from(u));
    }
    // A count is a whole number as written: `3.00` is 3, but `0.99999999999999999` (1.0
    // as f64) and `1e0` are passed on as text, for the core to refuse naming the field.
    let (int, frac) = t.split_once('.')?;
    if frac.is_empty() || !frac.bytes().all(|b| b == b'0') {
        return None;
    }
    int.parse::<i64>().ok().map(Value::from)
}

/// Splits a list cell.
pub(crate) fn split_list(t: &str) -> Vec<String> {
    t.split([',', '，', '、', ';', '；', '|', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a `START至END` range; `None` when there is no separator.
fn split_range(t: &str) -> Option<(&str, &str)> {
    for sep in ["至", "~", "～", "—", "--", " - ", "到"] {
        if let Some(i) = t.find(sep) {
            return Some((t[..i].trim(), t[i + sep.len()..].trim()));
        }
    }
    None
}

fn date_value(cell: &Cell) -> Value {
    match cell {
        Cell::Date(d) => Value::String(d.to_string()),
        Cell::Int(i) => {
            let s = i.to_string();
            match parse_date(&s).or_else(|| excel_serial_date(*i as f64)) {
                Some(d) => Value::String(d.to_string()),
                None => Value::from(*i),
            }
        }
        Cell::Float(f) => match whole(*f)
            .and_then(|i| parse_date(&i.to_string()))
            .or_else(|| excel_serial_date(*f))
        {
            Some(d) => Value::String(d.to_string()),
            None => num_f(*f),
        },
        other => {
            let t = other.text();
            parse_date(&t).map_or(Value::String(t), |d| Value::String(d.to_string()))
        }
    }
}

/// Whether a text looks like a number Excel wrote in scientific notation (`4.40305E+17`).
pub(crate) fn scientific(t: &str) -> bool {
    (t.contains('E') || t.contains('e'))
        && t.parse::<f64>().is_ok()
        && t.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Converts a non-empty cell to the JSON value for a field of the given kind.
///
/// The conversion only normalises spreadsheet spellings; anything it does not recognise is
/// passed on as text so that the core's deserializer reports it exactly as for JSON input.
pub fn to_value(cell: &Cell, kind: Kind) -> Value {
    if let Cell::List(items) = cell {
        if !matches!(kind, Kind::List | Kind::Concurrent) {
            // A list where one value is expected: passed on as an array, which the core
            // reports exactly as for JSON input.
            return Value::Array(items.iter().map(|c| to_value(c, kind)).collect());
        }
    }
    match kind {
        Kind::Id => match cell {
            Cell::Int(i) => Value::String(i.to_string()),
            Cell::Float(f) => whole(*f).map_or_else(|| num_f(*f), |i| Value::String(i.to_string())),
            Cell::Bool(b) => Value::Bool(*b),
            other => Value::String(other.text()),
        },
        Kind::Text | Kind::Enum => Value::String(cell.text()),
        Kind::Count => match cell {
            Cell::Int(i) => Value::from(*i),
            Cell::Float(f) => whole(*f).map_or_else(|| num_f(*f), Value::from),
            Cell::Bool(b) => Value::Bool(*b),
            other => {
                let t = other.text();
                parse_count_text(&t).unwrap_or(Value::String(t))
            }
        },
        Kind::Level => match cell {
            Cell::Int(_) | Cell::Float(_) | Cell::Bool(_) => to_value(cell, Kind::Count),
            other => {
                let t = other.text();
                parse_level(&t).map_or(Value::String(t), Value::from)
            }
        },
        Kind::Date => date_value(cell),
        Kind::Bool => match cell {
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Int(1) => Value::Bool(true),
            Cell::Int(0) => Value::Bool(false),
            Cell::Float(f) if *f == 1.0 => Value::Bool(true),
            Cell::Float(f) if *f == 0.0 => Value::Bool(false),
            other => {
                let t = other.text();
                parse_bool(&t).map_or(Value::String(t), Value::Bool)
            }
        },
        Kind::IdNumber => match cell {
            // A 15-digit (legacy) number is exact in a float cell: read it as its digits.
            // Anything longer lost precision (and an `X`): pass the number on, which the
            // core rejects as INVALID_RECORD for `id_number`.
            Cell::Int(i) if i.to_string().len() == 15 => Value::String(i.to_string()),
            Cell::Float(f) if whole(*f).is_some_and(|i| i.to_string().len() == 15) => {
                Value::String(float_text(*f))
            }
            Cell::Int(i) => Value::from(*i),
            Cell::Float(f) => num_f(*f),
            other => {
                let t = other.text();
                // Spreadsheet tricks to keep digits as text: a leading apostrophe or tab.
                let t = t.trim_start_matches(['\'', '\t', '`']).trim().to_string();
                if scientific(&t) {
                    t.parse::<f64>().map_or(Value::String(t), num_f)
                } else {
                    Value::String(t)
                }
            }
        },
        Kind::List => match cell {
            Cell::Text(t) => Value::Array(split_list(t).into_iter().map(Value::String).collect()),
            Cell::List(items) => Value::Array(
                items
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(|c| to_value(c, Kind::Id))
                    .collect(),
            ),
            other => Value::Array(vec![to_value(other, Kind::Id)]),
        },
        Kind::Concurrent => {
            let items = match cell {
                Cell::Text(t) => split_list(t),
                Cell::List(items) => items
                    .iter()
                    .filter(|c| !c.is_empty())
                    .map(Cell::text)
                    .collect(),
                other => vec![other.text()],
            };
            Value::Array(
                items
                    .into_iter()
                    .map(|item| match item.split_once([':', '：']) {
                        Some((u, l)) => {
                            let mut m = Map::new();
                            m.insert("unit".into(), Value::String(u.trim().into()));
                            m.insert("leadership".into(), Value::String(l.trim().into()));
                            Value::Object(m)
                        }
                        None => Value::String(item),
                    })
                    .collect(),
            )
        }
        Kind::DateRange => {
            let t = cell.text();
            let mut m = Map::new();
            match split_range(&t) {
                Some((a, b)) => {
                    m.insert("start".into(), date_value(&Cell::Text(a.into())));
                    if !b.is_empty() {
                        m.insert("end".into(), date_value(&Cell::Text(b.into())));
                    }
                }
                None => {
                    m.insert("start".into(), date_value(cell));
                }
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2020-01-05"), d(2020, 1, 5));
        assert_eq!(parse_date("2020/1/5"), d(2020, 1, 5));
        assert_eq!(parse_date("2020年1月5日"), d(2020, 1, 5));
        assert_eq!(parse_date("20200105"), d(2020, 1, 5));
        assert_eq!(parse_date("2020.01.05"), d(2020, 1, 5));
        assert_eq!(parse_date("2020-01-05 00:00:00"), d(2020, 1, 5));
        assert_eq!(parse_date("1990-02-30"), None);
        assert_eq!(parse_date("05/01/2020"), None);
        assert_eq!(excel_serial_date(43835.0), d(2020, 1, 5));
        assert_eq!(excel_serial_date(1.0), d(1900, 1, 1));
        assert_eq!(excel_serial_date(61.0), d(1900, 3, 1));
        assert_eq!(excel_serial_date(60.0), None);
        assert_eq!(excel_serial_date(-3.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    #[test]
    fn levels_counts_bools() {
        assert_eq!(parse_level("九级"), Some(9));
        assert_eq!(parse_level("专业技术十二级"), Some(12));
        assert_eq!(parse_level("十级职员"), Some(10));
        assert_eq!(parse_level("高级"), None);
        assert_eq!(
            to_value(&Cell::Text("12名".into()), Kind::Count),
            Value::from(12)
        );
        assert_eq!(to_value(&Cell::Float(3.0), Kind::Count), Value::from(3));
        assert_eq!(
            to_value(&Cell::Text("否".into()), Kind::Bool),
            Value::Bool(false)
        );
        assert_eq!(
            to_value(&Cell::Text("也许".into()), Kind::Bool),
            Value::String("也许".into())
        );
    }

    #[test]
    fn id_numbers() {
        assert_eq!(
            to_value(&Cell::Float(440305198507155017.0), Kind::IdNumber),
            Value::from(440305198507155017.0)
        );
        assert_eq!(
            to_value(&Cell::Float(440305850715501.0), Kind::IdNumber),
            Value::String("440305850715501".into())
        );
        assert_eq!(
            to_value(&Cell::Text("4.40305E+17".into()), Kind::IdNumber),
            Value::from(4.40305e17)
        );
        assert_eq!(
            to_value(&Cell::Text("'11010519491231002X".into()), Kind::IdNumber),
            Value::String("11010519491231002X".into())
        );
        assert_eq!(
            to_value(&Cell::Float(7.0), Kind::Id),
            Value::String("7".into())
        );
    }

    #[test]
    fn ranges_and_lists() {
        let v = to_value(
            &Cell::Text("2025-01-01至2025-06-30".into()),
            Kind::DateRange,
        );
        assert_eq!(v["start"], "2025-01-01");
        assert_eq!(v["end"], "2025-06-30");
        let v = to_value(&Cell::Text("U1、U2:副职".into()), Kind::Concurrent);
        assert_eq!(v[0], "U1");
        assert_eq!(v[1]["leadership"], "副职");
        // A list cell (DataFrame list column) gives the same values as the text form.
        let list = Cell::List(vec![
            Cell::Text("U1".into()),
            Cell::Empty,
            Cell::Text("U2:副职".into()),
        ]);
        assert_eq!(to_value(&list, Kind::Concurrent), v);
        assert_eq!(
            to_value(
                &Cell::List(vec![Cell::Int(7), Cell::Text(" U2 ".into())]),
                Kind::List
            ),
            serde_json::json!(["7", "U2"])
        );
        assert!(Cell::List(vec![Cell::Empty]).is_empty());
        assert_eq!(
            to_value(&Cell::List(vec![Cell::Int(3)]), Kind::Count),
            serde_json::json!([3])
        );
    }
}
