//! Invariants of validation over random datasets.

use bianzhi::{validate, Code, Dataset, Options};
use proptest::prelude::*;
use serde_json::json;

fn as_of() -> Options {
    Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
}

/// Random small documents: arbitrary parent links (cycles included), kinds, quotas, staff
/// pointing at any unit (or none), random statuses and categories.
fn dataset() -> impl Strategy<Value = serde_json::Value> {
    let kinds = prop::sample::select(vec!["organ", "institution", "internal", "township", "grid"]);
    let unit = (kinds, prop::option::of(0usize..12), 0u32..4, 0u32..3);
    let cats = prop::sample::select(vec![
        "administrative",
        "institution",
        "logistics",
        "political_legal",
    ]);
    let status = prop::sample::select(vec!["active", "leave", "absent", "retired", "left"]);
    let person = (
        0usize..14,
        prop::option::of(cats),
        status,
        prop::option::of(0u8..2),
        any::<bool>(),
    );
    (prop::collection::vec(unit, 1..12), prop::collection::vec(person, 0..40)).prop_map(|(units, staff)| {
        let n = units.len();
        let units: Vec<_> = units
            .iter()
            .enumerate()
            .map(|(i, (kind, parent, q, lead))| {
                json!({"id": format!("U{i}"), "name": format!("单位{i}"), "kind": kind,
                       "parent": parent.map(|p| format!("U{}", p % (n + 1))),
                       "quotas": {"administrative": q, "institution": q},
                       "leadership": {"deputy": lead}})
            })
            .collect();
        let staff: Vec<_> = staff
            .iter()
            .enumerate()
            .map(|(i, (u, cat, st, lead, payroll))| {
                json!({"id": format!("S{}", i % 30), "name": "某", "unit": format!("U{u}"),
                       "establishment": cat, "status": st,
                       "leadership": lead.map(|_| "deputy"), "on_payroll": payroll,
                       "id_number": if i % 3 == 0 { json!("11010519491231002X") } else { json!(null) }})
            })
            .collect();
        json!({"units": units, "staff": staff})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn validation_is_total_and_consistent(doc in dataset()) {
        let ds = Dataset::from_json(&doc.to_string()).unwrap();
        let r = validate(&ds, &as_of());
        // Deterministic: the same input gives the same report, on any number of threads
        // (chunk boundaries fall between repeated ids and ID numbers).
        prop_assert_eq!(&r, &validate(&ds, &as_of()));
        for threads in [1, 2, 3, 7] {
            prop_assert_eq!(&r, &validate(&ds, &as_of().with_threads(threads)));
        }
        // Summary counts agree with the findings.
        let errors = r.violations.iter().filter(|v| v.severity == bianzhi::Severity::Error).count();
        prop_assert_eq!(r.summary.errors, errors);
        // Findings are grouped in code order.
        prop_assert!(r.violations.windows(2).all(|w| w[0].code <= w[1].code));
        // Occupancy arithmetic, and one OVER_ESTABLISHMENT finding per row over.
        // Rows with unknown approved (no quotas) are exactly the QUOTA_UNKNOWN pools, and a
        // category the pool may never hold is MIXED_ESTABLISHMENT, not also OVER.
        let has = |code: Code, unit: &str, cat: Option<&str>| r.violations.iter().any(|v| {
            v.code == code && v.unit.as_deref() == Some(unit)
                && cat.is_none_or(|c| v.category.as_deref() == Some(c))
        });
        for row in &r.occupancy {
            prop_assert_eq!(row.approved.is_none(), has(Code::QuotaUnknown, &row.unit, None));
            prop_assert_eq!(row.vacant, row.approved.map(|a| a.saturating_sub(row.occupied)));
            prop_assert_eq!(row.over, row.approved.map(|a| row.occupied.saturating_sub(a)));
        }
        let over_rows = r
            .occupancy
            .iter()
            .filter(|o| o.over.is_some_and(|n| n > 0))
            .filter(|o| !has(Code::MixedEstablishment, &o.unit, Some(&o.category)))
            .count();
        let over_findings = r.violations.iter().filter(|v| v.code == Code::OverEstablishment).count();
        prop_assert_eq!(over_rows, over_findings);
        // Nobody is counted twice: total occupied ≤ staff records.
        let occupied: u64 = r.occupancy.iter().map(|o| o.occupied).sum();
        prop_assert!(occupied as usize <= ds.staff().len());
    }

    #[test]
    fn document_round_trips_through_json(doc in dataset()) {
        let ds = Dataset::from_json(&doc.to_string()).unwrap();
        // Skipped records are not in the document, so only clean loads can round-trip.
        prop_assume!(ds.issues().is_empty());
        let again = Dataset::from_json(&ds.to_json()).unwrap();
        prop_assert_eq!(ds.to_document(), again.to_document());
        prop_assert_eq!(validate(&ds, &as_of()), validate(&again, &as_of()));
    }
}

#[test]
fn report_round_trips_through_json() {
    let ds = bianzhi::sample::county();
    let r = validate(&ds, &Options::default());
    let back: bianzhi::Report = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(r, back);
}

#[test]
fn the_staff_pass_on_several_threads_gives_the_one_thread_report() {
    // Generated data repeat a person in two pools every 400 records and break ID numbers,
    // retirement and duty rules: all of it must merge back in staff order.
    let ds = Dataset::new(bianzhi::sample::generate(60_000, 7));
    let one = validate(&ds, &as_of().with_threads(1));
    assert!(one
        .violations
        .iter()
        .any(|v| v.code == Code::DuplicatePerson));
    for threads in [0, 2, 5] {
        assert_eq!(
            validate(&ds, &as_of().with_threads(threads)),
            one,
            "{threads} threads"
        );
    }
}

#[test]
fn eight_threads_validating_one_dataset_agree() {
    let ds = Dataset::new(bianzhi::sample::generate(20_000, 3));
    let expected = validate(&ds, &as_of());
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| validate(&ds, &as_of())))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), expected);
        }
    });
}
