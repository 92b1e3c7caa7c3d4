//! Lenient JSON loading: a record that cannot be read becomes a [`RecordIssue`] and is skipped.

use super::staff::{StaffBuilder, StaffFields, StaffTable};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::cause::{Cause, Place};
use crate::keys::{config_message, Unknown, Watch};
use crate::model::{Category, Document, Duty, Norm, Post, Settings, Staff, Unit};

/// Largest JSON document accepted (bytes); larger input is rejected before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 4 << 30;

/// Why a document as a whole could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// Not JSON (or not UTF-8).
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The top level is not an object.
    #[error("the dataset must be a JSON object with `units` and `staff` arrays")]
    NotAnObject,
    /// A required array is missing or not an array.
    #[error("the dataset has no `{0}` array")]
    MissingArray(&'static str),
    /// The input exceeds [`MAX_DOCUMENT_BYTES`].
    #[error("the dataset is {0} bytes, more than the limit of {MAX_DOCUMENT_BYTES}")]
    TooLarge(usize),
    /// The input is not UTF-8.
    #[error("the dataset is not UTF-8 (invalid byte at offset {0})")]
    Encoding(usize),
    /// `settings` is configuration: a key it does not know is an error, not a finding.
    #[error("the dataset's settings: {0}")]
    Settings(String),
}

impl LoadError {
    fn from_json(e: &serde_json::Error) -> LoadError {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full,
        };
        LoadError::Json {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

/// What a [`RecordIssue`] reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueKind {
    /// The record or a field of it could not be read (`INVALID_RECORD`).
    #[default]
    Invalid,
    /// A key (or a table column) that is not part of the format, ignored; the record is
    /// kept (`UNKNOWN_FIELD`). `field` holds the key.
    UnknownField {
        /// The nearest known key, when one is close (`quota` → `quotas`).
        suggestion: Option<String>,
        /// For a table column, where it is (`staff.csv:F`, file and column letter): the finding is then
        /// about the column (once, not per row) and `index`/`id` do not apply.
        column: Option<String>,
    },
    /// Cells of a CSV file or worksheet that no column reads, or data rows above its header
    /// row (`UNKNOWN_FIELD`, once per column or per table): reported, never dropped
    /// silently. `field` is `None`.
    NotRead(NotRead),
}

/// Where the unread cells of an [`IssueKind::NotRead`] issue are.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotRead {
    /// The file or sheet: `staff.csv`, `roster.xlsx!人员`.
    pub source: String,
    /// The column letter (cells under a blank header cell or past the header's last
    /// cell); `None` for data rows above the header row.
    pub column: Option<String>,
    /// Whether that column's header cell is blank (false: past the header's last cell).
    pub blank_header: bool,
    /// The first unread value (empty for rows above the header).
    pub first: String,
    /// The header row (1-based).
    pub header_row: usize,
    /// The first rows (1-based, at most ten).
    pub rows: Vec<usize>,
    /// How many rows there are in all.
    pub total: usize,
}

impl NotRead {
    /// The English message: `staff.csv: column D has a blank header cell but holds 2
    /// value(s), first D2 “1”, in rows 2, 3; not read`.
    pub fn message_en(&self) -> String {
        let mut rows = self
            .rows
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        if self.total > self.rows.len() {
            rows.push_str(&format!(", … ({} rows)", self.total));
        }
        let first_row = self.rows.first().copied().unwrap_or(self.header_row);
        match &self.column {
            Some(col) => format!(
                "{}: column {col} has {} but holds {} value(s), first {col}{first_row} “{}”, \
                 in rows {rows}; not read",
                self.source,
                if self.blank_header {
                    "a blank header cell"
                } else {
                    "no header (past the header's last column)"
                },
                self.total,
                self.first
            ),
            None => format!(
                "{}: row(s) {rows} above the header row {} are not read",
                self.source, self.header_row
            ),
        }
    }
}

/// A record that could not be read (it becomes an `INVALID_RECORD` finding), or a key of
/// it that is not part of the format (`UNKNOWN_FIELD`, see [`IssueKind`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordIssue {
    /// The array it sits in (`units`, `posts`, `staff`, `duties`, `pools`, `norms`,
    /// `settings`, or `as_of`).
    pub array: &'static str,
    /// Position in the array (0 for `settings`/`as_of`).
    pub index: usize,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// The field at fault (dotted path), when known.
    pub field: Option<String>,
    /// What is wrong, in English (with the table place appended, `… (staff.csv row 5)`,
    /// for a record read from a table). [`RecordIssue::cause`] says it typed.
    pub reason: String,
    /// Whether the record was dropped (false: it was kept with the field ignored).
    pub skipped: bool,
    /// What the issue is.
    pub kind: IssueKind,
    /// Why the record could not be read: set for every [`IssueKind::Invalid`] issue,
    /// `None` for the other kinds.
    pub cause: Option<Cause>,
    /// Where the record is in a table (file or sheet, row), for records read from one.
    pub place: Option<Place>,
}

impl RecordIssue {
    /// An `INVALID_RECORD` issue (`skipped`: the record was dropped).
    ///
    /// ```
    /// let i = bianzhi::RecordIssue::invalid("staff", 3, Some("S4".into()), Some("birth_date".into()), "not a calendar date", true);
    /// assert_eq!(i.kind, bianzhi::IssueKind::Invalid);
    /// ```
    pub fn invalid(
        array: &'static str,
        index: usize,
        id: Option<String>,
        field: Option<String>,
        reason: impl Into<String>,
        skipped: bool,
    ) -> RecordIssue {
        let reason = reason.into();
        let (cause, place) = {
            let (text, place) = Place::split_off(&reason);
            (Cause::classify(text), place)
        };
        RecordIssue {
            array,
            index,
            id,
            field,
            reason,
            skipped,
            kind: IssueKind::Invalid,
            cause: Some(cause),
            place,
        }
    }

    /// The array the issue is in, typed (`None` for a name the loader does not give).
    ///
    /// ```
    /// let i = bianzhi::RecordIssue::new("staff", 3, "empty name");
    /// assert_eq!(i.record_array(), Some(bianzhi::RecordArray::Staff));
    /// ```
    pub fn record_array(&self) -> Option<super::cause::RecordArray> {
        super::cause::RecordArray::of(self.array)
    }

