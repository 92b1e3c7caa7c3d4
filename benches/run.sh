#!/usr/bin/env bash
# Reproduces every table of BENCHMARKS.md: `benches/run.sh` (add `--quick` for 10^5 staff).
# Rust: criterion benches (validate 10^4..10^6, rule families, load, assessment) and the
# file-based Rust/C comparison; Python: bianzhi from pyarrow/polars/pandas/JSON vs pandas
# and pydantic. Results go to target/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
N=1000000
MAX=1000000
if [ "${1:-}" = "--quick" ]; then N=100000; MAX=100000; fi
out=$root/target/bench-results
mkdir -p "$out" target/bench-data

echo "== machine"
{ echo "nproc: $(nproc)"; lscpu | grep -E 'Model name|^CPU\(s\)|Thread|L2|L3' ; free -g | head -2;
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"; rustc --version; } | tee "$out/machine.txt"

echo "== build"
cargo build --release -q -p bianzhi-cli
cargo build --release -q -p bianzhi --example bench_rust
# The allocator and memory-stage runs are the ones to look at under `perf record`: built with
# the `profiling` profile (release code plus line tables; release itself has no debug info).
cargo build --profile profiling -q -p bianzhi --example prof_validate \
  --example prof_validate_system --example mem_stages
prof=target/profiling/examples
data=target/bench-data/staff_${N}_1.json
[ -f "$data" ] || target/release/bianzhi generate --staff "$N" --seed 1 --output "$data"

echo "== criterion (crates/bianzhi/benches/throughput.rs)"
BIANZHI_BENCH_MAX=$MAX cargo bench -q -p bianzhi --bench throughput 2>&1 \
  | grep -E '^[a-z_]+/|time:|thrpt:' | tee "$out/criterion.txt"

echo "== Rust vs C on $data (two rounds, alternating; system allocator in both)"
have_c=
if [ -f include/bianzhi.h ] && [ -f bindings/c/Cargo.toml ]; then
  cargo build --release -q -p "$(sed -n 's/^name *= *"\(.*\)"/\1/p' bindings/c/Cargo.toml | head -1)"
  scripts/link-soname.sh target/release > /dev/null
  cc -O2 -Iinclude benches/c/timing.c -o target/bench-data/timing_c -L target/release \
     -lbianzhi -Wl,-rpath,"$root/target/release"
  have_c=1
fi
: > "$out/rust.json"; : > "$out/c.json"
for round in 1 2; do
  target/release/examples/bench_rust "$data" 3 | tee -a "$out/rust.json"
  if [ -n "$have_c" ]; then target/bench-data/timing_c "$data" 3 | tee -a "$out/c.json"; fi
done
[ -n "$have_c" ] || echo "C binding not built: skipped" | tee "$out/c.json"

echo "== allocator: validate $N staff 10 times (best, median), mimalloc vs the system allocator"
{ $prof/prof_validate "$N" 10 1
  $prof/prof_validate_system "$N" 10 1
  $prof/prof_validate "$N" 10 0
  $prof/prof_validate_system "$N" 10 0; } | tee "$out/allocator.json"

# The CLI and the memory stages at each size: 10^7 staff only in the full run (2.2 GB of
# JSON, about 8 GB of memory at the peak).
sizes=$N
if [ "$N" = 1000000 ]; then sizes="$N 10000000"; fi
: > "$out/cli.txt"; : > "$out/memory.txt"
for n in $sizes; do
  f=target/bench-data/staff_${n}_1.json
  [ -f "$f" ] || target/release/bianzhi generate --staff "$n" --seed 1 --output "$f"
  echo "== /usr/bin/time: CLI on $f (peak RSS)"
  /usr/bin/time -v target/release/bianzhi validate "$f" --format json > /dev/null 2> "$out/cli_time_$n.txt" || true
  { echo "$n staff, $(stat -c %s "$f") bytes:"; grep -E 'Elapsed|Maximum resident' "$out/cli_time_$n.txt"; } | tee -a "$out/cli.txt"
  echo "== memory per stage on $f"
  { echo "$n staff, $(stat -c %s "$f") bytes:"; $prof/mem_stages "$f"; } | tee -a "$out/memory.txt"
  if [ "$n" != "$N" ]; then
    echo "== Rust load + validate on $f"
    target/release/examples/bench_rust "$f" 1 | tee -a "$out/rust.json"
  fi
done

echo "== CLI on the same dataset as CSV files (units, posts, staff, settings) and as an XLSX roster of 10^5 staff"
cargo build --release -q -p bianzhi-tabular --example export_csv
csvdir=target/bench-data/csv_${N}_1
[ -f "$csvdir/staff.csv" ] || target/release/examples/export_csv "$data" "$csvdir" > /dev/null
csvs="$csvdir/units.csv $csvdir/posts.csv $csvdir/staff.csv $csvdir/settings.csv"
# shellcheck disable=SC2086
/usr/bin/time -v target/release/bianzhi validate $csvs --format json > /dev/null 2> "$out/cli_csv_time.txt" || true
# shellcheck disable=SC2086
{ echo "CSV, $N staff, $(cat $csvs | wc -c) bytes:"
  grep -E 'Elapsed|Maximum resident|User time|System time' "$out/cli_csv_time.txt"; } | tee -a "$out/cli.txt"
small=target/bench-data/staff_100000_1.json
[ -f "$small" ] || target/release/bianzhi generate --staff 100000 --seed 1 --output "$small"
xlsx=target/bench-data/staff_100000_1.xlsx
[ -f "$xlsx" ] || target/release/examples/export_csv "$small" "$xlsx" > /dev/null
/usr/bin/time -v target/release/bianzhi validate "$xlsx" --format json > /dev/null 2> "$out/cli_xlsx_time.txt" || true
{ echo "XLSX, 100000 staff, $(stat -c %s "$xlsx") bytes:"
  grep -E 'Elapsed|Maximum resident|User time|System time' "$out/cli_xlsx_time.txt"; } | tee -a "$out/cli.txt"

echo "== Python"
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.5,<2" "pandas>=2.2" "polars>=1.0" "pyarrow>=14" "pydantic>=2"
(cd bindings/python && VIRTUAL_ENV=$root/.venv "$root/.venv/bin/maturin" develop --release --quiet)
.venv/bin/python benches/python/compare.py --staff "$N" --data "$data" | tee "$out/python.md"
echo "== Python stages (pyarrow input, one run, BIANZHI_PROFILE=1)"
BIANZHI_PROFILE=1 .venv/bin/python benches/python/compare.py --one bianzhi_pyarrow --reps 1 \
  --data "$data" 2>&1 >/dev/null | tee "$out/python_stages.txt"
