"""Every state change of a job, as one transaction-scoped function each.

All functions take a Session inside a write transaction (``Database.session()``) and keep the
batch and project counters in step with the job rows they move, in that same transaction.
Claims use ``FOR UPDATE SKIP LOCKED`` on PostgreSQL; on SQLite the write transaction itself
(BEGIN IMMEDIATE) makes the claim atomic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from sheaf.queue.retry import decide_retry
from sheaf.queue.states import COUNTER, TERMINAL_BATCH, BatchStatus, JobStatus
from sheaf.services import events
from sheaf.store.queue_tables import Batch, Job, ProjectQueue
from sheaf.store.types import utcnow

__all__ = [
    "add_pending",
    "cancel_job",
    "cancel_pending_of_batch",
    "claim",
    "count_new_pending",
    "finish",
    "finish_many",
    "heartbeat",
    "reap_expired",
    "release",
    "settle_batches",
]


JOBS = Job.__table__
BATCHES = Batch.__table__
PROJECT_QUEUE = ProjectQueue.__table__
# The hot path (every finished job) uses statements built once: building SQLAlchemy
# expressions per call cost more than running them.
OUTCOME_FIELDS = (
    "error_message",
    "result_key",
    "result_inline",
    "page_count",
    "credits",
    "job_metadata",
)


def _finish_statement(with_owner: bool):
    where = [JOBS.c.id == bindparam("b_id"), JOBS.c.status == JobStatus.RUNNING.value]
    if with_owner:
        where.append(JOBS.c.lease_owner == bindparam("b_owner"))
    return (
        JOBS.update()
        .where(*where)
        .values(
            status=bindparam("b_status"),
            finished_at=bindparam("b_now"),
            updated_at=bindparam("b_now"),
            lease_owner=None,
            lease_expires_at=None,
            **{f: bindparam(f"b_{f}", required=False) for f in OUTCOME_FIELDS},
        )
        .returning(JOBS.c.project_id, JOBS.c.batch_id, JOBS.c.page_count, JOBS.c.webhooks)
    )


FINISH = {True: _finish_statement(True), False: _finish_statement(False)}
BUMP_PROJECT = (
    PROJECT_QUEUE.update()
    .where(PROJECT_QUEUE.c.project_id == bindparam("b_project"))
    .values(
        pending=PROJECT_QUEUE.c.pending + bindparam("b_pending"),
        running=PROJECT_QUEUE.c.running + bindparam("b_running"),
    )
)


@lru_cache(maxsize=64)
def _batch_counter_statement(src: str | None, dst: str):
    values = {
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


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _ensure_project_row(session: Session, project_id: str) -> None:
    """Create the project's counter row if missing; safe when two transactions race."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.connection().execute(
        insert(PROJECT_QUEUE)
        .values(project_id=project_id, pending=0, running=0, last_claim_at=utcnow())
        .on_conflict_do_nothing(index_elements=["project_id"])
    )


def _bump_project(session: Session, project_id: str, pending: int = 0, running: int = 0) -> None:
    if not pending and not running:
        return
    params = {"b_project": project_id, "b_pending": pending, "b_running": running}
    if session.connection().execute(BUMP_PROJECT, params).rowcount == 0:
        _ensure_project_row(session, project_id)
        session.connection().execute(BUMP_PROJECT, params)


def _shift(
    session: Session,
    jobs: Iterable[Job | tuple[str, str | None]],
    src: JobStatus | None,
    dst: JobStatus,
    *,
    pages: Counter[str] | None = None,
) -> None:
    """Move counters for ``jobs`` (rows or (project_id, batch_id) pairs) from src to dst.

    Batches whose counters cross a threshold (first job started, last job done) are settled.
    """
    per_project: Counter[str] = Counter()
    per_batch: Counter[str] = Counter()
    for job in jobs:
        project_id, batch_id = job if isinstance(job, tuple) else (job.project_id, job.batch_id)
        per_project[project_id] += 1
        if batch_id:
            per_batch[batch_id] += 1
    for project_id, n in per_project.items():
        delta = {"pending": 0, "running": 0}
        for status, sign in ((src, -1), (dst, 1)):
            if status in (JobStatus.PENDING, JobStatus.RUNNING):
                delta[COUNTER[status]] += sign * n
        _bump_project(session, project_id, **delta)
    to_settle = []
    statement = _batch_counter_statement(COUNTER[src] if src else None, COUNTER[dst])
    for batch_id, n in per_batch.items():
        row = (
            session.connection()
            .execute(
                statement,
                {"b_batch": batch_id, "b_n": n, "b_pages": (pages or {}).get(batch_id, 0)},
            )
            .first()
        )
        if row is None or row.status in TERMINAL_BATCH:
            continue
        done = row.pending == 0 and row.running == 0
        if done or row.status != BatchStatus.RUNNING:
            to_settle.append(batch_id)
    if to_settle:
        settle_batches(session, to_settle)


