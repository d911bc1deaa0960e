"""A job kind that exists only in the tests: it proves a kind is its module plus one
registry line. Its runner echoes its parameters back as job metadata."""

from __future__ import annotations

from typing import Any

from sheaf.jobs.base import JobContext, Outcome
from sheaf.queue.states import JobStatus
from sheaf.services.kinds import JobKind
from sheaf.store.queue_tables import Job

ECHO = JobKind(
    name="echo",
    job_type="echo_v1",
    id_prefix="ech",
    tiers=("fast",),
    credits_per_page={"fast": 0.5},
    runner="tests.queue.echo_kind:run",
    batch_parameters="tests.queue.echo_kind:batch_parameters",
    event_payload="tests.queue.echo_kind:event_payload",
)


def run(ctx: JobContext | None, job: Job) -> Outcome:
    pages = int(job.parameters.get("pages", 1))
    return Outcome(
        JobStatus.COMPLETED,
        page_count=pages,
        credits=ECHO.credits_per_page["fast"] * pages,
        job_metadata={"echo": job.parameters},
    )


def batch_parameters(session, tenant, config) -> tuple[dict[str, Any], str | None]:
    return dict(config.parameters), "fast"


def event_payload(job: Job, blobs, suffix: str) -> dict[str, Any]:
    return {"id": job.id, "status": job.status, "echo": suffix}
