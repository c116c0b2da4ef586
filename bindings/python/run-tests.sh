#!/usr/bin/env bash
# The Python binding's tests: installs the package the way a user does (pip builds the Rust
# library in release mode and puts it inside the package), then runs pytest from a directory
# outside the repository against a spawned simulator.
#   BEEPER_SETUP_SIM  absolute path of the simulator binary
#   VPY               absolute path of the test venv's python (pytest, beeper-desktop-api)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${VPY:?set VPY to the test venv python}"
: "${BEEPER_SETUP_SIM:?set BEEPER_SETUP_SIM to the simulator binary}"

# The real install path, every time, so that the installed package matches the tree.
"$VPY" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$here"

# The bundled library, not another build.
unset BEEPER_SETUP_LIB BEEPER_BASE_URL BEEPER_DESKTOP_BASE_URL BEEPER_ACCESS_TOKEN BEEPER_CUSTOM_HEADERS

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
"$VPY" -c 'import beeper_setup, sys; print("beeper_setup", beeper_setup.__version__, "from", beeper_setup.library_path())'
"$VPY" -m pytest -q -p no:cacheprovider --rootdir "$here/tests" "$here/tests" "$@"
