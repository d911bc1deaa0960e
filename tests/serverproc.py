"""Start a real ``sheaf serve`` subprocess on a free port, for tests and benchmarks."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["SheafServer", "free_port"]


PR_SET_PDEATHSIG = 1


def _ends_with_tests(parent: int):
    """A ``preexec_fn``: SIGTERM the started process when the test run that started it dies
    (killed, so no fixture tears it down), and leave at once if it already has. A server
    started by hand or by a service manager has no such tie; this one is the tests' own."""
    def arm() -> None:
        with contextlib.suppress(OSError, AttributeError):  # not Linux: teardown only
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:
            os._exit(0)
    return arm


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class SheafServer:
    data_dir: Path
    api_key: str = "llx-test-key-0123456789"
    database_url: str = ""
    env: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)
    port: int = 0
    new_session: bool = False  # its own process group (pgid = pid), as a service manager does
    proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environ(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHEAF_")}
        env.update(
            SHEAF_DATA_DIR=str(self.data_dir),
            SHEAF_BOOTSTRAP_API_KEY=self.api_key,
            SHEAF_ALLOW_PRIVATE_EGRESS="true",
        )
        if self.database_url:
            env["SHEAF_DATABASE_URL"] = self.database_url
        env.update(self.env)
        return env

    def sheaf(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run another ``sheaf`` command against the same data dir / database."""
        return subprocess.run(
            [sys.executable, "-m", "sheaf.cli", *argv],
            env=self.environ(),
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )

    def worker(self, workers: int = 1, **popen) -> subprocess.Popen:
        """Start a ``sheaf worker`` process on the same database (scale-out tests)."""
        popen.setdefault("stdout", subprocess.DEVNULL)
        popen.setdefault("stderr", subprocess.DEVNULL)
        popen.setdefault("preexec_fn", _ends_with_tests(os.getpid()))
        return subprocess.Popen(
            [sys.executable, "-m", "sheaf.cli", "worker", "--workers", str(workers)],
            env=self.environ(),
            **popen,
        )

    def start(self, timeout: float = 60.0) -> SheafServer:
        self.port = self.port or free_port()
        log = open(self.data_dir / f"server-{self.port}.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sheaf.cli", "serve", "--port", str(self.port), *self.args],
            env=self.environ(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=self.new_session,
            preexec_fn=_ends_with_tests(os.getpid()),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sheaf serve exited early:\n{self.log_text()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"sheaf serve did not become healthy:\n{self.log_text()}")

    def log_text(self) -> str:
        return "".join(
            p.read_text(errors="replace") for p in sorted(self.data_dir.glob("server-*.log"))
        )

    def stop(self, kill: bool = False) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
