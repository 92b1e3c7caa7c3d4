//! Gives `libbianzhi.so` an ELF SONAME so that programs record the ABI they were linked
//! against, not the unversioned development name: `libbianzhi.so.0.<minor>` while the
//! version is 0.x (every 0.x minor release may break the ABI, as in Cargo's semver), then
//! `libbianzhi.so.<major>`. `scripts/install-c.sh` installs the file under that name with
//! the `libbianzhi.so` link beside it.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "android" || os.ends_with("bsd") {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
        let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap_or_else(|_| "0".into());
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libbianzhi.so.{abi}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
