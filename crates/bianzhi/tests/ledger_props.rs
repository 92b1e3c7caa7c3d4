//! Invariants of the establishment ledger on random event sequences: a replay split at any
//! date equals one replay; transfers conserve approved totals; no approved event leaves a
//! pool with more held than approved; every change row reconciles.

use bianzhi::ledger::{apply, apply_from, request, Ledger, State};
use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::{json, Value};

fn opening() -> Value {
    json!({"as_of": "2025-12-31",
      "units": [
        {"id": "A", "name": "甲局", "kind": "organ", "quotas": {"administrative": 3}},
        {"id": "A1", "name": "甲局办公室", "kind": "internal", "parent": "A"},
        {"id": "B", "name": "乙中心", "kind": "institution", "quotas": {"institution": 2}},
        {"id": "C", "name": "丙站", "kind": "institution", "quotas": {"institution": 1}}],
      "staff": [
        {"id": "S1", "name": "一", "unit": "A1", "establishment": "administrative", "id_number": "11010519491231002X"},
        {"id": "S2", "name": "二", "unit": "B", "establishment": "institution"},
        {"id": "S3", "name": "三", "unit": "C", "establishment": "institution"}]})
}

const UNITS: &[&str] = &["A", "A1", "B", "C", "Z"];
const STAFF: &[&str] = &["S1", "S2", "S3", "N0", "N1", "N2", "N3", "Q"];

fn cat_of(unit: &str) -> &'static str {
    if unit.starts_with('A') {
        "administrative"
    } else {
        "institution"
    }
}

/// One random event: (kind, day, unit, other unit, count, person, reservation index).
#[allow(clippy::too_many_arguments)]
fn event(k: u8, day: u32, u: usize, v: usize, n: u32, p: usize, r: usize, i: usize) -> Value {
    let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(day));
    let unit = UNITS[u];
    let id = format!("E{i}");
    match k % 9 {
        0 => {
            json!({"id": id, "date": date, "type": "reserve", "unit": unit, "category": cat_of(unit),
                    "count": n, "expires": date + chrono::Days::new(u64::from(n) * 7)})
        }
        1 => {
            json!({"id": id, "date": date, "type": "transfer", "unit": UNITS[v % 4], "to_unit": unit,
                    "category": cat_of(UNITS[v % 4]), "count": n})
        }
        2 => {
            json!({"id": id, "date": date, "type": "withdraw", "unit": unit, "category": cat_of(unit), "count": n})
        }
        3 => {
            json!({"id": id, "date": date, "type": "approve", "unit": unit, "category": cat_of(unit), "count": n})
        }
        4 => {
            json!({"id": id, "date": date, "type": "enrol", "unit": unit, "category": cat_of(unit),
                    "person": {"id": format!("N{}", i % 4), "name": "新", "id_number": "110105491231002"}})
        }
        5 => {
            json!({"id": id, "date": date, "type": "enrol", "unit": unit, "category": cat_of(unit),
                    "reservation": format!("E{r}"), "person": {"id": format!("N{}", i % 4), "name": "新"}})
        }
        6 => json!({"id": id, "date": date, "type": "exit", "staff": STAFF[p],
                    "reason": if n.is_multiple_of(2) { "redeployed" } else { "retired" }}),
        7 => json!({"id": id, "date": date, "type": "move", "staff": STAFF[p], "to_unit": unit,
                    "category": cat_of(unit)}),
        _ => json!({"id": id, "date": date, "type": "cancel", "reservation": format!("E{r}")}),
    }
}

fn ledger_strategy() -> impl Strategy<Value = Ledger> {
    prop::collection::vec(
        (
            0u8..9,
            0u32..90,
            0usize..UNITS.len(),
            0usize..4,
            1u32..4,
            0usize..STAFF.len(),
            0usize..40,
        ),
        0..40,
    )
    .prop_map(|evs| {
        let events: Vec<Value> = evs
            .into_iter()
            .enumerate()
            .map(|(i, (k, d, u, v, n, p, r))| event(k, d, u, v, n, p, r, i))
            .collect();
        Ledger::from_value(json!({"opening": opening(), "events": events})).unwrap()
    })
}

