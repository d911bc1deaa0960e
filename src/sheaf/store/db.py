"""Database engine, sessions and migrations (SQLite by default, PostgreSQL to scale out)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database", "migrate", "sqlite_file"]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def _sqlite_setup(wait_seconds: float, checkpoints: bool):
    def configure(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # Set first: the busy handler also governs the statements below.
        cursor.execute(f"PRAGMA busy_timeout={round(wait_seconds * 1000)}")
        # WAL lets readers run while one writer commits; busy_timeout makes writers queue
        # instead of failing when several processes (API + workers) share the file.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        if not checkpoints:
            # This process's commits leave the WAL to be copied back by someone else (see
            # checkpoint): the copy and its fsyncs would otherwise run inside a commit,
            # holding the writer lock every other process waits for.
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()
        # Let SQLAlchemy's "begin" event issue BEGIN itself (see _begin_sqlite).
        dbapi_connection.isolation_level = None

    return configure


class _WriterLock:
    """Serialise SQLite writers of every process through ``flock`` on a side file.

    SQLite's own busy handler polls with growing sleeps (1, 2, 5 … 25 ms), which wastes most
    of the time of short write transactions when a few processes compete; a blocked
    ``flock`` wakes as soon as the holder is done. The lock is taken when a write
    transaction actually begins (its first statement) and released when its connection
    goes back to the pool, after the commit or rollback, so work a request does before
    touching the database (such as copying an upload) holds nothing.
    """

    KEY = "sheaf_writer_lock_fd"

    def __init__(self, path: Path) -> None:
        self.path = path

    def acquire(self, record_info: dict) -> None:
        if self.KEY in record_info:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        record_info[self.KEY] = fd

    def release(self, record_info: dict) -> None:
        fd = record_info.pop(self.KEY, None)
        if fd is not None:
            os.close(fd)  # closing releases the lock


def _sqlite_begin_hook(lock: _WriterLock | None):
    def begin(conn) -> None:
        # A write transaction must take the write lock up front (BEGIN IMMEDIATE): a deferred
        # transaction that reads and then writes fails with "database is locked" without
        # waiting when another process committed in between. Reads stay deferred.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode == "IMMEDIATE" and lock is not None:
            lock.acquire(conn.info)
        conn.exec_driver_sql(f"BEGIN {mode}")

    return begin


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite database URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1]
    return path if path and path != ":memory:" else None


POOL_SIZE = 40  # at least the API's concurrency limit, so a request never waits for one


def make_engine(url: str, *, wait_seconds: float = 30, checkpoints: bool = True) -> Engine:
    """The engine for ``url``; on SQLite a statement waits up to ``wait_seconds`` for a lock.

    ``checkpoints=False`` (SQLite): commits never copy the WAL back into the database; the
    process relies on another one calling :meth:`Database.checkpoint` (worker children and
    their supervisor).
    """
    if url.startswith("sqlite"):
        path = sqlite_file(url)
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": wait_seconds},
            pool_size=POOL_SIZE,
            max_overflow=8,
        )
        lock = _WriterLock(Path(f"{path}.writelock")) if path else None
        event.listen(engine, "connect", _sqlite_setup(wait_seconds, checkpoints))
        event.listen(engine, "begin", _sqlite_begin_hook(lock))
        if lock is not None:
            # After commit/rollback, when the connection returns to the pool (or is dropped).
            for name in ("checkin", "invalidate", "close"):
                event.listen(
                    engine.pool, name, lambda _dbapi, record, *_a: lock.release(record.info)
                )
        return engine
    try:
        return create_engine(url, pool_size=POOL_SIZE, max_overflow=8, pool_pre_ping=True)
    except ImportError as exc:  # the driver ships as an extra: say which
        extra = " (pip install 'sheaf[postgres]')" if url.startswith("postgresql") else ""
        raise RuntimeError(f"no database driver for {url.split(':', 1)[0]}{extra}: {exc}") from exc


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str, *, checkpoints: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url, checkpoints=checkpoints)
        self.sessionmaker = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        self.read_sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on error.

        ``write=False`` is for read-only work: on SQLite it does not take the write lock.
        """
        factory = self.sessionmaker if write else self.read_sessionmaker
        with factory() as session, session.begin():
            yield session

    def checkpoint(self) -> None:
        """SQLite: copy committed WAL pages back into the database without blocking anyone
        (PASSIVE: no lock taken, pages a reader still needs wait for the next call)."""
        if self.dialect == "sqlite":
            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def dispose(self) -> None:
        self.engine.dispose()


def migrate(url: str) -> None:
    """Bring the schema to the newest revision; safe to run from several processes."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(cfg, "head")
