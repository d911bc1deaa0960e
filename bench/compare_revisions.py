"""Batch throughput of two git revisions, measured alternately in one run (a before/after ratio).

    .venv/bin/python bench/compare_revisions.py BEFORE [AFTER=HEAD] [--files 2000] [--rounds 3]

Each revision is checked out into a temporary worktree and its own ``bench/batch_bench.py``
``throughput()`` runs there (its own code, this venv's packages), alternating A B A B … so
machine noise hits both alike. Prints files/s per round, the medians and AFTER/BEFORE.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from revisions import checkout, run_probe

PROBE = (
    "import json, sys; sys.path.insert(0, 'bench'); import batch_bench as b; "
    "print('RESULT', json.dumps(b.throughput({files}, 0)))"
)


def measure(tree: Path, files: int) -> float:
    return float(run_probe(tree, PROBE.format(files=files))["batch_files_per_s"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("before")
    ap.add_argument("after", nargs="?", default="HEAD")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        trees = {
            rev: stack.enter_context(checkout(rev, Path(tmp))) for rev in (args.before, args.after)
        }
        runs: dict[str, list[float]] = {rev: [] for rev in trees}
        for i in range(args.rounds):
            for rev, tree in trees.items():
                runs[rev].append(measure(tree, args.files))
                print(f"round {i + 1} {rev}: {runs[rev][-1]:.0f} files/s", flush=True)
    before, after = (statistics.median(runs[r]) for r in (args.before, args.after))
    print(
        f"\n## Batch throughput, {args.files} tiny files, 2 workers, SQLite (median of "
        f"{args.rounds}, alternating)"
    )
    print("| revision | files/s |\n|---|---|")
    print(f"| before ({args.before}) | {before:.0f} |\n| after ({args.after}) | {after:.0f} |")
    print(f"| ratio after / before | {after / before:.2f}x |")


if __name__ == "__main__":
    main()
