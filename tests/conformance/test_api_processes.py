"""``sheaf serve --api-processes 2``: both processes serve, loops run once, no orphans."""

from __future__ import annotations

import re
import signal
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psutil
import pytest

from tests.conftest import BACKENDS, make_server


def api_children(server) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(server.proc.pid).children():
        try:
            if "sheaf.api.processes" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:  # exited, a zombie until the parent reaps it
            pass
    return found


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if psutil.pid_exists(pid) and not _zombie(pid)]
        time.sleep(0.1)
    return alive


def _zombie(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.fixture(scope="module", params=BACKENDS)
def srv(request, tmp_path_factory):
    server = make_server(
        request.param,
        tmp_path_factory,
        args=["--workers", "1", "--api-processes", "2"],
        env={"SHEAF_SHUTDOWN_GRACE_SECONDS": "5"},
    )
    server.start()
    yield server
    server.stop()


def test_both_processes_serve_requests(srv):
    children = api_children(srv)
    assert len(children) == 2
    headers = {"Authorization": f"Bearer {srv.api_key}"}
    clients = [httpx.Client(base_url=srv.base_url, headers=headers) for _ in range(32)]
    try:
        with ThreadPoolExecutor(32) as pool:  # 32 connections opened at once
            codes = list(pool.map(lambda c: c.get("/api/v1/beta/directories").status_code, clients))
        assert codes == [200] * 32
        # The parent deals connections in turn: each API process holds half of the 32
        # keep-alive connections (when they accepted for themselves, one often took them all).
        held = [
            sum(
                1
                for conn in child.net_connections(kind="tcp")
                if conn.status == psutil.CONN_ESTABLISHED and conn.laddr.port == srv.port
            )
            for child in children
        ]
        assert held == [16, 16], held
    finally:
        for client in clients:
            client.close()


def test_writes_from_both_processes(srv):
    """Concurrent writes through both processes all land (one writer at a time on SQLite)."""
    headers = {"Authorization": f"Bearer {srv.api_key}"}

    def create(i: int) -> int:
        with httpx.Client(base_url=srv.base_url, headers=headers, timeout=60) as client:
            return client.post("/api/v1/beta/directories", json={"name": f"w{i}"}).status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(create, range(64)))
    assert codes == [200] * 64
    listed = httpx.get(
        f"{srv.base_url}/api/v1/beta/directories",
        headers=headers,
        params={"page_size": 1000},
    ).json()
    assert len({d["name"] for d in listed["items"] if d["name"].startswith("w")}) == 64


def test_background_loops_run_once_in_the_parent(srv):
    log = srv.log_text()
    loops = re.findall(r"maintenance loop running in process (\d+)", log)
    assert loops == [str(srv.proc.pid)]
    assert len(re.findall(r"started 1 worker processes", log)) == 1
    for child in api_children(srv):  # the worker pool's process hangs off the parent only
        assert child.children() == []


def test_a_dead_api_process_is_replaced(srv):
    before = api_children(srv)
    victim = before[0]
    victim.kill()  # what the OOM killer would do
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = api_children(srv)
        if len(now) == 2 and victim.pid not in {p.pid for p in now}:
            break
        time.sleep(0.2)
    assert victim.pid not in {p.pid for p in now} and len(now) == 2
    headers = {"Authorization": f"Bearer {srv.api_key}"}
    for _ in range(10):
        r = httpx.get(f"{srv.base_url}/api/v1/beta/directories", headers=headers, timeout=30)
        assert r.status_code == 200


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_no_process_outlives_the_parent(sig, tmp_path_factory):
    server = make_server(
        "sqlite",
        tmp_path_factory,
        args=["--workers", "1", "--api-processes", "2"],
        env={"SHEAF_SHUTDOWN_GRACE_SECONDS": "5"},
    )
    server.start()
    try:
        family = [p.pid for p in psutil.Process(server.proc.pid).children(recursive=True)]
        assert len(family) >= 3  # two API processes and a worker
        server.proc.send_signal(sig)
        server.proc.wait(timeout=30)
        assert wait_gone(family, 15) == []
    finally:
        server.stop(kill=True)
