"""Fixtures for the webhook tests: a migrated database per backend and a local HTTP receiver."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sheaf.settings import Settings
from sheaf.store.db import Database
from tests.conftest import BACKENDS, migrated_database

PROJECT = "prj-webhooks-a"
OTHER_PROJECT = "prj-webhooks-b"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path, (PROJECT, OTHER_PROJECT)) as database:
        yield database


def settings(**overrides) -> Settings:
    values = {
        "allow_private_egress": True,
        "webhook_max_attempts": 3,
        "webhook_timeout_seconds": 2.0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setenv("SHEAF_WEBHOOK_RETRY_BASE_SECONDS", "0.01")


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records every request; answers with queued (status, body, headers) or 200."""

    base_url: str = ""
    requests: list[Received] = field(default_factory=list)
    replies: deque = field(default_factory=deque)
    default_status: int = 200
    delays: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str = "/hook") -> str:
        return self.base_url + path

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
        self.replies.append((status, body, headers or {}))

    def posts(self) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if r.method == "POST"]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            time.sleep(state.delays.get(self.path, 0.0))
            with state.lock:
                state.requests.append(
                    Received(self.command, self.path, dict(self.headers.items()), body)
                )
                if state.replies:
                    status, payload, headers = state.replies.popleft()
                else:
                    status, payload, headers = state.default_status, b"ok", {}
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _handle

        def log_message(self, *_args) -> None:
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # the deliverer opens many connections at once

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
