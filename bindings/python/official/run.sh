#!/usr/bin/env bash
# The official SDK's own tests for the app-setup resources, run twice against the simulator's
# mock mode: with the official package, then with beeper_setup standing in for it through
# module-name aliases (official/beeper_alias.py). Both runs must pass every test.
#
# The official source distribution is downloaded from PyPI at test time and cached under
# target/official-sdk/ (none of its code is kept in this repository).
#   BEEPER_SETUP_SIM  absolute path of the simulator binary
#   VPY               absolute path of the test venv's python (pytest, pytest-asyncio, the SDK)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
: "${VPY:?set VPY to the test venv python}"
: "${BEEPER_SETUP_SIM:?set BEEPER_SETUP_SIM to the simulator binary}"
version=6.0.0
expected=300
cache="$root/target/official-sdk"
sdk="$cache/beeper_desktop_api-$version"

mkdir -p "$cache"
if [ ! -f "$sdk/tests/api_resources/app/test_setup.py" ]; then
    "$VPY" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
        "beeper_desktop_api==$version" -d "$cache"
    tar -xzf "$cache/beeper_desktop_api-$version.tar.gz" -C "$cache"
fi
"$VPY" -c "import beeper_desktop_api as m; assert m.__version__ == '$version', m.__version__"

# Ours, installed the way a user installs it.
"$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$root/bindings/python"
unset BEEPER_SETUP_LIB BEEPER_BASE_URL BEEPER_DESKTOP_BASE_URL BEEPER_ACCESS_TOKEN BEEPER_CUSTOM_HEADERS

out="$(mktemp -d)"
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
    [ -n "${KEEP_LOGS:-}" ] && cp -r "$out" /tmp/official-logs; rm -rf "$out"
}
trap cleanup EXIT
coproc SIM { exec "$BEEPER_SETUP_SIM" --mock --port 0 2>/dev/null; }
sim_pid=$SIM_PID
read -r base_url <&"${SIM[0]}"
case "$base_url" in http://*) ;; *) echo "simulator did not print its URL: $base_url" >&2; exit 1 ;; esac
export TEST_API_BASE_URL="$base_url"

run() {  # run <label> [pytest args...]: the app-setup tests; checks that all $expected pass
    local label="$1"; shift
    local log="$out/$label.log"
    set +e
    (cd "$sdk" && PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" "$VPY" -m pytest -q \
        -p no:cacheprovider -o addopts="" -o console_output_style=classic "$@" \
        tests/api_resources/app) >"$log" 2>&1
    local rc=$?
    set -e
    local summary
    summary="$(grep -E '^[0-9]+ (passed|failed|error)|^=+ .* in [0-9.]+s' "$log" | tail -n 1)"
    echo "official suite ($label): $summary"
    if [ $rc -ne 0 ] || ! grep -Eq "^$expected passed in " "$log"; then
        tail -n 60 "$log" >&2
        echo "official suite ($label): expected $expected passed" >&2
        return 1
    fi
}

run official
run beeper_setup -p beeper_alias
# What the second run imported under the official names was ours.
(cd "$sdk" && PYTHONPATH="$here" "$VPY" -c '
import beeper_alias, beeper_setup, beeper_desktop_api
from beeper_desktop_api.types.app.setup.verifications import SASStartResponse
assert beeper_desktop_api is beeper_setup and SASStartResponse.__module__ == "beeper_setup.types"
')
