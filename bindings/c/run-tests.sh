#!/usr/bin/env bash
# The C suite. Installs the library into a temporary prefix (make install), builds the tests and
# the example against that installed copy with pkg-config only, and runs them under valgrind
# against the simulator. Also links the static library once and runs the example with it.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/c/run-tests.sh [TEST_FILTER]
#
# The last line is "N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
filter="${1:-}"

# shellcheck source=../../tests/sim-lib.sh
source "$root/tests/sim-lib.sh"
begin_suite c-test
for tool in gcc pkg-config valgrind make readelf nm mkfifo; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "'$tool' is required and not installed; the C suite always runs under valgrind and never skips it"
done

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
[ -n "$version" ] || die "cannot read the version from Cargo.toml"

# ---- install ---------------------------------------------------------------------------------
prefix="$work/prefix"
echo "== make install PREFIX=$prefix"
if ! make --no-print-directory install PREFIX="$prefix" >"$work/install.log" 2>&1; then
    cat "$work/install.log" >&2
    die "make install failed"
fi
for f in lib/libbeeper_setup.so lib/libbeeper_setup.a include/beeper_setup.h lib/pkgconfig/beeper_setup.pc \
    lib/libbeeper_setup_sim.so include/beeper_setup_sim.h lib/pkgconfig/beeper_setup_sim.pc bin/beeper-setup-sim; do
    [ -f "$prefix/$f" ] || die "make install did not install $f"
done

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists beeper_setup || die "pkg-config cannot find beeper_setup in $PKG_CONFIG_PATH"
[ "$(pkg-config --modversion beeper_setup)" = "$version" ] ||
    die "pkg-config reports version $(pkg-config --modversion beeper_setup), Cargo.toml says $version"
pass "install_and_pkg_config"

# ---- build -----------------------------------------------------------------------------------
read -r -a cflags <<<"$(pkg-config --cflags beeper_setup)"
read -r -a libs <<<"$(pkg-config --libs beeper_setup)"
# The static library with what it needs from the system (Libs.private), without the shared one.
read -r -a static_libs <<<"$(pkg-config --static --libs beeper_setup | sed 's/-lbeeper_setup\b//')"
libdir="$(pkg-config --variable=libdir beeper_setup)"
cc=(gcc -std=c11 -Wall -Wextra -Werror -g -O1)

echo "== build (gcc -std=c11 -Wall -Wextra -Werror, pkg-config: ${cflags[*]} ${libs[*]})"
# The runner (the table of tests), the tests by topic, what they share, and the test-only helpers.
test_sources=(test_beeper_setup.c test_client.c test_caller_errors.c test_scenarios.c
    test_server_errors.c test_threads.c test_cancel.c test_options.c test_token_safety.c
    test_logging.c test_async.c test_watch.c test_queue.c test_lifetimes.c test_outcomes.c
    suite.c mini_json.c sim_control.c)
"${cc[@]}" "${cflags[@]}" -DEXPECTED_VERSION="\"$version\"" \
    "${test_sources[@]/#/bindings/c/tests/}" \
    -o "$work/test_beeper_setup" "${libs[@]}" -Wl,-rpath,"$libdir" -pthread
# The README's build line of the example, run as written (from a folder that has bindings/ as
# the repository root does); the program it makes must run without LD_LIBRARY_PATH.
mkdir -p "$work/readme" && ln -s "$root/bindings" "$work/readme/bindings"
readme_build="$(awk '/^## The example$/ { found = 1 } found && /^cc / { take = 1 }
    take { print } take && !/\\$/ { exit }' "$here/README.md")"
[ -n "$readme_build" ] || die "no build line in the README's example block"
(cd "$work/readme" && eval "$readme_build") || die "the README's build line failed: $readme_build"
"${cc[@]}" "${cflags[@]}" bindings/c/examples/setup_new_account.c \
    -o "$work/setup_new_account_static" "$libdir/libbeeper_setup.a" "${static_libs[@]}"
