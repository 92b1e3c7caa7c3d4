//! Why a record could not be read, typed: the cause of an `INVALID_RECORD` load issue, and
//! the one place its Chinese and English words are written.
//!
//! The record checks build a [`Cause`] directly. serde's errors (and the custom errors of
//! the model's deserializers) reach the loader as text; [`Cause::classify`] types that
//! text once, at the loader boundary, so nothing downstream matches English words.

use crate::model::PostCategory;
use crate::validate::Lang;

/// Why a record (or one field of it) could not be read.
///
/// ```
/// use bianzhi::{Cause, Lang};
/// let c = Cause::classify("missing field `name`");
/// assert_eq!(c, Cause::MissingField { field: "name".into() });
/// assert_eq!(c.message(Lang::Zh), "缺少必填字段 name");
/// assert_eq!(c.message(Lang::En), "missing field `name`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// A required field is absent.
    MissingField {
        /// The field's name.
        field: String,
    },
    /// A date not written `YYYY-MM-DD` (`text`: the value, when known).
    BadDate {
        /// The value as given.
        text: Option<String>,
    },
    /// A date with a two-digit year (`90-01-01`): ambiguous.
    TwoDigitYear {
        /// The value as given.
        text: String,
    },
    /// A date in the right form that is no calendar day (`2026-02-30`).
    NotCalendarDate {
        /// The value as given, when known.
        text: Option<String>,
    },
    /// A count (quota, headcount, level …) that is not a non-negative whole number.
    BadCount {
        /// The value as given.
        value: String,
    },
    /// An amount (pay) that is not a decimal number.
    NotANumber {
        /// The value as given.
        value: String,
    },
    /// An establishment category that is neither built in nor declared.
    UnknownCategory {
        /// The category as given.
        value: String,
    },
    /// A value outside a closed vocabulary (status, gender, unit kind …).
    UnknownValue {
        /// The vocabulary (`status`, `unit kind`).
        vocabulary: String,
        /// The value as given.
        value: String,
        /// The accepted English values.
        allowed: Vec<String>,
    },
    /// A value of the wrong JSON type.
    WrongType {
        /// What the field takes.
        expected: Expected,
        /// What was given.
        found: Found,
    },
    /// A record that is not an object (`found`: what it is).
    NotAnObject {
        /// What was given.
        found: Found,
    },
    /// A blank name.
    EmptyName,
    /// A blank id.
    EmptyId,
    /// A blank establishment category.
    EmptyCategory,
    /// The same key given twice under two spellings (`行政` and `administrative`).
    GivenTwice {
        /// The key as given the second time.
        value: String,
    },
    /// A JSON object with the same field twice.
    DuplicateField {
        /// The field's name.
        field: String,
    },
    /// An id that is neither text nor a whole number.
    NotAnId,
    /// A 身份证号 stored as a number (it loses its X check character and precision).
    IdNumberAsNumber,
    /// A 身份证号 that is neither text nor a number.
    IdNumberNotText,
    /// A concurrent post that is neither a unit id nor `{"unit": …, "leadership": …}`.
    BadConcurrentPost,
    /// `left` before `joined`.
    LeftBeforeJoined {
        /// The `left` date.
        left: String,
        /// The `joined` date.
        joined: String,
    },
    /// `joined` before `birth_date`.
    JoinedBeforeBirth {
        /// The `joined` date.
        joined: String,
        /// The birth date.
        birth: String,
    },
    /// A secondment that ends before it starts.
    SecondmentEndBeforeStart {
        /// The end date.
        end: String,
        /// The start date.
        start: String,
    },
    /// A negative monthly pay.
    NegativePay {
        /// The amount as read.
        pay: String,
    },
    /// A post level outside its category's range.
    LevelOutOfRange {
        /// The level given.
        level: u8,
        /// The post's category.
        category: PostCategory,
    },
    /// A `pools[].caps` key that names no category, leadership level, `leadership` or
    /// `payroll`.
    UnknownCap {
        /// The key as given.
        key: String,
    },
    /// A staffing norm with neither `tag` nor `kind`.
    NormWithoutTarget,
    /// A per-capita norm without a positive `ratio`.
    NormWithoutRatio,
    /// A norm with `ratio` and no `per`.
    RatioWithoutPer,
    /// A norm whose `max` is below its `min`.
    MaxBelowMin {
        /// `min`.
        min: String,
        /// `max`.
        max: String,
    },
    /// A norm with none of `min`, `max`, `per`.
    NormWithoutBound,
    /// A spreadsheet cell holding an error value (`#N/A`, `#REF!`).
    SpreadsheetError {
        /// The error value as the sheet shows it.
        text: String,
    },
    /// Text with an invalid escape or control character (`"\ud800"`, a raw tab);
    /// `detail` keeps serde_json's words (never shown in a Chinese message).
    BadText {
        /// serde_json's message.
        detail: String,
    },
    /// A value nested deeper than the reader goes (128 levels).
    TooDeep,
    /// `settings` that could not be read: the defaults are used.
    SettingsDefaulted(Box<Cause>),
    /// Anything else serde reports; `detail` keeps its English words (never shown in a
    /// Chinese message).
    Unreadable {
        /// serde's message.
        detail: String,
    },
}

