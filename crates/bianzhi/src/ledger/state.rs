//! The replay: dense counters per pool and category, updated event by event in O(1).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::event::{Event, EventKind, EventRow, ExitReason};
use super::output::*;
use super::{person_key, BlockItem, Ledger};
use crate::dataset::index::{FxMap, NONE, NO_CAT};
use crate::model::{Category, LeaderLevel, Secondment, Staff, Status};
use crate::validate::{Lang, Severity};
use crate::Dataset;

const NO_LEADER: u8 = u8::MAX;

#[derive(Debug, Clone)]
struct Reservation<'a> {
    id: &'a str,
    unit: u32,
    pool: u32,
    cat: u32,
    date: NaiveDate,
    expires: Option<NaiveDate>,
    count: u32,
    used: u32,
    status: ReservationStatus,
}

impl Reservation<'_> {
    fn remaining(&self) -> u32 {
        if self.status == ReservationStatus::Open {
            self.count - self.used
        } else {
            0
        }
    }
}

/// A redeployed (分流) exit remembered for the rebound check.
#[derive(Debug, Clone)]
struct Redeployed {
    staff: u32,
    pool: u32,
    date: NaiveDate,
}

/// The establishment state at a date: places, holders and reservations per pool and
/// category, the people, and what has been decided so far.
///
/// Build one from a ledger ([`State::open`]) and [`State::advance`] it, possibly in several
/// steps; or from a plain dataset ([`State::from_dataset`]) to answer [`request`]s.
///
/// [`request`]: super::request
#[derive(Debug, Clone)]
pub struct State<'a> {
    ds: &'a Dataset,
    ledger: Option<&'a Ledger>,
    lang: Lang,
    block_rank: u8,
    /// Event positions in application order, and how many have been applied.
    order: Vec<u32>,
    pos: usize,
    date: NaiveDate,
    ncat: usize,
    categories: Vec<Category>,
    unit_by_id: FxMap<&'a str, u32>,
    unit_pool: &'a [u32],
    // Per unit × category (only pool rows are used).
    quota: Vec<u32>,
    occ: Vec<u32>,
    reserved: Vec<u32>,
    open_quota: Vec<u32>,
    open_occ: Vec<u32>,
    approved_in: Vec<u32>,
    approved_out: Vec<u32>,
    tr_in: Vec<u32>,
    tr_out: Vec<u32>,
    enrolled: Vec<u32>,
    moved_in: Vec<u32>,
    moved_out: Vec<u32>,
    exited: Vec<[u32; 6]>,
    /// Leaders per unit × level (pools only), of present people.
    leaders: Vec<u32>,
    // Per person (opening roster, then enrolments).
    staff_by_id: FxMap<&'a str, u32>,
    added_by_id: FxMap<String, u32>,
    added: Vec<Staff>,
    changed: FxMap<u32, Staff>,
    s_unit: Vec<u32>,
    s_pool: Vec<u32>,
    s_cat: Vec<u32>,
    s_present: Vec<bool>,
    s_leader: Vec<u8>,
    s_seconded: Vec<bool>,
    reservations: Vec<Reservation<'a>>,
    res_by_event: FxMap<u32, u32>,
    expiry: BinaryHeap<Reverse<(NaiveDate, u32)>>,
    seen_events: FxMap<&'a str, u32>,
    redeployed: FxMap<String, Redeployed>,
    blocks: FxMap<u32, Vec<&'a BlockItem>>,
    pub(crate) decisions: Vec<Decision>,
    pub(crate) findings: Vec<LedgerFinding>,
}

/// The outcome of the checks of one event: what to change, or why not.
struct Reject {
    code: RejectCode,
    pool: u32,
    cat: u32,
    requested: Option<u64>,
    available: Option<u64>,
    field: Option<String>,
    open_items: Vec<String>,
    detail: String,
}

impl Reject {
    fn new(code: RejectCode, detail: String) -> Reject {
        Reject {
            code,
            pool: NONE,
            cat: NO_CAT,
            requested: None,
            available: None,
            field: None,
            open_items: Vec::new(),
            detail,
        }
    }
}

pub(crate) fn severity_rank(s: Severity) -> u8 {
    match s {
        Severity::Error => 2,
        Severity::Warning => 1,
        Severity::Info => 0,
    }
}

