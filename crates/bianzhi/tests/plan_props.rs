//! Property tests for the planning module: largest remainder, rounding, ledger rates,
//! evaluation score ranges, and never panicking on arbitrary input.

use bianzhi::plan::ledger::{summarise, EventKind, Ledger, Task, TaskEvent};
use bianzhi::plan::staffing::{self, largest_remainder, Rounding};
use bianzhi::plan::{evaluate, EvaluationScheme, UnitFacts};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

proptest! {
    #[test]
    fn largest_remainder_sums_and_minimum(total in 0u64..500, weights in prop::collection::vec(0i64..10_000, 1..12)) {
        let w: Vec<Decimal> = weights.iter().map(|&x| Decimal::from(x)).collect();
        let a = largest_remainder(total, &w).unwrap();
        prop_assert_eq!(a.iter().map(|x| x.0).sum::<u64>(), total);
        if total >= w.len() as u64 {
            prop_assert!(a.iter().all(|x| x.0 >= 1));
        }
        // Without any group raised to the minimum, every share is floor or ceil of its quota.
        let sum: Decimal = w.iter().sum();
        if a.iter().all(|x| !x.1) && !sum.is_zero() {
            for (i, x) in a.iter().enumerate() {
                let q = Decimal::from(total) * w[i] / sum;
                let s = Decimal::from(x.0);
                prop_assert!(s >= q.floor() && s <= q.ceil(), "share {} quota {}", s, q);
            }
        }
    }

    #[test]
    fn rounded_headcount_brackets_exact(w in 0i64..100_000_000, q in 1i64..10_000, t in 1i64..400, k in 1i64..=100) {
        let exact = staffing::efficiency(w.into(), dec(q, 1), t.into(), dec(k, 2), Rounding::Ceil).unwrap();
        let up = Decimal::from(exact.headcount);
        prop_assert!(up >= exact.exact);
        prop_assert!(up - exact.exact < Decimal::ONE);
        let down = staffing::efficiency(w.into(), dec(q, 1), t.into(), dec(k, 2), Rounding::Floor).unwrap();
        prop_assert!(Decimal::from(down.headcount) <= exact.exact);
        let half = staffing::efficiency(w.into(), dec(q, 1), t.into(), dec(k, 2), Rounding::HalfUp).unwrap();
        prop_assert!(half.headcount == down.headcount || half.headcount == exact.headcount);
    }

    #[test]
    fn ledger_rates_are_within_bounds(
        tasks in prop::collection::vec(
            (prop::option::of(0i64..200), prop::collection::vec((0u8..4, 0i64..200), 0..6), prop::option::of(0u8..3)),
            0..15),
        as_of in 0i64..250,
    ) {
        let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let day = |n: i64| base + chrono::Days::new(n as u64);
        let ledger = Ledger {
            tasks: tasks.iter().enumerate().map(|(i, (deadline, events, unit))| Task {
                id: format!("T{}", i % 12), // some duplicates
                unit: unit.map(|u| format!("U{u}")),
                deadline: deadline.map(day),
                events: events.iter().map(|(k, d)| TaskEvent {
                    kind: [EventKind::Rectified, EventKind::Verified, EventKind::Closed, EventKind::Reopened][*k as usize],
                    date: day(*d),
                    by: None,
                    note: None,
                }).collect(),
                ..Task::default()
            }).collect(),
            ..Ledger::default()
        };
        let s = summarise(&ledger, day(as_of));
        prop_assert_eq!(s.closed + s.remaining, s.total);
        prop_assert!(s.overdue.len() as u64 <= s.remaining);
        for r in [&s.rectification_rate, &s.on_time_rate] {
            prop_assert!(r.numerator <= r.denominator);
            if let Some(v) = r.value {
                prop_assert!(v >= Decimal::ZERO && v <= Decimal::ONE);
            } else {
                prop_assert_eq!(r.denominator, 0);
            }
        }
        prop_assert_eq!(s.per_unit.iter().map(|u| u.total).sum::<u64>(), s.total);
    }

    #[test]
    fn evaluation_scores_stay_in_range(vals in prop::collection::vec(-1000i64..1000, 12)) {
        let scheme = EvaluationScheme::default_template();
        let names = ["utilisation", "over_establishment", "leadership_excess", "findings.GHOST_PAYROLL",
            "findings.DUTY_GAP", "findings.DUTY_OVERLAP", "questionnaire.satisfaction",
            "questionnaire.partners", "performance.targets_met", "findings.MIXED_POST",
            "findings.SECONDMENT_OVERDUE", "findings.STAFFING_BELOW_NORM"];
        let facts = names.iter().zip(&vals)
            .map(|(n, v)| (n.to_string(), bianzhi::plan::evaluation::FactValue::Number(dec(*v, 2))))
            .collect();
        let unit = UnitFacts { unit: "U".into(), facts, ..UnitFacts::default() };
        let r = evaluate(&scheme, &[unit]).unwrap();
        for a in &r[0].aspects {
            for i in &a.indicators {
                if let Some(s) = i.score_exact {
                    prop_assert!(s >= Decimal::ZERO && s <= Decimal::ONE_HUNDRED);
                }
            }
        }
        if let Some(t) = r[0].total_exact {
            prop_assert!(t >= Decimal::ZERO && t <= Decimal::ONE_HUNDRED);
        }
    }

    #[test]
    fn json_entry_points_never_panic(s in "\\PC{0,200}") {
        let _ = bianzhi::plan::compute_json(&s);
        let _ = bianzhi::plan::evaluate_json(&s);
        let _ = bianzhi::plan::rectification_json(&s, None);
    }
}