fn comparable(r: &bianzhi::ledger::LedgerResult) -> Value {
    let mut v = r.to_value();
    v.as_object_mut().unwrap().remove("report");
    json!({"result": v, "snapshot": r.snapshot.to_json(), "report": serde_json::to_value(&r.report).unwrap()})
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(u64::from(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn split_replay_equals_one_replay(l in ledger_strategy(), t1 in 0u32..100, more in 0u32..100) {
        let (t1, t2) = (day(t1), day(t1 + more));
        let whole = apply(&l, t2);
        let mut st = State::open(&l);
        st.advance(t1);
        let split = apply_from(st, t2);
        prop_assert_eq!(comparable(&whole), comparable(&split));
    }

    #[test]
    fn approved_events_keep_pools_within_approved(l in ledger_strategy()) {
        // The opening is within its approved places, so after every approved event each pool
        // holds at most its approved places (occupied + reserved ≤ approved).
        let mut st = State::open(&l);
        let mut dates: Vec<NaiveDate> = l.events.iter().filter_map(|e| e.date).collect();
        dates.sort();
        dates.dedup();
        for d in dates {
            st.advance(d);
            for b in st.balances() {
                prop_assert_eq!(b.over, 0, "{:?} on {}", b, d);
                prop_assert_eq!(b.available + b.occupied + b.reserved, b.approved);
            }
        }
    }

    #[test]
    fn transfers_conserve_and_rows_reconcile(l in ledger_strategy()) {
        let r = apply(&l, day(200));
        for cat in ["administrative", "institution"] {
            let rows: Vec<_> = r.changes.iter().filter(|c| c.category == cat).collect();
            let sum = |f: fn(&bianzhi::ledger::ChangeRow) -> u64| rows.iter().map(|c| f(c)).sum::<u64>();
            prop_assert_eq!(sum(|c| c.transferred_in), sum(|c| c.transferred_out));
            prop_assert_eq!(
                sum(|c| c.closing_approved),
                sum(|c| c.opening_approved) + sum(|c| c.approved_in) - sum(|c| c.approved_out)
            );
        }
        for c in &r.changes {
            prop_assert!(c.reconciles(), "{:?}", c);
        }
        // The balances agree with the snapshot's own occupancy.
        for b in &r.balances {
            let occ = r.report.occupancy.iter()
                .find(|o| o.unit == b.unit && o.category == b.category)
                .map_or(0, |o| o.occupied);
            prop_assert_eq!(occ, b.occupied);
        }
        prop_assert_eq!(r.decisions.len() + r.pending, l.events.len());
    }

    #[test]
    fn request_agrees_with_a_reserve_event(l in ledger_strategy(), u in 0usize..UNITS.len(), n in 1u32..4, d in 0u32..100) {
        // 「能否用编」 on a state answers as a reserve event on that date would be decided.
        let mut st = State::open(&l);
        st.advance(day(d));
        let cat = cat_of(UNITS[u]).parse().unwrap();
        let asked = request(&st, UNITS[u], &cat, n, day(d));
        let mut events: Vec<Value> = Vec::new();
        for row in &l.events {
            if row.date.is_some_and(|x| x <= day(d)) {
                events.push(serde_json::to_value(row.event.as_ref().unwrap()).unwrap());
            }
        }
        events.push(json!({"id": "ASK", "date": day(d), "type": "reserve", "unit": UNITS[u],
                           "category": cat_of(UNITS[u]), "count": n}));
        let l2 = Ledger::from_value(json!({"opening": opening(), "events": events})).unwrap();
        let r = apply(&l2, day(d));
        let last = r.decisions.iter().find(|x| x.event == "ASK").unwrap();
        prop_assert_eq!(asked.status, last.status);
        prop_assert_eq!(asked.code, last.code);
        prop_assert_eq!(asked.available, last.available);
    }
}
