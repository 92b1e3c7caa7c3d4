//! `diff` and `reconcile` on two generated yearly rosters of 10^5 staff: the planted joins,
//! exits, moves, quota changes, ghosts and holdings are found, and nothing else.

use std::collections::{BTreeSet, HashSet};

use bianzhi::ledger::{diff, person_key, reconcile, PersonRecord};
use bianzhi::{Dataset, Staff, Status};
use chrono::NaiveDate;

const N: usize = 100_000;

/// Fresh valid 身份证号 that no generated person has (region 659001 is not generated).
fn fresh(k: usize) -> String {
    let birth = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new((k / 900) as u64);
    bianzhi::ident::make_id_number("659001", birth, (k % 900 + 1) as u16).unwrap()
}

/// Positions of present people with a 身份证号 that no other present record shares, holding
/// a place (category and a pool unit id known to the roster).
fn clean_holders(ds: &Dataset) -> Vec<usize> {
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for s in ds.staff() {
        if s.status().occupies() {
            if let Some(n) = &s.id_number() {
                *count.entry(person_key(n)).or_default() += 1;
            }
        }
    }
    let units: HashSet<&str> = ds.units().iter().map(|u| u.id.as_str()).collect();
    ds.staff()
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.status().occupies()
                && s.establishment().is_some()
                && units.contains(s.unit())
                && s.id_number().is_some_and(|n| {
                    count[&person_key(n)] == 1 && bianzhi::ident::check_id_number(n).is_ok()
                })
        })
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn diff_finds_exactly_the_planted_changes() {
    let old_doc = bianzhi::sample::generate(N, 2025);
    let old = Dataset::new(old_doc.clone());
    let holders = clean_holders(&old);
    assert!(holders.len() > 50_000, "{}", holders.len());
    let mut doc = old_doc;
    // Exits: 60 removed from the roster, 60 kept with status retired.
    let exits: Vec<usize> = holders.iter().copied().step_by(401).take(120).collect();
    // Moves: 80 people to a unit of another pool (U0 ↔ U1 are both pools).
    let moves: Vec<usize> = holders
        .iter()
        .copied()
        .skip(7)
        .step_by(503)
        .take(80)
        .collect();
    assert!(exits.iter().all(|i| !moves.contains(i)));
    let mut planted_moves = BTreeSet::new();
    for &i in &moves {
        let s = &mut doc.staff[i];
        let to = if s.unit == "U1" { "U0" } else { "U1" };
        planted_moves.insert((s.id.clone(), s.unit.clone(), to.to_string()));
        s.unit = to.into();
        s.post = None;
    }
    let mut planted_left = BTreeSet::new();
    for (k, &i) in exits.iter().enumerate() {
        planted_left.insert(doc.staff[i].id.clone());
        if k % 2 == 0 {
            doc.staff[i].status = Status::Retired;
        }
    }
    let removed: HashSet<usize> = exits
        .iter()
        .enumerate()
        .filter(|(k, _)| k % 2 == 1)
        .map(|(_, &i)| i)
        .collect();
    let mut staff: Vec<Staff> = doc
        .staff
        .iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, s)| s.clone())
        .collect();
    // Joins: 150 new people, half with a legacy 15-digit number.
    let mut planted_joined = BTreeSet::new();
    for k in 0..150 {
        let mut s = Staff::new(format!("NEW{k}"), format!("新人{k}"), "U2");
        s.establishment = Some(bianzhi::Category::Institution);
        let id = fresh(k);
        s.id_number = Some(if k % 2 == 0 {
            format!("{}{}", &id[..6], &id[8..17])
        } else {
            id
        });
        planted_joined.insert(s.id.clone());
        staff.push(s);
    }
    doc.staff = staff;
    // Quota changes: five units gain one place.
    let mut planted_quota = BTreeSet::new();
    for u in doc
        .units
        .iter_mut()
        .filter(|u| !u.quotas.is_empty())
        .take(5)
    {
        let (c, q) = u.quotas.iter_mut().next().unwrap();
        *q += 1;
        planted_quota.insert((u.id.clone(), c.as_str().to_string(), 1i64));
    }
    let new = Dataset::new(doc);
    let d = diff(&old, &new);

    let got: BTreeSet<String> = d.joined.iter().map(|p| p.staff.clone()).collect();
    assert_eq!(got, planted_joined);
    let got: BTreeSet<String> = d.left.iter().map(|p| p.staff.clone()).collect();
    assert_eq!(got, planted_left);
    let got: BTreeSet<(String, String, String)> = d
        .moved
        .iter()
        .map(|m| (m.staff.clone(), m.from_unit.clone(), m.to_unit.clone()))
        .collect();
    assert_eq!(got, planted_moves);
    assert!(d.moved.iter().all(|m| !m.same_pool));
    let got: BTreeSet<(String, String, i64)> = d
        .quota_changes
        .iter()
        .map(|q| (q.unit.clone(), q.category.clone(), q.delta))
        .collect();
    assert_eq!(got, planted_quota);
    assert!(d.category_changes.is_empty() && d.leadership_changes.is_empty());
    for r in &d.table {
        assert!(r.reconciles(), "{r:?}");
    }
    let sum = |f: fn(&bianzhi::ledger::DiffTableRow) -> u64| d.table.iter().map(f).sum::<u64>();
    assert_eq!(sum(|r| r.joined), 150);
    assert_eq!(sum(|r| r.left), 120);
    assert_eq!(sum(|r| r.moved_in), sum(|r| r.moved_out));
}

