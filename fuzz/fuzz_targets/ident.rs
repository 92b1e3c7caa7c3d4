//! Identifier validators: any string is accepted or rejected with a typed error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = bianzhi::ident::id_check_char(&s);
    let ok = bianzhi::ident::check_id_number(&s).is_ok();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let _ = bianzhi::ident::check_id_number_as_of(&s, as_of);
    let _ = bianzhi::ident::org_code_check_char(&s);
    let _ = bianzhi::ident::credit_code_check_char(&s);
    let _ = bianzhi::ident::check_credit_code(&s);
    // (Only for plain 18-character input: the validator also trims white space, NBSP
    // included, and accepts 15-digit numbers; fuzzing found "718101010110110\u{a0}\u{a0}\u{a0}".)
    if ok && s.len() == 18 && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // A valid number's check character is the one computed from its body.
        let body: String = s.chars().take(17).collect();
        let want = bianzhi::ident::id_check_char(&body).expect("valid body");
        assert!(s.chars().last().unwrap().eq_ignore_ascii_case(&want));
    }
    if data.len() >= 6 {
        let region = String::from_utf8_lossy(&data[..6]);
        let seq = u16::from_le_bytes([data[0], data[1]]);
        let _ = bianzhi::ident::make_id_number(&region, as_of, seq);
    }
});
