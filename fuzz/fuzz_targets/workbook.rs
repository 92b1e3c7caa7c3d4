//! The workbook reader (xlsx, ods, xls) on arbitrary bytes, run with `-rss_limit_mb` so an
//! allocation the file asks for is a crash: the first byte picks the extension.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let name = match sel % 3 {
        0 => "fuzz.xlsx",
        1 => "fuzz.ods",
        _ => "fuzz.xls",
    };
    let opts = bianzhi_tabular::ReadOptions::default();
    if let Ok(out) = bianzhi_tabular::read_workbook_bytes(name, rest, &opts) {
        let opts = bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
        let _ = bianzhi::validate(&out.dataset, &opts);
    }
});
