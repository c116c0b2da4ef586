#!/usr/bin/env bash
# The Python package as users install it. Builds the sdist and the wheel (build-wheels.sh, what
# `make wheel` runs), checks what they hold, installs the wheel into a fresh venv of the oldest
# and of the newest Python here with no cargo on PATH and calls the simulator from each (and
# runs the binding's own suite against the newest install); then
# builds the sdist from source in a fresh venv (pip install sdist.tar.gz, build isolation on)
# and calls the simulator from that install too.
#
#   BEEPER_SETUP_SIM=/abs/path/to/beeper-setup-sim bash bindings/python/wheel-test.sh
#
# The last line is "N passed, M failed"; the exit status is non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

# shellcheck source=../../tests/sim-lib.sh
source "$root/tests/sim-lib.sh"
begin_suite wheel-test

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
out="$root/target/wheels"
bash "$here/build-wheels.sh" "$out" >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; die "make wheel failed"; }
wheel="$(ls "$out"/*.whl)"
sdist="$out/beeper_setup-$version.tar.gz"
[ -f "$sdist" ] || die "no sdist at $sdist"
echo "== built $(basename "$wheel") and $(basename "$sdist")"

# ---- what the archives hold ------------------------------------------------------------------
python3 - "$wheel" >"$work/wheel-files" <<'PY'
import sys, zipfile
print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))
PY
dist_info="beeper_setup-$version.dist-info"
missing=""
for f in beeper_setup/__init__.py beeper_setup/_ffi.py beeper_setup/py.typed \
    beeper_setup/testing.py beeper_setup/pytest_plugin.py \
    beeper_setup/libbeeper_setup.so beeper_setup/libbeeper_setup_sim.so \
    "$dist_info/licenses/LICENSE-MIT" "$dist_info/licenses/LICENSE-APACHE"; do
    grep -qx "$f" "$work/wheel-files" || missing="$missing $f"
done
libraries="$(grep -c '\.so$' "$work/wheel-files" || true)"
if [ -z "$missing" ] && [ "$libraries" = 2 ]; then
    pass "wheel_holds_the_package_the_libraries_and_the_licenses"
else
    fail "wheel_holds_the_package_the_libraries_and_the_licenses (missing:$missing; $libraries libraries)"
fi
# The pytest plugin is found through the wheel's entry point.
python3 - "$wheel" "$dist_info" <<'PY' && pass "wheel_registers_the_pytest_plugin" || fail "wheel_registers_the_pytest_plugin"
import sys, zipfile
text = zipfile.ZipFile(sys.argv[1]).read(sys.argv[2] + "/entry_points.txt").decode()
assert "[pytest11]" in text and "beeper_setup.pytest_plugin = beeper_setup.pytest_plugin" in text, text
PY
# What the simulator adds to the wheel (the README quotes it).
python3 - "$wheel" <<'PY'
import sys, zipfile
info = {i.filename: i for i in zipfile.ZipFile(sys.argv[1]).infolist()}
for name in ("beeper_setup/libbeeper_setup.so", "beeper_setup/libbeeper_setup_sim.so"):
    if name in info:
        print(f"== {name}: {info[name].file_size} bytes, {info[name].compress_size} compressed")
PY
case "$(uname -s)-$(basename "$wheel")" in
    Linux-*-py3-none-manylinux_2_17_"$(uname -m)".whl | Darwin-*-py3-none-macosx_*) pass "wheel_tag_is_py3_none_platform" ;;
    *) fail "wheel_tag_is_py3_none_platform ($(basename "$wheel"))" ;;
esac
if [ "$(uname -s)" = Linux ]; then
    "$root/target/wheel-venv/bin/auditwheel" show "$wheel" >"$work/auditwheel.txt" 2>&1 &&
        grep -q "consistent" "$work/auditwheel.txt" &&
        grep -q "\"manylinux_2_17_$(uname -m)\"" "$work/auditwheel.txt" &&
        pass "auditwheel_accepts_manylinux_2_17" ||
        { cat "$work/auditwheel.txt"; fail "auditwheel_accepts_manylinux_2_17"; }
fi
tar tzf "$sdist" >"$work/sdist-files"
missing=""
for f in rust/Cargo.toml rust/Cargo.lock rust/build.rs rust/src/lib.rs rust/src/api/operations.rs rust/src/ffi/operations.rs \
    rust-sim/Cargo.toml rust-sim/Cargo.lock rust-sim/src/lib.rs rust-sim/src/ffi.rs src/beeper_setup/testing.py \
    setup.py pyproject.toml src/beeper_setup/_ffi.py src/beeper_setup/_operations.py LICENSE-MIT LICENSE-APACHE; do
    grep -qx "beeper_setup-$version/$f" "$work/sdist-files" || missing="$missing $f"
done
[ -z "$missing" ] && pass "sdist_holds_the_crate_and_the_package" || fail "sdist_holds_the_crate_and_the_package (missing:$missing)"

# ---- installed from the wheel, no Rust toolchain ----------------------------------------------
# PATH without any folder that has cargo (or rustc) in it.
no_rust_path=""
IFS=: read -r -a path_dirs <<<"$PATH"
for d in "${path_dirs[@]}"; do
    [ -n "$d" ] && [ ! -e "$d/cargo" ] && [ ! -e "$d/rustc" ] && no_rust_path="${no_rust_path:+$no_rust_path:}$d"
done

