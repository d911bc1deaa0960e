"""Abuse the server's front door: big JSON, anonymous bodies, stalled uploads."""

from __future__ import annotations

import socket
import time

import httpx
import llama_cloud
import pytest


def test_json_body_over_its_limit_is_413(client):
    with pytest.raises(llama_cloud.APIStatusError) as err:
        client.beta.directories.create(name="x", description="y" * (300 * 1024))
    assert err.value.status_code == 413 and "limit" in str(err.value.body)


def test_anonymous_request_is_refused_before_its_body_is_read(server):
    import psutil

    before = psutil.Process(server.proc.pid).memory_info().rss
    r = httpx.post(
        f"{server.base_url}/api/v2/batches",
        content=b"[" + b"{}," * (10 * 1024 * 1024) + b"{}]",  # 30 MB of JSON
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert r.status_code == 401 and "API key" in r.json()["detail"]
    grown = psutil.Process(server.proc.pid).memory_info().rss - before
    assert grown < 20 * 1024 * 1024


def test_stalled_uploads_do_not_block_other_requests(server):
    """Clients that send headers and then nothing hold no request slot."""
    host, port = "127.0.0.1", server.port
    stalled = []
    try:
        for _ in range(40):
            s = socket.create_connection((host, port))
            s.sendall(
                b"POST /api/v1/beta/files HTTP/1.1\r\nHost: x\r\n"
                b"Authorization: Bearer " + server.api_key.encode() + b"\r\n"
                b"Content-Type: multipart/form-data; boundary=b\r\n"
                b"Content-Length: 100000\r\n\r\n--b\r\n"
            )
            stalled.append(s)
        time.sleep(0.5)
        r = httpx.get(
            f"{server.base_url}/api/v2/projects",
            headers={"Authorization": f"Bearer {server.api_key}"},
            timeout=5,
        )
        assert r.status_code == 200
        assert httpx.get(f"{server.base_url}/healthz", timeout=5).status_code == 200
    finally:
        for s in stalled:
            s.close()
