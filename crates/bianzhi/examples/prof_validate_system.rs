//! [`prof_validate`](prof_validate.rs) with the system allocator (glibc malloc on Linux):
//! `cargo run --release -p bianzhi --example prof_validate_system -- 1000000 10`.

const ALLOCATOR: &str = "system";

include!("common/validate_loop.rs");
