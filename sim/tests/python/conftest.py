"""What both fidelity proofs share: the official SDK they are proofs with, and the simulator
binary from env BEEPER_SETUP_SIM (`make py-sim-test` sets it), spawned on a free port."""

import contextlib
import os
import subprocess

import beeper_desktop_api
import pytest

# The proofs hold for this release of the official SDK (tests/python-requirements.txt pins it).
assert beeper_desktop_api.__version__ == "6.0.0", beeper_desktop_api.__version__


@contextlib.contextmanager
def running_sim(*flags):
    """The base URL of a simulator started with `flags`, stopped when the block ends."""
    binary = os.environ.get("BEEPER_SETUP_SIM")
    if not binary:
        pytest.fail("set BEEPER_SETUP_SIM to the beeper-setup-sim binary (make py-sim-test does)")
    proc = subprocess.Popen([binary, *flags, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
