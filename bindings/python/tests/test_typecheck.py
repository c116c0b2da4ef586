"""`mypy --strict` and pyright (basedpyright, strict) over user code: README-style code
type-checks without an error, and code with mistakes (a missing `await`, a wrong argument type)
fails with exactly the errors marked in it. The package checked is the installed one, as a
user's checker sees it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Set, Tuple

# Both in the test venv (tests/python-requirements.txt): never skipped.
import basedpyright  # noqa: F401
import mypy  # noqa: F401
HERE = Path(__file__).parent / "typecheck"


def _mypy(path: Path, cache: Path) -> List[Tuple[int, str]]:
    """mypy's errors in `path` itself, as (line, error code)."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(cache),
         "--no-error-summary", "--show-error-codes", str(path)],
        capture_output=True, text=True, cwd=str(cache), env={**os.environ, "MYPYPATH": ""},
        timeout=600,
    )
    assert run.returncode in (0, 1), run.stderr or run.stdout
    errors = []
    for line in run.stdout.splitlines():
        m = re.match(r"(.+?):(\d+): error: .*\[([\w-]+)\]$", line)
        if m and Path(m.group(1)).name == path.name:
            errors.append((int(m.group(2)), m.group(3)))
    return errors


def _marked(path: Path) -> Set[Tuple[int, str]]:
    marked = set()
    for number, line in enumerate(path.read_text().splitlines(), 1):
        m = re.search(r"# E: ([\w-]+)$", line)
        if m:
            marked.add((number, m.group(1)))
    return marked


def test_readme_style_code_type_checks_strictly(tmp_path: Path) -> None:
    assert _mypy(HERE / "good_usage.py", tmp_path) == []


def test_mistakes_are_reported(tmp_path: Path) -> None:
    path = HERE / "bad_usage.py"
    expected = _marked(path)
    assert len(expected) >= 8
    assert set(_mypy(path, tmp_path)) == expected


def _pyright_lines(path: Path, work: Path) -> Set[int]:
    """The lines of `path` where pyright, strict, reports an error."""
    config = work / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict"}))
    run = subprocess.run(
        [sys.executable, "-m", "basedpyright", "--outputjson", "--project", str(config),
         "--pythonpath", sys.executable, str(path)],
        capture_output=True, text=True, cwd=str(work), timeout=600,
    )
    report = json.loads(run.stdout)
    return {d["range"]["start"]["line"] + 1 for d in report["generalDiagnostics"]
            if d["severity"] == "error" and Path(d["file"]).name == path.name}


def test_pyright_agrees(tmp_path: Path) -> None:
    assert _pyright_lines(HERE / "good_usage.py", tmp_path) == set()
    bad = HERE / "bad_usage.py"
    assert _pyright_lines(bad, tmp_path) == {line for line, _ in _marked(bad)}
