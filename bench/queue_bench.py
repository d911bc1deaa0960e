"""CPU per job of the queue's hot path — claim (8 at a time) and group finish — in-process.

    .venv/bin/python bench/queue_bench.py [--jobs 3000] [--rounds 5] [--rev BEFORE]

Measures this checkout; with ``--rev`` it also checks that revision out into a temporary
worktree and alternates the two, round by round, printing medians and the ratio. CPU time
(``time.process_time``) is used instead of wall time because the shared machines are noisy;
SQLite runs in-process, so its work is counted too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from contextlib import ExitStack
from pathlib import Path

from revisions import ROOT, checkout, run_probe

# Runs inside the measured checkout (its own sheaf on sys.path). Revisions up to b7e18b7 had
# every transition in sheaf.queue.queries; later ones go through sheaf.services.lifecycle.
PROBE = r"""
import json, sys, tempfile, time
from sheaf.store.db import Database, migrate
from sheaf.store.tables import Organization, Project
from sheaf.store.queue_tables import Batch, Job
from sheaf.queue.states import JobStatus
try:
    from sheaf.services import lifecycle as api
    count = api.enqueued_in_bulk
except ImportError:
    from sheaf.queue import queries as api
    count = api.count_new_pending
n = int(sys.argv[1])
url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
migrate(url)
db = Database(url)
with db.session() as s:
    s.add(Organization(id="o", name="o")); s.flush()
    s.add(Project(id="p", organization_id="o", name="p")); s.flush()
    s.add(Batch(id="b", project_id="p", source_directory_id="d", job_type="parse_v2",
                configuration_id="c", status="PENDING", total=n, pending=n))
    for i in range(n):
        s.add(Job(id=f"j{i:07}", kind="parse", project_id="p", status="PENDING",
                  parameters={}, batch_id="b"))
    s.flush()
    count(s, "p", n)
t = time.process_time()
done = 0
while True:
    with db.session() as s:
        ids = [j.id for j in api.claim(s, "w", limit=8, project_limit=16, lease_seconds=30)]
    if not ids:
        break
    fields = {"page_count": 1, "credits": 1.0, "job_metadata": {"run_seconds": 0.001}}
    with db.session() as s:
        api.finish_many(s, "w", [(i, JobStatus.COMPLETED, fields) for i in ids])
    done += len(ids)
cpu = time.process_time() - t
assert done == n, done
print("RESULT", json.dumps({"ms_per_job": cpu / n * 1000}))
"""


def measure(tree: Path, jobs: int) -> float:
    return float(run_probe(tree, PROBE, str(jobs), timeout=900)["ms_per_job"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--rev", help="a git revision to compare against, alternating rounds")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        trees = {"this checkout": ROOT}
        if args.rev:
            trees = {args.rev: stack.enter_context(checkout(args.rev, Path(tmp))), **trees}
        runs: dict[str, list[float]] = {name: [] for name in trees}
        for _ in range(args.rounds):
            for name, tree in trees.items():
                runs[name].append(measure(tree, args.jobs))
    print(
        f"\n## Queue hot path, {args.jobs} jobs, SQLite: CPU ms per job (median of {args.rounds})"
    )
    print("| code | claim + finish CPU per job |\n|---|---|")
    medians = {name: statistics.median(values) for name, values in runs.items()}
    for name, value in medians.items():
        print(f"| {name} | {value:.3f} ms |")
    if args.rev:
        print(f"| ratio this / {args.rev} | {medians['this checkout'] / medians[args.rev]:.2f}x |")


if __name__ == "__main__":
    main()
