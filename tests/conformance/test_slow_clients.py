"""Slow and stalling clients (slowloris): a late request head gets a 408 and its connection is
closed, a stalled body gets a 408 and creates nothing, a slow but steady body is accepted, and
other clients are served all along. A server of its own with short deadlines."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import make_server
from tests.parse.builders import simple_pdf
from tests.serverproc import SheafServer

DEADLINE = 2.0


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory) -> Iterator[SheafServer]:
    srv = make_server(
        "sqlite",
        tmp_path_factory,
        env={
            "SHEAF_HEADER_TIMEOUT_SECONDS": str(DEADLINE),
            "SHEAF_BODY_IDLE_TIMEOUT_SECONDS": str(DEADLINE),
        },
    )
    srv.start()
    yield srv
    srv.stop()


def _connect(server: SheafServer) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return s


def _answer(s: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := s.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _files(server: SheafServer) -> int:
    headers = {"Authorization": f"Bearer {server.api_key}"}
    r = httpx.get(f"{server.base_url}/api/v1/beta/files", headers=headers, timeout=10)
    return len(r.raise_for_status().json()["items"])


def test_half_sent_heads_are_closed_and_others_served(slow_server):
    held = []
    try:
        for _ in range(200):
            s = _connect(slow_server)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: sheaf\r\n")  # and never the blank line
            held.append(s)
        idle = _connect(slow_server)  # connects and says nothing at all
        held.append(idle)
        r = httpx.get(f"{slow_server.base_url}/healthz", timeout=5)
        assert r.status_code == 200  # served while 201 connections dawdle
        started = time.monotonic()
        answers = [_answer(s) for s in held]
        waited = time.monotonic() - started
    finally:
        for s in held:
            s.close()
    assert waited < DEADLINE + 5
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers)
    assert b'"detail"' in answers[0] and b"connection: close" in answers[0].lower()


def test_a_kept_alive_connection_gets_the_deadline_per_request(slow_server):
    s = _connect(slow_server)
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: sheaf\r\n\r\n")
        first = s.recv(65536)
        time.sleep(0.2)
        s.sendall(b"GET /healthz HTTP/1.1\r\n")  # the second request's head never ends
        both = first + _answer(s)
    finally:
        s.close()
    assert both.startswith(b"HTTP/1.1 200 ")
    assert both.count(b"HTTP/1.1 ") == 2 and b"HTTP/1.1 408 " in both


def test_a_stalled_upload_is_408_and_creates_nothing(slow_server):
    before = _files(slow_server)
    s = _connect(slow_server)
    try:
        head = (
            "POST /api/parsing/upload HTTP/1.1\r\nHost: sheaf\r\n"
            f"Authorization: Bearer {slow_server.api_key}\r\n"
            "Content-Type: multipart/form-data; boundary=XyZ\r\n"
            "Content-Length: 100000\r\n\r\n"
            '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        )
        s.sendall(head.encode())  # then 99,800 promised bytes never come
        r = httpx.get(f"{slow_server.base_url}/healthz", timeout=5)
        assert r.status_code == 200
        answer = _answer(s)
    finally:
        s.close()
    assert answer.startswith(b"HTTP/1.1 408 ") and b"stalled" in answer
    assert _files(slow_server) == before


def test_a_slow_but_steady_upload_is_accepted(slow_server):
    pdf = simple_pdf([["Steady upload page"]])
    boundary = "StEaDy"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf + f"\r\n--{boundary}--\r\n".encode()
    s = _connect(slow_server)
    try:
        head = (
            "POST /api/parsing/upload HTTP/1.1\r\nHost: sheaf\r\n"
            f"Authorization: Bearer {slow_server.api_key}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        s.sendall(head.encode())
        # Four pieces, a pause under the deadline between them: longer in total than it.
        step = len(body) // 4 + 1
        for i in range(0, len(body), step):
            s.sendall(body[i : i + step])
            time.sleep(DEADLINE * 0.4)
        answer = _answer(s)
    finally:
        s.close()
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
    assert b'"id":"pjb-' in answer.replace(b" ", b"")