/// The type a field takes, as a [`Cause::WrongType`] says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Expected {
    /// Text.
    Text,
    /// A whole number (non-negative where counts are meant).
    Integer,
    /// A number (decimal).
    Number,
    /// `true` or `false`.
    Bool,
    /// A date written `YYYY-MM-DD`.
    Date,
    /// An array.
    List,
    /// An object.
    Object,
    /// An id: text or a whole number.
    Id,
    /// A type serde names otherwise.
    Other,
}

/// What a value of the wrong type was, as a [`Cause::WrongType`] says it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Found {
    /// Text (the value).
    Text(String),
    /// A whole number (as written).
    Integer(String),
    /// A number with a fraction (as written).
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An array.
    List,
    /// An object.
    Object,
    /// Another kind of value.
    Other,
}

/// Where a record came from in a table: the file or sheet and the 1-based row.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Place {
    /// The file or sheet (`staff.csv`, `roster.xlsx!人员`).
    pub source: String,
    /// The row (1-based, the header row counted).
    pub row: usize,
}

impl Place {
    /// Row `row` of `source`.
    ///
    /// ```
    /// use bianzhi::{Lang, Place};
    /// let p = Place::new("staff.csv", 5);
    /// assert_eq!(p.message(Lang::Zh), "staff.csv 第5行");
    /// assert_eq!(p.message(Lang::En), "staff.csv row 5");
    /// ```
    pub fn new(source: impl Into<String>, row: usize) -> Place {
        Place {
            source: source.into(),
            row,
        }
    }

    /// The place in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{} 第{}行", self.source, self.row),
            Lang::En => format!("{} row {}", self.source, self.row),
        }
    }

    /// Splits the place a table reader appended to an English reason (`… (staff.csv row
    /// 5)`) off it.
    pub(crate) fn split_off(reason: &str) -> (&str, Option<Place>) {
        let Some(body) = reason.strip_suffix(')') else {
            return (reason, None);
        };
        let Some((head, row)) = body.rsplit_once(" row ") else {
            return (reason, None);
        };
        let Ok(row) = row.parse::<usize>() else {
            return (reason, None);
        };
        // The source may hold brackets of its own (`名单 (1).csv`), and so may the reason:
        // the place starts at the last " (" after which the brackets balance.
        let balanced = |t: &str| t.matches('(').count() == t.matches(')').count();
        let mut end = head.len();
        while let Some(i) = head[..end].rfind(" (") {
            let source = &head[i + 2..];
            if !source.is_empty() && balanced(source) {
                return (&reason[..i], Some(Place::new(source, row)));
            }
            end = i;
        }
        (reason, None)
    }
}

/// The part of a dataset document a [`RecordIssue`](crate::RecordIssue) is in, typed
/// ([`RecordIssue::array`](crate::RecordIssue::array) holds its name).
///
/// ```
/// use bianzhi::RecordArray;
/// assert_eq!(RecordArray::of("staff"), Some(RecordArray::Staff));
/// assert_eq!(RecordArray::Staff.zh(), "人员");
/// assert_eq!(RecordArray::Pools.as_str(), "pools");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum RecordArray {
    /// `units`.
    Units,
    /// `posts`.
    Posts,
    /// `staff`.
    Staff,
    /// `duties`.
    Duties,
    /// `pools`.
    Pools,
    /// `norms`.
    Norms,
    /// `settings`.
    Settings,
    /// The document's `as_of`.
    AsOf,
    /// The document itself (its top-level keys).
    Dataset,
}

