"""SQLite reads for the hottest GETs run in the event loop itself, not in a worker thread.

A status poll's own work is one indexed row read: ~30 µs of SQLite. Handing it to the thread
pool and back cost more than that (two wake-ups, a future, a loop callback), and worse, every
in-flight poll became a thread competing with the event loop for the GIL: under 32 or 100
polling clients the loop waited for the GIL behind dozens of threads, which is where much of
the latency tail and the CPU per request went.

In WAL mode a reader never waits for a writer, so a read transaction on a local SQLite file
is bounded CPU work; the loop owns one connection (its own engine, used by nothing else, one
call at a time, so no pool wait can block it). The one way a WAL read can wait, SQLite's busy
handler (a WAL being recovered or reset), is turned off on this connection: such a read
fails at once and ``read_only`` repeats it in a worker thread. PostgreSQL reads (a network
round trip) always go to a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Connection

from sheaf.store.db import make_engine, sqlite_file

__all__ = ["LoopReader", "loop_reader_for"]

T = TypeVar("T")


class LoopReader:
    """Read-only transactions on one SQLite connection that only the event loop uses."""

    def __init__(self, url: str) -> None:
        # A lock is never waited for; the connection is kept between reads (a pool checkout
        # and check-in cost a third of a status read).
        self.engine = make_engine(url, wait_seconds=0)
        self._conn: Connection | None = None

    def run(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        """``fn(connection, *args)`` in one read transaction, rolled back at the end.

        Raises ``sqlalchemy.exc.OperationalError`` when SQLite was busy; nothing was
        changed, so the caller may simply repeat the read elsewhere. Between calls no
        transaction is open, so the connection holds no WAL snapshot back.
        """
        conn = self._conn
        if conn is None or conn.closed or conn.invalidated:
            conn = self._conn = self.engine.connect()
        transaction = conn.begin()
        try:
            return fn(conn, *args)
        finally:
            transaction.rollback()

    def dispose(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.engine.dispose()


def loop_reader_for(url: str) -> LoopReader | None:
    """A reader for a SQLite file database; ``None`` where reads must leave the loop."""
    if sqlite_file(url) is None:
        return None
    return LoopReader(url)
