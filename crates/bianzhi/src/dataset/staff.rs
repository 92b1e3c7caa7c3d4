//! The staff of a dataset as columns: what every rule reads of a person, packed.
//!
//! A roster is millions of people and each rule reads a few of their fields. Held as rows
//! (`Staff`, 248 bytes plus up to ten heap strings each) the records cost about 400 bytes a
//! person, and a pass over one field waits on a cache miss per person. Here:
//! - `id`, `name` and `id_number` are text columns: one byte buffer and an end offset per
//!   row (the layout of Arrow's `LargeUtf8`);
//! - `unit` and `working_unit` are codes into a dictionary of the distinct unit ids, so
//!   the index resolves each distinct unit once, not once per person; `post` is a text
//!   column (post ids are nearly distinct: a dictionary of them cost more than it saved);
//! - the category is a code into the distinct categories, and gender, status, leadership
//!   level, retirement group and payroll flag are one byte each;
//! - dates are chrono's own 4-byte values (`Option<NaiveDate>`: no conversion to read);
//! - secondments, concurrent posts and monthly pay, which few people have, are side tables
//!   of `(row, value)` in row order.
//!
//! About 100 bytes a person. [`StaffRow`] reads one person back; [`StaffRow::to_staff`]
//! rebuilds the record for export.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::index::FxMap;
use crate::model::{
    Category, Concurrent, Gender, LeaderLevel, RetirementGroup, Secondment, Staff, Status,
};

/// The code of "none" in a dictionary column.
const NONE: u32 = u32::MAX;

/// Text values as one buffer and the end offset of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Texts {
    bytes: String,
    ends: Vec<u64>,
}

impl Texts {
    fn push(&mut self, s: &str) {
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len() as u64);
    }

    /// Value `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.bytes[start..self.ends[i] as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    fn append(&mut self, other: &Texts) {
        let base = self.bytes.len() as u64;
        self.bytes.push_str(&other.bytes);
        self.ends.extend(other.ends.iter().map(|e| e + base));
    }
}

/// Values known before a table is built (the ids of the units table), shared by the
/// builders of its chunks: a person's unit is one lookup with no insert, and chunks append
/// without remapping those codes.
#[derive(Debug, Default)]
struct Known {
    values: Texts,
    codes: Codes,
}

/// Value → code. Ids of up to 15 bytes (nearly all unit ids) are keys packed in a `u128`,
/// compared without reading a string elsewhere in memory; a lookup per person of a
/// `Box<str>` key spent most of its time waiting on that read.
#[derive(Debug, Clone, Default)]
struct Codes {
    short: FxMap<u128, u32>,
    long: FxMap<Box<str>, u32>,
}

impl Codes {
    #[inline]
    fn short_key(s: &str) -> Option<u128> {
        let b = s.as_bytes();
        (b.len() < 16).then(|| {
            let mut k = [0u8; 16];
            k[..b.len()].copy_from_slice(b);
            k[15] = b.len() as u8;
            u128::from_le_bytes(k)
        })
    }

    #[inline]
    fn get(&self, s: &str) -> Option<u32> {
        match Codes::short_key(s) {
            Some(k) => self.short.get(&k).copied(),
            None => self.long.get(s).copied(),
        }
    }

    fn insert(&mut self, s: &str, c: u32) {
        match Codes::short_key(s) {
            Some(k) => {
                self.short.insert(k, c);
            }
            None => {
                self.long.insert(s.into(), c);
            }
        }
    }
}

/// Interns values into dense codes while a table is built: the shared known values first,
/// then the builder's own.
#[derive(Debug, Clone, Default)]
struct Interner {
    known: std::sync::Arc<Known>,
    values: Texts,
    codes: Codes,
    /// The last value pushed: rosters list a unit's people together.
    last: Option<u32>,
}

impl Interner {
    fn get(&self, c: u32) -> &str {
        let k = self.known.values.len() as u32;
        if c < k {
            self.known.values.get(c as usize)
        } else {
            self.values.get((c - k) as usize)
        }
    }

    fn code(&mut self, s: &str) -> u32 {
        if let Some(c) = self.last {
            if self.get(c) == s {
                return c;
            }
        }
        let c = match self.known.codes.get(s).or_else(|| self.codes.get(s)) {
            Some(c) => c,
            None => {
                let c = (self.known.values.len() + self.values.len()) as u32;
                self.values.push(s);
                self.codes.insert(s, c);
                c
            }
        };
        self.last = Some(c);
        c
    }

    /// An empty interner with the same known values.
    fn sibling(&self) -> Interner {
        Interner {
            known: self.known.clone(),
            ..Interner::default()
        }
    }

    /// Every value, known ones first, in code order.
    fn into_values(self) -> Texts {
        if self.known.values.len() == 0 {
            return self.values;
        }
        let mut all = self.known.values.clone();
        all.append(&self.values);
        all
    }
}

