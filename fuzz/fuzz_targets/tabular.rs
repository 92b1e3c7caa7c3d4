//! CSV and workbook readers on arbitrary bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = bianzhi_tabular::ReadOptions::default();
    // The first byte picks the entry point; the rest is the file.
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let out = match sel % 4 {
        0 => bianzhi_tabular::read_workbook_bytes("fuzz.xlsx", rest, &opts),
        1 => bianzhi_tabular::read_csv_sources(&[("人员.csv", rest)], &opts),
        2 => bianzhi_tabular::read_csv_sources(&[("单位.csv", rest)], &opts),
        _ => {
            // Two CSV files split at the first NUL-free 0xFF byte (or the middle).
            let mid = rest
                .iter()
                .position(|&b| b == 0xff)
                .unwrap_or(rest.len() / 2);
            let (a, b) = rest.split_at(mid);
            bianzhi_tabular::read_csv_sources(&[("units.csv", a), ("staff.csv", b)], &opts)
        }
    };
    if let Ok(out) = out {
        let opts = bianzhi::Options::as_of(chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap());
        let _ = bianzhi::validate(&out.dataset, &opts);
    }
});
