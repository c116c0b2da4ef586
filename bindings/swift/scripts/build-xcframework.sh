#!/usr/bin/env bash
# Builds CBeeperSetup.xcframework (static library + header + module map per platform), which the
# root Package.swift uses on Apple platforms, and its zip and checksum for a binary target by URL:
#
#   bash bindings/swift/scripts/build-xcframework.sh [OUT_DIR]    # default: artifacts/
#
# Needs macOS with Xcode (xcodebuild, lipo, ditto, swift) and rustup. Writes into OUT_DIR:
#   CBeeperSetup.xcframework            slices macos-arm64_x86_64, ios-arm64,
#                                       ios-arm64_x86_64-simulator
#   CBeeperSetup.xcframework.zip        the same, zipped for `.binaryTarget(url:checksum:)`
#   CBeeperSetup.xcframework.zip.sha256 its `swift package compute-checksum`
# Not run on this project's Linux machines; written to the documented behaviour of
# `xcodebuild -create-xcframework -library ... -headers ...`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
cd "$root"

die() {
    echo "build-xcframework: error: $*" >&2
    exit 1
}
[ "$(uname -s)" = Darwin ] || die "needs macOS with Xcode (this is $(uname -s))"
for tool in cargo rustup xcodebuild lipo ditto swift; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required"
done

# The deployment targets the library is built for: above rustc's own minimums (macOS 10.12,
# iOS 10), and the same as `platforms` in the root Package.swift, so that no slice is newer
# than the package says.
export IPHONEOS_DEPLOYMENT_TARGET=13.0 MACOSX_DEPLOYMENT_TARGET=10.15

targets=(aarch64-apple-darwin x86_64-apple-darwin aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
rustup target add "${targets[@]}"
for target in "${targets[@]}"; do
    echo "== cargo build --release --target $target"
    cargo build --release -p beeper-setup --lib --target "$target"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One fat static library per platform (architectures of a platform are merged with lipo).
lib() { echo "target/$1/release/libbeeper_setup.a"; }
mkdir -p "$work/macos" "$work/ios" "$work/ios-simulator"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$work/macos/libbeeper_setup.a"
cp "$(lib aarch64-apple-ios)" "$work/ios/libbeeper_setup.a"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$work/ios-simulator/libbeeper_setup.a"

# The headers folder of every slice: a folder named after the module (CBeeperSetup, as on
# Linux) holding the header and the module map, so that Xcode's copies of several
# XCFrameworks' headers do not overwrite each other's module.modulemap. The static library is
# linked by the binary target itself, so the module map has no `link` line.
headers="$work/headers"
mkdir -p "$headers/CBeeperSetup"
cp include/beeper_setup.h "$headers/CBeeperSetup/"
cat >"$headers/CBeeperSetup/module.modulemap" <<'MAP'
module CBeeperSetup {
    header "beeper_setup.h"
    export *
}
MAP

xcframework="$out/CBeeperSetup.xcframework"
rm -rf "$xcframework" "$xcframework.zip" "$xcframework.zip.sha256"
xcodebuild -create-xcframework \
    -library "$work/macos/libbeeper_setup.a" -headers "$headers" \
    -library "$work/ios/libbeeper_setup.a" -headers "$headers" \
    -library "$work/ios-simulator/libbeeper_setup.a" -headers "$headers" \
    -output "$xcframework"

# The zip SwiftPM downloads for `.binaryTarget(name: "CBeeperSetup", url: ..., checksum: ...)`:
# the framework folder itself at the top of the archive.
(cd "$out" && ditto -c -k --sequesterRsrc --keepParent CBeeperSetup.xcframework CBeeperSetup.xcframework.zip)
swift package compute-checksum "$xcframework.zip" >"$xcframework.zip.sha256"
echo "build-xcframework: wrote $xcframework, its zip and checksum $(cat "$xcframework.zip.sha256")"
