"""Log records in Python: they reach ``logging.getLogger("beeper_setup")`` with Python's levels,
the logger's level filters them, changing levels and handlers is safe while other threads make
calls, ``BEEPER_LOG`` works as with the official SDK, and no record holds a secret."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from typing import Iterator, List

import pytest

import beeper_setup
from conftest import Sim, sign_in

TOKEN = "syt_PYLOGSECRETTOKEN01"
WRONG_KEY = "EsPY SECR ETKE Y000 0000 0000 0000 0000 0000 0000 0000 0000"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=0)
        self.records: List[logging.LogRecord] = []
        self.lock_ = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self.lock_:
            self.records.append(record)

    def lines(self) -> List[str]:
        with self.lock_:
            return [f"{r.levelname} {r.name} {r.getMessage()}" for r in self.records]


@pytest.fixture
def collected() -> Iterator[Collect]:
    logger = logging.getLogger("beeper_setup")
    handler = Collect()
    logger.addHandler(handler)
    before = logger.level
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def test_records_reach_the_beeper_setup_logger_with_python_levels(
        fresh: Sim, collected: Collect) -> None:
    logging.getLogger("beeper_setup").setLevel(logging.DEBUG)
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        client.app.setup.start()
    request = [r for r in collected.records if r.name == "beeper_setup.request"]
    assert request, collected.lines()
    assert request[0].levelno == logging.DEBUG
    message = request[0].getMessage()
    assert message.startswith("setup.start: POST /v1/app/setup/start -> 200 in "), message
    assert message.endswith(" ms (attempt 1)"), message
    created = [r for r in collected.records if r.name == "beeper_setup.client"]
    assert created and created[0].levelno == logging.INFO
    assert fresh.base_url in created[0].getMessage()
    assert any(r.name.startswith("beeper_setup.ureq") for r in collected.records)


def test_the_logger_level_filters_and_retries_are_info(fresh: Sim, collected: Collect) -> None:
    logger = logging.getLogger("beeper_setup")
    logger.setLevel(logging.INFO)
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=1) as client:
        fresh.fault(count=1, status=503)
        client.app.setup.retrieve()
        retries = [r for r in collected.records if r.name == "beeper_setup.retry"]
        assert [r.levelno for r in retries] == [logging.INFO], collected.lines()
        assert "because the server answered 503" in retries[0].getMessage()
        assert all(r.levelno >= logging.INFO for r in collected.records), collected.lines()
        logger.setLevel(logging.WARNING)
        count = len(collected.records)
        fresh.fault(count=1, status=503)
        client.app.setup.retrieve()
        assert len(collected.records) == count, collected.lines()[count:]
        logger.setLevel(logging.DEBUG)
        client.app.setup.retrieve()
        assert any(r.levelno == logging.DEBUG for r in collected.records[count:])
        logging.disable(logging.CRITICAL)
        try:
            count = len(collected.records)
            client.app.setup.retrieve()
            assert len(collected.records) == count
        finally:
            logging.disable(logging.NOTSET)


def test_changing_levels_and_handlers_is_safe_under_concurrent_calls(fresh: Sim) -> None:
    logger = logging.getLogger("beeper_setup")
    stop = threading.Event()
    errors: List[BaseException] = []
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:

        def calls() -> None:
            try:
                while not stop.is_set():
                    client.app.setup.retrieve()
            except BaseException as e:  # noqa: BLE001
                errors.append(e)

        threads = [threading.Thread(target=calls) for _ in range(4)]
        for t in threads:
            t.start()
        kept = Collect()
        logger.addHandler(kept)
        handlers = [kept]
        try:
            for i in range(200):
                logger.setLevel([logging.DEBUG, logging.WARNING, 5, logging.NOTSET][i % 4])
                if i % 2 == 0:
                    handlers.append(Collect())
                    logger.addHandler(handlers[-1])
                else:
                    logger.removeHandler(handlers[-1])
                time.sleep(0.002)
        finally:
            stop.set()
            for t in threads:
                t.join()
            for h in handlers:
                logger.removeHandler(h)
            logger.setLevel(logging.NOTSET)
    assert not errors
    assert kept.records


def _run_with_beeper_log(level: str, sim: Sim) -> "subprocess.CompletedProcess[str]":
    code = (
        "import beeper_setup\n"
        f"c = beeper_setup.Client(base_url={sim.base_url!r})\n"
        "c.app.setup.start()\n"
    )
    env = dict(os.environ, BEEPER_LOG=level)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60)


def test_beeper_log_writes_to_stderr_as_the_official_sdk_does(fresh: Sim) -> None:
    debug = _run_with_beeper_log("debug", fresh)
    assert debug.returncode == 0, debug.stderr
    lines = debug.stderr.splitlines()
    assert any(" - beeper_setup.request:" in line and " - DEBUG] setup.start: POST "
               "/v1/app/setup/start -> 200" in line for line in lines), debug.stderr
    info = _run_with_beeper_log("info", fresh)
    assert " - INFO] client for " in info.stderr, info.stderr
    assert "DEBUG" not in info.stderr, info.stderr
    off = _run_with_beeper_log("", fresh)
    assert off.stderr == ""


def test_no_record_holds_a_secret(fresh: Sim, collected: Collect) -> None:
    logging.getLogger("beeper_setup").setLevel(1)
    secrets = [TOKEN, WRONG_KEY, "PYLOGSECRET"]
    with beeper_setup.Client(base_url=fresh.base_url, access_token=TOKEN, max_retries=0) as c:
        with pytest.raises(beeper_setup.APIStatusError):
            c.app.setup.verifications.list()
        c.set_access_token(None)
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as c:
        signed = sign_in(c, fresh, "recovery")
        secrets += [fresh.state()["lastEmailCode"], signed.matrix.access_token]
        with pytest.raises(beeper_setup.APIStatusError):
            c.app.setup.recovery_key.verify(recovery_key=WRONG_KEY)
        key = fresh.state()["recoveryKey"]
        secrets.append(key)
        c.app.setup.recovery_key.verify(recovery_key=key)
    fresh.reset()
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as c:
        reg = sign_in(c, fresh, "new")
        secrets += [fresh.state()["lastEmailCode"], reg.lead_token]
        registered = c.app.setup.register(accept_terms=True, lead_token=reg.lead_token,
                                          setup_request_id=reg.setup_request_id,
                                          username="newbie")
        secrets.append(registered.matrix.access_token)
        created = c.app.setup.recovery_key.reset.create()
        secrets.append(created.recovery_key)
        c.app.setup.recovery_key.reset.confirm(recovery_key=created.recovery_key)
    fresh.reset()
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as c:
        signed = sign_in(c, fresh, "existing")
        secrets += [fresh.state()["lastEmailCode"], signed.matrix.access_token]
        setup = c.app.setup
        v = setup.verifications.create().verification
        fresh.control("other-device/accept")
        setup.verifications.sas.start(v.id)
        fresh.control("other-device/confirm")
        setup.verifications.sas.confirm(v.id)
        fresh.control("first-sync")
        setup.wait(timeout=10, interval=0.02)
    lines = collected.lines()
    assert any("setup.response: POST" in line for line in lines), lines
    assert any(" beeper_setup.ureq" in line for line in lines), lines
    assert any(" beeper_setup.wait wait: the state is ready" in line for line in lines), lines
    for secret in secrets:
        assert isinstance(secret, str) and len(secret) >= 6
        leaks = [line for line in lines if secret in line]
        assert not leaks, (secret, leaks)


def test_caplog_at_debug_sees_the_request_path(fresh: Sim, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="beeper_setup")
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        client.app.setup.retrieve()
    paths = [r for r in caplog.records
             if r.name.startswith("beeper_setup") and "GET /v1/app/setup -> 200" in r.getMessage()]
    assert paths and paths[0].levelno == logging.DEBUG, caplog.text


def test_with_logging_off_no_record_crosses_into_python(
        fresh: Sim, monkeypatch: pytest.MonkeyPatch) -> None:
    from beeper_setup import _logs

    crossed: List[bytes] = []
    real = _logs._logger_for

    def counting(target: bytes) -> logging.Logger:
        crossed.append(target)
        return real(target)

    monkeypatch.setattr(_logs, "_logger_for", counting)
    logger = logging.getLogger("beeper_setup")
    assert logger.getEffectiveLevel() == logging.WARNING
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=1) as client:
        fresh.fault(count=1, status=503)
        for _ in range(20):
            client.app.setup.retrieve()
        assert crossed == []
        logger.setLevel(logging.DEBUG)
        try:
            client.app.setup.retrieve()
        finally:
            logger.setLevel(logging.NOTSET)
        assert crossed
