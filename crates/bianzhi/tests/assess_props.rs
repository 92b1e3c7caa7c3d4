//! Invariants of the top-grade cap and the ranking (proptest).

use std::collections::BTreeMap;

use bianzhi::assess::{assess, distribution, preset, AssessOptions, Outcome, Person, UnitOptions};
use proptest::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

fn person(i: usize, unit: u8, cents: u32, ungraded: bool) -> Person {
    Person {
        unit: Some(format!("U{unit}")),
        score: Some(Decimal::new(i64::from(cents), 2)),
        flags: if ungraded {
            vec!["under_investigation".into()]
        } else {
            vec![]
        },
        ..Person::new(format!("P{i:03}"))
    }
}

fn people_strategy() -> impl Strategy<Value = Vec<Person>> {
    prop::collection::vec(
        (0u8..3, 5_000u32..=10_000, prop::bool::weighted(0.1)),
        1..40,
    )
    .prop_map(|xs| {
        xs.into_iter()
            .enumerate()
            .map(|(i, (u, c, g))| person(i, u, c, g))
            .collect()
    })
}

fn options(adj: &[Option<&str>]) -> AssessOptions {
    let mut o = AssessOptions::default();
    for (i, a) in adj.iter().enumerate() {
        o.units.insert(
            format!("U{i}"),
            a.map_or_else(UnitOptions::default, UnitOptions::with_adjustment),
        );
    }
    o
}

fn adj_strategy() -> impl Strategy<Value = Vec<Option<&'static str>>> {
    prop::collection::vec(
        prop::sample::select(vec![None, Some("raised"), Some("lowered")]),
        3,
    )
}

fn graded(o: &Outcome) -> &bianzhi::assess::GradedOutcome {
    match o {
        Outcome::Graded(g) => g,
        _ => panic!("graded scheme"),
    }
}

proptest! {
    #[test]
    fn top_grades_never_exceed_the_cap(people in people_strategy(), adj in adj_strategy(),
                                       which in prop::sample::select(vec!["civil_servant_annual", "institution_annual"])) {
        let scheme = preset(which).unwrap();
        // civil_servant_annual has no `lowered` ratio (an unknown adjustment is an input error).
        let adj: Vec<Option<&str>> = adj.into_iter()
            .map(|a| if which == "civil_servant_annual" && a == Some("lowered") { None } else { a })
            .collect();
        let opts = options(&adj);
        let out = assess(&scheme, &people, &opts).unwrap();
        for d in distribution(&scheme, &out) {
            let ratio: Decimal = match d.pool.as_deref().and_then(|u| opts.units.get(u)).and_then(|o| o.adjustment.as_deref()) {
                Some("raised") => "0.25".parse().unwrap(),
                Some("lowered") => "0.15".parse().unwrap(),
                _ => "0.2".parse().unwrap(),
            };
            let cap = (ratio * Decimal::from(d.graded)).floor();
            prop_assert!(Decimal::from(d.top) <= cap, "pool {:?}: {} top > cap {}", d.pool, d.top, cap);
            prop_assert_eq!(d.cap, cap.to_u64());
        }
    }

    #[test]
    fn more_points_never_lower_a_grade_unless_the_cap_moves(people in people_strategy(), pick in 0usize..40, add in 1u32..3_000) {
        let scheme = preset("civil_servant_annual").unwrap();
        let opts = AssessOptions::default();
        let k = pick % people.len();
        let before = assess(&scheme, &people, &opts).unwrap();
        let mut more = people.clone();
        let s = more[k].score.unwrap() + Decimal::new(i64::from(add), 2);
        more[k].score = Some(s);
        let after = assess(&scheme, &more, &opts).unwrap();
        let (b, a) = (graded(&before[k]), graded(&after[k]));
        let idx = |g: &Option<String>| g.as_deref().and_then(|n| scheme.grade_index(n));
        if !a.moved_by_cap {
            prop_assert!(idx(&a.grade) <= idx(&b.grade), "{:?} → {:?}", b.grade, a.grade);
        }
        // Stronger, and true of this ranking: a person never loses a grade by scoring more.
        prop_assert!(idx(&a.grade) <= idx(&b.grade));
    }

    #[test]
    fn outcomes_do_not_depend_on_input_order(people in people_strategy(), keys in prop::collection::vec(any::<u32>(), 40)) {
        let scheme = preset("institution_annual").unwrap();
        let opts = options(&[Some("raised"), None, Some("lowered")]);
        let out = assess(&scheme, &people, &opts).unwrap();
        let mut order: Vec<usize> = (0..people.len()).collect();
        order.sort_by_key(|&i| (keys[i], i));
        let shuffled: Vec<Person> = order.iter().map(|&i| people[i].clone()).collect();
        let out2 = assess(&scheme, &shuffled, &opts).unwrap();
        let by_id = |xs: &[Outcome]| -> BTreeMap<String, String> {
            xs.iter().map(|o| (o.id().to_string(), serde_json::to_string(o).unwrap())).collect()
        };
        prop_assert_eq!(by_id(&out), by_id(&out2));
        // And in input order.
        for (o, &i) in out2.iter().zip(&order) {
            prop_assert_eq!(o.id(), people[i].id.as_str());
        }
    }

    #[test]
    fn arbitrary_json_never_panics(s in "\\PC{0,200}") {
        let _ = bianzhi::assess::assess_json(&s);
    }

    #[test]
    fn arbitrary_people_values_never_panic(score in any::<i64>(), leave in any::<i64>(), votes in any::<u64>(), judge in any::<i64>(),
                                           late in any::<u64>()) {
        for scheme in bianzhi::assess::PRESETS {
            let doc = serde_json::json!({"scheme": scheme, "people": [
                {"id": "A", "score": score, "leave_days": leave, "late": late, "absent_days": late,
                 "votes": {"优秀": votes, "不称职": votes}, "judges": [judge, judge, judge]},
                {"id": "B", "score": 1e300, "history": ["优秀"]}
            ]});
            let _ = bianzhi::assess::assess_value(&doc);
        }
    }
}
