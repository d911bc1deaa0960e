"""The one owner of job and batch state changes.

Every transition goes through here: the queue moves the job rows (and its own per-project
counters) and reports what it did; this module keeps batch counters in step in the same
transaction, settles batches (first job started, last job done), defines THROTTLED, and
writes the outbox events. Callers hold a write transaction (``Database.session()``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    bindparam,
    exists,
    func,
    not_,
    select,
    update,
)
from sqlalchemy.orm import Session

from sheaf.queue import Outcome, Transition, queue_for
from sheaf.queue.states import COUNTER, TERMINAL_BATCH, BatchStatus, JobStatus
from sheaf.services import events
from sheaf.services.kinds import REGISTRY
from sheaf.store.queue_tables import Batch, Job, ProjectQueue
from sheaf.store.types import utcnow

__all__ = [
    "batch_status",
    "cancel_batch_jobs",
    "cancel_job",
    "claim",
    "enqueue",
    "enqueued_in_bulk",
    "finish",
    "finish_many",
    "heartbeat",
    "lease_owners",
    "reap_expired",
    "release",
    "release_held",
    "settle_batches",
    "status_filter",
]

BATCHES = cast(Table, Batch.__table__)


@lru_cache(maxsize=64)
def _batch_counter_statement(src: str | None, dst: str):
    values: dict[str, Any] = {
        dst: BATCHES.c[dst] + bindparam("b_n"),
        "pages": BATCHES.c.pages + bindparam("b_pages"),
    }
    if src is not None:
        values[src] = BATCHES.c[src] - bindparam("b_n")
    return (
        BATCHES.update()
        .where(BATCHES.c.id == bindparam("b_batch"))
        .values(**values)
        .returning(BATCHES.c.status, BATCHES.c.pending, BATCHES.c.running)
    )


# -- batches --------------------------------------------------------------------------------------
def _apply(session: Session, moves: Iterable[Transition]) -> None:
    """Move batch counters for ``moves`` and settle batches that crossed a threshold."""
    groups: dict[tuple[JobStatus | None, JobStatus], Counter[str]] = {}
    pages: dict[tuple[JobStatus | None, JobStatus], Counter[str]] = {}
    for move in moves:
        if move.batch_id:
            key = (move.src, move.dst)
            groups.setdefault(key, Counter())[move.batch_id] += 1
            if move.page_count:
                pages.setdefault(key, Counter())[move.batch_id] += move.page_count
    to_settle: list[str] = []
    connection = session.connection()
    for (src, dst), per_batch in groups.items():
        statement = _batch_counter_statement(COUNTER[src] if src else None, COUNTER[dst])
        batch_pages = pages.get((src, dst), Counter())
        for batch_id, n in per_batch.items():
            params = {"b_batch": batch_id, "b_n": n, "b_pages": batch_pages[batch_id]}
            row = connection.execute(statement, params).first()
            if row is None or row.status in TERMINAL_BATCH:
                continue
            if (row.pending == 0 and row.running == 0) or row.status != BatchStatus.RUNNING:
                to_settle.append(batch_id)
    if to_settle:
        settle_batches(session, to_settle)


def settle_batches(session: Session, batch_ids: list[str]) -> None:
    """Advance batches whose counters say so: first job started, or every job done."""
    now = utcnow()
    stmt = select(Batch).where(Batch.id.in_(batch_ids)).execution_options(populate_existing=True)
    for batch in session.scalars(stmt):
        if batch.status in TERMINAL_BATCH:
            continue
        if batch.pending == 0 and batch.running == 0:
            if batch.status == BatchStatus.PENDING:
                batch.started_at = batch.started_at or now
            batch.status = BatchStatus.COMPLETED
            batch.finished_at = now
            batch.updated_at = now
            events.batch_event(session, batch, "success")
        elif batch.status != BatchStatus.RUNNING and (
            batch.running or batch.completed or batch.failed
        ):
            batch.status = BatchStatus.RUNNING
            batch.started_at = batch.started_at or now
            batch.updated_at = now
            events.batch_event(session, batch, "running")


def _slots_taken(project_id) -> ColumnElement[int]:
    """Worker processes holding a project's jobs (what its cap limits; see ``claim``)."""
    return (
        select(func.count(Job.lease_owner.distinct()))
        .where(Job.project_id == project_id, Job.status == JobStatus.RUNNING)
        .scalar_subquery()
    )


def _throttled(project_limit: int) -> ColumnElement[bool]:
    """THROTTLED, the one definition: a live batch with jobs waiting and none of them running,
    because its project already has every slot it may take (see ``claim``)."""
    # The counter of running rows first: fewer rows than the cap means fewer holders too.
    at_limit = exists().where(
        ProjectQueue.project_id == Batch.project_id,
        ProjectQueue.running >= project_limit,
        # Correlated with the row exists() reads: a subquery two levels down would not be
        # tied to the outer batch and would count every project's workers.
        _slots_taken(ProjectQueue.project_id) >= project_limit,
    )
    return and_(
        Batch.status.not_in([s.value for s in TERMINAL_BATCH]),
        Batch.running == 0,
        Batch.pending > 0,
        at_limit,
    )


