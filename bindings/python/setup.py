"""Builds the Rust library (release) and ships it inside the package.

The library is a plain C ABI cdylib (no Python bindings compiled in); the package loads it with
ctypes. Everything else lives in pyproject.toml.
"""

from setuptools import setup
from setuptools_rust import Binding, RustExtension

setup(
    rust_extensions=[
        RustExtension(
            # Installed as beeper_setup/libbeeper_setup<EXT_SUFFIX>; found by beeper_setup._ffi.
            "beeper_setup.libbeeper_setup",
            path="../../Cargo.toml",
            binding=Binding.NoBinding,
            debug=False,
        )
    ],
)
