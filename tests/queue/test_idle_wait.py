"""An idle worker on SQLite reads the pending counters instead of taking the write lock, and
wakes when jobs are added (issue 14: empty claims were write transactions that queued behind
uploads; a new batch waited up to the poll interval)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from sheaf.store.db import Database
from sheaf.workers.pool import _IdleWait
from tests.conftest import BACKENDS, migrated_database
from tests.queue.conftest import OTHER, PROJECT, add_jobs


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Database]:
    with migrated_database("sqlite", tmp_path, (PROJECT, OTHER)) as database:
        yield database


def test_an_idle_worker_claims_only_when_jobs_wait(sqlite_db):
    idle = _IdleWait(sqlite_db)
    assert not idle.work_waiting()
    add_jobs(sqlite_db, 3)
    assert idle.work_waiting()


def test_the_wait_ends_when_jobs_are_added(sqlite_db):
    idle = _IdleWait(sqlite_db)
    assert not idle.work_waiting()
    adder = threading.Timer(0.2, add_jobs, args=(sqlite_db, 2))
    adder.start()
    started = time.monotonic()
    idle.wait(30.0)  # would sleep 30 s without the probe
    adder.join()
    assert time.monotonic() - started < 20.0


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs SHEAF_TEST_POSTGRES_URL")
def test_postgres_workers_always_claim(tmp_path):
    with migrated_database("postgresql", tmp_path, (PROJECT,)) as database:
        assert _IdleWait(database).work_waiting()
