//! JSON loader + validation: any bytes give a typed error or a report, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(ds) = bianzhi::Dataset::from_slice(data) else {
        return;
    };
    let opts = bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
    let report = bianzhi::validate(&ds, &opts);
    // The report serialises, and the loaded document round trips.
    let _ = serde_json::to_string(&report);
    let again = bianzhi::Dataset::from_json(&ds.to_json()).expect("to_json output reloads");
    assert_eq!(again.staff().len(), ds.staff().len());
    assert_eq!(again.units().len(), ds.units().len());
});
