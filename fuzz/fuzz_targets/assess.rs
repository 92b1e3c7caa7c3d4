//! Scheme parsing and assessment from JSON.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(out) = bianzhi::assess::assess_json(s) {
        let _ = serde_json::to_string(&out);
    }
});
