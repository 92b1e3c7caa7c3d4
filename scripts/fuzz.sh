#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after the other. Not part of the
# normal test run. Works on the stable toolchain: cargo-fuzz needs unstable rustc flags, which
# RUSTC_BOOTSTRAP=1 allows (set BZ_FUZZ_TOOLCHAIN=+nightly to use nightly instead).
#
# Build: `--sanitizer none -O --debug-assertions` (optimised, with debug assertions and
# overflow checks). The library is safe Rust, so ASan adds little but halves the exec rate;
# memory is bounded instead by libFuzzer's `-rss_limit_mb=2048` and a 3 GB address-space cap
# (`prlimit --as`), under which an absurd allocation fails and aborts: a crash, reported.
# BZ_FUZZ_SANITIZER=address switches to ASan (then no address-space cap: ASan reserves
# terabytes of shadow memory; its own `-malloc_limit_mb` = rss limit applies).
#
# Crashes land in fuzz/artifacts/<target>/ (ignored by git, as is the corpus); minimise one
# with `cargo fuzz tmin`, then copy it into tests/hostile/<target>/ as a regression case
# (run by `cargo test -p bianzhi --test hostile` and `-p bianzhi-tabular --test hostile`,
# see tests/hostile/README.md). Each target's final libFuzzer stats go to
# fuzz/logs/<target>.log.
#   scripts/fuzz.sh 60            # all targets, 60 s each
#   scripts/fuzz.sh 600 tabular   # one target, 10 minutes
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(load_validate tabular workbook csv ident assess plan)
fi
toolchain="${BZ_FUZZ_TOOLCHAIN:-}"
sanitizer="${BZ_FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
python3 fuzz/seed.py
# Workbook seeds: the empty template written by the CLI.
mkdir -p fuzz/corpus/tabular fuzz/corpus/workbook fuzz/logs
tmp=$(mktemp -d)
if nice -n 10 cargo run -q -p bianzhi-cli -- template -o "$tmp/t.xlsx"; then
  { printf "\x00"; cat "$tmp/t.xlsx"; } > fuzz/corpus/tabular/template
  cp fuzz/corpus/tabular/template fuzz/corpus/workbook/template
fi
rm -rf "$tmp"

build=(-O --debug-assertions --sanitizer "$sanitizer")
cap=()
if [ "$sanitizer" = none ]; then
  cap=(prlimit --as=3000000000)
fi
# shellcheck disable=SC2086
nice -n 10 cargo $toolchain fuzz build "${build[@]}"
triple=$(rustc -vV | sed -n "s/^host: //p")
status=0
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s =="
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  # -timeout: one input running 10 s is a hang; -max_len: workbooks need room (the template
  # is about 20 KB); -print_final_stats: execs and coverage for the record.
  # The binary is run directly (not `cargo fuzz run`), so editing the sources while the
  # targets run does not rebuild them halfway through.
  if ! nice -n 10 "${cap[@]}" "fuzz/target/$triple/release/$t" "fuzz/corpus/$t" \
      -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -print_final_stats=1 > "fuzz/logs/$t.log" 2>&1; then
    status=1
  fi
  tail -25 "fuzz/logs/$t.log"
  if ls "fuzz/artifacts/$t"/* > /dev/null 2>&1; then
    echo "!! $t: crash inputs in fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
