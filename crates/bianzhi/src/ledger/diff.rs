//! The roster diff of two years (年度增减变动): who joined, left and moved, category and
//! leadership changes, quota changes, and the change table per pool and category.

use serde::{Deserialize, Serialize};

use super::person_key;
use crate::dataset::index::{FxMap, NONE, NO_CAT};
use crate::Dataset;

/// A person who joined or left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonRow {
    /// Staff id (in the roster the person is found in).
    pub staff: String,
    /// Name.
    pub name: String,
    /// 身份证号 (normalised), when given.
    pub id_number: Option<String>,
    /// Unit.
    pub unit: String,
    /// Its pool (None when the unit is unknown or holds no places).
    pub pool: Option<String>,
    /// Category held (None = 编外).
    pub category: Option<String>,
}

/// A person found in both rosters in another unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MoveRow {
    /// Staff id in the new roster.
    pub staff: String,
    /// Staff id in the old roster (it may differ when matched by 身份证号).
    pub old_staff: String,
    /// Name (new roster).
    pub name: String,
    /// 身份证号 (normalised), when given.
    pub id_number: Option<String>,
    /// Unit in the old roster.
    pub from_unit: String,
    /// Unit in the new roster.
    pub to_unit: String,
    /// Pool in the old roster.
    pub from_pool: Option<String>,
    /// Pool in the new roster.
    pub to_pool: Option<String>,
    /// Whether both units share one pool (a move between internal units).
    pub same_pool: bool,
}

/// A change of category or leadership level of a person in both rosters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RoleChange {
    /// Staff id in the new roster.
    pub staff: String,
    /// Name.
    pub name: String,
    /// Unit in the new roster.
    pub unit: String,
    /// Before (None = none).
    pub from: Option<String>,
    /// After.
    pub to: Option<String>,
}

/// A change of a unit's approved places in one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QuotaChange {
    /// Unit id.
    pub unit: String,
    /// Category.
    pub category: String,
    /// Approved in the old roster (0 when the unit is new).
    pub old: u64,
    /// Approved in the new roster (0 when the unit is gone).
    pub new: u64,
    /// new − old.
    pub delta: i64,
}

/// A row of the yearly change table of a pool and category:
/// `closing_occupied = opening_occupied + joined + moved_in − moved_out − left`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiffTableRow {
    /// Pool (unit id).
    pub unit: String,
    /// Category.
    pub category: String,
    /// Approved in the old roster.
    pub opening_approved: u64,
    /// Approved in the new roster.
    pub closing_approved: u64,
    /// Holders in the old roster.
    pub opening_occupied: u64,
    /// Holders who are new.
    pub joined: u64,
    /// Holders who came from another pool or category.
    pub moved_in: u64,
    /// Holders who went to another pool or category (or to no category).
    pub moved_out: u64,
    /// Holders who are gone.
    pub left: u64,
    /// Holders in the new roster.
    pub closing_occupied: u64,
}

impl DiffTableRow {
    /// Whether the row reconciles (always; tests assert it).
    pub fn reconciles(&self) -> bool {
        self.opening_occupied + self.joined + self.moved_in
            == self.closing_occupied + self.moved_out + self.left
    }
}

/// What changed between two rosters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DiffResult {
    /// People present in the new roster only.
    pub joined: Vec<PersonRow>,
    /// People present in the old roster only.
    pub left: Vec<PersonRow>,
    /// People in another unit.
    pub moved: Vec<MoveRow>,
    /// People holding another category.
    pub category_changes: Vec<RoleChange>,
    /// People at another leadership level.
    pub leadership_changes: Vec<RoleChange>,
    /// Units whose approved places changed.
    pub quota_changes: Vec<QuotaChange>,
    /// The change table per pool and category.
    pub table: Vec<DiffTableRow>,
    /// Later records of a person already seen in the same roster (`old:S1`, `new:S7`),
    /// not compared.
    pub duplicates: Vec<String>,
}

struct Side<'a> {
    ds: &'a Dataset,
    /// Key → staff position, for present people, first record wins.
    by_key: FxMap<String, u32>,
    order: Vec<(String, u32)>,
}

