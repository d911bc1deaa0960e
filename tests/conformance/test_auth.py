"""API keys at the front door: checked from the headers before any body, cached briefly.

Each test runs its own server with a 1-second key cache so that revocation is observable.
"""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.conftest import BACKENDS, make_server

CACHE_SECONDS = 1.0
BIG = 200 * 1024 * 1024  # a declared 200 MB upload (under the server's upload limit)


@pytest.fixture(scope="module", params=BACKENDS)
def srv(request, tmp_path_factory):
    server = make_server(
        request.param,
        tmp_path_factory,
        env={
            "SHEAF_API_KEY_CACHE_SECONDS": str(CACHE_SECONDS),
            "SHEAF_MAX_UPLOAD_BYTES": str(512 * 1024 * 1024),
        },
        args=["--workers", "0"],
    )
    server.start()
    yield server
    server.stop()


def _upload_head(server, key: str) -> bytes:
    return (
        b"POST /api/v1/beta/files HTTP/1.1\r\nHost: x\r\n"
        b"Authorization: Bearer " + key.encode() + b"\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\n"
        b"Content-Length: " + str(BIG).encode() + b"\r\n\r\n"
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'
    )


def _answer_within(sock: socket.socket, seconds: float) -> bytes:
    """What the server sent back within ``seconds``, up to its closing the connection."""
    deadline = time.monotonic() + seconds
    answer = b""
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except ConnectionResetError:  # closed with our unread bytes in its buffer
            break
        if not chunk:
            break
        answer += chunk
    return answer


def _blob_bytes(server) -> int:
    return sum(p.stat().st_size for p in server.data_dir.rglob("*") if p.is_file())


@pytest.mark.parametrize("key", ["llx-wrong-key", "not-a-bearer"])
def test_wrong_key_upload_is_refused_before_its_body(srv, key):
    """401 after the headers and 64 KB of a declared 200 MB body: the rest is never sent."""
    before = _blob_bytes(srv)
    with socket.create_connection(("127.0.0.1", srv.port)) as sock:
        sock.sendall(_upload_head(srv, key) + b"x" * 65536)
        started = time.monotonic()
        answer = _answer_within(sock, 10)
        assert time.monotonic() - started < 5  # closed by the server, not our timeout
    status_line = answer.split(b"\r\n", 1)[0]
    assert b" 401 " in status_line, answer[:300]
    assert b"connection: close" in answer.lower()  # the server will not read the rest
    assert b"API key" in answer
    # Nothing of the upload reached the data dir (logs may grow by a line).
    assert _blob_bytes(srv) - before < 4096


def test_right_key_upload_is_read(srv):
    """The control: with a valid key the server waits for the body instead of answering."""
    with socket.create_connection(("127.0.0.1", srv.port)) as sock:
        sock.sendall(_upload_head(srv, srv.api_key) + b"x" * 65536)
        assert _answer_within(sock, 1.5) == b""


def test_key_created_while_serving_works_at_once_and_revoked_stops(srv):
    out = srv.sheaf("keys", "create", "--project", "Revocable").stdout
    key = next(line.split("=", 1)[1] for line in out.splitlines() if "LLAMA_CLOUD_API_KEY" in line)
    headers = {"Authorization": f"Bearer {key}"}
    url = f"{srv.base_url}/api/v1/beta/directories"
    # A wrong key is never remembered as wrong: the first use of the new key succeeds.
    assert httpx.get(url, headers=headers).status_code == 200
    assert httpx.get(url, headers=headers).status_code == 200  # now from the cache

    revoked = srv.sheaf("keys", "revoke", key[:12])
    assert "revoked" in revoked.stdout
    started = time.monotonic()
    while httpx.get(url, headers=headers).status_code == 200:
        assert time.monotonic() - started < CACHE_SECONDS + 2, "revoked key still accepted"
        time.sleep(0.05)
    r = httpx.get(url, headers=headers)
    assert r.status_code == 401 and r.json()["detail"] == "invalid API key"
    # Other keys are unaffected.
    ok = httpx.get(url, headers={"Authorization": f"Bearer {srv.api_key}"})
    assert ok.status_code == 200


def test_revoke_unknown_key_fails(srv):
    result = srv.sheaf("keys", "revoke", "llx-nonexist", check=False)
    assert result.returncode == 1 and "no key" in result.stderr


def test_project_scoping_with_cached_keys(srv):
    """An organization-wide answer never leaks: ?project_id of another organization is 404."""
    url = f"{srv.base_url}/api/v1/beta/directories"
    headers = {"Authorization": f"Bearer {srv.api_key}"}
    for _ in range(2):  # the second round runs from the caches
        r = httpx.get(url, headers=headers, params={"project_id": "prj-unknown"})
        assert r.status_code == 404
        r = httpx.get(url, headers=headers, params={"organization_id": "org-other"})
        assert r.status_code == 404
