#!/usr/bin/env python3
"""Builds the release shared library in several configurations and records the stripped size of
each in bench/sizes.json, which bench/run.py puts into bench/RESULTS.md, and beside them the cost
of a call over HTTPS and over plain HTTP (bench/src/bin/https_bench.rs: the default build, one
kept-alive connection each, so one handshake; and the first call of a new client).

Every variant is `cargo build --release --lib` of the library crate with its `[profile.release]`
(lto = true, codegen-units = 1, strip = true, panic = "unwind"), changing only the features and
the optimisation level (CARGO_PROFILE_RELEASE_OPT_LEVEL). The builds run in a scratch copy of the
crate (target/bench-sizes/crate: Cargo.toml, Cargo.lock, src; no workspace members, no
dev-dependencies) so that variants pulling other ureq features (native-tls) never touch the
workspace's Cargo.lock. Slow: each variant is a full LTO build.

  python3 bench/sizes.py [variant ...]      (no variant: all of them)
  python3 bench/sizes.py --https-only        (only the per-call cost)
"""

import json
import os
import platform
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NO_TLS = ["--no-default-features"]
VARIANTS = {
    # name: (cargo feature arguments, opt-level)
    "default: tls = rustls + ring + platform verifier, opt-level 3 (the shipped default)": ([], "3"),
    "tls, opt-level s": ([], "s"),
    "tls, opt-level z": ([], "z"),
    "no tls (plain HTTP only), opt-level 3": (NO_TLS, "3"),
    "no tls, opt-level s": (NO_TLS, "s"),
    "no tls, opt-level z": (NO_TLS, "z"),
}
SCRATCH = os.path.join(ROOT, "target", "bench-sizes")


def scratch_crate():
    crate = os.path.join(SCRATCH, "crate")
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "src"), os.path.join(crate, "src"))
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), crate)
    shutil.copy(os.path.join(ROOT, "README.md"), crate)
    with open(os.path.join(ROOT, "Cargo.toml")) as f:
        lines = f.read().splitlines()
    out, skip = [], False
    for line in lines:
        if line.startswith("["):
            skip = line.strip() == "[dev-dependencies]"
        if skip:
            continue
        out.append("members = []" if line.startswith("members = ") else line)
    with open(os.path.join(crate, "Cargo.toml"), "w") as f:
        f.write("\n".join(out) + "\n")
    return crate


def build(crate, features, opt):
    target = os.path.join(SCRATCH, "target")
    env = dict(os.environ, CARGO_TARGET_DIR=target, CARGO_PROFILE_RELEASE_OPT_LEVEL=opt)
    cmd = ["cargo", "build", "--release", "--lib", *features]
    start = time.time()
    subprocess.run(cmd, cwd=crate, env=env, check=True, stdout=subprocess.DEVNULL)
    so = os.path.join(target, "release", "libbeeper_setup.so")
    linked = subprocess.run(["ldd", so], capture_output=True, text=True).stdout
    return {
        "command": " ".join([f"CARGO_PROFILE_RELEASE_OPT_LEVEL={opt}", *cmd]),
        "bytes": os.path.getsize(so),
        "links_openssl": "libssl" in linked,
        "build_seconds": round(time.time() - start, 1),
    }


def https_cost():
    subprocess.run(["cargo", "build", "--release", "-p", "beeper-setup-bench", "--bin",
                    "https-bench"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([os.path.join(ROOT, "target", "release", "https-bench")],
                         capture_output=True, text=True, check=True).stdout
    cost = json.loads(out)
    print(f"per call: http {cost['http_us_per_call']:.1f} µs, https "
          f"{cost['https_us_per_call']:.1f} µs; first call of a new client: http "
          f"{cost['http_first_call_us'] / 1000:.2f} ms, https "
          f"{cost['https_first_call_us'] / 1000:.2f} ms", file=sys.stderr)
    return cost


def main():
    https_only = sys.argv[1:] == ["--https-only"]
    wanted = [] if https_only else (sys.argv[1:] or list(VARIANTS))
    path = os.path.join(ROOT, "bench", "sizes.json")
    results = {}
    if os.path.exists(path):
        with open(path) as f:
            results = json.load(f).get("variants", {})
    crate = scratch_crate()
    for name in wanted:
        features, opt = VARIANTS[name]
        print(f"building: {name}", file=sys.stderr, flush=True)
        results[name] = build(crate, features, opt)
        print(f"  {results[name]['bytes']} bytes", file=sys.stderr, flush=True)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    with open(path, "w") as f:
        json.dump(
            {"rustc": rustc, "machine": platform.machine(),
             "variants": {k: results[k] for k in VARIANTS if k in results},
             "https": https_cost()}, f, indent=2
        )
        f.write("\n")


if __name__ == "__main__":
    main()