fn key_of(s: crate::StaffRow) -> String {
    match s.id_number() {
        Some(n) if !n.trim().is_empty() => person_key(n),
        _ => format!("id:{}", s.id()),
    }
}

fn side<'a>(ds: &'a Dataset, tag: &str, dups: &mut Vec<String>) -> Side<'a> {
    let mut by_key: FxMap<String, u32> = FxMap::default();
    let mut order = Vec::new();
    for (i, s) in ds.staff().iter().enumerate() {
        if !s.status().occupies() {
            continue;
        }
        let k = key_of(s);
        if by_key.contains_key(&k) {
            dups.push(format!("{tag}:{}", s.id()));
            continue;
        }
        by_key.insert(k.clone(), i as u32);
        order.push((k, i as u32));
    }
    Side { ds, by_key, order }
}

impl Side<'_> {
    fn pool(&self, i: u32) -> Option<String> {
        let p = self.ds.ix.staff_pool[i as usize];
        (p != NONE).then(|| self.ds.units()[p as usize].id.clone())
    }
    fn cat(&self, i: u32) -> Option<String> {
        let c = self.ds.ix.staff_cat[i as usize];
        (c != NO_CAT).then(|| self.ds.ix.categories[c as usize].as_str().to_string())
    }
    /// The (pool, category) cell a person holds, if any.
    fn cell(&self, i: u32) -> Option<(String, String)> {
        Some((self.pool(i)?, self.cat(i)?))
    }
    fn row(&self, i: u32) -> PersonRow {
        let s = self.ds.staff().row(i as usize);
        PersonRow {
            staff: s.id().to_string(),
            name: s.name().to_string(),
            id_number: s.id_number().map(person_key),
            unit: s.unit().to_string(),
            pool: self.pool(i),
            category: self.cat(i),
        }
    }
}

