"""Scale-out on PostgreSQL: an API server with no workers plus separate ``sheaf worker``
processes. The project's cap on running jobs must hold across them (it broke once: a claim
planned as a semi-join took more jobs than it asked for)."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest
import sqlalchemy as sa

from tests import docs
from tests.conformance.helpers import wait_batch
from tests.conftest import BACKENDS, make_server, sdk

CE = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}}
CAP = 3


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs SHEAF_TEST_POSTGRES_URL")
def test_project_cap_holds_across_two_worker_processes(tmp_path_factory):
    srv = make_server(
        "postgresql",
        tmp_path_factory,
        env={"SHEAF_PROJECT_MAX_RUNNING_JOBS": str(CAP), "SHEAF_WORKER_POLL_SECONDS": "0.05"},
    )
    srv.args = ["--workers", "0"]
    srv.start()
    workers = [srv.worker(2) for _ in range(2)]
    engine = sa.create_engine(srv.database_url)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:  # what the database says is running, every few milliseconds
        with engine.connect() as conn:
            while not stop.is_set():
                running = conn.execute(
                    sa.text("SELECT count(*) FROM jobs WHERE status = 'RUNNING'")
                ).scalar_one()
                peak[0] = max(peak[0], running)
                conn.rollback()
                time.sleep(0.005)

    sampler = threading.Thread(target=sample)
    try:
        client = sdk(srv)
        d = client.beta.directories.create(name="cap")
        pdf = docs.pdf(pages=6)
        for i in range(24):
            client.beta.directories.files.upload(d.id, upload_file=(f"f{i:02}.pdf", pdf))
        sampler.start()
        batch = client.batches.create(source_directory_id=d.id, config=CE)
        done = wait_batch(client, batch.id, timeout=240)
        assert done.status == "COMPLETED" and done.model_extra["progress"]["completed"] == 24
    finally:
        stop.set()
        if sampler.is_alive():
            sampler.join()
        for w in workers:
            w.terminate()
        for w in workers:
            try:
                w.wait(timeout=20)
            except subprocess.TimeoutExpired:
                w.kill()
                w.wait()
        engine.dispose()
        srv.stop()
    assert 1 <= peak[0] <= CAP, f"{peak[0]} jobs ran at once against a cap of {CAP}"
