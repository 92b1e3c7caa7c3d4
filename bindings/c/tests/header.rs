//! The committed `include/bianzhi.h` must be what cbindgen generates from this crate.
//! Run with `BIANZHI_BLESS=1` to rewrite it.

use std::path::PathBuf;

#[test]
fn header_is_up_to_date() {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let header = crate_dir.join("../../include/bianzhi.h");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("bindings/c/cbindgen.toml reads");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("header is UTF-8");
    if std::env::var_os("BIANZHI_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&header, &generated).expect("write include/bianzhi.h");
        return;
    }
    let committed = std::fs::read_to_string(&header).unwrap_or_default();
    assert!(
        committed == generated,
        "include/bianzhi.h is out of date; regenerate with \
         `BIANZHI_BLESS=1 cargo test -p bianzhi-c --test header` and commit it"
    );
}
