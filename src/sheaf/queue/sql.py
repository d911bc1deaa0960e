"""The queue in SQL: what SQLite and PostgreSQL share. Each dialect module adds its locking.

Statements on the hot path (every finished job, every claim) are built once: building
SQLAlchemy expressions per call cost more than running them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, cast

from sqlalchemy import (
    Connection,
    CursorResult,
    Integer,
    Select,
    Table,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from sheaf.queue.base import OUTCOME_FIELDS, Outcome, Transition
from sheaf.queue.retry import decide_retry
from sheaf.queue.states import JobStatus
from sheaf.store.queue_tables import Job, ProjectQueue
from sheaf.store.types import utcnow

__all__ = ["SqlQueue"]

JOBS = cast(Table, Job.__table__)
PROJECT_QUEUE = cast(Table, ProjectQueue.__table__)


def _owned(with_owner: bool) -> list:
    where = [JOBS.c.status == JobStatus.RUNNING.value]
    if with_owner:
        where.append(JOBS.c.lease_owner == bindparam("b_owner"))
    return where


def _finish_statement(with_owner: bool):
    # Run as one executemany over the jobs the held-rows select returned; the guard stays so
    # the statement alone is never wrong.
    return (
        JOBS.update()
        .where(JOBS.c.id == bindparam("b_id"), *_owned(with_owner))
        .values(
            status=bindparam("b_status"),
            finished_at=bindparam("b_now"),
            updated_at=bindparam("b_now"),
            lease_owner=None,
            lease_expires_at=None,
            **{f: bindparam(f"b_{f}", required=False) for f in OUTCOME_FIELDS},
        )
    )


def _held_statement(with_owner: bool) -> Select:
    # Ordered by id so two transactions locking overlapping rows (PostgreSQL) take them in
    # the same order.
    return (
        select(JOBS.c.id, JOBS.c.project_id, JOBS.c.batch_id, JOBS.c.webhooks)
        .where(JOBS.c.id.in_(bindparam("b_ids", expanding=True)), *_owned(with_owner))
        .order_by(JOBS.c.id)
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
# A claim of n jobs: n move from pending to running, and the project goes to the back of the
# fair order (one statement on the row the claim read).
CLAIM_PROJECT = (
    PROJECT_QUEUE.update()
    .where(PROJECT_QUEUE.c.project_id == bindparam("b_project"))
    .values(
        pending=PROJECT_QUEUE.c.pending - bindparam("b_n"),
        running=PROJECT_QUEUE.c.running + bindparam("b_n"),
        last_claim_at=bindparam("b_now"),
    )
)
# Projects looked at per claim (served longest ago first); more only matters when that
# many projects all have every slot taken.
CLAIM_CANDIDATES = 16
# Which project counter holds a job in each state (terminal states are not counted here).
_COUNTED = {JobStatus.PENDING: "pending", JobStatus.RUNNING: "running"}


class SqlQueue:
    """Shared implementation; subclasses set how rows are locked and inserted."""

    dialect = "sql"
    # The dialect's INSERT construct (both have ON CONFLICT DO NOTHING); set by each module.
    insert: Any = None

    # -- dialect hooks --------------------------------------------------------------------------
    def _insert_project_row(self, session: Session, project_id: str) -> None:
        # Two transactions may create the row at once: the loser does nothing.
        session.connection().execute(
            self.insert(PROJECT_QUEUE)
            .values(project_id=project_id, pending=0, running=0, last_claim_at=utcnow())
            .on_conflict_do_nothing(index_elements=["project_id"])
        )

    def _lock(self, stmt: Select) -> Select:
        """Lock the selected rows, skipping ones others hold (PostgreSQL); SQLite needs none."""
        return stmt

    def _lock_row(self, stmt: Select) -> Select:
        """Lock the selected row, waiting for its holder (PostgreSQL); SQLite needs none."""
        return stmt

    # -- claim statements, built once per dialect (building them cost more than running them)
    @cached_property
    def _claimable_statement(self) -> Select:
        # Round robin: the project served longest ago first. Running rows are no measure of
        # service now that a worker holds a group of fast jobs (64 rows, one worker), so
        # ordering by them would put projects of small files behind every other one.
        stmt = (
            select(PROJECT_QUEUE.c.project_id, PROJECT_QUEUE.c.running)
            .where(PROJECT_QUEUE.c.pending > 0)
            .order_by(PROJECT_QUEUE.c.last_claim_at, PROJECT_QUEUE.c.project_id)
            .limit(CLAIM_CANDIDATES)
        )
        return self._lock(stmt)

    @cached_property
    def _slots_statement(self) -> Select:
        return select(func.count(JOBS.c.lease_owner.distinct())).where(
            JOBS.c.project_id == bindparam("b_project"),
            JOBS.c.status == JobStatus.RUNNING.value,
        )

    def _slots(self, connection: Connection, project_id: str) -> int:
        """Worker processes holding the project's jobs: what its cap limits."""
        return connection.execute(self._slots_statement, {"b_project": project_id}).scalar() or 0

    @cached_property
    def _pick_statement(self) -> Select:
        stmt = (
            select(JOBS.c.id)
            .where(
                JOBS.c.project_id == bindparam("b_project"),
                JOBS.c.status == JobStatus.PENDING.value,
                JOBS.c.run_after <= bindparam("b_now"),
                JOBS.c.kind.in_(bindparam("b_kinds", expanding=True)),
            )
            .order_by(JOBS.c.created_at, JOBS.c.id)
            .limit(bindparam("b_room", type_=Integer))
        )
        return self._lock(stmt)

    @cached_property
    def _take_statement(self):
        return (
            JOBS.update()
            .where(
                JOBS.c.id.in_(bindparam("b_ids", expanding=True)),
                JOBS.c.status == JobStatus.PENDING.value,
            )
            .values(
                status=JobStatus.RUNNING.value,
                lease_owner=bindparam("b_owner"),
                lease_expires_at=bindparam("b_expires"),
                attempts=JOBS.c.attempts + 1,
                started_at=func.coalesce(JOBS.c.started_at, bindparam("b_now")),
                updated_at=bindparam("b_now"),
            )
            .returning(*JOBS.c)
        )

    def _claimable_projects(self, connection: Connection) -> list[Any]:
        return list(connection.execute(self._claimable_statement))

    # -- counters -------------------------------------------------------------------------------
    def _bump_project(self, session: Session, project_id: str, pending: int, running: int) -> None:
        if not pending and not running:
            return
        params = {"b_project": project_id, "b_pending": pending, "b_running": running}
        if session.connection().execute(BUMP_PROJECT, params).rowcount == 0:
            self._insert_project_row(session, project_id)
            session.connection().execute(BUMP_PROJECT, params)

    def _count(self, session: Session, moves: list[Transition]) -> None:
        per_project: dict[str, Counter[str]] = {}
        for move in moves:
            delta = per_project.setdefault(move.project_id, Counter())
            if move.src in _COUNTED:
                delta[_COUNTED[move.src]] -= 1
            if move.dst in _COUNTED:
                delta[_COUNTED[move.dst]] += 1
        for project_id, delta in per_project.items():
            self._bump_project(session, project_id, delta["pending"], delta["running"])

    def count_enqueued(self, session: Session, project_id: str, n: int) -> None:
        self._bump_project(session, project_id, n, 0)

    # -- claim ----------------------------------------------------------------------------------
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
        now = utcnow()
        connection = session.connection()
        for project_id, running in self._claimable_projects(connection):
            # The cap counts worker processes, not rows: a worker holding a group of fast
            # jobs runs them one after another, so it occupies one of the project's slots.
            # Fewer running rows than the cap means fewer holders too (no query needed).
            if running >= project_limit and self._slots(connection, project_id) >= project_limit:
                continue
            room = limit
            # Two statements, not UPDATE … WHERE id IN (SELECT … LIMIT n): PostgreSQL may run
            # such a subquery more than once (a semi-join re-evaluated under SKIP LOCKED),
            # taking more than ``room`` jobs and breaking the project's cap.
            pick = {"b_project": project_id, "b_now": now, "b_kinds": list(kinds), "b_room": room}
            ids: list[str] = list(connection.execute(self._pick_statement, pick).scalars())
            if not ids:
                continue
            take = {
                "b_ids": ids,
                "b_owner": owner,
                "b_expires": now + timedelta(seconds=lease_seconds),
                "b_now": now,
            }
            # Plain rows, not ORM entities: loading entities cost more than the claim's
            # statements. Runners only read a claimed job's columns.
            rows = list(connection.execute(self._take_statement, take))
            if not rows:
                continue
            order = {job_id: i for i, job_id in enumerate(ids)}
            rows.sort(key=lambda row: order[row.id])  # oldest first, as picked
            claimed = {"b_project": project_id, "b_n": len(rows), "b_now": now}
            connection.execute(CLAIM_PROJECT, claimed)
            return [cast(Job, row) for row in rows]
        return []

    # -- leases ---------------------------------------------------------------------------------
    def heartbeat(self, session: Session, owners: list[str], lease_seconds: float) -> int:
        if not owners:
            return 0
        res = session.execute(
            update(Job)
            .where(Job.status == JobStatus.RUNNING, Job.lease_owner.in_(owners))
            .values(lease_expires_at=utcnow() + timedelta(seconds=lease_seconds))
        )
        return int(cast(CursorResult, res).rowcount)

    def expired(
        self, session: Session, now: datetime, limit: int = 500
    ) -> list[tuple[str, str | None]]:
        stmt = (
            select(Job.id, Job.lease_owner)
            .where(Job.status == JobStatus.RUNNING, Job.lease_expires_at < now)
            .limit(limit)
        )
        return [(job_id, owner) for job_id, owner in session.execute(stmt).all()]

    def held_by(self, session: Session, owners: list[str]) -> list[tuple[str, str | None]]:
        if not owners:
            return []
        stmt = select(Job.id, Job.lease_owner).where(
            Job.status == JobStatus.RUNNING, Job.lease_owner.in_(owners)
        )
        return [(job_id, owner) for job_id, owner in session.execute(stmt).all()]

    def _held(
        self,
        session: Session,
        job_id: str,
        owner: str | None,
        expired_before: datetime | None,
    ) -> Job | None:
        stmt = select(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
        if owner is not None:
            stmt = stmt.where(Job.lease_owner == owner)
        if expired_before is not None:
            # Re-checked under the row lock: a heartbeat may have renewed it since we looked.
            stmt = stmt.where(Job.lease_expires_at < expired_before)
        stmt = self._lock_row(stmt).execution_options(populate_existing=True)
        return session.scalars(stmt).first()

    # -- endings --------------------------------------------------------------------------------
    @cached_property
    def _held_statements(self) -> dict[bool, Select]:
        return {w: self._lock_row(_held_statement(w)) for w in (True, False)}

    def finish(
        self, session: Session, owner: str | None, outcomes: list[Outcome]
    ) -> list[Transition]:
        """Two statements for any number of jobs: read (and lock) the ones still held, then
        one executemany UPDATE; a statement per job cost more than the job's own work."""
        wanted: dict[str, Outcome] = {}
        for outcome in outcomes:
            unknown = set(outcome[2]) - set(OUTCOME_FIELDS)
            if unknown:
                raise ValueError(f"not outcome fields: {sorted(unknown)}")
            wanted.setdefault(outcome[0], outcome)  # the first report of a job wins
        if not wanted:
            return []
        connection = session.connection()
        held = connection.execute(
            self._held_statements[owner is not None], {"b_ids": list(wanted), "b_owner": owner}
        ).all()
        if not held:
            return []  # reclaimed, cancelled or already finished: nothing to do
        now = utcnow()
        moves: list[Transition] = []
        params: list[dict[str, Any]] = []
        for row in held:
            job_id, status, fields = wanted[row.id]
            param = {f"b_{f}": fields.get(f) for f in OUTCOME_FIELDS}
            param.update(b_id=job_id, b_owner=owner, b_status=str(status), b_now=now)
            params.append(param)
            moves.append(
                Transition(
                    job_id,
                    row.project_id,
                    row.batch_id,
                    JobStatus.RUNNING,
                    JobStatus(status),
                    fields.get("page_count") or 0,
                    bool(row.webhooks),
                )
            )
        connection.execute(FINISH[owner is not None], params)
        self._count(session, moves)
        return moves

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
        job = self._held(session, job_id, owner, expired_before)
        if job is None:
            return None
        if job.cancel_requested:
            done = self.finish(
                session,
                job.lease_owner,
                [(job_id, JobStatus.CANCELLED, {"error_message": "cancelled"})],
            )
            return done[0] if done else None
        now = utcnow()
        if charge:
            decision = decide_retry(job.attempts, job.max_attempts, reason)
            if not decision.retry:
                done = self.finish(
                    session,
                    job.lease_owner,
                    [(job_id, JobStatus.FAILED, {"error_message": decision.reason})],
                )
                return done[0] if done else None
            job.run_after = now + decision.delay
            job.error_message = f"attempt {job.attempts} failed: {reason}; retrying"
        else:
            job.attempts = max(0, job.attempts - 1)  # this attempt does not count
            job.run_after = now
        job.status = JobStatus.PENDING
        job.lease_owner = None
        job.lease_expires_at = None
        job.updated_at = now
        session.flush()
        move = Transition(
            job.id, job.project_id, job.batch_id, JobStatus.RUNNING, JobStatus.PENDING
        )
        self._count(session, [move])
        return move

    def cancel(self, session: Session, job_id: str) -> Transition | None:
        now = utcnow()
        row = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.PENDING)
            .values(status=JobStatus.CANCELLED, finished_at=now, updated_at=now)
            .returning(Job.project_id, Job.batch_id, Job.webhooks)
            .execution_options(synchronize_session=False)
        ).first()
        if row is not None:
            move = Transition(
                job_id,
                row.project_id,
                row.batch_id,
                JobStatus.PENDING,
                JobStatus.CANCELLED,
                0,
                bool(row.webhooks),
            )
            self._count(session, [move])
            return move
        # Guarded: a worker may have claimed it between our read and our write.
        session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING)
            .values(cancel_requested=True, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return None

    def cancel_batch(self, session: Session, batch_id: str, project_id: str) -> int:
        now = utcnow()
        result = session.execute(
            update(Job)
            .where(Job.batch_id == batch_id, Job.status == JobStatus.PENDING)
            .values(status=JobStatus.CANCELLED, finished_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        n = int(cast(CursorResult, result).rowcount)
        session.execute(
            update(Job)
            .where(Job.batch_id == batch_id, Job.status == JobStatus.RUNNING)
            .values(cancel_requested=True, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        # The project's counter row last, after every job row: a finishing worker holds its
        # job row and then takes this one, so the other order deadlocks (PostgreSQL).
        self._bump_project(session, project_id, -n, 0)
        return n
