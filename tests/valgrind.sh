#!/usr/bin/env bash
# Runs one Rust integration test binary under valgrind memcheck: zero errors, zero leaks.
# Usage: tests/valgrind.sh TEST_NAME   (e.g. ffi_battery)
set -euo pipefail
test_name=$1
command -v valgrind >/dev/null || { echo "valgrind is required for the memory checks (apt-get install valgrind)" >&2; exit 1; }
bin=$(cargo test -p beeper-setup --test "$test_name" --no-run 2>&1 \
  | sed -n "s|.*Executable tests/$test_name.rs (\(.*\))|\1|p" | tail -n 1)
[ -x "$bin" ] || { echo "could not find the $test_name test binary" >&2; exit 1; }
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
  "$bin" --test-threads=1
