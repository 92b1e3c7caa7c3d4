#!/usr/bin/env bash
# Installs the C library: PREFIX/lib/libbianzhi.so.VERSION with its SONAME link
# (libbianzhi.so.0.1) and libbianzhi.so, libbianzhi.a, PREFIX/include/bianzhi.h and
# PREFIX/lib/pkgconfig/bianzhi.pc, then `cc app.c $(pkg-config --cflags --libs bianzhi)`.
#
#   scripts/install-c.sh PREFIX            build (cargo build --release -p bianzhi-c) and install
#   scripts/install-c.sh PREFIX --no-build install what target/release already holds
#   DESTDIR=/tmp/stage scripts/install-c.sh /usr   stage for a package: files go under
#                                          DESTDIR/usr, the .pc file says /usr
# After installing into a system prefix run `ldconfig` (Linux) so that the loader finds the
# SONAME. Run from anywhere; uses CARGO_TARGET_DIR when set.
# (cargo-c's `cargo cinstall` would do the same; see bindings/c/README.md for why it is not
# used.)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 PREFIX [--no-build]" >&2
    exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
destdir="${DESTDIR:-}"
if [[ -n "$destdir" ]]; then
    # Packaging: PREFIX is where the files will live; they are written under DESTDIR.
    [[ "$1" == /* ]] || { echo "install-c: with DESTDIR, PREFIX must be absolute" >&2; exit 2; }
    prefix="$1"
else
    mkdir -p "$1"
    prefix="$(cd "$1" && pwd)"
fi
dest="$destdir$prefix"
target="${CARGO_TARGET_DIR:-$root/target}"

if [[ "${2:-}" != "--no-build" ]]; then
    (cd "$root" && cargo build --release -p bianzhi-c)
fi

version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n1)"
[[ -n "$version" ]] || { echo "install-c: no version in Cargo.toml" >&2; exit 1; }

install -d "$dest/lib/pkgconfig" "$dest/include"
# The real file carries the full version; the SONAME link is what programs load, the
# unversioned link what `-lbianzhi` finds when linking (the usual layout of a shared library).
soname="$(readelf -d "$target/release/libbianzhi.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
soname="${soname:-libbianzhi.so}"
rm -f "$dest/lib/libbianzhi.so" "$dest/lib/$soname" "$dest/lib/libbianzhi.so.$version"
install -m 0755 "$target/release/libbianzhi.so" "$dest/lib/libbianzhi.so.$version"
if [[ "$soname" != "libbianzhi.so" ]]; then
    ln -s "libbianzhi.so.$version" "$dest/lib/$soname"
    ln -s "$soname" "$dest/lib/libbianzhi.so"
else
    ln -s "libbianzhi.so.$version" "$dest/lib/libbianzhi.so"
fi
install -m 0644 "$target/release/libbianzhi.a" "$dest/lib/libbianzhi.a"
install -m 0644 "$root/include/bianzhi.h" "$dest/include/bianzhi.h"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" \
    "$root/bindings/c/bianzhi.pc.in" > "$dest/lib/pkgconfig/bianzhi.pc"
echo "installed bianzhi $version C library to $dest"
