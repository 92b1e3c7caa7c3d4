//! The orchestration of the rules of `docs/rules.md#finding-codes` over the dense index: the
//! context findings are pushed into, one pass over staff (chunked over threads) plus passes
//! over units, posts, duties and pools. The rules themselves live in one module per family
//! (`identity`, `establishment`, `leadership`, `posts`, `secondment`, `retirement`,
//! `duties`, `pools`, `norms`, …); their words in `messages`.

use chrono::NaiveDate;

use super::establishment::{
    allowed_table, ghost_payroll, mixed_establishment, not_on_duty, pairs_of,
};
use super::identity::{future_birth, id_mismatch, invalid_id, KeyPartitions};
use super::messages::say;
use super::posts::{post_wrong_category, post_wrong_pool, PostFacts, NO_GROUP};
use super::report::{Code, LeadershipRow, OccupancyRow, Report, Summary, Violation};
use super::retirement::{is_past_retirement, past_retirement, Birth, PastTable};
use super::secondment::{secondment_overdue, unapproved_secondment};
use super::Lang;
use crate::dataset::index::{Index, NONE, NO_CAT};
use crate::dataset::pairs::{union, Pairs};
use crate::dataset::{Dataset, StaffRow, StaffTable};
use crate::ident::{parse_kept_key, AsOf};
use crate::model::{Document, LeaderLevel, Status, UnitKind};

// The steps the partition API (`super::partition`) takes one by one, under the names it
// has always used.
pub(super) use super::duties::duties;
pub(super) use super::identity::{duplicate_person_finding, Holder};
pub(super) use super::leadership::concurrent_rules;
pub(super) use super::records::{duplicate_id, record_issue, structure, Scope};

pub(super) struct Ctx<'a> {
    /// Every array but the staff (`doc.staff` is empty): the staff are `st`.
    pub(super) doc: &'a Document,
    pub(super) st: &'a StaffTable,
    pub(super) ix: &'a Index,
    pub(super) as_of: NaiveDate,
    pub(super) lang: Lang,
    /// One bucket per code: concatenated in code order at the end.
    pub(super) out: Vec<Vec<Violation>>,
    /// Beside each finding of `out`: the staff record it was found on (`cur` when pushed),
    /// which orders the findings of a partition among the others (`super::partition`).
    pub(super) at: Vec<Vec<u32>>,
    pub(super) cur: u32,
    /// The record number in the input of each staff record, when it is not its position:
    /// after a record was skipped, or in a partition of a roster (numbers in the whole).
    pub(super) records: Option<&'a [u64]>,
    /// For a partition: the whole roster's record number of each of its input records
    /// (`RecordIssue::index` counts them, skipped ones included).
    pub(super) issue_rows: Option<&'a [u64]>,
}

