"""The native handle's lifecycle under signals, racing cancels and fork: close() never frees the
handle while a thread is inside the library, and always returns promptly."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from conftest import Sim

import beeper_setup as bs

# Runs in a child interpreter: a crash there (a use-after-free) fails the test instead of
# taking pytest down.
_SIGNALS_DURING_WAIT = r"""
import gc, os, random, signal, sys, time
import beeper_setup as bs

def name(task):
    try:
        with open(f"/proc/self/task/{task}/comm") as f:
            return f.read()
    except OSError:
        return ""

def threads():
    # The library's worker pool and timer thread serve every client of the process and end
    # on their own when idle; any other thread is this wait's.
    names = [name(t) for t in os.listdir("/proc/self/task")]
    pool = [n for n in names if n.startswith(("beeper-setup-wo", "beeper-setup-ti"))]
    assert len(pool) <= 9, f"{len(pool)} pool threads"
    return len(names) - len(pool)

# A timer signal with Ctrl-C's own handler: KeyboardInterrupt at a random bytecode of wait().
signal.signal(signal.SIGALRM, signal.default_int_handler)
random.seed(int(sys.argv[3]))
base = threads()
trials, interrupted = int(sys.argv[2]), 0
for i in range(trials):
    c = bs.Client(base_url=sys.argv[1], max_retries=0)
    # Earlier clients are garbage in reference cycles; collected during the wait, their
    # finalizer would be where the signal lands, and Python swallows exceptions raised there.
    gc.collect()
    t0 = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, random.uniform(0.00001, 0.003))
        c.app.setup.wait(until=["never"], timeout=20, interval=0.01)
    except KeyboardInterrupt:
        interrupted += 1
    signal.setitimer(signal.ITIMER_REAL, 0)
    # The kernel may hand the signal to any thread; the wait must still end at once.
    took = time.monotonic() - t0
    assert took < 2, f"trial {i}: the interrupted wait took {took:.1f} s"
    t0 = time.monotonic()
    c.close()
    took = time.monotonic() - t0
    assert took < 2, f"trial {i}: close() took {took:.1f} s"
    # Nothing of this wait may still run once close() has returned (a thread left inside the
    # library would be using a freed client).
    deadline = time.monotonic() + 2
    while threads() > base and time.monotonic() < deadline:
        time.sleep(0.001)
    assert threads() == base, f"trial {i}: {threads() - base} thread(s) outlived close()"
print("ok", interrupted)
"""


def test_ctrl_c_at_any_point_of_a_wait_leaves_nothing_running(fresh: Sim) -> None:
    r = subprocess.run(
        [sys.executable, "-c", _SIGNALS_DURING_WAIT, fresh.base_url, "300", "14"],
        capture_output=True, text=True, timeout=240,
    )
    assert r.returncode == 0, (r.returncode, r.stdout, r.stderr[-3000:])
    assert r.stdout.startswith("ok "), r.stdout
    assert int(r.stdout.split()[1]) >= 290  # the signal landed inside wait() nearly every time


def test_close_ends_a_wait_that_is_just_starting(fresh: Sim) -> None:
    # close() in one thread while another is entering wait(): the cancel may come before the
    # wait has registered with the library; close() must still end it at once. A long `until`
    # list makes the library's start of the wait (reading its params) take a while.
    until = [f"state-{n}" for n in range(30000)]
    for i in range(60):
        c = bs.Client(base_url=fresh.base_url, max_retries=0)
        box: dict = {}

        def run() -> None:
            try:
                c.app.setup.wait(until=until, timeout=10, interval=0.01)
            except BaseException as e:  # noqa: BLE001
                box["e"] = e

        t = threading.Thread(target=run)
        t.start()
        time.sleep((i % 20) * 0.0005)
        t0 = time.monotonic()
        c.close()
        took = time.monotonic() - t0
        t.join(5)
        assert took < 2, f"trial {i}: close() took {took:.1f} s"
        assert not t.is_alive()
        assert isinstance(box.get("e"), (bs.CancelledError, bs.ClientClosedError)), box


def test_cancel_also_ends_a_pause_before_a_retry(fresh: Sim) -> None:
    # A plain call waiting out a 30 s Retry-After is ended by cancel() (and so close() is prompt).
    fresh.fault(status=503, count=5, retryAfter="30")
    c = bs.Client(base_url=fresh.base_url, max_retries=2)
    box: dict = {}

    def run() -> None:
        try:
            c.app.setup.retrieve()
        except BaseException as e:  # noqa: BLE001
            box["e"] = e

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    c.close()
    t.join(5)
    assert time.monotonic() - t0 < 2
    assert isinstance(box.get("e"), bs.CancelledError), box


_FORKED_CALLS = r"""
import os, sys
import beeper_setup as bs

c = bs.Client(base_url=sys.argv[1], max_retries=0, timeout=2)
c.app.setup.retrieve()  # leaves a pooled connection that the child inherits
bad = 0
for round in range(int(sys.argv[2])):
    pid = os.fork()
    if pid == 0:
        # The child asks for the verification list, the parent for the session, at once, on
        # the connection they both hold: each must get its own answer.
        code = 0
        try:
            for _ in range(10):
                if c.app.setup.verifications.list().__class__.__name__ != "VerificationListResponse":
                    code = 3
        except Exception as e:
            print("child:", type(e).__name__, e, file=sys.stderr)
            code = 4
        os._exit(code)
    try:
        for _ in range(10):
            if c.app.setup.retrieve().state != "needs-verification":
                bad += 1
    except Exception as e:
        print("parent:", type(e).__name__, e, file=sys.stderr)
        bad += 1
    _, status = os.waitpid(pid, 0)
    if status != 0:
        bad += 1
c.close()
print("bad", bad)
"""


def test_a_forked_child_opens_its_own_connections(signed_in: bs.Client, fresh: Sim) -> None:
    r = subprocess.run(
        [sys.executable, "-c", _FORKED_CALLS, fresh.base_url, "40"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "BEEPER_ACCESS_TOKEN": signed_in.access_token or ""},
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.split() == ["bad", "0"], (r.stdout, r.stderr[-3000:])


_FORK_WHILE_CALLING = r"""
import os, sys, threading, time
import beeper_setup as bs

c = bs.Client(base_url=sys.argv[1], max_retries=0)
stop = False
def hammer():
    while not stop:
        c.app.setup.retrieve()
t = threading.Thread(target=hammer)
t.start()
codes = []
for _ in range(20):
    time.sleep(0.01)
    pid = os.fork()
    if pid == 0:
        # The hammering thread does not exist here, nor its calls: close() must not wait for them.
        c.app.setup.retrieve()
        c.close()
        os._exit(0)
    codes.append(os.waitpid(pid, 0)[1])
stop = True
t.join()
c.close()
print(codes)
"""


def test_close_in_a_forked_child_does_not_wait_for_the_parents_calls(fresh: Sim) -> None:
    # Slow answers keep the hammering thread inside a call (blocked on its socket) at each fork.
    fresh.fault(delayMs=20, count=100000)
    r = subprocess.run([sys.executable, "-c", _FORK_WHILE_CALLING, fresh.base_url],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip() == str([0] * 20), r.stdout
