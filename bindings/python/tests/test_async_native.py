"""The async client over the library's calls without blocking, and the sync client's Ctrl-C:
no Python thread per call, a task's cancellation ends that call only, close() returns at once,
and signal handlers may cancel or close."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from typing import Any, List

import pytest
from conftest import Sim

import beeper_setup as bs


def library_threads() -> int:
    count = 0
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/comm") as f:
                count += f.read().startswith("beeper-setup")
        except OSError:
            pass
    return count


def test_64_waits_leave_other_calls_clients_and_getaddrinfo_alone(fresh: Sim) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        threads_before = len(os.listdir("/proc/self/task")) - library_threads()
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as a, \
                bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as b:
            waits = [asyncio.create_task(a.app.setup.wait(timeout=30, interval=0.5))
                     for _ in range(64)]
            await asyncio.sleep(0.3)
            t0 = time.monotonic()
            await a.app.setup.retrieve()
            await b.app.setup.start()
            # No Python thread per call: the executor was never made, and beside the
            # library's bounded pool no thread was started.
            assert getattr(loop, "_default_executor", None) is None
            others = len(os.listdir("/proc/self/task")) - library_threads()
            assert others == threads_before, (others, threads_before)
            await loop.getaddrinfo("localhost", 80)
            took = time.monotonic() - t0
            assert took < 1, f"other calls took {took:.2f} s beside 64 waits"
            # At most each client's bound of workers (8; idle ones a test before left may
            # serve either) and the timer: not a thread per wait.
            assert library_threads() <= 2 * 8 + 1
            assert not any(w.done() for w in waits)
            t0 = time.monotonic()
            await a.close()
            closed_in = time.monotonic() - t0
            assert closed_in < 0.5, f"close() took {closed_in:.2f} s with 64 waits in flight"
            results = await asyncio.gather(*waits, return_exceptions=True)
            assert all(isinstance(r, bs.CancelledError) for r in results), results[:3]
            await b.app.setup.retrieve()  # the other client is untouched

    asyncio.run(main())


def test_a_task_cancellation_ends_that_call_only_and_is_never_missed(fresh: Sim) -> None:
    unretrieved: List[Any] = []

    async def main() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda loop, ctx: unretrieved.append(ctx))
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=0) as client:
            other = asyncio.create_task(client.app.setup.wait(timeout=30, interval=0.05))
            for i in range(20):
                task = asyncio.create_task(client.app.setup.wait(timeout=30, interval=0.05))
                # At every point: before the task ran, as it starts the call, while it waits.
                for _ in range(i % 4):
                    await asyncio.sleep(0)
                if i >= 10:
                    await asyncio.sleep(0.002 * (i - 10))
                t0 = time.monotonic()
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                took = time.monotonic() - t0
                # Not at its 30 s deadline: a sixth of it leaves a loaded machine room.
                assert took < 5, f"trial {i}: the cancelled wait took {took:.2f} s"
            # Cancelled calls leave the library: nothing of theirs is in flight.
            deadline = time.monotonic() + 2
            while len(client._native._calls) > 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            assert len(client._native._calls) == 1, client._native._calls
            assert not other.done(), "a cancel reached another call"
            other.cancel()
            with pytest.raises(asyncio.CancelledError):
                await other

    t0 = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - t0 < 10
    assert not unretrieved, unretrieved


def test_a_cancelled_plain_call_in_a_retry_pause_sends_nothing_more(fresh: Sim) -> None:
    async def main() -> None:
        async with bs.AsyncBeeperDesktop(base_url=fresh.base_url, max_retries=2) as client:
            fresh.fault(status=503, retryAfterMs=5000, count=3)
            task = asyncio.create_task(client.app.setup.retrieve())
            deadline = time.monotonic() + 5
            while fresh.stats()["requests"] < 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)
            t0 = time.monotonic()
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            # Not after the 5 s pause: half of it leaves a loaded machine room.
            assert time.monotonic() - t0 < 2.5
            await asyncio.sleep(0.3)
            assert fresh.stats()["requests"] == 1

    try:
        asyncio.run(main())
    finally:
        fresh.reset()  # the faults left


# Runs in a child interpreter, so that its signals and a hang cannot touch pytest.
_CTRL_C_DURING_A_CALL = r"""
import signal, sys, time, json, urllib.request
import beeper_setup as bs