def settle_batches(session: Session, batch_ids: list[str]) -> None:
    """Advance batches whose counters say so: first job started, or every job done."""
    now = utcnow()
    for batch in session.scalars(
        select(Batch).where(Batch.id.in_(batch_ids)).execution_options(populate_existing=True)
    ):
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


def add_pending(session: Session, jobs: list[Job]) -> None:
    """Count freshly inserted PENDING jobs (the rows are already added to the session)."""
    _shift(session, jobs, None, JobStatus.PENDING)


def claim(
    session: Session,
    owner: str,
    *,
    limit: int,
    project_limit: int,
    lease_seconds: float,
    kinds: tuple[str, ...] = ("parse", "extract"),
) -> list[Job]:
    """Claim up to ``limit`` runnable jobs from the least-served project under its limit."""
    now = utcnow()
    pg = _is_pg(session)
    candidates = (
        select(PROJECT_QUEUE.c.project_id, PROJECT_QUEUE.c.running)
        .where(PROJECT_QUEUE.c.pending > 0, PROJECT_QUEUE.c.running < project_limit)
        .order_by(PROJECT_QUEUE.c.running, PROJECT_QUEUE.c.last_claim_at)
        .limit(8)
    )
    if pg:
        # Workers skip a project another worker is claiming from and try the next one.
        candidates = candidates.with_for_update(skip_locked=True)
    for project_id, running in session.execute(candidates).all():
        room = min(limit, project_limit - running)
        ids = (
            select(Job.id)
            .where(
                Job.project_id == project_id,
                Job.status == JobStatus.PENDING,
                Job.run_after <= now,
                Job.kind.in_(kinds),
            )
            .order_by(Job.created_at, Job.id)
            .limit(room)
        )
        if pg:
            ids = ids.with_for_update(skip_locked=True)
        claimed = list(
            session.scalars(
                update(Job)
                .where(Job.id.in_(ids.scalar_subquery()), Job.status == JobStatus.PENDING)
                .values(
                    status=JobStatus.RUNNING,
                    lease_owner=owner,
                    lease_expires_at=now + timedelta(seconds=lease_seconds),
                    attempts=Job.attempts + 1,
                    started_at=func.coalesce(Job.started_at, now),
                    updated_at=now,
                )
                .returning(Job)
                .execution_options(synchronize_session=False)
            )
        )
        if not claimed:
            continue
        session.connection().execute(
            PROJECT_QUEUE.update()
            .where(PROJECT_QUEUE.c.project_id == project_id)
            .values(last_claim_at=now)
        )
        _shift(session, claimed, JobStatus.PENDING, JobStatus.RUNNING)
        for job in claimed:
            events.job_event(session, job, "running")
        return claimed
    return []


def heartbeat(session: Session, owners: list[str], lease_seconds: float) -> int:
    """Extend the leases of every job the given worker processes hold."""
    if not owners:
        return 0
    res = session.execute(
        update(Job)
        .where(Job.status == JobStatus.RUNNING, Job.lease_owner.in_(owners))
        .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
    )
    return res.rowcount