/// The input record number of each loaded staff record of `ds` (records skipped while
/// loading leave gaps), mapped through `input` (a partition's numbers in the whole
/// roster); `None` when they are the positions themselves.
pub(super) fn staff_rows(ds: &Dataset, input: Option<&[u64]>) -> Option<Vec<u64>> {
    let mut skipped: Vec<usize> = ds
        .issues()
        .iter()
        .filter(|i| i.array == "staff" && i.skipped)
        .map(|i| i.index)
        .collect();
    if skipped.is_empty() && input.is_none() {
        return None;
    }
    skipped.sort_unstable();
    skipped.dedup();
    let n = ds.staff().len();
    let mut out = Vec::with_capacity(n);
    let mut skip = skipped.iter().peekable();
    let mut row = 0usize;
    while out.len() < n {
        if skip.peek() == Some(&&row) {
            skip.next();
        } else {
            out.push(input.map_or(row as u64, |r| r.get(row).copied().unwrap_or(u64::MAX)));
        }
        row += 1;
    }
    Some(out)
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        doc: &'a Document,
        st: &'a StaffTable,
        ix: &'a Index,
        as_of: NaiveDate,
        lang: Lang,
        records: Option<&'a [u64]>,
    ) -> Ctx<'a> {
        Ctx {
            doc,
            st,
            ix,
            as_of,
            lang,
            out: vec![Vec::new(); Code::ALL.len()],
            at: vec![Vec::new(); Code::ALL.len()],
            cur: 0,
            records,
            issue_rows: None,
        }
    }

    pub(super) fn push(&mut self, v: Violation) {
        self.at[v.code as usize].push(self.cur);
        self.out[v.code as usize].push(v);
    }

    /// The record number (from 0) of staff record `i` in the whole roster.
    pub(super) fn staff_no(&self, i: usize) -> usize {
        self.records
            .and_then(|r| r.get(i))
            .map_or(i, |&n| usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(super) fn unit_name(&self, u: u32) -> &'a str {
        self.doc
            .units
            .get(u as usize)
            .map(|u| u.name.as_str())
            .unwrap_or("?")
    }

    pub(super) fn unit_id(&self, u: u32) -> Option<String> {
        self.doc.units.get(u as usize).map(|u| u.id.clone())
    }

    pub(super) fn person(&self, s: StaffRow) -> String {
        format!("{}({})", s.name(), s.id())
    }

    /// `person(s)` followed by `rest`, in one allocation (most findings are about a person).
    pub(super) fn about(&self, s: StaffRow, rest: std::fmt::Arguments) -> String {
        use std::fmt::Write;
        let (name, id) = (s.name(), s.id());
        let mut m = String::with_capacity(name.len() + id.len() + 2 + 120);
        m.push_str(name);
        m.push('(');
        m.push_str(id);
        m.push(')');
        let _ = m.write_fmt(rest);
        m
    }

    pub(super) fn cat_name(&self, c: usize) -> &'a str {
        let cat = &self.ix.categories[c];
        match self.lang {
            Lang::Zh => cat.zh(),
            Lang::En => cat.as_str(),
        }
    }

    pub(super) fn staff_v(&self, code: Code, i: usize, message: String) -> Violation {
        let s = self.st.row(i);
        let u = self.ix.staff_pool[i];
        Violation {
            unit: if u == NONE {
                Some(s.unit().to_string())
            } else {
                self.unit_id(u)
            },
            staff: Some(s.id().to_string()),
            message,
            ..Violation::new(code)
        }
    }
}

pub(crate) fn run(ds: &Dataset, as_of: NaiveDate, lang: Lang, threads: usize) -> Report {
    let doc = ds.rows();
    let st = ds.staff();
    let ix = &ds.ix;
    let rows = staff_rows(ds, None);
    let mut cx = Ctx::new(doc, st, ix, as_of, lang, rows.as_deref());
    for issue in ds.issues() {
        record_issue(&mut cx, issue);
    }
    structure(&mut cx, Scope::All);
    let counts = staff_pass(&mut cx, threads);
    let facts = super::families::Facts::gather(
        doc,
        st,
        ix,
        as_of,
        lang,
        &counts.post_occ,
        &|i| i as u64,
        true,
    );
    unit_rules(&mut cx, &counts, &facts.tallies);
    duties(&mut cx);
    super::families::run(
        doc,
        st,
        ix,
        as_of,
        lang,
        &mut cx.out,
        facts,
        &counts.post_occ,
    );

    let violations: Vec<Violation> = cx.out.into_iter().flatten().collect();
    report(doc, ix, as_of, st.len(), violations, &counts)
}

/// The report of the findings (in their final order) and the summed counts: the last step
/// of [`run`] and of the partition API's `finish`.
pub(super) fn report(
    doc: &Document,
    ix: &Index,
    as_of: NaiveDate,
    staff: usize,
    violations: Vec<Violation>,
    counts: &Counts,
) -> Report {
    let mut summary = Summary {
        units: doc.units.len(),
        posts: doc.posts.len(),
        staff,
        ..Summary::default()
    };
    for v in &violations {
        match v.severity {
            super::Severity::Error => summary.errors += 1,
            super::Severity::Warning => summary.warnings += 1,
            super::Severity::Info => summary.infos += 1,
        }
    }
    Report {
        as_of,
        summary,
        occupancy: counts.occupancy_rows(doc, ix),
        leadership: counts.leadership_rows(doc, ix),
        violations,
    }
}

/// Counters gathered by the staff pass.
#[derive(Clone)]
pub(super) struct Counts {
    /// Occupied `O` per (unit, category) pair that occurs.
    pub(super) occ: Pairs,
    /// Leaders per unit × level.
    pub(super) leaders: Vec<u32>,
    /// Present occupants per post.
    pub(super) post_occ: Vec<u32>,
    /// Staff on professional posts per unit × group (senior, intermediate, junior).
    pub(super) prof: Vec<[u32; 3]>,
    /// Present staff per unit (direct), for norms.
    pub(super) present: Vec<u32>,
    /// On-payroll headcount per pool, for 三不超.
    pub(super) payroll: Vec<u32>,
}

