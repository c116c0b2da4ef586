#!/usr/bin/env bash
# The Swift suite. Installs the library into a prefix under target/ (make install), then, with
# only PKG_CONFIG_PATH and LD_LIBRARY_PATH pointing there: builds the package, runs `swift test`
# against the simulator, runs the example (a new account, start to ready) and builds and runs a
# separate package that depends on this one by path.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/swift/run-tests.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

die() {
    echo "swift-test: error: $*" >&2
    exit 1
}

sim="${BEEPER_SETUP_SIM:-}"
[ -n "$sim" ] || die "set BEEPER_SETUP_SIM to the simulator binary (make swift-test does)"
[ -x "$sim" ] || die "the simulator is not an executable file: $sim"
# Swift is optional on a machine that builds the rest: say so rather than fail or pass silently.
if ! command -v swift >/dev/null 2>&1; then
    echo "swift-test: SKIPPED, no Swift toolchain (swift) is installed"
    exit 0
fi
for tool in pkg-config make mkfifo; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required and not installed"
done
unset BEEPER_BASE_URL BEEPER_DESKTOP_BASE_URL BEEPER_ACCESS_TOKEN BEEPER_CUSTOM_HEADERS

# Build products stay under target/, out of the source tree.
prefix="$root/target/swift-prefix"
scratch="$root/target/swift-build"
work="$(mktemp -d "${TMPDIR:-/tmp}/beeper-swift-test.XXXXXX")"
bg_pids=()
cleanup() {
    local pid
    for pid in "${bg_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== make install PREFIX=$prefix"
make --no-print-directory install PREFIX="$prefix" >"$work/install.log" 2>&1 || {
    cat "$work/install.log" >&2
    die "make install failed"
}
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
pkg-config --exists beeper_setup || die "pkg-config cannot find beeper_setup"

echo "== swift build (package BeeperSetup)"
swift build --package-path "$here" --scratch-path "$scratch" --build-tests

echo "== swift test"
# The suite is XCTest only; without this, Swift Testing would add a "0 tests" run of its own.
BEEPER_SETUP_SIM="$sim" swift test --package-path "$here" --scratch-path "$scratch" --skip-build --disable-swift-testing

# Starts a simulator in --auto mode and sets sim_url (called directly so its PID is recorded).
start_sim() {
    "$sim" --port 0 --auto >"$work/$1.out" 2>"$work/$1.err" &
    bg_pids+=("$!")
    sim_url=""
    local i
    for i in $(seq 1 100); do
        sim_url="$(head -n 1 "$work/$1.out" 2>/dev/null || true)"
        case "$sim_url" in http://*) break ;; esac
        sim_url=""
        sleep 0.1
    done
    [ -n "$sim_url" ] || die "the simulator did not print its URL"
}

# GET a control endpoint with bash's /dev/tcp; prints the body.
sim_get() {
    local hostport="${1#http://}" path="$2" response
    exec 5<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&5
    response="$(cat <&5)"
    exec 5<&-
    printf '%s\n' "${response#*$'\r\n\r\n'}"
}

echo "== swift run setup-new-account (the example, against an --auto simulator)"
start_sim example
mkfifo "$work/stdin"
BEEPER_BASE_URL="$sim_url" swift run --package-path "$here" --scratch-path "$scratch" \
    setup-new-account newcomer@example.com newcomer <"$work/stdin" >"$work/example.out" 2>&1 &
example_pid=$!
bg_pids+=("$example_pid")
exec 3>"$work/stdin"
code=""
for _ in $(seq 1 600); do
    code="$(sim_get "$sim_url" /_sim/state | sed -n 's/.*"lastEmailCode":"\([0-9]*\)".*/\1/p')"
    [ -n "$code" ] && break
    kill -0 "$example_pid" 2>/dev/null || break
    sleep 0.1
done
echo "$code" >&3
exec 3>&-
status=0
wait "$example_pid" || status=$?
sed 's/^/    /' "$work/example.out"
[ "$status" -eq 0 ] && grep -q '^The account is ready\.$' "$work/example.out" ||
    die "the example did not complete (exit status $status)"

echo "== a separate package that depends on bindings/swift by path"
start_sim consumer
consumer="$here/Tests/Consumer"
swift build --package-path "$consumer" --scratch-path "$root/target/swift-consumer-build"
BEEPER_BASE_URL="$sim_url" "$(swift build --package-path "$consumer" \
    --scratch-path "$root/target/swift-consumer-build" --show-bin-path)/Consumer"
echo "swift-test: all passed"
