#!/usr/bin/env bash
# The C binding's test suite, from the repository root, on a fresh machine (Rust, gcc and
# python3 present; valgrind used when installed, ASan/LSan always):
#   1. cargo build --release -p bianzhi-c        libbianzhi.so / libbianzhi.a
#   2. cargo test -p bianzhi-c                   unit tests + include/bianzhi.h drift check
#   3. the C tests (tests/c) built with -std=c99 -Wall -Wextra -Werror against the header
#      and the shared library, run plain, under ASan+UBSan+LSan, under valgrind, and
#      statically linked; the conformance corpus through the C API, cross-checked field by
#      field against the report JSON
#   4. install to a temporary PREFIX; build examples/c/validate.c with pkg-config; run it
# Idempotent (scratch files under target/c-tests). Exits non-zero on any failure.
#   BIANZHI_C_VALGRIND=0  skip valgrind     CC=...  another C compiler (default gcc)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"
start=$SECONDS
CC="${CC:-gcc}"
target="${CARGO_TARGET_DIR:-$root/target}"
lib="$target/release"
work="$target/c-tests"
CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -g -I"$root/include" -I"$root/tests/c")
passed=0
failed=0

step() { printf '\n=== %s (%ss)\n' "$*" "$((SECONDS - start))"; }
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*" >&2; }
run() { # run DESCRIPTION CMD...: records a pass or a failure, never stops the script
    local what="$1"
    shift
    if "$@"; then ok "$what"; else fail "$what (exit $?)"; fi
}

step "cargo build --release -p bianzhi-c"
cargo build --release -p bianzhi-c
# Programs linked below record the SONAME (libbianzhi.so.0.1): the link makes it resolve.
soname="$(scripts/link-soname.sh "$lib")"
echo "SONAME $soname"

step "cargo test -p bianzhi-c (unit tests, header drift)"
run "cargo test -p bianzhi-c" cargo test -p bianzhi-c

rm -rf "$work"
mkdir -p "$work"

step "header compiles as C99 and C++"
echo '#include <bianzhi.h>' > "$work/header.c"
run "header as C99" "$CC" "${CFLAGS[@]}" -fsyntax-only "$work/header.c"
if command -v g++ > /dev/null; then
    run "header as C++" g++ -std=c++11 -Wall -Wextra -Werror -I"$root/include" -fsyntax-only \
        -x c++ "$work/header.c"
fi

