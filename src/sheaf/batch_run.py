"""``sheaf run DIR``: upload a folder, run one batch over it, and write every result to disk.

Talks to a running server over HTTP (``--base-url``), or starts an embedded one on the default
data dir when none is given. Progress shows files done / failed / total, pages/s and ETA.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

__all__ = ["RunOptions", "run_batch"]

TERMINAL = {"COMPLETED", "FAILED", "CANCELLED"}
console = Console(stderr=True)


@dataclass
class RunOptions:
    directory: Path
    config: str = "cfg-PARSE_FAST"
    job_type: str = "parse_v2"
    out: Path | None = None
    base_url: str | None = None
    api_key: str | None = None
    data_dir: str | None = None
    concurrency: int = 8


class Api:
    """The few calls ``sheaf run`` needs, with the same wire shapes the SDK uses."""

    def __init__(self, base_url: str, api_key: str) -> None:
        self.http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(120.0, connect=10.0),
        )

    def call(self, method: str, path: str, **kwargs):
        response = self.http.request(method, path, **kwargs)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail")
            except ValueError:
                detail = response.text
            raise SystemExit(f"error: {method} {path} -> {response.status_code}: {detail}")
        return response.json()


def _files(root: Path) -> list[Path]:
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def _embedded_server(data_dir: str | None) -> tuple[subprocess.Popen, str, str]:
    """Start ``sheaf serve`` on a free port with a one-off key; returns (process, url, key)."""
    import socket

    from sheaf.services.tenancy import create_api_key, ensure_project
    from sheaf.settings import get_settings
    from sheaf.store.db import Database, migrate

    if data_dir:
        os.environ["SHEAF_DATA_DIR"] = data_dir
    get_settings.cache_clear()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.resolved_database_url)
    db = Database(settings.resolved_database_url)
    with db.session() as session:
        key = create_api_key(session, ensure_project(session, "Default"), name="sheaf run")
    db.dispose()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = open(settings.data_dir / "sheaf-run-server.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "sheaf.cli", "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"embedded server exited; see {log.name}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return proc, url, key
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("embedded server did not start in 60 s")


def _upload_all(api: Api, directory_id: str, root: Path, files: list[Path], workers: int) -> dict:
    """Upload every file (unique_id = path relative to the folder); returns dfl id -> path."""
    mapping: dict[str, str] = {}

    def upload(path: Path) -> None:
        rel = path.relative_to(root).as_posix()
        with path.open("rb") as fh:
            entry = api.call(
                "POST",
                f"/api/v1/beta/directories/{directory_id}/files/upload",
                files={"upload_file": (path.name, fh)},
                data={"unique_id": rel, "display_name": rel},
            )
        mapping[entry["id"]] = rel

    with Progress(
        TextColumn("uploading"), BarColumn(), TaskProgressColumn(), console=console, transient=True
    ) as progress:
        task = progress.add_task("upload", total=len(files))
        with ThreadPoolExecutor(workers) as pool:
            for _ in pool.map(upload, files):
                progress.advance(task)
    return mapping


def _watch(api: Api, batch_id: str, total: int) -> dict:
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} files"),
        TextColumn("{task.fields[failed]} failed"),
        TextColumn("{task.fields[rate]:.1f} pages/s"),
        TimeRemainingColumn(),
    )
    started = time.monotonic()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task("parsing", total=total, failed=0, rate=0.0)
        while True:
            batch = api.call("GET", f"/api/v2/batches/{batch_id}")
            p = batch.get("progress") or {}
            done = p.get("completed", 0) + p.get("failed", 0) + p.get("cancelled", 0)
            rate = p.get("pages", 0) / max(time.monotonic() - started, 1e-6)
            progress.update(
                task,
                completed=done,
                failed=p.get("failed", 0),
                rate=rate,
                description=batch["status"].lower(),
            )
            if batch["status"] in TERMINAL:
                return batch
            time.sleep(0.5)


def _save(api: Api, out: Path, rel: str, job_type: str, job_id: str) -> tuple[str | None, int]:
    """Write the file's results next to its path in OUT; returns (error or None, pages).

    Parse jobs give ``rel.md`` (markdown) and ``rel.json`` (items, metadata, job);
    extract jobs give ``rel.json`` (the extracted object with citations and confidence).
    """
    if job_type == "extract_v2":
        result = api.call("GET", f"/api/v2/extract/{job_id}", params={"expand": "extract_metadata"})
        job, pages = (
            result,
            ((result.get("metadata") or {}).get("usage") or {}).get("num_pages_extracted") or 0,
        )
    else:
        result = api.call(
            "GET",
            f"/api/v2/parse/{job_id}",
            params=[("expand", e) for e in ("markdown_full", "items", "metadata", "job_metadata")],
        )
        job = result["job"]
        pages = len((result.get("items") or {}).get("pages") or [])
    if job["status"] != "COMPLETED":
        return job.get("error_message") or job["status"].lower(), 0
    target = out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if job_type != "extract_v2":
        Path(f"{target}.md").write_text(result.get("markdown_full") or "", encoding="utf-8")
    Path(f"{target}.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return None, pages


def run_batch(opts: RunOptions) -> int:
    root = opts.directory.resolve()
    if not root.is_dir():
        raise SystemExit(f"error: {root} is not a folder")
    files = _files(root)
    if not files:
        raise SystemExit(f"error: no files under {root}")
    out = (opts.out or Path(f"{root.name}-sheaf")).resolve()
    server = None
    base_url = opts.base_url or os.environ.get("LLAMA_CLOUD_BASE_URL")
    api_key = opts.api_key or os.environ.get("LLAMA_CLOUD_API_KEY")
    if not base_url:
        console.print("starting an embedded Sheaf server on the default data dir…")
        server, base_url, api_key = _embedded_server(opts.data_dir)
    elif not api_key:
        raise SystemExit("error: set LLAMA_CLOUD_API_KEY or pass --api-key")
    try:
        api = Api(base_url, api_key)
        expires = (datetime.now(UTC) + timedelta(days=1)).isoformat()
        directory = api.call(
            "POST",
            "/api/v1/beta/directories",
            json={"name": f"sheaf run {root.name}", "type": "ephemeral", "expires_at": expires},
        )
        names = _upload_all(api, directory["id"], root, files, opts.concurrency)
        batch = api.call(
            "POST",
            "/api/v2/batches",
            json={
                "source_directory_id": directory["id"],
                "config": {"job": {"type": opts.job_type, "configuration_id": opts.config}},
            },
        )
        console.print(f"batch {batch['id']}: {len(files)} files, config {opts.config}")
        final = _watch(api, batch["id"], len(files))
        results = api.call("GET", f"/api/v2/batches/{batch['id']}", params={"expand": "results"})
        failures: list[tuple[str, str]] = []
        pages = 0

        def collect(result: dict) -> tuple[str, str | None, int]:
            rel = names.get(result["source_directory_file_id"], result["source_directory_file_id"])
            if not result.get("job_reference"):
                return rel, result.get("error_message") or "no job was created", 0
            ref = result["job_reference"]
            error, n = _save(api, out, rel, ref["type"], ref["id"])
            return rel, error, n

        with ThreadPoolExecutor(opts.concurrency) as pool:
            for rel, error, n in pool.map(collect, results.get("results") or []):
                pages += n
                if error:
                    failures.append((rel, error))
        ok = len(files) - len(failures)
        console.print(
            f"{final['status'].lower()}: {ok} of {len(files)} files parsed ({pages} pages) -> {out}"
        )
        if failures:
            table = Table(title="failed files", show_lines=False)
            table.add_column("file")
            table.add_column("reason")
            for rel, reason in sorted(failures):
                table.add_row(rel, reason)
            console.print(table)
        return 1 if failures or final["status"] != "COMPLETED" else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