/// A small closed vocabulary stored as one byte: 0 for none, `k + 1` for `ALL[k]`.
trait Byte: Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    fn byte(v: Option<Self>) -> u8 {
        v.and_then(|v| Self::ALL.iter().position(|x| *x == v))
            .map_or(0, |k| k as u8 + 1)
    }
    #[inline]
    fn from_byte(b: u8) -> Option<Self> {
        (b as usize)
            .checked_sub(1)
            .and_then(|k| Self::ALL.get(k).copied())
    }
}

impl Byte for Gender {
    const ALL: &'static [Self] = Gender::ALL;
}
impl Byte for LeaderLevel {
    const ALL: &'static [Self] = LeaderLevel::ALL;
}
impl Byte for Status {
    const ALL: &'static [Self] = Status::ALL;
}
impl Byte for RetirementGroup {
    const ALL: &'static [Self] = RetirementGroup::ALL;
}

// Dates are held as chrono's own 4-byte value (`Option<NaiveDate>` has a niche), so
// reading one is a load, not a conversion from a day number (which cost a division per
// person per date in the staff pass).
const _: () = assert!(std::mem::size_of::<Option<NaiveDate>>() == 4);

fn flag(b: Option<bool>) -> u8 {
    b.map_or(2, u8::from)
}

/// The staff of a dataset as columns (see the module documentation for the layout).
///
/// Build one with [`StaffBuilder`] or collect it from [`Staff`] records; read it with
/// [`StaffTable::row`] or [`StaffTable::iter`].
///
/// ```
/// use bianzhi::{Staff, StaffTable, Status};
/// let mut s = Staff::new("S1", "张三", "U1");
/// s.status = Status::Retired;
/// let t: StaffTable = vec![s.clone(), Staff::new("S2", "李四", "U1")].into_iter().collect();
/// assert_eq!(t.len(), 2);
/// assert_eq!(t.row(0).status(), Status::Retired);
/// assert_eq!(t.row(1).name(), "李四");
/// assert_eq!(t.row(0).to_staff(), s);
/// ```
#[derive(Debug, Clone, Default)]
pub struct StaffTable {
    id: Texts,
    name: Texts,
    id_number: Texts,
    has_id_number: Vec<bool>,
    /// `ident::id_key_column` of each `id_number`: parsed once here, read by every
    /// validation.
    id_key: Vec<u64>,
    /// Codes into `unit_ids`.
    unit: Vec<u32>,
    working_unit: Vec<u32>,
    unit_ids: Texts,
    post: Texts,
    has_post: Vec<bool>,
    /// Codes into `categories`.
    establishment: Vec<u32>,
    categories: Vec<Category>,
    gender: Vec<u8>,
    leadership: Vec<u8>,
    status: Vec<u8>,
    retirement_group: Vec<u8>,
    on_payroll: Vec<u8>,
    birth_date: Vec<Option<NaiveDate>>,
    leadership_since: Vec<Option<NaiveDate>>,
    joined: Vec<Option<NaiveDate>>,
    left: Vec<Option<NaiveDate>>,
    retirement_date: Vec<Option<NaiveDate>>,
    secondment: Vec<(u32, Secondment)>,
    concurrent: Vec<(u32, Vec<Concurrent>)>,
    monthly_pay: Vec<(u32, Decimal)>,
}

/// One person's fields with the text borrowed: what a reader pushes into a
/// [`StaffBuilder`] without building a [`Staff`] (no allocation per field).
///
/// ```
/// use bianzhi::{StaffBuilder, StaffFields};
/// let mut f = StaffFields::new("S1", "张三", "U1");
/// f.post = Some("P1".into());
/// let mut b = StaffBuilder::default();
/// b.push_fields(f);
/// assert_eq!(b.finish().row(0).post(), Some("P1"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StaffFields<'a> {
    /// As [`Staff::id`].
    pub id: Cow<'a, str>,
    /// As [`Staff::name`].
    pub name: Cow<'a, str>,
    /// As [`Staff::id_number`].
    pub id_number: Option<Cow<'a, str>>,
    /// As [`Staff::gender`].
    pub gender: Option<Gender>,
    /// As [`Staff::birth_date`].
    pub birth_date: Option<NaiveDate>,
    /// As [`Staff::unit`].
    pub unit: Cow<'a, str>,
    /// As [`Staff::establishment`].
    pub establishment: Option<Category>,
    /// As [`Staff::post`].
    pub post: Option<Cow<'a, str>>,
    /// As [`Staff::leadership`].
    pub leadership: Option<LeaderLevel>,
    /// As [`Staff::leadership_since`].
    pub leadership_since: Option<NaiveDate>,
    /// As [`Staff::status`].
    pub status: Status,
    /// As [`Staff::joined`].
    pub joined: Option<NaiveDate>,
    /// As [`Staff::left`].
    pub left: Option<NaiveDate>,
    /// As [`Staff::on_payroll`].
    pub on_payroll: Option<bool>,
    /// As [`Staff::working_unit`].
    pub working_unit: Option<Cow<'a, str>>,
    /// As [`Staff::secondment`].
    pub secondment: Option<Secondment>,
    /// As [`Staff::concurrent`].
    pub concurrent: Vec<Concurrent>,
    /// As [`Staff::retirement_group`].
    pub retirement_group: Option<RetirementGroup>,
    /// As [`Staff::retirement_date`].
    pub retirement_date: Option<NaiveDate>,
    /// As [`Staff::monthly_pay`].
    pub monthly_pay: Option<Decimal>,
}

