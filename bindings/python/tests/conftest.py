"""Fixtures: a spawned simulator (BEEPER_SETUP_SIM) and clients pointed at it."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.request
from typing import Any, Dict, Iterator, Optional

import pytest

import beeper_setup

SCENARIO_RECOVERY_KEY = "EsTc 5rr1 NnWg qYMr 7k6R Yp2A cJfL Qd3w UeXh Bz8m Tn4K SvGa"
EMAIL = {"existing": "existing@example.com", "recovery": "recovery@example.com",
         "new": "newbie@example.com"}


class Sim:
    """The simulator process and its /_sim/ control endpoints."""

    def __init__(self, binary: str, *args: str) -> None:
        self.proc = subprocess.Popen(
            [binary, *args, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        assert self.base_url.startswith("http://"), self.base_url

    def control(self, path: str, body: Optional[Dict[str, Any]] = None,
                method: Optional[str] = None) -> Any:
        if method is None:
            method = "GET" if path in ("state", "stats", "last-request") else "POST"
        data = None if method == "GET" else json.dumps(body or {}).encode()
        req = urllib.request.Request(
            self.base_url + "/_sim/" + path, data=data, method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            text = resp.read()
        return json.loads(text) if text else None

    def reset(self, scenario: Optional[str] = None, auto: bool = False) -> Any:
        return self.control("reset", {"scenario": scenario, "auto": auto, "stats": True})

    def state(self) -> Any:
        return self.control("state")

    def fault(self, **spec: Any) -> Any:
        return self.control("faults", spec)

    def stats(self) -> Any:
        return self.control("stats")

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="session")
def sim() -> Iterator[Sim]:
    binary = os.environ.get("BEEPER_SETUP_SIM")
    if not binary:
        pytest.fail("BEEPER_SETUP_SIM must name the simulator binary")
    s = Sim(binary)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def mock() -> Iterator[Sim]:
    """The simulator's stateless mock mode: every operation answers a schema-valid example;
    ``/_sim/last-request`` is the last API request as received."""
    binary = os.environ.get("BEEPER_SETUP_SIM")
    if not binary:
        pytest.fail("BEEPER_SETUP_SIM must name the simulator binary")
    s = Sim(binary, "--mock")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def fresh(sim: Sim) -> Sim:
    """The simulator, reset (no scenario override, not automatic, no faults, zeroed stats)."""
    sim.reset()
    return sim


@pytest.fixture
def client(fresh: Sim) -> Iterator[beeper_setup.Client]:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0, timeout=10) as c:
        yield c


def sign_in(client: beeper_setup.Client, sim: Sim, scenario: str) -> Any:
    """start, email, response: returns the response() result."""
    setup = client.app.setup
    started = setup.start()
    setup.email(email=EMAIL[scenario], setup_request_id=started.setup_request_id)
    code = sim.state()["lastEmailCode"]
    return setup.response(response=code, setup_request_id=started.setup_request_id)


@pytest.fixture
def signed_in(fresh: Sim) -> Iterator[beeper_setup.Client]:
    """A client signed in to the existing-account scenario (token adopted)."""
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0, timeout=10) as c:
        sign_in(c, fresh, "existing")
        yield c


def wait_in_thread(client: beeper_setup.Client) -> "tuple[threading.Thread, dict]":
    """Starts ``client.app.setup.wait`` (30 s) on a thread and returns once it is under way;
    the exception it ends with lands in the returned dict under ``"e"``."""
    box: dict = {}

    def run() -> None:
        try:
            client.app.setup.wait(timeout=30, interval=0.05)
        except BaseException as e:  # noqa: BLE001
            box["e"] = e

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.2)
    return t, box