step "split the conformance corpus"
python3 tests/c/cases.py split tests/cases/validation "$work/cases"
cases=("$work"/cases/*/)
python3 tests/c/cases.py split-assess tests/cases/assessment "$work/assess"
acases=("$work"/assess/*/)
python3 tests/c/cases.py split-assess tests/cases/ledger "$work/ledger"
python3 tests/c/cases.py split-assess tests/cases/workdays "$work/workdays"
wcases=("$work"/workdays/*/)
python3 tests/c/cases.py split-ledger tests/cases/rectification "$work/rectification"
lcases=("$work"/ledger/*/)
rcases=("$work"/rectification/*/)

build() { # build OUT SOURCE EXTRA...: against the shared library
    local out="$1" src="$2"
    shift 2
    "$CC" "${CFLAGS[@]}" "$@" "$src" -o "$out" -L"$lib" -Wl,-rpath,"$lib" -lbianzhi -pthread
}

step "C tests against libbianzhi.so"
build "$work/api" tests/c/api.c
build "$work/conformance" tests/c/conformance.c
run "api" "$work/api"
run "conformance" "$work/conformance" "${cases[@]}"
run "bz_violation fields equal the report JSON" python3 tests/c/cases.py check "$work/cases"
build "$work/assess-runner" tests/c/assess.c
run "assess runner" "$work/assess-runner" "${acases[@]}"
build "$work/hostile" tests/c/test_hostile.c
run "hostile inputs" "$work/hostile"
# Issue 20's memory-growing inputs under setrlimit(RLIMIT_AS, 2.5 GB): plain build only (ASan
# reserves terabytes of shadow memory).
build "$work/rlimit" tests/c/test_rlimit.c
run "hostile inputs under a 2.5 GB address-space cap" "$work/rlimit"
run "assessment corpus through bz_assess_json" \
    python3 tests/c/cases.py check-assess tests/cases/assessment "$work/assess"
build "$work/ledger-runner" tests/c/ledger.c
run "ledger runner" "$work/ledger-runner" "${lcases[@]}"
run "ledger corpus through bz_ledger_json" \
    python3 tests/c/cases.py check-ledger tests/cases/ledger "$work/ledger"
build "$work/workdays-runner" tests/c/workdays.c
run "workdays (direct calls and corpus)" "$work/workdays-runner" "${wcases[@]}"
run "workdays corpus through bz_workdays_json" \
    python3 tests/c/cases.py check-json tests/cases/workdays "$work/workdays"
run "rectification runner" "$work/workdays-runner" --ledger "${rcases[@]}"
run "rectification corpus through bz_rectification_json" \
    python3 tests/c/cases.py check-json tests/cases/rectification "$work/rectification"

step "C tests under AddressSanitizer + UBSan + LeakSanitizer"
san=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
build "$work/api-asan" tests/c/api.c "${san[@]}"
build "$work/conformance-asan" tests/c/conformance.c "${san[@]}"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=23"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run "api (asan)" "$work/api-asan"
run "conformance (asan)" "$work/conformance-asan" "${cases[@]}"
build "$work/assess-asan" tests/c/assess.c "${san[@]}"
run "assess runner (asan)" "$work/assess-asan" "${acases[@]}"
build "$work/ledger-asan" tests/c/ledger.c "${san[@]}"
run "ledger runner (asan)" "$work/ledger-asan" "${lcases[@]}"
build "$work/workdays-asan" tests/c/workdays.c "${san[@]}"
run "workdays runner (asan)" "$work/workdays-asan" "${wcases[@]}"
run "rectification runner (asan)" "$work/workdays-asan" --ledger "${rcases[@]}"
build "$work/hostile-asan" tests/c/test_hostile.c "${san[@]}"
run "hostile inputs (asan)" "$work/hostile-asan"
build "$work/leak-asan" tests/c/leak.c "${san[@]}"
run "LeakSanitizer catches a deliberate leak" \
    bash -c '"$1" > /dev/null 2>&1; test $? = 23' _ "$work/leak-asan" # ASAN_OPTIONS exitcode
unset ASAN_OPTIONS UBSAN_OPTIONS

if [[ "${BIANZHI_C_VALGRIND:-1}" != 0 ]] && command -v valgrind > /dev/null; then
    step "C tests under valgrind"
    vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,possible
        --suppressions="$root/tests/c/valgrind.supp"
        --errors-for-leak-kinds=definite,possible --error-exitcode=1)
    run "api (valgrind)" "${vg[@]}" "$work/api"
    run "conformance (valgrind)" "${vg[@]}" "$work/conformance" "${cases[@]}"
    run "assess runner (valgrind)" "${vg[@]}" "$work/assess-runner" "${acases[@]}"
    run "hostile inputs (valgrind)" "${vg[@]}" "$work/hostile"
    build "$work/leak" tests/c/leak.c
    run "valgrind catches a deliberate leak" bash -c '"$@" > /dev/null 2>&1; test $? = 1' _ "${vg[@]}" "$work/leak"
else
    echo "valgrind not installed (or BIANZHI_C_VALGRIND=0): relying on ASan/LSan"
fi

step "C tests linked statically (libbianzhi.a)"
"$CC" "${CFLAGS[@]}" tests/c/api.c -o "$work/api-static" "$lib/libbianzhi.a" \
    -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc
run "api (static)" "$work/api-static"

step "install to a temporary prefix; example via pkg-config"
prefix="$work/prefix"
run "install-c.sh" scripts/install-c.sh "$prefix" --no-build
run "installed under the SONAME with the development link" test -f "$prefix/lib/$soname" -a \
    -L "$prefix/lib/libbianzhi.so" -a "$(readlink -f "$prefix/lib/libbianzhi.so")" = \
    "$(readlink -f "$prefix/lib/$soname")"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
if command -v pkg-config > /dev/null; then
    run "pkg-config --modversion" test "$(pkg-config --modversion bianzhi)" = \
        "$(sed -n 's/^version *= *"\(.*\)"/\1/p' Cargo.toml | head -n1)"
    # shellcheck disable=SC2046
    "$CC" -std=c99 -Wall -Wextra -Werror examples/c/validate.c -o "$work/validate" \
        $(pkg-config --cflags --libs bianzhi)
else
    echo "pkg-config not installed: using the .pc file's flags by hand"
    "$CC" -std=c99 -Wall -Wextra -Werror examples/c/validate.c -o "$work/validate" \
        -I"$prefix/include" -L"$prefix/lib" -lbianzhi
fi
example="$work/cases/over_establishment_basic/dataset.json"
set +e
LD_LIBRARY_PATH="$prefix/lib" "$work/validate" "$example" > "$work/validate.out" 2>&1
status=$?
set -e
cat "$work/validate.out"
# Exit 1: the dataset has error findings, as the case says.
run "example exits 1 on the over-establishment case" test "$status" = 1
run "example prints the finding" grep -q '超编1名' "$work/validate.out"
set +e
LD_LIBRARY_PATH="$prefix/lib" "$work/validate" /nonexistent.json 2> /dev/null
status=$?
set -e
run "example exits 2 on a missing file" test "$status" = 2
if command -v pkg-config > /dev/null; then
    # The rpath way of bindings/c/README.md: runs without LD_LIBRARY_PATH.
    # shellcheck disable=SC2046
    "$CC" -std=c99 -Wall -Wextra -Werror examples/c/validate.c -o "$work/validate-rpath" \
        $(pkg-config --cflags --libs bianzhi) -Wl,-rpath,"$(pkg-config --variable=libdir bianzhi)"
    run "example linked with the prefix's rpath runs" \
        bash -c '"$1" "$2" > /dev/null; test $? = 1' _ "$work/validate-rpath" "$example"
fi
stage="$work/stage"
run "install-c.sh with DESTDIR stages under it" env DESTDIR="$stage" \
    scripts/install-c.sh /usr/local --no-build
run "staged .pc file names the final prefix" \
    grep -qx 'prefix=/usr/local' "$stage/usr/local/lib/pkgconfig/bianzhi.pc"

step "done in $((SECONDS - start))s"
echo "c-binding: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
