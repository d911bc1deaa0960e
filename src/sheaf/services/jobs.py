"""What every job kind shares: finding a job of a kind in the caller's project."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sheaf.errors import NotFound
from sheaf.store.queue_tables import Job
from sheaf.tenant import Tenant

__all__ = ["get_job"]


def get_job(session: Session, tenant: Tenant, job_id: str, kind: str) -> Job:
    """A job of ``kind`` in the caller's project, or 404 (never another project's)."""
    job = session.get(Job, job_id)
    if job is None or job.kind != kind or job.project_id != tenant.project_id:
        raise NotFound(f"{kind} job {job_id} not found")
    return job
