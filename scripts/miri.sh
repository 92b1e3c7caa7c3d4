#!/usr/bin/env bash
# Runs the core's unit tests under Miri (undefined-behaviour checker). Not part of the normal
# test run: Miri interprets the code and is ~100-1000x slower. The core is
# #![forbid(unsafe_code)], so this checks the unsafe code of the dependencies on the paths the
# tests exercise (serde_json, chrono, rust_decimal, std collections).
#   scripts/miri.sh               # core unit tests
#   scripts/miri.sh FILTER        # only tests whose name contains FILTER
# If the C binding crate exists (bindings/c), its unit tests run too (pointer handling).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^miri' \
  || rustup +nightly component add miri
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation}"
# Property tests run a handful of cases under Miri (the full count takes hours).
export PROPTEST_CASES="${PROPTEST_CASES:-4}"
cargo +nightly miri setup
cargo +nightly miri test -p bianzhi --lib -- "$@"
if [ -f bindings/c/Cargo.toml ]; then
  pkg=$(sed -n 's/^name *= *"\(.*\)"/\1/p' bindings/c/Cargo.toml | head -1)
  cargo +nightly miri test -p "$pkg" --lib -- "$@"
fi