impl RecordArray {
    /// Every part, in the order the loader reads a document.
    pub const ALL: &'static [RecordArray] = &[
        RecordArray::Dataset,
        RecordArray::AsOf,
        RecordArray::Settings,
        RecordArray::Units,
        RecordArray::Posts,
        RecordArray::Staff,
        RecordArray::Duties,
        RecordArray::Pools,
        RecordArray::Norms,
    ];

    /// The part named `name` in the document (`staff`, `as_of` …).
    pub fn of(name: &str) -> Option<RecordArray> {
        RecordArray::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == name)
    }

    /// Its name in the document.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordArray::Units => "units",
            RecordArray::Posts => "posts",
            RecordArray::Staff => "staff",
            RecordArray::Duties => "duties",
            RecordArray::Pools => "pools",
            RecordArray::Norms => "norms",
            RecordArray::Settings => "settings",
            RecordArray::AsOf => "as_of",
            RecordArray::Dataset => "dataset",
        }
    }

    /// What Chinese messages call it (`人员第3条`); `as_of` is part of the 数据集.
    pub fn zh(self) -> &'static str {
        match self {
            RecordArray::Units => "单位",
            RecordArray::Posts => "岗位",
            RecordArray::Staff => "人员",
            RecordArray::Duties => "职责",
            RecordArray::Pools => "三不超总量",
            RecordArray::Norms => "配备标准",
            RecordArray::Settings => "设置",
            RecordArray::AsOf | RecordArray::Dataset => "数据集",
        }
    }
}

/// The text between the first pair of backticks (`` `x` ``).
fn ticked(s: &str) -> Option<&str> {
    let rest = &s[s.find('`')? + 1..];
    Some(&rest[..rest.find('`')?])
}

/// The English allowed list of the vocabulary errors: `(expected one of: a, b, c)`.
fn allowed_list(s: &str) -> Vec<String> {
    s.split("(expected one of: ")
        .nth(1)
        .and_then(|t| t.split(')').next())
        .map(|t| t.split(", ").map(str::to_string).collect())
        .unwrap_or_default()
}

impl Expected {
    /// serde's "expected …" words, typed.
    fn of(words: &str) -> Expected {
        let w = words.trim();
        match w {
            _ if w.contains("identifier") => Expected::Id,
            _ if w.contains("date") => Expected::Date,
            "a string" | "a borrowed string" | "string" | "a character" => Expected::Text,
            "a boolean" | "bool" => Expected::Bool,
            "a sequence" | "an array" | "a list" => Expected::List,
            _ if w.starts_with("struct ") || w == "a map" || w.starts_with("an object") => {
                Expected::Object
            }
            "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
            | "an integer" => Expected::Integer,
            "f32" | "f64" => Expected::Number,
            _ if w.contains("ecimal") || w.contains("number") => Expected::Number,
            _ => Expected::Other,
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Expected::Text => "文本",
            Expected::Integer => "整数",
            Expected::Number => "数字",
            Expected::Bool => "是否值",
            Expected::Date => "日期（年-月-日）",
            Expected::List => "列表",
            Expected::Object => "对象（键值对）",
            Expected::Id => "编号（文本或整数）",
            Expected::Other => "其他类型",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Expected::Text => "a string",
            Expected::Integer => "an integer",
            Expected::Number => "a number",
            Expected::Bool => "a boolean",
            Expected::Date => "a date",
            Expected::List => "a sequence",
            Expected::Object => "a map",
            Expected::Id => "an identifier",
            Expected::Other => "another type",
        }
    }
}

impl Found {
    /// serde's `Unexpected` as it displays (`integer \`5\``, `string "x"`, `null` …).
    fn of(words: &str) -> Found {
        let w = words.trim();
        let value = || ticked(w).unwrap_or("").to_string();
        if let Some(s) = w.strip_prefix("string \"") {
            return Found::Text(s.strip_suffix('"').unwrap_or(s).to_string());
        }
        match w {
            "null" | "unit value" => Found::Null,
            "sequence" => Found::List,
            "map" => Found::Object,
            _ if w.starts_with("boolean ") => Found::Bool(w.contains("true")),
            _ if w.starts_with("integer ") => Found::Integer(value()),
            _ if w.starts_with("floating point ") => Found::Number(value()),
            _ => Found::Other,
        }
    }

