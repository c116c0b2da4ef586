#!/usr/bin/env bash
# Builds the Python package's sdist and its one wheel into OUT_DIR (default target/wheels):
#
#   bash bindings/python/build-wheels.sh [OUT_DIR]        # make wheel
#
# The sdist carries the crate (sources and Cargo.lock), so it builds wherever cargo does. The
# wheel is tagged py3-none-<platform> (ctypes: no Python ABI inside). On Linux the library is
# linked by zig against glibc 2.17, and the wheel is tagged manylinux_2_17 and checked with
# `auditwheel show`. The tools come from PyPI into a venv of their own (target/wheel-venv).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/target/wheels}"
python="${PYTHON:-python3}"

die() {
    echo "build-wheels: error: $*" >&2
    exit 1
}

venv="$root/target/wheel-venv"
if ! cmp -s "$here/wheel-requirements.txt" "$venv/.installed" 2>/dev/null; then
    echo "== the build tools (target/wheel-venv)"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/wheel-requirements.txt"
    cp "$here/wheel-requirements.txt" "$venv/.installed"
fi
export PATH="$venv/bin:$PATH"

rm -rf "$out"
mkdir -p "$out"
# A tree build leaves these beside the sources; a stale one would go into the next wheel.
rm -rf "$here/build" "$here"/src/*.egg-info

echo "== sdist"
python -m build --sdist --no-isolation --outdir "$out" "$here"

echo "== wheel"
if [ "$(uname -s)" = Linux ]; then
    arch="$(uname -m)"
    platform="manylinux_2_17_$arch"
    CARGO="$here/zig-cargo" CARGO_BUILD_TARGET="$arch-unknown-linux-gnu.2.17" \
        python -m build --wheel --no-isolation --outdir "$out" \
        "-C--build-option=--plat-name=$platform" "$here"
else
    python -m build --wheel --no-isolation --outdir "$out" "$here"
fi
rm -rf "$here/build" "$here"/src/*.egg-info

wheels=("$out"/*.whl)
[ "${#wheels[@]}" -eq 1 ] || die "expected one wheel, built: ${wheels[*]}"
if [ "$(uname -s)" = Linux ]; then
    case "${wheels[0]}" in
        *-py3-none-"$platform".whl) ;;
        *) die "the wheel is not tagged py3-none-$platform: ${wheels[0]}" ;;
    esac
    # auditwheel's own verdict: the platform tag it proves from the library's symbols.
    report="$(auditwheel show "${wheels[0]}")"
    echo "$report"
    grep -q "\"$platform\"" <<<"$report" || die "auditwheel does not accept the wheel as $platform"
fi
ls -l "$out"
