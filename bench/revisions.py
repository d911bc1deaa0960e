"""Run a measuring snippet inside another git revision's checkout (for same-run before/after).

Used by ``compare_revisions.py`` and ``queue_bench.py``: each revision gets a temporary
worktree, and the snippet runs there with that revision's ``sheaf`` on the path and prints one
``RESULT {json}`` line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def checkout(rev: str, into: Path) -> Iterator[Path]:
    """A detached worktree of ``rev`` under ``into``, removed afterwards."""
    path = into / rev.replace("/", "_")
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
        check=True,
        capture_output=True,
    )
    try:
        yield path
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)],
            capture_output=True,
        )


def run_probe(tree: Path, code: str, *args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run ``code`` with ``tree``'s sources first on the path; return its ``RESULT`` JSON."""
    env = dict(os.environ, PYTHONPATH=f"{tree / 'src'}{os.pathsep}{tree}")
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT ") :])
