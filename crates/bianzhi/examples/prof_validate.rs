//! Validates one generated dataset repeatedly with mimalloc as the allocator (what the CLI
//! and the Python module use), for timing and `perf record`:
//! `cargo run --profile profiling -p bianzhi --example prof_validate -- 1000000 10`
//! (the `profiling` profile keeps line tables for `perf`).
//! `prof_validate_system` is the same with the system allocator.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ALLOCATOR: &str = "mimalloc";

include!("common/validate_loop.rs");
