//! C binding of bianzhi (编制): `libbianzhi.so` / `libbianzhi.a` and `include/bianzhi.h`.
//!
//! Every `extern "C"` function follows the conventions of `bindings/c/README.md`:
//! NULL pointers are checked (`BZ_NULL_ARGUMENT`), no panic crosses the boundary
//! (`BZ_PANIC`), outputs are written only on success and errors are returned through a
//! caller-owned `bz_error` (never a thread-local).
#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

mod assess;
mod ffi;
mod ident;
mod ledger;
mod plan;
mod validate;
mod workdays;

pub use assess::*;
pub use ffi::*;
pub use ident::*;
pub use ledger::*;
pub use plan::*;
pub use validate::*;
pub use workdays::*;
