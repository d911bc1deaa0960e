"""The queue on PostgreSQL: many processes on many machines claim with row locks.

Claimers lock the project's counter row and the jobs they take with ``FOR UPDATE SKIP
LOCKED``: a second claimer skips a project another one is serving and tries the next, and
the counter it reads under the lock is the committed one, so the project cap holds.
"""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.dialects import postgresql

from sheaf.queue.sql import SqlQueue

__all__ = ["PostgresQueue"]


class PostgresQueue(SqlQueue):
    dialect = "postgresql"
    insert = staticmethod(postgresql.insert)

    def _lock(self, stmt: Select) -> Select:
        return stmt.with_for_update(skip_locked=True)

    def _lock_row(self, stmt: Select) -> Select:
        return stmt.with_for_update()