#[test]
fn default_template_is_valid_with_eight_aspects() {
    let s = EvaluationScheme::default_template();
    s.validate().unwrap();
    let names: Vec<&str> = s.aspects.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "职责配置",
            "内部机构设置",
            "编制核定与使用",
            "领导职数配备",
            "人员配备",
            "内部工作机制运行",
            "外部工作机制运行",
            "履职成效"
        ]
    );
    let total: Decimal = s.aspects.iter().map(|a| a.weight).sum();
    assert_eq!(total, Decimal::ONE_HUNDRED);
    for a in &s.aspects {
        let w: Decimal = a.indicators.iter().map(|i| i.weight).sum();
        assert_eq!(w, Decimal::ONE_HUNDRED, "aspect {}", a.id);
    }
}

#[test]
fn extreme_numbers_are_errors_not_panics() {
    let big = r#"{"method": "efficiency", "workload": "79228162514264337593543950335",
        "output_per_day": "0.0000000000000000000000000001", "working_days": 1, "attendance": 1}"#;
    assert!(bianzhi::plan::compute_json(big).is_err());
    let big = r#"{"method": "ratio", "served": 1e300, "per": 1}"#;
    assert!(bianzhi::plan::compute_json(big).is_err());
    let huge_staff = r#"{"method": "supervision", "staff": 18446744073709551615,
        "groups": [{"name": "a", "a": 1}, {"name": "b", "d": 3}]}"#;
    let out = bianzhi::plan::compute_json(huge_staff).unwrap();
    let groups = out.items[0].groups.as_ref().unwrap();
    assert_eq!(
        groups.iter().map(|g| g.staff as u128).sum::<u128>(),
        u64::MAX as u128
    );
}

#[test]
fn textbook_check_exact_value() {
    let r = staffing::efficiency(
        4_651_200.into(),
        16.into(),
        251.into(),
        dec(95, 2),
        Rounding::Ceil,
    )
    .unwrap();
    assert_eq!(r.steps[0].value, dec(38152, 1));
    assert!(r.exact > dec(12191, 1) && r.exact < dec(12192, 1));
    assert_eq!(r.headcount, 1220);
}