if readelf -d "$work/setup_new_account_static" | grep -q 'libbeeper_setup\.so'; then
    die "the static example still needs libbeeper_setup.so"
fi
readelf -d "$work/test_beeper_setup" | grep -q 'NEEDED.*libbeeper_setup\.so' ||
    die "the test binary is not linked to the installed shared library"
# An app's test with the simulator in its own process: the testing library beside the library.
read -r -a sim_flags <<<"$(pkg-config --cflags --libs beeper_setup beeper_setup_sim)"
"${cc[@]}" bindings/c/tests/test_simulator.c bindings/c/tests/mini_json.c \
    -o "$work/test_simulator" "${sim_flags[@]}" -Wl,-rpath,"$libdir"
if readelf -d "$prefix/lib/libbeeper_setup.so" | grep -q 'libbeeper_setup_sim' ||
    nm -D --defined-only "$prefix/lib/libbeeper_setup.so" | grep -q beeper_simulator_; then
    die "the production library carries the simulator"
fi
pass "build_with_pkg_config"

# ---- the shared library as installed -----------------------------------------------------------
# The real file named by the version, the SONAME link programs load, the development link the
# linker finds; programs record the SONAME; only the header's functions are exported.
abi="$(sed -n 's/^#define BEEPER_ABI_VERSION \([0-9]*\)$/\1/p' "$prefix/include/beeper_setup.h")"
[ -n "$abi" ] || die "the installed header defines no BEEPER_ABI_VERSION"
real="libbeeper_setup.so.$version"
[ -f "$prefix/lib/$real" ] && [ ! -L "$prefix/lib/$real" ] || die "make install did not install lib/$real"
[ "$(readlink "$prefix/lib/libbeeper_setup.so.$abi")" = "$real" ] ||
    die "lib/libbeeper_setup.so.$abi is not a link to $real"
[ "$(readlink "$prefix/lib/libbeeper_setup.so")" = "libbeeper_setup.so.$abi" ] ||
    die "lib/libbeeper_setup.so is not a link to libbeeper_setup.so.$abi"
soname="$(readelf -d "$prefix/lib/$real" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')"
needed="$(readelf -d "$work/test_beeper_setup" | sed -n 's/.*(NEEDED).*\[\(libbeeper_setup[^]]*\)\]$/\1/p')"
if [ "$soname" = "libbeeper_setup.so.$abi" ] && [ "$needed" = "$soname" ]; then
    pass "shared_library_soname"
else
    fail "shared_library_soname (SONAME '$soname', programs record '$needed', want libbeeper_setup.so.$abi)"
fi
nm -D --defined-only "$prefix/lib/$real" | awk '{print $3}' | sort -u >"$work/exported"
sed -n 's/^[A-Za-z].*[ *]\(beeper_[a-z0-9_]*\)(.*/\1/p' "$prefix/include/beeper_setup.h" |
    sort -u >"$work/declared"
if [ -s "$work/declared" ] && cmp -s "$work/exported" "$work/declared"; then
    pass "exported_symbols_are_the_header_functions ($(wc -l <"$work/declared"))"
else
    diff "$work/declared" "$work/exported" | sed 's/^/    /' || true
    fail "exported_symbols_are_the_header_functions (< declared in the header only, > exported only)"
fi

valgrind_cmd=(valgrind --tool=memcheck --fair-sched=yes --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99
    --suppressions="$here/valgrind.supp")

# ---- the suite under valgrind ----------------------------------------------------------------
start_sim sim
url="$sim_url"
echo "== test_beeper_setup under valgrind (simulator at $url)"
set +e
BEEPER_SIM_URL="$url" "${valgrind_cmd[@]}" --log-file="$work/valgrind-tests.log" \
    "$work/test_beeper_setup" ${filter:+"$filter"} | tee "$work/tests.out"