impl Counts {
    pub(super) fn occupancy_rows(&self, doc: &Document, ix: &Index) -> Vec<OccupancyRow> {
        let mut rows = Vec::new();
        let pairs = union(&ix.quota, &self.occ);
        for (u, unit) in doc.units.iter().enumerate() {
            if ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            let known = super::quota::quotas_known(unit);
            for &(_, c, a, o) in pairs_of(&pairs, u) {
                rows.push(OccupancyRow::new(
                    unit.id.clone(),
                    ix.categories[c as usize].as_str(),
                    known.then_some(u64::from(a)),
                    u64::from(o),
                ));
            }
        }
        rows
    }

    pub(super) fn leadership_rows(&self, doc: &Document, ix: &Index) -> Vec<LeadershipRow> {
        let mut rows = Vec::new();
        for (u, unit) in doc.units.iter().enumerate() {
            if ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            for &l in LeaderLevel::ALL {
                let a = u64::from(unit.leadership.get(&l).copied().unwrap_or(0));
                let n = u64::from(self.leaders[u * 4 + l.index()]);
                if a > 0 || n > 0 {
                    rows.push(LeadershipRow {
                        unit: unit.id.clone(),
                        level: l,
                        approved: a,
                        actual: n,
                    });
                }
            }
        }
        rows
    }
}

/// What every chunk of the staff pass reads: computed once per call.
struct Shared {
    allowed: Vec<Vec<bool>>,
    posts: Vec<PostFacts>,
    pool_kind: Vec<UnitKind>,
    past: PastTable,
    as_of_key: AsOf,
    max_months: u32,
    /// Partitions of the duplicate-key scatter (the same in every chunk, so chunks merge).
    key_parts: usize,
}

/// What one chunk of the staff pass produced.
struct Part<'a> {
    out: Vec<Vec<Violation>>,
    at: Vec<Vec<u32>>,
    k: Counts,
    ids: KeyPartitions,
    /// Occupying people whose ID number is invalid, with its trimmed text, in staff order.
    raw: Vec<(&'a str, u32)>,
}

impl Counts {
    pub(super) fn new(doc: &Document, ncat: usize) -> Counts {
        let nu = doc.units.len();
        Counts {
            occ: Pairs::new(nu, ncat),
            leaders: vec![0; nu * 4],
            post_occ: vec![0; doc.posts.len()],
            prof: vec![[0; 3]; nu],
            present: vec![0; nu],
            payroll: vec![0; nu],
        }
    }

    pub(super) fn add(&mut self, o: &Counts) {
        let sum = |a: &mut [u32], b: &[u32]| a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        self.occ.merge(&o.occ);
        sum(&mut self.leaders, &o.leaders);
        sum(&mut self.post_occ, &o.post_occ);
        sum(&mut self.present, &o.present);
        sum(&mut self.payroll, &o.payroll);
        for (a, b) in self.prof.iter_mut().zip(&o.prof) {
            sum(a, b);
        }
    }
}

/// Below this many staff the pass runs on the calling thread unless told otherwise:
/// starting threads would cost more than it saves.
const PARALLEL_MIN_STAFF: usize = 50_000;

/// The per-person rules and the counts the unit rules need. The staff are split into
/// contiguous chunks checked on `threads` threads (0: one per available core); chunk
/// results are merged in staff order, so the report is the same for any thread count.
fn staff_pass(cx: &mut Ctx, threads: usize) -> Counts {
    let StaffOut { mut k, ids, raw } = staff_local(cx, threads);
    super::identity::repeated_people(cx, ids, raw);
    super::leadership::concurrent_rules(cx, &mut k);
    k
}

/// What the per-person rules leave for the rules across people: the counts, and the
/// identity keys of the occupying people (valid ID numbers as keys, invalid ones as
/// their trimmed text), each in staff order.
pub(super) struct StaffOut<'a> {
    pub(super) k: Counts,
    ids: Vec<KeyPartitions>,
    pub(super) raw: Vec<(&'a str, u32)>,
}

impl StaffOut<'_> {
    /// `(key, staff)` of the occupying people with a valid ID number, in no order.
    pub(super) fn keys(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.ids
            .iter()
            .flat_map(|c| c.parts.iter().flatten().copied())
    }
}

