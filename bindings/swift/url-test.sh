#!/usr/bin/env bash
# BeeperSetup by URL, as another package depends on it: makes a git repository of this package
# (the root Package.swift, with the artifact bundle that `make swift-bundle` builds committed
# the way a release tag carries it), tags it with the version, and builds a separate package
# that depends on it by file:// URL and `from:` version, with neither pkg-config nor
# LD_LIBRARY_PATH; then runs it against the simulator.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/swift/url-test.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# shellcheck source=../../tests/sim-lib.sh
source "$root/tests/sim-lib.sh"
begin_suite swift-url-test
if ! command -v swift >/dev/null 2>&1; then
    echo "swift-url-test: SKIPPED, no Swift toolchain (swift) is installed"
    exit 0
fi
command -v git >/dev/null 2>&1 || die "'git' is required and not installed"
unset PKG_CONFIG_PATH LD_LIBRARY_PATH

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"

# The repository as it is now, in a folder named like the repository (SwiftPM takes the
# package's identity from the URL), with the bundle a release tag carries.
repo="$work/beeper-setup"
echo "== make swift-bundle (into the repository's artifacts/)"
bash "$here/scripts/checkout-with-bundle.sh" "$repo" >"$work/bundle.log" 2>&1 ||
    { cat "$work/bundle.log" >&2; die "building the artifact bundle failed"; }
(
    cd "$repo"
    git init -q
    git add -A
    git add -f artifacts
    git -c user.name=release -c user.email=release@localhost commit -q -m "beeper-setup $version"
    git tag "$version"
)

consumer="$work/consumer"
mkdir -p "$consumer/Sources/Consumer"
mkdir -p "$consumer/Sources/TestingConsumer"
cp "$here/Tests/Consumer/Sources/Consumer/main.swift" "$consumer/Sources/Consumer/"
cp "$here/Tests/Consumer/Sources/TestingConsumer/main.swift" "$consumer/Sources/TestingConsumer/"
cat >"$consumer/Package.swift" <<SWIFT
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "URLConsumer",
    platforms: [.macOS(.v10_15)],
    dependencies: [.package(url: "file://$repo", from: "$version")],
    targets: [
        .executableTarget(name: "Consumer", dependencies: [.product(name: "BeeperSetup", package: "beeper-setup")]),
        .executableTarget(name: "TestingConsumer", dependencies: [
            .product(name: "BeeperSetup", package: "beeper-setup"),
            .product(name: "BeeperSetupTesting", package: "beeper-setup"),
        ]),
    ]
)
SWIFT

echo "== swift build (a package depending on file://$repo from: \"$version\")"
scratch="$work/build"
# The clone SwiftPM makes of the scratch repository (40 MB of library) stays in the scratch
# folder rather than in the user's shared cache.
spm=(--package-path "$consumer" --scratch-path "$scratch" --disable-dependency-cache)
swift build "${spm[@]}" 2>&1 | tail -n 5
resolved="$consumer/Package.resolved"
grep -q '"identity" : "beeper-setup"' "$resolved" && grep -q "\"version\" : \"$version\"" "$resolved" ||
    { cat "$resolved" >&2; die "the dependency did not resolve as beeper-setup $version"; }
echo "ok - resolved as beeper-setup $version"
binary="$(swift build "${spm[@]}" --show-bin-path)/Consumer"
if readelf -d "$binary" "$(dirname "$binary")/TestingConsumer" | grep -q 'libbeeper_setup'; then
    die "the consumer needs a shared libbeeper_setup; the artifact bundle should have linked it statically"
fi
echo "ok - linked statically from the artifact bundle"

start_sim consumer --auto
BEEPER_BASE_URL="$sim_url" "$binary"
# The simulator from the BeeperSetupTesting product, in the program's own process.
"$(dirname "$binary")/TestingConsumer"
echo "swift-url-test: all passed"