    /// An `INVALID_RECORD` issue of a typed `cause` (its English words the `reason`).
    ///
    /// ```
    /// use bianzhi::{Cause, RecordIssue};
    /// let i = RecordIssue::because("units", 0, Some("U1".into()), Some("name".into()), Cause::EmptyName, true);
    /// assert_eq!(i.reason, "empty name");
    /// ```
    pub fn because(
        array: &'static str,
        index: usize,
        id: Option<String>,
        field: Option<String>,
        cause: Cause,
        skipped: bool,
    ) -> RecordIssue {
        RecordIssue {
            array,
            index,
            id,
            field,
            reason: cause.message(crate::validate::Lang::En),
            skipped,
            kind: IssueKind::Invalid,
            cause: Some(cause),
            place: None,
        }
    }

    /// Places the record at row `row` of `source`: the place is appended to the English
    /// `reason` (`… (staff.csv row 5)`) and kept typed in [`RecordIssue::place`].
    ///
    /// ```
    /// let i = bianzhi::RecordIssue::new("staff", 3, "empty name").at_row("staff.csv", 5);
    /// assert_eq!(i.reason, "empty name (staff.csv row 5)");
    /// assert_eq!(i.place, Some(bianzhi::Place::new("staff.csv", 5)));
    /// ```
    pub fn at_row(mut self, source: &str, row: usize) -> RecordIssue {
        self.reason = format!("{} ({source} row {row})", self.reason);
        self.place = Some(Place::new(source, row));
        self
    }

    /// Replaces the cause (and the English `reason`) of an `INVALID_RECORD` issue, e.g. by
    /// the spreadsheet error a table cell holds.
    pub fn set_cause(&mut self, cause: Cause) {
        self.reason = cause.message(crate::validate::Lang::En);
        if self.kind == IssueKind::Invalid {
            self.cause = Some(cause);
        }
    }

    /// An `UNKNOWN_FIELD` issue: `key` of record `index` of `array` is not part of the
    /// format (use [`RecordIssue::unknown_column`] for a table column).
    pub fn unknown_key(
        array: &'static str,
        index: usize,
        id: Option<String>,
        key: impl Into<String>,
        suggestion: Option<String>,
    ) -> RecordIssue {
        let key = key.into();
        RecordIssue {
            array,
            index,
            id,
            reason: format!("unknown field `{key}`"),
            field: Some(key),
            skipped: false,
            kind: IssueKind::UnknownField {
                suggestion,
                column: None,
            },
            cause: None,
            place: None,
        }
    }

    /// An `UNKNOWN_FIELD` issue for cells of a table of `array` that no column reads
    /// (`column`: its letter, `blank_header`: under a blank header cell rather than past the
    /// last one) or, with `column` `None`, for data rows above the header row.
    ///
    /// ```
    /// let i = bianzhi::RecordIssue::not_read("staff", "staff.csv", Some("D".into()), true, "1", 1, vec![2, 3], 2);
    /// assert!(i.reason.starts_with("staff.csv: column D has a blank header cell"));
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn not_read(
        array: &'static str,
        source: impl Into<String>,
        column: Option<String>,
        blank_header: bool,
        first: impl Into<String>,
        header_row: usize,
        rows: Vec<usize>,
        total: usize,
    ) -> RecordIssue {
        let n = NotRead {
            source: source.into(),
            column,
            blank_header,
            first: first.into(),
            header_row,
            rows,
            total,
        };
        let reason = n.message_en();
        RecordIssue {
            array,
            index: 0,
            id: None,
            field: None,
            reason,
            skipped: false,
            kind: IssueKind::NotRead(n),
            cause: None,
            place: None,
        }
    }

    /// An `UNKNOWN_FIELD` issue for a column of a table of `array` whose header is not a
    /// known column (`column`: where it is, e.g. `staff.csv:F`).
    ///
    /// ```
    /// let i = bianzhi::RecordIssue::unknown_column("staff", "备注", None, "staff.csv:F");
    /// assert_eq!(i.field.as_deref(), Some("备注"));
    /// ```
    pub fn unknown_column(
        array: &'static str,
        header: impl Into<String>,
        suggestion: Option<String>,
        column: impl Into<String>,
    ) -> RecordIssue {
        let header = header.into();
        RecordIssue {
            array,
            index: 0,
            id: None,
            reason: format!("unknown column `{header}`"),
            field: Some(header),
            skipped: false,
            kind: IssueKind::UnknownField {
                suggestion,
                column: Some(column.into()),
            },
            cause: None,
            place: None,
        }
    }
}

/// The keys of the dataset document itself (for the nearest known key of a top-level one).
const DOC_KEYS: &[&str] = &[
    "as_of", "settings", "units", "posts", "staff", "duties", "pools", "norms",
];

/// One `UNKNOWN_FIELD` issue per unknown key of a record that read.
fn unknown_issues(
    array: &'static str,
    index: usize,
    id: Option<&str>,
    keys: &mut Vec<Unknown>,
    out: &mut Vec<RecordIssue>,
) {
    for (key, near) in keys.drain(..) {
        out.push(RecordIssue::unknown_key(
            array,
            index,
            id.map(str::to_string),
            key,
            near,
        ));
    }
}

/// Appends an array's issues with its unknown keys first, each group in record order (the
/// same order from every path: typed, record by record, chunked).
fn append_array_issues(issues: &mut Vec<RecordIssue>, mut part: Vec<RecordIssue>) {
    part.sort_by_key(|i| i.kind == IssueKind::Invalid);
    issues.append(&mut part);
}

/// A document array read typed, with the unknown keys of each record.
struct Watched<T> {
    items: Vec<T>,
    unknown: Vec<(usize, Vec<Unknown>)>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Watched<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Seq<T> {
            type Value = Watched<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of records")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Watched<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                let mut unknown = Vec::new();
                let mut keys = Vec::new();
                while let Some(x) =
                    seq.next_element_seed(Record::<T>(&mut keys, Default::default()))?
                {
                    if !keys.is_empty() {
                        unknown.push((items.len(), std::mem::take(&mut keys)));
                    }
                    items.push(x);
                }
                Ok(Watched { items, unknown })
            }
        }
        d.deserialize_seq(Seq(std::marker::PhantomData))
    }
}

