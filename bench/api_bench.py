"""Read-path benchmark: Sheaf's API against a minimal FastAPI app, same stack, same run.

    .venv/bin/python bench/api_bench.py [--duration 5] [--concurrency 8,32,100] [--processes 1,2]

Needs ``wrk`` (Debian/Ubuntu: ``apt-get install -y wrk``; macOS: ``brew install wrk``); the bench
installs nothing. It starts

* the reference app (``bench/api_reference_app.py``: one route reading one row by primary key
  from SQLite with SQLAlchemy Core, ~600 bytes of JSON, and a ``/healthz`` running ``SELECT 1``)
  under uvicorn with ``--workers P``;
* a real ``sheaf serve --workers 0 --api-processes P`` on a data dir holding a finished 20-file
  batch (run by a short-lived ``sheaf serve --workers 1`` first);

then drives both with ``wrk`` at each concurrency, interleaving the two apps so that load from
elsewhere on the machine hits both alike, repeating every cell ``--rounds`` times and keeping
its best run, and prints req/s, p50/p99 per route and the ratios Sheaf / reference. The load
average at the start is printed with the results.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import api_reference_app  # noqa: E402

from tests.serverproc import SheafServer, free_port  # noqa: E402

PARSE_FAST = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}}
BATCH = "GET /api/v2/batches/{id}"
PARSE = "GET /api/v2/parse/{id}?expand=text"


@dataclass
class Run:
    req_s: float
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # CPU time the server's processes spent per request
    errors: str  # "" when every answer was a 2xx in time


def tree_cpu_seconds(root: psutil.Process) -> float:
    """User + system CPU of a process and all its descendants (API processes)."""
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(
    url: str, concurrency: int, duration: float, headers: dict[str, str], server: psutil.Process
) -> Run:
    """One ``wrk`` run; a run with any non-2xx answer or socket error is reported as such."""
    threads = 1  # one wrk thread drives 10k+ req/s and leaves the servers more of the CPU
    seconds = max(1, round(duration))  # wrk takes whole seconds
    cmd = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s"]
    cmd += ["--latency", url]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    cpu_before = tree_cpu_seconds(server)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    cpu = tree_cpu_seconds(server) - cpu_before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    req_s = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    problems = [f"{n} non-2xx" for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out)]
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket:
        kinds = ("connect", "read", "write", "timeout")
        problems += [
            f"{n} {k} errors" for k, n in zip(kinds, socket.groups(), strict=True) if n != "0"
        ]
    return Run(req_s, p50, p99, cpu * 1000 / max(1, requests), ", ".join(problems))


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited early")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy")


def start_reference(tmp: Path, processes: int) -> tuple[subprocess.Popen, str]:
    db = tmp / "reference.db"
    if not db.exists():
        api_reference_app.seed(str(db))
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "api_reference_app:app",
            "--app-dir", str(ROOT / "bench"), "--port", str(port),
            "--workers", str(processes), "--log-level", "warning", "--no-access-log",
        ],
        env={**os.environ, "REF_DB": str(db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    wait_healthy(f"{base}/healthz", proc)
    return proc, base


def stop_reference(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def prepare_sheaf(data_dir: Path) -> tuple[str, str]:
    """Run a 20-file batch to completion; return its id and one of its parse jobs."""
    data_dir.mkdir(parents=True, exist_ok=True)
    srv = SheafServer(data_dir=data_dir, args=["--workers", "1"]).start()
    try:
        http = httpx.Client(
            base_url=srv.base_url, headers={"Authorization": f"Bearer {srv.api_key}"}, timeout=60
        )
        d = http.post("/api/v1/beta/directories", json={"name": "bench"}).json()
        for i in range(20):
            text = f"Invoice {i}\n\nTotal: {i * 7} EUR\nThank you for your business.\n" * 3
            http.post(
                f"/api/v1/beta/directories/{d['id']}/files/upload",
                files={"upload_file": (f"doc-{i:02}.txt", text.encode())},
            ).raise_for_status()
        batch = http.post(
            "/api/v2/batches", json={"source_directory_id": d["id"], "config": PARSE_FAST}
        ).json()
        deadline = time.monotonic() + 120
        while http.get(f"/api/v2/batches/{batch['id']}").json()["status"] != "COMPLETED":
            if time.monotonic() > deadline:
                raise RuntimeError("the preparation batch did not complete")
            time.sleep(0.2)
        results = http.get(f"/api/v2/batches/{batch['id']}", params={"expand": "results"}).json()
        job_id = results["results"][0]["job_reference"]["id"]
        return batch["id"], job_id
    finally:
        srv.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=3.0, help="seconds per wrk run")
    ap.add_argument(
        "--rounds", type=int, default=3, help="runs per cell, interleaved; the best one counts"
    )
    ap.add_argument("--concurrency", default="8,32,100")
    ap.add_argument("--processes", default="1,2", help="API processes of each app, per round")
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install -y wrk (Debian/Ubuntu) or brew install wrk")
    levels = [int(c) for c in args.concurrency.split(",")]
    load = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        batch_id, job_id = prepare_sheaf(tmp / "sheaf")
        results: dict[tuple[int, str, int], Run] = {}  # the run with the best req/s
        cpu_ms: dict[tuple[int, str, int], float] = {}  # the least CPU per request seen
        for processes in (int(p) for p in args.processes.split(",")):
            ref_proc, ref_base = start_reference(tmp, processes)
            srv = SheafServer(
                data_dir=tmp / "sheaf",
                args=["--workers", "0"]
                + (["--api-processes", str(processes)] if processes > 1 else []),
            )
            try:
                srv.start()
                auth = {"Authorization": f"Bearer {srv.api_key}"}
                ref, sheaf = psutil.Process(ref_proc.pid), psutil.Process(srv.proc.pid)
                item_url = f"{ref_base}/items/{api_reference_app.ROW_ID}"
                routes = [
                    ("reference /items/{id}", item_url, {}, ref),
                    ("reference /healthz", f"{ref_base}/healthz", {}, ref),
                    (BATCH, f"{srv.base_url}/api/v2/batches/{batch_id}", auth, sheaf),
                    (PARSE, f"{srv.base_url}/api/v2/parse/{job_id}?expand=text", auth, sheaf),
                    ("GET /healthz", f"{srv.base_url}/healthz", {}, sheaf),
                ]
                for _name, url, headers, proc in routes:  # warm up every route of both apps
                    wrk(url, 8, 1, headers, proc)
                for _round in range(args.rounds):
                    for c in levels:
                        for name, url, headers, proc in routes:
                            run = wrk(url, c, args.duration, headers, proc)
                            key = (processes, name, c)
                            best = results.get(key)
                            if best is None or run.req_s > best.req_s:
                                results[key] = run
                            cpu_ms[key] = min(cpu_ms.get(key, run.cpu_ms), run.cpu_ms)
            finally:
                srv.stop()
                stop_reference(ref_proc)
        report(results, cpu_ms, levels, load, started, args)
        goals(results, levels)
        end = os.getloadavg()
        print(f"\nload average at the end {end[0]:.2f} / {end[1]:.2f} / {end[2]:.2f}")


def goals(results, levels) -> None:
    """Issue 14's goals, each against this run's figures."""
    procs = sorted({p for p, _, _ in results})
    one = procs[0]
    rows = []

    def ratio(name: str, ref: str, c: int, p: int = one) -> float:
        return results[(p, name, c)].req_s / results[(p, ref, c)].req_s

    for c in levels:
        x = ratio(BATCH, "reference /items/{id}", c)
        rows.append((f"{BATCH} >= 0.6x reference, c={c}, {one} proc", f"{x:.2f}x", x >= 0.6))
    for c in levels:
        x = ratio("GET /healthz", "reference /healthz", c)
        rows.append((f"GET /healthz >= 0.8x reference, c={c}, {one} proc", f"{x:.2f}x", x >= 0.8))
    if 32 in levels:
        p99 = results[(one, BATCH, 32)].p99_ms
        ref99 = results[(one, "reference /items/{id}", 32)].p99_ms
        value = f"{p99:.1f} ms (reference {ref99:.1f} ms)"
        rows.append((f"{BATCH} p99 <= 30 ms at c=32, {one} proc", value, p99 <= 30))
    if len(procs) > 1:
        for c in levels:
            x = results[(procs[-1], BATCH, c)].req_s / results[(one, BATCH, c)].req_s
            rows.append((f"{BATCH} {procs[-1]} procs >= 1.6x {one}, c={c}", f"{x:.2f}x", x >= 1.6))
    print("\n| goal (issue 14) | this run | met |\n|---|---|---|")
    for goal, value, met in rows:
        print(f"| {goal} | {value} | {'yes' if met else '**no**'} |")


def report(results, cpu_ms, levels, load, started, args) -> None:
    print(f"\n## API read path: Sheaf vs a minimal FastAPI app ({started})")
    print(
        f"load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on "
        f"{os.cpu_count()} cores; wrk -t1, {args.duration:g} s per run, best of {args.rounds} "
        "interleaved runs per cell (others' load only ever slows a run down)"
    )
    cells = " | ".join(f"c={c} req/s (p50/p99 ms)" for c in levels)
    print(f"\n| route | procs | {cells} |\n|---|---|" + "---|" * len(levels))
    for (processes, name, c), _run in results.items():
        if c != levels[0]:
            continue
        row = []
        for level in levels:
            r = results[(processes, name, level)]
            err = f" **{r.errors}**" if r.errors else ""
            row.append(f"{r.req_s:,.0f} ({r.p50_ms:.1f}/{r.p99_ms:.1f}){err}")
        print(f"| {name} | {processes} | " + " | ".join(row) + " |")
    pairs = [
        (BATCH, "reference /items/{id}"),
        (PARSE, "reference /items/{id}"),
        ("GET /healthz", "reference /healthz"),
    ]
    procs = sorted({p for p, _, _ in results})
    heads = " | ".join(f"c={c}" for c in levels)
    print(f"\n| ratio Sheaf / reference, req/s | procs | {heads} |")
    print("|---|---|" + "---|" * len(levels))
    for processes in procs:
        for sheaf, ref in pairs:
            ratios = [
                results[(processes, sheaf, c)].req_s / results[(processes, ref, c)].req_s
                for c in levels
            ]
            print(f"| {sheaf} | {processes} | " + " | ".join(f"{x:.2f}x" for x in ratios) + " |")
    print(
        "\nCPU per request (server processes, least of the runs), and the ratio it implies "
        "(reference CPU / Sheaf CPU: the req/s ratio on otherwise idle cores)"
    )
    print(f"\n| route | procs | {heads} |\n|---|---|" + "---|" * len(levels))
    for processes in procs:
        for sheaf, ref in pairs:
            cells = []
            for c in levels:
                mine, theirs = cpu_ms[(processes, sheaf, c)], cpu_ms[(processes, ref, c)]
                cells.append(f"{mine:.2f} ms vs {theirs:.2f} ms = {theirs / mine:.2f}x")
            print(f"| {sheaf} | {processes} | " + " | ".join(cells) + " |")
    if len(procs) > 1:
        print(f"\n| scaling {procs[-1]} / {procs[0]} processes, req/s | {heads} |")
        print("|---|" + "---|" * len(levels))
        for name in dict.fromkeys(n for _, n, _ in results):
            ratios = [
                results[(procs[-1], name, c)].req_s / results[(procs[0], name, c)].req_s
                for c in levels
            ]
            print(f"| {name} | " + " | ".join(f"{x:.2f}x" for x in ratios) + " |")


if __name__ == "__main__":
    main()