    fn zh(&self) -> String {
        match self {
            Found::Text(s) => format!("文本“{s}”"),
            Found::Integer(n) => format!("整数 {n}"),
            Found::Number(n) => format!("数字 {n}"),
            Found::Bool(true) => "是否值“是”".into(),
            Found::Bool(false) => "是否值“否”".into(),
            Found::Null => "空值".into(),
            Found::List => "列表".into(),
            Found::Object => "对象".into(),
            Found::Other => "其他类型的值".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            Found::Text(s) => format!("string \"{s}\""),
            Found::Integer(n) => format!("integer `{n}`"),
            Found::Number(n) => format!("floating point `{n}`"),
            Found::Bool(b) => format!("boolean `{b}`"),
            Found::Null => "null".into(),
            Found::List => "sequence".into(),
            Found::Object => "map".into(),
            Found::Other => "another value".into(),
        }
    }
}

impl Cause {
    /// Types an English reason as the loader words it (serde's messages, the model's
    /// custom errors, the record checks'). A table reader's place suffix is not part of
    /// the cause: see [`RecordIssue::place`](crate::RecordIssue::place).
    ///
    /// ```
    /// use bianzhi::{Cause, Expected, Found};
    /// assert_eq!(
    ///     Cause::classify("invalid type: integer `5`, expected a string"),
    ///     Cause::WrongType { expected: Expected::Text, found: Found::Integer("5".into()) }
    /// );
    /// ```
    pub fn classify(reason: &str) -> Cause {
        let r = reason.trim();
        if let Some(inner) = r.strip_suffix("; defaults used") {
            return Cause::SettingsDefaulted(Box::new(Cause::classify(inner)));
        }
        let tick = || ticked(r).unwrap_or("").to_string();
        let words: Vec<&str> = r.split_whitespace().collect();
        match words.as_slice() {
            ["left", l, "is", "before", "joined", j] => {
                return Cause::LeftBeforeJoined {
                    left: l.to_string(),
                    joined: j.to_string(),
                }
            }
            ["joined", j, "is", "before", "birth", "date", b] => {
                return Cause::JoinedBeforeBirth {
                    joined: j.to_string(),
                    birth: b.to_string(),
                }
            }
            ["secondment", "end", e, "is", "before", "its", "start", s] => {
                return Cause::SecondmentEndBeforeStart {
                    end: e.to_string(),
                    start: s.to_string(),
                }
            }
            ["monthly", "pay", pay, "is", "negative"] => {
                return Cause::NegativePay {
                    pay: pay.to_string(),
                }
            }
            ["level", level, "is", "out", "of", "range", "for", category, "posts", ..] => {
                if let (Ok(level), Ok(category)) = (level.parse(), category.parse()) {
                    return Cause::LevelOutOfRange { level, category };
                }
            }
            ["max", hi, "is", "below", "min", lo] => {
                return Cause::MaxBelowMin {
                    min: lo.to_string(),
                    max: hi.to_string(),
                }
            }
            _ => {}
        }
        if r.starts_with("missing field `") {
            return Cause::MissingField { field: tick() };
        }
        if r.starts_with("duplicate field `") {
            return Cause::DuplicateField { field: tick() };
        }
        if r.starts_with("not a calendar date") {
            return Cause::NotCalendarDate { text: None };
        }
        if r.starts_with("not a date in the form") {
            return Cause::BadDate { text: None };
        }
        if r.starts_with("date `") {
            let text = tick();
            return if r.ends_with("is not a calendar day or is out of range") {
                Cause::NotCalendarDate { text: Some(text) }
            } else if r.contains("the year must have four digits") {
                Cause::TwoDigitYear { text }
            } else {
                Cause::BadDate { text: Some(text) }
            };
        }
        if let Some(rest) = r.strip_prefix("invalid value: ") {
            if rest.contains("expected u") || rest.contains("expected i") {
                let value = match Found::of(rest.split(", expected").next().unwrap_or("")) {
                    Found::Integer(v) | Found::Number(v) | Found::Text(v) => v,
                    _ => tick(),
                };
                return Cause::BadCount { value };
            }
        }
        if r.starts_with('`') && r.ends_with("` is not a decimal number") {
            return Cause::NotANumber { value: tick() };
        }
        if r.starts_with("unknown establishment category `") {
            return Cause::UnknownCategory { value: tick() };
        }
        if r.starts_with("unknown cap `") {
            return Cause::UnknownCap { key: tick() };
        }
        if let Some(rest) = r.strip_prefix("unknown ") {
            if r.contains("(expected one of: ") {
                let vocabulary = rest.split(" `").next().unwrap_or("").to_string();
                return Cause::UnknownValue {
                    vocabulary,
                    value: tick(),
                    allowed: allowed_list(r),
                };
            }
        }
        let inner = r
            .strip_prefix("a record must be a JSON object (")
            .and_then(|t| t.strip_suffix(')'));
        if let Some(rest) = inner.unwrap_or(r).strip_prefix("invalid type: ") {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
            let found = Found::of(found);
            return if inner.is_some() {
                Cause::NotAnObject { found }
            } else {
                Cause::WrongType {
                    expected: Expected::of(expected),
                    found,
                }
            };
        }
        // A struct read from an array: serde counts its elements.
        if r.starts_with("invalid length ") && r.contains("expected struct") {
            return Cause::WrongType {
                expected: Expected::Object,
                found: Found::List,
            };
        }
        match r {
            "empty name" => return Cause::EmptyName,
            "empty identifier" => return Cause::EmptyId,
            "empty establishment category" => return Cause::EmptyCategory,
            "身份证号 must be a string" => return Cause::IdNumberNotText,
            "a norm needs a `tag` or a `kind` to attach to" => return Cause::NormWithoutTarget,
            "a per-capita norm needs a positive `ratio`" => return Cause::NormWithoutRatio,
            "`ratio` given without `per`" => return Cause::RatioWithoutPer,
            "a norm needs `min`, `max` or `per`" => return Cause::NormWithoutBound,
            _ => {}
        }
        if r.starts_with('`') && r.ends_with("` is given twice") {
            return Cause::GivenTwice { value: tick() };
        }
        if r.starts_with("expected an identifier") {
            return Cause::NotAnId;
        }
        if r.starts_with("身份证号 must be a string:") {
            return Cause::IdNumberAsNumber;
        }
        if r.starts_with("expected a unit id or") {
            return Cause::BadConcurrentPost;
        }
        if let Some(text) = r.strip_prefix("the cell holds the spreadsheet error ") {
            return Cause::SpreadsheetError {
                text: text.to_string(),
            };
        }
        if r == "recursion limit exceeded" {
            return Cause::TooDeep;
        }
        const TEXT: &[&str] = &[
            "escape",
            "surrogate",
            "unicode code point",
            "control character",
            "invalid unicode",
        ];
        if TEXT.iter().any(|t| r.contains(t)) {
            return Cause::BadText {
                detail: r.to_string(),
            };
        }
        Cause::Unreadable {
            detail: r.to_string(),
        }
    }

