#!/usr/bin/env bash
# No test run may leave a process behind. Lists the processes started from this repository's
# build tree (their executable, or one of their arguments, lies under target/), so that a run
# can be checked against the list taken before it:
#   stray_processes.sh snapshot FILE   records the current ones
#   stray_processes.sh check FILE      fails, naming them, if any other is still running
# (after a grace period of a few seconds for processes that are exiting).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tree="$root/target/"

list() {
    local dir pid exe
    for dir in /proc/[0-9]*; do
        pid="${dir#/proc/}"
        [ "$pid" = "$$" ] && continue
        exe="$(readlink "$dir/exe" 2>/dev/null || true)"
        if [[ "$exe" == "$tree"* ]] || { tr '\0' '\n' <"$dir/cmdline"; } 2>/dev/null | grep -qF "$tree"; then
            echo "$pid"
        fi
    done | sort
}

describe() {
    local pid
    for pid in "$@"; do
        printf '  %s: %s\n' "$pid" "$({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null || echo '(gone)')"
    done
}

case "${1:-}" in
snapshot)
    list >"$2"
    ;;
check)
    for _ in $(seq 1 50); do
        mapfile -t stray < <(comm -13 "$2" <(list))
        [ "${#stray[@]}" -eq 0 ] && { echo "stray-processes: none left behind"; exit 0; }
        sleep 0.1
    done
    echo "stray-processes: ${#stray[@]} process(es) started from $tree are still running:" >&2
    describe "${stray[@]}" >&2
    exit 1
    ;;
*)
    echo "usage: $0 snapshot|check FILE" >&2
    exit 2
    ;;
esac