def _held(
    session: Session, job_id: str, owner: str | None, expired_before: datetime | None = None
) -> Job | None:
    stmt = select(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
    if owner is not None:
        stmt = stmt.where(Job.lease_owner == owner)
    if expired_before is not None:
        # Re-checked under the row lock: a heartbeat may have renewed it since we looked.
        stmt = stmt.where(Job.lease_expires_at < expired_before)
    if _is_pg(session):
        stmt = stmt.with_for_update()
    return session.scalars(stmt.execution_options(populate_existing=True)).first()


def finish(
    session: Session,
    job_id: str,
    owner: str | None,
    status: JobStatus,
    **fields,
) -> bool:
    """Finish a RUNNING job held by ``owner``. Idempotent: a second finish changes nothing."""
    return finish_many(session, owner, [(job_id, status, fields)]) == 1


def finish_many(
    session: Session,
    owner: str | None,
    outcomes: list[tuple[str, JobStatus, dict]],
) -> int:
    """Finish several jobs in one transaction (a worker groups fast jobs); returns how many.

    A job that is no longer RUNNING under ``owner`` (reclaimed, cancelled) is left alone.
    """
    now = utcnow()
    finished: dict[JobStatus, list[tuple[str, str | None]]] = {}
    pages: dict[JobStatus, Counter[str]] = {}
    with_hooks: list[tuple[str, JobStatus]] = []
    statement = FINISH[owner is not None]
    connection = session.connection()
    for job_id, status, fields in outcomes:
        unknown = set(fields) - set(OUTCOME_FIELDS)
        if unknown:
            raise ValueError(f"not outcome fields: {sorted(unknown)}")
        params = {f"b_{f}": fields.get(f) for f in OUTCOME_FIELDS}
        params.update(b_id=job_id, b_owner=owner, b_status=str(status), b_now=now)
        row = connection.execute(statement, params).first()
        if row is None:
            continue
        finished.setdefault(status, []).append((row.project_id, row.batch_id))
        if row.batch_id and row.page_count:
            pages.setdefault(status, Counter())[row.batch_id] += row.page_count
        if row.webhooks:
            with_hooks.append((job_id, status))
    for status, keys in finished.items():
        _shift(session, keys, JobStatus.RUNNING, status, pages=pages.get(status))
    for job_id, status in with_hooks:
        job = session.get(Job, job_id, populate_existing=True)
        events.job_event(session, job, events.JOB_SUFFIX[status])
    return sum(len(v) for v in finished.values())


def release(
    session: Session,
    job_id: str,
    owner: str | None,
    reason: str,
    *,
    expired_before: datetime | None = None,
) -> bool:
    """An attempt ended without a result (worker died, lease lost): retry later or fail."""
    job = _held(session, job_id, owner, expired_before)
    if job is None:
        return False
    if job.cancel_requested:
        return finish(session, job_id, owner, JobStatus.CANCELLED, error_message="cancelled")
    decision = decide_retry(job.attempts, job.max_attempts, reason)
    if not decision.retry:
        return finish(session, job_id, owner, JobStatus.FAILED, error_message=decision.reason)
    now = utcnow()
    job.status = JobStatus.PENDING
    job.run_after = now + decision.delay
    job.lease_owner = None
    job.lease_expires_at = None
    job.error_message = f"attempt {job.attempts} failed: {reason}; retrying"
    job.updated_at = now
    session.flush()
    _shift(session, [job], JobStatus.RUNNING, JobStatus.PENDING)
    return True


def reap_expired(session: Session, now: datetime | None = None) -> int:
    """Release every job whose lease ran out (its worker or machine is gone)."""
    now = now or utcnow()
    stmt = select(Job.id, Job.lease_owner).where(
        Job.status == JobStatus.RUNNING, Job.lease_expires_at < now
    )
    reaped = 0
    for job_id, owner in session.execute(stmt.limit(500)).all():
        reaped += release(
            session,
            job_id,
            owner,
            f"worker {owner} stopped renewing its lease",
            expired_before=now,
        )
    return reaped


def cancel_job(session: Session, job: Job) -> None:
    """PENDING jobs are cancelled at once; RUNNING ones are flagged for their worker to stop.

    Both are guarded updates: a worker may claim the job between our read and our write.
    """
    now = utcnow()
    res = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.PENDING)
        .values(status=JobStatus.CANCELLED, finished_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if res.rowcount:
        session.refresh(job)
        _shift(session, [job], JobStatus.PENDING, JobStatus.CANCELLED)
        events.job_event(session, job, "cancelled")
        return
    session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.RUNNING)
        .values(cancel_requested=True, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(job)


def cancel_pending_of_batch(session: Session, batch: Batch) -> int:
    """Cancel every unstarted job of a batch in one statement; flag the running ones."""
    now = utcnow()
    res = session.execute(
        update(Job)
        .where(Job.batch_id == batch.id, Job.status == JobStatus.PENDING)
        .values(status=JobStatus.CANCELLED, finished_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    n = res.rowcount
    if n:
        _bump_project(session, batch.project_id, pending=-n)
        # Expressions, not Python arithmetic: workers move these counters concurrently.
        session.execute(
            update(Batch)
            .where(Batch.id == batch.id)
            .values(pending=Batch.pending - n, cancelled=Batch.cancelled + n)
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(Job)
        .where(Job.batch_id == batch.id, Job.status == JobStatus.RUNNING)
        .values(cancel_requested=True, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(batch)
    return n


def count_new_pending(session: Session, project_id: str, n: int) -> None:
    """Count ``n`` PENDING jobs inserted in bulk (their batch counters are set by the caller)."""
    _bump_project(session, project_id, pending=n)
