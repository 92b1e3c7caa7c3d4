//! 实名制 reconciliation: the establishment roster against the personnel registry and the
//! payroll (编制、人员、经费 三对应), matched by normalised 身份证号.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::person_key;
use crate::dataset::index::{FxMap, NONE, NO_CAT};
use crate::Dataset;

/// One person of a registry or payroll list.
///
/// Read from objects (JSON, or table rows) with the keys `id_number` (身份证号, required to
/// match), `name` (姓名), `unit` (单位) and `id` (编号 in that system); other keys (amounts,
/// posts …) are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PersonRecord {
    /// 身份证号 as given.
    pub id_number: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Unit as the list writes it.
    pub unit: Option<String>,
    /// The record's id in its own system.
    pub id: Option<String>,
}

impl PersonRecord {
    /// A record with a 身份证号 and a name.
    pub fn new(id_number: impl Into<String>, name: impl Into<String>) -> PersonRecord {
        PersonRecord {
            id_number: Some(id_number.into()),
            name: Some(name.into()),
            unit: None,
            id: None,
        }
    }

    /// Reads a list of records: an array of objects with the keys above (or their Chinese
    /// names 身份证号, 姓名, 单位, 编号).
    ///
    /// # Errors
    /// A message naming the row when the value is not an array of objects.
    ///
    /// ```
    /// let v = serde_json::json!([{"身份证号": "11010519491231002X", "姓名": "张三", "工资": 5000}]);
    /// let r = bianzhi::ledger::PersonRecord::list_from_value(&v).unwrap();
    /// assert_eq!(r[0].name.as_deref(), Some("张三"));
    /// ```
    pub fn list_from_value(v: &Value) -> Result<Vec<PersonRecord>, String> {
        let Value::Array(a) = v else {
            return Err("expected an array of people".into());
        };
        a.iter()
            .enumerate()
            .map(|(i, r)| {
                let Value::Object(m) = r else {
                    return Err(format!("[{i}]: expected an object"));
                };
                let pick = |keys: &[&str]| {
                    keys.iter().find_map(|k| match m.get(*k) {
                        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
                        Some(Value::Number(n)) => Some(n.to_string()),
                        _ => None,
                    })
                };
                if let Some(Value::Number(_)) = m.get("id_number").or_else(|| m.get("身份证号")) {
                    return Err(format!(
                        "[{i}].id_number: an ID number must be text (as a number it loses its X and its precision)"
                    ));
                }
                Ok(PersonRecord {
                    id_number: pick(&["id_number", "身份证号", "公民身份号码", "身份证号码"]),
                    name: pick(&["name", "姓名"]),
                    unit: pick(&["unit", "单位", "所在单位"]),
                    id: pick(&["id", "staff", "编号", "人员编号"]),
                })
            })
            .collect()
    }
}

/// A person found in one list and missing from another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReconcileRow {
    /// 身份证号 (normalised).
    pub id_number: String,
    /// Name (from the roster when the person is in it, else from the list).
    pub name: Option<String>,
    /// Roster staff id, when in the roster.
    pub staff: Option<String>,
    /// Unit: the roster's unit when in the roster, else the list's.
    pub unit: Option<String>,
    /// The roster pool of the unit.
    pub pool: Option<String>,
    /// The category held (None: holds no place).
    pub category: Option<String>,
}

/// A record that cannot be matched (no 身份证号).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unmatched {
    /// `roster`, `registry` or `payroll`.
    pub source: String,
    /// Position in its list.
    pub index: usize,
    /// Name, when given.
    pub name: Option<String>,
    /// Id in its system, when given.
    pub id: Option<String>,
}

/// The four discrepancy lists and the records that could not be matched.
///
/// The lists are disjoint: `ghost_payroll` = paid ∧ not registered;
/// `paid_outside_establishment` = paid ∧ registered ∧ holding no place; `stale_holding` =
/// holding ∧ not registered; `unpaid_holding` = holding ∧ registered ∧ not paid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReconcileResult {
    /// Paid, not in the personnel registry (吃空饷 suspects).
    pub ghost_payroll: Vec<ReconcileRow>,
    /// Paid and registered, holding no establishment place (编外 paid from the budget).
    pub paid_outside_establishment: Vec<ReconcileRow>,
    /// Holding a place, not in the registry (占编不在册).
    pub stale_holding: Vec<ReconcileRow>,
    /// Holding a place and registered, not paid.
    pub unpaid_holding: Vec<ReconcileRow>,
    /// Records without a 身份证号.
    pub unmatched: Vec<Unmatched>,
    /// Counts: holders, registered, paid, and people in all three.
    pub summary: ReconcileSummary,
}

/// Counts of a reconciliation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReconcileSummary {
    /// People holding a place in the roster.
    pub holding: u64,
    /// Distinct people in the registry.
    pub registered: u64,
    /// Distinct people in the payroll.
    pub paid: u64,
    /// People holding, registered and paid (三对应).
    pub matched: u64,
}

