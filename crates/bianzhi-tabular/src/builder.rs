//! The one conversion of table rows into typed records, whatever holds the rows: Arrow
//! columns (`columns`, feature `arrow`), the text cells of a CSV file or the typed cells of
//! a worksheet ([`crate::read`]).
//!
//! The general path turns every value into a [`Cell`], every row into a JSON record
//! ([`crate::table_records`]) and reads the records with the core's lenient loader. Here
//! the common, unambiguous values (text read in place, integers, whole floats, dates,
//! booleans, vocabulary names, `12名`, `2020年1月5日`, 是/否 …) of units, posts and staff
//! are converted straight from the source into [`Unit`], [`Post`] and [`Staff`]. Any row
//! with a value outside that subset, or one the loader would reject, goes through the
//! general path, so its record or its [`RecordIssue`] is exactly what the general path
//! gives, with the index of its row; records stay in table order. A value is only taken
//! the direct way when the result is provably the one the general path gives (see the
//! equivalence tests in `columns` and `read`).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use bianzhi::{
    Category, Dataset, Document, Funding, Gender, InstitutionClass, LeaderLevel, Post,
    PostCategory, PostStructure, RecordIssue, RetirementGroup, Staff, StaffBuilder, StaffFields,
    StaffTable, Status, Unit, UnitKind,
};
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

use crate::cell::{parse_bool, parse_count_text, parse_date, parse_level, scientific, whole, Cell};
use crate::schema::{FieldRef, RecordKind};
use crate::table::row_record;

/// The categories `settings` declares, as the loader reads them.
pub(crate) fn declared_categories(rest: &Map<String, Value>) -> Vec<String> {
    let mut m = Map::new();
    m.insert("units".into(), Value::Array(Vec::new()));
    m.insert("staff".into(), Value::Array(Vec::new()));
    if let Some(s) = rest.get("settings") {
        m.insert("settings".into(), s.clone());
    }
    Dataset::read_value(Value::Object(m))
        .map_or_else(|_| Vec::new(), |(d, _)| d.settings.categories)
}

/// Rows of values, read in place: an Arrow batch, the text cells of a CSV table or the
/// cells of a worksheet.
pub(crate) trait Source: Sync {
    /// The number of rows.
    fn rows(&self) -> usize;
    /// The number of values of row `i`.
    fn width(&self, i: usize) -> usize;
    /// Value `c` of row `i`, borrowed.
    fn view(&self, i: usize, c: usize) -> V<'_>;
    /// Row `i` as cells (for the general path).
    fn cells(&self, i: usize) -> Vec<Cell>;
}

/// Consecutive rows of one table: `first_row` is the sheet row (or CSV line) of row 0.
pub(crate) struct Part<'a, S> {
    pub src: &'a S,
    pub first_row: usize,
}

/// A value as the fast path sees it (borrowed from the column).
// CSV text only gives `Str` (and `Empty`); the other kinds come from worksheets and Arrow
// columns.
#[derive(Debug, Clone, Copy)]
pub(crate) enum V<'a> {
    /// An empty cell (null, NaN, blank text).
    Empty,
    /// Text, trimmed (never empty).
    Str(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    /// Anything else (a list): the general path.
    Other,
}

/// Text trimmed once here: every conversion below trims its text first.
pub(crate) fn text_view(s: &str) -> V<'_> {
    let t = trim(s);
    if t.is_empty() {
        V::Empty
    } else {
        V::Str(t)
    }
}

/// `s.trim()`, without decoding a character at either end that cannot be white space: most
/// cells start and end with a letter, a digit or a Han character.
#[inline]
fn trim(s: &str) -> &str {
    // The first byte of every white-space character is ASCII ≤ 0x20, 0xC2 (U+0085,
    // U+00A0), 0xE1 (U+1680) or 0xE2/0xE3 (U+2000–U+205F, U+3000); a character ending in an
    // ASCII byte other than white space is that byte.
    let lead_ok = |b: u8| b > b' ' && !matches!(b, 0xC2 | 0xE1..=0xE3);
    match s.as_bytes() {
        [first, .., last] | [first @ last] if lead_ok(*first) && *last > b' ' && *last < 0x80 => s,
        [first, ..] if lead_ok(*first) => s.trim_end(),
        _ => s.trim(),
    }
}

