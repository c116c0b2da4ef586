"""Threads on one client, memory over many calls, close/context manager/__del__, repr."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest
from conftest import Sim, sign_in, wait_in_thread

import beeper_setup as bs


def _rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_many_threads_one_client(signed_in: bs.Client, fresh: Sim) -> None:
    errors: List[BaseException] = []
    results: List[Any] = []

    def work(i: int) -> None:
        try:
            for j in range(50):
                if j % 5 == 4:
                    try:
                        signed_in.app.setup.verifications.retrieve(f"missing-{i}-{j}")
                    except bs.NotFoundError:
                        pass
                else:
                    results.append(signed_in.app.setup.retrieve().state)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 16 * 40 and set(results) == {"needs-verification"}
    stats = fresh.stats()
    assert stats["requests"] >= 800
    assert stats["connections"] <= 64, stats  # connections are reused, not one per request


def test_gil_released_during_calls(fresh: Sim) -> None:
    # Four 1 s calls in four threads take about 1 s, not the 4 s they would one after the other
    # (the bound leaves half the difference to a loaded machine).
    fresh.fault(delayMs=1000, count=4)
    with bs.Client(base_url=fresh.base_url, max_retries=0) as c:
        t0 = time.monotonic()
        with ThreadPoolExecutor(4) as pool:
            states = list(pool.map(lambda _: c.app.setup.retrieve().state, range(4)))
        elapsed = time.monotonic() - t0
    assert states == ["needs-login"] * 4
    assert elapsed < 2.5, elapsed


def test_no_rss_growth_over_20000_calls(signed_in: bs.Client, fresh: Sim) -> None:
    s = signed_in.app.setup
    session = s.retrieve()

    def batch(n: int) -> None:
        for i in range(n):
            k = i % 4
            if k == 0:
                s.retrieve()
            elif k == 1:
                s.verifications.list()
            elif k == 2:
                try:
                    s.verifications.retrieve("missing")
                except bs.NotFoundError:
                    pass
            else:
                s.next_step(session)

    batch(2000)  # warm-up: allocator pools, connection, caches
    gc.collect()
    before = _rss_bytes()
    batch(20000)
    gc.collect()
    after = _rss_bytes()
    growth = after - before
    print(f"\nRSS before {before / 2**20:.1f} MiB, after 20000 calls {after / 2**20:.1f} MiB, "
          f"growth {growth / 2**20:.2f} MiB")
    assert growth < 5 * 2**20, growth


def test_context_manager_and_use_after_close(fresh: Sim) -> None:
    with bs.Client(base_url=fresh.base_url) as c:
        assert c.app.setup.retrieve().state == "needs-login"
    assert c.is_closed()
    with pytest.raises(bs.ClientClosedError):
        c.app.setup.retrieve()
    with pytest.raises(RuntimeError):
        c.app.setup.wait()
    with pytest.raises(bs.ClientClosedError):
        c.set_access_token("x")
    with pytest.raises(bs.ClientClosedError):
        with c:
            pass
    c.close()  # idempotent
    c.cancel()  # a no-op once closed
    # next_step needs no client.
    assert c.app.setup.next_step(bs.types.Session._from_wire(fresh.state()["session"])).step


def test_close_waits_for_calls_in_flight(fresh: Sim) -> None:
    fresh.fault(delayMs=500, count=4)
    c = bs.Client(base_url=fresh.base_url, max_retries=0)
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(c.app.setup.retrieve) for _ in range(4)]
        time.sleep(0.15)
        t0 = time.monotonic()
        c.close()
        waited = time.monotonic() - t0
        assert all(f.result().state == "needs-login" for f in futures)
    assert waited > 0.2, waited  # close waited for the calls instead of freeing under them
    with pytest.raises(bs.ClientClosedError):
        c.app.setup.retrieve()


def test_close_cancels_waits(fresh: Sim) -> None:
    c = bs.Client(base_url=fresh.base_url, max_retries=0)
    t, box = wait_in_thread(c)
    t0 = time.monotonic()
    c.close()
    t.join(5)
    assert time.monotonic() - t0 < 3
    assert isinstance(box.get("e"), bs.CancelledError)


def test_concurrent_close_and_calls_stress(fresh: Sim) -> None:
    for _ in range(20):
        c = bs.Client(base_url=fresh.base_url, max_retries=0)
        stop = threading.Event()
        bad: List[BaseException] = []

        def hammer() -> None:
            while not stop.is_set():
                try:
                    c.app.setup.retrieve()
                except bs.ClientClosedError:
                    return
                except BaseException as e:  # noqa: BLE001
                    bad.append(e)
                    return

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.01)
        closers = [threading.Thread(target=c.close) for _ in range(2)]
        for t in closers:
            t.start()
        for t in closers + threads:
            t.join(5)
        stop.set()
        assert not bad


def test_del_frees_and_is_safe_at_shutdown(fresh: Sim) -> None:
    c = bs.Client(base_url=fresh.base_url)
    c.app.setup.retrieve()
    del c
    gc.collect()
    code = (
        "import beeper_setup, sys\n"
        f"c = beeper_setup.Client(base_url={fresh.base_url!r})\n"
        "c.app.setup.retrieve()\n"
        "class Holder: pass\n"
        "h = Holder(); h.c = c; h.self = h\n"  # a cycle, collected late at shutdown
        "sys.modules['__keep__'] = c\n"
        "beeper_setup.keep = c\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    # A client whose constructor failed has nothing to free.
    r = subprocess.run([sys.executable, "-c",
                        "import beeper_setup\ntry:\n  beeper_setup.Client(base_url='ftp://x')\n"
                        "except ValueError: pass\n"],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 0 and r.stderr == "", r.stderr


def test_repr_hides_secrets(fresh: Sim) -> None:
    with bs.Client(base_url=fresh.base_url, max_retries=0) as c:
        res = sign_in(c, fresh, "new")
        assert res.lead_token not in repr(res) and "lead_token='***'" in repr(res)
        reg = c.app.setup.register(accept_terms=True, lead_token=res.lead_token,
                                   setup_request_id=res.setup_request_id, username="x")
        token = reg.matrix.access_token
        assert token not in repr(reg) and token not in str(reg.matrix)
        assert token not in repr(c)
        created = c.app.setup.recovery_key.reset.create()
        assert created.recovery_key not in repr(created)
        assert created.to_dict()["recoveryKey"] == created.recovery_key  # still reachable
    with bs.Client(base_url=fresh.base_url, access_token="syt_supersecret") as c2:
        assert "supersecret" not in repr(c2)


def test_ctrl_c_ends_a_wait_in_the_main_thread(fresh: Sim) -> None:
    import signal

    code = (
        "import beeper_setup, sys, time\n"
        f"c = beeper_setup.Client(base_url={fresh.base_url!r})\n"
        "print('waiting', flush=True)\n"
        "t0 = time.monotonic()\n"
        "try:\n"
        "    c.app.setup.wait(timeout=30, interval=0.05)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', round(time.monotonic() - t0), flush=True)\n"
        "c.close()\n"
    )
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None
    assert p.stdout.readline().strip() == "waiting"
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=10)
    assert out.startswith("interrupted"), out
    assert int(out.split()[1]) < 5