    /// The cause in `lang`. The English is the loader's own wording for the causes the
    /// record checks find (and the loader's reason reads back as the same cause, see
    /// [`Cause::classify`]); the Chinese has no English words, only the field names and
    /// values quoted from the input.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Cause::MissingField { field } => format!("缺少必填字段 {field}"),
            Cause::BadDate { text } => format!(
                "日期{}格式错误，应为“年-月-日”（如2026-01-31）",
                quoted(text.as_deref())
            ),
            Cause::TwoDigitYear { text } => {
                format!("日期“{text}”的年份应为四位数字，两位年份有歧义")
            }
            Cause::NotCalendarDate { text } => format!(
                "日期{}不存在（如2月30日），应为“年-月-日”的真实日期",
                quoted(text.as_deref())
            ),
            Cause::BadCount { value } => format!("数值 {value} 无效，应为非负整数"),
            Cause::NotANumber { value } => format!("“{value}”不是数字"),
            Cause::UnknownCategory { value } => {
                format!("编制类型“{value}”无法识别，其他类型须在 settings.categories 中声明")
            }
            Cause::UnknownValue {
                vocabulary, value, ..
            } => match crate::model::zh_names_of(vocabulary) {
                Some(zh) => format!("取值“{value}”无法识别（可用：{zh}）"),
                None => format!("取值“{value}”无法识别"),
            },
            Cause::WrongType { expected, found } => {
                format!("类型错误：应为{}，实为{}", expected.zh(), found.zh())
            }
            Cause::NotAnObject { found } => {
                format!("记录应为对象（键值对），实为{}", found.zh())
            }
            Cause::EmptyName => "名称为空".into(),
            Cause::EmptyId => "编号为空".into(),
            Cause::EmptyCategory => "编制类型为空".into(),
            Cause::GivenTwice { value } => format!("“{value}”重复给出"),
            Cause::DuplicateField { field } => format!("字段 {field} 重复"),
            Cause::NotAnId => "应为编号：文本或整数".into(),
            Cause::IdNumberAsNumber => "身份证号应为文本，存为数字会丢失末位校验码和精度".into(),
            Cause::IdNumberNotText => "身份证号应为文本".into(),
            Cause::BadConcurrentPost => "应为单位编码，或含 unit 与 leadership 的对象".into(),
            Cause::LeftBeforeJoined { left, joined } => {
                format!("离开日期{left}早于入职日期{joined}")
            }
            Cause::JoinedBeforeBirth { joined, birth } => {
                format!("入职日期{joined}早于出生日期{birth}")
            }
            Cause::SecondmentEndBeforeStart { end, start } => {
                format!("借调结束日期{end}早于开始日期{start}")
            }
            Cause::NegativePay { pay } => format!("月发放金额{pay}为负数"),
            Cause::LevelOutOfRange { level, category } => format!(
                "岗位等级{level}超出该类岗位的等级范围（{}岗位为1至{}级）",
                category.zh(),
                category.max_level()
            ),
            Cause::UnknownCap { key } => format!(
                "总量键“{key}”无法识别（应为编制类型、领导职数、某一领导职级或财政供养人数）"
            ),
            Cause::NormWithoutTarget => "配备标准须有 tag 或 kind，指明适用的单位".into(),
            Cause::NormWithoutRatio => "按人数配备的标准须有正的 ratio".into(),
            Cause::RatioWithoutPer => "给出了 ratio 却没有 per".into(),
            Cause::MaxBelowMin { min, max } => format!("上限 max {max} 小于下限 min {min}"),
            Cause::NormWithoutBound => "配备标准须有 min、max 或 per 之一".into(),
            Cause::SpreadsheetError { text } => format!("单元格为电子表格错误值 {text}"),
            Cause::BadText { .. } => "文本中有无效的转义字符或控制字符".into(),
            Cause::TooDeep => "嵌套层数过多（超过128层）".into(),
            Cause::SettingsDefaulted(inner) => format!("{}；已使用默认设置", inner.zh()),
            Cause::Unreadable { .. } => "无法读取（数据结构与格式不符）".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            Cause::MissingField { field } => format!("missing field `{field}`"),
            Cause::BadDate { text: Some(t) } => format!("date `{t}` is not YYYY-MM-DD"),
            Cause::BadDate { text: None } => "not a date in the form YYYY-MM-DD".into(),
            Cause::TwoDigitYear { text } => format!(
                "date `{text}`: the year must have four digits (YYYY-MM-DD); a two-digit year is ambiguous"
            ),
            Cause::NotCalendarDate { text: Some(t) } => {
                format!("date `{t}` is not a calendar day or is out of range")
            }
            Cause::NotCalendarDate { text: None } => {
                "not a calendar date (e.g. 02-30), expected YYYY-MM-DD".into()
            }
            Cause::BadCount { value } => {
                format!("invalid value: integer `{value}`, expected u32")
            }
            Cause::NotANumber { value } => format!("`{value}` is not a decimal number"),
            Cause::UnknownCategory { value } => format!(
                "unknown establishment category `{value}` (built in: administrative, political_legal, institution, logistics; declare others in settings.categories)"
            ),
            Cause::UnknownValue {
                vocabulary,
                value,
                allowed,
            } => format!(
                "unknown {vocabulary} `{value}` (expected one of: {})",
                allowed.join(", ")
            ),
            Cause::WrongType { expected, found } => {
                format!("invalid type: {}, expected {}", found.en(), expected.en())
            }
            Cause::NotAnObject { found } => format!(
                "a record must be a JSON object (invalid type: {}, expected a map)",
                found.en()
            ),
            Cause::EmptyName => "empty name".into(),
            Cause::EmptyId => "empty identifier".into(),
            Cause::EmptyCategory => "empty establishment category".into(),
            Cause::GivenTwice { value } => format!("`{value}` is given twice"),
            Cause::DuplicateField { field } => format!("duplicate field `{field}`"),
            Cause::NotAnId => "expected an identifier (a string or a whole number)".into(),
            Cause::IdNumberAsNumber => "身份证号 must be a string: stored as a number it loses its X check character and precision".into(),
            Cause::IdNumberNotText => "身份证号 must be a string".into(),
            Cause::BadConcurrentPost => {
                "expected a unit id or {\"unit\": …, \"leadership\": …}".into()
            }
            Cause::LeftBeforeJoined { left, joined } => {
                format!("left {left} is before joined {joined}")
            }
            Cause::JoinedBeforeBirth { joined, birth } => {
                format!("joined {joined} is before birth date {birth}")
            }
            Cause::SecondmentEndBeforeStart { end, start } => {
                format!("secondment end {end} is before its start {start}")
            }
            Cause::NegativePay { pay } => format!("monthly pay {pay} is negative"),
            Cause::LevelOutOfRange { level, category } => format!(
                "level {level} is out of range for {category} posts (1–{})",
                category.max_level()
            ),
            Cause::UnknownCap { key } => format!(
                "unknown cap `{key}` (a category, `leadership`, a leadership level such as `leadership.deputy`, or `payroll`)"
            ),
            Cause::NormWithoutTarget => "a norm needs a `tag` or a `kind` to attach to".into(),
            Cause::NormWithoutRatio => "a per-capita norm needs a positive `ratio`".into(),
            Cause::RatioWithoutPer => "`ratio` given without `per`".into(),
            Cause::MaxBelowMin { min, max } => format!("max {max} is below min {min}"),
            Cause::NormWithoutBound => "a norm needs `min`, `max` or `per`".into(),
            Cause::SpreadsheetError { text } => {
                format!("the cell holds the spreadsheet error {text}")
            }
            Cause::BadText { detail } => detail.clone(),
            Cause::TooDeep => "recursion limit exceeded".into(),
            Cause::SettingsDefaulted(inner) => format!("{}; defaults used", inner.en()),
            Cause::Unreadable { detail } => detail.clone(),
        }
    }
}