/// Where the records of a table come from after the load.
pub(crate) enum Plan {
    /// All through the document (general path).
    Whole,
    Units(Merge<Vec<Unit>>),
    Posts(Merge<Vec<Post>>),
    Staff(Box<Merge<StaffBuilder>>),
}

/// Where the fast records of a table go: a `Vec` of units or posts; the staff straight
/// into their columns (a `Staff` record lives only while its row is converted).
pub(crate) trait Collect: Send + Sync + Default {
    fn append(&mut self, other: Self);
    fn len(&self) -> usize;
    /// Room for `n` more records (the rows of a table are known before its records).
    fn reserve(&mut self, n: usize);
    /// An empty collector for one chunk of the same table, appended back with `append`.
    fn sibling(&self) -> Self;
}

impl<T: Send + Sync> Collect for Vec<T> {
    fn reserve(&mut self, n: usize) {
        Vec::reserve(self, n);
    }
    fn append(&mut self, mut other: Self) {
        Vec::append(self, &mut other);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn sibling(&self) -> Self {
        Vec::new()
    }
}

impl Collect for StaffBuilder {
    fn reserve(&mut self, n: usize) {
        StaffBuilder::reserve(self, n);
    }
    fn append(&mut self, other: Self) {
        self.append_builder(other);
    }
    fn len(&self) -> usize {
        StaffBuilder::len(self)
    }
    fn sibling(&self) -> Self {
        StaffBuilder::sibling(self)
    }
}

/// The builder for a staff table read after `plans`: its unit dictionary starts with the
/// ids of the units converted so far, so the chunks of the table share it.
pub(crate) fn staff_seed(plans: &[Plan]) -> StaffBuilder {
    let ids: Vec<&str> = plans
        .iter()
        .filter_map(|p| match p {
            Plan::Units(m) => Some(m.fast.iter().map(|u| u.id.as_str())),
            _ => None,
        })
        .flatten()
        .collect();
    StaffBuilder::with_unit_ids(ids)
}

/// The fast records of a table and the positions of the rows read by the loader.
pub(crate) struct Merge<C> {
    fast: C,
    /// For each record of the document array: its index among the table's records.
    slow_at: Vec<usize>,
}

/// The issues of the array get the index of their row; returns which loaded records
/// were dropped.
fn renumber(slow_at: &[usize], array: &str, issues: &mut [RecordIssue]) -> Vec<bool> {
    let mut dropped = vec![false; slow_at.len()];
    for issue in issues.iter_mut().filter(|i| i.array == array) {
        if let Some(&at) = slow_at.get(issue.index) {
            dropped[issue.index] |= issue.skipped;
            issue.index = at;
        }
    }
    dropped
}

/// Calls `fast` or `slow` for each record in table order: `slow(j)` for the `j`-th record
/// the loader read (unless it was dropped), `fast()` for the next fast one.
fn interleave(
    slow_at: &[usize],
    fast_len: usize,
    dropped: &[bool],
    mut fast: impl FnMut(),
    mut slow: impl FnMut(),
) {
    let mut j = 0;
    for k in 0..fast_len + slow_at.len() {
        if slow_at.get(j) == Some(&k) {
            if !dropped[j] {
                slow();
            }
            j += 1;
        } else {
            fast();
        }
    }
}

/// Puts the records the loader read back among the fast records; the issues of the array
/// get the index of their row.
fn merge<T>(m: Merge<Vec<T>>, loaded: Vec<T>, array: &str, issues: &mut [RecordIssue]) -> Vec<T> {
    if m.slow_at.is_empty() {
        return m.fast;
    }
    let dropped = renumber(&m.slow_at, array, issues);
    let n = m.fast.len();
    let mut out = Vec::with_capacity(n + loaded.len());
    let mut fast = m.fast.into_iter();
    let mut loaded = loaded.into_iter();
    let out_cell = std::cell::RefCell::new(&mut out);
    interleave(
        &m.slow_at,
        n,
        &dropped,
        || out_cell.borrow_mut().extend(fast.next()),
        || out_cell.borrow_mut().extend(loaded.next()),
    );
    out
}

/// [`merge`] for the staff: the loaded records go into the columns among the fast ones.
fn merge_staff(
    m: Merge<StaffBuilder>,
    loaded: Vec<Staff>,
    issues: &mut [RecordIssue],
) -> StaffTable {
    let fast = m.fast.finish();
    if m.slow_at.is_empty() {
        return fast;
    }
    let dropped = renumber(&m.slow_at, "staff", issues);
    let out = std::cell::RefCell::new(StaffBuilder::with_capacity(fast.len() + loaded.len()));
    let mut rows = fast.iter();
    let mut loaded = loaded.into_iter();
    interleave(
        &m.slow_at,
        fast.len(),
        &dropped,
        || {
            if let Some(r) = rows.next() {
                out.borrow_mut().push_row(r);
            }
        },
        || {
            if let Some(s) = loaded.next() {
                out.borrow_mut().push(s);
            }
        },
    );
    out.into_inner().finish()
}

/// What [`fast_table`] gives: the records of the general-path rows (to be read by the
/// loader), the plan to merge them with the fast records, and the row number of every record.
pub(crate) struct Fast {
    pub slow: Vec<Value>,
    pub plan: Plan,
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    pub fast_rows: usize,
    /// The 1-based sheet row (or CSV line) of each record, fast and general, in order.
    pub rows: Vec<usize>,
    /// The spreadsheet error cells of the general-path rows: (index among the table's
    /// records, field path, error text).
    pub errors: Vec<(usize, String, String)>,
}

/// Converts the rows of a units, posts or staff table (its header already mapped to
/// `columns`), given as consecutive parts.
pub(crate) fn fast_table<S: Source>(
    kind: RecordKind,
    columns: &[Option<FieldRef>],
    add_id: bool,
    parts: &[Part<'_, S>],
    declared: &[String],
    staff: &StaffBuilder,
) -> Fast {
    let cols = columns;
    match kind {
        RecordKind::Units => {
            let slots = slots(cols, unit_field);
            let c = convert(
                parts,
                cols,
                add_id,
                &Vec::new(),
                &|b: &S, i, _, out: &mut Vec<Unit>| unit_row(b, &slots, i, declared).into(out),
            );
            c.into_fast(Plan::Units)
        }
        RecordKind::Posts => {
            let slots = slots(cols, post_field);
            let c = convert(
                parts,
                cols,
                add_id,
                &Vec::new(),
                &|b: &S, i, _, out: &mut Vec<Post>| post_row(b, &slots, i, declared).into(out),
            );
            c.into_fast(Plan::Posts)
        }
        _ => {
            let slots = slots(cols, staff_field);
            let c = convert(parts, cols, add_id, staff, &|b: &S, i, sheet_row, out| {
                staff_row(b, &slots, i, add_id.then_some(sheet_row), declared, out)
            });
            c.into_fast(|m| Plan::Staff(Box::new(m)))
        }
    }
}

impl<C: Collect> Converted<C> {
    fn into_fast(self, plan: impl FnOnce(Merge<C>) -> Plan) -> Fast {
        let fast_rows = self.fast.len();
        let (slow_at, slow) = self.slow.into_iter().unzip();
        Fast {
            slow,
            plan: plan(Merge {
                fast: self.fast,
                slow_at,
            }),
            fast_rows,
            rows: self.rows,
            errors: self.errors,
        }
    }
}

impl Plan {
    /// Appends `n` records read by the loader after the `before` records planned so far.
    pub(crate) fn add_general(&mut self, before: usize, n: usize) {
        match self {
            Plan::Whole => {}
            Plan::Units(m) => m.slow_at.extend(before..before + n),
            Plan::Posts(m) => m.slow_at.extend(before..before + n),
            Plan::Staff(m) => m.slow_at.extend(before..before + n),
        }
    }

    /// Appends another table's plan of the same kind after the `before` records planned
    /// so far.
    pub(crate) fn add(&mut self, other: Plan, before: usize) {
        fn join<C: Collect>(a: &mut Merge<C>, b: Merge<C>, before: usize) {
            a.fast.append(b.fast);
            a.slow_at.extend(b.slow_at.into_iter().map(|k| k + before));
        }
        /// After `before` records all read by the loader.
        fn whole<C>(mut m: Merge<C>, before: usize) -> Merge<C> {
            let mut slow_at: Vec<usize> = (0..before).collect();
            slow_at.extend(m.slow_at.iter().map(|k| k + before));
            m.slow_at = slow_at;
            m
        }
        match (std::mem::replace(self, Plan::Whole), other) {
            (Plan::Whole, Plan::Units(m)) => *self = Plan::Units(whole(m, before)),
            (Plan::Whole, Plan::Posts(m)) => *self = Plan::Posts(whole(m, before)),
            (Plan::Whole, Plan::Staff(m)) => *self = Plan::Staff(Box::new(whole(*m, before))),
            (Plan::Units(mut a), Plan::Units(b)) => {
                join(&mut a, b, before);
                *self = Plan::Units(a);
            }
            (Plan::Posts(mut a), Plan::Posts(b)) => {
                join(&mut a, b, before);
                *self = Plan::Posts(a);
            }
            (Plan::Staff(mut a), Plan::Staff(b)) => {
                join(&mut a, *b, before);
                *self = Plan::Staff(a);
            }
            (mine, _) => *self = mine,
        }
    }

    /// Puts the loaded records of the document among the fast ones (see [`merge`]); the
    /// staff of a staff plan go into `staff`, out of the document.
    pub(crate) fn apply(
        self,
        document: &mut Document,
        staff: &mut Option<StaffTable>,
        issues: &mut [RecordIssue],
    ) {
        match self {
            Plan::Whole => {}
            Plan::Units(m) => {
                document.units = merge(m, std::mem::take(&mut document.units), "units", issues)
            }
            Plan::Posts(m) => {
                document.posts = merge(m, std::mem::take(&mut document.posts), "posts", issues)
            }
            Plan::Staff(m) => {
                *staff = Some(merge_staff(*m, std::mem::take(&mut document.staff), issues))
            }
        }
    }
}

/// What a column fills.
#[derive(Debug, Clone)]
enum Slot<F> {
    /// Not a field (unknown or empty header): its values are ignored.
    Ignore,
    /// A field the fast path does not fill (or a repeated one): a row with a value here
    /// goes through the general path.
    General,
    Field(F),
}

fn slots<F>(columns: &[Option<FieldRef>], field: impl Fn(&str) -> Option<F>) -> Vec<Slot<F>> {
    // Per path: how many columns name it, and how many name a path below it (`a.b` is below
    // `a`); counted once, as a table may have 160 000 `quotas.*` columns.
    let mut exact: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut below: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    fn above(path: &str) -> impl Iterator<Item = &str> {
        path.match_indices('.').map(move |(i, _)| &path[..i])
    }
    for g in columns.iter().flatten() {
        *exact.entry(g.path.as_str()).or_default() += 1;
        for p in above(&g.path) {
            *below.entry(p).or_default() += 1;
        }
    }
    columns
        .iter()
        .map(|c| match c {
            None => Slot::Ignore,
            Some(f) => {
                // A repeated field (the later column wins) or a nested path shared with
                // another column: the general path decides.
                let shared = exact.get(f.path.as_str()).copied().unwrap_or(0)
                    + below.get(f.path.as_str()).copied().unwrap_or(0)
                    + above(&f.path)
                        .map(|p| exact.get(p).copied().unwrap_or(0))
                        .sum::<usize>();
                if shared > 1 {
                    Slot::General
                } else {
                    field(&f.path).map_or(Slot::General, Slot::Field)
                }
            }
        })
        .collect()
}

/// A row's outcome on the fast path.
enum Row<T> {
    /// Only empty cells: no record.
    Empty,
    Fast(T),
    /// The general path decides.
    General,
}

impl<T> Row<T> {
    /// The record pushed into `out`.
    fn into(self, out: &mut Vec<T>) -> Row<()> {
        match self {
            Row::Empty => Row::Empty,
            Row::Fast(x) => {
                out.push(x);
                Row::Fast(())
            }
            Row::General => Row::General,
        }
    }
}

/// The rows of a table, converted in chunks on all cores.
struct Converted<C> {
    fast: C,
    /// Records of the general path: (index among the table's records, record).
    slow: Vec<(usize, Value)>,
    /// The sheet row of every record.
    rows: Vec<usize>,
    /// Error cells of the general-path records: (index among the table's records, field,
    /// text).
    errors: Vec<(usize, String, String)>,
}

pub(crate) const CHUNK: usize = 8192;

/// A converted chunk: fast records, general records (with their error cells), record
/// count, sheet rows.
type Chunk<C> = (C, Vec<(usize, Value, ErrorCells)>, usize, Vec<usize>);

/// The error cells of a record: (field path, error text).
type ErrorCells = Vec<(String, String)>;

/// Converts row `i` (sheet row given) into the chunk's records, or says why not.
type RowFn<'a, S, C> = dyn Fn(&S, usize, usize, &mut C) -> Row<()> + Sync + 'a;

fn convert<S: Source, C: Collect>(
    parts: &[Part<'_, S>],
    columns: &[Option<FieldRef>],
    add_id: bool,
    proto: &C,
    row: &RowFn<'_, S, C>,
) -> Converted<C> {
    // Work items: (part, first row, end row).
    let mut items = Vec::new();
    let mut total = 0;
    for (b, part) in parts.iter().enumerate() {
        let n = part.src.rows();
        let mut s = 0;
        while s < n {
            let e = (s + CHUNK).min(n);
            items.push((b, s, e));
            s = e;
        }
        total += n;
    }
    let chunk = |(b, s, e): (usize, usize, usize)| {
        let batch = parts[b].src;
        let first = parts[b].first_row;
        let mut rows = Vec::with_capacity(e - s);
        let mut fast = proto.sibling();
        fast.reserve(e - s);
        let mut slow = Vec::new();
        let mut records = 0;
        for i in s..e {
            let sheet_row = first + i;
            match row(batch, i, sheet_row, &mut fast) {
                Row::Empty => continue,
                Row::Fast(()) => {}
                Row::General => {
                    let cells = batch.cells(i);
                    let mut errors = Vec::new();
                    let record = row_record(&cells, columns, add_id, sheet_row, &mut errors);
                    slow.push((records, record, errors));
                }
            }
            rows.push(sheet_row);
            records += 1;
        }
        (fast, slow, records, rows)
    };
    let mut fast = proto.sibling();
    fast.reserve(total);
    let mut out = Converted {
        fast,
        slow: Vec::new(),
        rows: Vec::with_capacity(total),
        errors: Vec::new(),
    };
    let mut records = 0;
    let mut append = |(fast, slow, n, mut rows): Chunk<C>| {
        out.fast.append(fast);
        out.rows.append(&mut rows);
        for (k, v, errors) in slow {
            out.errors
                .extend(errors.into_iter().map(|(f, e)| (records + k, f, e)));
            out.slow.push((records + k, v));
        }
        records += n;
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len());
    if threads <= 1 {
        items.into_iter().map(chunk).for_each(&mut append);
    } else {
        // Workers take chunks in turn; this thread appends them in order as they arrive.
        let next = AtomicUsize::new(0);
        std::thread::scope(|s| {
            let (tx, rx) = mpsc::channel();
            for _ in 0..threads {
                let tx = tx.clone();
                let (next, items, chunk) = (&next, &items, &chunk);
                s.spawn(move || loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&item) = items.get(k) else { break };
                    if tx.send((k, chunk(item))).is_err() {
                        break;
                    }
                });
            }
            drop(tx);
            let mut pending = BTreeMap::new();
            let mut want = 0;
            for (k, part) in rx {
                pending.insert(k, part);
                while let Some(part) = pending.remove(&want) {
                    append(part);
                    want += 1;
                }
            }
        });
    }
    out
}

// ------------------------------------------------------------------ value conversions
//
// Each gives the value the general path's record deserializes to, or `None` when the
// general path must decide (it reports the value, or reads it in a way not repeated here).

/// An identifier (`Kind::Id`): text trimmed, whole numbers as their digits.
fn id_text(v: V<'_>) -> Option<String> {
    match v {
        V::Str(s) => Some(s.to_owned()),
        V::Int(i) => Some(i.to_string()),
        V::Float(f) => whole(f).map(|i| i.to_string()),
        _ => None,
    }
}

/// [`id_text`], borrowed from the source when it is text.
fn id_cow(v: V<'_>) -> Option<Cow<'_, str>> {
    match v {
        V::Str(s) => Some(Cow::Borrowed(s)),
        _ => id_text(v).map(Cow::Owned),
    }
}

/// [`text`], borrowed from the source when it is text.
fn text_cow(v: V<'_>) -> Option<Cow<'_, str>> {
    match v {
        V::Str(s) => Some(Cow::Borrowed(s)),
        _ => text(v).map(Cow::Owned),
    }
}

/// Free text (`Kind::Text`).
fn text(v: V<'_>) -> Option<String> {
    match v {
        V::Str(s) => Some(s.to_owned()),
        V::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// A vocabulary value (`Kind::Enum`) by its English or Chinese name.
fn vocab<T: FromStr>(v: V<'_>) -> Option<T> {
    match v {
        V::Str(s) => s.parse().ok(),
        _ => None,
    }
}

fn category(v: V<'_>) -> Option<Category> {
    match v {
        V::Str(s) => Some(s.parse().unwrap_or_else(|never| match never {})),
        _ => None,
    }
}

/// A date (`Kind::Date`) whose `YYYY-MM-DD` text reads back as itself.
fn date(v: V<'_>) -> Option<NaiveDate> {
    let d = match v {
        V::Date(d) => d,
        // A valid ISO date is parse_date's; an invalid one is not a date for either.
        V::Str(s) => bianzhi::iso_date(s).or_else(|| parse_date(s))?,
        _ => return None,
    };
    (1..=9999).contains(&d.year()).then_some(d)
}

fn boolean(v: V<'_>) -> Option<bool> {
    match v {
        V::Bool(b) => Some(b),
        V::Int(1) => Some(true),
        V::Int(0) => Some(false),
        V::Float(1.0) => Some(true),
        V::Float(0.0) => Some(false),
        V::Str(s) => parse_bool(s),
        _ => None,
    }
}

/// A count (`Kind::Count`): `12`, `12.0`, `12名`.
fn count(v: V<'_>) -> Option<u64> {
    match v {
        V::Int(i) => u64::try_from(i).ok(),
        V::Float(f) => whole(f).and_then(|i| u64::try_from(i).ok()),
        V::Str(s) => parse_count_text(s)?.as_u64(),
        _ => None,
    }
}

fn count32(v: V<'_>) -> Option<u32> {
    count(v).and_then(|c| u32::try_from(c).ok())
}

/// A post level (`Kind::Level`): a number or `九级`, `专业技术九级` ….
fn level(v: V<'_>) -> Option<u8> {
    match v {
        V::Int(_) | V::Float(_) => count(v).and_then(|c| u8::try_from(c).ok()),
        V::Str(s) => parse_level(s).and_then(|l| u8::try_from(l).ok()),
        _ => None,
    }
}

/// A 身份证号 (`Kind::IdNumber`) given as text.
fn id_number(v: V<'_>) -> Option<Option<Cow<'_, str>>> {
    match v {
        V::Str(s) => {
            let t = s.trim_start_matches(['\'', '\t', '`']).trim();
            if scientific(t) {
                None
            } else if t.is_empty() {
                Some(None)
            } else {
                Some(Some(Cow::Borrowed(t)))
            }
        }
        _ => None,
    }
}

/// Runs `set` on each non-empty value of row `i` with its field: `None` (the general path)
/// at the first value the fast path does not take, otherwise whether the row has a value.
fn scan<'a, S: Source, F>(
    src: &'a S,
    slots: &[Slot<F>],
    i: usize,
    mut set: impl FnMut(&F, V<'a>) -> Option<()>,
) -> Option<bool> {
    let mut any = false;
    for c in 0..src.width(i) {
        let v = src.view(i, c);
        if matches!(v, V::Empty) {
            continue;
        }
        any = true;
        match slots.get(c) {
            None | Some(Slot::Ignore) => {}
            Some(Slot::General) => return None,
            Some(Slot::Field(f)) => set(f, v)?,
        }
    }
    Some(any)
}

/// Stores a converted value, or leaves the row to the general path.
macro_rules! put {
    ($place:expr, $value:expr) => {{
        $place = $value?;
        Some(())
    }};
}

fn finish<T>(scanned: Option<bool>, build: impl FnOnce() -> Option<T>) -> Row<T> {
    match scanned {
        None => Row::General,
        Some(false) => Row::Empty,
        Some(true) => build().map_or(Row::General, Row::Fast),
    }
}

// ------------------------------------------------------------------ staff

#[derive(Debug, Clone, Copy)]
enum StaffField {
    Id,
    Name,
    IdNumber,
    Gender,
    BirthDate,
    Unit,
    Establishment,
    Post,
    Leadership,
    LeadershipSince,
    Status,
    Joined,
    Left,
    OnPayroll,
    WorkingUnit,
    RetirementGroup,
    RetirementDate,
}

fn staff_field(path: &str) -> Option<StaffField> {
    use StaffField as F;
    Some(match path {
        "id" => F::Id,
        "name" => F::Name,
        "id_number" => F::IdNumber,
        "gender" => F::Gender,
        "birth_date" => F::BirthDate,
        "unit" => F::Unit,
        "establishment" => F::Establishment,
        "post" => F::Post,
        "leadership" => F::Leadership,
        "leadership_since" => F::LeadershipSince,
        "status" => F::Status,
        "joined" => F::Joined,
        "left" => F::Left,
        "on_payroll" => F::OnPayroll,
        "working_unit" => F::WorkingUnit,
        "retirement_group" => F::RetirementGroup,
        "retirement_date" => F::RetirementDate,
        _ => return None,
    })
}

fn staff_row<S: Source>(
    cols: &S,
    slots: &[Slot<StaffField>],
    i: usize,
    row_id: Option<usize>,
    declared: &[String],
    out: &mut StaffBuilder,
) -> Row<()> {
    use StaffField as F;
    let mut s = StaffFields::new("", "", "");
    let (mut id, mut name, mut unit) = (None, None, None);
    let scanned = scan(cols, slots, i, |f, v| match f {
        F::Id => put!(id, id_cow(v).map(Some)),
        F::Name => put!(name, text_cow(v).map(Some)),
        F::Unit => put!(unit, id_cow(v).map(Some)),
        F::IdNumber => put!(s.id_number, id_number(v)),
        F::Gender => put!(s.gender, vocab::<Gender>(v).map(Some)),
        F::BirthDate => put!(s.birth_date, date(v).map(Some)),
        F::Establishment => put!(s.establishment, category(v).map(Some)),
        F::Post => put!(s.post, id_cow(v).map(Some)),
        F::Leadership => put!(s.leadership, vocab::<LeaderLevel>(v).map(Some)),
        F::LeadershipSince => put!(s.leadership_since, date(v).map(Some)),
        F::Status => put!(s.status, vocab::<Status>(v)),
        F::Joined => put!(s.joined, date(v).map(Some)),
        F::Left => put!(s.left, date(v).map(Some)),
        F::OnPayroll => put!(s.on_payroll, boolean(v).map(Some)),
        F::WorkingUnit => put!(s.working_unit, id_cow(v).map(Some)),
        F::RetirementGroup => put!(s.retirement_group, vocab::<RetirementGroup>(v).map(Some)),
        F::RetirementDate => put!(s.retirement_date, date(v).map(Some)),
    });
    let ok = finish(scanned, || {
        s.id = match row_id {
            Some(r) => Cow::Owned(format!("第{r}行")),
            None => id?,
        };
        s.name = name?;
        s.unit = unit?;
        Dataset::staff_fields_problem(&s, declared)
            .is_none()
            .then_some(())
    });
    if matches!(ok, Row::Fast(())) {
        out.push_fields(s);
    }
    ok
}

// ------------------------------------------------------------------ posts

#[derive(Debug, Clone, Copy)]
enum PostField {
    Id,
    Unit,
    Name,
    Category,
    Level,
    Headcount,
    Establishment,
}

fn post_field(path: &str) -> Option<PostField> {
    use PostField as F;
    Some(match path {
        "id" => F::Id,
        "unit" => F::Unit,
        "name" => F::Name,
        "category" => F::Category,
        "level" => F::Level,
        "headcount" => F::Headcount,
        "establishment" => F::Establishment,
        _ => return None,
    })
}

fn post_row<S: Source>(
    cols: &S,
    slots: &[Slot<PostField>],
    i: usize,
    declared: &[String],
) -> Row<Post> {
    use PostField as F;
    let (mut id, mut unit, mut name, mut cat) = (None, None, String::new(), None);
    let (mut lvl, mut headcount, mut establishment) = (None, None, None);
    let scanned = scan(cols, slots, i, |f, v| match f {
        F::Id => put!(id, id_text(v).map(Some)),
        F::Unit => put!(unit, id_text(v).map(Some)),
        F::Name => put!(name, text(v)),
        F::Category => put!(cat, vocab::<PostCategory>(v).map(Some)),
        F::Level => put!(lvl, level(v).map(Some)),
        F::Headcount => put!(headcount, count32(v).map(Some)),
        F::Establishment => put!(establishment, category(v).map(Some)),
    });
    finish(scanned, || {
        let p = Post {
            id: id?,
            unit: unit?,
            name,
            category: cat?,
            level: lvl,
            headcount,
            establishment,
        };
        Dataset::post_problem(&p, declared).is_none().then_some(p)
    })
}

// ------------------------------------------------------------------ units

#[derive(Debug, Clone)]
enum UnitField {
    Id,
    Name,
    Kind,
    Parent,
    CreditCode,
    Quota(Category),
    Leadership(LeaderLevel),
    Class,
    Funding,
    Senior,
    Intermediate,
    Junior,
    Population,
    Households,
    Area,
}

fn unit_field(path: &str) -> Option<UnitField> {
    use UnitField as F;
    if let Some(key) = path.strip_prefix("quotas.") {
        // A map key reads as a category name; a blank one is the loader's to report.
        return (!key.trim().is_empty())
            .then(|| F::Quota(key.parse().unwrap_or_else(|never| match never {})));
    }
    if let Some(key) = path.strip_prefix("leadership.") {
        return key.parse().ok().map(F::Leadership);
    }
    Some(match path {
        "id" => F::Id,
        "name" => F::Name,
        "kind" => F::Kind,
        "parent" => F::Parent,
        "credit_code" => F::CreditCode,
        "class" => F::Class,
        "funding" => F::Funding,
        "post_structure.senior" => F::Senior,
        "post_structure.intermediate" => F::Intermediate,
        "post_structure.junior" => F::Junior,
        "population" => F::Population,
        "households" => F::Households,
        "area_m2" => F::Area,
        _ => return None,
    })
}

fn unit_row<S: Source>(
    cols: &S,
    slots: &[Slot<UnitField>],
    i: usize,
    declared: &[String],
) -> Row<Unit> {
    use UnitField as F;
    let mut u = Unit::new(String::new(), String::new(), UnitKind::Organ);
    let (mut id, mut name, mut kind) = (None, None, None);
    let mut structure: Option<PostStructure> = None;
    let scanned = scan(cols, slots, i, |f, v| match f {
        F::Id => put!(id, id_text(v).map(Some)),
        F::Name => put!(name, text(v).map(Some)),
        F::Kind => put!(kind, vocab::<UnitKind>(v).map(Some)),
        F::Parent => put!(u.parent, id_text(v).map(Some)),
        F::CreditCode => put!(u.credit_code, text(v).map(Some)),
        // Two columns naming the same key (行政编制数 and quotas.行政): the loader's error.
        F::Quota(c) => match u.quotas.insert(c.clone(), count32(v)?) {
            None => Some(()),
            Some(_) => None,
        },
        F::Leadership(l) => match u.leadership.insert(*l, count32(v)?) {
            None => Some(()),
            Some(_) => None,
        },
        F::Class => put!(u.class, vocab::<InstitutionClass>(v).map(Some)),
        F::Funding => put!(u.funding, vocab::<Funding>(v).map(Some)),
        F::Senior => put!(
            structure.get_or_insert_default().senior,
            count32(v).map(Some)
        ),
        F::Intermediate => put!(
            structure.get_or_insert_default().intermediate,
            count32(v).map(Some)
        ),
        F::Junior => put!(
            structure.get_or_insert_default().junior,
            count32(v).map(Some)
        ),
        F::Population => put!(u.population, count(v).map(Some)),
        F::Households => put!(u.households, count(v).map(Some)),
        F::Area => put!(u.area_m2, count(v).map(Some)),
    });
    finish(scanned, || {
        u.id = id?;
        u.name = name?;
        u.kind = kind?;
        u.post_structure = structure;
        Dataset::unit_problem(&u, declared).is_none().then_some(u)
    })
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn trim_is_str_trim(s in "[ \u{3000}\u{a0}\u{85}\u{2028}\u{1680}\u{202f}a张\t\n1é€]{0,6}") {
            proptest::prop_assert_eq!(super::trim(&s), s.trim());
        }
    }
}
