"""The queue under pressure: throttling, fairness, cancel mid-batch, timeouts, crashes.

Each test gets servers of its own so timing from other tests cannot leak in.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests import docs
from tests.conformance.helpers import wait_batch, wait_job
from tests.conftest import BACKENDS, make_server, sdk

SLOW_PDF = docs.pdf(pages=40)  # ~0.3 s per file at cost_effective on 2 cores
CE = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}}


def _fill(client, n: int, name: str, data: bytes = SLOW_PDF, ext: str = "pdf"):
    d = client.beta.directories.create(name=name)
    for i in range(n):
        client.beta.directories.files.upload(d.id, upload_file=(f"f{i:03}.{ext}", data))
    return d


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def start_server(backend, tmp_path_factory):
    started = []

    def start(workers: int = 2, **env):
        env.setdefault("SHEAF_LEASE_SECONDS", "2")
        srv = make_server(backend, tmp_path_factory, env={k: str(v) for k, v in env.items()})
        srv.args = ["--workers", str(workers)]
        started.append(srv)
        return srv.start()

    yield start
    for srv in started:
        srv.stop()


def test_throttled_while_the_project_is_at_its_limit(start_server):
    srv = start_server(SHEAF_PROJECT_MAX_RUNNING_JOBS=1)
    client = sdk(srv)
    first = client.batches.create(source_directory_id=_fill(client, 6, "first").id, config=CE)
    second = client.batches.create(
        source_directory_id=_fill(client, 2, "second", b"# small", "md").id, config=CE
    )
    seen = wait_batch(client, second.id, until=lambda b: b.status in ("THROTTLED", "COMPLETED"))
    assert seen.status == "THROTTLED"
    assert client.batches.list(status="THROTTLED").items[0].id == second.id
    assert wait_batch(client, first.id).status == "COMPLETED"
    assert wait_batch(client, second.id).status == "COMPLETED"


def test_a_small_batch_is_not_starved_by_another_projects_big_one(start_server):
    srv = start_server()
    big_client = sdk(srv)
    out = srv.sheaf("keys", "create", "--project", "Small").stdout
    small_client = sdk(srv, out.split("LLAMA_CLOUD_API_KEY=")[1].split()[0])
    big = big_client.batches.create(source_directory_id=_fill(big_client, 20, "big").id, config=CE)
    wait_batch(big_client, big.id, until=lambda b: b.model_extra["progress"]["running"] > 0)
    small = small_client.batches.create(
        source_directory_id=_fill(small_client, 2, "small", b"# tiny", "md").id, config=CE
    )
    assert wait_batch(small_client, small.id).status == "COMPLETED"
    big_now = big_client.batches.get(big.id)
    assert big_now.status == "RUNNING" and big_now.model_extra["progress"]["pending"] > 5
    assert wait_batch(big_client, big.id, timeout=120).status == "COMPLETED"


def test_cancel_mid_batch_keeps_finished_results(start_server):
    srv = start_server()
    client = sdk(srv)
    batch = client.batches.create(source_directory_id=_fill(client, 14, "cancel-me").id, config=CE)
    wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["completed"] >= 1)
    cancelled = client.batches.cancel(batch.id)
    assert cancelled.status == "CANCELLED"
    settled = wait_batch(
        client, batch.id, until=lambda b: b.model_extra["progress"]["running"] == 0
    )
    p = settled.model_extra["progress"]
    assert settled.status == "CANCELLED"
    assert p["completed"] >= 1 and p["cancelled"] >= 1
    assert p["completed"] + p["cancelled"] + p["failed"] == 14 and p["pending"] == 0
    statuses = {}
    for r in client.batches.get(batch.id, expand=["results"]).results:
        job = client.parsing.get(r.job_reference.id, expand=["text"])
        statuses.setdefault(job.job.status, 0)
        statuses[job.job.status] += 1
        if job.job.status == "COMPLETED":
            assert "Quarterly Report 1" in job.text.pages[0].text
    assert statuses.get("COMPLETED") == p["completed"]
    assert statuses.get("CANCELLED") == p["cancelled"]
    assert set(statuses) <= {"COMPLETED", "CANCELLED"}


def test_a_job_past_its_timeout_is_stopped_and_the_worker_replaced(start_server):
    srv = start_server(workers=1)
    client = sdk(srv)
    slow = client.parsing.create(
        tier="cost_effective",
        version="latest",
        upload_file=("huge.pdf", docs.pdf(pages=400)),
        processing_control={"timeouts": {"base_in_seconds": 1}},
    )
    done = wait_job(client, slow.id)
    assert done.status == "FAILED" and "timed out" in done.error_message
    after = client.parsing.create(tier="fast", version="latest", upload_file=("ok.md", b"# fine"))
    assert wait_job(client, after.id).status == "COMPLETED"


def _assert_every_file_processed_once(client, batch_id: str, files: int) -> None:
    done = wait_batch(client, batch_id, timeout=180)
    assert done.status == "COMPLETED"
    p = done.model_extra["progress"]
    assert p["completed"] == files and p["failed"] == 0 and p["total"] == files
    results = client.batches.get(batch_id, expand=["results"]).results
    job_ids = [r.job_reference.id for r in results]
    assert len(job_ids) == files == len(set(job_ids))
    for job_id in job_ids:
        assert client.parsing.get(job_id).job.status == "COMPLETED"


def test_sigkill_the_server_mid_batch_and_restart(start_server):
    srv = start_server()
    client = sdk(srv)
    files = 16
    batch = client.batches.create(source_directory_id=_fill(client, files, "crash").id, config=CE)
    wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["completed"] >= 2)
    os.kill(srv.proc.pid, signal.SIGKILL)
    srv.proc.wait()
    srv.proc = None
    srv.start()
    _assert_every_file_processed_once(sdk(srv), batch.id, files)


@pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs SHEAF_TEST_POSTGRES_URL")
def test_sigkill_one_of_two_workers_on_postgres(tmp_path_factory):
    srv = make_server("postgresql", tmp_path_factory, env={"SHEAF_LEASE_SECONDS": "2"})
    srv.args = ["--workers", "0"]
    srv.start()
    workers = [srv.worker(1) for _ in range(2)]
    try:
        client = sdk(srv)
        files = 12
        batch = client.batches.create(
            source_directory_id=_fill(client, files, "pgcrash").id, config=CE
        )
        wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["completed"] >= 2)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        _assert_every_file_processed_once(client, batch.id, files)
    finally:
        for w in workers:
            w.kill()
            w.wait()
        srv.stop()
