"""The package loads only a native library of the C ABI it was written for, and says why otherwise.

Stand-in libraries (built here with the C compiler) play a library of another ABI and one from
before beeper_abi_version; each is loaded in a fresh interpreter, as a user's program would.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys

import pytest

import beeper_setup
from beeper_setup import _ffi


def test_the_bundled_library_has_the_binding_s_abi():
    lib = ctypes.CDLL(beeper_setup.library_path())
    lib.beeper_abi_version.restype = ctypes.c_int32
    assert lib.beeper_abi_version() == _ffi.ABI_VERSION


def stand_in_library(tmp_path, name, source):
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    assert cc, "a C compiler is needed to build the stand-in library"
    src = tmp_path / f"{name}.c"
    src.write_text(source)
    out = tmp_path / f"lib{name}.so"
    subprocess.run([cc, "-shared", "-fPIC", "-o", str(out), str(src)], check=True)
    return out


def load_in_fresh_interpreter(lib_path):
    env = {**os.environ, "BEEPER_SETUP_LIB": str(lib_path)}
    return subprocess.run(
        [sys.executable, "-c", "import beeper_setup; beeper_setup.library_version()"],
        env=env, capture_output=True, text=True, timeout=60,
    )


OTHER = _ffi.ABI_VERSION + 1
NEEDS = f"but this package needs C ABI version {_ffi.ABI_VERSION}"


@pytest.mark.parametrize("name,source,says", [
    ("other_abi",
     f"#include <stdint.h>\nint32_t beeper_abi_version(void) {{ return {OTHER}; }}\n",
     f"has C ABI version {OTHER}, {NEEDS}"),
    ("before_abi",
     "const char *beeper_version(void) { return \"0.0.1\"; }\n",
     f"has no ABI version (it predates beeper_abi_version), {NEEDS}"),
])
def test_a_library_of_another_abi_is_refused_with_a_clear_message(tmp_path, name, source, says):
    lib = stand_in_library(tmp_path, name, source)
    done = load_in_fresh_interpreter(lib)
    assert done.returncode != 0
    assert "ImportError" in done.stderr
    assert str(lib) in done.stderr
    assert says in done.stderr
    assert "BEEPER_SETUP_LIB" in done.stderr
