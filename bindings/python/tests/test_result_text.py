"""A call's result holds the library's JSON text and parses it when first read: what it reads
is the same as a parsed answer, from any number of threads, and a text that cannot be read
raises the library's internal error where it is read."""

from __future__ import annotations

import threading
from typing import Any, List

import pytest
from conftest import Sim

import beeper_setup
from beeper_setup import types


def test_a_result_is_parsed_when_first_read(client: beeper_setup.Client) -> None:
    session = client.app.setup.retrieve()
    assert "_raw" not in session.__dict__  # nothing parsed until something is read
    wire = client.app.setup.with_raw_response.retrieve().json()
    assert session.state == wire["state"] == "needs-login"
    assert session.to_dict() == wire
    assert session == types.Session.model_validate(wire)
    assert client.app.setup.next_step(session).action == \
        client.app.setup.next_step(wire).action


def test_the_first_reads_of_many_threads_see_one_parse(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        for _ in range(20):
            session = client.app.setup.retrieve()
            assert "_raw" not in session.__dict__
            seen: List[Any] = []
            start = threading.Barrier(4)

            def read() -> None:
                start.wait()
                seen.append(session.e2ee)

            threads = [threading.Thread(target=read) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert len(seen) == 4 and all(e is seen[0] for e in seen)


def test_an_unreadable_text_raises_where_it_is_read() -> None:
    session = types.Session._wrap_text(b'{"state": "ready", ')
    with pytest.raises(beeper_setup.BeeperSetupInternalError, match="unreadable result"):
        session.state  # noqa: B018
    with pytest.raises(beeper_setup.BeeperSetupInternalError):
        session.to_dict()


def test_an_async_result_is_parsed_when_first_read(fresh: Sim) -> None:
    import asyncio

    async def run() -> None:
        async with beeper_setup.AsyncClient(base_url=fresh.base_url, max_retries=0) as client:
            session = await client.app.setup.retrieve()
            assert "_raw" not in session.__dict__
            assert session.state == "needs-login"
            assert session.to_dict()["state"] == "needs-login"

    asyncio.run(run())
