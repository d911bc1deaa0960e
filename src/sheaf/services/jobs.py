"""What every job kind shares: putting a new job on the queue, and finding one by id."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sheaf.errors import NotFound
from sheaf.queue import queries
from sheaf.services import events
from sheaf.services.tenancy import Tenant
from sheaf.store.queue_tables import Job

__all__ = ["enqueue", "get_job"]


def enqueue(session: Session, job: Job) -> Job:
    """Insert a PENDING job, count it, and announce it (``<kind>.pending``)."""
    session.add(job)
    session.flush()
    queries.add_pending(session, [job])
    events.job_event(session, job, "pending")
    return job


def get_job(session: Session, tenant: Tenant, job_id: str, kind: str) -> Job:
    """A job of ``kind`` in the caller's project, or 404 (never another project's)."""
    job = session.get(Job, job_id)
    if job is None or job.kind != kind or job.project_id != tenant.project_id:
        raise NotFound(f"{kind} job {job_id} not found")
    return job