impl<'a> State<'a> {
    /// The state of a dataset with no events: its approved places and holders, dated at its
    /// `as_of` (or the earliest date).
    ///
    /// ```
    /// use bianzhi::ledger::{request, State};
    /// let ds = bianzhi::Dataset::from_json(r#"{"units": [{"id": "U1", "name": "县农业农村局",
    ///   "kind": "organ", "quotas": {"administrative": 3}}],
    ///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative"}]}"#).unwrap();
    /// let st = State::from_dataset(&ds);
    /// let d = request(&st, "U1", &"administrative".parse().unwrap(), 2, "2026-03-01".parse().unwrap());
    /// assert!(d.approved());
    /// let d = request(&st, "U1", &"administrative".parse().unwrap(), 3, "2026-03-01".parse().unwrap());
    /// assert_eq!((d.requested, d.available), (Some(3), Some(2)));
    /// ```
    pub fn from_dataset(ds: &'a Dataset) -> State<'a> {
        State::build(ds, None)
    }

    /// The state at the opening of a ledger, before any event.
    pub fn open(ledger: &'a Ledger) -> State<'a> {
        State::build(&ledger.opening, Some(ledger))
    }

    fn build(ds: &'a Dataset, ledger: Option<&'a Ledger>) -> State<'a> {
        let doc = ds.rows();
        let ix = &ds.ix;
        let ncat = ix.ncat();
        let nu = doc.units.len();
        let mut unit_by_id: FxMap<&'a str, u32> = FxMap::default();
        unit_by_id.reserve(nu);
        for (i, u) in doc.units.iter().enumerate() {
            unit_by_id.entry(u.id.as_str()).or_insert(i as u32);
        }
        let mut occ = vec![0u32; nu * ncat];
        let mut leaders = vec![0u32; nu * 4];
        let ns = ds.staff().len();
        let mut staff_by_id: FxMap<&'a str, u32> = FxMap::default();
        staff_by_id.reserve(ns);
        let mut s_present = Vec::with_capacity(ns);
        let mut s_leader = Vec::with_capacity(ns);
        let mut s_seconded = Vec::with_capacity(ns);
        for (i, s) in ds.staff().iter().enumerate() {
            staff_by_id.entry(s.id()).or_insert(i as u32);
            let present = s.status().occupies();
            let pool = ix.staff_pool[i];
            let cat = ix.staff_cat[i];
            // Counted exactly as validation counts occupancy `O` and leaders.
            if present && pool != NONE {
                if cat != NO_CAT {
                    occ[pool as usize * ncat + cat as usize] += 1;
                }
                if let Some(l) = s.leadership() {
                    leaders[pool as usize * 4 + l.index()] += 1;
                }
            }
            s_present.push(present);
            s_leader.push(s.leadership().map_or(NO_LEADER, |l| l.index() as u8));
            s_seconded.push(s.working_unit().is_some());
        }
        let date = doc.as_of.unwrap_or(NaiveDate::MIN);
        let mut st = State {
            ds,
            ledger,
            lang: ledger.map_or(Lang::Zh, |l| l.lang),
            block_rank: ledger.map_or(2, |l| severity_rank(l.block_severity)),
            order: Vec::new(),
            pos: 0,
            date,
            ncat,
            categories: ix.categories.clone(),
            unit_by_id,
            unit_pool: &ix.unit_pool,
            quota: ix.quota.to_dense(nu, ncat),
            open_quota: ix.quota.to_dense(nu, ncat),
            open_occ: occ.clone(),
            occ,
            reserved: vec![0; nu * ncat],
            approved_in: vec![0; nu * ncat],
            approved_out: vec![0; nu * ncat],
            tr_in: vec![0; nu * ncat],
            tr_out: vec![0; nu * ncat],
            enrolled: vec![0; nu * ncat],
            moved_in: vec![0; nu * ncat],
            moved_out: vec![0; nu * ncat],
            exited: vec![[0; 6]; nu * ncat],
            leaders,
            staff_by_id,
            added_by_id: FxMap::default(),
            added: Vec::new(),
            changed: FxMap::default(),
            s_unit: ix.staff_unit.clone(),
            s_pool: ix.staff_pool.clone(),
            s_cat: ix.staff_cat.clone(),
            s_present,
            s_leader,
            s_seconded,
            reservations: Vec::new(),
            res_by_event: FxMap::default(),
            expiry: BinaryHeap::new(),
            seen_events: FxMap::default(),
            redeployed: FxMap::default(),
            blocks: FxMap::default(),
            decisions: Vec::new(),
            findings: Vec::new(),
        };
        if let Some(l) = ledger {
            let mut order: Vec<u32> = (0..l.events.len() as u32).collect();
            // Undated (unreadable) events first, then by date; ties keep input order.
            order.sort_by_key(|&i| l.events[i as usize].date);
            st.order = order;
            st.seen_events.reserve(l.events.len());
            // Sized once: growing these by doubling copied and page-faulted more than the
            // replay itself costs.
            st.decisions.reserve_exact(l.events.len());
            let enrolments = l
                .events
                .iter()
                .filter(|e| matches!(&e.event, Ok(e) if e.kind == EventKind::Enrol))
                .count();
            st.added.reserve_exact(enrolments);
            st.added_by_id.reserve(enrolments);
            for col in [&mut st.s_unit, &mut st.s_pool] {
                col.reserve_exact(enrolments);
            }
            st.s_cat.reserve_exact(enrolments);
            st.s_present.reserve_exact(enrolments);
            st.s_leader.reserve_exact(enrolments);
            st.s_seconded.reserve_exact(enrolments);
            for item in &l.rectification {
                match st.unit(&item.unit) {
                    Some(u) if st.unit_pool[u as usize] != NONE => {
                        st.blocks
                            .entry(st.unit_pool[u as usize])
                            .or_default()
                            .push(item);
                    }
                    _ => st.findings.push(st.unknown_item_unit(item)),
                }
            }
        }
        st
    }

    /// Language of messages.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The opening dataset's `as_of`.
    pub fn opening_date(&self) -> Option<NaiveDate> {
        self.ds.as_of()
    }

    /// The date of the state: the last date advanced to.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    fn unit(&self, id: &str) -> Option<u32> {
        self.unit_by_id.get(id).copied()
    }

    /// The unit named `id` (in the event's `field`) and its pool, or the event's rejection:
    /// `UNKNOWN_UNIT`, or `NO_POOL` for a unit that belongs to no establishment pool.
    fn unit_and_pool(&self, field: &str, id: &str) -> Result<(u32, u32), Reject> {
        let u = self.unit(id).ok_or_else(|| self.unknown_unit(field, id))?;
        match self.unit_pool[u as usize] {
            NONE => Err(self.no_pool(u)),
            pool => Ok((u, pool)),
        }
    }

    fn staff_index(&self, id: &str) -> Option<u32> {
        self.staff_by_id
            .get(id)
            .or_else(|| self.added_by_id.get(id))
            .copied()
    }

