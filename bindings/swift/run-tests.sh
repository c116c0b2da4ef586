#!/usr/bin/env bash
# The Swift suite. Installs the library into a prefix under target/ (make install), then, with
# only PKG_CONFIG_PATH and LD_LIBRARY_PATH pointing there: builds the package, type-checks the
# snippets of Tests/CompileChecks (the diagnostics an app's code must get), runs `swift test`
# against the simulator, runs the example (a new account, start to ready), and builds and runs
# a separate package that depends on the repository's root package by path (identity
# beeper-setup) with neither of those variables.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/swift/run-tests.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# shellcheck source=../../tests/sim-lib.sh
source "$root/tests/sim-lib.sh"
begin_suite swift-test
# Swift is optional on a machine that builds the rest: say so rather than fail or pass silently.
if ! command -v swift >/dev/null 2>&1; then
    echo "swift-test: SKIPPED, no Swift toolchain (swift) is installed"
    exit 0
fi
for tool in pkg-config make mkfifo; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required and not installed"
done

# Build products stay under target/, out of the source tree.
prefix="$root/target/swift-prefix"
scratch="$root/target/swift-build"

echo "== make install PREFIX=$prefix"
make --no-print-directory install PREFIX="$prefix" >"$work/install.log" 2>&1 || {
    cat "$work/install.log" >&2
    die "make install failed"
}
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
pkg-config --exists beeper_setup beeper_setup_sim || die "pkg-config cannot find beeper_setup and beeper_setup_sim"

echo "== swift build (package BeeperSetup)"
swift build --package-path "$here" --scratch-path "$scratch" --build-tests

echo "== compile-time checks (Tests/CompileChecks)"
modules="$(swift build --package-path "$here" --scratch-path "$scratch" --show-bin-path)/Modules"
bash "$here/Tests/CompileChecks/run.sh" "$modules" "$prefix/include"

echo "== swift test"
# The XCTest suites, then the Swift Testing ones (BeeperSetupTesting used from Swift Testing).
BEEPER_SETUP_SIM="$sim" swift test --package-path "$here" --scratch-path "$scratch" --skip-build --disable-swift-testing
swift test --package-path "$here" --scratch-path "$scratch" --skip-build --disable-xctest

echo "== swift run setup-new-account (the example, against an --auto simulator)"
start_sim example --auto
mkfifo "$work/stdin"
BEEPER_BASE_URL="$sim_url" swift run --package-path "$here" --scratch-path "$scratch" \
    setup-new-account newcomer@example.com newcomer <"$work/stdin" >"$work/example.out" 2>&1 &
example_pid=$!
bg_pids+=("$example_pid")
exec 3>"$work/stdin"
code="$(emailed_code "$sim_url" "$example_pid")"
echo "$code" >&3
exec 3>&-
status=0
wait "$example_pid" || status=$?
sed 's/^/    /' "$work/example.out"
[ "$status" -eq 0 ] && grep -q '^The account is ready\.$' "$work/example.out" ||
    die "the example did not complete (exit status $status)"

echo "== a separate package that depends on the repository by path, with no environment"
start_sim consumer --auto
# A checkout named beeper-setup after `make swift-bundle` (Tests/Consumer inside it depends on
# its root by path), built afresh and without pkg-config or a library path, as a user's would be.
checkout="$work/beeper-setup"
bash "$here/scripts/checkout-with-bundle.sh" "$checkout" >"$work/bundle.log" 2>&1 ||
    { cat "$work/bundle.log" >&2; die "make swift-bundle failed"; }
# TestingConsumer is left out here: BeeperSetup's and BeeperSetupTesting's static libraries each
# carry Rust's standard library, and one program cannot link both (BeeperSetupTestingTests runs
# the testing library through this folder's package instead).
consumer=(--package-path "$checkout/bindings/swift/Tests/Consumer" --scratch-path "$work/consumer-build"
    --product Consumer)
env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH swift build "${consumer[@]}"
grep -q '"identity" : "beeper-setup"' "$work/consumer-build/workspace-state.json" ||
    die "the path dependency's identity is not beeper-setup"
env -u LD_LIBRARY_PATH BEEPER_BASE_URL="$sim_url" "$(swift build "${consumer[@]}" --show-bin-path)/Consumer"
echo "swift-test: all passed"
