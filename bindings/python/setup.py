"""Builds the Rust library (release) and ships it inside the package.

The library is a plain C ABI cdylib (no Python bindings compiled in); the package loads it with
ctypes. Nothing in the wheel depends on the Python version, so it is tagged
``py3-none-<platform>``: one wheel per platform serves every Python 3. Everything else lives in
pyproject.toml.

Beside it goes the testing library, ``libbeeper_setup_sim`` (the simulator, for
``beeper_setup.testing``), built from the simulator's crate.

The crates are found in a checkout (the library two folders up, the simulator in its ``sim/``),
and in ``rust/`` and ``rust-sim/`` in an sdist, which carries them (sources and Cargo.lock) as
``cargo package`` lays them out.
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
CHECKOUT_ROOT = os.path.join("..", "..")
# Each crate: its package name, its folder in an sdist, its folder in a checkout.
CRATES = {
    "beeper_setup.libbeeper_setup": ("beeper-setup", "rust", CHECKOUT_ROOT),
    "beeper_setup.libbeeper_setup_sim": ("beeper-setup-sim", "rust-sim",
                                         os.path.join(CHECKOUT_ROOT, "sim")),
}
IN_SDIST = os.path.isfile(os.path.join(HERE, "rust", "Cargo.toml"))


def crate_dir(extension):
    _package, sdist_dir, checkout_dir = CRATES[extension]
    return sdist_dir if IN_SDIST else checkout_dir


def library_file(extension):
    """The name beeper_setup._ffi.find_library looks for beside the package."""
    stem = extension.rsplit(".", 1)[1][len("lib"):]
    return {"darwin": f"lib{stem}.dylib", "win32": f"{stem}.dll"}.get(sys.platform, f"lib{stem}.so")


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
        return os.path.join(os.path.dirname(path), library_file(ext.name))


class sdist_with_crate(sdist):
    """Puts each crate in its folder (rust/, rust-sim/) so that the sdist builds without the
    checkout: what ``cargo package`` would publish (its manifest without the workspace and the
    path-only dev-dependencies, Cargo.lock included)."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        if IN_SDIST:
            return  # an sdist made from an sdist: MANIFEST.in carried the crates over
        for package, sdist_dir, _checkout_dir in CRATES.values():
            self.package_crate(package, base_dir, sdist_dir)

    @staticmethod
    def package_crate(package, base_dir, sdist_dir):
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run(
                [os.environ.get("CARGO", "cargo"), "package", "-p", package, "--no-verify",
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
                    m.name = os.path.join(sdist_dir, m.name[len(top):])
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
            # Installed as beeper_setup/libbeeper_setup.so (and libbeeper_setup_sim.so); found by
            # beeper_setup._ffi.find_library.
            extension,
            path=os.path.join(crate_dir(extension), "Cargo.toml"),
            binding=Binding.NoBinding,
            debug=False,
        )
        for extension in CRATES
    ],
)