/// The per-person rules over the staff (findings into `cx`), in chunks on `threads` threads.
pub(super) fn staff_local<'a>(cx: &mut Ctx<'a>, threads: usize) -> StaffOut<'a> {
    let doc = cx.doc;
    let st = cx.st;
    let ix = cx.ix;
    let n = st.len();
    let as_of = cx.as_of;
    let shared = Shared {
        allowed: allowed_table(doc, ix),
        // What the loop needs of a post and a pool, packed: read once here rather than a
        // 112-byte post record and a unit record per person (rosters hold several people
        // per post, and the records no longer fit the caches at a million staff).
        posts: doc
            .posts
            .iter()
            .enumerate()
            .map(|(p, rec)| PostFacts::new(rec, ix, p))
            .collect(),
        pool_kind: doc.units.iter().map(|u| u.kind).collect(),
        past: PastTable::new(as_of),
        as_of_key: AsOf::new(as_of),
        max_months: doc.settings.secondment_max_months,
        key_parts: KeyPartitions::parts_for(n),
    };
    let chunks = match threads {
        0 if n < PARALLEL_MIN_STAFF => 1,
        0 => crate::parallel::parts(n, PARALLEL_MIN_STAFF),
        t => t,
    }
    .clamp(1, n.clamp(1, 64));
    let ranges: Vec<std::ops::Range<usize>> = (0..chunks)
        .map(|c| n * c / chunks..n * (c + 1) / chunks)
        .collect();
    let (lang, shared, records) = (cx.lang, &shared, cx.records);
    let parts: Vec<Part> = crate::parallel::map_in_order(ranges, |r| {
        staff_range(doc, st, ix, as_of, lang, records, shared, r)
    });

    let mut k = Counts::new(doc, ix.ncat());
    let mut ids = Vec::with_capacity(parts.len());
    let mut raw: Vec<(&str, u32)> = Vec::new();
    for mut part in parts {
        for (bucket, found) in cx.out.iter_mut().zip(part.out.iter_mut()) {
            bucket.append(found);
        }
        for (bucket, found) in cx.at.iter_mut().zip(part.at.iter_mut()) {
            bucket.append(found);
        }
        k.add(&part.k);
        ids.push(part.ids);
        raw.append(&mut part.raw);
    }
    StaffOut { k, ids, raw }
}