impl<'a> StaffFields<'a> {
    /// An active person with an id, a name and a unit; everything else empty (as
    /// [`Staff::new`]).
    pub fn new(
        id: impl Into<Cow<'a, str>>,
        name: impl Into<Cow<'a, str>>,
        unit: impl Into<Cow<'a, str>>,
    ) -> StaffFields<'a> {
        StaffFields {
            id: id.into(),
            name: name.into(),
            id_number: None,
            gender: None,
            birth_date: None,
            unit: unit.into(),
            establishment: None,
            post: None,
            leadership: None,
            leadership_since: None,
            status: Status::Active,
            joined: None,
            left: None,
            on_payroll: None,
            working_unit: None,
            secondment: None,
            concurrent: Vec::new(),
            retirement_group: None,
            retirement_date: None,
            monthly_pay: None,
        }
    }

    /// The fields of `s`, its text borrowed.
    pub fn of(s: &'a Staff) -> StaffFields<'a> {
        StaffFields {
            id: Cow::Borrowed(&s.id),
            name: Cow::Borrowed(&s.name),
            id_number: s.id_number.as_deref().map(Cow::Borrowed),
            gender: s.gender,
            birth_date: s.birth_date,
            unit: Cow::Borrowed(&s.unit),
            establishment: s.establishment.clone(),
            post: s.post.as_deref().map(Cow::Borrowed),
            leadership: s.leadership,
            leadership_since: s.leadership_since,
            status: s.status,
            joined: s.joined,
            left: s.left,
            on_payroll: s.on_payroll,
            working_unit: s.working_unit.as_deref().map(Cow::Borrowed),
            secondment: s.secondment.clone(),
            concurrent: s.concurrent.clone(),
            retirement_group: s.retirement_group,
            retirement_date: s.retirement_date,
            monthly_pay: s.monthly_pay,
        }
    }

    /// The record.
    pub fn to_staff(&self) -> Staff {
        Staff {
            id: self.id.to_string(),
            name: self.name.to_string(),
            id_number: self.id_number.as_deref().map(str::to_string),
            gender: self.gender,
            birth_date: self.birth_date,
            unit: self.unit.to_string(),
            establishment: self.establishment.clone(),
            post: self.post.as_deref().map(str::to_string),
            leadership: self.leadership,
            leadership_since: self.leadership_since,
            status: self.status,
            joined: self.joined,
            left: self.left,
            on_payroll: self.on_payroll,
            working_unit: self.working_unit.as_deref().map(str::to_string),
            secondment: self.secondment.clone(),
            concurrent: self.concurrent.clone(),
            retirement_group: self.retirement_group,
            retirement_date: self.retirement_date,
            monthly_pay: self.monthly_pay,
        }
    }
}

/// Builds a [`StaffTable`] one record at a time (the records are dropped as they are
/// pushed, so the rows and the columns are never held whole together).
///
/// ```
/// use bianzhi::{Staff, StaffBuilder};
/// let mut b = StaffBuilder::default();
/// b.push(Staff::new("S1", "张三", "U1"));
/// b.push(Staff::new("S2", "李四", "U2"));
/// let t = b.finish();
/// assert_eq!(t.row(1).unit(), "U2");
/// ```
#[derive(Debug, Default)]
pub struct StaffBuilder {
    t: StaffTable,
    units: Interner,
    categories: FxMap<Category, u32>,
}

impl StaffBuilder {
    /// A builder with room for `n` records.
    pub fn with_capacity(n: usize) -> StaffBuilder {
        let mut b = StaffBuilder::default();
        b.reserve(n);
        b
    }

    /// A builder that goes on from the records of `t` (no copy of its columns).
    ///
    /// ```
    /// use bianzhi::{Staff, StaffBuilder, StaffTable};
    /// let t = StaffTable::from_vec(vec![Staff::new("S1", "张三", "U1")]);
    /// let mut b = StaffBuilder::from_table(t);
    /// b.push(Staff::new("S2", "李四", "U1"));
    /// assert_eq!(b.finish().len(), 2);
    /// ```
    pub fn from_table(mut t: StaffTable) -> StaffBuilder {
        let interner = |values: Texts| {
            let mut codes = Codes::default();
            for k in 0..values.len() {
                codes.insert(values.get(k), k as u32);
            }
            Interner {
                codes,
                values,
                ..Interner::default()
            }
        };
        let units = interner(std::mem::take(&mut t.unit_ids));
        let categories = t
            .categories
            .iter()
            .enumerate()
            .map(|(k, c)| (c.clone(), k as u32))
            .collect();
        StaffBuilder {
            t,
            units,
            categories,
        }
    }

