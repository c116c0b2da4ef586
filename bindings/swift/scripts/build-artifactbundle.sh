#!/usr/bin/env bash
# Builds CBeeperSetup.artifactbundle, the static-library artifact bundle (SE-0482) that the
# root Package.swift uses on Linux: the release static library, the header and a module map;
# and CBeeperSetupSim.artifactbundle, the same for the testing library (BeeperSetupTesting).
#
#   bash bindings/swift/scripts/build-artifactbundle.sh [OUT_DIR]    # default: artifacts/
#
# The bundle holds the library of the host's triple (x86_64-unknown-linux-gnu here); a bundle
# built on other machines may carry more variants, one per triple, side by side.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
cd "$root"

die() {
    echo "build-artifactbundle: error: $*" >&2
    exit 1
}
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
triple="$(rustc -vV | sed -n 's/^host: //p')"
[ -n "$version" ] && [ -n "$triple" ] || die "cannot read the version or the host triple"

cargo build --release -p beeper-setup --lib
# The testing library (the simulator, for the BeeperSetupTesting product) as a static library too:
# the simulator crate's own build makes only its shared library.
cargo rustc --release -p beeper-setup-sim --lib --crate-type staticlib

# Each Rust static library carries its own copy of Rust's standard library, so two of them in one
# program define its symbols twice. The testing library is therefore made one object that keeps
# global only its C functions (the header's), so that it links beside libbeeper_setup.a. Rust's
# embedded bitcode goes too: an LTO plugin of binutils chokes on it.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed -n 's/^[A-Za-z].*[ *]\(beeper_[a-z0-9_]*\)(.*/\1/p' include/beeper_setup_sim.h >"$work/exported"
[ -s "$work/exported" ] || die "no function found in include/beeper_setup_sim.h"
ld.bfd -r --whole-archive target/release/libbeeper_setup_sim.a -o "$work/sim.o"
objcopy --remove-section=.llvmbc --remove-section=.llvmcmd --keep-global-symbols="$work/exported" \
    "$work/sim.o" "$work/sim-own.o"
ar rcs "$work/libbeeper_setup_sim.a" "$work/sim-own.o"

# One bundle: its module name, its static library's path, its header.
bundle() {
    local module="$1" path="$2" header="$3"
    local library bundle="$out/$module.artifactbundle"
    library="$(basename "$path")"
    rm -rf "$bundle"
    mkdir -p "$bundle/$triple" "$bundle/include/$module"
    cp "$path" "$bundle/$triple/"
    cp LICENSE-MIT LICENSE-APACHE "$bundle/"
    # The headers in a folder named after the module, so that they can sit beside other bundles'.
    cp "include/$header" "$bundle/include/$module/"
    cat >"$bundle/include/$module/module.modulemap" <<MAP
module $module {
    header "$header"
    export *
}
MAP
    cat >"$bundle/info.json" <<JSON
{
  "schemaVersion": "1.0",
  "artifacts": {
    "$module": {
      "type": "staticLibrary",
      "version": "$version",
      "variants": [
        {
          "path": "$triple/$library",
          "supportedTriples": ["$triple"],
          "staticLibraryMetadata": {
            "headerPaths": ["include/$module"],
            "moduleMapPath": "include/$module/module.modulemap"
          }
        }
      ]
    }
  }
}
JSON
    echo "build-artifactbundle: wrote $bundle ($triple)"
}

bundle CBeeperSetup target/release/libbeeper_setup.a beeper_setup.h
bundle CBeeperSetupSim "$work/libbeeper_setup_sim.a" beeper_setup_sim.h