#[test]
fn reconcile_finds_exactly_the_planted_discrepancies() {
    let roster = Dataset::new(bianzhi::sample::generate(N, 2026));
    let holders = clean_holders(&roster);
    let rec = |i: usize| {
        let s = &roster.staff().row(i).to_staff();
        PersonRecord::new(s.id_number.clone().unwrap(), s.name.clone())
    };
    let stale: HashSet<usize> = holders.iter().copied().step_by(997).take(30).collect();
    let unpaid: HashSet<usize> = holders
        .iter()
        .copied()
        .skip(3)
        .step_by(991)
        .take(20)
        .collect();
    assert!(stale.is_disjoint(&unpaid));
    // Everyone present with a number is registered, every holder is paid, except the planted.
    let units: HashSet<&str> = roster.units().iter().map(|u| u.id.as_str()).collect();
    let mut registry = Vec::new();
    let mut payroll = Vec::new();
    for (i, s) in roster.staff().iter().enumerate() {
        if !s.status().occupies() || s.id_number().is_none() || stale.contains(&i) {
            continue;
        }
        registry.push(rec(i));
        let holds = s.establishment().is_some() && units.contains(s.unit());
        if holds && !unpaid.contains(&i) {
            // The payroll writes numbers in lower case: matched all the same.
            let mut r = rec(i);
            r.id_number = r.id_number.map(|n| n.to_lowercase());
            payroll.push(r);
        }
    }
    // 25 ghosts: paid, in no registry; 10 paid and registered, holding no place.
    let ghosts: BTreeSet<String> = (0..25).map(fresh).collect();
    for g in &ghosts {
        payroll.push(PersonRecord::new(g.clone(), "空饷"));
    }
    let outside: BTreeSet<String> = (100..110).map(fresh).collect();
    for p in &outside {
        registry.push(PersonRecord::new(p.clone(), "编外"));
        payroll.push(PersonRecord::new(p.clone(), "编外"));
    }
    let r = reconcile(&roster, &registry, &payroll);
    let ids = |rows: &[bianzhi::ledger::ReconcileRow]| -> BTreeSet<String> {
        rows.iter().map(|r| r.id_number.clone()).collect()
    };
    let key_of = |set: &HashSet<usize>| -> BTreeSet<String> {
        set.iter()
            .map(|&i| {
                person_key(
                    roster
                        .staff()
                        .row(i)
                        .to_staff()
                        .id_number
                        .as_deref()
                        .unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(ids(&r.ghost_payroll), ghosts);
    assert_eq!(ids(&r.paid_outside_establishment), outside);
    assert_eq!(ids(&r.stale_holding), key_of(&stale));
    assert_eq!(ids(&r.unpaid_holding), key_of(&unpaid));
    assert!(r
        .unpaid_holding
        .iter()
        .all(|x| x.staff.is_some() && x.unit.is_some()));
    assert_eq!(r.summary.matched, r.summary.holding - 50);
}
