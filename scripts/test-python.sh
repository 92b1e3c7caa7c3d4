#!/usr/bin/env bash
# Python suite, on what users install: builds the wheel and the sdist of bindings/python with
# maturin, checks that both archives carry the whole package, installs each into a fresh
# virtualenv and runs, from a directory outside the source tree (so the tree cannot shadow
# the installed package):
#   wheel:  pytest (bindings/python/tests; with the extras dask and spark, whose tests
#           run a dask LocalCluster and Spark local[2] when Java is on PATH), mypy --strict (the usage example and the
#           installed package) and stubtest (the .pyi stubs against the installed module);
#   sdist:  pip builds it (maturin, in pip's isolated build environment) and installs it,
#           then import + a validation + the stub files. The build shares the target
#           directory: cargo finds the sdist's sources at the same workspace-relative paths
#           and reuses what the wheel build compiled, so a file missing from the sdist
#           fails the build while a second full release build (several minutes) is saved.
# Needs only Rust, a C compiler and Python >= 3.9; the tools and the test dependencies come
# from PyPI. Idempotent; run from anywhere. Scratch files under target/python-dist.
#   PYTHON=python3.12 scripts/test-python.sh      another interpreter
#   BIANZHI_PY_SDIST=0                            skip the sdist check
# For the edit-and-retest loop use scripts/dev-python.sh (maturin develop into .venv).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
py=${PYTHON:-python3}
start=$SECONDS
step() { printf '\n-- %s (%ss)\n' "$*" "$((SECONDS - start))"; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
work=$CARGO_TARGET_DIR/python-dist
rm -rf "$work"
mkdir -p "$work/wheel" "$work/sdist" "$work/run"
pip_q=(--quiet --disable-pip-version-check)
test_deps=("pytest>=7" "hypothesis>=6" "mypy>=1.8" "pandas>=2.2" "polars>=1.0" "pyarrow>=14")

# The build tool lives in .venv (kept between runs); the package never goes there.
if [ ! -x .venv/bin/python ]; then
  echo "creating .venv (build tools)"
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install "${pip_q[@]}" "maturin>=1.5,<2"
maturin=$root/.venv/bin/maturin

step "maturin build --release (wheel) and maturin sdist"
(cd bindings/python && "$maturin" build --release --quiet --out "$work/wheel" \
  && "$maturin" sdist --out "$work/sdist")
wheel=$(ls "$work"/wheel/bianzhi-*.whl)
sdist=$(ls "$work"/sdist/bianzhi-*.tar.gz)
ls -l "$wheel" "$sdist"

step "both archives carry the whole package"
"$py" - "$wheel" "$sdist" <<'EOF'
import sys, tarfile, zipfile
wheel, sdist = sys.argv[1:]
need = ["bianzhi/__init__.py", "bianzhi/_exceptions.py", "bianzhi/_bianzhi.pyi", "bianzhi/py.typed"]
w = zipfile.ZipFile(wheel).namelist()
s = tarfile.open(sdist).getnames()
missing = [f for f in need if f not in w]
missing += [f"extension in the wheel" for _ in [0] if not any(n.startswith("bianzhi/_bianzhi") and n.endswith((".so", ".pyd")) for n in w)]
missing += [f"{f} in the sdist" for f in need if not any(n.endswith("/python/" + f) for n in s)]
missing += [f"{f} in the sdist" for f in ["LICENSE-MIT", "LICENSE-APACHE", "crates/bianzhi/Cargo.toml", "Cargo.lock"]
            if not any(n.split("/", 1)[-1] == f for n in s)]
missing += [f"{f} in the wheel" for f in ["LICENSE-MIT", "LICENSE-APACHE"] if not any(n.endswith("/" + f) for n in w)]
if missing:
    sys.exit("missing: " + ", ".join(missing))
print(f"wheel: {len(w)} files, sdist: {len(s)} files: complete")
EOF

fresh_venv() { # fresh_venv DIR: a new virtualenv with the test dependencies
  "$py" -m venv --clear "$1"
  "$1/bin/python" -m pip install "${pip_q[@]}" "${test_deps[@]}"
}

# Each check runs in $work/run: no bianzhi/ directory there or above it in the tree.
installed_check() { # installed_check VENV: the package imported is the installed one, whole
  (cd "$work/run" && "$1/bin/python" - <<'EOF'
import pathlib, sys, sysconfig
import bianzhi
pkg = pathlib.Path(bianzhi.__file__).resolve().parent
site = pathlib.Path(sysconfig.get_paths()["purelib"]).resolve()
assert pkg.parent == site, f"bianzhi imported from {pkg}, not from {site}"
names = sorted(p.name for p in pkg.iterdir())
for need in ["__init__.py", "_exceptions.py", "_bianzhi.pyi", "py.typed"]:
    assert need in names, f"{need} not installed ({names})"
ext = [p for p in pkg.iterdir() if p.name.startswith("_bianzhi") and p.suffix in (".so", ".pyd")]
assert ext, f"no extension installed ({names})"
report = bianzhi.validate(bianzhi.Dataset.generate(1000, 1), as_of="2026-06-30")
assert report.error_count > 0, "the generated dataset has planted errors"
print(f"installed: {pkg} ({', '.join(names)}); extension {ext[0].stat().st_size / 1e6:.1f} MB")
EOF
  )
}

step "wheel: fresh virtualenv, pip install the wheel"
wv=$work/venv-wheel
fresh_venv "$wv"
# With the extras the distributed drivers are tested on the real engines (dask,
# pyspark: 456 MB; --no-cache-dir keeps the download out of pip's cache on a small disk).
"$wv/bin/python" -m pip install "${pip_q[@]}" --no-cache-dir "$wheel[dask,spark]"
installed_check "$wv"

step "wheel: pytest against the installed package"
(cd "$work/run" && "$wv/bin/python" -m pytest -q -p no:cacheprovider "$root/bindings/python/tests")

step "wheel: mypy --strict (usage example, installed package) and stubtest"
cfg=$root/bindings/python/mypy.ini
mypy=("$wv/bin/python" -m mypy --config-file "$cfg" --cache-dir "$work/mypy-cache")
(cd "$work/run" \
  && "${mypy[@]}" "$root/bindings/python/tests/typing_example.py" \
  && "${mypy[@]}" -p bianzhi \
  && "$wv/bin/python" -m mypy.stubtest --mypy-config-file "$cfg" \
       --allowlist "$root/bindings/python/stubtest-allowlist.txt" bianzhi)

if [ "${BIANZHI_PY_SDIST:-1}" != 0 ]; then
  step "sdist: fresh virtualenv, pip builds and installs the sdist"
  sv=$work/venv-sdist
  "$py" -m venv --clear "$sv"
  # --no-cache-dir: really build from the sdist, never a wheel pip cached earlier.
  "$sv/bin/python" -m pip install "${pip_q[@]}" --no-cache-dir "$sdist"
  installed_check "$sv"
fi

step "python suite passed in $((SECONDS - start))s"