# Pythons 3.9 and newer, on PATH or installed by pyenv; the oldest and the newest are tested.
pythons=()
pyenv_root="$( (pyenv root 2>/dev/null) || echo "$HOME/.pyenv")"
for minor in 9 10 11 12 13 14 15; do
    found=""
    # A pyenv shim on PATH may name a version that is not selected: each must run.
    for candidate in "$(command -v "python3.$minor" 2>/dev/null || true)" \
        "$pyenv_root"/versions/3."$minor".*/bin/python3."$minor"; do
        if [ -z "$found" ] && [ -x "$candidate" ] && "$candidate" -c '' 2>/dev/null; then
            found="$candidate"
        fi
    done
    [ -z "$found" ] || pythons+=("$found")
done
[ "${#pythons[@]}" -gt 0 ] || die "no Python 3.9 or newer found (PATH, pyenv)"
tested=("${pythons[0]}")
[ "${#pythons[@]}" -eq 1 ] || tested+=("${pythons[-1]}")

start_sim sim
# One call through the installed package, from a folder outside the repository, with cargo out
# of reach: the library must be the one inside the installed package; then a sign-in against
# the simulator the package carries.
check_install() {
    local venv="$1"
    (cd "$work" && PATH="$venv/bin:$no_rust_path" "$venv/bin/python" - "$sim_url" <<'PY'
import os, shutil, sys, sysconfig
import beeper_setup
assert shutil.which("cargo") is None, "cargo is on PATH"
lib = beeper_setup.library_path()
assert lib.startswith(sysconfig.get_paths()["purelib"]) or lib.startswith(sysconfig.get_paths()["platlib"]), lib
with beeper_setup.Client(base_url=sys.argv[1], max_retries=0, timeout=10) as client:
    started = client.app.setup.start()
    assert started.setup_request_id, started
    step = client.app.setup.next_step(client.app.setup.retrieve())
# The simulator inside the package, in this process.
from beeper_setup.testing import Simulator
with Simulator(scenario="existing") as sim, beeper_setup.Client(base_url=sim.base_url) as client:
    start = client.app.setup.start()
    client.app.setup.email(email="me@example.com", setup_request_id=start.setup_request_id)
    client.app.setup.response(response=sim.email_code, setup_request_id=start.setup_request_id)
    assert client.app.setup.retrieve().state == "needs-verification"
print(f"python {sys.version.split()[0]}: {os.path.basename(lib)}, start -> {started.setup_request_id}, next step {step.step}, simulator {sim.base_url}")
PY
    )
}
for py in "${tested[@]}"; do
    name="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    venv="$work/venv-$name"
    "$py" -m venv "$venv"
    if "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index "$wheel" &&
        check_install "$venv"; then
        pass "wheel_installs_and_calls_on_python_$name"
    else
        fail "wheel_installs_and_calls_on_python_$name"
    fi
done

# The shipped library (zig-linked, glibc 2.17) through the binding's own suite: every operation
# and scenario, the errors, the lifecycle. The tests that compare with the official SDK or use
# cffi need packages of the test venv, and run in `make py-test`.
newest_venv="$work/venv-$("${tested[-1]}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
pytest_pin="$(grep -m1 '^pytest==' "$root/tests/python-requirements.txt" || echo pytest)"
if "$newest_venv/bin/python" -m pip install --quiet --disable-pip-version-check "$pytest_pin" &&
    (cd "$work" && BEEPER_SETUP_SIM="$sim" PATH="$newest_venv/bin:$no_rust_path" \
        "$newest_venv/bin/python" -m pytest -q -p no:cacheprovider -W ignore::pytest.PytestConfigWarning \
        --rootdir "$here/tests" "$here"/tests/test_{flows,errors,lifecycle,native_lifecycle,abi_version,https}.py); then
    pass "binding_suite_passes_with_the_wheel"
else
    fail "binding_suite_passes_with_the_wheel"
fi

# An app's own tests of its setup screen, as its developer runs them: the installed wheel,
# pytest, and the simulator inside the package (its pytest plugin's fixture), with no simulator
# binary, no cargo and none of our conftest.
if (cd "$work" && env -u BEEPER_SETUP_SIM PATH="$newest_venv/bin:$no_rust_path" \
        "$newest_venv/bin/python" -m pytest -q -p no:cacheprovider --noconftest -W ignore::pytest.PytestConfigWarning \
        --rootdir "$here/tests/app" "$here/tests/app"); then
    pass "an_apps_tests_use_the_simulator_inside_the_wheel"
else
    fail "an_apps_tests_use_the_simulator_inside_the_wheel"
fi

# ---- built from the sdist ----------------------------------------------------------------------
# What a user without a wheel for their platform runs. A machine that reaches no crate registry
# points cargo at vendored crates through its configuration; the checkout's .cargo/config.toml
# (written by use-vendored-crates) is handed over as CARGO_HOME's, since the sdist is unpacked
# far from it.
cargo_home="$work/cargo-home"
mkdir -p "$cargo_home"
[ ! -f "$root/.cargo/config.toml" ] || cp "$root/.cargo/config.toml" "$cargo_home/config.toml"
newest="${tested[-1]}"
venv="$work/venv-sdist"
"$newest" -m venv "$venv"
echo "== pip install $(basename "$sdist") (builds the library from the sdist's crate)"
# What an earlier run compiled is reused (target/sdist-build) where cargo finds it fresh: it
# checks every source file at its place in the newly unpacked sdist, so a file the sdist lacks
# still fails the build.
if CARGO_HOME="$cargo_home" CARGO_TARGET_DIR="$root/target/sdist-build" \
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$sdist" >"$work/sdist-install.log" 2>&1 && check_install "$venv"; then
    pass "sdist_builds_from_source_and_calls"
else
    tail -n 40 "$work/sdist-install.log"
    fail "sdist_builds_from_source_and_calls"
fi

end_suite
