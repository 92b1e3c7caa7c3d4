//! Shapes that used to take quadratic time: each is run at n and 4n, and four times the
//! input must stay far from sixteen times the time (best of three runs each, measured in the
//! same test, so that machine load affects both sides alike).

use std::fmt::Write as _;

use bianzhi::assess::assess_json;
use bianzhi::{validate, Code, Dataset, Options};
use chrono::NaiveDate;

fn opts() -> Options {
    Options::as_of(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())
}

/// The timed tests of this file run one at a time: a test running beside another on a
/// two-core machine measures the other as much as itself.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[path = "support/near_linear.rs"]
mod near_linear;
use near_linear::assert_near_linear;

/// n units and n duties, each led by two units: n DUTY_OVERLAP findings naming both leads.
fn duties_doc(n: usize) -> String {
    let mut units = String::new();
    let mut duties = String::new();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(
            units,
            r#"{sep}{{"id":"U{i}","name":"单位{i}","kind":"organ"}}"#
        )
        .unwrap();
        let j = (i + 1) % n;
        write!(
            duties,
            r#"{sep}{{"id":"D{i}","name":"职责{i}","lead":["U{i}","U{j}"]}}"#
        )
        .unwrap();
    }
    format!(r#"{{"units":[{units}],"staff":[],"duties":[{duties}]}}"#)
}

#[test]
fn duties_with_several_leads_take_near_linear_time() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = (duties_doc(4_000), duties_doc(16_000));
    let (a, b) = (
        Dataset::from_json(&a).unwrap(),
        Dataset::from_json(&b).unwrap(),
    );
    let run = |ds: &Dataset, n: usize| {
        let r = validate(ds, &opts());
        let overlaps: Vec<_> = r
            .violations
            .iter()
            .filter(|v| v.code == Code::DutyOverlap)
            .collect();
        assert_eq!(overlaps.len(), n);
        assert!(
            overlaps[0].message.contains("单位0、单位1"),
            "{}",
            overlaps[0].message
        );
    };
    assert_near_linear(
        "duties with two leads",
        || run(&a, 4_000),
        || run(&b, 16_000),
    );
}

/// An organ U0 over a chain of n institutions I1 ← I2 ← … ← In; n 行政 staff of U0, each
/// with a concurrent post in the deepest institution: n CROSS_APPOINTMENT findings, each
/// needing to know that In lies below U0.
fn chain_doc(n: usize) -> String {
    let mut units = String::from(
        r#"{"id":"U0","name":"某局","kind":"organ","quotas":{"administrative":1000000}}"#,
    );
    for i in 1..=n {
        let parent = if i == 1 {
            "U0".to_string()
        } else {
            format!("I{}", i - 1)
        };
        write!(
            units,
            r#",{{"id":"I{i}","name":"中心{i}","kind":"institution","parent":"{parent}","quotas":{{"institution":1}}}}"#
        )
        .unwrap();
    }
    let mut staff = String::new();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(
            staff,
            r#"{sep}{{"id":"S{i}","name":"人员{i}","unit":"U0","establishment":"administrative","concurrent":["I{n}"]}}"#
        )
        .unwrap();
    }
    format!(r#"{{"units":[{units}],"staff":[{staff}]}}"#)
}

#[test]
fn cross_appointments_below_a_deep_chain_take_near_linear_time() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = (chain_doc(10_000), chain_doc(40_000));
    let (a, b) = (
        Dataset::from_json(&a).unwrap(),
        Dataset::from_json(&b).unwrap(),
    );
    let run = |ds: &Dataset, n: usize| {
        let r = validate(ds, &opts());
        let cross = r
            .violations
            .iter()
            .filter(|v| v.code == Code::CrossAppointment)
            .count();
        assert_eq!(cross, n);
    };
    assert_near_linear(
        "CROSS_APPOINTMENT under a chain",
        || run(&a, 10_000),
        || run(&b, 40_000),
    );
}

/// n people, each the only one of their unit (a cap pool of one).
fn assess_doc(n: usize) -> String {
    let mut people = String::new();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(people, r#"{sep}{{"id":"A{i}","unit":"U{i}","score":"95"}}"#).unwrap();
    }
    format!(r#"{{"scheme":"civil_servant_annual","people":[{people}]}}"#)
}

#[test]
fn assessment_with_one_person_per_pool_takes_near_linear_time() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = (assess_doc(5_000), assess_doc(20_000));
    let run = |t: &str, n: usize| {
        let out = assess_json(t).unwrap();
        assert_eq!(out.outcomes.len(), n);
        assert_eq!(out.distribution.len(), n);
    };
    assert_near_linear(
        "assessment, one person per pool",
        || run(&a, 5_000),
        || run(&b, 20_000),
    );
}

/// n declared categories, each given twice (a duplicate is ignored), one unit holding a
/// quota of the last one and a person of the first.
fn categories_doc(n: usize) -> String {
    let mut cats = String::new();
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        write!(cats, r#"{sep}"c{i}","c{i}""#).unwrap();
    }
    let last = n - 1;
    format!(
        r#"{{"settings":{{"categories":[{cats}]}},"units":[{{"id":"U1","name":"某中心","kind":"institution","quotas":{{"c{last}":1}}}}],"staff":[{{"id":"S1","name":"张三","unit":"U1","establishment":"c0"}}]}}"#
    )
}

#[test]
fn declared_categories_are_deduplicated_in_near_linear_time() {
    // 65 000 categories took 2.8 s (each checked against the ones before it).
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = (categories_doc(16_000), categories_doc(64_000));
    let run = |t: &str| {
        let ds = Dataset::from_json(t).unwrap();
        let r = validate(&ds, &opts());
        // S1 holds c0, which U1 has no quota of: over by one; c_last is vacant.
        let over: Vec<_> = r
            .violations
            .iter()
            .filter(|v| v.code == Code::OverEstablishment)
            .map(|v| v.category.clone())
            .collect();
        assert_eq!(over, [Some("c0".to_string())]);
    };
    assert_near_linear(
        "settings.categories, each given twice",
        || run(&a),
        || run(&b),
    );
}