/// The staff array read typed straight into columns ([`StaffBuilder`]) in the one pass
/// over the text: each record is checked as it is read and dropped once pushed, so the
/// records are never held whole. (Reading the records on all cores from their delimited
/// text cost more CPU than it saved and held two copies of the columns: 2.0–2.4 s and
/// 470 MB against 1.5 s and 398 MB for 10^6 staff.)
/// The category check needs `settings`, which may come after the staff: records are
/// checked with every category allowed here, and [`StaffColumns::settle`] finishes the
/// check once the document is read.
struct StaffColumns {
    table: StaffTable,
    /// `(index, id, keys)` of the records with unknown keys.
    unknown: Vec<(usize, String, Vec<Unknown>)>,
    /// The records refused by a check other than the category one, with the cause.
    refused: Vec<(usize, Staff, (String, Cause))>,
}

/// Allows every category (see [`StaffColumns`]).
struct AnyCategory;

impl Declares for AnyCategory {
    fn declares(&self, _: &str) -> bool {
        true
    }
}

impl<'de> Deserialize<'de> for StaffColumns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Seq;
        impl<'de> serde::de::Visitor<'de> for Seq {
            type Value = StaffColumns;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of records")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StaffColumns, A::Error> {
                let mut b = StaffBuilder::default();
                let (mut unknown, mut refused) = (Vec::new(), Vec::new());
                let mut keys = Vec::new();
                let mut index = 0;
                while let Some(s) =
                    seq.next_element_seed(Record::<Staff>(&mut keys, Default::default()))?
                {
                    if !keys.is_empty() {
                        unknown.push((index, s.id.clone(), std::mem::take(&mut keys)));
                    }
                    match check_staff(&s, &AnyCategory) {
                        None => b.push(s),
                        Some(failed) => refused.push((index, s, failed)),
                    }
                    index += 1;
                }
                Ok(StaffColumns {
                    table: b.finish(),
                    unknown,
                    refused,
                })
            }
        }
        d.deserialize_seq(Seq)
    }
}

impl StaffColumns {
    /// The table and the array's issues (as [`keep_checked`] gives them), or `None` when a
    /// kept record names an undeclared category: the record-by-record path reports it.
    fn settle(self, declared: &Declared, issues: &mut Vec<RecordIssue>) -> Option<StaffTable> {
        let undeclared = self
            .table
            .categories()
            .iter()
            .any(|c| !category_ok(c, declared));
        if undeclared {
            return None;
        }
        for (index, id, mut keys) in self.unknown {
            unknown_issues("staff", index, Some(&id), &mut keys, issues);
        }
        for (index, s, failed) in self.refused {
            // The category check comes before the others: it may name another field.
            let failed = check_staff(&s, declared).unwrap_or(failed);
            issues.push(failed_check("staff", index, &s, failed));
        }
        Some(self.table)
    }
}

/// Reads one record through [`Watch`].
struct Record<'s, T>(&'s mut Vec<Unknown>, std::marker::PhantomData<T>);

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for Record<'_, T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::deserialize(Watch::new(d, self.0))
    }
}

impl RecordIssue {
    /// An issue with the record at `index` of `array`: dropped, with no id or field known
    /// (set [`RecordIssue::id`], [`RecordIssue::field`] and [`RecordIssue::skipped`] after).
    ///
    /// ```
    /// let mut i = bianzhi::RecordIssue::new("staff", 3, "birth_date: not a date");
    /// i.field = Some("birth_date".into());
    /// assert!(i.skipped);
    /// ```
    pub fn new(array: &'static str, index: usize, reason: impl Into<String>) -> RecordIssue {
        RecordIssue::invalid(array, index, None, None, reason, true)
    }
}

#[derive(Deserialize)]
struct RawDoc<'a> {
    #[serde(borrow, default)]
    as_of: Option<&'a RawValue>,
    #[serde(borrow, default)]
    settings: Option<&'a RawValue>,
    #[serde(borrow, default)]
    units: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    posts: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    staff: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    duties: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    pools: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    norms: Option<Vec<&'a RawValue>>,
}

/// The whole document typed in one pass: the fast path when every record reads.
#[derive(Deserialize)]
struct TypedDoc {
    #[serde(default, deserialize_with = "crate::model::dates::de_date_opt")]
    as_of: Option<NaiveDate>,
    #[serde(default)]
    settings: Option<Settings>,
    #[serde(default)]
    units: Option<Watched<Unit>>,
    #[serde(default)]
    posts: Option<Watched<Post>>,
    #[serde(default)]
    staff: Option<StaffColumns>,
    #[serde(default)]
    duties: Option<Watched<Duty>>,
    #[serde(default)]
    pools: Option<Watched<crate::model::Pool>>,
    #[serde(default)]
    norms: Option<Watched<Norm>>,
}

/// Parses a dataset document leniently.
///
/// Fast path: the document is read typed in one pass and the record checks run on the
/// result. Only when that fails anywhere (a record that does not read, a missing array,
/// not JSON) is it read again record by record, which finds and reports every unreadable
/// record with its field; a clean document never pays for that.
pub(crate) fn parse(text: &str) -> Result<(Document, StaffTable, Vec<RecordIssue>), LoadError> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(LoadError::TooLarge(text.len()));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut top = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(typed) = TypedDoc::deserialize(Watch::new(&mut de, &mut top)) {
        if de.end().is_ok() {
            if let Some(done) = from_typed(typed, top) {
                return Ok(done);
            }
        }
    }
    let (doc, issues) = parse_lenient(text)?;
    Ok((doc, StaffTable::default(), issues))
}

/// [`parse`] with the staff as records (for the value path's fallback and the tests).
pub(crate) fn parse_records(text: &str) -> Result<(Document, Vec<RecordIssue>), LoadError> {
    let (mut doc, staff, issues) = parse(text)?;
    if !staff.is_empty() {
        let mut all = staff.to_vec();
        all.append(&mut doc.staff);
        doc.staff = all;
    }
    Ok((doc, issues))
}