    /// The records pushed so far.
    pub fn len(&self) -> usize {
        self.t.id.len()
    }

    /// Room for `n` more records in the columns of fixed width.
    pub fn reserve(&mut self, n: usize) {
        let t = &mut self.t;
        t.id.ends.reserve(n);
        t.name.ends.reserve(n);
        t.id_number.ends.reserve(n);
        t.has_id_number.reserve(n);
        t.id_key.reserve(n);
        t.post.ends.reserve(n);
        t.has_post.reserve(n);
        for v in [&mut t.unit, &mut t.working_unit, &mut t.establishment] {
            v.reserve(n);
        }
        for v in [
            &mut t.gender,
            &mut t.leadership,
            &mut t.status,
            &mut t.retirement_group,
            &mut t.on_payroll,
        ] {
            v.reserve(n);
        }
        for v in [
            &mut t.birth_date,
            &mut t.leadership_since,
            &mut t.joined,
            &mut t.left,
            &mut t.retirement_date,
        ] {
            v.reserve(n);
        }
    }

    /// Whether no record was pushed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn category(&mut self, c: Option<&Category>) -> u32 {
        let Some(c) = c else { return NONE };
        if let Some(p) = self.t.categories.iter().take(4).position(|x| x == c) {
            return p as u32;
        }
        match self.categories.get(c) {
            Some(&k) => k,
            None => {
                let k = self.t.categories.len() as u32;
                self.t.categories.push(c.clone());
                self.categories.insert(c.clone(), k);
                k
            }
        }
    }

    /// Appends one record.
    pub fn push(&mut self, mut s: Staff) {
        let secondment = s.secondment.take();
        let concurrent = std::mem::take(&mut s.concurrent);
        let mut f = StaffFields::of(&s);
        f.secondment = secondment;
        f.concurrent = concurrent;
        self.push_fields(f);
    }

    /// Appends a copy of one record.
    pub fn push_ref(&mut self, s: &Staff) {
        self.push_fields(StaffFields::of(s));
    }

    /// Appends one person from borrowed fields.
    pub fn push_fields(&mut self, s: StaffFields<'_>) {
        let row = self.len() as u32;
        let unit = self.units.code(&s.unit);
        let working = s
            .working_unit
            .as_deref()
            .map_or(NONE, |w| self.units.code(w));
        let cat = self.category(s.establishment.as_ref());
        let t = &mut self.t;
        t.id.push(&s.id);
        t.name.push(&s.name);
        t.id_number.push(s.id_number.as_deref().unwrap_or(""));
        t.has_id_number.push(s.id_number.is_some());
        t.id_key
            .push(crate::ident::id_key_column(s.id_number.as_deref()));
        t.unit.push(unit);
        t.working_unit.push(working);
        t.post.push(s.post.as_deref().unwrap_or(""));
        t.has_post.push(s.post.is_some());
        t.establishment.push(cat);
        t.gender.push(Byte::byte(s.gender));
        t.leadership.push(Byte::byte(s.leadership));
        t.status.push(Byte::byte(Some(s.status)));
        t.retirement_group.push(Byte::byte(s.retirement_group));
        t.on_payroll.push(flag(s.on_payroll));
        t.birth_date.push(s.birth_date);
        t.leadership_since.push(s.leadership_since);
        t.joined.push(s.joined);
        t.left.push(s.left);
        t.retirement_date.push(s.retirement_date);
        if let Some(p) = s.monthly_pay {
            t.monthly_pay.push((row, p));
        }
        if let Some(sec) = s.secondment {
            t.secondment.push((row, sec));
        }
        if !s.concurrent.is_empty() {
            t.concurrent.push((row, s.concurrent));
        }
    }

    /// Appends a copy of one person of another table, column by column.
    pub fn push_row(&mut self, r: StaffRow<'_>) {
        let row = self.len() as u32;
        let unit = self.units.code(r.unit());
        let working = r.working_unit().map_or(NONE, |w| self.units.code(w));
        let cat = self.category(r.establishment());
        let (from, i) = (r.t, r.i);
        let t = &mut self.t;
        t.id.push(r.id());
        t.name.push(r.name());
        t.id_number.push(from.id_number.get(i));
        t.has_id_number.push(from.has_id_number[i]);
        t.id_key.push(from.id_key[i]);
        t.unit.push(unit);
        t.working_unit.push(working);
        t.post.push(from.post.get(i));
        t.has_post.push(from.has_post[i]);
        t.establishment.push(cat);
        t.gender.push(from.gender[i]);
        t.leadership.push(from.leadership[i]);
        t.status.push(from.status[i]);
        t.retirement_group.push(from.retirement_group[i]);
        t.on_payroll.push(from.on_payroll[i]);
        t.birth_date.push(from.birth_date[i]);
        t.leadership_since.push(from.leadership_since[i]);
        t.joined.push(from.joined[i]);
        t.left.push(from.left[i]);
        t.retirement_date.push(from.retirement_date[i]);
        if let Some(sec) = r.secondment() {
            t.secondment.push((row, sec.clone()));
        }
        if !r.concurrent().is_empty() {
            t.concurrent.push((row, r.concurrent().to_vec()));
        }
        if let Some(p) = r.monthly_pay() {
            t.monthly_pay.push((row, p));
        }
    }

    /// A builder whose unit dictionary starts with `ids` (the first of a repeated id
    /// counts). Builders made from it with [`StaffBuilder::sibling`] share that dictionary,
    /// so each person's unit is one lookup and [`StaffBuilder::append_builder`] copies
    /// their codes as they are: for a table converted in chunks on several threads.
    ///
    /// ```
    /// use bianzhi::{Staff, StaffBuilder};
    /// let seed = StaffBuilder::with_unit_ids(["U1", "U2"]);
    /// let (mut a, mut b) = (seed.sibling(), seed.sibling());
    /// a.push(Staff::new("S1", "张三", "U2"));
    /// b.push(Staff::new("S2", "李四", "U9"));
    /// a.append_builder(b);
    /// let t = a.finish();
    /// assert_eq!((t.row(0).unit(), t.row(1).unit()), ("U2", "U9"));
    /// ```
    pub fn with_unit_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> StaffBuilder {
        let mut known = Known::default();
        for id in ids {
            if known.codes.get(id).is_none() {
                known.codes.insert(id, known.values.len() as u32);
                known.values.push(id);
            }
        }
        StaffBuilder {
            units: Interner {
                known: std::sync::Arc::new(known),
                ..Interner::default()
            },
            ..StaffBuilder::default()
        }
    }

    /// An empty builder sharing this one's initial unit dictionary
    /// ([`StaffBuilder::with_unit_ids`]).
    pub fn sibling(&self) -> StaffBuilder {
        StaffBuilder {
            units: self.units.sibling(),
            ..StaffBuilder::default()
        }
    }

    /// Appends every record of `other`, in order.
    pub fn append(&mut self, other: StaffTable) {
        let units: Vec<u32> = (0..other.unit_ids.len())
            .map(|k| self.units.code(other.unit_ids.get(k)))
            .collect();
        self.append_mapped(other, |c| units[c as usize]);
    }

    /// [`StaffBuilder::append`] of another builder's records; the codes of a shared
    /// initial dictionary ([`StaffBuilder::sibling`]) are kept as they are.
    pub fn append_builder(&mut self, other: StaffBuilder) {
        if !std::sync::Arc::ptr_eq(&self.units.known, &other.units.known) {
            return self.append(other.finish());
        }
        let known = self.units.known.values.len() as u32;
        let own = &other.units.values;
        let units: Vec<u32> = (0..own.len())
            .map(|k| self.units.code(own.get(k)))
            .collect();
        self.append_mapped(other.t, |c| {
            if c < known {
                c
            } else {
                units[(c - known) as usize]
            }
        });
    }

    fn append_mapped(&mut self, other: StaffTable, unit: impl Fn(u32) -> u32) {
        let base = self.len() as u32;
        let cats: Vec<u32> = other
            .categories
            .iter()
            .map(|c| self.category(Some(c)))
            .collect();
        let map = |codes: &[u32], to: &dyn Fn(u32) -> u32| -> Vec<u32> {
            codes
                .iter()
                .map(|&c| if c == NONE { NONE } else { to(c) })
                .collect()
        };
        let t = &mut self.t;
        t.unit.extend(map(&other.unit, &unit));
        t.working_unit.extend(map(&other.working_unit, &unit));
        t.post.append(&other.post);
        t.has_post.extend_from_slice(&other.has_post);
        t.establishment
            .extend(map(&other.establishment, &|c| cats[c as usize]));
        t.id.append(&other.id);
        t.name.append(&other.name);
        t.id_number.append(&other.id_number);
        t.has_id_number.extend_from_slice(&other.has_id_number);
        t.id_key.extend_from_slice(&other.id_key);
        t.gender.extend_from_slice(&other.gender);
        t.leadership.extend_from_slice(&other.leadership);
        t.status.extend_from_slice(&other.status);
        t.retirement_group
            .extend_from_slice(&other.retirement_group);
        t.on_payroll.extend_from_slice(&other.on_payroll);
        t.birth_date.extend_from_slice(&other.birth_date);
        t.leadership_since
            .extend_from_slice(&other.leadership_since);
        t.joined.extend_from_slice(&other.joined);
        t.left.extend_from_slice(&other.left);
        t.retirement_date.extend_from_slice(&other.retirement_date);
        let shift = |r: u32| r + base;
        t.secondment
            .extend(other.secondment.into_iter().map(|(r, v)| (shift(r), v)));
        t.concurrent
            .extend(other.concurrent.into_iter().map(|(r, v)| (shift(r), v)));
        t.monthly_pay
            .extend(other.monthly_pay.into_iter().map(|(r, v)| (shift(r), v)));
    }

    /// The table (the interning maps are dropped).
    pub fn finish(self) -> StaffTable {
        let mut t = self.t;
        t.unit_ids = self.units.into_values();
        t
    }
}

