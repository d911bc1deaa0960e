"""The job-duration histogram, tallied incrementally, equals a count made from scratch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from sheaf.api.metrics import JOB_BUCKETS, DatabaseCollector
from sheaf.services.tenancy import bootstrap, ensure_project
from sheaf.settings import Settings
from sheaf.store.db import Database, migrate
from sheaf.store.queue_tables import Job
from sheaf.store.types import utcnow
from tests.conftest import BACKENDS, fresh_postgres_database


def _histogram(collector: DatabaseCollector) -> dict[tuple[str, str], dict[str, float]]:
    collector._cached = None  # no scrape cache: each call reads
    family = next(f for f in collector.collect() if f.name == "sheaf_job_duration_seconds")
    out: dict[tuple[str, str], dict[str, float]] = {}
    for s in family.samples:
        key = (s.labels["kind"], s.labels["tier"])
        out.setdefault(key, {})[s.labels.get("le", s.name.rsplit("_", 1)[1])] = s.value
    return out


def _expected(durations: list[float]) -> dict[str, float]:
    out = {str(b): float(sum(d <= b for d in durations)) for b in JOB_BUCKETS}
    out.update({"+Inf": float(len(durations)), "count": float(len(durations))})
    # SQLite's julianday() keeps about 0.1 ms of a timestamp: sums agree to that.
    out["sum"] = pytest.approx(sum(durations), abs=0.01)
    return out


@pytest.mark.parametrize("backend", BACKENDS)
def test_incremental_tally_matches_a_full_count(tmp_path, backend):
    url = fresh_postgres_database() if backend == "postgresql" else ""
    settings = Settings(data_dir=tmp_path, database_url=url)
    migrate(settings.resolved_database_url)
    db = Database(settings.resolved_database_url)
    with db.session() as session:
        bootstrap(session, "llx-tally")
        project_id = ensure_project(session, "Default").id
    now = utcnow()
    seen: list[float] = []

    def add(prefix: str, finished_ago: list[float], durations: list[float]) -> None:
        rows = []
        for i, (ago, seconds) in enumerate(zip(finished_ago, durations, strict=True)):
            finished = now - timedelta(seconds=ago)
            rows.append(
                dict(
                    id=f"pjb-{prefix}-{i}",
                    kind="parse",
                    project_id=project_id,
                    status="COMPLETED" if i % 3 else "FAILED",
                    tier="fast",
                    parameters={},
                    started_at=finished - timedelta(seconds=seconds),
                    finished_at=finished,
                    run_after=finished,
                )
            )
        with db.session() as session:
            session.execute(insert(Job), rows)
        seen.extend(durations)

    collector = DatabaseCollector(db)
    # Old jobs (settled at once) and recent ones (recounted until they settle).
    add("old", [3600, 600, 120], [0.05, 3.0, 700.0])
    add("new", [5, 1], [0.3, 45.0])
    assert _histogram(collector)[("parse", "fast")] == _expected(seen)
    assert _histogram(collector)[("parse", "fast")] == _expected(seen)  # nothing counted twice
    add("later", [2, 0], [12.0, 2000.0])
    got = _histogram(collector)[("parse", "fast")]
    assert got == _expected(seen)
    # A fresh collector (another API process) reads everything from scratch: same answer.
    assert _histogram(DatabaseCollector(db))[("parse", "fast")] == got
    db.dispose()