/// [`parse`] over a document already held as a JSON value (e.g. records built from the
/// cells of a table): the same records, checks and `INVALID_RECORD` details, without
/// writing the document out as text and parsing it back.
///
/// Gives exactly what `parse(&doc.to_string())` gives: a value's numbers, strings and
/// maps deserialize as their text does, [`explain`] is shared and `clean` drops the only
/// part of a message that depends on the text (its position). Records are read one by
/// one, as the lenient path does (which gives what the fast path gives, see the tests),
/// each value freed once read, so the values and the records are not both held whole; big
/// arrays are read in chunks on all cores. A document whose top level is not the expected
/// shape (not an object, a missing or non-array array) is rare and handled by `parse` on
/// its text, so the whole-document errors stay the text path's.
pub(crate) fn parse_value(doc: Value) -> Result<(Document, Vec<RecordIssue>), LoadError> {
    let shaped = match &doc {
        Value::Object(m) => {
            let array_or_null =
                |k: &str| matches!(m.get(k), None | Some(Value::Null | Value::Array(_)));
            matches!(m.get("units"), Some(Value::Array(_)))
                && matches!(m.get("staff"), Some(Value::Array(_)))
                && ["posts", "duties", "pools", "norms"]
                    .iter()
                    .all(|k| array_or_null(k))
        }
        _ => false,
    };
    let Value::Object(mut m) = doc else {
        return parse_records(&doc.to_string());
    };
    if !shaped {
        return parse_records(&Value::Object(m).to_string());
    }
    let mut take = |k: &str| match m.remove(k) {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    let (units, staff, posts) = (take("units"), take("staff"), take("posts"));
    let (duties, pools, norms) = (take("duties"), take("pools"), take("norms"));
    let mut issues = Vec::new();
    for k in m.keys().filter(|k| *k != "as_of" && *k != "settings") {
        let near = crate::keys::nearest(k, DOC_KEYS).map(str::to_string);
        issues.push(RecordIssue::unknown_key(
            "dataset",
            0,
            None,
            k.clone(),
            near,
        ));
    }
    let mut out = Document::default();
    read_header(
        &mut out,
        &mut issues,
        m.get("as_of")
            .filter(|v| !v.is_null())
            .map(|v| crate::model::dates::de_date(v).map_err(|e| e.to_string())),
        m.get("settings")
            .filter(|v| !v.is_null())
            .map(read_one_value::<Settings>),
    )?;
    drop(m);
    let declared = Declared::of(&out.settings.categories);
    let declared = &declared;
    out.units = read_values("units", units, &mut issues, |u: &Unit| {
        check_unit(u, declared)
    });
    out.posts = read_values("posts", posts, &mut issues, |p: &Post| {
        check_post(p, declared)
    });
    out.staff = read_values("staff", staff, &mut issues, |s: &Staff| {
        check_staff(s, declared)
    });
    out.duties = read_values("duties", duties, &mut issues, |_: &Duty| None);
    out.pools = read_values("pools", pools, &mut issues, |p: &crate::model::Pool| {
        check_pool(p, declared)
    });
    out.norms = read_values("norms", norms, &mut issues, check_norm);
    Ok((out, issues))
}

/// [`read_array`] over values, freeing each once read; big arrays in chunks on all cores
/// (joined in order, so records and issues are in input order).
fn read_values<T: DeserializeOwned + HasId + Send>(
    array: &'static str,
    mut values: Vec<Value>,
    issues: &mut Vec<RecordIssue>,
    check: impl Fn(&T) -> Option<(String, Cause)> + Sync,
) -> Vec<T> {
    let n = values.len();
    let chunk = n.div_ceil(crate::parallel::parts(n, 20_000)).max(1);
    let mut chunks = Vec::new();
    let mut start = n;
    while start > 0 {
        let at = (start - 1) / chunk * chunk;
        chunks.push((at, values.split_off(at)));
        start = at;
    }
    chunks.reverse();
    let check = &check;
    let parts: Vec<(Vec<T>, Vec<RecordIssue>)> =
        crate::parallel::map_in_order(chunks, |(at, part)| {
            read_value_chunk(array, at, part, check)
        });
    let mut out = Vec::with_capacity(n);
    let mut part_issues = Vec::new();
    for (records, found) in parts {
        out.extend(records);
        part_issues.extend(found);
    }
    append_array_issues(issues, part_issues);
    out
}

fn read_value_chunk<T: DeserializeOwned + HasId>(
    array: &'static str,
    first: usize,
    values: Vec<Value>,
    check: &impl Fn(&T) -> Option<(String, Cause)>,
) -> (Vec<T>, Vec<RecordIssue>) {
    let mut out = Vec::with_capacity(values.len());
    let mut issues = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        let index = first + i;
        let mut keys = Vec::new();
        let read = read_one_value_keys::<T>(&v, &mut keys);
        if let Ok(rec) = &read {
            unknown_issues(array, index, Some(rec.id()), &mut keys, &mut issues);
        }
        file_record(
            array,
            index,
            read,
            || value_id(&v),
            check,
            &mut out,
            &mut issues,
        );
    }
    (out, issues)
}

/// [`read_one_value`] noting the record's unknown keys in `keys` (left empty when the
/// record does not read).
fn read_one_value_keys<T: DeserializeOwned>(
    v: &Value,
    keys: &mut Vec<Unknown>,
) -> Result<T, (Option<String>, String)> {
    if let Ok(rec) = T::deserialize(Watch::new(v, keys)) {
        return Ok(rec);
    }
    keys.clear();
    serde_path_to_error::deserialize::<_, T>(v).map_err(explain)
}

/// [`read_one`] over a value.
fn read_one_value<T: DeserializeOwned>(v: &Value) -> Result<T, (Option<String>, String)> {
    if let Ok(rec) = T::deserialize(v) {
        return Ok(rec);
    }
    serde_path_to_error::deserialize::<_, T>(v).map_err(explain)
}