def batch_status(session: Session | Connection, batch: Batch, project_limit: int) -> str:
    """The status a reader sees: the stored one, or THROTTLED (see :func:`_throttled`)."""
    if batch.status in TERMINAL_BATCH or batch.running or not batch.pending:
        return batch.status
    running = session.scalar(
        select(ProjectQueue.running).where(ProjectQueue.project_id == batch.project_id)
    )
    if (running or 0) < project_limit:
        return batch.status
    slots = session.scalar(select(_slots_taken(batch.project_id)))
    return BatchStatus.THROTTLED if (slots or 0) >= project_limit else batch.status


def status_filter(status: str, project_limit: int) -> ColumnElement[bool]:
    """A WHERE clause selecting batches a reader would see with ``status``."""
    throttled = _throttled(project_limit)
    if status == BatchStatus.THROTTLED:
        return throttled
    return and_(Batch.status == status, not_(throttled))


# -- jobs -----------------------------------------------------------------------------------------
def enqueue(session: Session, job: Job) -> Job:
    """Insert a PENDING job, count it, and announce it (``<kind>.pending``)."""
    session.add(job)
    session.flush()
    queue_for(session).count_enqueued(session, job.project_id, 1)
    events.job_event(session, job, "pending")
    return job


def enqueued_in_bulk(session: Session, project_id: str, n: int) -> None:
    """Count ``n`` PENDING jobs a batch inserted itself (it sets its own counters)."""
    queue_for(session).count_enqueued(session, project_id, n)


def claim(
    session: Session,
    owner: str,
    *,
    limit: int,
    project_limit: int,
    lease_seconds: float,
    kinds: tuple[str, ...] | None = None,
) -> list[Job]:
    """Lease up to ``limit`` jobs of any registered kind (or of ``kinds``) to ``owner``."""
    jobs = queue_for(session).claim(
        session,
        owner,
        limit=limit,
        project_limit=project_limit,
        lease_seconds=lease_seconds,
        kinds=kinds or REGISTRY.names(),
    )
    _apply(
        session,
        (
            Transition(j.id, j.project_id, j.batch_id, JobStatus.PENDING, JobStatus.RUNNING)
            for j in jobs
        ),
    )
    for job in jobs:
        events.job_event(session, job, "running")
    return jobs


def heartbeat(session: Session, owners: list[str], lease_seconds: float) -> int:
    return queue_for(session).heartbeat(session, owners, lease_seconds)


def _announce(session: Session, moves: Iterable[Transition]) -> None:
    for move in moves:
        if move.has_webhooks:
            job = session.get(Job, move.job_id, populate_existing=True)
            if job is not None:
                events.job_event(session, job, events.JOB_SUFFIX[move.dst])


def finish_many(session: Session, owner: str | None, outcomes: list[Outcome]) -> int:
    """Record several jobs' results in one transaction; returns how many were still held.

    A job no longer RUNNING under ``owner`` (reclaimed, cancelled) is left alone, so a
    late or repeated finish changes nothing.
    """
    moves = queue_for(session).finish(session, owner, outcomes)
    _apply(session, moves)
    _announce(session, moves)
    return len(moves)


def finish(session: Session, job_id: str, owner: str | None, status: JobStatus, **fields) -> bool:
    return finish_many(session, owner, [(job_id, status, fields)]) == 1


def release(
    session: Session,
    job_id: str,
    owner: str | None,
    reason: str,
    *,
    charge: bool = True,
    expired_before: datetime | None = None,
) -> bool:
    """An attempt ended without a result: retry later, or fail once attempts run out."""
    move = queue_for(session).release(
        session, job_id, owner, reason, charge=charge, expired_before=expired_before
    )
    if move is None:
        return False
    _apply(session, [move])
    _announce(session, [move] if move.dst != JobStatus.PENDING else [])
    return True


def release_held(session: Session, owners: list[str], reason: str, *, charge: bool) -> int:
    """Release every job ``owners`` hold (a stopped worker's claimed-but-unfinished jobs)."""
    held = queue_for(session).held_by(session, owners)
    return sum(release(session, job_id, owner, reason, charge=charge) for job_id, owner in held)


def lease_owners(session: Session) -> list[str]:
    """Distinct lease owners of RUNNING jobs (a supervisor checks which of them are gone)."""
    stmt = select(Job.lease_owner).where(Job.status == JobStatus.RUNNING).distinct()
    return [owner for owner in session.scalars(stmt) if owner]


def reap_expired(session: Session, now: datetime | None = None) -> int:
    """Release every job whose lease ran out (its worker or machine is gone)."""
    now = now or utcnow()
    reaped = 0
    for job_id, owner in queue_for(session).expired(session, now):
        reason = f"worker {owner} stopped renewing its lease"
        reaped += release(session, job_id, owner, reason, expired_before=now)
    return reaped


def cancel_job(session: Session, job: Job) -> None:
    """PENDING jobs are cancelled at once; RUNNING ones are flagged for their worker to stop."""
    move = queue_for(session).cancel(session, job.id)
    session.refresh(job)
    if move is not None:
        _apply(session, [move])
        events.job_event(session, job, "cancelled")


def cancel_batch_jobs(session: Session, batch: Batch) -> int:
    """Cancel every unstarted job of a batch; flag running ones. Returns how many."""
    n = queue_for(session).cancel_batch(session, batch.id, batch.project_id)
    if n:
        # Expressions, not Python arithmetic: workers move these counters concurrently.
        session.execute(
            update(Batch)
            .where(Batch.id == batch.id)
            .values(pending=Batch.pending - n, cancelled=Batch.cancelled + n)
            .execution_options(synchronize_session=False)
        )
    session.refresh(batch)
    return n
