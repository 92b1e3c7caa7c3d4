#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60). Not part of the normal test run.
# Needs the nightly toolchain; installs cargo-fuzz if missing. Crashes land in
# fuzz/artifacts/<target>/; copy each into tests/hostile/<target>/ as a regression case
# (run by `cargo test -p bianzhi --test hostile`, see tests/hostile/README.md).
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
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked
python3 fuzz/seed.py
# Workbook seeds: the empty template written by the CLI.
mkdir -p fuzz/corpus/tabular && tmp=$(mktemp -d) && cargo run -q -p bianzhi-cli -- template -o "$tmp/t.xlsx" && { printf "\x00"; cat "$tmp/t.xlsx"; } > fuzz/corpus/tabular/template && mkdir -p fuzz/corpus/workbook && cp fuzz/corpus/tabular/template fuzz/corpus/workbook/template && rm -rf "$tmp" || true


cargo +nightly fuzz build -O
status=0
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s =="
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  if ! cargo +nightly fuzz run -O "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
      -print_final_stats=1 2>&1 | tail -25; then
    status=1
  fi
  if ls "fuzz/artifacts/$t"/* > /dev/null 2>&1; then
    echo "!! $t: crash inputs in fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
