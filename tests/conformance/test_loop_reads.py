"""Hot SQLite reads run in the event loop, and a busy database never stalls that loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import Connection, text

from sheaf.api.deps import Runtime, read_only
from sheaf.api.loop_reads import loop_reader_for
from sheaf.settings import Settings
from sheaf.store.db import Database

HOLD_SECONDS = 1.5


def _count(conn: Connection) -> int:
    return conn.execute(text("SELECT count(*) FROM t")).scalar_one()


def _count_and_thread(conn: Connection) -> tuple[int, str]:
    return _count(conn), threading.current_thread().name


def _runtime(path: Path) -> Runtime:
    url = f"sqlite:///{path}"
    return Runtime(
        settings=Settings(),
        db=Database(url),
        blobs=None,  # type: ignore[arg-type]  # read_only never touches blobs
        download_secret="",
        loop_reader=loop_reader_for(url),
    )


def _make_db(path: Path) -> None:
    setup = sqlite3.connect(path, isolation_level=None)
    setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (x INTEGER)")
    setup.execute("INSERT INTO t VALUES (1)")
    setup.close()


def test_reads_run_in_the_loop_on_sqlite_files_only(tmp_path: Path) -> None:
    _make_db(tmp_path / "a.db")
    runtime = _runtime(tmp_path / "a.db")
    assert runtime.loop_reader is not None
    assert loop_reader_for("sqlite:///:memory:") is None
    assert loop_reader_for("postgresql+psycopg://u@h/db") is None

    async def main() -> tuple[int, str]:
        loop_thread = threading.current_thread().name
        seen = await read_only(runtime, _count_and_thread)
        assert seen[1] == loop_thread  # no hop to a worker thread
        return seen

    assert asyncio.run(main())[0] == 1


def test_a_locked_database_is_waited_for_in_a_thread_not_in_the_loop(tmp_path: Path) -> None:
    """While another connection holds SQLite's exclusive lock, the loop's read gives up at
    once and the read is repeated in a worker thread, which waits for the lock; the event
    loop keeps serving (here: a ticker) the whole time."""
    path = tmp_path / "b.db"
    _make_db(path)
    runtime = _runtime(path)
    lock = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    lock.execute("PRAGMA locking_mode=EXCLUSIVE")
    lock.execute("BEGIN EXCLUSIVE")
    lock.execute("INSERT INTO t VALUES (2)")

    def release() -> None:
        time.sleep(HOLD_SECONDS)
        lock.execute("COMMIT")
        lock.execute("PRAGMA locking_mode=NORMAL")
        lock.execute("SELECT 1 FROM t")  # the next access drops the exclusive lock
        lock.close()

    async def main() -> tuple[int, float, int]:
        ticks = 0
        done = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not done.is_set():
                await asyncio.sleep(0.05)
                ticks += 1

        task = asyncio.create_task(ticker())
        threading.Thread(target=release).start()
        started = time.monotonic()
        count = await read_only(runtime, _count)
        elapsed = time.monotonic() - started
        done.set()
        await task
        return count, elapsed, ticks

    count, elapsed, ticks = asyncio.run(main())
    assert count == 2  # the committed row: the read waited for the writer, then saw it
    assert elapsed >= HOLD_SECONDS * 0.9
    assert ticks >= 10  # the loop was never blocked by the wait
    runtime.db.dispose()