/// The staff pass over one contiguous range of staff.
#[allow(clippy::too_many_arguments)]
fn staff_range<'a>(
    doc: &'a Document,
    st: &'a StaffTable,
    ix: &'a Index,
    as_of: NaiveDate,
    lang: Lang,
    records: Option<&'a [u64]>,
    sh: &Shared,
    range: std::ops::Range<usize>,
) -> Part<'a> {
    let mut cx = Ctx::new(doc, st, ix, as_of, lang, records);
    let cx = &mut cx;
    let mut k = Counts::new(doc, ix.ncat());
    let mut seen_ids = KeyPartitions::new(sh.key_parts, range.len());
    let mut raw: Vec<(&str, u32)> = Vec::new();
    let (allowed, posts, pool_kind, past) = (&sh.allowed, &sh.posts, &sh.pool_kind, &sh.past);
    let (as_of_key, max_months) = (sh.as_of_key, sh.max_months);

    // The loop only tests; every finding is built out of line (`#[cold]` functions below),
    // which keeps the loop's registers free for the common case of a clean record.
    for i in range {
        let s = st.row(i);
        cx.cur = i as u32;
        let pool = ix.staff_pool[i];
        let cat = ix.staff_cat[i];
        let status = s.status();
        let present = status.occupies();
        let occupying = present && cat != NO_CAT;
        let post = ix.staff_post[i];
        let post_rec = (post != NONE).then(|| &posts[post as usize]);

        // Identity.
        let birth_date = s.birth_date();
        let mut birth = birth_date.map(Birth::Date);
        if birth_date.is_some_and(|b| b > as_of) {
            future_birth(cx, i);
        }
        let mut gender = s.gender();
        if let Some(parsed) = parse_kept_key(s.id_key(), || s.id_number(), &as_of_key) {
            match parsed {
                Ok(key) => {
                    let birth_wrong = birth_date.is_some_and(|b| !key.born_on(b));
                    let gender_wrong = s.gender().is_some_and(|g| g != key.gender);
                    if birth_wrong || gender_wrong {
                        id_mismatch(cx, i, &key);
                    }
                    birth = birth.or(Some(Birth::Key(key)));
                    gender = gender.or(Some(key.gender));
                    if occupying {
                        seen_ids.push(key.key, i as u32);
                    }
                }
                Err(e) => {
                    let idn = s.id_number().unwrap_or("");
                    invalid_id(cx, i, idn, e);
                    if occupying {
                        raw.push((idn.trim(), i as u32));
                    }
                }
            }
        }

        // Establishment.
        if occupying && pool != NONE {
            let p = pool as usize;
            k.occ.add(p as u32, cat, 1);
            if !allowed[pool_kind[p] as usize][cat as usize] {
                mixed_establishment(cx, i, pool, cat);
            }
        }
        if present && pool != NONE {
            k.present[ix.staff_unit[i] as usize] += 1;
            if let Some(l) = s.leadership() {
                k.leaders[pool as usize * 4 + l.index()] += 1;
            }
        }
        if s.is_on_payroll() && pool != NONE {
            k.payroll[pool as usize] += 1;
        }

        // Posts.
        if let (true, Some(p)) = (present, post_rec) {
            k.post_occ[post as usize] += 1;
            let post_pool = p.pool;
            if p.prof != NO_GROUP && post_pool != NONE {
                k.prof[post_pool as usize][p.prof as usize] += 1;
            }
            if p.need != NO_CAT && p.need != cat {
                post_wrong_category(cx, i, &doc.posts[post as usize], p.need, cat);
            } else if post_pool != NONE && pool != NONE && post_pool != pool {
                post_wrong_pool(cx, i, &doc.posts[post as usize], pool, post_pool);
            }
        }

        // Secondment.
        let wpool = ix.staff_working_pool[i];
        if present && wpool != NONE && pool != NONE && wpool != pool {
            let problem = match s.secondment() {
                None => Some(say!(cx.lang, "无借调手续", "with no secondment record")),
                Some(sec) if sec.approved_by.is_none() => Some(say!(
                    cx.lang,
                    "借调未注明批准机关",
                    "with a secondment that names no approving authority"
                )),
                Some(sec) if sec.start > as_of => Some(say!(
                    cx.lang,
                    "借调尚未开始",
                    "before the secondment starts"
                )),
                _ => None,
            };
            if let Some(p) = problem {
                unapproved_secondment(cx, i, pool, wpool, p);
            }
        }
        // The side table is searched only for the few people working elsewhere.
        let seconded = present && s.working_unit().is_some();
        if let Some(sec) = seconded.then(|| s.secondment()).flatten() {
            secondment_overdue(
                cx,
                i,
                sec,
                max_months,
                cx.doc.settings.secondment_max_workdays,
            );
        }

        // Duty status and payroll.
        if status == Status::Absent && cat != NO_CAT {
            not_on_duty(cx, i);
        }
        if matches!(status, Status::Retired | Status::Left | Status::Deceased)
            && s.on_payroll() == Some(true)
        {
            ghost_payroll(cx, i);
        }

        // Retirement.
        if occupying {
            if let Some(b) = birth {
                let post_cat = post_rec.map(|p| p.category);
                if is_past_retirement(as_of, s, b, past, gender, post_cat) {
                    past_retirement(cx, i, b, gender, post_cat);
                }
            }
        }
    }

    let out = std::mem::take(&mut cx.out);
    Part {
        out,
        at: std::mem::take(&mut cx.at),
        k,
        ids: seen_ids,
        raw,
    }
}

/// Rules over pools, posts, norms and 三不超 pools, in unit order.
pub(super) fn unit_rules(cx: &mut Ctx, k: &Counts, tallies: &[super::norms::Tally]) {
    // Each family pushes into its own codes' buckets, so the order of these calls does
    // not change the report.
    super::establishment::over_establishment(cx, k);
    super::leadership::over_quota(cx, k);
    super::posts::over_headcount(cx, k);
    super::posts::structure_exceeded(cx, k);
    let (doc, ix) = (cx.doc, cx.ix);
    for v in super::norms::findings(doc, ix, tallies, cx.lang) {
        cx.push(v);
    }
    let counts = super::pools::Counts {
        occ: &k.occ,
        leaders: &k.leaders,
        payroll: &k.payroll,
    };
    for v in super::pools::findings(doc, ix, &counts, cx.lang) {
        cx.push(v);
    }
}