/// [`raw_id`] over a value.
fn value_id(v: &Value) -> Option<String> {
    match v.as_object()?.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The record checks of the lenient path over a document that read completely.
fn from_typed(t: TypedDoc, top: Vec<Unknown>) -> Option<(Document, StaffTable, Vec<RecordIssue>)> {
    let mut issues = Vec::new();
    for (key, near) in top {
        issues.push(RecordIssue::unknown_key("dataset", 0, None, key, near));
    }
    let mut doc = Document {
        as_of: t.as_of,
        settings: t.settings.unwrap_or_default(),
        ..Document::default()
    };
    let declared = Declared::of(&doc.settings.categories);
    doc.units = keep_checked("units", t.units?, &mut issues, |u: &Unit| {
        check_unit(u, &declared)
    });
    doc.posts = keep_checked(
        "posts",
        t.posts.unwrap_or(Watched {
            items: Vec::new(),
            unknown: Vec::new(),
        }),
        &mut issues,
        |p: &Post| check_post(p, &declared),
    );
    let staff = t.staff?.settle(&declared, &mut issues)?;
    doc.duties = keep_checked(
        "duties",
        t.duties.unwrap_or(Watched {
            items: Vec::new(),
            unknown: Vec::new(),
        }),
        &mut issues,
        |_: &Duty| None,
    );
    doc.pools = keep_checked(
        "pools",
        t.pools.unwrap_or(Watched {
            items: Vec::new(),
            unknown: Vec::new(),
        }),
        &mut issues,
        |p: &crate::model::Pool| check_pool(p, &declared),
    );
    doc.norms = keep_checked(
        "norms",
        t.norms.unwrap_or(Watched {
            items: Vec::new(),
            unknown: Vec::new(),
        }),
        &mut issues,
        check_norm,
    );
    Some((doc, staff, issues))
}

/// Keeps the records that pass `check`, recording the others as skipped (as `read_array`),
/// after the unknown keys of every record.
fn keep_checked<T: HasId>(
    array: &'static str,
    records: Watched<T>,
    issues: &mut Vec<RecordIssue>,
    check: impl Fn(&T) -> Option<(String, Cause)>,
) -> Vec<T> {
    let Watched { items, unknown } = records;
    for (index, mut keys) in unknown {
        let id = items.get(index).map(|r| r.id());
        unknown_issues(array, index, id, &mut keys, issues);
    }
    let mut index = 0;
    let mut out = items;
    out.retain(|rec| {
        let keep = match check(rec) {
            None => true,
            Some(failed) => {
                issues.push(failed_check(array, index, rec, failed));
                false
            }
        };
        index += 1;
        keep
    });
    out
}

fn check_pool(
    p: &crate::model::Pool,
    declared: &(impl Declares + ?Sized),
) -> Option<(String, Cause)> {
    p.caps.keys().find_map(|k| {
        let known = match crate::model::CapKey::parse(k) {
            crate::model::CapKey::Category(c) => category_ok(&c, declared),
            _ => true,
        };
        (!known).then(|| (format!("caps.{k}"), Cause::UnknownCap { key: k.clone() }))
    })
}

/// Record by record: every unreadable record becomes an issue with its field.
fn parse_lenient(text: &str) -> Result<(Document, Vec<RecordIssue>), LoadError> {
    let mut top = Vec::new();
    let raw: Result<RawDoc, _> = {
        let mut de = serde_json::Deserializer::from_str(text);
        RawDoc::deserialize(Watch::new(&mut de, &mut top)).and_then(|r| de.end().map(|()| r))
    };
    let raw: RawDoc = raw.map_err(|e| {
        if e.classify() == serde_json::error::Category::Data && !text.trim_start().starts_with('{')
        {
            LoadError::NotAnObject
        } else {
            LoadError::from_json(&e)
        }
    })?;
    let units_raw = raw.units.ok_or(LoadError::MissingArray("units"))?;
    let staff_raw = raw.staff.ok_or(LoadError::MissingArray("staff"))?;

    let mut issues = Vec::new();
    for (key, near) in top {
        issues.push(RecordIssue::unknown_key("dataset", 0, None, key, near));
    }
    let mut doc = Document::default();

    read_header(
        &mut doc,
        &mut issues,
        raw.as_of.filter(|v| v.get() != "null").map(|v| {
            crate::model::dates::de_date(&mut serde_json::Deserializer::from_str(v.get()))
                .map_err(|e| e.to_string())
        }),
        raw.settings
            .filter(|v| v.get() != "null")
            .map(read_one::<Settings>),
    )?;
    let declared = Declared::of(&doc.settings.categories);
    doc.units = read_array("units", &units_raw, &mut issues, |u: &Unit| {
        check_unit(u, &declared)
    });
    doc.posts = read_array(
        "posts",
        raw.posts.as_deref().unwrap_or(&[]),
        &mut issues,
        |p: &Post| check_post(p, &declared),
    );
    doc.staff = read_array("staff", &staff_raw, &mut issues, |s: &Staff| {
        check_staff(s, &declared)
    });
    doc.duties = read_array(
        "duties",
        raw.duties.as_deref().unwrap_or(&[]),
        &mut issues,
        |_: &Duty| None,
    );
    doc.pools = read_array(
        "pools",
        raw.pools.as_deref().unwrap_or(&[]),
        &mut issues,
        |p: &crate::model::Pool| check_pool(p, &declared),
    );
    doc.norms = read_array(
        "norms",
        raw.norms.as_deref().unwrap_or(&[]),
        &mut issues,
        check_norm,
    );
    Ok((doc, issues))
}

/// Applies the document's `as_of` and `settings` (each as read by the text or the value
/// path); an unreadable one is an issue that keeps the rest of the document.
fn read_header(
    doc: &mut Document,
    issues: &mut Vec<RecordIssue>,
    as_of: Option<Result<NaiveDate, String>>,
    settings: Option<Result<Settings, (Option<String>, String)>>,
) -> Result<(), LoadError> {
    let mut issue = |array, field, reason: String| {
        issues.push(RecordIssue::invalid(array, 0, None, field, reason, false))
    };
    match as_of {
        Some(Ok(d)) => doc.as_of = Some(d),
        Some(Err(e)) => issue("as_of", Some("as_of".into()), clean(&e)),
        None => {}
    }
    match settings {
        Some(Ok(st)) => doc.settings = st,
        // Configuration is exact: a misspelt setting would silently change the rules.
        Some(Err((_, reason))) if reason.starts_with("unknown field `") => {
            return Err(LoadError::Settings(config_message(&reason)));
        }
        Some(Err((field, reason))) => issue("settings", field, format!("{reason}; defaults used")),
        None => {}
    }
    Ok(())
}

/// [`read_one`] noting the record's unknown keys in `keys` (left empty when the record
/// does not read).
fn read_one_keys<T: DeserializeOwned>(
    raw: &RawValue,
    keys: &mut Vec<Unknown>,
) -> Result<T, (Option<String>, String)> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    if let Ok(rec) = T::deserialize(Watch::new(&mut de, keys)) {
        return Ok(rec);
    }
    keys.clear();
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize::<_, T>(&mut de).map_err(explain)
}

/// Reads one record; on failure returns the failing field path and a reason.
fn read_one<T: DeserializeOwned>(raw: &RawValue) -> Result<T, (Option<String>, String)> {
    // Plain serde first; the path-tracking deserializer only to explain a failure.
    if let Ok(rec) = serde_json::from_str::<T>(raw.get()) {
        return Ok(rec);
    }
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize::<_, T>(&mut de).map_err(explain)
}

