//! Invariants of the people in excess (超编/超职数) and of ghost-payroll money.

use bianzhi::{validate, Code, Dataset, Options};
use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::json;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

proptest! {
    /// Over a quota of `quota` with people whose `joined` dates are random (some missing):
    /// exactly `occupied − quota` people are named, nobody twice, and every one of them came
    /// in no earlier than everybody within the quota (a missing date counts as latest).
    #[test]
    fn the_excess_are_the_latest_comers(
        quota in 0u32..6,
        joined in proptest::collection::vec(proptest::option::of(0u32..40), 1..14),
    ) {
        let staff: Vec<_> = joined.iter().enumerate().map(|(i, d)| {
            let mut s = json!({"id": format!("S{i}"), "name": format!("人{i}"), "unit": "U1",
                               "establishment": "administrative"});
            if let Some(d) = d {
                s["joined"] = json!(format!("2020-{:02}-{:02}", d % 12 + 1, d % 28 + 1));
            }
            s
        }).collect();
        let doc = json!({"units": [{"id": "U1", "name": "某局", "kind": "organ",
                                    "quotas": {"administrative": quota}}],
                         "staff": staff});
        let ds = Dataset::from_json(&doc.to_string()).expect("loads");
        let r = validate(&ds, &Options::as_of(as_of()));
        let over: Vec<_> = r.violations.iter().filter(|v| v.code == Code::OverEstablishment).collect();
        let n = joined.len();
        if n as u32 <= quota {
            prop_assert!(over.is_empty());
        } else {
            prop_assert_eq!(over.len(), 1);
            let excess = &over[0].excess;
            prop_assert_eq!(excess.len(), n - quota as usize);
            let mut seen = std::collections::BTreeSet::new();
            for id in excess {
                prop_assert!(seen.insert(id.clone()));
            }
            let key = |i: usize| joined[i].map(|d| (d % 12 + 1, d % 28 + 1));
            let pos = |id: &str| id[1..].parse::<usize>().expect("id");
            for inside in (0..n).filter(|i| !seen.contains(&format!("S{i}"))) {
                for id in excess {
                    let out = pos(id);
                    let later = match (key(inside), key(out)) {
                        (_, None) => true,
                        (None, Some(_)) => false,
                        (Some(a), Some(b)) => a < b || (a == b && inside < out),
                    };
                    prop_assert!(later, "{} within the quota came after {}", inside, out);
                }
            }
        }
    }

    /// The pay to recover is months × monthly pay to the fen, with two places.
    #[test]
    fn ghost_amount_is_months_times_pay(month in 1u32..12, cents in 0u64..10_000_000) {
        let pay = format!("{}.{:02}", cents / 100, cents % 100);
        let doc = json!({"units": [{"id": "U1", "name": "某局", "kind": "organ"}],
                         "staff": [{"id": "S1", "name": "甲", "unit": "U1", "status": "left",
                                    "left": format!("2026-{month:02}-10"), "on_payroll": true,
                                    "monthly_pay": pay}]});
        let ds = Dataset::from_json(&doc.to_string()).expect("loads");
        let r = validate(&ds, &Options::as_of(as_of()));
        let v = &r.violations[0];
        let months = 11 - month;
        prop_assert_eq!(v.actual, Some(i64::from(months)));
        let total = cents * u64::from(months);
        let json = serde_json::to_value(v).expect("json");
        prop_assert_eq!(json["amount"].as_str().map(str::to_string),
                        Some(format!("{}.{:02}", total / 100, total % 100)));
    }
}