/// Compares two rosters (e.g. last year's and this year's).
///
/// People are the present records (status 在岗, 请假 or 离岗), matched by normalised 身份证号,
/// else by staff id. The change table counts holders (present with a category) per pool and
/// category.
///
/// ```
/// use bianzhi::{ledger::diff, Dataset};
/// let old = Dataset::from_json(r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 2}}],
///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative", "id_number": "110105491231002"}]}"#).unwrap();
/// let new = Dataset::from_json(r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ", "quotas": {"administrative": 3}}],
///   "staff": [{"id": "A9", "name": "张三", "unit": "U1", "establishment": "administrative", "id_number": "11010519491231002x"},
///             {"id": "S2", "name": "李四", "unit": "U1", "establishment": "administrative"}]}"#).unwrap();
/// let d = diff(&old, &new);
/// assert_eq!(d.joined.len(), 1);          // 李四; 张三 is the same person (15 → 18 digits)
/// assert!(d.left.is_empty());
/// assert_eq!(d.quota_changes[0].delta, 1);
/// assert_eq!((d.table[0].opening_occupied, d.table[0].joined, d.table[0].closing_occupied), (1, 1, 2));
/// ```
pub fn diff(old: &Dataset, new: &Dataset) -> DiffResult {
    let mut out = DiffResult::default();
    let o = side(old, "old", &mut out.duplicates);
    let n = side(new, "new", &mut out.duplicates);
    // Table cells in order of first appearance: new units, then old-only units.
    let mut cells: Vec<DiffTableRow> = Vec::new();
    let mut cell_ix: FxMap<(String, String), usize> = FxMap::default();
    let mut cell = |cells: &mut Vec<DiffTableRow>, unit: &str, cat: &str| -> usize {
        let k = (unit.to_string(), cat.to_string());
        *cell_ix.entry(k).or_insert_with(|| {
            cells.push(DiffTableRow {
                unit: unit.to_string(),
                category: cat.to_string(),
                opening_approved: 0,
                closing_approved: 0,
                opening_occupied: 0,
                joined: 0,
                moved_in: 0,
                moved_out: 0,
                left: 0,
                closing_occupied: 0,
            });
            cells.len() - 1
        })
    };
    // Quotas of pools, and their changes.
    let quotas = |ds: &Dataset| -> Vec<(String, String, u64)> {
        let ncat = ds.ix.ncat();
        let mut v = Vec::new();
        for (u, unit) in ds.units().iter().enumerate() {
            if ds.ix.unit_dup[u] || !unit.kind.is_pool() {
                continue;
            }
            for c in 0..ncat {
                let q = u64::from(ds.ix.quota.get(u as u32, c as u32));
                if q > 0 {
                    v.push((unit.id.clone(), ds.ix.categories[c].as_str().to_string(), q));
                }
            }
        }
        v
    };
    let (qo, qn) = (quotas(old), quotas(new));
    for (u, c, q) in &qn {
        let k = cell(&mut cells, u, c);
        cells[k].closing_approved = *q;
    }
    for (u, c, q) in &qo {
        let k = cell(&mut cells, u, c);
        cells[k].opening_approved = *q;
    }
    for row in &cells {
        if row.opening_approved != row.closing_approved {
            out.quota_changes.push(QuotaChange {
                unit: row.unit.clone(),
                category: row.category.clone(),
                old: row.opening_approved,
                new: row.closing_approved,
                delta: row.closing_approved as i64 - row.opening_approved as i64,
            });
        }
    }
    for (_, i) in &o.order {
        if let Some((p, c)) = o.cell(*i) {
            let k = cell(&mut cells, &p, &c);
            cells[k].opening_occupied += 1;
        }
    }
    for (key, ni) in &n.order {
        let ni = *ni;
        if let Some((p, c)) = n.cell(ni) {
            let k = cell(&mut cells, &p, &c);
            cells[k].closing_occupied += 1;
        }
        let Some(&oi) = o.by_key.get(key) else {
            out.joined.push(n.row(ni));
            if let Some((p, c)) = n.cell(ni) {
                let k = cell(&mut cells, &p, &c);
                cells[k].joined += 1;
            }
            continue;
        };
        let (os, ns) = (old.staff().row(oi as usize), new.staff().row(ni as usize));
        if os.unit() != ns.unit() {
            let (fp, tp) = (o.pool(oi), n.pool(ni));
            out.moved.push(MoveRow {
                staff: ns.id().to_string(),
                old_staff: os.id().to_string(),
                name: ns.name().to_string(),
                id_number: ns.id_number().map(person_key),
                from_unit: os.unit().to_string(),
                to_unit: ns.unit().to_string(),
                same_pool: fp.is_some() && fp == tp,
                from_pool: fp,
                to_pool: tp,
            });
        }
        let (oc, nc) = (o.cat(oi), n.cat(ni));
        if oc != nc {
            out.category_changes.push(RoleChange {
                staff: ns.id().to_string(),
                name: ns.name().to_string(),
                unit: ns.unit().to_string(),
                from: oc,
                to: nc,
            });
        }
        if os.leadership() != ns.leadership() {
            out.leadership_changes.push(RoleChange {
                staff: ns.id().to_string(),
                name: ns.name().to_string(),
                unit: ns.unit().to_string(),
                from: os.leadership().map(|l| l.as_str().to_string()),
                to: ns.leadership().map(|l| l.as_str().to_string()),
            });
        }
        let (ocell, ncell) = (o.cell(oi), n.cell(ni));
        if ocell != ncell {
            if let Some((p, c)) = ocell {
                let k = cell(&mut cells, &p, &c);
                cells[k].moved_out += 1;
            }
            if let Some((p, c)) = ncell {
                let k = cell(&mut cells, &p, &c);
                cells[k].moved_in += 1;
            }
        }
    }
    for (key, oi) in &o.order {
        if !n.by_key.contains_key(key) {
            out.left.push(o.row(*oi));
            if let Some((p, c)) = o.cell(*oi) {
                let k = cell(&mut cells, &p, &c);
                cells[k].left += 1;
            }
        }
    }
    out.table = cells;
    out
}
