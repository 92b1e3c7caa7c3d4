//! Numbers that claim exactness (issue 20): JSON scores and weights are read as decimals
//! from their source text, never through `f64`.

use bianzhi::assess::assess_json;
use serde_json::Value;

fn outcomes(input: &str) -> Vec<Value> {
    let out = assess_json(input).unwrap_or_else(|e| panic!("{e}"));
    let v = serde_json::to_value(&out).unwrap();
    v["outcomes"].as_array().unwrap().clone()
}

#[test]
fn a_score_with_many_digits_is_not_rounded_through_f64() {
    // 89.994999999999999999999 as f64 is 89.995, which rounds half up to 90.00 (优秀).
    // Exactly, it rounds to 89.99: 称职. 60.0000000000000000001 stays above 60 (基本称职).
    let o = outcomes(
        r#"{"scheme": "civil_servant_annual", "people": [
            {"id": "A", "score": 89.994999999999999999999},
            {"id": "B", "score": 59.9999999999999999999}]}"#,
    );
    assert_eq!(o[0]["score"], "89.99", "{o:?}");
    assert_eq!(o[0]["grade"], "称职");
    assert_eq!(o[1]["score"], "60.00");
}

#[test]
fn weights_that_sum_to_100_exactly_are_accepted_as_numbers() {
    // 33.333333333333333 + 33.333333333333333 + 33.333333333333334 = 100 exactly; through
    // f64 the sum was 99.999999999999996 and the scheme was refused (as strings it passed).
    let scheme = |w: [&str; 3]| {
        format!(
            r#"{{"scheme": {{"name": "thirds", "indicators": [
                {{"id": "a", "name": "甲", "weight": {}}},
                {{"id": "b", "name": "乙", "weight": {}}},
                {{"id": "c", "name": "丙", "weight": {}}}],
               "grades": [{{"name": "好", "min": 60}}, {{"name": "差"}}]}},
               "people": [{{"id": "P", "scores": {{"a": 90, "b": 90, "c": 90}}}}]}}"#,
            w[0], w[1], w[2]
        )
    };
    let o = outcomes(&scheme([
        "33.333333333333333",
        "33.333333333333333",
        "33.333333333333334",
    ]));
    assert_eq!(o[0]["score"], "90.00");
    let o = outcomes(&scheme([
        "\"33.333333333333333\"",
        "\"33.333333333333333\"",
        "\"33.333333333333334\"",
    ]));
    assert_eq!(o[0]["score"], "90.00");
    // One digit short is refused, naming the sum.
    let e = assess_json(&scheme([
        "33.333333333333333",
        "33.333333333333333",
        "33.33333333333333",
    ]))
    .unwrap_err();
    assert!(e.to_string().contains("99.999999999999996"), "{e}");
}

#[test]
fn a_literal_with_more_digits_than_a_decimal_holds_is_refused() {
    // A per-person problem: that person's error (not a rounded 90.00 优秀), not the batch's.
    let out = assess_json(
        r#"{"scheme": "civil_servant_annual", "people": [
            {"id": "A", "score": 89.99499999999999999999999999999999}]}"#,
    )
    .unwrap();
    assert_eq!(out.errors, 1);
    let e = out.outcomes[0].error().expect("the person's error");
    assert!(
        e.contains("people[0]") && e.contains("89.99499999999999999999999999999999"),
        "{e}"
    );
}

#[test]
fn a_full_width_id_number_names_the_full_width_character() {
    // 18 full-width characters: "应为18位…实为18位" before; now the first full-width
    // character is named as such.
    let fw: String = "11010519491231002X"
        .chars()
        .map(|c| char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap())
        .collect();
    assert_eq!(fw.chars().next(), Some('１'));
    let e = bianzhi::ident::check_id_number(&fw).unwrap_err();
    assert_eq!(e.zh(), "第1位字符“１”为全角字符，应为半角数字或X");
    // One full-width digit among ASCII ones (20 bytes, 18 characters): position 5.
    let e = bianzhi::ident::check_id_number("1101０519491231002X").unwrap_err();
    assert_eq!(e.zh(), "第5位字符“０”为全角字符，应为半角数字或X");
    assert!(bianzhi::ident::check_id_number("11010519491231002X").is_ok());
}
