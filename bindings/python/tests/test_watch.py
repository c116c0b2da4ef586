"""``client.app.setup.watch()``: each change of a scripted session once, in order, sync and
async; its deadline and cancel; no busy loop; a thousand watchers share one poll per interval."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, List, Optional, Tuple

import pytest
from conftest import Sim, sign_in

import beeper_setup
from beeper_setup import types


def shown(change: types.Change) -> Tuple[str, str]:
    v = change.session.verification
    return change.session.state, v.state if v is not None else "-"


class Script:
    """Plays a session forward one step at a time through the simulator and the client, each
    step once the watcher has seen the one before."""

    def __init__(self, client: Any, sim: Sim) -> None:
        self.client, self.sim = client, sim
        self.steps = [
            (lambda: None, ("needs-login", "-")),
            (lambda: sign_in(self.client, sim, "existing"), ("needs-verification", "-")),
            (lambda: sim.control("other-device/request"), ("needs-verification", "requested")),
            (lambda: sim.control("other-device/cancel", {"code": "m.mismatched_sas"}),
             ("needs-verification", "cancelled")),
            (lambda: sim.control("other-device/request"), ("needs-verification", "requested")),
            (lambda: self.verifications().accept("active"), ("needs-verification", "ready")),
            (lambda: self.verifications().sas.start("active"),
             ("needs-verification", "sas_ready")),
        ]

        self.synced = False

    def play(self, seen: int) -> None:
        """The step after the `seen`-th change."""
        if seen < len(self.steps):
            self.steps[seen][0]()
        elif seen == len(self.steps):
            self.sim.control("other-device/confirm")
            self.verifications().sas.confirm("active")
        elif not self.synced:
            self.synced = True
            self.sim.control("first-sync")

    def verifications(self) -> Any:
        return self.client.app.setup.verifications


def check_in_order(changes: List[types.Change], expected: List[Tuple[str, str]]) -> None:
    assert [shown(c) for c in changes[:len(expected)]] == expected
    first = changes[0].sequence
    assert [c.sequence for c in changes] == list(range(first, first + len(changes)))
    assert changes[-1].is_done and changes[-1].next_step.step == "done"
    assert all(not c.is_done for c in changes[:-1])


def test_each_change_of_a_scripted_session_once_in_order(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        script = Script(client, fresh)
        changes: List[types.Change] = []
        for change in client.app.setup.watch(interval=0.02):
            changes.append(change)
            script.play(len(changes))
        check_in_order(changes, [s[1] for s in script.steps])
        assert isinstance(changes[-1].session, types.Session)
        assert changes[6].next_step.action == "compare-emojis"


def test_async_for_each_change_once_in_order(fresh: Sim) -> None:
    async def main() -> List[types.Change]:
        async with beeper_setup.AsyncClient(base_url=fresh.base_url, max_retries=0) as client:
            script = Script(beeper_setup.Client(base_url=fresh.base_url, max_retries=0), fresh)
            changes: List[types.Change] = []
            async for change in client.app.setup.watch(interval=0.02):
                changes.append(change)
                await asyncio.to_thread(script.play, len(changes))
                # The sync client steering it signed in: this one follows the same session.
                if client.access_token is None:
                    client.set_access_token(script.client.access_token)
            check_in_order(changes, [s[1] for s in script.steps])
            script.client.close()
            return changes

    assert asyncio.run(main())[-1].is_done


def test_the_deadline_ends_a_watch_after_its_changes(client: beeper_setup.Client) -> None:
    seen: List[types.Change] = []
    t = time.monotonic()
    with pytest.raises(beeper_setup.APITimeoutError):
        for change in client.app.setup.watch(timeout=0.3, interval=0.02):
            seen.append(change)
    assert time.monotonic() - t < 2
    assert [shown(c) for c in seen] == [("needs-login", "-")]


def test_cancel_ends_a_watch_sync_and_async(fresh: Sim) -> None:
    with beeper_setup.Client(base_url=fresh.base_url, max_retries=0) as client:
        box: dict = {}

        def run() -> None:
            try:
                for _ in client.app.setup.watch(interval=0.02):
                    pass
            except BaseException as e:  # noqa: BLE001
                box["e"] = e

        t = threading.Thread(target=run)
        t.start()
        time.sleep(0.3)
        client.cancel()
        t.join(2)
        assert not t.is_alive()
        assert isinstance(box["e"], beeper_setup.CancelledError)

    async def main() -> None:
        async with beeper_setup.AsyncClient(base_url=fresh.base_url, max_retries=0) as client:
            async def watch() -> None:
                async for _ in client.app.setup.watch(interval=0.02):
                    pass

            task = asyncio.ensure_future(watch())
            other = asyncio.ensure_future(client.app.setup.next_change(timeout=5))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # Cancelling one task's watch leaves the other's.
            assert shown(await other) == ("needs-login", "-")

    asyncio.run(main())


def test_next_change_after_a_session(signed_in: beeper_setup.Client, fresh: Sim) -> None:
    session = signed_in.app.setup.retrieve()
    timer = threading.Timer(0.2, lambda: fresh.control("other-device/request"))
    timer.start()
    t = time.monotonic()
    change = signed_in.app.setup.next_change(session, interval=0.02, timeout=5)
    assert time.monotonic() - t >= 0.15
    assert shown(change) == ("needs-verification", "requested")
    with pytest.raises(beeper_setup.APITimeoutError):
        signed_in.app.setup.next_change(change, interval=0.02, timeout=0.2)
    with pytest.raises(TypeError):
        signed_in.app.setup.next_change(42)


def test_no_busy_loop_in_a_state_that_stays(signed_in: beeper_setup.Client, fresh: Sim) -> None:
    setup = signed_in.app.setup
    fresh.control("other-device/request")
    setup.verifications.accept("active")
    setup.verifications.sas.start("active")
    setup.verifications.sas.confirm("active")  # the other device has not confirmed: it stays
    before = fresh.stats()["requests"]
    changes = []
    with pytest.raises(beeper_setup.APITimeoutError):
        for change in setup.watch(interval=0.1, timeout=1):
            changes.append(change)
    polls = fresh.stats()["requests"] - before
    assert len(changes) == 1
    assert 8 <= polls <= 12, polls


def test_a_thousand_async_watchers_share_one_poll_per_interval(fresh: Sim) -> None:
    async def main() -> Tuple[int, int]:
        async with beeper_setup.AsyncClient(base_url=fresh.base_url, max_retries=0) as client:
            async def one() -> int:
                n = 0
                try:
                    async for _ in client.app.setup.watch(interval=0.1, timeout=1):
                        n += 1
                except beeper_setup.APITimeoutError:
                    pass
                return n

            before = fresh.stats()["requests"]
            counts = await asyncio.gather(*(one() for _ in range(1000)))
            return sum(counts), fresh.stats()["requests"] - before

    changes, polls = asyncio.run(main())
    assert changes == 1000
    assert 8 <= polls <= 14, polls


def test_watch_refuses_bad_arguments(client: beeper_setup.Client) -> None:
    with pytest.raises(TypeError):
        client.app.setup.watch(after="needs-login")
    with pytest.raises((TypeError, ValueError)):
        client.app.setup.watch(interval=-1)
    change: Optional[types.Change] = next(iter(client.app.setup.watch(interval=0.02)))
    assert change is not None and change.sequence >= 1


def readme_block(heading: str) -> str:
    import os
    import re

    readme = os.path.join(os.path.dirname(__file__), "..", "README.md")
    text = open(readme, encoding="utf-8").read()
    after = text[text.index(heading):]
    return re.search(r"```python\n(.*?)```", after, re.S).group(1)  # type: ignore[union-attr]


@pytest.mark.parametrize("email", ["me@example.com", "existing@example.com"])
def test_the_readme_quick_start_runs_as_written_and_ends(sim: Sim, monkeypatch: Any,
                                                         email: str) -> None:
    # The simulator as the README says (--auto), the user typing the emailed code and "y".
    sim.reset(auto=True)
    monkeypatch.setenv("BEEPER_BASE_URL", sim.base_url)
    answers = {"code: ": lambda: sim.state()["lastEmailCode"]}
    monkeypatch.setattr("builtins.input",
                        lambda prompt="": answers.get(prompt, lambda: "y")())
    block = readme_block("## Quick start").replace("me@example.com", email)
    before = sim.stats()["requests"]
    t = time.monotonic()
    exec(compile(block, "README.md", "exec"), {})
    elapsed = time.monotonic() - t
    requests = sim.stats()["requests"] - before
    assert sim.state()["state"] == "ready"
    # No faster than the 0.5 s interval: a few calls, plus one poll per half second.
    assert requests <= 12 + 2 * elapsed + 2, (requests, elapsed)
