"""pytest fixtures for apps that use beeper_setup, registered by the package's ``pytest11``
entry point, named after this module: installing the package is enough (or list
``"beeper_setup.pytest_plugin"`` in a ``conftest.py``'s ``pytest_plugins`` where the package is
not installed; where it is, that is the same plugin, not a second one).

``beeper_simulator``: a fresh :class:`~beeper_setup.testing.Simulator` per test, stopped after
it. The marker ``@pytest.mark.beeper_simulator(scenario="recovery", auto=True)`` passes its
keyword arguments to the simulator. It serves the sync and the async clients alike::

    def test_sign_in(beeper_simulator):
        with BeeperDesktop(base_url=beeper_simulator.base_url) as client:
            ...

    async def test_sign_in_async(beeper_simulator):
        async with AsyncBeeperDesktop(base_url=beeper_simulator.base_url) as client:
            ...
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from .testing import Simulator

MARKER = "beeper_simulator"


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(scenario=None, auto=False, mock=False, require_token=False): "
        "how the beeper_simulator fixture starts its simulator",
    )


@pytest.fixture
def beeper_simulator(request: Any) -> Iterator[Simulator]:
    """A simulator of Beeper's app-setup API for this test (loopback, a free port)."""
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker else {}
    with Simulator(**options) as sim:
        yield sim
