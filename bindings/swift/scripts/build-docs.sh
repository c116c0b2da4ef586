#!/usr/bin/env bash
# The Swift package's documentation: emits the symbol graph of BeeperSetup (type-checking the
# sources against include/beeper_setup.h, no library build needed), checks that every public
# symbol declared in the sources has a doc comment, and builds the DocC catalog with
# `docc convert`, failing on any warning. The archive goes to target/swift-docs/.
#
#   bash bindings/swift/scripts/build-docs.sh        (make swift-docs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
sources="$here/Sources/BeeperSetup"
out="$root/target/swift-docs"

die() {
    echo "swift-docs: error: $*" >&2
    exit 1
}

if ! command -v swiftc >/dev/null 2>&1; then
    echo "swift-docs: SKIPPED, no Swift toolchain (swiftc) is installed"
    exit 0
fi
docc="$(command -v docc || true)"
[ -n "$docc" ] || docc="$(dirname "$(command -v swiftc)")/docc"
[ -x "$docc" ] || die "docc is not installed beside swiftc"
command -v python3 >/dev/null 2>&1 || die "python3 is required and not installed"

rm -rf "$out"
mkdir -p "$out/symbol-graphs" "$out/module"
echo "== symbol graph of BeeperSetup"
swiftc -emit-module -module-name BeeperSetup -parse-as-library -swift-version 5 \
    -emit-module-path "$out/module/BeeperSetup.swiftmodule" \
    -emit-symbol-graph -emit-symbol-graph-dir "$out/symbol-graphs" \
    -symbol-graph-minimum-access-level public \
    -I "$here/Sources/CBeeperSetup" -Xcc -I"$root/include" \
    "$sources"/*.swift

echo "== every public symbol has a doc comment"
python3 - "$out/symbol-graphs" "$sources" <<'PY'
import glob, json, os, sys
graphs, sources = sys.argv[1], os.path.realpath(sys.argv[2])
missing, total = [], 0
for path in glob.glob(os.path.join(graphs, "BeeperSetup*.symbols.json")):
    for symbol in json.load(open(path))["symbols"]:
        uri = symbol.get("location", {}).get("uri", "")
        # Symbols without a location in these sources are the compiler's (hashValue, ...).
        if not uri.startswith("file://") or not os.path.realpath(uri[7:]).startswith(sources):
            continue
        total += 1
        if not symbol.get("docComment"):
            line = symbol["location"]["position"]["line"] + 1
            missing.append(f"{os.path.basename(uri)}:{line}: {'.'.join(symbol['pathComponents'])}")
for entry in sorted(missing):
    print("no doc comment: " + entry)
print(f"{total - len(missing)} of {total} public symbols documented")
sys.exit(1 if missing else 0)
PY

echo "== docc convert"
"$docc" convert "$sources/BeeperSetup.docc" \
    --additional-symbol-graph-dir "$out/symbol-graphs" \
    --fallback-display-name BeeperSetup --fallback-bundle-identifier com.beeper.BeeperSetup \
    --output-path "$out/BeeperSetup.doccarchive" --warnings-as-errors >"$out/docc.log" 2>&1 || {
    cat "$out/docc.log" >&2
    die "docc convert failed"
}
if grep -qE 'warning:|error:' "$out/docc.log"; then
    cat "$out/docc.log" >&2
    die "docc convert reported warnings"
fi
echo "swift-docs: built $out/BeeperSetup.doccarchive"
