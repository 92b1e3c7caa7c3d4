#!/usr/bin/env bash
# The inner loop of Python work (not the test command: scripts/test-python.sh tests the
# built wheel and sdist as users install them). Builds the extension into .venv with
# `maturin develop` (an editable install of bindings/python/python/bianzhi) and runs pytest;
# arguments go to pytest:   scripts/dev-python.sh -k frames -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
if [ ! -x .venv/bin/python ]; then "${PYTHON:-python3}" -m venv .venv; fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  "maturin>=1.5,<2" "pytest>=7" "hypothesis>=6" "mypy>=1.8" \
  "pandas>=2.2" "polars>=1.0" "pyarrow>=14"
(cd bindings/python && VIRTUAL_ENV=$root/.venv "$root/.venv/bin/maturin" develop --quiet)
.venv/bin/python -m pytest -q bindings/python/tests "$@"
