#!/usr/bin/env bash
# Makes the SONAME link of a built libbianzhi.so (e.g. libbianzhi.so.0.1 -> libbianzhi.so)
# in its directory, so that programs linked against target/release with an rpath find the
# library at run time, and prints the SONAME.   scripts/link-soname.sh DIR
set -euo pipefail
dir="${1:?usage: $0 DIR (holding libbianzhi.so)}"
soname="$(readelf -d "$dir/libbianzhi.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')"
if [[ -z "$soname" ]]; then
    echo "link-soname: $dir/libbianzhi.so has no SONAME" >&2
    exit 1
fi
ln -sf libbianzhi.so "$dir/$soname"
echo "$soname"