impl FromIterator<Staff> for StaffTable {
    fn from_iter<I: IntoIterator<Item = Staff>>(iter: I) -> StaffTable {
        let iter = iter.into_iter();
        let mut b = StaffBuilder::with_capacity(iter.size_hint().0);
        for s in iter {
            b.push(s);
        }
        b.finish()
    }
}

impl StaffTable {
    /// The table of `staff`, each record dropped once it is in the columns.
    pub fn from_vec(staff: Vec<Staff>) -> StaffTable {
        staff.into_iter().collect()
    }

    /// The number of people.
    pub fn len(&self) -> usize {
        self.id.len()
    }

    /// Whether there is no one.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Person `i`.
    ///
    /// # Panics
    /// When `i >= len()`, as slice indexing does; [`StaffTable::get`] does not.
    pub fn row(&self, i: usize) -> StaffRow<'_> {
        assert!(i < self.len(), "staff row {i} of {}", self.len());
        StaffRow { t: self, i }
    }

    /// Person `i`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<StaffRow<'_>> {
        (i < self.len()).then_some(StaffRow { t: self, i })
    }

    /// Everyone, in order.
    pub fn iter(&self) -> Rows<'_> {
        self.into_iter()
    }

    /// The records rebuilt, in order.
    pub fn to_vec(&self) -> Vec<Staff> {
        self.iter().map(|r| r.to_staff()).collect()
    }

    /// The distinct unit ids named by `unit` and `working_unit`, by code.
    pub(crate) fn unit_ids(&self) -> &Texts {
        &self.unit_ids
    }

    /// Per person: the post id (empty for none, see [`StaffTable::has_post`]).
    pub(crate) fn posts(&self) -> &Texts {
        &self.post
    }

    /// Per person: whether a post is given.
    pub(crate) fn has_post(&self) -> &[bool] {
        &self.has_post
    }

    /// The distinct categories, by code.
    pub(crate) fn categories(&self) -> &[Category] {
        &self.categories
    }

    /// Per person: the code of `unit` and of `working_unit` (`u32::MAX` for none), and of
    /// the category.
    pub(crate) fn unit_codes(&self) -> &[u32] {
        &self.unit
    }
    pub(crate) fn working_unit_codes(&self) -> &[u32] {
        &self.working_unit
    }
    pub(crate) fn category_codes(&self) -> &[u32] {
        &self.establishment
    }

    /// The people with concurrent posts, in row order.
    pub(crate) fn concurrent_rows(&self) -> &[(u32, Vec<Concurrent>)] {
        &self.concurrent
    }

    /// The text of every id, as a column.
    pub(crate) fn ids(&self) -> &Texts {
        &self.id
    }

    fn sparse<T>(side: &[(u32, T)], i: usize) -> Option<&T> {
        side.binary_search_by_key(&(i as u32), |(r, _)| *r)
            .ok()
            .map(|k| &side[k].1)
    }
}

