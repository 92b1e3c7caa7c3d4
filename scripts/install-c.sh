#!/usr/bin/env bash
# Installs the C library: PREFIX/lib/libbianzhi.so.VERSION with its SONAME link
# (libbianzhi.so.0.1) and libbianzhi.so, libbianzhi.a, PREFIX/include/bianzhi.h and
# PREFIX/lib/pkgconfig/bianzhi.pc, then `cc app.c $(pkg-config --cflags --libs bianzhi)`.
#
#   scripts/install-c.sh PREFIX            build (cargo build --release -p bianzhi-c) and install
#   scripts/install-c.sh PREFIX --no-build install what target/release already holds
#
# Run from anywhere; uses CARGO_TARGET_DIR when set.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 PREFIX [--no-build]" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"

if [[ "${2:-}" != "--no-build" ]]; then
    (cd "$root" && cargo build --release -p bianzhi-c)
fi

version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)"
[[ -n "$version" ]] || { echo "install-c: no version in Cargo.toml" >&2; exit 1; }

install -d "$prefix/lib/pkgconfig" "$prefix/include"
# The real file carries the full version; the SONAME link is what programs load, the
# unversioned link what `-lbianzhi` finds when linking (the usual layout of a shared library).
soname="$(readelf -d "$target/release/libbianzhi.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
soname="${soname:-libbianzhi.so}"
rm -f "$prefix/lib/libbianzhi.so" "$prefix/lib/$soname" "$prefix/lib/libbianzhi.so.$version"
install -m 0755 "$target/release/libbianzhi.so" "$prefix/lib/libbianzhi.so.$version"
if [[ "$soname" != "libbianzhi.so" ]]; then
    ln -s "libbianzhi.so.$version" "$prefix/lib/$soname"
    ln -s "$soname" "$prefix/lib/libbianzhi.so"
else
    ln -s "libbianzhi.so.$version" "$prefix/lib/libbianzhi.so"
fi
install -m 0644 "$target/release/libbianzhi.a" "$prefix/lib/libbianzhi.a"
install -m 0644 "$root/include/bianzhi.h" "$prefix/include/bianzhi.h"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
    "$root/bindings/c/bianzhi.pc.in" > "$prefix/lib/pkgconfig/bianzhi.pc"
echo "installed bianzhi $version C library to $prefix"
