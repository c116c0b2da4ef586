#!/usr/bin/env python3
"""The benchmark: builds what it needs (release), starts the canned server, runs the Rust, C,
Swift (when installed) and Python parts in alternating rounds, merges the results into one
table, prints it and writes bench/RESULTS.md.

  python3 bench/run.py [--rounds N] [--quick] [--no-write]

Environment: CARGO, CC, VPY (the venv python with beeper-desktop-api; default target/venv/bin/python).
Our Python binding is imported from bindings/python/src with BEEPER_SETUP_LIB pointing at
target/release/libbeeper_setup.so, so it measures this tree's library. Library sizes of other
build configurations come from bench/sizes.json (written by bench/sizes.py).
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REL = os.path.join(ROOT, "target", "release")
LIB = os.path.join(REL, "libbeeper_setup.so")
BENCH_C = os.path.join(ROOT, "target", "bench", "bench-c")
# The peers a C or Swift developer would write instead: libcurl + cJSON (bench/c/curl_peer.c,
# apt packages installed when missing) and URLSession + JSONDecoder (bench/swift-peer).
CURL_PEER = os.path.join(ROOT, "target", "bench", "curl-peer")
CURL_PEER_APT = ["libcurl4-openssl-dev", "libcjson-dev"]
SWIFT_PEER_SCRATCH = os.path.join(ROOT, "target", "bench", "swift-peer")
# The Swift row: bench/swift/SwiftBench, built in release against target/release through a
# pkg-config file written under target/bench (no install needed). Skipped without Swift.
SWIFT_SCRATCH = os.path.join(ROOT, "target", "bench", "swift")
SWIFT_PKGCONFIG = os.path.join(ROOT, "target", "bench", "pkgconfig")
# Single-thread phases run with the client and the server on one CPU: on a small VM a wake-up
# across CPUs costs tens of µs and lands at random, which would drown the clients' differences.
PIN = "0"
ALL_CPUS = f"0-{os.cpu_count() - 1}"
RUST_SINGLE = [
    "raw.get", "raw.post", "diag.ureq-global-timeout.get",
    "diag.ureq-global-timeout-literal-resolver.get", "diag.ureq-global-timeout-literal-resolver.post",
    "diag.ureq-coarse-timeouts.get", "diag.ureq-coarse-timeouts.post",
    "rust.call.get", "rust.call.post",
    "rust.typed.get", "rust.typed.post",
]
RUST_THREADS = ["raw.get.threads", "raw.post.threads", "rust.call.get.threads",
                "rust.call.post.threads"]
# The rows of the instruction table: the key instructions_per_pair counts under, and the label.
INSTRUCTION_ROWS = (
    ("raw", "raw `ureq` agent (the floor)"),
    ("rust", "Rust `Client::call`"),
    ("c", "C ABI from C"),
    ("c.options", "C ABI from C, `beeper_client_call` with options and `raw`"),
    ("curl", "libcurl (one easy handle) + cJSON, from C"),
    ("swift", "Swift package `BeeperSetup` (blocking call)"),
    ("urlsession", "`URLSession` + `JSONDecoder`, from Swift"),
    ("py", "Python binding `beeper_setup`"),
    ("sdk", "official Python SDK `beeper-desktop-api`"),
)
# The ratios the README quotes: a binding's per-call cost over what it is compared with, by the
# phase prefix of its time rows, which is also its key in the instruction counts.
PEERS = (
    ("c", "raw", "C ABI / raw `ureq`"),
    ("c", "curl", "C ABI / libcurl + cJSON"),
    ("swift", "urlsession", "Swift package / `URLSession` + `JSONDecoder`"),
    ("py", "sdk", "Python binding / official SDK"),
)


def pin(pid, cpus):
    """Moves every thread of a running process (the canned server) to `cpus`."""
    subprocess.run(["taskset", "-a", "-p", "-c", cpus, str(pid)], check=True,
                   stdout=subprocess.DEVNULL)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def build(cargo, cc):
    log("building (release): library, canned-server, rust-bench, bench-c")
    # Through make: it also links the SONAME (libbeeper_setup.so.N) that bench-c records.
    run(["make", "--no-print-directory", f"CARGO={cargo}", "release"])
    run([cargo, "build", "--release", "-p", "beeper-setup-bench"])
    os.makedirs(os.path.dirname(BENCH_C), exist_ok=True)
    run([cc, "-O2", "-Wall", "-Wextra", "-Werror", "-I", "include", "bench/c/bench.c",
         "-L", REL, f"-Wl,-rpath,{REL}", "-lbeeper_setup", "-lpthread", "-o", BENCH_C])
    build_curl_peer(cc)
    build_swift()


def curl_peer_headers_present(cc):
    probe = "#include <curl/curl.h>\n#include <cjson/cJSON.h>\nint main(void){return 0;}\n"
    return subprocess.run([cc, "-x", "c", "-", "-fsyntax-only"], input=probe, text=True,
                          capture_output=True).returncode == 0


def build_curl_peer(cc):
    """The libcurl + cJSON peer; its -dev packages come from apt when they are missing (as root,
    or through sudo when it asks no password). Without them the row is skipped."""
    if not curl_peer_headers_present(cc) and shutil.which("apt-get"):
        log(f"installing {' '.join(CURL_PEER_APT)} for the libcurl + cJSON row")
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        subprocess.run(sudo + ["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
        subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", *CURL_PEER_APT],
                       stdout=subprocess.DEVNULL)
    if not curl_peer_headers_present(cc):
        log("no libcurl / cJSON headers: the libcurl + cJSON row is skipped")
        return
    run([cc, "-O2", "-Wall", "-Wextra", "-Werror", "-I", "bench/c", "bench/c/curl_peer.c",
         "-lcurl", "-lcjson", "-o", CURL_PEER])


def curl_peer():
    return CURL_PEER if os.path.exists(CURL_PEER) else None


def swift_peer():
    """The URLSession + JSONDecoder peer, or None when Swift is not installed."""
    if shutil.which("swift") is None:
        return None
    return os.path.join(SWIFT_PEER_SCRATCH, "release", "SwiftPeer")


def swift_env():
    return dict(os.environ, PKG_CONFIG_PATH=SWIFT_PKGCONFIG,
                LD_LIBRARY_PATH=REL + os.pathsep + os.environ.get("LD_LIBRARY_PATH", ""))


# Whether bench/swift/SwiftBench built (None: not tried, as with --no-build).
swift_package_built = None


def swift_bench():
    """The Swift bench binary, or None when Swift is not installed or the package did not
    build (a stale binary from an earlier build would measure an older library)."""
    if shutil.which("swift") is None or swift_package_built is False:
        return None
    return os.path.join(SWIFT_SCRATCH, "release", "SwiftBench")


def build_swift():
    if swift_bench() is None:
        log("no Swift toolchain: the Swift row is skipped")
        return
    os.makedirs(SWIFT_PKGCONFIG, exist_ok=True)
    with open(os.path.join(SWIFT_PKGCONFIG, "beeper_setup.pc"), "w") as f:
        f.write(f"Name: beeper_setup\nDescription: target/release, for the bench\nVersion: 0\n"
                f"Cflags: -I{os.path.join(ROOT, 'include')}\nLibs: -L{REL} -lbeeper_setup\n")
    # The peer first: it does not depend on the package, so its row stands whichever builds.
    run(["swift", "build", "-c", "release", "--package-path", "bench/swift-peer",
         "--scratch-path", SWIFT_PEER_SCRATCH])
    global swift_package_built
    swift_package_built = subprocess.run(
        ["swift", "build", "-c", "release", "--package-path", "bench/swift/SwiftBench",
         "--scratch-path", SWIFT_SCRATCH], cwd=ROOT, env=swift_env()).returncode == 0
    if not swift_package_built:
        log("the Swift package did not build (output above): its rows are skipped")


def json_out(cmd, env=None):
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True, env=env)
    return json.loads(out.stdout)


def machine(vpy):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    py = subprocess.run([vpy, "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "kernel": platform.release(),
        "rustc": rustc,
        "python": py,
    }


def merge(rounds):
    """Per phase: the median over rounds of each round's (already median) numbers; the most
    connections any round saw."""
    merged = {}
    for name in rounds[0]:
        runs = [r[name] for r in rounds if name in r]
        m = dict(runs[0])
        for key in ("median_us", "p99_us", "calls_per_sec", "wall_ms", "peak_rss_kib", "cpu_us",
                    "ns_per_call"):
            if key in m:
                m[key] = statistics.median(r[key] for r in runs)
        for key in ("connections",):
            if key in m:
                m[key] = max(r[key] for r in runs)
        if "reps" in m:
            m["reps"] = sum(r["reps"] for r in runs)
        merged[name] = m
    return merged


def fmt(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def instructions_per_pair(url, vpy, py_env, with_py=True, warmup=20):
    """Instructions per GET + POST pair, counted by callgrind: unlike time, the count repeats
    from run to run on a noisy machine. Each client runs `few` and then `many` calls of each
    operation; the difference over `many - few` leaves out start-up and warm-up (an
    interpreter's start and imports too). The clients that cost ten times more per call run
    fewer calls: callgrind runs a program some 50 times slower."""
    if shutil.which("valgrind") is None:
        return None
    rust = os.path.join(REL, "rust-bench")
    # name: (command for n calls of each operation, environment, few, many)
    clients = {
        "raw": (lambda n: [rust, "--url", url, "--calls", str(n), "--reps", "1", "--warmup",
                           str(warmup), "--only", "raw.get,raw.post"], None, 200, 1200),
        "rust": (lambda n: [rust, "--url", url, "--calls", str(n), "--reps", "1", "--warmup",
                            str(warmup), "--only", "rust.call.get,rust.call.post"],
                 None, 200, 1200),
        "c": (lambda n: [BENCH_C, url, str(n), "1", str(warmup), "1", "1", "plain"],
              None, 200, 1200),
        "c.options": (lambda n: [BENCH_C, url, str(n), "1", str(warmup), "1", "1", "options"],
                      None, 200, 1200),
    }
    if curl_peer():
        clients["curl"] = (lambda n: [CURL_PEER, url, str(n), "1", str(warmup)], None, 200, 1200)
    if swift_bench() is not None:
        clients["swift"] = (lambda n: [swift_bench(), url, str(n), "1", str(warmup), "blocking"],
                            swift_env(), 200, 1200)
    if swift_peer() is not None:
        clients["urlsession"] = (lambda n: [swift_peer(), url, str(n), "1", str(warmup)],
                                 None, 20, 120)
    py = [vpy, "bench/python/bench.py", "count", "--url", url, "--warmup", str(warmup)]
    if with_py:
        clients["py"] = (lambda n: py + ["--client", "py", "--calls", str(n)], py_env, 200, 1200)
    clients["sdk"] = (lambda n: py + ["--client", "sdk", "--calls", str(n)], py_env, 20, 120)
    counts = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        for name, (cmd, env, few, many) in clients.items():
            log(f"  {name}")
            totals = []
            for n in (few, many):
                subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                                *cmd(n)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env)
                with open(out) as f:
                    totals.append(next(int(line.split()[1]) for line in f
                                       if line.startswith(("summary:", "totals:"))))
            counts[name] = (totals[1] - totals[0]) / (many - few)
    return counts


def report(p, info, sizes, args):
    g = lambda name, key: p.get(name, {}).get(key)  # noqa: E731
    out = []
    m = info["machine"]
    out.append("# beeper-setup benchmark results\n")
    out.append(
        "Generated by `make bench` (`bench/run.py`); every number below comes from one run. "
        "All clients talk over loopback to `canned-server` (bench/src/bin/canned_server.rs), a "
        "minimal HTTP/1.1 keep-alive server (a thread per connection) that answers "
        "`GET /v1/app/setup` and `POST /v1/app/setup/verifications` with fixed bodies captured "
        "from the simulator at start-up (state `needs-verification`), so the server costs the "
        "same for every client and repeated `verifications.create` never conflicts.\n"
    )
    out.append("## Machine\n")
    out.append(f"- CPU: {m['cpu']}, {m['cores']} cores (logical); Linux {m['kernel']}")
    out.append(f"- {m['rustc']}; {m['python']}; beeper-desktop-api {info.get('sdk_version')}")
    out.append(f"- load average (1 min) before / after: {info['load_before']:.2f} / "
               f"{info['load_after']:.2f}" + (
                   " — the machine was busy with other work during the run (2 cores): times "
                   "carry its noise, the instruction counts do not"
                   if max(info["load_before"], info["load_after"]) >= 1.0 else ""))
    out.append(
        f"- method: {info['rounds']} rounds; each round runs rust-bench, the C program and the "
        f"Python script one after another, each single-thread part with the client and the "
        f"server pinned to the same CPU (`taskset -c {PIN}`: on this VM a wake-up across CPUs "
        "costs tens of µs and lands at random, which would drown the clients' differences), "
        "then the 8-thread parts on all CPUs; each part warms up "
        f"({args.warmup} calls) on a fresh "
        f"client, then times {args.reps} repetitions of {args.calls} sequential calls "
        f"({args.sdk_calls} for the official SDK); 8-thread phases run {args.thread_calls} calls "
        "per thread. Latency = median and p99 of single calls within a repetition; calls/s = calls "
        "/ wall time of the repetition; each figure is the median over all repetitions of all "
        "rounds.\n"
        "- noise: on this kind of machine the floor itself moves by a few µs from one run to the "
        "next (20 to 24 µs for the GET in consecutive runs), which is as large as the library's "
        "own per-call cost; compare rows of the same run, and read differences under ~3 µs as "
        "ties.\n"
    )

    for op, label, sfx in (("setup.retrieve", "GET /v1/app/setup", "get"),
                           ("verifications.create", "POST /v1/app/setup/verifications", "post")):
        out.append(f"## `{op}` ({label}), one thread\n")
        raw = g(f"raw.{sfx}", "median_us")
        sdk = g(f"sdk.{sfx}", "median_us")
        rows = []
        clients = [
            (f"raw.{sfx}", "raw `ureq` agent, body read, not parsed (the floor)"),
            (f"rust.call.{sfx}", "Rust `Client::call` (raw JSON, the C ABI's path)"),
            (f"rust.typed.{sfx}", "Rust typed (`client.%s`)" % (
                "setup().retrieve()" if sfx == "get" else "verifications().create(..)")),
            (f"c.{sfx}", "C ABI from C (`beeper_%s`)" % (
                "setup_retrieve" if sfx == "get" else "verifications_create")),
            (f"c.{sfx}.options", "C ABI from C, `beeper_client_call` with options and `raw`"),
            (f"curl.{sfx}", "C peer: libcurl (one easy handle kept alive) + cJSON"),
            (f"swift.{sfx}", "Swift package `BeeperSetup` (blocking call)"),
            (f"urlsession.{sfx}", "Swift peer: `URLSession` + `JSONDecoder` into Codable structs"),
            (f"py.{sfx}", "Python binding `beeper_setup`"),
            (f"sdk.{sfx}", "official Python SDK `beeper-desktop-api` 6.0.0"),
        ]
        for name, desc in clients:
            if name not in p:
                rows.append([desc, "not run", "", "", "", "", ""])
                continue
            med = g(name, "median_us")
            over = med - raw if raw is not None else None
            rows.append([
                desc, fmt(med), fmt(g(name, "p99_us")), fmt(g(name, "calls_per_sec"), 0),
                f"{fmt(ratio(med, raw), 2)}× ({'+' if over >= 0 else ''}{fmt(over)} µs)",
                f"{fmt(ratio(sdk, med), 1)}× faster" if sdk else "–",
                g(name, "connections"),
            ])
        out.append(table(["client", "median µs", "p99 µs", "calls/s", "vs raw (median)",
                          "vs official SDK", "connections"], rows))
        out.append("")

    counts = info.get("instructions")
    if counts:
        out.append("## Instructions per call pair (callgrind)\n")
        out.append("One `setup.retrieve` plus one `verifications.create`, client side only (every "
                   "thread of the client's process: URLSession's and the library's workers "
                   "too), counted by `valgrind --tool=callgrind` (the same count on every run, "
                   "unlike time; system calls count as one instruction each). Each client runs "
                   "two numbers of calls and the difference is divided out, so start-up (an "
                   "interpreter's, imports) is left out; Python calls from the main thread.\n")
        rows = [[label, f"{counts[k]:,.0f}", f"{counts[k] / 2:,.0f}",
                 f"{counts[k] / counts['raw']:.2f}×"]
                for k, label in INSTRUCTION_ROWS if k in counts]
        out.append(table(["client", "instructions per pair", "per call", "vs raw"], rows))
        if "c.options" in counts:
            # The steady measure of the "options within 2 µs" goal: a few µs of time drown in
            # this machine's noise, a count does not.
            extra = counts["c.options"] - counts["c"]
            out.append(f"\nPer-call options and `raw` add {extra:+,.0f} instructions per call pair "
                       f"({extra / counts['c']:+.1%}) to the plain C ABI calls.")
        out.append("")
        out.append("Each binding's cost over what it is compared with (ours ÷ theirs: under 1, "
                   "ours costs less), in time (the one-thread medians above, noisy here) and in "
                   "instructions (steady):\n")
        times = lambda r: "–" if r is None else f"{r:.2f}×"  # noqa: E731
        rows = [[label,
                 *(times(ratio(g(f"{ours}.{sfx}", "median_us"), g(f"{theirs}.{sfx}", "median_us")))
                   for sfx in ("get", "post")),
                 times(ratio(counts.get(ours), counts.get(theirs)))]
                for ours, theirs, label in PEERS]
        out.append(table(["binding ÷ compared with", "time, GET", "time, POST",
                          "instructions, GET + POST"], rows))
        out.append("")
    out.append("## 8 threads sharing one client (one agent for raw `ureq`)\n")
    rows = []
    for sfx, op in (("get", "setup.retrieve"), ("post", "verifications.create")):
        raw_cps = g(f"raw.{sfx}.threads", "calls_per_sec")
        for name, desc in ((f"raw.{sfx}.threads", "raw `ureq` agent"),
                           (f"rust.call.{sfx}.threads", "Rust `Client::call`"),
                           (f"c.{sfx}.threads", "C ABI (8 pthreads)")):
            if name not in p:
                continue
            cps = g(name, "calls_per_sec")
            rows.append([op, desc, fmt(cps, 0), fmt(ratio(cps, raw_cps), 2) + "×",
                         fmt(g(name, "median_us")), fmt(g(name, "p99_us")),
                         g(name, "connections")])
    out.append(table(["operation", "client", "calls/s", "vs raw", "median µs", "p99 µs",
                      "connections"], rows))
    out.append(
        "\n(raw `ureq` keeps at most 3 idle connections per host by default, so with 8 threads it "
        "opens new ones; the library's agent keeps up to 64.)\n"
    )

    if "diag.ureq-global-timeout.get" in p:
        out.append("## Diagnostic: where the Rust/C per-call overhead comes from\n")
        rows = []
        for sfx in ("get", "post"):
            raw = g(f"raw.{sfx}", "median_us")
            for name, desc in (
                (f"raw.{sfx}", "bare `ureq` agent"),
                (f"diag.ureq-global-timeout.{sfx}",
                 "bare agent + `timeout_global(30 s)` (as the library)"),
                (f"diag.ureq-global-timeout-literal-resolver.{sfx}",
                 "same + a resolver that answers IP literals without a thread"),
                (f"diag.ureq-coarse-timeouts.{sfx}",
                 "same + socket timeouts rounded up to whole seconds (no setsockopt per call)"),
                (f"rust.call.{sfx}", "the library (`Client::call`)"),
                (f"c.{sfx}", "the C ABI"),
            ):
                if name not in p:
                    continue
                med = g(name, "median_us")
                rows.append([sfx.upper(), desc, fmt(med), fmt(g(name, "p99_us")),
                             fmt(g(name, "calls_per_sec"), 0),
                             f"{fmt(ratio(med, raw), 2)}× ({'+' if med >= raw else ''}"
                             f"{fmt(med - raw)} µs)"])
        out.append(table(["op", "client", "median µs", "p99 µs", "calls/s", "vs raw"], rows))
        out.append(
            "\nureq 3 resolves the host name on every request, even when it then reuses a pooled "
            "connection, and when a timeout covers name resolution (`timeout_global` does) its "
            "default resolver runs each lookup on a new thread; the library now answers IP "
            "literals itself and caches names (src/net/resolver.rs). With a total timeout the "
            "remaining time differs on every request, so ureq's TCP transport also calls "
            "setsockopt(SO_SNDTIMEO/SO_RCVTIMEO) before every write and read (2 syscalls per GET, "
            "3 per POST here); the coarse-timeout row wraps the transport (bench/src/bin/"
            "rust_bench.rs, `CoarseTimeouts`) to show what removing them gives.\n"
        )
    shape = p.get("diag.shape")
    if shape:
        out.append("Checking a response's shape, no network (bench/src/shape.rs), µs per body:\n")
        rows = []
        for sfx, desc in (("get", "`setup.retrieve` (Session)"),
                          ("post", "`verifications.create` ({session, verification})")):
            rows.append([f"{desc}, {shape[sfx + '.body_bytes']} bytes",
                         fmt(shape[sfx + ".models_us"], 2), fmt(shape[sfx + ".mirror_us"], 2),
                         fmt(shape[sfx + ".syntax_us"], 2)])
        out.append(table(["body", "library models (`#[serde(flatten)]` extras, owned)",
                          "borrowing mirror types, no `flatten`", "JSON syntax only"], rows))
        out.append("")

    out.append("## Python async clients, `setup.retrieve`, one call awaited at a time\n")
    rows = []
    for name, desc in (("py.async.get", "`beeper_setup.AsyncBeeperDesktop` (the library's "
                                        "call without blocking)"),
                       ("py.trio.get", "`beeper_setup.AsyncBeeperDesktop` under `trio.run`"),
                       ("sdk.async.get", "official `AsyncBeeperDesktop` (httpx)")):
        if name not in p:
            rows.append([desc, "not run", "", "", ""])
            continue
        rows.append([desc, fmt(g(name, "median_us")), fmt(g(name, "p99_us")),
                     fmt(g(name, "calls_per_sec"), 0), fmt(g(name, "cpu_us"))])
    out.append(table(["client", "median µs", "p99 µs", "calls/s", "process CPU µs per call"],
                     rows))
    out.append("")

    out.append("## Async beside blocking, one call awaited at a time\n")
    out.append("What the async API adds to a blocking call of the same binding: starting the "
               "call in the library, a worker's exchange, and the hand-over to the awaiting "
               "task (C and Swift: a completion callback on the library's thread; Python: the "
               "completion taken from the library's queue on the event loop's thread once its "
               "descriptor is readable).\n")
    rows = []
    for blocking, awaited, desc in (("c.get", "c.async.get",
                                     "C `setup.retrieve` (`beeper_client_call_async`, waited on "
                                     "a condition variable: what the others build on)"),
                                    ("py.get", "py.async.get", "Python `setup.retrieve`"),
                                    ("py.get", "py.trio.get",
                                     "Python `setup.retrieve` under trio"),
                                    ("swift.get", "swift.async.get", "Swift `setup.retrieve`"),
                                    ("swift.post", "swift.async.post",
                                     "Swift `verifications.create`")):
        b, a = g(blocking, "median_us"), g(awaited, "median_us")
        if b is None or a is None:
            rows.append([desc, "not run", "", ""])
            continue
        rows.append([desc, fmt(b), fmt(a), f"{a - b:+.1f}"])
    out.append(table(["call", "blocking median µs", "async median µs", "async adds µs"], rows))
    handoff = g("py.asyncio.handoff", "median_us")
    if handoff is not None:
        out.append(f"\nPython's floor, with no library at all: a future resolved from another "
                   f"thread (`call_soon_threadsafe`) and awaited takes {fmt(handoff)} µs "
                   f"({fmt(g('py.asyncio.handoff', 'cpu_us'))} µs of CPU) here, one at a time; "
                   f"an async call's completion crosses the same way (a library thread wakes "
                   f"the loop), so the goal allows it this plus 5 µs over a blocking call.")
    out.append("")

    out.append("## 1000 concurrent waits (2 s deadline, never reached)\n")
    out.append("Each language starts 1000 `wait`s at once on one client (intervalMs 500) against "
               "the canned server, whose state never matches: the threads and resident memory "
               "added at the peak, and how late after its deadline the last wait ended.\n")
    rows = []
    for name, desc in (("c.waits1000", "C (`beeper_setup_wait_async`)"),
                       ("py.async.waits1000", "Python `AsyncBeeperDesktop`"),
                       ("swift.async.waits1000", "Swift async")):
        w = p.get(name)
        if not w:
            rows.append([desc, "not run", "", "", ""])
            continue
        rows.append([desc, f"{w['timed_out']}/{w['waits']}", fmt(w["slip_ms"]),
                     w["threads_added"], fmt(w["rss_added_kib"] / 1024, 1)])
    out.append(table(["client", "timed out", "last end after the deadline (ms)",
                      "threads added", "RSS added MiB"], rows))
    out.append("")

    out.append("## 1000 watchers of one client (intervalMs 500, 2 s deadline)\n")
    out.append("Each language starts 1000 watches of the session at once on one client against "
               "the canned server (a state that never changes): each sees the session once, then "
               "nothing until its deadline. The watches share the client's polls, so together "
               "they cost one request per interval.\n")
    rows = []
    for name, desc in (("c.watchers1000", "C (`beeper_setup_watch_async`)"),
                       ("py.async.watchers1000", "Python `async for` (`AsyncBeeperDesktop`)"),
                       ("swift.async.watchers1000", "Swift `for try await`")):
        w = p.get(name)
        if not w:
            rows.append([desc, "not run", "", "", ""])
            continue
        rows.append([desc, f"{w['changes']}/{w['watchers']}", w["requests"],
                     fmt(w["duration_ms"] / w["interval_ms"], 1), fmt(w["duration_ms"])])
    out.append(table(["client", "changes seen", "requests", "intervals elapsed",
                      "wall ms"], rows))
    out.append("")

    out.append("## One hung server beside a quick one\n")
    out.append("Client A's calls, started without blocking, hang on a server that accepts and never "
               "answers; client B's calls (`setup.retrieve` against the canned server, started "
               "without blocking and awaited one at a time, 1000 of them) go on beside them. Each "
               "client runs at most 8 requests at once (the default bound) and clients are served "
               "in turn, each with workers of its own: the goal is B's p99 within 2x its quiet "
               "p99, and the library's threads within the documented cap (256).\n")
    iso = p.get("rust.isolation") or {}
    rows = []
    quiet = (iso.get("0") or {}).get("p99_us")
    for hung in ("0", "8", "64", "256"):
        r = iso.get(hung)
        if not r:
            rows.append([hung, "not run", "", "", ""])
            continue
        rows.append([hung, fmt(r["p50_us"]), fmt(r["p99_us"]),
                     f"{fmt(ratio(r['p99_us'], quiet), 2)}×" if quiet else "", r["threads"]])
    out.append(table(["calls hung on A", "B p50 (µs)", "B p99 (µs)", "p99 vs quiet",
                      "library threads"], rows))
    out.append("")

    out.append("## Client CPU time per call (process CPU time, one thread, `setup.retrieve`)\n")
    out.append("Wall time on this VM is dominated by wake-ups across CPUs; the CPU time the "
               "client process spends per call is what the binding itself costs.\n")
    rows = []
    c_cpu = g("c.get", "cpu_us")
    for name, desc in (("c.get", "C ABI from C"),
                       ("curl.get", "libcurl + cJSON from C"),
                       ("urlsession.get", "`URLSession` + `JSONDecoder` from Swift"),
                       ("py.get", "Python `beeper_setup` (main thread: a blocking call whose "
                                  "waits run Python's signal handlers)"),
                       ("py.get.thread", "Python `beeper_setup` from another thread"),
                       ("py.async.get", "Python `beeper_setup` async"),
                       ("sdk.get", "official SDK"), ("sdk.async.get", "official SDK async")):
        cpu = g(name, "cpu_us")
        rows.append([desc, fmt(cpu) if cpu is not None else "not run",
                     f"{fmt(ratio(cpu, c_cpu), 2)}×" if cpu is not None and c_cpu else "–"])
    out.append(table(["client", "CPU µs per call", "vs the C ABI"], rows))
    out.append("")

    out.append("## Python: what logging costs a call while it is off\n")
    out.append("`setup.retrieve` with the `beeper_setup` logger at its default level (WARNING, "
               "`logging` imported), with the per-call level check and with it replaced by a "
               "no-op (the call as it was before logging), alternating repetitions on one "
               "client; and the check alone in a loop. Records below the threshold are "
               "filtered in the library before anything is formatted or crosses into Python.\n")
    base, off = p.get("py.get.log_baseline"), p.get("py.get.log_off")
    hook = p.get("py.log_hook")
    if base and off:
        rows = [["without the check (before logging)", fmt(base["median_us"]), fmt(base["cpu_us"], 2)],
                ["logging off (as shipped)", fmt(off["median_us"]), fmt(off["cpu_us"], 2)]]
        out.append(table(["call", "median µs", "process CPU µs per call"], rows))
        out.append(f"\nThe check alone: {fmt(hook['ns_per_call'], 0)} ns per call.\n")
    else:
        out.append("not run\n")

    out.append("## Python: import, make a client, one call (a fresh interpreter each time)\n")
    cold = {k: p.get(f"cold.{k}") for k in ("python", "py", "sdk")}
    rows = []
    for k, desc in (("python", "bare interpreter (`python -c pass`)"),
                    ("py", "`beeper_setup`"), ("sdk", "official SDK `beeper_desktop_api`")):
        c = cold[k]
        if not c:
            rows.append([desc, "not run", "", ""])
            continue
        s = cold["sdk"]
        rows.append([desc, fmt(c["wall_ms"]), fmt(c["peak_rss_kib"] / 1024),
                     "–" if k == "sdk" or not s else
                     f"{fmt(ratio(s['wall_ms'], c['wall_ms']), 1)}× less time, "
                     f"{fmt(ratio(c['peak_rss_kib'], s['peak_rss_kib']), 2)}× the memory"])
    out.append(table(["process", "wall ms (median)", "peak RSS MiB (median)", "vs official SDK"],
                     rows))
    reps = (cold["sdk"] or {}).get("reps")
    out.append(f"\n{reps} repetitions each, alternating; peak RSS is the child's own VmHWM. Byte "
               "code is cached (under target/bench/pycache), as pip leaves an installed "
               "package, even where the environment sets PYTHONDONTWRITEBYTECODE.\n")

    out.append("## Shared library size\n")
    out.append(f"`target/release/libbeeper_setup.so` as built by `cargo build --release -p "
               f"beeper-setup` (`[profile.release]`: lto = true, codegen-units = 1, strip = true, "
               f"panic = \"unwind\"; default features): **{info['so_bytes']:,} bytes**.\n")
    if sizes:
        rows = [[name, f"{v['bytes']:,}", f"`{v['command']}`"]
                for name, v in sizes["variants"].items()]
        out.append(f"Other configurations (bench/sizes.py, {sizes.get('rustc')}; stripped):\n")
        out.append(table(["configuration", "bytes", "built with"], rows))
        out.append("")
    https = info.get("https") or (sizes or {}).get("https")
    if https:
        out.append("## HTTPS beside plain HTTP\n")
        out.append("From bench/src/bin/https_bench.rs (default build), run by this `make bench`: "
                   "`setup.retrieve` against one fixed-answer server over plain TCP and over TLS "
                   "(a certificate trusted through `caCertificatesPem`); per call on a kept-alive "
                   "connection (one handshake), and the first call of a new client (connect, "
                   "and for https loading the trust store and the handshake).\n")
        rows = [["per call, kept alive (µs)", fmt(https["http_us_per_call"]),
                 fmt(https["https_us_per_call"])],
                ["first call of a new client (µs)", fmt(https["http_first_call_us"]),
                 fmt(https["https_first_call_us"])]]
        if "https_process_first_call_us" in https:
            rows.append(["first call of the process's first client (µs, trust store read)", "",
                         fmt(https["https_process_first_call_us"])])
        out.append(table(["", "http", "https"], rows))
        out.append("")
        # The trust store is read once per process, so a later client's first call is its
        # connect and handshake only.
        if "https_process_first_call_us" in https:
            later, first = https["https_first_call_us"], https["https_process_first_call_us"]
            https_goal = (later < first, f"{fmt(later)} vs {fmt(first)} µs for the process's "
                                         f"first: {fmt(ratio(first, later), 1)}× less")
        else:
            https_goal = None

    if info.get("swift_package_built") is False:
        out.append("The Swift package (bindings/swift) did not build in this run, so its rows "
                   "are not run; the URLSession peer does not depend on it.\n")
    out.append("## Goals\n")
    goals = []

    def goal(text, ok, detail):
        goals.append([text, "met" if ok else ("**missed**" if ok is not None else "not run"),
                      detail])

    counts = info.get("instructions")
    for sfx in ("get", "post"):
        raw, c = g(f"raw.{sfx}", "median_us"), g(f"c.{sfx}", "median_us")
        ok = None if raw is None or c is None else (c - raw) <= max(5.0, 0.10 * raw)
        goal(f"C ABI within 10 % or 5 µs of raw ureq ({sfx.upper()})", ok,
             f"{fmt(c)} vs {fmt(raw)} µs: {(c or 0) - (raw or 0):+.1f} µs, "
             f"{fmt(ratio(c, raw), 2)}×")
    for sfx in ("get", "post"):
        c, opt = g(f"c.{sfx}", "median_us"), g(f"c.{sfx}.options", "median_us")
        ok = None if c is None or opt is None else opt - c <= 2.0
        goal(f"C ABI with per-call options and raw within 2 µs of the plain call ({sfx.upper()})",
             ok, f"{fmt(opt)} vs {fmt(c)} µs: {(opt or 0) - (c or 0):+.1f} µs")
    if counts and "c.options" in counts:
        # Per call, half the pair's difference: the steady form of the line above.
        extra = (counts["c.options"] - counts["c"]) / 2
        goal("per-call options and raw add < 5,000 instructions per call (callgrind)",
             extra < 5000, f"{extra:+,.0f} per call ({counts['c.options']:,.0f} vs "
             f"{counts['c']:,.0f} per GET + POST pair)")
    for sfx in ("get", "post"):
        c, peer = g(f"c.{sfx}", "median_us"), g(f"curl.{sfx}", "median_us")
        ok = None if c is None or peer is None else c <= peer
        goal(f"C ABI at least as fast as libcurl + cJSON ({sfx.upper()})", ok,
             f"{fmt(c)} vs {fmt(peer)} µs: {fmt(ratio(c, peer), 2)}× the peer's time")
    if counts and "curl" in counts:
        goal("C ABI at most the instructions of libcurl + cJSON (GET + POST, callgrind)",
             counts["c"] <= counts["curl"],
             f"{counts['c']:,.0f} vs {counts['curl']:,.0f}: "
             f"{counts['c'] / counts['curl']:.2f}×")
    for sfx in ("get", "post"):
        sw, peer = g(f"swift.{sfx}", "median_us"), g(f"urlsession.{sfx}", "median_us")
        ok = None if sw is None or peer is None else sw < peer
        goal(f"Swift blocking call faster than URLSession + JSONDecoder ({sfx.upper()})", ok,
             f"{fmt(sw)} vs {fmt(peer)} µs: {fmt(ratio(peer, sw), 1)}× faster")
    if counts and "swift" in counts and "urlsession" in counts:
        goal("Swift blocking call: fewer instructions than URLSession + JSONDecoder "
             "(GET + POST, callgrind)", counts["swift"] < counts["urlsession"],
             f"{counts['swift']:,.0f} vs {counts['urlsession']:,.0f}: "
             f"{counts['urlsession'] / counts['swift']:.1f}× fewer")
    for sfx in ("get", "post"):
        sw, c = g(f"swift.{sfx}", "median_us"), g(f"c.{sfx}", "median_us")
        r = ratio(sw, c)
        goal(f"Swift blocking call within 1.3× of the C ABI ({sfx.upper()})",
             None if r is None else r <= 1.3, f"{fmt(sw)} vs {fmt(c)} µs: {fmt(r, 2)}×")
    for sfx in ("get", "post"):
        py, sdk = g(f"py.{sfx}", "median_us"), g(f"sdk.{sfx}", "median_us")
        r = ratio(sdk, py)
        goal(f"Python binding ≥ 10× faster per call than the official SDK ({sfx.upper()})",
             None if r is None else r >= 10, f"{fmt(py)} vs {fmt(sdk)} µs: {fmt(r, 1)}×")
    if counts and "py" in counts and "sdk" in counts:
        goal("Python binding: ≥ 10× fewer instructions per call than the official SDK "
             "(GET + POST, callgrind)", counts["sdk"] >= 10 * counts["py"],
             f"{counts['py']:,.0f} vs {counts['sdk']:,.0f}: "
             f"{counts['sdk'] / counts['py']:.1f}× fewer")
    py, sdk = cold["py"], cold["sdk"]
    if py and sdk:
        r = ratio(sdk["wall_ms"], py["wall_ms"])
        goal("import + client + one call: ≥ 10× less wall time than the official SDK", r >= 10,
             f"{fmt(py['wall_ms'])} vs {fmt(sdk['wall_ms'])} ms: {fmt(r, 1)}×")
        bare = cold["python"]
        if bare:
            r = ratio(py["wall_ms"], bare["wall_ms"])
            goal("import + client + one call: ≤ 2.5× the wall time of a bare interpreter",
                 r <= 2.5, f"{fmt(py['wall_ms'])} vs {fmt(bare['wall_ms'])} ms: {fmt(r, 2)}×")
        r = ratio(py["peak_rss_kib"], sdk["peak_rss_kib"])
        goal("import + client + one call: ≤ a third of the peak memory of the official SDK",
             r <= 1 / 3,
             f"{fmt(py['peak_rss_kib'] / 1024)} vs {fmt(sdk['peak_rss_kib'] / 1024)} MiB: "
             f"{fmt(r, 2)}×")
    else:
        goal("import + client + one call (time and memory)", None, "")
    iso = p.get("rust.isolation") or {}
    quiet = (iso.get("0") or {}).get("p99_us")
    worst = iso.get("256")
    goal("256 calls hung on client A: client B's p99 within 2× its quiet p99, threads ≤ 256",
         None if not (quiet and worst) else
         worst["p99_us"] <= 2 * quiet and worst["threads"] <= 256,
         "not run" if not (quiet and worst) else
         f"{fmt(worst['p99_us'])} vs {fmt(quiet)} µs quiet, {worst['threads']} threads")
    base, off = g("py.get.log_baseline", "cpu_us"), g("py.get.log_off", "cpu_us")
    hook_ns = g("py.log_hook", "ns_per_call")
    # The check is the only code a call runs that it did not run before (the library's own
    # filter is an atomic load per record site); the call rows show it drowns in their noise.
    goal("Python: a call with logging off costs ≤ 1 µs more than without logging",
         None if hook_ns is None else hook_ns <= 1000,
         "not run" if hook_ns is None else
         f"the check {fmt(hook_ns, 0)} ns per call; CPU per call {fmt(off, 2)} vs "
         f"{fmt(base, 2)} µs without it")
    for blocking, awaited, lang in (("py.get", "py.async.get", "Python"),
                                    ("swift.get", "swift.async.get", "Swift")):
        b, a = g(blocking, "median_us"), g(awaited, "median_us")
        handoff = g("py.asyncio.handoff", "median_us") if lang == "Python" else None
        # Python's floor is asyncio's own hand-over from a thread; Swift has no such floor.
        bound, named = (30, "30 µs") if lang != "Python" else (
            None if handoff is None else handoff + 5, "asyncio's own hand-over + 5 µs")
        goal(f"{lang} async adds ≤ {named} to a blocking call (GET)",
             None if a is None or b is None or bound is None else a - b <= bound,
             f"{fmt(a)} vs {fmt(b)} µs: {(a or 0) - (b or 0):+.1f} µs"
             + ("" if handoff is None else
                f" (asyncio's own hand-over from a thread: {fmt(handoff)} µs)"))
    for name, lang in (("c.watchers1000", "C"), ("py.async.watchers1000", "Python"),
                       ("swift.async.watchers1000", "Swift")):
        w = p.get(name)
        goal(f"{lang}: 1000 watchers of one client cost one request per 500 ms interval",
             None if not w else w["requests"] <= w["duration_ms"] / w["interval_ms"] + 2,
             "" if not w else f"{w['requests']} requests in {fmt(w['duration_ms'])} ms")
    for name, lang in (("c.waits1000", "C"), ("py.async.waits1000", "Python"),
                       ("swift.async.waits1000", "Swift")):
        w = p.get(name)
        goal(f"{lang}: 1000 waits with a 2 s deadline all end by 2.5 s",
             None if not w else w["timed_out"] == w["waits"] and w["last_end_ms"] <= 2500,
             "" if not w else f"last at {fmt(w['last_end_ms'])} ms, "
             f"{w['threads_added']} threads added")
    if https and https_goal:
        goal("HTTPS: a later client's first call skips the trust store (costs less than the "
             "process's first)", *https_goal)
    py_cpu, c_cpu = g("py.get", "cpu_us"), g("c.get", "cpu_us")
    r = ratio(py_cpu, c_cpu)
    goal("Python per-call CPU time ≤ 1.5× the C ABI's (GET)", None if r is None else r <= 1.5,
         f"{fmt(py_cpu)} vs {fmt(c_cpu)} µs: {fmt(r, 2)}×")
    thread_cpu = g("py.get.thread", "cpu_us")
    r = ratio(thread_cpu, c_cpu)
    goal("Python per-call CPU time ≤ 1.5× the C ABI's (GET, a thread other than the main one)",
         None if r is None else r <= 1.5, f"{fmt(thread_cpu)} vs {fmt(c_cpu)} µs: {fmt(r, 2)}×")
    seq = {n: v["connections"] for n, v in p.items()
           if v.get("threads") == 1 and "connections" in v}
    goal("connection reuse: N sequential calls open one connection", all(
        c == 1 for c in seq.values()),
        f"{len(seq)} single-thread phases of {args.warmup} + {args.reps}×{args.calls} calls; "
        f"connections per phase: {sorted(set(seq.values()))}")
    out.append(table(["goal", "result", "measured"], goals))
    out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=3, help="repetitions per part per round")
    ap.add_argument("--calls", type=int, default=2000)
    ap.add_argument("--sdk-calls", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--thread-calls", type=int, default=500)
    ap.add_argument("--cold-reps", type=int, default=10)
    ap.add_argument("--quick", action="store_true", help="few calls, to check the harness")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="print only, do not write RESULTS.md")
    ap.add_argument("--from-results", action="store_true",
                    help="write the report again from the last run's target/bench/results.json")
    args = ap.parse_args()
    if args.from_results:
        with open(os.path.join(ROOT, "target", "bench", "results.json")) as f:
            saved = json.load(f)
        write_report(saved["phases"], saved["info"], args)
        return
    if args.quick:
        args.rounds, args.reps, args.calls, args.sdk_calls = 1, 1, 200, 50
        args.warmup, args.thread_calls, args.cold_reps = 20, 50, 2
    cargo = os.environ.get("CARGO", "cargo")
    cc = os.environ.get("CC", "cc")
    vpy = os.environ.get("VPY", os.path.join(ROOT, "target", "venv", "bin", "python"))
    if not args.no_build:
        build(cargo, cc)

    py_env = dict(os.environ, BEEPER_SETUP_LIB=LIB,
                  PYTHONPATH=os.path.join(ROOT, "bindings", "python", "src"))
    for k in ("BEEPER_BASE_URL", "BEEPER_DESKTOP_BASE_URL", "BEEPER_ACCESS_TOKEN",
              "BEEPER_CUSTOM_HEADERS"):
        py_env.pop(k, None)
    ours_ok = subprocess.run([vpy, "-c", "import beeper_setup"], env=py_env,
                             capture_output=True).returncode == 0
    if not ours_ok:
        log("the Python binding does not import; measuring the official SDK only")
    py_only = [] if ours_ok else ["--sdk-only"]

    info = {"machine": machine(vpy), "load_before": os.getloadavg()[0], "rounds": args.rounds,
            "so_bytes": os.path.getsize(LIB)}
    server = subprocess.Popen([os.path.join(REL, "canned-server")], stdout=subprocess.PIPE,
                              text=True)
    try:
        url = server.stdout.readline().strip()
        if not url.startswith("http://"):
            raise SystemExit("canned-server did not start")
        log(f"canned server at {url}")
        rounds = []
        single = ",".join(RUST_SINGLE)
        threads = ",".join(RUST_THREADS)
        for i in range(args.rounds):
            log(f"round {i + 1}/{args.rounds}: rust, c, swift, python (pinned to CPU {PIN}); "
                "rust, c (8 threads, all CPUs)")
            phases = {}
            pin(server.pid, PIN)
            on = ["taskset", "-c", PIN]
            phases.update(json_out(on + [os.path.join(REL, "rust-bench"), "--url", url,
                                         "--calls", str(args.calls), "--reps", str(args.reps),
                                         "--warmup", str(args.warmup), "--only", single])["phases"])
            phases.update(json_out(on + [BENCH_C, url, str(args.calls), str(args.reps),
                                         str(args.warmup), "8", str(args.thread_calls),
                                         "single"])["phases"])
            py = json_out(on + [vpy, "bench/python/bench.py", "percall", "--url", url,
                                "--calls", str(args.calls), "--sdk-calls", str(args.sdk_calls),
                                "--reps", str(args.reps), "--warmup", str(args.warmup),
                                *py_only], env=py_env)
            if curl_peer():
                phases.update(json_out(on + [CURL_PEER, url, str(args.calls), str(args.reps),
                                             str(args.warmup)])["phases"])
            if swift_bench() is not None:
                phases.update(json_out(on + [swift_bench(), url, str(args.calls), str(args.reps),
                                             str(args.warmup)], env=swift_env())["phases"])
            if swift_peer() is not None:
                # URLSession costs over ten times a library call: fewer calls keep the run short.
                phases.update(json_out(on + [swift_peer(), url, str(args.sdk_calls),
                                             str(args.reps), str(args.warmup)])["phases"])
            info["sdk_version"] = py.get("beeper_desktop_api")
            phases.update(py["phases"])
            pin(server.pid, ALL_CPUS)
            phases.update(json_out([os.path.join(REL, "rust-bench"), "--url", url,
                                    "--reps", str(args.reps), "--warmup", str(args.warmup),
                                    "--threads", "8", "--thread-calls", str(args.thread_calls),
                                    "--only", threads])["phases"])
            phases.update(json_out([BENCH_C, url, str(args.calls), str(args.reps),
                                    str(args.warmup), "8", str(args.thread_calls),
                                    "threads"])["phases"])
            rounds.append(phases)
            shape = json_out([os.path.join(REL, "rust-bench"), "--url", url,
                              "--only", "diag.shape"])["phases"]
        log("one hung server beside a quick one (rust-bench isolation)")
        isolation = json_out([os.path.join(REL, "rust-bench"), "--url", url,
                              "--only", "isolation"])["phases"]
        log("1000 concurrent waits: c, python, swift")
        waits = {}
        waits.update(json_out([BENCH_C, url, "1", "1", "0", "1", "1", "waits"])["phases"])
        if ours_ok:
            waits.update(json_out([vpy, "bench/python/bench.py", "waits", "--url", url],
                                  env=py_env)["phases"])
        if swift_bench() is not None:
            waits.update(json_out([swift_bench(), url, "waits"], env=swift_env())["phases"])
        log("instructions per call (callgrind)")
        pin(server.pid, ALL_CPUS)
        info["instructions"] = instructions_per_pair(url, vpy, py_env, ours_ok)
        log("https beside http (https-bench)")
        # Its own fixed-answer servers; run here so that its numbers come from this run.
        info["https"] = json_out([os.path.join(REL, "https-bench")])
        log("python cold start")
        cold = json_out([vpy, "bench/python/bench.py", "cold", "--url", url,
                         "--reps", str(args.cold_reps), *py_only], env=py_env)
    finally:
        server.terminate()
        server.wait()
    info["load_after"] = os.getloadavg()[0]
    info["swift_package_built"] = swift_package_built
    merged = merge(rounds)
    merged.update(cold["phases"])
    merged.update(waits)
    merged.update(shape)
    merged.update(isolation)
    # Kept before the report is written, so that a report can be made again from it.
    os.makedirs(os.path.join(ROOT, "target", "bench"), exist_ok=True)
    with open(os.path.join(ROOT, "target", "bench", "results.json"), "w") as f:
        json.dump({"info": info, "phases": merged}, f, indent=1)
    write_report(merged, info, args)


def write_report(merged, info, args):
    sizes = None
    sizes_path = os.path.join(ROOT, "bench", "sizes.json")
    if os.path.exists(sizes_path):
        with open(sizes_path) as f:
            sizes = json.load(f)
    text = report(merged, info, sizes, args)
    print(text)
    if not args.no_write and not args.quick:
        with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
            f.write(text)
        log("wrote bench/RESULTS.md")


if __name__ == "__main__":
    main()
