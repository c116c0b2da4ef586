# Shell helpers shared by the suites that run against the simulator (bindings/c/run-tests.sh,
# bindings/c/cmake-test.sh, bindings/python/wheel-test.sh, bindings/swift/run-tests.sh,
# bindings/swift/url-test.sh): how a suite begins and ends, background processes that never
# outlive the script, and a simulator to run against. Source it, then call `begin_suite NAME`.

# What every suite begins with: `die` naming it, the simulator binary from $BEEPER_SETUP_SIM (in
# `sim`), no Beeper settings from the environment (the suites configure every client), a
# scratch directory `work` removed at exit, and the counters that `pass`, `fail` and
# `end_suite` keep and report.
begin_suite() {
    suite_name="$1"
    sim="${BEEPER_SETUP_SIM:-}"
    [ -n "$sim" ] || die "set BEEPER_SETUP_SIM to the simulator binary (make $suite_name does)"
    [ -x "$sim" ] || die "the simulator is not an executable file: $sim"
    unset BEEPER_SETUP_LIB BEEPER_BASE_URL BEEPER_DESKTOP_BASE_URL BEEPER_ACCESS_TOKEN \
        BEEPER_CUSTOM_HEADERS
    work="$(mktemp -d "${TMPDIR:-/tmp}/beeper-$suite_name.XXXXXX")"
    passed=0
    failed=0
}

die() {
    echo "${suite_name:-suite}: error: $*" >&2
    exit 1
}

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }

# The closing line ("N passed, M failed") and the exit status: non-zero on any failure.
end_suite() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

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
    [ -z "${work:-}" ] || rm -rf "$work"
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
