"""A worker killed for one job's fault charges that job only.

The supervisor kills a worker process whose job passes the memory cap (or its timeout, or is
cancelled). Jobs the same process had claimed but not run yet are innocent: they go back to the
queue without losing an attempt (three such kills used to fail an innocent file).
"""

from __future__ import annotations

import time

import psutil
import pytest

from sheaf.services import lifecycle
from sheaf.settings import Settings
from sheaf.store.db import Database
from sheaf.workers.pool import JobSlot, WorkerPool, _Child
from tests.conformance.helpers import wait_job
from tests.conftest import BACKENDS, make_server, sdk


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def test_a_memory_kill_charges_only_the_job_at_fault(backend, tmp_path_factory, monkeypatch):
    srv = make_server(backend, tmp_path_factory)
    srv.args = ["--workers", "0"]  # the pool below, in this process, is the only worker
    client = sdk(srv.start())
    hog, innocent = (
        client.parsing.create(tier="fast", version="latest", upload_file=(n, b"# " + n.encode()))
        for n in ("hog.md", "innocent.md")
    )
    # Worker children read their settings from the environment.
    for key, value in srv.environ().items():
        if key.startswith("SHEAF_"):
            monkeypatch.setenv(key, value)
    settings = Settings(worker_memory_limit_mb=1)  # any running child is over it
    pool = WorkerPool(1, settings)
    db = Database(settings.resolved_database_url)
    try:
        # A worker process that claimed both jobs (prefetch) and is running the first.
        owner = "test-host/0:1.0:1"
        with db.session() as session:
            claimed = lifecycle.claim(session, owner, limit=2, project_limit=16, lease_seconds=60)
        assert [j.id for j in claimed] == [hog.id, innocent.id]
        parent_conn, child_conn = pool.ctx.Pipe()
        process = pool.ctx.Process(target=time.sleep, args=(120,), daemon=True)
        process.start()
        deadline = time.monotonic() + 30
        while psutil.Process(process.pid).memory_info().rss < 5 * 2**20:  # interpreter up
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # What such a child tells its supervisor: the group it claimed (a message) and the
        # job of it that runs (the shared slot).
        slot = JobSlot(pool.ctx.RawArray("d", [0.0, 0.0, -1.0, 0.0]))
        child_conn.send(("claimed", 1, [(hog.id, 600.0), (innocent.id, 600.0)]))
        slot.write(1, 0, time.monotonic())
        child = _Child(process=process, conn=parent_conn, owner=owner, slot=slot)
        pool.children = [child]

        pool._check_children()  # over the cap: killed, and a fresh worker takes its place

        assert not process.is_alive()
        failed = wait_job(client, hog.id, timeout=120)
        assert failed.status == "FAILED" and "memory limit" in failed.error_message
        done = wait_job(client, innocent.id, timeout=120)
        meta = client.parsing.get(innocent.id, expand=["job_metadata"]).job_metadata
        assert done.status == "COMPLETED" and meta["attempt"] == 1, meta
    finally:
        pool.stop_event.set()
        pool._shutdown()
        db.dispose()
        srv.stop()
