"""The queue on SQLite: one machine, writers serialised by the database's write lock.

A claim runs inside a write transaction (BEGIN IMMEDIATE, see ``store/db.py``), so no two
processes can read the same PENDING rows: no row locks are needed.
"""

from __future__ import annotations

from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from sheaf.queue.sql import PROJECT_QUEUE, SqlQueue
from sheaf.store.types import utcnow

__all__ = ["SqliteQueue"]


class SqliteQueue(SqlQueue):
    dialect = "sqlite"

    def _insert_project_row(self, session: Session, project_id: str) -> None:
        session.connection().execute(
            insert(PROJECT_QUEUE)
            .values(project_id=project_id, pending=0, running=0, last_claim_at=utcnow())
            .on_conflict_do_nothing(index_elements=["project_id"])
        )
