"""The queue's interface: what every database backend provides, and what it reports back.

The queue knows jobs, leases, attempts and the per-project counters its fair claim reads. It
knows nothing of batches, webhooks or job kinds' meaning: every call returns the transitions it
made, and the lifecycle (``sheaf.services.lifecycle``) applies their consequences.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from sheaf.queue.states import JobStatus
from sheaf.store.queue_tables import Job

__all__ = ["JobQueue", "Outcome", "Transition"]

# Columns a finishing job may set besides its status.
OUTCOME_FIELDS = (
    "error_message",
    "result_key",
    "result_inline",
    "page_count",
    "credits",
    "job_metadata",
)

# (job id, final status, outcome fields) — what a worker reports for one job.
Outcome = tuple[str, JobStatus, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Transition:
    """One job moved from ``src`` (None: newly enqueued) to ``dst``."""

    job_id: str
    project_id: str
    batch_id: str | None
    src: JobStatus | None
    dst: JobStatus
    page_count: int = 0
    has_webhooks: bool = False


class JobQueue(Protocol):
    """A durable job queue in the application's database (one implementation per dialect).

    Every method runs inside the caller's write transaction, so a state change and its
    consequences (counters, events) commit together or not at all.
    """

    def count_enqueued(self, session: Session, project_id: str, n: int) -> None:
        """Count ``n`` PENDING rows the caller inserted for ``project_id``."""

    def claim(
        self,
        session: Session,
        owner: str,
        *,
        limit: int,
        project_limit: int,
        lease_seconds: float,
        kinds: tuple[str, ...],
    ) -> list[Job]:
        """Lease up to ``limit`` runnable jobs of the least-served project with a free slot.

        A project's cap (``project_limit``) counts the worker processes holding its jobs: a
        worker runs the jobs it holds one after another, so a group of fast jobs it claimed
        together takes one slot.

        The jobs are read-only rows with the entity's columns (not session entities), oldest
        first.
        """
        ...

    def heartbeat(self, session: Session, owners: list[str], lease_seconds: float) -> int:
        """Extend the leases held by ``owners``; returns how many jobs."""
        ...

    def finish(
        self, session: Session, owner: str | None, outcomes: list[Outcome]
    ) -> list[Transition]:
        """Record results of RUNNING jobs ``owner`` holds (any holder when None). Idempotent."""
        ...

    def release(
        self,
        session: Session,
        job_id: str,
        owner: str | None,
        reason: str,
        *,
        charge: bool = True,
        expired_before: datetime | None = None,
    ) -> Transition | None:
        """End an attempt without a result: back to PENDING (with backoff), or FAILED/CANCELLED.

        ``charge=False`` gives the attempt back (a shutdown, or another job killed the worker).
        """
        ...

    def expired(
        self, session: Session, now: datetime, limit: int = 500
    ) -> list[tuple[str, str | None]]:
        """(job id, lease owner) of RUNNING jobs whose lease ran out before ``now``."""
        ...

    def held_by(self, session: Session, owners: list[str]) -> list[tuple[str, str | None]]:
        """(job id, owner) of RUNNING jobs leased to ``owners``."""
        ...

    def cancel(self, session: Session, job_id: str) -> Transition | None:
        """Cancel a PENDING job now, or flag a RUNNING one for its worker to stop."""
        ...

    def cancel_batch(self, session: Session, batch_id: str, project_id: str) -> int:
        """Cancel every PENDING job of a batch (returns how many); flag the RUNNING ones."""
        ...