url = sys.argv[1]
def control(path, body=None):
    req = urllib.request.Request(url + "/_sim/" + path, method="GET" if body is None else "POST",
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")

control("reset", {"stats": True})
control("faults", {"status": 503, "retryAfterMs": 3000, "count": 5})
c = bs.Client(base_url=url, max_retries=2)
signal.signal(signal.SIGALRM, signal.default_int_handler)
signal.setitimer(signal.ITIMER_REAL, 0.3)
t0 = time.monotonic()
try:
    c.app.setup.retrieve()
except KeyboardInterrupt:
    pass
took = time.monotonic() - t0
time.sleep(0.5)
sent = control("stats")["requests"]
assert took < 1, f"Ctrl-C ended the call after {took:.2f} s"
assert sent == 1, f"{sent} requests: a retry went out after the Ctrl-C"

# A signal handler that cancels, then closes, while the main thread is in a call.
for trial in range(40):
    c = bs.Client(base_url=url, max_retries=0)
    handler = (lambda *a: c.cancel()) if trial % 2 else (lambda *a: c.close())
    signal.signal(signal.SIGALRM, handler)
    # Again every 5 ms: a cancel that lands before the wait has begun does not reach it.
    signal.setitimer(signal.ITIMER_REAL, 0.0005 * (trial % 10) + 0.00001, 0.005)
    t0 = time.monotonic()
    try:
        c.app.setup.wait(until=["never"], timeout=10, interval=0.01)
    except (bs.CancelledError, bs.ClientClosedError):
        pass
    signal.setitimer(signal.ITIMER_REAL, 0)
    took = time.monotonic() - t0
    assert took < 2, f"trial {trial}: the wait ended {took:.2f} s after the signal"
    c.close()
print("ok")
"""


def _passes_in_a_child(script: str, sim: Sim, timeout: float) -> None:
    """Runs `script` in a child interpreter against `sim` (reset after it): it prints "ok"."""
    try:
        r = subprocess.run([sys.executable, "-c", script, sim.base_url],
                           capture_output=True, text=True, timeout=timeout)
    finally:
        sim.reset()  # the faults left
    assert r.returncode == 0 and r.stdout.strip() == "ok", (r.stdout, r.stderr[-3000:])


def test_ctrl_c_ends_a_plain_call_and_signal_handlers_may_cancel_or_close(fresh: Sim) -> None:
    _passes_in_a_child(_CTRL_C_DURING_A_CALL, fresh, 120)


# Runs in a child interpreter: signal handlers of the main thread during its blocking calls.
_HANDLERS_DURING_A_CALL = r"""
import os, signal, sys, threading, time, json, urllib.request
import beeper_setup as bs

url = sys.argv[1]
def control(path, body):
    req = urllib.request.Request(url + "/_sim/" + path, method="POST",
        data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()

c = bs.Client(base_url=url, max_retries=0)
# A handler that does not raise runs while the call waits for the server, and the call goes on.
control("faults", {"delayMs": 700})
ran = []
signal.signal(signal.SIGALRM, lambda *a: ran.append(time.monotonic()))
signal.setitimer(signal.ITIMER_REAL, 0.2)
t0 = time.monotonic()
session = c.app.setup.retrieve()
took = time.monotonic() - t0
assert session.state, session
assert took >= 0.6, took
assert len(ran) == 1 and ran[0] - t0 < 0.5, ("the handler ran after the call", ran[0] - t0)
# A real Ctrl-C (SIGINT, from another thread) ends a call to a server that never answers.
control("faults", {"hang": True})
threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
t0 = time.monotonic()
try:
    c.app.setup.retrieve()
except KeyboardInterrupt:
    took = time.monotonic() - t0
else:
    raise AssertionError("no KeyboardInterrupt")
assert took < 1, took
# Two handlers that raise, due at once (Ctrl-C and a SIGTERM handler calling sys.exit, say):
# the call ends with the last one, the first as its context, as Python chains them (before
# Python 3.11, the second may replace the first).
class First(Exception): pass
class Second(Exception): pass
def raising(e):
    def handler(*_):
        raise e
    return handler
signal.signal(signal.SIGUSR1, raising(First()))
signal.signal(signal.SIGUSR2, raising(Second()))
control("faults", {"delayMs": 700})
def both():
    os.kill(os.getpid(), signal.SIGUSR1)
    os.kill(os.getpid(), signal.SIGUSR2)
threading.Timer(0.2, both).start()
try:
    c.app.setup.retrieve()
except (First, Second) as e:
    if sys.version_info >= (3, 11):
        assert isinstance(e, Second) and isinstance(e.__context__, First), repr(e)
else:
    raise AssertionError("no exception from the handlers")
time.sleep(0.6)  # the abandoned request's answer
# The client goes on, and so do later calls' checks.
control("faults", {"delayMs": 300})
signal.setitimer(signal.ITIMER_REAL, 0.1)
ran.clear()
c.app.setup.retrieve()
assert len(ran) == 1, ran
c.close()
print("ok")
"""


def test_signal_handlers_run_during_a_blocking_call_of_the_main_thread(fresh: Sim) -> None:
    _passes_in_a_child(_HANDLERS_DURING_A_CALL, fresh, 60)


# Exits while calls are ending: their callbacks must not run during the interpreter's
# finalization (a thread taking the GIL then is ended by force, through the library).
_EXIT_WITH_CALLS_ENDING = r"""
import asyncio, sys, beeper_setup as bs
loop = asyncio.new_event_loop()
client = bs.AsyncBeeperDesktop(base_url=sys.argv[1])
async def start():
    for _ in range(200):
        loop.create_task(client.app.setup.wait(timeout=float(sys.argv[2]), interval=0.01))
    await asyncio.sleep(0.05)
loop.run_until_complete(start())
"""


def test_exiting_while_calls_end_is_clean(fresh: Sim) -> None:
    for deadline in ("0.05", "0.06", "0.07", "0.08", "0.1"):
        r = subprocess.run([sys.executable, "-c", _EXIT_WITH_CALLS_ENDING, fresh.base_url,
                            deadline], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and "FATAL" not in r.stderr, (deadline, r.stderr[-2000:])


def test_the_worker_bound_is_checked() -> None:
    bs.set_worker_threads(8)  # the default, as every other test expects
    for bad in (0, 257, -1, 2.5, "8"):
        with pytest.raises(ValueError):
            bs.set_worker_threads(bad)  # type: ignore[arg-type]
