//! The CSV reader on arbitrary bytes: decoding (UTF-8, UTF-16, GB18030), delimiter
//! sniffing, header detection and the row → record conversion, then validation.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let name = ["人员.csv", "单位.csv", "岗位.csv", "职责.csv", "设置.csv", "roster.csv"]
        [usize::from(sel) % 6];
    let opts = bianzhi_tabular::ReadOptions::default();
    if let Ok(out) = bianzhi_tabular::read_csv_sources(&[(name, rest)], &opts) {
        let opts = bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
        let _ = bianzhi::validate(&out.dataset, &opts);
    }
});
