"""The Python side of the benchmark, against the canned server.

  bench.py percall --url URL [--calls N] [--reps R] [--warmup W] [--sdk-calls N]
      per-call latency, calls per second and process CPU time per call of setup.retrieve and
      verifications.create through our binding (`beeper_setup`) and the official SDK
      (`beeper_desktop_api`), sync and async clients (one call awaited at a time).
  bench.py cold --url URL [--reps R]
      the whole-process cost of "import, make a client, one call": wall time and peak RSS of a
      fresh interpreter, for each package and for a bare interpreter, alternating, medians.
  bench.py count --url URL --client py|sdk [--calls N] [--warmup W]
      the calls alone, for callgrind (bench/run.py counts the instructions of one call pair as
      the difference of two runs with different --calls): warm-up, then N rounds of one
      setup.retrieve and one verifications.create on one client of our binding (py) or the
      official SDK (sdk), from the main thread; prints {}.
  bench.py waits --url URL
      1000 waits awaited at once on the async client (2 s deadline, never reached): the threads
      and memory they add, and how late the last one ends.

Prints one JSON object: {"phases": {name: result}}. Our binding is imported from wherever
PYTHONPATH / the venv puts it; BEEPER_SETUP_LIB may point it at a library build.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

TOKEN = "bench-access-token"


def counters(url):
    """The canned server's (connections, requests), over a connection of its own."""
    with urllib.request.urlopen(f"{url}/_bench/stats") as r:
        d = json.load(r)
    return d["connections"], d["requests"]


