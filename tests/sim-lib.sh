# Shell helpers shared by the binding suites (bindings/c/run-tests.sh, bindings/swift/run-tests.sh):
# background processes that never outlive the script, and a simulator to run against.
# Source it after setting `sim` (the simulator binary) and `work` (a scratch directory this
# script owns) and defining `die`.

# Every background process the script starts, so that no exit (success, failure, Ctrl-C) leaves
# one behind. Only the sourcing shell may add to it: a PID recorded in a subshell (`$(...)`)
# would never reach the trap.
bg_pids=()
cleanup() {
    local pid
    for pid in "${bg_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts a simulator (extra arguments are passed on) and sets sim_url to its base URL, its first
# line of stdout. Called directly, never as `$(start_sim ...)`, so that its PID is recorded.
start_sim() {
    local name="$1"
    shift
    "$sim" --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
    bg_pids+=("$!")
    sim_url=""
    local i
    for i in $(seq 1 100); do
        sim_url="$(head -n 1 "$work/$name.out" 2>/dev/null || true)"
        case "$sim_url" in http://*) break ;; esac
        sim_url=""
        sleep 0.1
    done
    [ -n "$sim_url" ] || { cat "$work/$name.err" >&2; die "the simulator did not print its URL"; }
}

# GET a control endpoint with bash's /dev/tcp (no curl needed); prints the body.
sim_get() {
    local hostport="${1#http://}" path="$2" response
    exec 5<>"/dev/tcp/${hostport%:*}/${hostport##*:}"
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&5
    response="$(cat <&5)"
    exec 5<&-
    printf '%s\n' "${response#*$'\r\n\r\n'}"
}

# Prints the email code the simulator at $1 sent, once it has, while process $2 still runs
# (empty if it ends first or a minute passes). A real user reads the code from their email.
emailed_code() {
    local code="" i
    for i in $(seq 1 600); do
        code="$(sim_get "$1" /_sim/state | sed -n 's/.*"lastEmailCode":"\([0-9]*\)".*/\1/p')"
        [ -n "$code" ] && break
        kill -0 "$2" 2>/dev/null || break
        sleep 0.1
    done
    printf '%s\n' "$code"
}
