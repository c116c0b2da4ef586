#!/usr/bin/env bash
# Compile-time checks of the Swift API: type-checks the snippets in this folder against the
# built BeeperSetup module and expects exactly their diagnostics:
#   - the README's "Use" snippet as top-level code (after readme-prelude.swift) and its emoji
#     flow inside a function (after emoji-flow-prelude.swift), in Swift 6 mode: no warning;
#   - blocking-in-async.swift: every blocking call in an async context refused (noasync);
#   - durations.swift: every time taken as a Duration too (no diagnostic);
#   - one-spelling.swift: no flat twin of the tree's operations, no default consent;
#   - main-actor.swift: an async call from a synchronous @MainActor function refused;
#   - swiftui-names.swift + every public top-level type of BeeperSetup: unambiguous beside
#     Foundation and stand-ins for SwiftUI's and MatrixRustSDK's names, each named in a type
#     position (an expression such as `X.self` resolves silently when two modules declare X).
#
#   bash Tests/CompileChecks/run.sh MODULES_DIR C_INCLUDE_DIR
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$1"
include="$2"
sources="$here/../../Sources"
work="$(mktemp -d "${TMPDIR:-/tmp}/beeper-swift-compile-checks.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0

typecheck() {
    swiftc -typecheck -swift-version 6 -I "$modules" -I "$work" -I "$sources/CBeeperSetup" \
        -Xcc -I"$include" "$@" 2>&1 || true
}

fail() {
    echo "not ok - $1"
    sed 's/^/    /' "$2"
    failed=1
}

for standin in SwiftUIStandIn MatrixRustSDKStandIn; do
    swiftc -emit-module -parse-as-library -module-name "$standin" -emit-module-path \
        "$work/$standin.swiftmodule" "$here/$standin.swift"
done

# 1. The README's snippets, taken from it: no diagnostic at all.
readme_block() { # heading: the first swift block after it
    awk -v heading="$1" '$0 == heading { found = 1; next }
        found && /^```swift$/ { inside = 1; next }
        inside && /^```$/ { exit }
        inside { print }' "$here/../../README.md"
}
no_diagnostic() { # file what
    typecheck "$1" >"$1.out"
    if [ ! -s "$1" ] || grep -qE 'warning:|error:' "$1.out"; then
        fail "$2" "$1.out"
    else
        echo "ok - $2"
    fi
}
mkdir -p "$work/use" "$work/flow"
{ cat "$here/readme-prelude.swift"; readme_block "## Use"; } >"$work/use/main.swift"
no_diagnostic "$work/use/main.swift" "the README's snippet compiles as top-level code with no warning in Swift 6 mode"
{ cat "$here/emoji-flow-prelude.swift"; readme_block "## The emoji flow"; echo "}"; } >"$work/flow/main.swift"
no_diagnostic "$work/flow/main.swift" "the README's emoji flow compiles with no warning in Swift 6 mode"

cp "$here/durations.swift" "$work/durations.swift"
no_diagnostic "$work/durations.swift" "every time is taken as a Duration too, on the client, the protocol and the blocking twins"

# 2 and 3. One error on each marked line, and none elsewhere.
expect_marked() { # file marker pattern what
    local file="$here/$1" out="$work/$1.out"
    typecheck "$file" >"$out"
    local expected got
    expected="$(grep -n "[^ ].* // $2$" "$file" | cut -d: -f1 | sort -n | tr '\n' ' ')"
    got="$(grep -E "^[^ ]*$1:[0-9]+:[0-9]+: error: .*$3" "$out" | cut -d: -f2 | sort -nu | tr '\n' ' ')"
    others="$(grep -E "(error|warning):" "$out" | grep -vE "error: .*$3" || true)"
    if [ "$expected" = "$got" ] && [ -z "$others" ]; then
        echo "ok - $4 (lines $got)"
    else
        echo "expected errors on lines: $expected; got: $got" >>"$out"
        fail "$4" "$out"
    fi
}
expect_marked blocking-in-async.swift EXPECT-NOASYNC "unavailable from asynchronous contexts" \
    "each blocking call is refused in an async context"
expect_marked one-spelling.swift EXPECT-ABSENT "(has no member|missing argument for parameter 'acceptTerms')" \
    "one spelling per operation on the tree, and no default consent to the terms"
expect_marked main-actor.swift EXPECT-ASYNC "'async' call in a function that does not support concurrency" \
    "an async call from a synchronous @MainActor function is refused"

# 4. Every public top-level type of the package, named unqualified in a type position beside
# Foundation, SwiftUI's and MatrixRustSDK's names.
names="$work/names.swift"
cp "$here/swiftui-names.swift" "$names"
grep -hE '^public (final )?(struct|enum|class|protocol|typealias) [A-Za-z0-9_]+' "$sources"/BeeperSetup/*.swift |
    sed -E 's/^public (final )?(struct|enum|class|protocol|typealias) ([A-Za-z0-9_]+).*/\2 \3/' | sort -u |
    while read -r what name; do
        if [ "$what" = protocol ]; then
            echo "func uses$name(_ value: any $name) {}"
        else
            echo "let _: $name.Type? = nil"
        fi
    done >>"$names"
typecheck "$names" >"$work/names.out"
# A deprecated former name is reported as such: only ambiguity and unknown names fail.
if grep -E 'error:|warning:' "$work/names.out" | grep -qv "is deprecated"; then
    fail "no public type is ambiguous beside Foundation, SwiftUI's and MatrixRustSDK's names" "$work/names.out"
else
    echo "ok - no public type ($(grep -cE '^(let _:|func uses)' "$names")) is ambiguous beside Foundation, SwiftUI's and MatrixRustSDK's names"
fi

exit "$failed"