impl<'a> IntoIterator for &'a StaffTable {
    type Item = StaffRow<'a>;
    type IntoIter = Rows<'a>;
    fn into_iter(self) -> Rows<'a> {
        Rows { t: self, next: 0 }
    }
}

/// The people of a [`StaffTable`], in order.
#[derive(Debug, Clone)]
pub struct Rows<'a> {
    t: &'a StaffTable,
    next: usize,
}

impl<'a> Iterator for Rows<'a> {
    type Item = StaffRow<'a>;
    fn next(&mut self) -> Option<StaffRow<'a>> {
        let r = self.t.get(self.next)?;
        self.next += 1;
        Some(r)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.t.len() - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Rows<'_> {}

/// One person of a [`StaffTable`], read from the columns. The accessors mirror the fields
/// of [`Staff`].
///
/// ```
/// use bianzhi::{Category, Staff, StaffTable};
/// let mut s = Staff::new("S1", "张三", "U1");
/// s.establishment = Some(Category::Administrative);
/// let t = StaffTable::from_vec(vec![s]);
/// let r = t.row(0);
/// assert_eq!((r.id(), r.unit(), r.post()), ("S1", "U1", None));
/// assert_eq!(r.establishment(), Some(&Category::Administrative));
/// assert!(r.is_on_payroll());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct StaffRow<'a> {
    t: &'a StaffTable,
    i: usize,
}