/// The failing field path and the reason of a record that does not deserialize (the same
/// for a record read from text and from a value).
fn explain(e: serde_path_to_error::Error<serde_json::Error>) -> (Option<String>, String) {
    let path = e.path().to_string();
    let field = (path != "." && !path.is_empty()).then_some(path);
    let reason = clean(&e.into_inner().to_string());
    // A missing or repeated field is reported at its parent's path: name the field itself.
    let named = reason
        .strip_prefix("missing field `")
        .or_else(|| reason.strip_prefix("duplicate field `"));
    let field = match named {
        Some(rest) => {
            let name = rest.trim_end_matches('`');
            Some(match field {
                Some(parent) => format!("{parent}.{name}"),
                None => name.to_string(),
            })
        }
        None => field,
    };
    let reason = if reason.starts_with("invalid type") && field.is_none() {
        format!("a record must be a JSON object ({reason})")
    } else {
        reason
    };
    (field, reason)
}

/// serde messages end with "at line L column C" relative to the record: not useful to users.
fn clean(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    // chrono's date errors do not say that a date was expected.
    match msg {
        "input is out of range" => "not a calendar date (e.g. 02-30), expected YYYY-MM-DD".into(),
        "input contains invalid characters" | "premature end of input" | "trailing input" => {
            format!("not a date in the form YYYY-MM-DD ({msg})")
        }
        _ => msg.to_string(),
    }
}

fn raw_id(raw: &RawValue) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        #[serde(default)]
        id: Option<serde_json::Value>,
    }
    match serde_json::from_str::<IdOnly>(raw.get()).ok()?.id? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

trait HasId {
    fn id(&self) -> &str;
}
macro_rules! has_id {
    ($($t:ty),*) => {$(impl HasId for $t { fn id(&self) -> &str { &self.id } })*};
}
has_id!(Unit, Post, Staff, Duty, Norm, crate::model::Pool);

/// The issue of a record read but refused by its record check: skipped, naming the field.
fn failed_check<T: HasId>(
    array: &'static str,
    index: usize,
    rec: &T,
    (field, cause): (String, Cause),
) -> RecordIssue {
    RecordIssue::because(
        array,
        index,
        Some(rec.id().to_string()),
        Some(field),
        cause,
        true,
    )
}

/// Files one read attempt of the record at `index`: kept when it reads and passes `check`,
/// otherwise skipped with the issue that says why (the same for text and value input).
fn file_record<T: HasId>(
    array: &'static str,
    index: usize,
    read: Result<T, (Option<String>, String)>,
    id_if_unreadable: impl FnOnce() -> Option<String>,
    check: &impl Fn(&T) -> Option<(String, Cause)>,
    out: &mut Vec<T>,
    issues: &mut Vec<RecordIssue>,
) {
    issues.push(match read {
        Ok(rec) => match check(&rec) {
            None => return out.push(rec),
            Some(failed) => failed_check(array, index, &rec, failed),
        },
        // serde's words, typed once here (`RecordIssue::invalid` classifies them).
        Err((field, reason)) => {
            RecordIssue::invalid(array, index, id_if_unreadable(), field, reason, true)
        }
    });
}

fn read_array<T: DeserializeOwned + HasId>(
    array: &'static str,
    raws: &[&RawValue],
    issues: &mut Vec<RecordIssue>,
    check: impl Fn(&T) -> Option<(String, Cause)>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(raws.len());
    let mut part = Vec::new();
    let mut keys = Vec::new();
    for (index, raw) in raws.iter().enumerate() {
        let read = read_one_keys::<T>(raw, &mut keys);
        if let Ok(rec) = &read {
            unknown_issues(array, index, Some(rec.id()), &mut keys, &mut part);
        }
        file_record(
            array,
            index,
            read,
            || raw_id(raw),
            &check,
            &mut out,
            &mut part,
        );
    }
    append_array_issues(issues, part);
    out
}

/// The categories a dataset declares, as a set: a scan per record was records × categories.
pub(super) struct Declared(rustc_hash::FxHashSet<String>);

impl Declared {
    pub(super) fn of(names: &[String]) -> Declared {
        Declared(names.iter().cloned().collect())
    }
}

/// Whether a category name is declared (a set, or a list for the per-record public checks).
pub(super) trait Declares {
    fn declares(&self, name: &str) -> bool;
}

