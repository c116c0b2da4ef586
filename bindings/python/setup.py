"""Builds the Rust library (release) and ships it inside the package.

The library is a plain C ABI cdylib (no Python bindings compiled in); the package loads it with
ctypes. Nothing in the wheel depends on the Python version, so it is tagged
``py3-none-<platform>``: one wheel per platform serves every Python 3. Everything else lives in
pyproject.toml.

The crate is found two folders up in a checkout, and in ``rust/`` in an sdist, which carries it
(sources and Cargo.lock) as ``cargo package`` lays it out.
"""

import os
import subprocess
import sys
import tarfile
import tempfile

from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.sdist import sdist
from setuptools_rust import Binding, RustExtension
from setuptools_rust.build import build_rust

HERE = os.path.dirname(os.path.abspath(__file__))
SDIST_CRATE = "rust"
CHECKOUT_ROOT = os.path.join("..", "..")
CRATE_DIR = SDIST_CRATE if os.path.isfile(os.path.join(HERE, SDIST_CRATE, "Cargo.toml")) \
    else CHECKOUT_ROOT

# The name beeper_setup._ffi looks for beside the package.
LIBRARY_FILE = {"darwin": "libbeeper_setup.dylib", "win32": "beeper_setup.dll"}.get(
    sys.platform, "libbeeper_setup.so")


class bdist_wheel_any_python(bdist_wheel):
    """Tags the wheel py3-none-<platform>: only the platform matters to a ctypes package."""

    def get_tag(self):
        _python, _abi, platform = super().get_tag()
        return "py3", "none", platform


class build_rust_plain_name(build_rust):
    """Names the library libbeeper_setup.so rather than after one interpreter
    (libbeeper_setup.cpython-311-x86_64-linux-gnu.so), which the py3 tag would contradict."""

    def get_dylib_ext_path(self, ext, target_fname):
        path = super().get_dylib_ext_path(ext, target_fname)
        return os.path.join(os.path.dirname(path), LIBRARY_FILE)


class sdist_with_crate(sdist):
    """Puts the crate in rust/ so that the sdist builds without the checkout: what
    ``cargo package`` would publish (its manifest without the workspace and the path-only
    dev-dependencies, Cargo.lock included)."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        if CRATE_DIR == SDIST_CRATE:
            return  # an sdist made from an sdist: MANIFEST.in carried rust/ over
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run(
                [os.environ.get("CARGO", "cargo"), "package", "-p", "beeper-setup", "--no-verify",
                 "--allow-dirty", "--quiet", "--manifest-path",
                 os.path.join(HERE, CHECKOUT_ROOT, "Cargo.toml"), "--target-dir", scratch],
                check=True,
            )
            packaged = os.path.join(scratch, "package")
            (crate,) = [n for n in os.listdir(packaged) if n.endswith(".crate")]
            with tarfile.open(os.path.join(packaged, crate)) as archive:
                top = crate[: -len(".crate")] + "/"
                members = [m for m in archive.getmembers() if m.name.startswith(top)
                           and m.name != top + "Cargo.toml.orig" and (m.isfile() or m.isdir())]
                for m in members:
                    m.name = os.path.join(SDIST_CRATE, m.name[len(top):])
                safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                archive.extractall(base_dir, members=members, **safe)


setup(
    cmdclass={
        "bdist_wheel": bdist_wheel_any_python,
        "build_rust": build_rust_plain_name,
        "sdist": sdist_with_crate,
    },
    rust_extensions=[
        RustExtension(
            # Installed as beeper_setup/libbeeper_setup.so; found by beeper_setup._ffi.
            "beeper_setup.libbeeper_setup",
            path=os.path.join(CRATE_DIR, "Cargo.toml"),
            binding=Binding.NoBinding,
            debug=False,
        )
    ],
)
