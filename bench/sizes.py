#!/usr/bin/env python3
"""Builds the release shared library in several configurations and records the stripped size of
each in bench/sizes.json, which bench/run.py puts into bench/RESULTS.md.

Every variant is `cargo build -p beeper-setup --release --lib` with the workspace's
`[profile.release]` (lto = true, codegen-units = 1, strip = true, panic = "unwind"), in a target
directory of its own under target/bench-sizes/, changing only the features and the optimisation
level (CARGO_PROFILE_RELEASE_OPT_LEVEL). Slow: each variant is a full LTO build.

  python3 bench/sizes.py [variant ...]
"""

import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

VARIANTS = {
    # name: (cargo feature arguments, opt-level)
    "tls, opt-level 3 (the shipped default)": ([], "3"),
    "tls, opt-level s": ([], "s"),
    "tls, opt-level z": ([], "z"),
    "no tls, opt-level 3": (["--no-default-features"], "3"),
    "no tls, opt-level s": (["--no-default-features"], "s"),
    "no tls, opt-level z": (["--no-default-features"], "z"),
}


def build(name, features, opt):
    target = os.path.join(ROOT, "target", "bench-sizes", f"{'notls' if features else 'tls'}-o{opt}")
    env = dict(os.environ, CARGO_TARGET_DIR=target, CARGO_PROFILE_RELEASE_OPT_LEVEL=opt)
    cmd = ["cargo", "build", "-p", "beeper-setup", "--release", "--lib", *features]
    start = time.time()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    so = os.path.join(target, "release", "libbeeper_setup.so")
    return {
        "command": " ".join(
            [f"CARGO_PROFILE_RELEASE_OPT_LEVEL={opt}", *cmd]
        ),
        "bytes": os.path.getsize(so),
        "build_seconds": round(time.time() - start, 1),
    }


def main():
    wanted = sys.argv[1:] or list(VARIANTS)
    path = os.path.join(ROOT, "bench", "sizes.json")
    results = {}
    if os.path.exists(path):
        with open(path) as f:
            results = json.load(f).get("variants", {})
    for name in wanted:
        features, opt = VARIANTS[name]
        print(f"building: {name}", file=sys.stderr, flush=True)
        results[name] = build(name, features, opt)
        print(f"  {results[name]['bytes']} bytes", file=sys.stderr, flush=True)
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    with open(path, "w") as f:
        json.dump(
            {"rustc": rustc, "machine": platform.machine(), "variants": results}, f, indent=2
        )
        f.write("\n")


if __name__ == "__main__":
    main()