/// `“value”` of a date in a Chinese message, or nothing when the value is not known.
fn quoted(text: Option<&str>) -> String {
    text.map(|t| format!("“{t}”")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cause of every kind, with the words of its Chinese message that are quoted
    /// from the input (field names, values).
    fn every_kind() -> Vec<(Cause, Vec<&'static str>)> {
        let s = |t: &str| t.to_string();
        let all = [
            Expected::Text,
            Expected::Integer,
            Expected::Number,
            Expected::Bool,
            Expected::Date,
            Expected::List,
            Expected::Object,
            Expected::Id,
            Expected::Other,
        ];
        let found = [
            Found::Text(s("abc")),
            Found::Integer(s("5")),
            Found::Number(s("1.5")),
            Found::Bool(true),
            Found::Bool(false),
            Found::Null,
            Found::List,
            Found::Object,
            Found::Other,
        ];
        let mut out = vec![
            (Cause::MissingField { field: s("name") }, vec!["name"]),
            (
                Cause::BadDate {
                    text: Some(s("1990/01/01")),
                },
                vec![],
            ),
            (Cause::BadDate { text: None }, vec![]),
            (
                Cause::TwoDigitYear {
                    text: s("90-01-01"),
                },
                vec![],
            ),
            (
                Cause::NotCalendarDate {
                    text: Some(s("1990-02-30")),
                },
                vec![],
            ),
            (Cause::NotCalendarDate { text: None }, vec![]),
            (Cause::BadCount { value: s("-1") }, vec![]),
            (Cause::NotANumber { value: s("abc") }, vec!["abc"]),
            (
                Cause::UnknownCategory {
                    value: s("special"),
                },
                vec!["special", "settings.categories"],
            ),
            (
                Cause::UnknownValue {
                    vocabulary: s("status"),
                    value: s("away"),
                    allowed: vec![s("active"), s("leave")],
                },
                vec!["away"],
            ),
            (
                Cause::UnknownValue {
                    vocabulary: s("colour"),
                    value: s("red"),
                    allowed: vec![s("blue")],
                },
                vec!["red"],
            ),
            (Cause::EmptyName, vec![]),
            (Cause::EmptyId, vec![]),
            (Cause::EmptyCategory, vec![]),
            (
                Cause::GivenTwice {
                    value: s("administrative"),
                },
                vec!["administrative"],
            ),
            (Cause::DuplicateField { field: s("name") }, vec!["name"]),
            (Cause::NotAnId, vec![]),
            (Cause::IdNumberAsNumber, vec![]),
            (Cause::IdNumberNotText, vec![]),
            (Cause::BadConcurrentPost, vec!["unit", "leadership"]),
            (
                Cause::LeftBeforeJoined {
                    left: s("2019-01-01"),
                    joined: s("2020-01-01"),
                },
                vec![],
            ),
            (
                Cause::JoinedBeforeBirth {
                    joined: s("1980-01-01"),
                    birth: s("1990-01-01"),
                },
                vec![],
            ),
            (
                Cause::SecondmentEndBeforeStart {
                    end: s("2025-01-01"),
                    start: s("2026-01-01"),
                },
                vec![],
            ),
            (Cause::NegativePay { pay: s("-5") }, vec![]),
            (
                Cause::LevelOutOfRange {
                    level: 99,
                    category: PostCategory::Management,
                },
                vec![],
            ),
            (Cause::UnknownCap { key: s("nonsense") }, vec!["nonsense"]),
            (Cause::NormWithoutTarget, vec!["tag", "kind"]),
            (Cause::NormWithoutRatio, vec!["ratio"]),
            (Cause::RatioWithoutPer, vec!["ratio", "per"]),
            (
                Cause::MaxBelowMin {
                    min: s("3"),
                    max: s("1"),
                },
                vec!["min", "max"],
            ),
            (Cause::NormWithoutBound, vec!["min", "max", "per"]),
            (Cause::SpreadsheetError { text: s("#N/A") }, vec!["#N/A"]),
            (
                Cause::SettingsDefaulted(Box::new(Cause::MissingField { field: s("x") })),
                vec!["x"],
            ),
            (
                Cause::Unreadable {
                    detail: s("data did not match"),
                },
                vec![],
            ),
            (
                Cause::BadText {
                    detail: s("unexpected end of hex escape"),
                },
                vec![],
            ),
            (Cause::TooDeep, vec![]),
            (
                Cause::NotAnObject {
                    found: Found::Text(s("S1")),
                },
                vec!["S1"],
            ),
        ];
        for e in all {
            for f in &found {
                out.push((
                    Cause::WrongType {
                        expected: e,
                        found: f.clone(),
                    },
                    vec!["abc"],
                ));
            }
        }
        out
    }

    #[test]
    fn chinese_messages_have_no_english_words() {
        for (cause, quoted) in every_kind() {
            let zh = cause.message(Lang::Zh);
            let mut rest = zh.clone();
            let mut quoted = quoted;
            quoted.sort_by_key(|q| std::cmp::Reverse(q.len()));
            for q in quoted {
                rest = rest.replace(q, "");
            }
            assert!(
                !rest.chars().any(|c| c.is_ascii_alphabetic()),
                "{cause:?}: “{zh}”"
            );
            assert!(!zh.is_empty());
        }
    }

    #[test]
    fn the_english_reads_back_as_the_same_cause() {
        for (cause, _) in every_kind() {
            let en = cause.message(Lang::En);
            if matches!(cause, Cause::Unreadable { .. }) {
                assert_eq!(Cause::classify(&en), cause);
                continue;
            }
            assert_eq!(Cause::classify(&en), cause, "{en}");
        }
    }

    #[test]
    fn serde_messages_are_typed() {
        let cases = [
            (
                "invalid type: string \"x\", expected u32",
                Cause::WrongType { expected: Expected::Integer, found: Found::Text("x".into()) },
            ),
            (
                "invalid type: floating point `1.5`, expected a boolean",
                Cause::WrongType { expected: Expected::Bool, found: Found::Number("1.5".into()) },
            ),
            (
                "invalid type: null, expected a sequence",
                Cause::WrongType { expected: Expected::List, found: Found::Null },
            ),
            (
                "invalid type: map, expected a string",
                Cause::WrongType { expected: Expected::Text, found: Found::Object },
            ),
            (
                "invalid value: integer `-1`, expected u32",
                Cause::BadCount { value: "-1".into() },
            ),
            (
                "invalid length 0, expected struct Staff with 23 elements",
                Cause::WrongType { expected: Expected::Object, found: Found::List },
            ),
            (
                "a record must be a JSON object (invalid type: string \"S1\", expected struct Staff)",
                Cause::NotAnObject { found: Found::Text("S1".into()) },
            ),
            (
                "unknown gender `x` (expected one of: male, female)",
                Cause::UnknownValue {
                    vocabulary: "gender".into(),
                    value: "x".into(),
                    allowed: vec!["male".into(), "female".into()],
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Cause::classify(text), want, "{text}");
        }
    }

    #[test]
    fn a_table_place_splits_off_the_reason() {
        assert_eq!(
            Place::split_off("empty name (roster.xlsx!人员 row 12)"),
            ("empty name", Some(Place::new("roster.xlsx!人员", 12)))
        );
        assert_eq!(
            Place::split_off("max 1 is below min 3"),
            ("max 1 is below min 3", None)
        );
        assert_eq!(Place::split_off("x (y row z)"), ("x (y row z)", None));
        assert_eq!(
            Place::split_off("unknown status `x` (expected one of: a, b) (名单 (1).csv row 3)"),
            (
                "unknown status `x` (expected one of: a, b)",
                Some(Place::new("名单 (1).csv", 3))
            )
        );
    }
}
