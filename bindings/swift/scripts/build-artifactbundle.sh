#!/usr/bin/env bash
# Builds CBeeperSetup.artifactbundle, the static-library artifact bundle (SE-0482) that the
# root Package.swift uses on Linux: the release static library, the header and a module map.
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

bundle="$out/CBeeperSetup.artifactbundle"
rm -rf "$bundle"
mkdir -p "$bundle/$triple" "$bundle/include/CBeeperSetup"
cp target/release/libbeeper_setup.a "$bundle/$triple/"
cp LICENSE-MIT LICENSE-APACHE "$bundle/"
# The headers in a folder named after the module, so that they can sit beside other bundles'.
cp include/beeper_setup.h "$bundle/include/CBeeperSetup/"
cat >"$bundle/include/CBeeperSetup/module.modulemap" <<'MAP'
module CBeeperSetup {
    header "beeper_setup.h"
    export *
}
MAP
cat >"$bundle/info.json" <<JSON
{
  "schemaVersion": "1.0",
  "artifacts": {
    "CBeeperSetup": {
      "type": "staticLibrary",
      "version": "$version",
      "variants": [
        {
          "path": "$triple/libbeeper_setup.a",
          "supportedTriples": ["$triple"],
          "staticLibraryMetadata": {
            "headerPaths": ["include/CBeeperSetup"],
            "moduleMapPath": "include/CBeeperSetup/module.modulemap"
          }
        }
      ]
    }
  }
}
JSON
echo "build-artifactbundle: wrote $bundle ($triple)"
