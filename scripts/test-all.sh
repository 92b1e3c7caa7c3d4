#!/usr/bin/env bash
# Runs every test suite: Rust (unit, conformance, doctests), C and Python.
# Needs only the Rust toolchain, gcc and Python 3; installs maturin into .venv and the Python
# test dependencies into fresh virtualenvs under target/python-dist (scripts/test-python.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# Disk: a clean run must fit a small CI disk. Incremental caches (1.5 GB) only help the
# edit-compile loop, not one full run; pip's cache would hold a second copy of every wheel.
export CARGO_INCREMENTAL=0 PIP_NO_CACHE_DIR=1

echo "== Rust: format, lint, tests =="
cargo fmt --all -- --check
# No file may name a document the repository does not contain (paths, Markdown links, anchors).
python3 scripts/check-doc-refs.py
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p bianzhi-tabular --features arrow --all-targets --quiet -- -D warnings
cargo test --workspace --quiet
# The Arrow fast path (bianzhi_tabular::columns) and its equivalence tests, on their own:
# the workspace run has the feature only through the Python binding's dependency.
cargo test -p bianzhi-tabular --features arrow --quiet

echo "== crates package (licences, READMEs, versioned path dependencies) =="
# Offline: the tests above fetched every dependency; --allow-dirty for uncommitted work.
cargo package --workspace --no-verify --offline --allow-dirty --quiet
for c in bianzhi bianzhi-tabular bianzhi-cli; do
  cargo package -p "$c" --list --offline --allow-dirty 2> /dev/null | grep -qx LICENSE-APACHE \
    || { echo "$c: LICENSE-APACHE not packaged"; exit 1; }
done

echo "== CLI smoke: demo and exit codes =="
cargo build --quiet -p bianzhi-cli
bin=target/debug/bianzhi
"$bin" demo > /dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '{"units": [\n' > "$tmp/bad.json"
set +e
"$bin" validate "$tmp/bad.json" 2> "$tmp/err"; code=$?
set -e
[ "$code" = 2 ] || { echo "expected exit 2 on a non-JSON file, got $code"; exit 1; }
grep -q "bad.json: not valid JSON at line 2" "$tmp/err" || { cat "$tmp/err"; exit 1; }

if [ -x scripts/test-c.sh ]; then
  echo "== C =="
  scripts/test-c.sh
fi
if [ -x scripts/test-python.sh ]; then
  echo "== Python =="
  scripts/test-python.sh
fi
echo "all test suites passed ($(du -sh "${CARGO_TARGET_DIR:-target}" | cut -f1) in the target directory)"
