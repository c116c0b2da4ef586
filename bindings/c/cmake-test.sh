#!/usr/bin/env bash
# The CMake package. Installs the library into a temporary prefix with LIBDIR and INCLUDEDIR
# set the way distributions lay files out (lib/<multiarch> or lib64, a header folder of its
# own), then configures, builds and runs a separate CMake project (tests/cmake-consumer) that
# finds it with find_package(beeper_setup 0.1 CONFIG) only: a C program on the shared library,
# a C++ program on the static one, both calling the simulator. Installs cmake (Debian's
# package) when missing.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/c/cmake-test.sh
#
# The last line is "N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# shellcheck source=../../tests/sim-lib.sh
source "$root/tests/sim-lib.sh"
begin_suite cmake-test
if ! command -v cmake >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] ||
        die "cmake is not installed (and this is not a Debian system as root, to apt-get it)"
    echo "== apt-get install cmake"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cmake >/dev/null ||
        die "apt-get install cmake failed"
fi
for tool in gcc g++ make pkg-config readelf; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required and not installed"
done

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
prefix="$work/prefix"
# Debian's multiarch folder where the compiler has one (Debian's CMake searches it, not lib64),
# else lib64 (where Fedora's and SUSE's CMake search).
multiarch="$(gcc -print-multiarch 2>/dev/null || true)"
libdir="$prefix/${multiarch:+lib/$multiarch}"
[ -n "$multiarch" ] || libdir="$prefix/lib64"
includedir="$prefix/include/beeper-setup"
bindir="$prefix/libexec/beeper-setup"

echo "== make install PREFIX=$prefix LIBDIR=$libdir INCLUDEDIR=$includedir BINDIR=$bindir"
make --no-print-directory install PREFIX="$prefix" LIBDIR="$libdir" INCLUDEDIR="$includedir" BINDIR="$bindir" \
    >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; die "make install failed"; }
missing=""
for f in "$libdir/libbeeper_setup.so" "$libdir/libbeeper_setup.a" "$includedir/beeper_setup.h" \
    "$libdir/pkgconfig/beeper_setup.pc" "$libdir/cmake/beeper_setup/beeper_setupConfig.cmake" \
    "$libdir/cmake/beeper_setup/beeper_setupConfigVersion.cmake" "$bindir/beeper-setup-sim"; do
    [ -e "$f" ] || missing="$missing ${f#"$prefix"/}"
done
stray="$(find "$prefix" -type f ! -path "$libdir/*" ! -path "$includedir/*" ! -path "$bindir/*")"
[ -z "$stray" ] || missing="$missing (and files outside LIBDIR, INCLUDEDIR and BINDIR: $stray)"
if [ -z "$missing" ]; then pass "install_honours_libdir_and_includedir"; else fail "install_honours_libdir_and_includedir:$missing"; fi

export PKG_CONFIG_PATH="$libdir/pkgconfig"
if [ "$(pkg-config --variable=libdir beeper_setup)" = "$libdir" ] &&
    [ "$(pkg-config --variable=includedir beeper_setup)" = "$includedir" ] &&
    pkg-config --static --libs beeper_setup | grep -q -- '-lgcc_s.*-lpthread.*-ldl'; then
    pass "pkg_config_names_libdir_includedir_and_the_static_libs"
else
    fail "pkg_config_names_libdir_includedir_and_the_static_libs ($(pkg-config --libs --static --cflags beeper_setup))"
fi

# ---- the consumer ----------------------------------------------------------------------------
configure() {
    cmake -S "$here/tests/cmake-consumer" -B "$1" -DCMAKE_PREFIX_PATH="$prefix" "${@:2}" \
        >"$1.log" 2>&1
}
build="$work/build"
if configure "$build" && cmake --build "$build" >>"$build.log" 2>&1; then
    pass "find_package_0.1_builds_c_and_cxx_consumers"
else
    cat "$build.log" >&2
    die "the CMake consumer did not configure or build"
fi
grep -q "beeper_setup $version from $libdir/cmake/beeper_setup" "$build.log" &&
    pass "found_version_$version" || fail "found_version_$version ($(grep 'beeper_setup ' "$build.log"))"

needed="$(readelf -d "$build/consumer_c" | sed -n 's/.*(NEEDED).*\[\(libbeeper_setup[^]]*\)\]$/\1/p')"
[ "$needed" = "libbeeper_setup.so.0" ] && pass "shared_target_records_the_soname" ||
    fail "shared_target_records_the_soname (NEEDED '$needed')"
if readelf -d "$build/consumer_cpp_static" | grep -q 'libbeeper_setup'; then
    fail "static_target_needs_no_shared_library"
else
    pass "static_target_needs_no_shared_library"
fi

# An app's test with the simulator in its own process, through beeper_setup::beeper_setup_sim.
if "$build/consumer_simulator" >"$work/consumer_simulator.out" 2>&1; then
    pass "simulator_target_runs_an_apps_test"
else
    sed 's/^/    /' "$work/consumer_simulator.out"
    fail "simulator_target_runs_an_apps_test"
fi

start_sim sim
for program in consumer_c consumer_cpp_static; do
    # No LD_LIBRARY_PATH: CMake's build RPATH points at the installed library.
    if BEEPER_BASE_URL="$sim_url" "$build/$program" >"$work/$program.out" 2>&1 &&
        grep -q '^ok - ' "$work/$program.out"; then
        pass "${program}_runs_against_the_simulator"
    else
        sed 's/^/    /' "$work/$program.out"
        fail "${program}_runs_against_the_simulator"
    fi
done

# ---- the version file ------------------------------------------------------------------------
for want in 0.2 0.0 1.0; do
    if configure "$work/build-$want" -DBEEPER_SETUP_WANT="$want"; then
        fail "find_package_${want}_is_refused (it accepted $version)"
    elif grep -q "version: $version" "$work/build-$want.log"; then
        pass "find_package_${want}_is_refused"
    else
        cat "$work/build-$want.log" >&2
        fail "find_package_${want}_is_refused (failed for another reason)"
    fi
done
configure "$work/build-exact" -DBEEPER_SETUP_WANT="$version" && pass "find_package_${version}_is_accepted" ||
    fail "find_package_${version}_is_accepted"

end_suite
