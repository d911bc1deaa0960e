"""A migrated database per backend, and helpers to put jobs and batches straight into it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sheaf.services import lifecycle
from sheaf.store.db import Database
from sheaf.store.queue_tables import Batch, Job
from tests.conftest import BACKENDS, migrated_database

PROJECT = "prj-queue-a"
OTHER = "prj-queue-b"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path, (PROJECT, OTHER)) as database:
        yield database


def add_jobs(
    db: Database,
    n: int,
    *,
    project: str = PROJECT,
    kind: str = "parse",
    batch: str | None = None,
    max_attempts: int = 3,
    webhooks: dict | None = None,
    parameters: dict | None = None,
) -> list[str]:
    """Enqueue ``n`` jobs through the lifecycle; returns their ids in creation order."""
    ids = []
    with db.session() as session:
        for i in range(n):
            job = Job(
                id=f"job-{kind}-{project}-{batch}-{i:05d}-{len(ids)}",
                kind=kind,
                project_id=project,
                status="PENDING",
                parameters=parameters or {},
                batch_id=batch,
                max_attempts=max_attempts,
                webhooks=webhooks,
            )
            lifecycle.enqueue(session, job)
            ids.append(job.id)
    if batch:
        with db.session() as session:
            row = session.get(Batch, batch)
            row.total += n
            row.pending += n
    return ids


def add_batch(db: Database, batch_id: str, project: str = PROJECT) -> None:
    with db.session() as session:
        session.add(
            Batch(
                id=batch_id,
                project_id=project,
                source_directory_id="dir-x",
                job_type="parse_v2",
                configuration_id="cfg-PARSE_FAST",
                status="PENDING",
            )
        )
