//! The Rust API of `bianzhi::assess`: presets, scheme round trips, options.

use bianzhi::assess::{
    assess, assess_json, preset, preset_json, AssessOptions, Denominator, Outcome, Person, Scheme,
    PRESETS,
};

#[test]
fn every_preset_loads_validates_and_round_trips() {
    for name in PRESETS {
        let s = preset(name).unwrap_or_else(|| panic!("{name} loads"));
        assert_eq!(&s.name, name);
        s.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!s.source.is_empty(), "{name} cites its source");
        // Serialized (decimals as strings) and read back: the same scheme.
        let text = serde_json::to_string(&s).unwrap();
        let back: Scheme = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s, "{name}");
        assert!(preset_json(name).is_some());
    }
    assert!(preset_json("nope").is_none());
}

#[test]
fn denominator_all_counts_the_ungraded() {
    // 2 graded + 3 ungraded in one unit: graded → 2 × 0.2 = 0.4 → 0 优秀;
    // all → 5 × 0.2 = 1.0 → 1 优秀 (A keeps it).
    let mut s = preset("institution_annual").unwrap();
    let people: Vec<Person> = ["A", "B", "C", "D", "E"]
        .iter()
        .enumerate()
        .map(|(i, id)| Person {
            unit: Some("U".into()),
            score: Some((95 - i as i64).into()),
            flags: if i >= 2 {
                vec!["under_investigation".into()]
            } else {
                vec![]
            },
            ..Person::new(*id)
        })
        .collect();
    let grade = |out: &[Outcome]| match &out[0] {
        Outcome::Graded(g) => g.grade.clone(),
        _ => None,
    };
    let out = assess(&s, &people, &AssessOptions::default()).unwrap();
    assert_eq!(grade(&out).as_deref(), Some("合格"));
    s.cap.as_mut().unwrap().denominator = Denominator::All;
    let out = assess(&s, &people, &AssessOptions::default()).unwrap();
    assert_eq!(grade(&out).as_deref(), Some("优秀"));
}

#[test]
fn numbers_may_be_strings_and_scores_serialize_with_two_places() {
    let out = assess_json(
        r#"{"scheme": "civil_servant_annual", "people": [{"id": 1, "score": "80.5"}]}"#,
    )
    .unwrap();
    let v = serde_json::to_value(&out).unwrap();
    assert_eq!(v["outcomes"][0]["score"], "80.50");
    assert_eq!(v["outcomes"][0]["id"], "1");
}

#[test]
fn a_malformed_scheme_object_is_a_scheme_error() {
    let e = assess_json(r#"{"scheme": {"name": "x", "grades": [], "weigths": 1}, "people": []}"#)
        .unwrap_err();
    assert_eq!(e.kind(), "scheme");
    assert!(e.to_string().contains("weigths"), "{e}");
    let e = assess_json(r#"{"scheme": "civil_servant_annual"}"#).unwrap_err();
    assert_eq!(
        (e.kind(), e.to_string().as_str()),
        ("input", "people: missing")
    );
}
