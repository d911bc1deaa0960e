"""The queue on SQLite: one machine, writers serialised by the database's write lock.

A claim runs inside a write transaction (BEGIN IMMEDIATE, see ``store/db.py``), so no two
processes can read the same PENDING rows: no row locks are needed.
"""

from __future__ import annotations

from sqlalchemy.dialects import sqlite

from sheaf.queue.sql import SqlQueue

__all__ = ["SqliteQueue"]


class SqliteQueue(SqlQueue):
    dialect = "sqlite"
    insert = staticmethod(sqlite.insert)
