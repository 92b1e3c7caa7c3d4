//! Plan JSON entry points: staffing computation, evaluation, rectification ledgers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    match sel % 3 {
        0 => {
            if let Ok(out) = bianzhi::plan::compute_json(s) {
                let _ = bianzhi::plan::render_plan_text(&out);
            }
        }
        1 => {
            if let Ok(out) = bianzhi::plan::evaluate_json(s) {
                let _ = bianzhi::plan::evaluation::render_text(&out, "en");
            }
        }
        _ => {
            let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 30);
            if let Ok(out) = bianzhi::plan::rectification_json(s, as_of) {
                let _ = bianzhi::plan::ledger::render_text(&out, "zh");
            }
        }
    }
});
