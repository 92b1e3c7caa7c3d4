#!/usr/bin/env bash
# Python suite: builds the extension into .venv with maturin and runs pytest, mypy --strict
# on the usage example and stubtest (so the .pyi stubs cannot drift from the module).
# Needs only Rust, a C compiler and Python ≥ 3.9; idempotent; run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
py=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  echo "creating .venv"
  "$py" -m venv .venv
fi
venv_py=$root/.venv/bin/python
"$venv_py" -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.5,<2" "pytest>=7" "hypothesis>=6" "mypy>=1.8" \
  "pandas>=2.2" "polars>=1.0" "pyarrow>=14"

echo "-- maturin develop"
(cd bindings/python && VIRTUAL_ENV=$root/.venv "$root/.venv/bin/maturin" develop --quiet)

echo "-- pytest"
"$venv_py" -m pytest -q bindings/python/tests

echo "-- mypy --strict (usage example and package) and stubtest"
cd bindings/python
"$venv_py" -m mypy --config-file mypy.ini tests/typing_example.py python/bianzhi
"$venv_py" -m mypy.stubtest --mypy-config-file mypy.ini --allowlist stubtest-allowlist.txt bianzhi
echo "python suite passed"