status=${PIPESTATUS[0]}
set -e
grep -E 'ERROR SUMMARY|(definitely|indirectly|possibly) lost' "$work/valgrind-tests.log" | sed 's/^==[0-9]*== /valgrind: /'
suite_passed="$(sed -n 's/^\([0-9]\+\) passed, \([0-9]\+\) failed$/\1/p' "$work/tests.out" | tail -n 1)"
suite_failed="$(sed -n 's/^\([0-9]\+\) passed, \([0-9]\+\) failed$/\2/p' "$work/tests.out" | tail -n 1)"
if [ -z "$suite_passed" ]; then
    cat "$work/valgrind-tests.log" >&2
    fail "test_beeper_setup (no summary line; exit status $status)"
else
    passed=$((passed + suite_passed))
    failed=$((failed + suite_failed))
    if [ "$status" -eq 99 ]; then
        cat "$work/valgrind-tests.log" >&2
        fail "valgrind_tests (memory errors or leaks, see above)"
    elif [ "$status" -ne 0 ] && [ "$suite_failed" -eq 0 ]; then
        cat "$work/valgrind-tests.log" >&2
        fail "test_beeper_setup (exit status $status)"
    else
        [ "$status" -eq 0 ] && pass "valgrind_tests_clean"
    fi
fi

# ---- the simulator in the test's own process, under valgrind ------------------------------------
if [ -z "$filter" ] || [[ simulator == *"$filter"* ]]; then
    echo "== test_simulator under valgrind (libbeeper_setup_sim, no simulator binary)"
    set +e
    "${valgrind_cmd[@]}" --log-file="$work/valgrind-simulator.log" "$work/test_simulator" |
        tee "$work/simulator.out"
    status=${PIPESTATUS[0]}
    set -e
    grep -E 'ERROR SUMMARY' "$work/valgrind-simulator.log" | sed 's/^==[0-9]*== /valgrind: /'
    if [ "$status" -eq 0 ]; then
        pass "simulator_testing_library_under_valgrind"
    else
        cat "$work/valgrind-simulator.log" >&2
        fail "simulator_testing_library_under_valgrind (exit status $status)"
    fi
fi

# ---- the example against an --auto simulator: statically linked under valgrind, and as the
# README builds it, with neither valgrind nor LD_LIBRARY_PATH -------------------------------------
run_example() { # name user command...: the example takes a new account to ready; sets $status
    local name="$1" user="$2" example_pid code
    shift 2
    rm -f "$work/stdin"
    mkfifo "$work/stdin"
    set +e
    BEEPER_BASE_URL="$auto_url" "$@" "$user@example.com" "$user" <"$work/stdin" >"$work/$name.out" 2>&1 &
    example_pid=$!
    bg_pids+=("$example_pid")
    exec 3>"$work/stdin"
    code="$(emailed_code "$auto_url" "$example_pid")"
    echo "$code" >&3
    exec 3>&-
    wait "$example_pid"
    status=$?
    set -e
    sed 's/^/    /' "$work/$name.out"
    [ "$status" -eq 0 ] && grep -q '^Setup is complete\.$' "$work/$name.out"
}
if [ -z "$filter" ]; then
    start_sim sim-auto --auto
    auto_url="$sim_url"
    echo "== setup_new_account (static library) under valgrind (simulator at $auto_url, --auto)"
    # The example calls the library from main(): it needs valgrind.supp's first suppression.
    if run_example example newcomer "${valgrind_cmd[@]}" --log-file="$work/valgrind-example.log" \
        "$work/setup_new_account_static"; then
        grep -E 'ERROR SUMMARY' "$work/valgrind-example.log" | sed 's/^==[0-9]*== /valgrind: /'
        pass "example_static_library"
    else
        cat "$work/valgrind-example.log" >&2
        fail "example_static_library (exit status $status)"
    fi
    start_sim sim-readme --auto  # a device of its own: the first is signed in now
    auto_url="$sim_url"
    echo "== ./setup as the README builds it (shared library, found through its rpath)"
    if run_example readme-example reader env -u LD_LIBRARY_PATH "$work/readme/setup"; then
        pass "example_as_the_readme_builds_it"
    else
        fail "example_as_the_readme_builds_it (exit status $status)"
    fi
fi

end_suite
