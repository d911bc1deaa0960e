"""Stopping: SIGTERM to the whole process group (what docker, systemd and Kubernetes send) at
random moments, a job that outlives the grace period, and a crash (SIGKILL) then a restart.

Every server runs in its own session, so its process group holds it and all its workers.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tests import docs
from tests.conformance.helpers import wait_batch, wait_job
from tests.conftest import BACKENDS, make_server, sdk

SLOW_PDF = docs.pdf(pages=40)  # ~0.3 s per file at cost_effective on 2 cores
CE = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}}
FILES = 8


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def _group_members(pgid: int) -> list[psutil.Process]:
    members = []
    for proc in psutil.process_iter(["status"]):
        try:
            if os.getpgid(proc.pid) == pgid and proc.info["status"] != psutil.STATUS_ZOMBIE:
                members.append(proc)
        except (ProcessLookupError, psutil.Error):
            continue
    return members


def _assert_group_ends(pgid: int, within: float) -> None:
    deadline = time.monotonic() + within
    while (left := _group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.2)
    desc = [(p.pid, p.ppid(), " ".join(p.cmdline())[:80]) for p in left]
    for proc in left:  # leave nothing behind for the next test
        proc.kill()
    assert not left, f"processes survived the process group's SIGTERM: {desc}"


def _sigterm_group(proc: subprocess.Popen, within: float = 40.0, log=lambda: "") -> None:
    """SIGTERM the process group; the leader must exit 0 and take every child with it."""
    pgid = proc.pid
    os.killpg(pgid, signal.SIGTERM)
    code = proc.wait(timeout=within)
    _assert_group_ends(pgid, within=10)
    assert code == 0, f"exit code {code} after SIGTERM (not a graceful stop)\n{log()[-3000:]}"


def _fill(client, n: int, name: str):
    d = client.beta.directories.create(name=name)
    for i in range(n):
        client.beta.directories.files.upload(d.id, upload_file=(f"f{i:03}.pdf", SLOW_PDF))
    return d


def _assert_each_file_done_once_uncharged(client, batch_id: str, files: int) -> None:
    """Every job COMPLETED, one per file, and none paid an attempt for a shutdown."""
    done = wait_batch(client, batch_id, timeout=180)
    p = done.model_extra["progress"]
    assert done.status == "COMPLETED" and p["completed"] == files and p["failed"] == 0, p
    job_ids = [r.job_reference.id for r in client.batches.get(batch_id, expand=["results"]).results]
    assert len(job_ids) == files == len(set(job_ids))
    for job_id in job_ids:
        job = client.parsing.get(job_id, expand=["job_metadata", "text"])
        assert job.job.status == "COMPLETED"
        assert "Quarterly Report 1" in job.text.pages[0].text
        assert job.job_metadata["attempt"] == 1, (job_id, job.job_metadata)


def _seed() -> int:
    seed = int(os.environ.get("SHEAF_TEST_SEED") or time.time_ns() % 10**6)
    print(f"SHEAF_TEST_SEED={seed}")
    return seed


def test_sigterm_to_the_server_group_at_random_moments(backend, tmp_path_factory):
    rng = random.Random(_seed())
    # A long lease: nothing may rely on leases expiring to get its jobs back.
    srv = make_server(backend, tmp_path_factory, env={"SHEAF_LEASE_SECONDS": "120"})
    srv.args, srv.new_session = ["--workers", "2"], True
    try:
        client = sdk(srv.start())
        directory = _fill(client, FILES, "sigterm")
        _sigterm_group(srv.proc, log=srv.log_text)  # before any claim: idle workers
        client = sdk(srv.start())
        batch = client.batches.create(source_directory_id=directory.id, config=CE)
        time.sleep(rng.uniform(0.0, 0.5))  # workers starting, first claims
        _sigterm_group(srv.proc, log=srv.log_text)
        for _ in range(2):  # while jobs are claimed and running
            client = sdk(srv.start())
            wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["running"])
            time.sleep(rng.uniform(0.0, 0.6))
            _sigterm_group(srv.proc, log=srv.log_text)
        client = sdk(srv.start())
        _assert_each_file_done_once_uncharged(client, batch.id, FILES)
        _sigterm_group(srv.proc, log=srv.log_text)  # after every claim
        client = sdk(srv.start())
        _assert_each_file_done_once_uncharged(client, batch.id, FILES)
    finally:
        srv.stop(kill=True)


def test_sigterm_to_a_worker_group_at_random_moments(backend, tmp_path_factory):
    rng = random.Random(_seed())
    srv = make_server(backend, tmp_path_factory, env={"SHEAF_LEASE_SECONDS": "120"})
    srv.args = ["--workers", "0"]
    client = sdk(srv.start())

    def start_worker() -> subprocess.Popen:
        proc = srv.worker(2, stdout=subprocess.PIPE, start_new_session=True)
        assert b"sheaf worker:" in proc.stdout.readline()  # up: its children are starting
        return proc

    worker = start_worker()
    try:
        batch = client.batches.create(source_directory_id=_fill(client, FILES, "w").id, config=CE)
        time.sleep(rng.uniform(0.0, 1.0))  # its children are still starting
        _sigterm_group(worker)
        for _ in range(2):  # while jobs are claimed and running
            worker.stdout.close()
            worker = start_worker()
            wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["running"])
            time.sleep(rng.uniform(0.0, 0.6))
            _sigterm_group(worker)
        worker.stdout.close()
        worker = start_worker()
        _assert_each_file_done_once_uncharged(client, batch.id, FILES)
        _sigterm_group(worker)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdout.close()
        srv.stop(kill=True)


def test_a_job_past_the_grace_period_goes_back_uncharged(backend, tmp_path_factory):
    srv = make_server(backend, tmp_path_factory, env={"SHEAF_SHUTDOWN_GRACE_SECONDS": "1"})
    srv.args, srv.new_session = ["--workers", "1"], True
    try:
        client = sdk(srv.start())
        long = client.parsing.create(
            tier="cost_effective", version="latest", upload_file=("long.pdf", docs.pdf(pages=300))
        )
        deadline = time.monotonic() + 30
        while client.parsing.get(long.id).job.status != "RUNNING":
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)
        time.sleep(0.3)
        started = time.monotonic()
        _sigterm_group(srv.proc, log=srv.log_text)
        assert time.monotonic() - started < 15  # the grace period, then a kill
        client = sdk(srv.start())
        job = wait_job(client, long.id, timeout=120)
        assert job.status == "COMPLETED"
        meta = client.parsing.get(long.id, expand=["job_metadata"]).job_metadata
        assert meta["attempt"] == 1, meta
    finally:
        srv.stop(kill=True)


def test_a_restarted_server_reaps_a_crashed_ones_leases_at_once(backend, tmp_path_factory):
    # Leases far longer than the test: only reaping by a dead owner can free the jobs in time.
    srv = make_server(backend, tmp_path_factory, env={"SHEAF_LEASE_SECONDS": "600"})
    srv.args, srv.new_session = ["--workers", "2"], True
    try:
        client = sdk(srv.start())
        batch = client.batches.create(source_directory_id=_fill(client, 8, "crash").id, config=CE)
        wait_batch(client, batch.id, until=lambda b: b.model_extra["progress"]["completed"] >= 1)
        pgid = srv.proc.pid
        srv.proc.kill()  # the server alone: its workers must die with it
        srv.proc.wait()
        srv.proc = None
        _assert_group_ends(pgid, within=10)
        client = sdk(srv.start())
        done = wait_batch(client, batch.id, timeout=90)
        assert done.status == "COMPLETED", done.model_extra
        assert done.model_extra["progress"]["completed"] == 8
    finally:
        srv.stop(kill=True)


_RUNNER = """
import sys, time, pathlib
from tests.serverproc import SheafServer
srv = SheafServer(pathlib.Path(sys.argv[1])).start()
worker = srv.worker(1)
print(srv.proc.pid, worker.pid, flush=True)
time.sleep(600)
"""


def test_servers_the_tests_start_end_with_a_killed_test_run(tmp_path):
    """A test run killed outright (no fixture tears anything down) takes the servers and
    workers it started with it: nothing is left behind on the machine."""
    runner = subprocess.Popen([sys.executable, "-c", _RUNNER, str(tmp_path)],
                              stdout=subprocess.PIPE, cwd=str(Path(__file__).resolve().parents[2]))
    try:
        pids = [int(p) for p in runner.stdout.readline().split()]
        assert len(pids) == 2
    finally:
        runner.kill()
        runner.wait()
    procs = [psutil.Process(p) for p in pids if psutil.pid_exists(p)]
    gone, alive = psutil.wait_procs(procs, timeout=30)
    for proc in alive:  # leave nothing behind for the next test
        proc.kill()
    assert not alive, f"left behind: {[p.pid for p in alive]}"