/// Matches the roster (holders: present people with a category in a pool), the registry and
/// the payroll by normalised 身份证号 (15 → 18 digits, `x` → `X`).
///
/// ```
/// use bianzhi::ledger::{reconcile, PersonRecord};
/// let roster = bianzhi::Dataset::from_json(r#"{"units": [{"id": "U1", "name": "县委办", "kind": "organ"}],
///   "staff": [{"id": "S1", "name": "张三", "unit": "U1", "establishment": "administrative",
///              "id_number": "11010519491231002X"}]}"#).unwrap();
/// let registry = vec![PersonRecord::new("110105491231002", "张三")];
/// let payroll = vec![PersonRecord::new("440305198507155017", "李四")];
/// let r = reconcile(&roster, &registry, &payroll);
/// assert_eq!(r.ghost_payroll[0].name.as_deref(), Some("李四"));
/// assert_eq!(r.unpaid_holding[0].staff.as_deref(), Some("S1"));
/// assert!(r.stale_holding.is_empty());
/// ```
pub fn reconcile(
    roster: &Dataset,
    registry: &[PersonRecord],
    payroll: &[PersonRecord],
) -> ReconcileResult {
    let mut out = ReconcileResult::default();
    let ix = &roster.ix;
    // Roster people by key: holders first-wins; anyone present is remembered for names.
    let mut in_roster: FxMap<String, (u32, bool)> = FxMap::default();
    in_roster.reserve(roster.staff().len());
    for (i, s) in roster.staff().iter().enumerate() {
        if !s.status().occupies() {
            continue;
        }
        let Some(n) = s.id_number().filter(|n| !n.trim().is_empty()) else {
            out.unmatched.push(Unmatched {
                source: "roster".into(),
                index: i,
                name: Some(s.name().to_string()),
                id: Some(s.id().to_string()),
            });
            continue;
        };
        let holds = ix.staff_cat[i] != NO_CAT && ix.staff_pool[i] != NONE;
        let e = in_roster.entry(person_key(n)).or_insert((i as u32, holds));
        if holds && !e.1 {
            *e = (i as u32, true);
        }
    }
    let keyed = |list: &[PersonRecord], source: &str, un: &mut Vec<Unmatched>| {
        let mut m: FxMap<String, u32> = FxMap::default();
        let mut order = Vec::new();
        for (i, r) in list.iter().enumerate() {
            match r.id_number.as_deref().filter(|n| !n.trim().is_empty()) {
                Some(n) => {
                    let k = person_key(n);
                    if !m.contains_key(&k) {
                        m.insert(k.clone(), i as u32);
                        order.push(k);
                    }
                }
                None => un.push(Unmatched {
                    source: source.into(),
                    index: i,
                    name: r.name.clone(),
                    id: r.id.clone(),
                }),
            }
        }
        (m, order)
    };
    let (reg, reg_order) = keyed(registry, "registry", &mut out.unmatched);
    let (pay, pay_order) = keyed(payroll, "payroll", &mut out.unmatched);
    let row = |key: &str, rec: Option<&PersonRecord>| -> ReconcileRow {
        match in_roster.get(key) {
            Some(&(i, _)) => {
                let s = roster.staff().row(i as usize);
                let p = ix.staff_pool[i as usize];
                let c = ix.staff_cat[i as usize];
                ReconcileRow {
                    id_number: key.to_string(),
                    name: Some(s.name().to_string()),
                    staff: Some(s.id().to_string()),
                    unit: Some(s.unit().to_string()),
                    pool: (p != NONE).then(|| roster.units()[p as usize].id.clone()),
                    category: (c != NO_CAT).then(|| ix.categories[c as usize].as_str().to_string()),
                }
            }
            None => ReconcileRow {
                id_number: key.to_string(),
                name: rec.and_then(|r| r.name.clone()),
                staff: None,
                unit: rec.and_then(|r| r.unit.clone()),
                pool: None,
                category: None,
            },
        }
    };
    let holding = |key: &str| in_roster.get(key).is_some_and(|&(_, h)| h);
    for k in &pay_order {
        let rec = &payroll[pay[k] as usize];
        if !reg.contains_key(k) {
            out.ghost_payroll.push(row(k, Some(rec)));
        } else if !holding(k) {
            out.paid_outside_establishment.push(row(k, Some(rec)));
        }
    }
    let mut holders: Vec<(u32, &String)> = in_roster
        .iter()
        .filter(|(_, &(_, h))| h)
        .map(|(k, &(i, _))| (i, k))
        .collect();
    holders.sort_unstable();
    for &(_, k) in &holders {
        if !reg.contains_key(k) {
            out.stale_holding.push(row(k, None));
        } else if !pay.contains_key(k) {
            out.unpaid_holding
                .push(row(k, Some(&registry[reg[k] as usize])));
        } else {
            out.summary.matched += 1;
        }
    }
    out.summary.holding = holders.len() as u64;
    out.summary.registered = reg_order.len() as u64;
    out.summary.paid = pay_order.len() as u64;
    out
}
