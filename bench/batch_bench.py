"""Orchestration benchmarks for batches (issue: batches and jobs).

    .venv/bin/python bench/batch_bench.py [--files 5000] [--big 100000] [--clients 100]
        [--poll-rate 1] [--postgres]   (--big 0 skips part 3; --poll-rate 0 polls back to back)

1. Throughput: a batch of tiny text files on the embedded default (SQLite, local blobs,
   2 worker processes), create -> COMPLETED, against the same engine called in a plain loop.
2. ``GET /api/v2/batches/{id}`` latency (p50/p99) under N concurrent clients while it runs.
3. A very large batch (seeded straight into the database, served with --workers 0): create
   time, peak server RSS, and the time to stream ``expand=results``.
4. ``--postgres`` (needs ``SHEAF_TEST_POSTGRES_URL``, see ``scripts/start-postgres``): part 1
   on PostgreSQL with one ``sheaf serve --workers 0`` and two ``sheaf worker`` processes, and
   part 3's batch creation there; each on a fresh database, dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.serverproc import SheafServer  # noqa: E402

PARSE_FAST = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}}


def tiny_files(n: int) -> list[tuple[str, bytes]]:
    return [(f"note-{i:06}.txt", f"Note {i}\nTotal: {i * 3} units\n".encode()) for i in range(n)]


def plain_loop(files: list[tuple[str, bytes]]) -> float:
    """The engine alone: parse + render every output + serialise, one process."""
    from sheaf.jobs.parse_file import OUTPUTS
    from sheaf.parse import parse
    from sheaf.parse.render import render

    started = time.perf_counter()
    for name, data in files:
        doc = parse(data, tier="fast", filename=name)
        json.dumps({k: render(doc, k) for k in OUTPUTS})
    return time.perf_counter() - started


def upload(http: httpx.Client, directory_id: str, files, workers: int = 16) -> None:
    def one(item):
        name, data = item
        r = http.post(
            f"/api/v1/beta/directories/{directory_id}/files/upload",
            files={"upload_file": (name, data)},
        )
        r.raise_for_status()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, files))


def latency_probe(
    base: str, key: str, batch_id: str, clients: int, stop: threading.Event, rate: float = 0.0
) -> list[float]:
    """``clients`` pollers of the batch, each on its own kept-alive connection: closed loop
    (``rate`` 0: each asks again as soon as it has its answer) or open loop (each asks
    ``rate`` times a second on a fixed schedule, as real pollers do). Open-loop latency counts
    from the scheduled time, so a slow answer also delays, and is charged to, the requests
    queued behind it.

    The pollers are coroutines on one event loop speaking HTTP/1.1 over plain sockets: a
    client as light as wrk, so the batch is measured against its pollers' requests rather
    than against the CPU of a hundred Python HTTP clients (httpx threads cost the two cores
    ~0.85 ms per file at 100 pollers, more than the server's answers).
    """
    samples: list[float] = []
    url = httpx.URL(base)
    request = (
        f"GET /api/v2/batches/{batch_id} HTTP/1.1\r\nHost: {url.host}:{url.port}\r\n"
        f"Authorization: Bearer {key}\r\n\r\n"
    ).encode()

    async def ask(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await reader.readexactly(length)
        if status != 200:
            raise OSError(f"HTTP {status}")

    async def poller(phase: float, done: asyncio.Event) -> None:
        reader, writer = await asyncio.open_connection(url.host, url.port)
        loop = asyncio.get_running_loop()
        due = loop.time() + phase
        try:
            while not done.is_set():
                if rate:
                    try:
                        await asyncio.wait_for(done.wait(), max(0.0, due - loop.time()))
                        break
                    except TimeoutError:
                        pass
                    t = due
                    due += 1 / rate
                else:
                    t = loop.time()
                try:
                    await asyncio.wait_for(ask(reader, writer), 60)
                except (OSError, asyncio.IncompleteReadError, TimeoutError):
                    samples.append(float("inf"))  # counted as never answered
                    writer.close()
                    reader, writer = await asyncio.open_connection(url.host, url.port)
                else:
                    samples.append((loop.time() - t) * 1000)
        finally:
            writer.close()

    async def run_all() -> None:
        done = asyncio.Event()
        loop = asyncio.get_running_loop()
        tasks = [
            asyncio.create_task(poller(i / clients / rate if rate else 0.0, done))
            for i in range(clients)
        ]
        await loop.run_in_executor(None, stop.wait)
        done.set()
        await asyncio.gather(*tasks, return_exceptions=True)

    asyncio.run(run_all())
    return samples


class CpuMeter:
    """CPU seconds spent by groups of processes between two points.

    ``groups`` maps a label to a function listing the group's processes now; processes that
    appear in between (a respawned worker) count from zero, ones that end count up to their
    last sample (taken every second: walking process trees costs CPU the batch would miss).
    """

    def __init__(self, groups: dict[str, Callable[[], list[psutil.Process]]]) -> None:
        self.groups = groups
        self.start: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.members: dict[str, set[int]] = {label: set() for label in groups}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_loop, daemon=True)

    def _sample(self) -> None:
        for label, members in self.groups.items():
            try:
                procs = members()
            except psutil.Error:
                continue
            for proc in procs:
                try:
                    t = proc.cpu_times()
                except psutil.Error:
                    continue
                self.last[proc.pid] = t.user + t.system
                self.members[label].add(proc.pid)

    def __enter__(self) -> CpuMeter:
        self._sample()
        self.start = dict(self.last)
        self._thread.start()
        return self

    def _sample_loop(self) -> None:
        while not self._stop.wait(1.0):
            self._sample()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def seconds(self) -> dict[str, float]:
        return {
            label: sum(self.last[pid] - self.start.get(pid, 0.0) for pid in pids)
            for label, pids in self.members.items()
        }


def _trees(pids: list[int]) -> Callable[[], list[psutil.Process]]:
    def members() -> list[psutil.Process]:
        procs = []
        for pid in pids:
            try:
                root = psutil.Process(pid)
                procs += [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
        return procs

    return members


def cpu_groups(srv: SheafServer, extra: dict | None = None) -> dict:
    """The server process alone (API + supervisor), its worker children, and this client."""
    assert srv.proc is not None
    server = psutil.Process(srv.proc.pid)
    return {
        "server": lambda: [server],
        "workers": lambda: server.children(recursive=True),
        "client": lambda: [psutil.Process()],
        **(extra or {}),
    }


def run_batch(
    http: httpx.Client,
    files,
    probe_clients: int,
    base: str,
    key: str,
    rate: float = 0.0,
    cpu: dict[str, Callable[[], list[psutil.Process]]] | None = None,
) -> dict:
    """Upload ``files`` into a new directory, run a batch, return timings (and GET latency).

    ``cpu``: process groups whose CPU time over the batch (create -> COMPLETED) is measured.
    """
    d = http.post("/api/v1/beta/directories", json={"name": "bench"}).json()
    upload(http, d["id"], files)
    meter = CpuMeter(cpu or {}).__enter__()
    t0 = time.perf_counter()
    batch = http.post(
        "/api/v2/batches", json={"source_directory_id": d["id"], "config": PARSE_FAST}
    ).json()
    create_s = time.perf_counter() - t0
    stop = threading.Event()
    samples: list[float] = []
    probe = threading.Thread(
        target=lambda: samples.extend(
            latency_probe(base, key, batch["id"], probe_clients, stop, rate)
        )
    )
    if probe_clients:
        probe.start()
    while True:
        b = http.get(f"/api/v2/batches/{batch['id']}").json()
        if b["status"] in ("COMPLETED", "FAILED", "CANCELLED"):
            break
        time.sleep(0.02)
    batch_s = time.perf_counter() - t0
    meter.__exit__(None, None, None)
    stop.set()
    if probe_clients:
        probe.join()
    assert b["progress"]["completed"] == len(files), b
    samples.sort()
    n = len(files)
    cpu_ms = {label: sec / n * 1000 for label, sec in meter.seconds().items()}
    return {"create_s": create_s, "batch_s": batch_s, "samples": samples, "cpu_ms": cpu_ms}


def throughput(n: int, clients: int, rate: float = 0.0) -> dict:
    """Phase 1 measures throughput alone; phase 2 runs a second batch under GET load."""
    files = tiny_files(n)
    loop_s = plain_loop(files)
    with tempfile.TemporaryDirectory() as tmp:
        srv = SheafServer(data_dir=Path(tmp), args=["--workers", "2"]).start()
        try:
            http = httpx.Client(
                base_url=srv.base_url,
                headers={"Authorization": f"Bearer {srv.api_key}"},
                timeout=120,
            )
            alone = run_batch(http, files, 0, srv.base_url, srv.api_key, cpu=cpu_groups(srv))
            loaded = run_batch(
                http, files, clients, srv.base_url, srv.api_key, rate, cpu=cpu_groups(srv)
            )
        finally:
            srv.stop()
    samples = loaded["samples"]
    return {
        "alone_cpu_ms": alone["cpu_ms"],
        "loaded_cpu_ms": loaded["cpu_ms"],
        "alone_wall_ms": alone["batch_s"] / n * 1000,
        "loaded_wall_ms": loaded["batch_s"] / n * 1000,
        "files": n,
        "loop_files_per_s": n / loop_s,
        "batch_files_per_s": n / alone["batch_s"],
        "loaded_files_per_s": n / loaded["batch_s"],
        "create_s": alone["create_s"],
        "overhead_ms_per_file": (alone["batch_s"] - loop_s / 2) / n * 1000,
        "get_p50_ms": samples[len(samples) // 2] if samples else float("nan"),
        "get_p99_ms": samples[int(len(samples) * 0.99)] if samples else float("nan"),
        "get_samples": len(samples),
        "get_failed": sum(1 for x in samples if x == float("inf")),
        "get_per_s": len(samples) / loaded["batch_s"],
        "clients": clients,
        "rate": rate,
    }


def seed_directory(srv: SheafServer, n: int) -> str:
    """Insert ``n`` directory files that share one blob, straight into the database."""
    import uuid

    from sqlalchemy import insert, select

    from sheaf.store.db import Database
    from sheaf.store.tables import Directory, DirectoryFile, FileRecord, Project
    from sheaf.store.types import utcnow

    db = Database(
        srv.environ().get("SHEAF_DATABASE_URL") or f"sqlite:///{srv.data_dir / 'sheaf.db'}"
    )
    http = httpx.Client(base_url=srv.base_url, headers={"Authorization": f"Bearer {srv.api_key}"})
    d = http.post("/api/v1/beta/directories", json={"name": "big"}).json()
    seed = http.post(
        f"/api/v1/beta/directories/{d['id']}/files/upload",
        files={"upload_file": ("seed.txt", b"seed")},
    ).json()
    with db.session() as session:
        project_id = session.scalar(select(Project.id))
        blob = session.get(FileRecord, seed["file_id"])
        now = utcnow()
        for start in range(0, n - 1, 10_000):
            files, entries = [], []
            for i in range(start, min(n - 1, start + 10_000)):
                fid = str(uuid.uuid4())
                files.append(
                    dict(
                        id=fid,
                        project_id=project_id,
                        name=f"f{i}.txt",
                        file_type="txt",
                        purpose="user_data",
                        size_bytes=4,
                        sha256=blob.sha256,
                        blob_key=blob.blob_key,
                        created_at=now,
                        last_modified_at=now,
                    )
                )
                entries.append(
                    dict(
                        id=f"dfl-{uuid.uuid4()}",
                        directory_id=d["id"],
                        project_id=project_id,
                        file_id=fid,
                        display_name=f"f{i}.txt",
                        unique_id=f"f{i}.txt",
                        created_at=now,
                        updated_at=now,
                    )
                )
            session.execute(insert(FileRecord), files)
            session.execute(insert(DirectoryFile), entries)
        assert session.get(Directory, d["id"]) is not None
    db.dispose()
    return d["id"]


@contextmanager
def postgres_server(tmp: str, workers: int) -> Iterator[tuple[SheafServer, list[subprocess.Popen]]]:
    """``sheaf serve --workers 0`` on a fresh PostgreSQL database plus ``workers`` separate
    ``sheaf worker`` processes (one worker child each); the database is dropped afterwards."""
    from tests.conftest import drop_postgres_database, fresh_postgres_database

    url = fresh_postgres_database()
    srv = SheafServer(data_dir=Path(tmp), database_url=url, args=["--workers", "0"])
    procs: list[subprocess.Popen] = []
    try:
        srv.start()
        procs = [srv.worker(1) for _ in range(workers)]
        yield srv, procs
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
        srv.stop()
        drop_postgres_database(url)


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes (shared with whatever else uses that server)."""
    return [p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres"]


def throughput_postgres(n: int) -> dict:
    """Part 1 alone (no pollers) on PostgreSQL: one API process, two worker processes."""
    files = tiny_files(n)
    with tempfile.TemporaryDirectory() as tmp, postgres_server(tmp, 2) as (srv, workers):
        http = httpx.Client(
            base_url=srv.base_url, headers={"Authorization": f"Bearer {srv.api_key}"}, timeout=120
        )
        groups = cpu_groups(
            srv,
            {
                "workers": _trees([p.pid for p in workers]),
                # Listed at every sample: a connection opened meanwhile has a new backend.
                "postgres": lambda: [psutil.Process(pid) for pid in postgres_pids()],
            },
        )
        alone = run_batch(http, files, 0, srv.base_url, srv.api_key, cpu=groups)
    return {
        "files": n,
        "batch_files_per_s": n / alone["batch_s"],
        "create_s": alone["create_s"],
        "cpu_ms": alone["cpu_ms"],
        "wall_ms": alone["batch_s"] / n * 1000,
    }


def big_batch(n: int, postgres: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        if postgres:
            with postgres_server(tmp, 0) as (srv, _):
                return _big_batch(srv, n)
        return _big_batch(SheafServer(data_dir=Path(tmp), args=["--workers", "0"]).start(), n)


def _big_batch(srv: SheafServer, n: int) -> dict:
    try:
        directory_id = seed_directory(srv, n)
        proc = psutil.Process(srv.proc.pid)
        rss_before = proc.memory_info().rss
        peak = rss_before
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, proc.memory_info().rss)
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        http = httpx.Client(
            base_url=srv.base_url,
            headers={"Authorization": f"Bearer {srv.api_key}"},
            timeout=600,
        )
        t0 = time.perf_counter()
        batch = http.post(
            "/api/v2/batches", json={"source_directory_id": directory_id, "config": PARSE_FAST}
        ).json()
        create_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        r = http.get(f"/api/v2/batches/{batch['id']}", params={"expand": "results"})
        results_s = time.perf_counter() - t1
        count = len(r.json()["results"])
        stop.set()
        sampler.join()
    finally:
        srv.stop()
    return {
        "files": n,
        "results": count,
        "create_s": create_s,
        "expand_results_s": results_s,
        "rss_before_mb": rss_before / 2**20,
        "peak_rss_mb": peak / 2**20,
    }


CPU_LABELS = {
    "server": "`sheaf serve` process: API (batch create, status polls) + worker supervisor",
    "workers": "worker processes (claim, run, finish)",
    "postgres": "PostgreSQL server processes (all of them: shared with anything else on it)",
    "client": "this benchmark (uploads done; its status polls and pollers)",
}


def print_cpu(title: str, cpu_ms: dict[str, float], wall_ms: float, cores: int) -> None:
    """Where each millisecond per file goes: CPU per process group, against the wall time."""
    total = sum(cpu_ms.values())
    print(f"\n### {title}: where each millisecond per file goes")
    print("| per file | ms |\n|---|---|")
    print(f"| wall time (create -> COMPLETED) | {wall_ms:.3f} |")
    for label, ms in cpu_ms.items():
        print(f"| CPU: {CPU_LABELS.get(label, label)} | {ms:.3f} |")
    print(f"| CPU, all of the above | {total:.3f} |")
    print(
        f"| wall x {cores} cores - CPU (cores idle: waiting on locks, sleeps, or other "
        f"users of the machine) | {wall_ms * cores - total:.3f} |"
    )
    print(f"| files/s the measured CPU would allow on {cores} cores | {cores / total * 1000:.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--big", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument(
        "--poll-rate",
        type=float,
        default=1.0,
        help="requests/s of each polling client (open loop); 0 = closed loop, back to back",
    )
    ap.add_argument(
        "--postgres",
        action="store_true",
        help="also on PostgreSQL (SHEAF_TEST_POSTGRES_URL): 1 API + 2 worker processes",
    )
    args = ap.parse_args()
    if args.postgres and not os.environ.get("SHEAF_TEST_POSTGRES_URL"):
        ap.error("--postgres needs SHEAF_TEST_POSTGRES_URL (source scripts/start-postgres)")
    t = throughput(args.files, args.clients, args.poll_rate)
    polling = (
        f"{t['clients']} clients polling at {t['rate']:g}/s"
        if t["rate"]
        else f"{t['clients']} closed-loop polling clients"
    )
    print(f"\n## Throughput: {t['files']} tiny text files, fast tier, 2 workers, SQLite")
    print("| measure | value |\n|---|---|")
    print(f"| engine alone, plain loop (1 process) | {t['loop_files_per_s']:.0f} files/s |")
    print(f"| batch create -> COMPLETED | {t['batch_files_per_s']:.0f} files/s |")
    print(f"| ratio batch / loop | {t['batch_files_per_s'] / t['loop_files_per_s']:.3f}x |")
    print(f"| batch under {polling} | {t['loaded_files_per_s']:.0f} files/s |")
    print(f"| batch create (mapping {t['files']} files) | {t['create_s']:.2f} s |")
    print(
        "| orchestration overhead per file (vs loop / 2 workers) | "
        f"{t['overhead_ms_per_file']:.2f} ms |"
    )
    print(
        f"| GET batch p50 / p99 under {polling} | "
        f"{t['get_p50_ms']:.1f} / {t['get_p99_ms']:.1f} ms ({t['get_samples']} requests, "
        f"{t['get_failed']} unanswered) |"
    )
    cores = psutil.cpu_count() or 2
    print_cpu("Batch alone", t["alone_cpu_ms"], t["alone_wall_ms"], cores)
    print_cpu(f"Batch under {polling}", t["loaded_cpu_ms"], t["loaded_wall_ms"], cores)
    if args.postgres:
        p = throughput_postgres(args.files)
        print(f"\n## Throughput on PostgreSQL: {p['files']} tiny text files, fast tier")
        print("| measure | value |\n|---|---|")
        print(
            "| batch create -> COMPLETED, 1 `sheaf serve --workers 0` + 2 `sheaf worker` | "
            f"{p['batch_files_per_s']:.0f} files/s (SQLite above: {t['batch_files_per_s']:.0f}) |"
        )
        print(f"| batch create (mapping {p['files']} files) | {p['create_s']:.2f} s |")
        print_cpu("PostgreSQL batch alone", p["cpu_ms"], p["wall_ms"], cores)
    if not args.big:
        return
    for postgres in (False, True) if args.postgres else (False,):
        b = big_batch(args.big, postgres)
        where = "PostgreSQL" if postgres else "SQLite"
        print(f"\n## Large batch on {where}: {b['files']} files (seeded), --workers 0")
        print("| measure | value |\n|---|---|")
        print(f"| batch create (map {b['files']} files to jobs) | {b['create_s']:.2f} s |")
        print(f"| GET expand=results ({b['results']} results) | {b['expand_results_s']:.2f} s |")
        print(
            f"| server RSS before / peak | {b['rss_before_mb']:.0f} / {b['peak_rss_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
