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

# One bundle: its module name, its static library, its header.
bundle() {
    local module="$1" library="$2" header="$3"
    local bundle="$out/$module.artifactbundle"
    rm -rf "$bundle"
    mkdir -p "$bundle/$triple" "$bundle/include/$module"
    cp "target/release/$library" "$bundle/$triple/"
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

bundle CBeeperSetup libbeeper_setup.a beeper_setup.h
bundle CBeeperSetupSim libbeeper_setup_sim.a beeper_setup_sim.h
