"""Worker processes' commits leave the SQLite WAL to their supervisor's checkpoint, so the
copy-back and its fsyncs never run inside a commit that holds the writer lock (issue 14)."""

from __future__ import annotations

from sqlalchemy import text

from sheaf.store.db import Database


def _wal_frames(db: Database) -> tuple[int, int]:
    """(frames in the WAL, frames copied back): a second PASSIVE checkpoint reports them."""
    with db.engine.connect() as connection:
        _busy, log, done = connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    return log, done


def _write_a_lot(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (x BLOB)"))
    for _ in range(30):  # ~30 commits of 200 KiB: far past the 1,000-page auto-checkpoint
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO filler VALUES (randomblob(4096))"), [{}] * 50)


def test_a_worker_database_leaves_the_wal_to_the_checkpoint(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    worker = Database(url, checkpoints=False)
    _write_a_lot(worker)
    wal = tmp_path / "w.db-wal"
    # No commit copied anything back: the WAL holds every page written (> 1,000 pages,
    # where a normal connection would have checkpointed and restarted it).
    assert wal.stat().st_size > 1000 * 4096
    supervisor = Database(url)
    supervisor.checkpoint()
    log, done = _wal_frames(supervisor)
    assert log > 1000 and done == log  # everything copied back by the checkpoint
    worker.dispose()
    supervisor.dispose()


def test_a_normal_database_still_checkpoints_in_its_commits(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    db = Database(url)
    _write_a_lot(db)
    # Auto-checkpoints restarted the WAL along the way: it never grew past ~1,000 pages
    # plus one transaction's worth.
    assert (tmp_path / "n.db-wal").stat().st_size < 1300 * 4096
    db.dispose()