impl<'a> StaffRow<'a> {
    /// The position of the person in the table.
    #[inline]
    pub fn index(&self) -> usize {
        self.i
    }
    /// Unique record identifier.
    #[inline]
    pub fn id(&self) -> &'a str {
        self.t.id.get(self.i)
    }
    /// Name (姓名).
    #[inline]
    pub fn name(&self) -> &'a str {
        self.t.name.get(self.i)
    }
    /// 身份证号.
    #[inline]
    pub fn id_number(&self) -> Option<&'a str> {
        self.t.has_id_number[self.i].then(|| self.t.id_number.get(self.i))
    }
    /// The 身份证号 as parsed when the table was built (`ident::id_key_column`).
    #[inline]
    pub(crate) fn id_key(&self) -> u64 {
        self.t.id_key[self.i]
    }
    /// Gender (性别).
    #[inline]
    pub fn gender(&self) -> Option<Gender> {
        Byte::from_byte(self.t.gender[self.i])
    }
    /// Birth date (出生日期).
    #[inline]
    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.t.birth_date[self.i]
    }
    /// The unit whose establishment the person holds.
    #[inline]
    pub fn unit(&self) -> &'a str {
        self.t.unit_ids.get(self.t.unit[self.i] as usize)
    }
    /// The establishment category held; `None` = 编外.
    #[inline]
    pub fn establishment(&self) -> Option<&'a Category> {
        let c = self.t.establishment[self.i];
        (c != NONE).then(|| &self.t.categories[c as usize])
    }
    /// Post id (岗位).
    #[inline]
    pub fn post(&self) -> Option<&'a str> {
        self.t.has_post[self.i].then(|| self.t.post.get(self.i))
    }
    /// Leadership role in the own pool (领导职务).
    #[inline]
    pub fn leadership(&self) -> Option<LeaderLevel> {
        Byte::from_byte(self.t.leadership[self.i])
    }
    /// Date appointed to the leadership role (任职日期).
    #[inline]
    pub fn leadership_since(&self) -> Option<NaiveDate> {
        self.t.leadership_since[self.i]
    }
    /// Status (人员状态).
    #[inline]
    pub fn status(&self) -> Status {
        Byte::from_byte(self.t.status[self.i]).unwrap_or(Status::Active)
    }
    /// Date joined (入职).
    #[inline]
    pub fn joined(&self) -> Option<NaiveDate> {
        self.t.joined[self.i]
    }
    /// Date left (离开).
    #[inline]
    pub fn left(&self) -> Option<NaiveDate> {
        self.t.left[self.i]
    }
    /// Paid from the budget (财政供养), as given.
    #[inline]
    pub fn on_payroll(&self) -> Option<bool> {
        match self.t.on_payroll[self.i] {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    /// Where the person actually works, when not in their own pool.
    #[inline]
    pub fn working_unit(&self) -> Option<&'a str> {
        let c = self.t.working_unit[self.i];
        (c != NONE).then(|| self.t.unit_ids.get(c as usize))
    }
    /// The secondment that allows `working_unit`.
    #[inline]
    pub fn secondment(&self) -> Option<&'a Secondment> {
        StaffTable::sparse(&self.t.secondment, self.i)
    }
    /// Concurrent appointments (兼职).
    #[inline]
    pub fn concurrent(&self) -> &'a [Concurrent] {
        StaffTable::sparse(&self.t.concurrent, self.i).map_or(&[], |v| v.as_slice())
    }
    /// Statutory retirement group, as given.
    #[inline]
    pub fn retirement_group(&self) -> Option<RetirementGroup> {
        Byte::from_byte(self.t.retirement_group[self.i])
    }
    /// An explicit retirement date.
    #[inline]
    pub fn retirement_date(&self) -> Option<NaiveDate> {
        self.t.retirement_date[self.i]
    }
    /// Monthly amount paid (月发放金额, yuan).
    #[inline]
    pub fn monthly_pay(&self) -> Option<Decimal> {
        StaffTable::sparse(&self.t.monthly_pay, self.i).copied()
    }
    /// Whether the person is paid from the budget, as [`Staff::is_on_payroll`].
    #[inline]
    pub fn is_on_payroll(&self) -> bool {
        self.on_payroll()
            .unwrap_or(self.establishment().is_some() && self.status().occupies())
    }

    /// The record, rebuilt.
    pub fn to_staff(&self) -> Staff {
        Staff {
            id: self.id().to_string(),
            name: self.name().to_string(),
            id_number: self.id_number().map(str::to_string),
            gender: self.gender(),
            birth_date: self.birth_date(),
            unit: self.unit().to_string(),
            establishment: self.establishment().cloned(),
            post: self.post().map(str::to_string),
            leadership: self.leadership(),
            leadership_since: self.leadership_since(),
            status: self.status(),
            joined: self.joined(),
            left: self.left(),
            on_payroll: self.on_payroll(),
            working_unit: self.working_unit().map(str::to_string),
            secondment: self.secondment().cloned(),
            concurrent: self.concurrent().to_vec(),
            retirement_group: self.retirement_group(),
            retirement_date: self.retirement_date(),
            monthly_pay: self.monthly_pay(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn opt_date() -> impl Strategy<Value = Option<NaiveDate>> {
        prop::option::of(
            (1i32..4000, 1u32..366).prop_filter_map("date", |(y, d)| NaiveDate::from_yo_opt(y, d)),
        )
    }

    fn staff() -> impl Strategy<Value = Staff> {
        let text = "[a-c张李]{0,4}|[ab张]{4,8}";
        (
            (
                text,
                text,
                prop::option::of(text),
                text,
                prop::option::of(text),
            ),
            (
                prop::option::of(prop::sample::select(Gender::ALL)),
                prop::option::of(prop::sample::select(LeaderLevel::ALL)),
                prop::sample::select(Status::ALL),
                prop::option::of(prop::sample::select(RetirementGroup::ALL)),
                prop::option::of(any::<bool>()),
            ),
            (opt_date(), opt_date(), opt_date()),
            (
                prop::option::of(prop::sample::select(vec![
                    Category::Administrative,
                    Category::Institution,
                    Category::Custom("专项".into()),
                    Category::Custom("其他".into()),
                ])),
                prop::option::of(text),
                prop::option::of((opt_date(), prop::option::of(text))),
                prop::collection::vec(
                    (
                        text,
                        prop::option::of(prop::sample::select(LeaderLevel::ALL)),
                    ),
                    0..3,
                ),
                prop::option::of(0i64..10_000_000),
            ),
        )
            .prop_map(
                |(
                    (id, name, idn, unit, post),
                    (g, l, st, rg, pay),
                    (b, j, r),
                    (cat, wu, sec, con, money),
                )| {
                    let mut s = Staff::new(id, name, unit);
                    s.id_number = idn;
                    s.post = post;
                    s.gender = g;
                    s.leadership = l;
                    s.status = st;
                    s.retirement_group = rg;
                    s.on_payroll = pay;
                    s.birth_date = b;
                    s.joined = j;
                    s.left = b;
                    s.leadership_since = j;
                    s.retirement_date = r;
                    s.establishment = cat;
                    s.working_unit = wu;
                    s.secondment = sec.and_then(|(start, by)| {
                        start.map(|start| Secondment {
                            start,
                            end: None,
                            approved_by: by,
                        })
                    });
                    s.concurrent = con
                        .into_iter()
                        .map(|(unit, leadership)| Concurrent { unit, leadership })
                        .collect();
                    s.monthly_pay = money.map(|m| Decimal::new(m, 2));
                    s
                },
            )
    }

    proptest! {
        #[test]
        fn rows_round_trip(staff in prop::collection::vec(staff(), 0..40), cut in 0usize..40) {
            let t = StaffTable::from_vec(staff.clone());
            prop_assert_eq!(t.len(), staff.len());
            prop_assert_eq!(t.to_vec(), staff.clone());
            // Built in two parts and appended: the same rows.
            let cut = cut.min(staff.len());
            let mut b = StaffBuilder::default();
            for s in &staff[..cut] {
                b.push_ref(s);
            }
            b.append(StaffTable::from_vec(staff[cut..].to_vec()));
            let t = b.finish();
            prop_assert_eq!(t.to_vec(), staff.clone());
            // Copied row by row: the same rows.
            let mut c = StaffBuilder::default();
            for r in t.iter() {
                c.push_row(r);
            }
            let c = c.finish();
            prop_assert_eq!(c.to_vec(), staff.clone());
            // Continued from a finished table: the same rows.
            let mut d = StaffBuilder::from_table(StaffTable::from_vec(staff[..cut].to_vec()));
            for s in &staff[cut..] {
                d.push_ref(s);
            }
            prop_assert_eq!(d.finish().to_vec(), staff);
        }

        #[test]
        fn chunks_with_known_units_are_the_rows(
            staff in prop::collection::vec(staff(), 0..40),
            known in prop::collection::vec("[a-c]{0,2}|U[0-9]|[a-c张]{14,17}", 0..6),
            cuts in prop::collection::vec(0usize..40, 0..4),
        ) {
            let seed = StaffBuilder::with_unit_ids(known.iter().map(String::as_str));
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(staff.len())).collect();
            cuts.push(0);
            cuts.push(staff.len());
            cuts.sort_unstable();
            // Chunks built by siblings, appended to a sibling and to an unrelated builder.
            let (mut shared, mut plain) = (seed.sibling(), StaffBuilder::default());
            for w in cuts.windows(2) {
                let (mut a, mut b) = (seed.sibling(), seed.sibling());
                for s in &staff[w[0]..w[1]] {
                    a.push_ref(s);
                    b.push_ref(s);
                }
                shared.append_builder(a);
                plain.append_builder(b);
            }
            let (shared, plain) = (shared.finish(), plain.finish());
            prop_assert_eq!(shared.to_vec(), staff.clone());
            prop_assert_eq!(plain.to_vec(), staff.clone());
            // Every known id is in the dictionary, in order, before the others.
            let mut first: Vec<&str> = Vec::new();
            for k in &known {
                if !first.contains(&k.as_str()) {
                    first.push(k);
                }
            }
            let ids = shared.unit_ids();
            prop_assert!(first.iter().enumerate().all(|(k, id)| ids.get(k) == *id));
        }
    }

    #[test]
    fn past_the_end_is_none() {
        let t = StaffTable::from_vec(vec![Staff::new("S1", "张三", "U1")]);
        assert!(t.get(1).is_none());
        assert_eq!(t.get(0).map(|r| r.id()), Some("S1"));
        assert_eq!(t.iter().len(), 1);
    }
}
