"""What observing costs: the request observer per request, and a /metrics scrape per job count.

    .venv/bin/python bench/observe_bench.py [--jobs 100000] [--requests 20000]

Baselines in the same run: the bare ASGI app (no observer), and a scrape that recomputes the
duration histogram from scratch (a fresh collector: what every scrape would cost without the
incremental tally, and what the first scrape after a restart costs).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from prometheus_client import CollectorRegistry  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from sheaf.api.metrics import DatabaseCollector, HttpMetrics  # noqa: E402
from sheaf.api.observe import RequestObserver  # noqa: E402
from sheaf.services.tenancy import bootstrap, ensure_project  # noqa: E402
from sheaf.settings import Settings  # noqa: E402
from sheaf.store.db import Database, migrate  # noqa: E402
from sheaf.store.queue_tables import Job  # noqa: E402
from sheaf.store.types import utcnow  # noqa: E402


class _Route:
    path_format = "/api/v2/batches/{batch_id}"


async def _app(scope, receive, send) -> None:
    scope["route"] = _Route
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


async def _per_request_us(app, n: int) -> float:
    async def receive():
        return {"type": "http.request"}

    async def send(_message):
        pass

    base = {"type": "http", "method": "GET", "path": "/x", "headers": [(b"host", b"h")]}
    started = time.perf_counter()
    for _ in range(n):
        await app(dict(base), receive, send)
    return (time.perf_counter() - started) / n * 1e6


def observer_rows(requests: int) -> list[tuple[str, str]]:
    observed = RequestObserver(_app, HttpMetrics(CollectorRegistry()))
    bare_runs, observed_runs = [], []
    for _ in range(5):  # interleaved, median of five: the box is shared
        bare_runs.append(asyncio.run(_per_request_us(_app, requests)))
        observed_runs.append(asyncio.run(_per_request_us(observed, requests)))
    bare, seen = statistics.median(bare_runs), statistics.median(observed_runs)
    return [
        ("bare ASGI app (baseline)", f"{bare:.1f} us/request"),
        ("with the request observer", f"{seen:.1f} us/request"),
        ("observer overhead", f"{seen - bare:.1f} us/request"),
    ]


def _seed(db: Database, jobs: int) -> None:
    with db.session() as session:
        bootstrap(session, "llx-bench")
        project_id = ensure_project(session, "Default").id
    now, rng = utcnow(), random.Random(7)
    rows = []
    for i in range(jobs):
        started = now - timedelta(seconds=rng.random() * 86400)
        rows.append(
            dict(
                id=f"pjb-bench-{i}",
                kind="parse" if i % 4 else "extract",
                project_id=project_id,
                status=rng.choice(["COMPLETED", "COMPLETED", "FAILED", "PENDING"]),
                tier=rng.choice(["fast", "cost_effective"]),
                parameters={},
                started_at=started,
                finished_at=started + timedelta(seconds=rng.expovariate(1 / 5)),
                page_count=rng.randint(1, 20),
                credits=3.0,
                run_after=started,
            )
        )
    with db.session() as session:
        for at in range(0, jobs, 5000):
            session.execute(insert(Job), rows[at : at + 5000])


def _scrape_ms(collector: DatabaseCollector) -> float:
    collector._cached = None  # measure the database work, not the 5 s cache
    started = time.perf_counter()
    list(collector.collect())
    return (time.perf_counter() - started) * 1000


def scrape_rows(jobs: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder))
        migrate(settings.resolved_database_url)
        db = Database(settings.resolved_database_url)
        _seed(db, jobs)
        fresh = statistics.median(_scrape_ms(DatabaseCollector(db)) for _ in range(3))
        kept = DatabaseCollector(db)
        _scrape_ms(kept)  # the first scrape tallies every settled job
        later = statistics.median(_scrape_ms(kept) for _ in range(5))
        db.dispose()
    return [
        (f"scrape, {jobs} jobs, from scratch (baseline)", f"{fresh:.0f} ms"),
        (f"scrape, {jobs} jobs, incremental histogram", f"{later:.0f} ms"),
        ("speed-up", f"{fresh / later:.1f}x"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs seeded (SQLite)")
    parser.add_argument("--requests", type=int, default=20_000, help="requests per timing run")
    args = parser.parse_args()
    rows = observer_rows(args.requests) + scrape_rows(args.jobs)
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':<{width}} | value |\n|{'-' * (width + 2)}|---|")
    for name, value in rows:
        print(f"| {name:<{width}} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