impl Declares for Declared {
    fn declares(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

impl Declares for [String] {
    fn declares(&self, name: &str) -> bool {
        self.iter().any(|d| d == name)
    }
}

fn category_ok(c: &Category, declared: &(impl Declares + ?Sized)) -> bool {
    match c {
        Category::Custom(name) => declared.declares(name),
        _ => true,
    }
}

fn undeclared(field: String, c: &Category) -> (String, Cause) {
    (
        field,
        Cause::UnknownCategory {
            value: c.to_string(),
        },
    )
}

pub(super) fn check_unit(u: &Unit, declared: &(impl Declares + ?Sized)) -> Option<(String, Cause)> {
    if u.name.trim().is_empty() {
        return Some(("name".into(), Cause::EmptyName));
    }
    u.quotas
        .keys()
        .find(|c| !category_ok(c, declared))
        .map(|c| undeclared(format!("quotas.{c}"), c))
}

pub(super) fn check_post(p: &Post, declared: &(impl Declares + ?Sized)) -> Option<(String, Cause)> {
    if let Some(level) = p.level {
        if level == 0 || level > p.category.max_level() {
            return Some((
                "level".into(),
                Cause::LevelOutOfRange {
                    level,
                    category: p.category,
                },
            ));
        }
    }
    p.establishment
        .as_ref()
        .filter(|c| !category_ok(c, declared))
        .map(|c| undeclared("establishment".into(), c))
}

/// What the staff record check reads, from a [`Staff`] or from [`StaffFields`].
pub(super) struct StaffCheck<'a> {
    name: &'a str,
    establishment: Option<&'a Category>,
    birth_date: Option<NaiveDate>,
    joined: Option<NaiveDate>,
    left: Option<NaiveDate>,
    monthly_pay: Option<rust_decimal::Decimal>,
    secondment: Option<&'a crate::model::Secondment>,
}

impl<'a> StaffCheck<'a> {
    pub(super) fn of(s: &'a Staff) -> StaffCheck<'a> {
        StaffCheck {
            name: &s.name,
            establishment: s.establishment.as_ref(),
            birth_date: s.birth_date,
            joined: s.joined,
            left: s.left,
            monthly_pay: s.monthly_pay,
            secondment: s.secondment.as_ref(),
        }
    }

    pub(super) fn of_fields(s: &'a StaffFields<'_>) -> StaffCheck<'a> {
        StaffCheck {
            name: &s.name,
            establishment: s.establishment.as_ref(),
            birth_date: s.birth_date,
            joined: s.joined,
            left: s.left,
            monthly_pay: s.monthly_pay,
            secondment: s.secondment.as_ref(),
        }
    }
}

pub(super) fn check_staff(
    s: &Staff,
    declared: &(impl Declares + ?Sized),
) -> Option<(String, Cause)> {
    check_staff_parts(StaffCheck::of(s), declared)
}

pub(super) fn check_staff_parts(
    s: StaffCheck<'_>,
    declared: &(impl Declares + ?Sized),
) -> Option<(String, Cause)> {
    if s.name.trim().is_empty() {
        return Some(("name".into(), Cause::EmptyName));
    }
    if let Some(c) = s.establishment.filter(|c| !category_ok(c, declared)) {
        return Some(undeclared("establishment".into(), c));
    }
    if let (Some(j), Some(l)) = (s.joined, s.left) {
        if l < j {
            return Some((
                "left".into(),
                Cause::LeftBeforeJoined {
                    left: l.to_string(),
                    joined: j.to_string(),
                },
            ));
        }
    }
    if let (Some(b), Some(j)) = (s.birth_date, s.joined) {
        if j < b {
            return Some((
                "joined".into(),
                Cause::JoinedBeforeBirth {
                    joined: j.to_string(),
                    birth: b.to_string(),
                },
            ));
        }
    }
    if let Some(pay) = s
        .monthly_pay
        .filter(|p| p.is_sign_negative() && !p.is_zero())
    {
        return Some((
            "monthly_pay".into(),
            Cause::NegativePay {
                pay: pay.to_string(),
            },
        ));
    }
    if let Some(sec) = s.secondment {
        if let Some(end) = sec.end {
            if end < sec.start {
                return Some((
                    "secondment.end".into(),
                    Cause::SecondmentEndBeforeStart {
                        end: end.to_string(),
                        start: sec.start.to_string(),
                    },
                ));
            }
        }
    }
    None
}

fn check_norm(n: &Norm) -> Option<(String, Cause)> {
    if n.tag.is_none() && n.kind.is_none() {
        return Some(("tag".into(), Cause::NormWithoutTarget));
    }
    match (n.per, n.ratio) {
        (Some(_), None) | (Some(_), Some(0)) => Some(("ratio".into(), Cause::NormWithoutRatio)),
        (None, Some(_)) => Some(("per".into(), Cause::RatioWithoutPer)),
        _ => match (n.min, n.max) {
            (Some(lo), Some(hi)) if lo > hi => Some((
                "max".into(),
                Cause::MaxBelowMin {
                    min: lo.to_string(),
                    max: hi.to_string(),
                },
            )),
            (None, None) if n.per.is_none() => Some(("min".into(), Cause::NormWithoutBound)),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed fast path and the record-by-record path give the same document and issues.
    #[test]
    fn fast_path_matches_lenient() {
        let docs = [
            r#"{"units": [{"id": "U1", "name": "", "kind": "organ"},
                          {"id": "U2", "name": "乙", "kind": "organ", "quotas": {"x": 1}},
                          {"id": "U3", "name": "丙", "kind": "organ", "quota": {"行政": 2}}],
                "norm": [], "posts": [{"id": "P1", "unit": "U3", "category": "management", "level": 99, "levle": 1}],
                "staff": [{"id": "S1", "name": " ", "unit": "U3"},
                          {"id": 2, "name": "乙", "unit": "U3", "establishment": "y"},
                          {"id": "S3", "name": "丙", "unit": "U3", "joined": "2020-01-01", "left": "2019-01-01"},
                          {"id": "S4", "name": "丁", "unit": "U3"}],
                "pools": [{"id": "Q", "units": ["U3"], "caps": {"nope": 1}}],
                "norms": [{"id": "N1"}]}"#,
            r#"{"as_of": null, "settings": null, "units": [], "staff": [], "posts": null}"#,
            r#"{"as_of": "2026-01-01", "settings": {"categories": ["x"]},
                "units": [{"id": "U2", "name": "乙", "kind": "institution", "quotas": {"x": 1}}],
                "staff": [{"id": "S", "name": "甲", "unit": "U2", "establishment": "x"}]}"#,
            // Settings after the staff: the category check is settled at the end, for kept
            // and refused records (a refused record's undeclared category is its cause).
            r#"{"units": [{"id": "U2", "name": "乙", "kind": "institution"}],
                "staff": [{"id": "S1", "name": "甲", "unit": "U2", "establishment": "x", "extra": 1},
                          {"id": "S2", "name": "乙", "unit": "U2", "establishment": "z",
                           "joined": "2020-01-01", "left": "2019-01-01"},
                          {"id": "S3", "name": "丙", "unit": "U2", "establishment": "x",
                           "joined": "2020-01-01", "left": "2019-01-01", "oops": 2},
                          {"id": "S4", "name": "丁", "unit": "U2", "secondment": {"start": "2020-01-01", "ends": 1}}],
                "settings": {"categories": ["x"]}}"#,
            r#"{"units": [{"id": "U2", "name": "乙", "kind": "institution"}],
                "staff": [{"id": "S1", "name": "甲", "unit": "U2", "establishment": "z"},
                          {"id": "S2", "name": "乙", "unit": "U2"}],
                "settings": {"categories": ["x"]}}"#,
        ];
        for d in docs {
            let fast = parse_records(d).expect("fast");
            let lenient = parse_lenient(d).expect("lenient");
            assert_eq!(fast, lenient, "{d}");
            assert!(
                serde_json::from_str::<TypedDoc>(d).is_ok(),
                "{d} takes the fast path"
            );
        }
    }

    /// A document held as a value loads exactly as its text does: same records, same
    /// issues (fields, reasons, ids) and the same whole-document errors.
    #[test]
    fn value_matches_text() {
        let docs = [
            r#"{"units": [{"id": "U1", "name": "", "kind": "organ"},
                          {"id": "U2", "name": "乙", "kind": "organ", "quotas": {"x": 1}},
                          {"id": "U3", "name": "丙", "kind": "organ", "quotas": {"行政": 1, "administrative": 2}},
                          {"id": 7, "name": "丁", "kind": "nope"}, 5, "x", null,
                          {"id": "U4", "name": "戊", "kind": "organ", "quotas": {"administrative": 1.5}}],
                "posts": [{"id": "P1", "unit": "U3", "category": "management", "level": 99},
                          {"id": "P2", "unit": "U3", "category": "management", "level": "x"}],
                "staff": [{"id": "S1", "name": " ", "unit": "U3"},
                          {"id": 2, "name": "乙", "unit": "U3", "establishment": "y"},
                          {"id": "S3", "name": "丙", "unit": "U3", "joined": "2020-01-01", "left": "2019-01-01"},
                          {"id": "S4", "name": "丁", "unit": "U3", "birth_date": "1990-02-30"},
                          {"id": "S5", "name": "戊", "unit": "U3", "id_number": 110101199003070000},
                          {"id": "S6", "name": "己", "unit": "U3", "secondment": {"start": "2025-01-01", "end": 3}},
                          {"id": 1.5, "name": "庚", "unit": "U3", "bogus": 1},
                          {"id": "S9", "unit": "U3"},
                          {"id": "S10", "name": "壬", "unit": "U3", "secondment": {"end": "2025-01-01"}},
                          {"id": "S8", "name": "辛", "unit": "U3", "birthdate": "x", "备注": 1}],
                "pool": 1,
                "pools": [{"id": "Q", "units": ["U3"], "caps": {"nope": 1}}],
                "norms": [{"id": "N1"}]}"#,
            r#"{"as_of": null, "settings": null, "units": [], "staff": [], "posts": null}"#,
            r#"{"as_of": "2026-13-01", "settings": {"categories": 5}, "units": [], "staff": []}"#,
            r#"{"as_of": 20260101, "units": [], "staff": []}"#,
            r#"{"as_of": "2026-01-01", "settings": {"categories": ["x"]},
                "units": [{"id": "U2", "name": "乙", "kind": "institution", "quotas": {"x": 1}}],
                "staff": [{"id": "S", "name": "甲", "unit": "U2", "establishment": "x"}]}"#,
            r#"{"units": [], "staff": {}}"#,
            r#"{"units": []}"#,
            r#"{"staff": [], "units": [], "pools": 3}"#,
            r#"[1, 2]"#,
            r#"5"#,
        ];
        for d in docs {
            let v: Value = serde_json::from_str(d).expect("json");
            assert_eq!(parse_value(v.clone()), parse_records(&v.to_string()), "{d}");
        }
    }

    /// Unknown keys are UNKNOWN_FIELD issues with the nearest known key, from both paths;
    /// an unknown key in `settings` (configuration) fails the load.
    #[test]
    fn unknown_keys_are_issues_and_unknown_settings_an_error() {
        let d = r#"{"units": [{"id": "U1", "name": "甲", "kind": "organ", "quota": {"行政": 2}}],
                    "staff": [], "pool": []}"#;
        let (_, issues) = parse_records(d).unwrap();
        let got: Vec<(&str, Option<&str>, &IssueKind)> = issues
            .iter()
            .map(|i| (i.array, i.field.as_deref(), &i.kind))
            .collect();
        let kind = |s: &str| IssueKind::UnknownField {
            suggestion: Some(s.into()),
            column: None,
        };
        assert_eq!(
            got,
            [
                ("dataset", Some("pool"), &kind("pools")),
                ("units", Some("quota"), &kind("quotas"))
            ]
        );
        assert_eq!(parse_lenient(d).unwrap().1, issues);
        let bad = r#"{"settings": {"secondment_max_month": 6}, "units": [], "staff": []}"#;
        let e = parse(bad).unwrap_err();
        assert!(
            e.to_string().contains(
                "unknown key `secondment_max_month` (did you mean `secondment_max_months`?"
            ),
            "{e}"
        );
        let v: Value = serde_json::from_str(bad).unwrap();
        assert_eq!(parse_value(v).unwrap_err(), e);
    }

    /// A key inside a `concurrent` item is checked like a key of the record: an unknown one
    /// is an UNKNOWN_FIELD issue at `concurrent[k].key`, the item and the record are kept.
    #[test]
    fn unknown_keys_of_concurrent_items_are_issues() {
        let d = r#"{"units": [{"id": "U1", "name": "甲", "kind": "organ"},
                              {"id": "U2", "name": "乙", "kind": "organ"}],
                    "staff": [{"id": "S1", "name": "张", "unit": "U1",
                               "concurrent": ["U2", {"unit": "U2", "leadershp": "deputy", "x": 1},
                                              {"unit": "U2", "leadership": "deputy"}]}]}"#;
        let (doc, issues) = parse_records(d).unwrap();
        let got: Vec<(&str, usize, Option<&str>, &IssueKind)> = issues
            .iter()
            .map(|i| (i.array, i.index, i.field.as_deref(), &i.kind))
            .collect();
        let kind = |s: Option<&str>| IssueKind::UnknownField {
            suggestion: s.map(str::to_string),
            column: None,
        };
        assert_eq!(
            got,
            [
                (
                    "staff",
                    0,
                    Some("concurrent[1].leadershp"),
                    &kind(Some("concurrent[1].leadership"))
                ),
                ("staff", 0, Some("concurrent[1].x"), &kind(None)),
            ]
        );
        assert_eq!(doc.staff[0].concurrent.len(), 3);
        assert_eq!(
            doc.staff[0].concurrent[2].leadership,
            Some(crate::LeaderLevel::Deputy)
        );
        assert_eq!(parse_lenient(d).unwrap().1, issues);
        let v: Value = serde_json::from_str(d).unwrap();
        assert_eq!(parse_value(v).unwrap().1, issues);
    }

    /// Big arrays are read in chunks: records and issues stay in input order.
    #[test]
    fn value_chunks_keep_order() {
        let staff: Vec<Value> = (0..45_001)
            .map(|i| match i % 7919 {
                0 => serde_json::json!({"id": format!("S{i}"), "unit": "U1"}),
                1 => serde_json::json!({"id": i, "name": " ", "unit": "U1"}),
                _ => serde_json::json!({"id": format!("S{i}"), "name": "甲", "unit": "U1"}),
            })
            .collect();
        let v = serde_json::json!({"units": [{"id": "U1", "name": "乙", "kind": "organ"}],
                                   "staff": staff});
        let got = parse_value(v.clone()).expect("value");
        assert_eq!(got, parse_records(&v.to_string()).expect("text"));
        assert_eq!(got.1.len(), 12);
        assert_eq!(got.0.staff.len(), 45_001 - 12);
    }
}
