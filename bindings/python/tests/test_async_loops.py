"""The async client under asyncio, trio and anyio on both backends: every kind of awaited call
works the same, completions are taken on the loop's own thread (no Python code on a library
thread), a cancelled task or cancel scope ends that call only, and outside any loop the error
says which loops are supported."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any, Awaitable, Callable, List

import anyio
import pytest
import trio
from conftest import Sim

import beeper_setup as bs
from beeper_setup import _loops

Run = Callable[[Callable[[], Awaitable[None]]], None]

RUNNERS = {
    "asyncio": lambda main: asyncio.run(main()),
    "trio": lambda main: trio.run(main),
    "anyio-asyncio": lambda main: anyio.run(main, backend="asyncio"),
    "anyio-trio": lambda main: anyio.run(main, backend="trio"),
}


@pytest.fixture(params=sorted(RUNNERS))
def run(request: Any) -> Run:
    return RUNNERS[request.param]  # type: ignore[return-value]


@pytest.fixture
def handler_threads(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """The threads every completion was delivered on."""
    seen: List[int] = []
    for queue in (_loops._AsyncioQueue, _loops._TrioQueue):
        def recording(self: Any, waiter: Any, status: int, raw: Any,
                      deliver: Any = queue.deliver) -> None:
            seen.append(threading.get_ident())
            deliver(self, waiter, status, raw)

        monkeypatch.setattr(queue, "deliver", recording)
    return seen


def test_every_kind_of_call_works_on_the_loops_thread(run: Run, fresh: Sim,
                                                      handler_threads: List[int]) -> None:
    loop_thread: List[int] = []

    async def main() -> None:
        loop_thread.append(threading.get_ident())
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
            started = await client.app.setup.start()
            assert started.setup_request_id
            session = await client.app.setup.retrieve()
            assert session.state
            raw = await client.app.setup.with_raw_response.retrieve()
            assert raw.status_code == 200 and (await raw.parse()).state == session.state
            with pytest.raises(bs.AuthenticationError):  # not signed in
                await client.app.setup.verifications.retrieve("missing")
            with pytest.raises(bs.APITimeoutError):
                await client.app.setup.wait(until=["never"], timeout=0.2, interval=0.05)
            # A custom request, started into the loop's queue as the operations are.
            got = await client.get("/v1/app/setup", cast_to=dict)
            assert got["state"] == session.state
            # Many at once: each completion reaches its own call.
            results = []

            async def one(i: int) -> None:
                results.append((i, (await client.app.setup.retrieve()).state))

            async with anyio.create_task_group() as group:
                for i in range(50):
                    group.start_soon(one, i)
            assert sorted(i for i, _ in results) == list(range(50))
            assert client._native is not None and not client._native._calls

    run(main)
    assert len(handler_threads) == 56
    assert set(handler_threads) == set(loop_thread), "a completion was handled off the loop"


def test_a_cancel_scope_ends_that_call_only(run: Run, fresh: Sim) -> None:
    async def main() -> None:
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
            other: List[Any] = []

            async def waits_on() -> None:
                try:
                    await client.app.setup.wait(until=["never"], timeout=30, interval=0.05)
                except BaseException as e:  # noqa: BLE001 - what ended it is the test
                    other.append(e)
                    raise

            async with anyio.create_task_group() as group:
                group.start_soon(waits_on)
                for _ in range(10):
                    t0 = time.monotonic()
                    with anyio.move_on_after(0.05) as scope:
                        await client.app.setup.wait(until=["never"], timeout=30, interval=0.05)
                    assert scope.cancelled_caught
                    # Not at the wait's 30 s deadline: a sixth of it leaves a loaded machine room.
                    assert time.monotonic() - t0 < 5
                # The cancelled calls have left the library; the other wait goes on.
                deadline = time.monotonic() + 5
                while len(client._native._calls) > 1 and time.monotonic() < deadline:
                    await anyio.sleep(0.01)
                assert len(client._native._calls) == 1, client._native._calls
                assert not other, other
                group.cancel_scope.cancel()

    run(main)


def test_custom_requests_hold_no_thread_and_a_cancel_scope_ends_one(run: Run,
                                                                   fresh: Sim) -> None:
    async def main() -> None:
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
            # Every method, with a body and options, answered as the sync client answers.
            started = await client.post("/v1/app/setup/start", cast_to=dict, body={"a": [1]},
                                        options={"params": {"from": "async"}})
            assert started["setupRequestID"]
            seen = fresh.control("last-request")
            assert seen["body"] == {"a": [1]} and seen["query"] == {"from": "async"}
            for method in (client.patch, client.put, client.delete):
                with pytest.raises(bs.NotFoundError):
                    await method("/v1/nowhere", cast_to=object, body={})
            with pytest.raises(ValueError):  # refused before anything is sent
                await client.get("/v1/../x", cast_to=object)

            # 32 at once against a slow server: no thread of Python's is started for them.
            threads_before = threading.active_count()
            fresh.fault(delayMs=300, count=32)
            answers: List[Any] = []

            async def one() -> None:
                answers.append(await client.get("/v1/app/setup", cast_to=dict))

            async with anyio.create_task_group() as group:
                for _ in range(32):
                    group.start_soon(one)
            assert len(answers) == 32 and all(a["state"] for a in answers)
            assert threading.active_count() == threads_before

            # A cancel scope ends a custom request in flight at once.
            fresh.fault(hang=True, count=1)
            t0 = time.monotonic()
            with anyio.move_on_after(0.2) as scope:
                await client.get("/v1/app/setup", cast_to=dict)
            assert scope.cancelled_caught
            assert time.monotonic() - t0 < 10  # not at the request's 30 s timeout
            deadline = time.monotonic() + 5
            while client._native._calls and time.monotonic() < deadline:
                await anyio.sleep(0.01)
            assert not client._native._calls, "the cancelled request left the library"
            assert (await client.get("/v1/app/setup", cast_to=dict))["state"]

    run(main)


def test_close_ends_the_calls_in_flight_at_once(run: Run, fresh: Sim) -> None:
    async def main() -> None:
        client = bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0)
        outcomes: List[BaseException] = []

        async def waits_on() -> None:
            try:
                await client.app.setup.wait(until=["never"], timeout=30, interval=0.05)
            except bs.CancelledError as e:
                outcomes.append(e)

        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(waits_on)
            await anyio.sleep(0.2)
            t0 = time.monotonic()
            await client.close()
        # Not when the waits reach their 30 s deadline.
        assert time.monotonic() - t0 < 5
        assert len(outcomes) == 8

    run(main)


def test_outside_a_loop_the_error_names_the_supported_loops(fresh: Sim) -> None:
    client = bs.AsyncBeeperDesktop(base_url=fresh.base_url)
    coroutine = client.app.setup.retrieve()
    with pytest.raises(RuntimeError, match="asyncio or trio"):
        coroutine.send(None)
    client._native.close()  # type: ignore[union-attr]


def test_each_asyncio_loop_has_its_own_queue_freed_with_it(fresh: Sim) -> None:
    fds = []

    async def main() -> None:
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url) as client:
            await client.app.setup.retrieve()
            fds.append(_loops.current_queue().fd)

    for _ in range(3):
        asyncio.run(main())
    import gc

    gc.collect()
    assert len(_loops._asyncio_queues) == 0
    # The descriptors were closed with their queues (the numbers are free again).
    asyncio.run(main())
    assert fds[-1] in fds[:-1]


def test_a_child_forked_inside_a_running_loop_runs_its_own(fresh: Sim) -> None:
    async def calls(client: Any) -> None:
        for _ in range(20):
            await client.app.setup.retrieve()

    async def main() -> None:
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
            await client.app.setup.retrieve()
            # The parent's calls keep ending while the child runs: they ring the descriptor
            # both processes hold.
            busy = [asyncio.create_task(client.app.setup.retrieve()) for _ in range(20)]
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    asyncio.run(calls(client))  # a loop of its own
                    trio.run(calls, client)
                    code = 0
                except BaseException:  # noqa: BLE001 - the parent reports the exit code
                    import traceback

                    traceback.print_exc()
                finally:
                    os._exit(code)
            await asyncio.gather(*busy)
            await calls(client)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    break
                await asyncio.sleep(0.01)
            else:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                raise AssertionError("the child hung")
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status

    asyncio.run(main())
