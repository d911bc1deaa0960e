"""The queue on PostgreSQL: many processes on many machines claim with row locks.

Claimers lock the project's counter row and the jobs they take with ``FOR UPDATE SKIP
LOCKED``: a second claimer skips a project another one is serving and tries the next, and
the counter it reads under the lock is the committed one, so the project cap holds.
"""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from sheaf.queue.sql import PROJECT_QUEUE, SqlQueue
from sheaf.store.types import utcnow

__all__ = ["PostgresQueue"]


class PostgresQueue(SqlQueue):
    dialect = "postgresql"

    def _insert_project_row(self, session: Session, project_id: str) -> None:
        # Two transactions may create the row at once: the loser does nothing.
        session.connection().execute(
            insert(PROJECT_QUEUE)
            .values(project_id=project_id, pending=0, running=0, last_claim_at=utcnow())
            .on_conflict_do_nothing(index_elements=["project_id"])
        )

    def _lock(self, stmt: Select) -> Select:
        return stmt.with_for_update(skip_locked=True)

    def _lock_row(self, stmt: Select) -> Select:
        return stmt.with_for_update()
