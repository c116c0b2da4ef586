#!/usr/bin/env bash
# The repository as a user's checkout holds it after `make swift-bundle`: its files (tracked and
# new ones, not what .gitignore leaves out) copied into DEST, with the artifact bundle in
# DEST/artifacts. Name DEST like the repository (beeper-setup): SwiftPM takes a package's
# identity from its folder (a path dependency) or its URL.
#
#   bash bindings/swift/scripts/checkout-with-bundle.sh DEST
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dest="$1"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
cd "$root"
git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
    xargs -0 cp -P --parents -t "$dest"
bash "$root/bindings/swift/scripts/build-artifactbundle.sh" "$dest/artifacts"