    /// Person `i` as a record: added or changed by an event, or rebuilt from the
    /// opening dataset's columns.
    fn staff(&self, i: u32) -> std::borrow::Cow<'_, Staff> {
        use std::borrow::Cow;
        let n = self.ds.staff().len() as u32;
        if i >= n {
            Cow::Borrowed(&self.added[(i - n) as usize])
        } else {
            match self.changed.get(&i) {
                Some(s) => Cow::Borrowed(s),
                None => Cow::Owned(self.ds.staff().row(i as usize).to_staff()),
            }
        }
    }

    fn staff_mut(&mut self, i: u32) -> &mut Staff {
        let n = self.ds.staff().len() as u32;
        if i >= n {
            &mut self.added[(i - n) as usize]
        } else {
            let ds = self.ds;
            self.changed
                .entry(i)
                .or_insert_with(|| ds.staff().row(i as usize).to_staff())
        }
    }

    fn cat(&self, c: &Category) -> Option<u32> {
        self.categories
            .iter()
            .position(|x| x == c)
            .map(|p| p as u32)
    }

    fn unit_name(&self, u: u32) -> &str {
        &self.ds.units()[u as usize].name
    }

    fn unit_id(&self, u: u32) -> &str {
        &self.ds.units()[u as usize].id
    }

    fn cat_name(&self, c: u32) -> &str {
        match self.lang {
            Lang::Zh => self.categories[c as usize].zh(),
            Lang::En => self.categories[c as usize].as_str(),
        }
    }

    fn cell(&self, pool: u32, cat: u32) -> usize {
        pool as usize * self.ncat + cat as usize
    }

    /// Free places of a pool and category: approved − occupied − reserved, floored at 0.
    fn available_at(&self, pool: u32, cat: u32) -> u64 {
        let k = self.cell(pool, cat);
        u64::from(self.quota[k])
            .saturating_sub(u64::from(self.occ[k]) + u64::from(self.reserved[k]))
    }

    /// [`State::available_at`] on a later `date`: reservations whose last day is before it
    /// no longer hold places. (During a replay they are already closed: the fast path.)
    fn available_on(&self, pool: u32, cat: u32, date: NaiveDate) -> u64 {
        if self.expiry.peek().is_none_or(|Reverse((x, _))| *x >= date) {
            return self.available_at(pool, cat);
        }
        let lapsed: u64 = self
            .reservations
            .iter()
            .filter(|r| r.pool == pool && r.cat == cat && r.expires.is_some_and(|x| x < date))
            .map(|r| u64::from(r.remaining()))
            .sum();
        let k = self.cell(pool, cat);
        u64::from(self.quota[k])
            .saturating_sub(u64::from(self.occ[k]) + u64::from(self.reserved[k]) - lapsed)
    }

    /// Closes reservations whose last day is before `date`.
    fn expire_before(&mut self, date: NaiveDate) {
        while let Some(&Reverse((exp, r))) = self.expiry.peek() {
            if exp >= date {
                break;
            }
            self.expiry.pop();
            let res = &mut self.reservations[r as usize];
            if res.status == ReservationStatus::Open {
                let left = res.count - res.used;
                res.status = ReservationStatus::Expired;
                let k = res.pool as usize * self.ncat + res.cat as usize;
                self.reserved[k] -= left;
            }
        }
    }

    fn open_items(&self, pool: u32, date: NaiveDate) -> Vec<String> {
        let Some(items) = self.blocks.get(&pool) else {
            return Vec::new();
        };
        items
            .iter()
            .filter(|i| {
                severity_rank(i.severity) >= self.block_rank
                    && i.opened.is_none_or(|o| o <= date)
                    && i.closed.is_none_or(|c| c > date)
            })
            .map(|i| i.id.clone())
            .collect()
    }

    /// The 「能否用编」 check: unit known and in a pool, not blocked, enough free places.
    fn check_places(
        &self,
        unit: &str,
        category: &Category,
        count: u32,
        date: NaiveDate,
        gate: bool,
    ) -> Result<(u32, u32, u32), Reject> {
        let (u, pool) = self.unit_and_pool("unit", unit)?;
        let cat = self
            .cat(category)
            .ok_or_else(|| self.unknown_category(category))?;
        if gate {
            let items = self.open_items(pool, date);
            if !items.is_empty() {
                let mut r = Reject::new(
                    RejectCode::ApprovalBlocked,
                    match self.lang {
                        Lang::Zh => format!(
                            "{}有未整改问题（{}），暂停用编",
                            self.unit_name(pool),
                            items.join("、")
                        ),
                        Lang::En => format!(
                            "{} has open rectification items ({}): new hires are blocked",
                            self.unit_name(pool),
                            items.join(", ")
                        ),
                    },
                );
                r.pool = pool;
                r.cat = cat;
                r.open_items = items;
                return Err(r);
            }
        }
        let avail = self.available_on(pool, cat, date);
        if u64::from(count) > avail {
            return Err(self.no_vacancy(pool, cat, count, avail));
        }
        Ok((u, pool, cat))
    }

    fn no_vacancy(&self, pool: u32, cat: u32, count: u32, avail: u64) -> Reject {
        let k = self.cell(pool, cat);
        let mut r = Reject::new(
            RejectCode::NoVacancy,
            match self.lang {
                Lang::Zh => format!(
                    "{} {} 核定{}名，实有{}名，已核准用编{}名，空编{}名，不足{}名",
                    self.unit_name(pool),
                    self.cat_name(cat),
                    self.quota[k],
                    self.occ[k],
                    self.reserved[k],
                    avail,
                    count
                ),
                Lang::En => format!(
                    "{} {}: approved {}, occupied {}, reserved {}, available {}, fewer than {}",
                    self.unit_name(pool),
                    self.cat_name(cat),
                    self.quota[k],
                    self.occ[k],
                    self.reserved[k],
                    avail,
                    count
                ),
            },
        );
        r.pool = pool;
        r.cat = cat;
        r.requested = Some(u64::from(count));
        r.available = Some(avail);
        r
    }

    fn unknown_unit(&self, field: &str, id: &str) -> Reject {
        let mut r = Reject::new(
            RejectCode::UnknownUnit,
            match self.lang {
                Lang::Zh => format!("单位“{id}”不存在"),
                Lang::En => format!("no unit `{id}`"),
            },
        );
        r.field = Some(field.to_string());
        r
    }

    fn unknown_staff(&self, id: &str) -> Reject {
        let mut r = Reject::new(
            RejectCode::UnknownStaff,
            match self.lang {
                Lang::Zh => format!("人员“{id}”不存在"),
                Lang::En => format!("no staff `{id}`"),
            },
        );
        r.field = Some("staff".into());
        r
    }

    fn unknown_category(&self, c: &Category) -> Reject {
        let mut r = Reject::new(
            RejectCode::UnknownCategory,
            match self.lang {
                Lang::Zh => format!("编制类型“{}”未在数据中定义", c.as_str()),
                Lang::En => format!("category `{}` is not declared by the dataset", c.as_str()),
            },
        );
        r.field = Some("category".into());
        r
    }

    fn no_pool(&self, u: u32) -> Reject {
        Reject::new(
            RejectCode::NoPool,
            match self.lang {
                Lang::Zh => format!("{}不属于任何核定编制的单位", self.unit_name(u)),
                Lang::En => format!(
                    "{} belongs to no establishment-holding unit",
                    self.unit_name(u)
                ),
            },
        )
    }

    fn simple(&self, code: RejectCode, zh: String, en: String) -> Reject {
        Reject::new(
            code,
            match self.lang {
                Lang::Zh => zh,
                Lang::En => en,
            },
        )
    }

    fn unknown_item_unit(&self, item: &BlockItem) -> LedgerFinding {
        LedgerFinding {
            code: "UNKNOWN_UNIT".into(),
            severity: Severity::Warning,
            event: Some(item.id.clone()),
            staff: None,
            previous_staff: None,
            unit: Some(item.unit.clone()),
            previous_unit: None,
            exit_date: None,
            entry_date: None,
            field: Some("unit".into()),
            message: match self.lang {
                Lang::Zh => format!("整改事项{}所列单位“{}”不存在或不核定编制", item.id, item.unit),
                Lang::En => format!(
                    "rectification item {} names unit `{}`, which does not exist or holds no places",
                    item.id, item.unit
                ),
            },
        }
    }

    /// A present person by staff id.
    fn present(&self, id: &str) -> Result<u32, Reject> {
        let i = self.staff_index(id).ok_or_else(|| self.unknown_staff(id))?;
        if !self.s_present[i as usize] {
            let s = self.staff(i);
            return Err(self.simple(
                RejectCode::NotPresent,
                format!("{}（{}）已不在编（{}）", s.name, s.id, s.status.zh()),
                format!(
                    "{} ({}) no longer holds a place ({})",
                    s.name,
                    s.id,
                    s.status.as_str()
                ),
            ));
        }
        Ok(i)
    }

    /// Applies every event dated ≤ `to` not yet applied, in date order (ties in input
    /// order). Advancing to a date before [`State::date`] applies nothing.
    pub fn advance(&mut self, to: NaiveDate) {
        let Some(ledger) = self.ledger else {
            if to > self.date {
                self.date = to;
            }
            return;
        };
        while self.pos < self.order.len() {
            let row = &ledger.events[self.order[self.pos] as usize];
            if row.date.is_some_and(|d| d > to) {
                break;
            }
            self.pos += 1;
            if let Some(d) = row.date {
                self.expire_before(d);
            }
            self.decide(row);
        }
        if to > self.date {
            self.date = to;
        }
        self.expire_before(self.date);
    }

    /// Events not yet applied.
    pub fn pending(&self) -> usize {
        self.order.len() - self.pos
    }

    fn decide(&mut self, row: &'a EventRow) {
        for k in &row.unknown_keys {
            let f = LedgerFinding {
                code: "UNKNOWN_FIELD".into(),
                severity: Severity::Info,
                event: Some(row.id.clone()),
                staff: None,
                previous_staff: None,
                unit: None,
                previous_unit: None,
                exit_date: None,
                entry_date: None,
                field: Some(k.clone()),
                message: match self.lang {
                    Lang::Zh => format!("事项{}（{}）含未使用的字段“{k}”", row.id, row.place),
                    Lang::En => {
                        format!("event {} ({}) has an unused field `{k}`", row.id, row.place)
                    }
                },
            };
            self.findings.push(f);
        }
        let outcome = match &row.event {
            Err(issue) => {
                let field = issue.field.clone();
                let reason = match self.lang {
                    Lang::Zh => &issue.reason_zh,
                    Lang::En => &issue.reason,
                };
                let mut r = self.simple(
                    RejectCode::InvalidEvent,
                    format!(
                        "{}（{}）{}{}",
                        row.place,
                        row.id,
                        field
                            .as_deref()
                            .map(|f| format!("字段{f}"))
                            .unwrap_or_default(),
                        reason
                    ),
                    format!(
                        "{} ({}){}: {}",
                        row.place,
                        row.id,
                        field
                            .as_deref()
                            .map(|f| format!(" field `{f}`"))
                            .unwrap_or_default(),
                        reason
                    ),
                );
                r.field = field;
                Err(r)
            }
            Ok(e) => {
                if let Some(&first) = self.seen_events.get(e.id.as_str()) {
                    Err(self.simple(
                        RejectCode::DuplicateEvent,
                        format!("{}的事项编号{}与第{}条重复", row.place, e.id, first),
                        format!("{}: event id {} repeats event {}", row.place, e.id, first),
                    ))
                } else {
                    self.seen_events.insert(e.id.as_str(), row.row as u32);
                    self.effect(row.row as u32, e)
                }
            }
        };
        let kind = row.event.as_ref().ok().map(|e| e.kind);
        let d = match outcome {
            Ok((pool, cat, requested, available)) => Decision {
                event: row.id.clone(),
                row: row.row,
                date: row.date,
                kind,
                status: DecisionStatus::Approved,
                code: None,
                pool: (pool != NONE).then(|| self.unit_id(pool).to_string()),
                category: (cat != NO_CAT)
                    .then(|| self.categories[cat as usize].as_str().to_string()),
                requested,
                available,
                field: None,
                open_items: Vec::new(),
                message: None,
            },
            Err(r) => Decision {
                event: row.id.clone(),
                row: row.row,
                date: row.date,
                kind,
                status: DecisionStatus::Rejected,
                code: Some(r.code),
                pool: (r.pool != NONE).then(|| self.unit_id(r.pool).to_string()),
                category: (r.cat != NO_CAT)
                    .then(|| self.categories[r.cat as usize].as_str().to_string()),
                requested: r.requested,
                available: r.available,
                field: r.field,
                open_items: r.open_items,
                message: Some(r.detail),
            },
        };
        self.decisions.push(d);
    }

    /// Checks an event and, when it passes, applies it. Returns (pool, category, requested,
    /// available before) for the decision.
    #[allow(clippy::type_complexity)]
    fn effect(
        &mut self,
        row: u32,
        e: &'a Event,
    ) -> Result<(u32, u32, Option<u64>, Option<u64>), Reject> {
        use EventKind as K;
        let unit = e.unit.as_deref().unwrap_or("");
        let count = e.count.unwrap_or(1);
        match e.kind {
            K::Approve => {
                let (_, pool) = self.unit_and_pool("unit", unit)?;
                let cat = self.category_of(e)?;
                let k = self.cell(pool, cat);
                let avail = self.available_at(pool, cat);
                self.quota[k] = self.quota[k].saturating_add(count);
                self.approved_in[k] += count;
                Ok((pool, cat, Some(u64::from(count)), Some(avail)))
            }
            K::Withdraw => {
                let (_, pool, cat) = self.event_places(e, unit, count, false)?;
                let k = self.cell(pool, cat);
                let avail = self.available_at(pool, cat);
                self.quota[k] -= count;
                self.approved_out[k] += count;
                Ok((pool, cat, Some(u64::from(count)), Some(avail)))
            }
            K::Transfer => {
                let to = e.to_unit.as_deref().unwrap_or("");
                self.category_of(e)?;
                let (_, tpool) = self.unit_and_pool("to_unit", to)?;
                let (_, pool, cat) = self.event_places(e, unit, count, false)?;
                if pool == tpool {
                    return Err(self.simple(
                        RejectCode::SamePool,
                        format!("{}与{}属同一编制单位，无需调剂", unit, to),
                        format!("{unit} and {to} share one establishment pool"),
                    ));
                }
                let avail = self.available_at(pool, cat);
                let (k, tk) = (self.cell(pool, cat), self.cell(tpool, cat));
                self.quota[k] -= count;
                self.quota[tk] = self.quota[tk].saturating_add(count);
                self.tr_out[k] += count;
                self.tr_in[tk] += count;
                Ok((pool, cat, Some(u64::from(count)), Some(avail)))
            }
            K::Reserve => {
                let (u, pool, cat) = self.event_places(e, unit, count, true)?;
                let avail = self.available_at(pool, cat);
                let k = self.cell(pool, cat);
                self.reserved[k] += count;
                let r = self.reservations.len() as u32;
                self.reservations.push(Reservation {
                    id: e.id.as_str(),
                    unit: u,
                    pool,
                    cat,
                    date: e.date,
                    expires: e.expires,
                    count,
                    used: 0,
                    status: ReservationStatus::Open,
                });
                self.res_by_event.insert(row, r);
                if let Some(x) = e.expires {
                    self.expiry.push(Reverse((x, r)));
                }
                Ok((pool, cat, Some(u64::from(count)), Some(avail)))
            }
            K::Cancel => {
                let r = self.reservation(e)?;
                let res = &self.reservations[r as usize];
                let (pool, cat, left) = (res.pool, res.cat, res.count - res.used);
                let k = self.cell(pool, cat);
                self.reserved[k] -= left;
                self.reservations[r as usize].status = ReservationStatus::Cancelled;
                Ok((pool, cat, Some(u64::from(left)), None))
            }
            K::Enrol => self.enrol(e),
            K::Exit => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                let reason = e.reason.unwrap_or(ExitReason::TransferredOut);
                let (pool, cat) = (self.s_pool[i as usize], self.s_cat[i as usize]);
                self.leave_place(i);
                if pool != NONE && cat != NO_CAT {
                    let k = self.cell(pool, cat);
                    self.exited[k][reason.index()] += 1;
                }
                self.s_present[i as usize] = false;
                if reason == ExitReason::Redeployed {
                    if let Some(key) = self.staff(i).id_number.as_deref().map(person_key) {
                        self.redeployed.insert(
                            key,
                            Redeployed {
                                staff: i,
                                pool,
                                date: e.date,
                            },
                        );
                    }
                }
                let s = self.staff_mut(i);
                s.status = match reason {
                    ExitReason::Retired => Status::Retired,
                    ExitReason::Deceased => Status::Deceased,
                    _ => Status::Left,
                };
                s.left = Some(e.date);
                Ok((pool, cat, None, None))
            }
            K::Move => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                let to = e.to_unit.as_deref().unwrap_or("");
                let (tu, tpool) = self.unit_and_pool("to_unit", to)?;
                let (pool, cat) = (self.s_pool[i as usize], self.s_cat[i as usize]);
                let tcat = match &e.category {
                    Some(c) => self.cat(c).ok_or_else(|| self.unknown_category(c))?,
                    None => cat,
                };
                let changes_place = (pool, cat) != (tpool, tcat);
                let mut avail = None;
                if changes_place && tcat != NO_CAT {
                    let a = self.available_at(tpool, tcat);
                    if a < 1 {
                        return Err(self.no_vacancy(tpool, tcat, 1, a));
                    }
                    avail = Some(a);
                }
                if changes_place {
                    if pool != NONE && cat != NO_CAT {
                        let k = self.cell(pool, cat);
                        self.occ[k] -= 1;
                        self.moved_out[k] += 1;
                    }
                    if tcat != NO_CAT {
                        let k = self.cell(tpool, tcat);
                        self.occ[k] += 1;
                        self.moved_in[k] += 1;
                    }
                }
                // A leadership position belongs to the pool: it does not move with the person.
                if pool != tpool {
                    self.drop_leadership(i);
                }
                self.s_unit[i as usize] = tu;
                self.s_pool[i as usize] = tpool;
                self.s_cat[i as usize] = tcat;
                let new_cat = (tcat != NO_CAT).then(|| self.categories[tcat as usize].clone());
                let to_id = self.unit_id(tu).to_string();
                let s = self.staff_mut(i);
                if s.unit != to_id {
                    s.post = None;
                }
                s.unit = to_id;
                s.establishment = new_cat;
                if pool != tpool {
                    s.leadership = None;
                }
                Ok((tpool, tcat, avail.map(|_| 1), avail))
            }
            K::Second => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                let w = e.working_unit.as_deref().unwrap_or("");
                let wu = self
                    .unit(w)
                    .ok_or_else(|| self.unknown_unit("working_unit", w))?;
                self.s_seconded[i as usize] = true;
                let wid = self.unit_id(wu).to_string();
                let sec = Secondment {
                    start: e.date,
                    end: e.end,
                    approved_by: e.doc.clone(),
                };
                let (pool, cat) = (self.s_pool[i as usize], self.s_cat[i as usize]);
                let s = self.staff_mut(i);
                s.working_unit = Some(wid);
                s.secondment = Some(sec);
                Ok((pool, cat, None, None))
            }
            K::Return => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                if !self.s_seconded[i as usize] {
                    let s = self.staff(i);
                    return Err(self.simple(
                        RejectCode::NotSeconded,
                        format!("{}（{}）未被借调", s.name, s.id),
                        format!("{} ({}) is not seconded", s.name, s.id),
                    ));
                }
                self.s_seconded[i as usize] = false;
                let (pool, cat) = (self.s_pool[i as usize], self.s_cat[i as usize]);
                let s = self.staff_mut(i);
                s.working_unit = None;
                s.secondment = None;
                Ok((pool, cat, None, None))
            }
            K::Appoint => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                let level = e.leadership.unwrap_or(LeaderLevel::Deputy);
                let pool = self.s_pool[i as usize];
                if pool == NONE {
                    return Err(self.no_pool(self.s_unit[i as usize]));
                }
                if self.s_leader[i as usize] == level.index() as u8 {
                    return Ok((pool, NO_CAT, None, None));
                }
                let approved = self.ds.units()[pool as usize]
                    .leadership
                    .get(&level)
                    .copied()
                    .unwrap_or(0);
                let held = self.leaders[pool as usize * 4 + level.index()];
                if held >= approved {
                    let mut r = self.simple(
                        RejectCode::NoLeadershipPost,
                        format!(
                            "{} {}职数{}名，已配{}名，无空缺",
                            self.unit_name(pool),
                            level.zh(),
                            approved,
                            held
                        ),
                        format!(
                            "{} {}: {} positions, {} held, none free",
                            self.unit_name(pool),
                            level.as_str(),
                            approved,
                            held
                        ),
                    );
                    r.pool = pool;
                    r.requested = Some(1);
                    r.available = Some(0);
                    return Err(r);
                }
                self.drop_leadership(i);
                self.leaders[pool as usize * 4 + level.index()] += 1;
                self.s_leader[i as usize] = level.index() as u8;
                self.staff_mut(i).leadership = Some(level);
                Ok((pool, NO_CAT, Some(1), Some(u64::from(approved - held))))
            }
            K::Remove => {
                let i = self.present(e.staff.as_deref().unwrap_or(""))?;
                let held = self.s_leader[i as usize];
                if held == NO_LEADER || e.leadership.is_some_and(|l| l.index() as u8 != held) {
                    let s = self.staff(i);
                    return Err(self.simple(
                        RejectCode::NotAppointed,
                        format!("{}（{}）未任该领导职务", s.name, s.id),
                        format!("{} ({}) holds no such leadership position", s.name, s.id),
                    ));
                }
                self.drop_leadership(i);
                self.staff_mut(i).leadership = None;
                Ok((self.s_pool[i as usize], NO_CAT, None, None))
            }
        }
    }

    /// [`Self::check_places`] for the event's own category (which must be given).
    fn event_places(
        &self,
        e: &Event,
        unit: &str,
        count: u32,
        gate: bool,
    ) -> Result<(u32, u32, u32), Reject> {
        let cat = self.category_of(e)?;
        self.check_places(unit, &self.categories[cat as usize], count, e.date, gate)
    }

    fn category_of(&self, e: &Event) -> Result<u32, Reject> {
        let c = e.category.as_ref().ok_or_else(|| {
            let mut r = self.simple(
                RejectCode::InvalidEvent,
                "缺少编制类型".into(),
                "no category".into(),
            );
            r.field = Some("category".into());
            r
        })?;
        self.cat(c).ok_or_else(|| self.unknown_category(c))
    }

    fn drop_leadership(&mut self, i: u32) {
        let l = self.s_leader[i as usize];
        let pool = self.s_pool[i as usize];
        if l != NO_LEADER && pool != NONE {
            self.leaders[pool as usize * 4 + l as usize] -= 1;
        }
        self.s_leader[i as usize] = NO_LEADER;
    }

    /// Frees the place and leadership position of a present person.
    fn leave_place(&mut self, i: u32) {
        let (pool, cat) = (self.s_pool[i as usize], self.s_cat[i as usize]);
        if pool != NONE && cat != NO_CAT {
            let k = self.cell(pool, cat);
            self.occ[k] -= 1;
        }
        self.drop_leadership(i);
    }

    fn reservation(&self, e: &Event) -> Result<u32, Reject> {
        let id = e.reservation.as_deref().unwrap_or("");
        let unknown = || {
            let mut r = self.simple(
                RejectCode::UnknownReservation,
                format!("用编核准“{id}”不存在或未获批准"),
                format!("no approved reservation `{id}`"),
            );
            r.field = Some("reservation".into());
            r
        };
        let row = self.seen_events.get(id).copied().ok_or_else(unknown)?;
        let r = self.res_by_event.get(&row).copied().ok_or_else(unknown)?;
        let res = &self.reservations[r as usize];
        if res.status != ReservationStatus::Open {
            let (zh, en) = match res.status {
                ReservationStatus::Used => ("已用完", "is used up"),
                ReservationStatus::Cancelled => ("已撤销", "was cancelled"),
                _ => ("已过期", "has expired"),
            };
            let mut r = self.simple(
                RejectCode::ReservationClosed,
                format!("用编核准{id}{zh}"),
                format!("reservation {id} {en}"),
            );
            r.pool = res.pool;
            r.cat = res.cat;
            r.field = Some("reservation".into());
            return Err(r);
        }
        Ok(r)
    }

    #[allow(clippy::type_complexity)]
    fn enrol(&mut self, e: &'a Event) -> Result<(u32, u32, Option<u64>, Option<u64>), Reject> {
        let Some(person) = e.person.as_deref() else {
            return Err(self.simple(
                RejectCode::InvalidEvent,
                "缺少人员".into(),
                "no person".into(),
            ));
        };
        let unit = e.unit.as_deref().unwrap_or(&person.unit);
        let c = e
            .category
            .clone()
            .or_else(|| person.establishment.clone())
            .unwrap_or(Category::Institution);
        let (u, pool) = self.unit_and_pool("unit", unit)?;
        let cat = self.cat(&c).ok_or_else(|| self.unknown_category(&c))?;
        if self.staff_index(&person.id).is_some() {
            let mut r = self.simple(
                RejectCode::DuplicateStaff,
                format!("人员编号{}已在名册中", person.id),
                format!("staff id {} is already in the roster", person.id),
            );
            r.field = Some("person.id".into());
            return Err(r);
        }
        let declared = &self.ds.settings().categories;
        if let Some((field, reason)) = Dataset::staff_problem(person, declared) {
            let mut r = self.simple(
                RejectCode::InvalidEvent,
                format!("人员记录字段{field}：{reason}"),
                format!("person field `{field}`: {reason}"),
            );
            r.field = Some(format!("person.{field}"));
            return Err(r);
        }
        let mut avail = None;
        match &e.reservation {
            Some(_) => {
                let r = self.reservation(e)?;
                let res = &self.reservations[r as usize];
                if res.pool != pool || res.cat != cat {
                    let mut rej = self.simple(
                        RejectCode::ReservationMismatch,
                        format!(
                            "用编核准为{} {}，入编为{} {}",
                            self.unit_name(res.pool),
                            self.cat_name(res.cat),
                            self.unit_name(pool),
                            self.cat_name(cat)
                        ),
                        format!(
                            "the reservation is for {} {}, the enrolment into {} {}",
                            self.unit_name(res.pool),
                            self.cat_name(res.cat),
                            self.unit_name(pool),
                            self.cat_name(cat)
                        ),
                    );
                    rej.pool = pool;
                    rej.cat = cat;
                    rej.field = Some("reservation".into());
                    return Err(rej);
                }
                let k = self.cell(pool, cat);
                self.reserved[k] -= 1;
                let res = &mut self.reservations[r as usize];
                res.used += 1;
                if res.used == res.count {
                    res.status = ReservationStatus::Used;
                }
            }
            None => {
                self.check_places(unit, &c, 1, e.date, true)?;
                avail = Some(self.available_at(pool, cat));
            }
        }
        let k = self.cell(pool, cat);
        self.occ[k] += 1;
        self.enrolled[k] += 1;
        let mut s = person.clone();
        s.unit = self.unit_id(u).to_string();
        s.establishment = Some(c);
        s.status = Status::Active;
        s.left = None;
        let i = (self.ds.staff().len() + self.added.len()) as u32;
        let present = true;
        let leader = match s.leadership {
            Some(l)
                if self.leaders[pool as usize * 4 + l.index()]
                    < self.ds.units()[pool as usize]
                        .leadership
                        .get(&l)
                        .copied()
                        .unwrap_or(0) =>
            {
                self.leaders[pool as usize * 4 + l.index()] += 1;
                l.index() as u8
            }
            // An enrolment does not appoint beyond the free positions: 任职 is its own event.
            _ => {
                s.leadership = None;
                NO_LEADER
            }
        };
        self.s_unit.push(u);
        self.s_pool.push(pool);
        self.s_cat.push(cat);
        self.s_present.push(present);
        self.s_leader.push(leader);
        self.s_seconded.push(s.working_unit.is_some());
        self.added_by_id.insert(s.id.clone(), i);
        if let Some(key) = s.id_number.as_deref().map(person_key) {
            if let Some(prev) = self.redeployed.get(&key) {
                let f = self.rebound(prev, &s, pool, e);
                self.findings.push(f);
            }
        }
        self.added.push(s);
        Ok((pool, cat, avail.map(|_| 1), avail))
    }

    fn rebound(&self, prev: &Redeployed, s: &Staff, pool: u32, e: &Event) -> LedgerFinding {
        let same = prev.pool == pool;
        let before = self.staff(prev.staff);
        let prev_unit = (prev.pool != NONE).then(|| self.unit_id(prev.pool).to_string());
        let prev_name = if prev.pool != NONE {
            self.unit_name(prev.pool)
        } else {
            ""
        };
        LedgerFinding {
            code: if same {
                "REDEPLOYED_REBOUND"
            } else {
                "REDEPLOYED_REENTRY"
            }
            .into(),
            severity: if same { Severity::Warning } else { Severity::Info },
            event: Some(e.id.clone()),
            staff: Some(s.id.clone()),
            previous_staff: Some(before.id.clone()),
            unit: Some(self.unit_id(pool).to_string()),
            previous_unit: prev_unit,
            exit_date: Some(prev.date),
            entry_date: Some(e.date),
            field: None,
            message: match (self.lang, same) {
                (Lang::Zh, true) => format!(
                    "分流人员反弹：{}于{}从{}分流，{}又入编{}",
                    s.name,
                    prev.date,
                    prev_name,
                    e.date,
                    self.unit_name(pool)
                ),
                (Lang::Zh, false) => format!(
                    "分流人员再入编：{}于{}从{}分流，{}入编{}",
                    s.name,
                    prev.date,
                    prev_name,
                    e.date,
                    self.unit_name(pool)
                ),
                (Lang::En, true) => format!(
                    "redeployed person back in the same unit: {} was redeployed from {} on {} and enrolled again in {} on {}",
                    s.name, prev_name, prev.date, self.unit_name(pool), e.date
                ),
                (Lang::En, false) => format!(
                    "redeployed person enrolled elsewhere: {} was redeployed from {} on {} and enrolled in {} on {}",
                    s.name, prev_name, prev.date, self.unit_name(pool), e.date
                ),
            },
        }
    }

    /// The answer to 「能否用编」: whether `count` places of `category` can be reserved for
    /// `unit` on `date` (reservations past their last day before `date` no longer count).
    pub(crate) fn request(
        &self,
        unit: &str,
        category: &Category,
        count: u32,
        date: NaiveDate,
    ) -> Decision {
        let st = self;
        let out = if count == 0 {
            let mut r = st.simple(
                RejectCode::InvalidEvent,
                "用编数应不小于1".into(),
                "count must be at least 1".into(),
            );
            r.field = Some("count".into());
            Err(r)
        } else {
            st.check_places(unit, category, count, date, true)
        };
        let (status, code, pool, cat, requested, available, open_items, message) = match out {
            Ok((_, pool, cat)) => (
                DecisionStatus::Approved,
                None,
                pool,
                cat,
                Some(u64::from(count)),
                Some(st.available_on(pool, cat, date)),
                Vec::new(),
                None,
            ),
            Err(r) => (
                DecisionStatus::Rejected,
                Some(r.code),
                r.pool,
                r.cat,
                r.requested,
                r.available,
                r.open_items,
                Some(r.detail),
            ),
        };
        Decision {
            event: String::new(),
            row: 0,
            date: Some(date),
            kind: Some(EventKind::Reserve),
            status,
            code,
            pool: (pool != NONE).then(|| st.unit_id(pool).to_string()),
            category: (cat != NO_CAT).then(|| st.categories[cat as usize].as_str().to_string()),
            requested,
            available,
            field: None,
            open_items,
            message,
        }
    }

    /// Balances per pool and category with any place, holder or reservation.
    pub fn balances(&self) -> Vec<Balance> {
        let mut out = Vec::new();
        for (u, unit) in self.ds.units().iter().enumerate() {
            if self.ds.ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            for c in 0..self.ncat {
                let k = u * self.ncat + c;
                let (a, o, r) = (
                    u64::from(self.quota[k]),
                    u64::from(self.occ[k]),
                    u64::from(self.reserved[k]),
                );
                if a > 0 || o > 0 || r > 0 {
                    out.push(Balance {
                        unit: unit.id.clone(),
                        category: self.categories[c].as_str().to_string(),
                        approved: a,
                        occupied: o,
                        reserved: r,
                        available: a.saturating_sub(o + r),
                        over: (o + r).saturating_sub(a),
                    });
                }
            }
        }
        out
    }

    /// The change table since the opening.
    pub fn changes(&self) -> Vec<ChangeRow> {
        let mut out = Vec::new();
        for (u, unit) in self.ds.units().iter().enumerate() {
            if self.ds.ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            for c in 0..self.ncat {
                let k = u * self.ncat + c;
                let g = |v: &[u32]| u64::from(v[k]);
                let row = ChangeRow {
                    unit: unit.id.clone(),
                    category: self.categories[c].as_str().to_string(),
                    opening_approved: g(&self.open_quota),
                    approved_in: g(&self.approved_in),
                    approved_out: g(&self.approved_out),
                    transferred_in: g(&self.tr_in),
                    transferred_out: g(&self.tr_out),
                    closing_approved: g(&self.quota),
                    opening_occupied: g(&self.open_occ),
                    enrolled: g(&self.enrolled),
                    moved_in: g(&self.moved_in),
                    moved_out: g(&self.moved_out),
                    exited: Exits::from_counts(&self.exited[k]),
                    closing_occupied: g(&self.occ),
                };
                let any = row.opening_approved
                    + row.closing_approved
                    + row.opening_occupied
                    + row.closing_occupied
                    + row.approved_in
                    + row.approved_out
                    + row.transferred_in
                    + row.transferred_out
                    + row.enrolled
                    + row.moved_in
                    + row.moved_out
                    + row.exited.total();
                if any > 0 {
                    out.push(row);
                }
            }
        }
        out
    }

    /// Reservations approved so far, in approval order.
    pub fn reservations(&self) -> Vec<ReservationRow> {
        self.reservations
            .iter()
            .map(|r| ReservationRow {
                id: r.id.to_string(),
                unit: self.unit_id(r.unit).to_string(),
                pool: self.unit_id(r.pool).to_string(),
                category: self.categories[r.cat as usize].as_str().to_string(),
                date: r.date,
                expires: r.expires,
                count: u64::from(r.count),
                used: u64::from(r.used),
                remaining: u64::from(r.remaining()),
                status: r.status,
            })
            .collect()
    }

    /// The roster after every approved event: the opening document with the changed and
    /// added people and the new approved places, dated at [`State::date`].
    pub fn snapshot(&self) -> Dataset {
        let mut doc = self.ds.to_document();
        doc.as_of = Some(self.date);
        for (&i, s) in &self.changed {
            doc.staff[i as usize] = s.clone();
        }
        doc.staff.extend(self.added.iter().cloned());
        for (u, unit) in doc.units.iter_mut().enumerate() {
            if self.ds.ix.unit_dup[u] {
                continue;
            }
            for c in 0..self.ncat {
                let k = u * self.ncat + c;
                if self.quota[k] != self.open_quota[k] {
                    let cat = self.categories[c].clone();
                    if self.quota[k] == 0 {
                        unit.quotas.remove(&cat);
                    } else {
                        unit.quotas.insert(cat, self.quota[k]);
                    }
                }
            }
        }
        Dataset::with_issues(doc, self.ds.issues().to_vec())
    }
}