def percentile(sorted_ns, p):
    rank = max(1, min(len(sorted_ns), -(-int(p * len(sorted_ns)) // 100)))
    return sorted_ns[rank - 1]


class Tally:
    """The figures of `reps` repetitions of `calls` timed calls, one at a time: the median and p99
    of single calls, calls per second of wall time, and process CPU time per call, from its
    making to `result()`."""

    def __init__(self, calls, reps):
        self.calls, self.reps = calls, reps
        self.medians, self.p99s, self.cps = [], [], []
        self.cpu0 = time.process_time_ns()

    def rep(self, samples, wall):
        samples.sort()
        self.medians.append(percentile(samples, 50))
        self.p99s.append(percentile(samples, 99))
        self.cps.append(self.calls / (wall / 1e9))

    def result(self):
        cpu = time.process_time_ns() - self.cpu0
        return {
            "cpu_us": cpu / 1000 / (self.reps * self.calls),
            "median_us": statistics.median(self.medians) / 1000,
            "p99_us": statistics.median(self.p99s) / 1000,
            "calls_per_sec": statistics.median(self.cps),
            "reps": self.reps,
            "calls_per_rep": self.calls,
            "threads": 1,
        }


def measure(url, call, calls, reps, warmup):
    c0, r0 = counters(url)
    for _ in range(warmup):
        call()
    clock = time.perf_counter_ns
    tally = Tally(calls, reps)
    for _ in range(reps):
        samples = [0] * calls
        start = clock()
        for i in range(calls):
            t = clock()
            call()
            samples[i] = clock() - t
        tally.rep(samples, clock() - start)
    result = tally.result()
    c1, r1 = counters(url)
    return dict(result, connections=c1 - c0, requests=r1 - r0)


async def timed_awaits(call, calls, reps, warmup):
    """Warms up, then times `reps` repetitions of `calls` awaits of `call()`, one at a time."""
    for _ in range(warmup):
        await call()
    clock = time.perf_counter_ns
    tally = Tally(calls, reps)
    for _ in range(reps):
        samples = [0] * calls
        start = clock()
        for i in range(calls):
            t = clock()
            await call()
            samples[i] = clock() - t
        tally.rep(samples, clock() - start)
    return tally.result()


def measure_async(url, make_client, method, calls, reps, warmup, library="asyncio"):
    """As `measure`, for an async client: one call awaited at a time, on one event loop of
    `library` (asyncio or trio)."""

    async def run():
        c0, r0 = counters(url)
        async with make_client() as client:
            result = await timed_awaits(method(client), calls, reps, warmup)
        c1, r1 = counters(url)
        return dict(result, connections=c1 - c0, requests=r1 - r0)

    if library == "trio":
        import trio

        return trio.run(run)
    import asyncio

    return asyncio.run(run())


def asyncio_handoff(calls, reps, warmup):
    """What any async binding over threads pays at least: a future resolved from another
    thread (`call_soon_threadsafe`) and awaited, one at a time, with no library at all."""
    import asyncio
    import queue
    import threading

    async def run():
        loop = asyncio.get_running_loop()
        futures = queue.SimpleQueue()

        def resolve():
            while (future := futures.get()) is not None:
                loop.call_soon_threadsafe(future.set_result, None)

        resolver = threading.Thread(target=resolve)
        resolver.start()

        def call():
            future = loop.create_future()
            futures.put(future)
            return future

        try:
            return await timed_awaits(call, calls, reps, warmup)
        finally:
            futures.put(None)
            resolver.join()

    return asyncio.run(run())


def log_overhead(url, calls, reps, warmup):
    """What the logging hook costs a call while logging is off (the ``beeper_setup`` logger at
    its default WARNING, :mod:`logging` imported): `setup.retrieve` with the hook and with it
    replaced by a no-op (the call path before logging existed), alternating repetitions on one
    client; and the hook alone, timed in a loop."""
    import logging

    import beeper_setup
    from beeper_setup import _ffi

    assert logging.getLogger("beeper_setup").getEffectiveLevel() == logging.WARNING
    hook = _ffi._sync_logs
    client = beeper_setup.Client(base_url=url, access_token=TOKEN, max_retries=0)
    call = client.app.setup.retrieve
    for _ in range(warmup):
        call()
    clock = time.perf_counter_ns
    results = {"with": ([], []), "without": ([], [])}
    try:
        for _ in range(reps):
            for variant in ("without", "with"):
                _ffi._sync_logs = hook if variant == "with" else (lambda: None)
                samples = [0] * calls
                cpu0 = time.process_time_ns()
                for i in range(calls):
                    t = clock()
                    call()
                    samples[i] = clock() - t
                cpu = time.process_time_ns() - cpu0
                samples.sort()
                results[variant][0].append(percentile(samples, 50))
                results[variant][1].append(cpu / calls)
    finally:
        _ffi._sync_logs = hook
        client.close()
    n = 200_000
    start = clock()
    for _ in range(n):
        hook()
    hook_ns = (clock() - start) / n
    phases = {}
    for variant, name in (("without", "py.get.log_baseline"), ("with", "py.get.log_off")):
        medians, cpus = results[variant]
        phases[name] = {"median_us": statistics.median(medians) / 1000,
                        "cpu_us": statistics.median(cpus) / 1000, "reps": reps,
                        "calls_per_rep": calls}
    phases["py.log_hook"] = {"ns_per_call": hook_ns, "calls": n}
    return phases


def percall(args):
    import beeper_desktop_api

    phases = {}
    info = {"python": sys.version.split()[0], "beeper_desktop_api": beeper_desktop_api.__version__}
    if not args.sdk_only:
        import beeper_setup

        info["beeper_setup"] = beeper_setup.__version__
        info["beeper_setup_library"] = beeper_setup.library_path()
        ours = beeper_setup.Client(base_url=args.url, access_token=TOKEN, max_retries=0)
        setup = ours.app.setup
        phases["py.get"] = measure(args.url, setup.retrieve, args.calls, args.reps, args.warmup)
        # The same calls from a thread other than the main one, where no interrupt check is
        # armed (in the main thread a call's waits run Python's signal handlers).
        import threading

        ours.close()
        ours = beeper_setup.Client(base_url=args.url, access_token=TOKEN, max_retries=0)
        result = {}
        worker = threading.Thread(target=lambda: result.update(measure(
            args.url, ours.app.setup.retrieve, args.calls, args.reps, args.warmup)))
        worker.start()
        worker.join()
        phases["py.get.thread"] = result
        ours.close()
        ours = beeper_setup.Client(base_url=args.url, access_token=TOKEN, max_retries=0)
        create = ours.app.setup.verifications.create
        phases["py.post"] = measure(
            args.url, lambda: create(purpose="login"), args.calls, args.reps, args.warmup
        )
        ours.close()
        phases["py.async.get"] = measure_async(
            args.url, lambda: beeper_setup.AsyncBeeperDesktop(
                base_url=args.url, access_token=TOKEN, max_retries=0),
            lambda c: c.app.setup.retrieve, args.calls, args.reps, args.warmup)
        phases["py.asyncio.handoff"] = asyncio_handoff(args.calls, args.reps, args.warmup)
        try:
            import trio  # noqa: F401 - a test requirement, not the package's
        except ImportError:
            pass
        else:
            phases["py.trio.get"] = measure_async(
                args.url, lambda: beeper_setup.AsyncBeeperDesktop(
                    base_url=args.url, access_token=TOKEN, max_retries=0),
                lambda c: c.app.setup.retrieve, args.calls, args.reps, args.warmup, "trio")
        phases.update(log_overhead(args.url, args.calls, args.reps, args.warmup))

    sdk_calls = args.sdk_calls or args.calls
    sdk = beeper_desktop_api.BeeperDesktop(base_url=args.url, access_token=TOKEN, max_retries=0)
    phases["sdk.get"] = measure(
        args.url, sdk.app.setup.retrieve, sdk_calls, args.reps, args.warmup
    )
    sdk.close()
    sdk = beeper_desktop_api.BeeperDesktop(base_url=args.url, access_token=TOKEN, max_retries=0)
    sdk_create = sdk.app.setup.verifications.create
    phases["sdk.post"] = measure(
        args.url, lambda: sdk_create(purpose="login"), sdk_calls, args.reps, args.warmup
    )
    sdk.close()
    phases["sdk.async.get"] = measure_async(
        args.url, lambda: beeper_desktop_api.AsyncBeeperDesktop(
            base_url=args.url, access_token=TOKEN, max_retries=0),
        lambda c: c.app.setup.retrieve, sdk_calls, args.reps, args.warmup)
    return dict(info, phases=phases)


def count(args):
    if args.client == "py":
        import beeper_setup

        client = beeper_setup.Client(base_url=args.url, access_token=TOKEN, max_retries=0)
    else:
        import beeper_desktop_api

        client = beeper_desktop_api.BeeperDesktop(
            base_url=args.url, access_token=TOKEN, max_retries=0)
    retrieve, create = client.app.setup.retrieve, client.app.setup.verifications.create
    for n in (args.warmup, args.calls):
        for _ in range(n):
            retrieve()
            create(purpose="login")
    client.close()
    return {}


# Each child reports its own peak RSS (VmHWM of its address space): the parent's rusage would
# also count the parent's RSS at fork time.
REPORT_PEAK = (
    "\nimport sys\n"
    "sys.stderr.write([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0])\n"
)

COLD = {
    "python": "pass",
    "py": (
        "import beeper_setup\n"
        "c = beeper_setup.Client(base_url={url!r}, access_token={token!r})\n"
        "assert c.app.setup.retrieve().state == 'needs-verification'\n"
    ),
    "sdk": (
        "import beeper_desktop_api\n"
        "c = beeper_desktop_api.BeeperDesktop(base_url={url!r}, access_token={token!r})\n"
        "assert c.app.setup.retrieve().state == 'needs-verification'\n"
    ),
}


# Byte code cached as an installed package has it (pip compiles a wheel's modules when it
# installs them), also where the environment turns the cache off (PYTHONDONTWRITEBYTECODE):
# otherwise every start would compile this tree's sources. Kept under target/, not beside them.
COLD_ENV = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    "target", "bench", "pycache"))
COLD_ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def run_cold(code):
    """Wall seconds and peak RSS (KiB) of one fresh interpreter running `code`."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code + REPORT_PEAK], stderr=subprocess.PIPE,
                          env=COLD_ENV)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"cold start failed ({proc.returncode}): {code}\n{proc.stderr.decode()}")
    peak_kib = int(proc.stderr.decode().split(":")[1].split()[0])
    return wall, peak_kib


def cold(args):
    codes = {k: v.format(url=args.url, token=TOKEN) for k, v in COLD.items()}
    if args.sdk_only:
        del codes["py"]
    for code in codes.values():  # warm-up: byte-code caches, page cache
        run_cold(code)
    samples = {k: [] for k in codes}
    for _ in range(args.reps):
        for name, code in codes.items():
            samples[name].append(run_cold(code))
    phases = {}
    for name, runs in samples.items():
        phases[f"cold.{name}"] = {
            "wall_ms": statistics.median(w for w, _ in runs) * 1000,
            "peak_rss_kib": statistics.median(m for _, m in runs),
            "reps": args.reps,
        }
    return {"phases": phases}


def waits(args, n=1000, timeout=2.0):
    import asyncio
    import os

    import beeper_setup

    def status(key):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return -1

    async def run():
        async with beeper_setup.AsyncBeeperDesktop(base_url=args.url, max_retries=0) as client:
            threads0, rss0 = status("Threads"), status("VmRSS")
            peak = {"threads": threads0, "rss": rss0}
            ends = []
            start = time.monotonic()

            async def one():
                try:
                    await client.app.setup.wait(until=["never"], timeout=timeout, interval=0.5)
                except beeper_setup.APITimeoutError:
                    ends.append(time.monotonic() - start)

            async def sample():
                while True:
                    peak["threads"] = max(peak["threads"], status("Threads"))
                    peak["rss"] = max(peak["rss"], status("VmRSS"))
                    await asyncio.sleep(0.01)

            sampler = asyncio.create_task(sample())
            await asyncio.gather(*(one() for _ in range(n)), return_exceptions=True)
            sampler.cancel()
            last = max(ends) * 1000 if ends else float("nan")
            return {"waits": n, "timeout_ms": timeout * 1000, "timed_out": len(ends),
                    "last_end_ms": last, "slip_ms": last - timeout * 1000,
                    "threads_added": peak["threads"] - threads0,
                    "rss_added_kib": peak["rss"] - rss0, "pid": os.getpid()}

    return {"phases": {"py.async.waits1000": asyncio.run(run()),
                       "py.async.watchers1000": watchers(args, n, timeout)}}


def watchers(args, n, timeout, interval=0.5):
    """``n`` watches of one async client (``async for``), each ended by its deadline: the
    requests they cost together (one poll per interval for all of them)."""
    import asyncio

    import beeper_setup

    async def run():
        async with beeper_setup.AsyncBeeperDesktop(base_url=args.url, max_retries=0) as client:
            changes = []
            _, before = counters(args.url)
            start = time.monotonic()

            async def one():
                try:
                    async for change in client.app.setup.watch(timeout=timeout,
                                                               interval=interval):
                        changes.append(change.sequence)
                except beeper_setup.APITimeoutError:
                    pass

            await asyncio.gather(*(one() for _ in range(n)))
            elapsed = time.monotonic() - start
            _, after = counters(args.url)
            return {"watchers": n, "interval_ms": interval * 1000, "timeout_ms": timeout * 1000,
                    "ended": n, "changes": len(changes), "requests": after - before,
                    "duration_ms": elapsed * 1000}

    return asyncio.run(run())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["percall", "cold", "waits", "count"])
    p.add_argument("--client", choices=["py", "sdk"], default="py", help="count: whose calls")
    p.add_argument("--url", required=True)
    p.add_argument("--calls", type=int, default=2000)
    p.add_argument("--sdk-calls", type=int, default=0)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=200)
    p.add_argument("--sdk-only", action="store_true", help="skip our binding (not importable)")
    args = p.parse_args()
    args.url = args.url.rstrip("/")
    modes = {"percall": percall, "cold": cold, "waits": waits, "count": count}
    print(json.dumps(modes[args.mode](args)))


if __name__ == "__main__":
    main()
