"""Batch and parse webhooks delivered to a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import re
import threading
import time
from pathlib import Path

import llama_cloud
import pytest

from tests.conformance.helpers import wait_batch, wait_job

SECRET = "whsec-test-secret"


class Receiver:
    """Records every POST; answers 500 to the first ``fail_first`` requests of each path."""

    def __init__(self, fail_first: int = 0) -> None:
        self.requests: list[dict] = []
        self.fail_first = fail_first
        self.seen: dict[str, int] = {}
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                count = receiver.seen.get(self.path, 0)
                receiver.seen[self.path] = count + 1
                receiver.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(500 if count < receiver.fail_first else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def events(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]

    def wait_for(self, predicate, timeout: float = 30.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"webhooks not received in time: {self.requests}")
            time.sleep(0.05)


@pytest.fixture
def receiver():
    r = Receiver(fail_first=1)
    yield r
    r.httpd.shutdown()


def _decode(req: dict, fmt: str) -> dict:
    parsed = json.loads(req["body"])
    return json.loads(parsed) if fmt == "string" else parsed


def test_batch_events_are_signed_and_retried(client, receiver):
    d = client.beta.directories.create(name="hooked")
    client.beta.directories.files.upload(d.id, upload_file=("a.md", b"# A"))
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
        webhook_configurations=[
            {
                "webhook_url": f"{receiver.url}/signed",
                "webhook_signing_secret": SECRET,
                "webhook_output_format": "json",
                "webhook_headers": {"X-Tenant": "acme"},
            },
            {"webhook_url": f"{receiver.url}/only-success", "webhook_events": ["batch.success"]},
        ],
    )
    assert wait_batch(client, batch.id).status == "COMPLETED"

    def statuses(path, fmt):
        ok = [r for r in receiver.events(path)]
        return {_decode(r, fmt)["event_type"] for r in ok}

    receiver.wait_for(lambda: {"batch.pending", "batch.success"} <= statuses("/signed", "json"))
    receiver.wait_for(lambda: receiver.seen.get("/only-success", 0) >= 2)  # 500, then retried

    for req in receiver.events("/signed"):
        sig = req["headers"]["LC-Signature"]
        expected = hmac.new(SECRET.encode(), req["body"], hashlib.sha256).hexdigest()
        assert sig == f"sha256={expected}"
        assert req["headers"]["webhook-id"] and req["headers"]["webhook-timestamp"].isdigit()
        assert req["headers"]["X-Tenant"] == "acme"
        payload = _decode(req, "json")
        assert payload["data"]["id"] == batch.id
        assert SECRET not in req["body"].decode()
    success = [_decode(r, "json") for r in receiver.events("/signed")]
    final = next(p for p in success if p["event_type"] == "batch.success")
    assert final["status"] == "COMPLETED" and final["data"]["status"] == "COMPLETED"

    only = receiver.events("/only-success")
    assert {_decode(r, "string")["event_type"] for r in only} == {"batch.success"}
    assert "LC-Signature" not in only[0]["headers"]
    assert len({r["headers"]["webhook-id"] for r in only}) == 1  # a retry keeps its id


def test_parse_job_events_and_saved_configs(client, receiver):
    saved = client.webhook_configs.create(
        webhook_url=f"{receiver.url}/saved", webhook_events=["parse.success", "parse.error"]
    )
    job = client.parsing.create(
        tier="fast",
        version="latest",
        upload_file=("p.md", b"# P"),
        webhook_configurations=[{"webhook_url": f"{receiver.url}/inline"}],
    )
    assert wait_job(client, job.id).status == "COMPLETED"
    receiver.wait_for(
        lambda: (
            {"parse.pending", "parse.running", "parse.success"}
            <= {_decode(r, "string")["event_type"] for r in receiver.events("/inline")}
        )
    )
    f = client.files.create(file=("q.md", b"# Q"), purpose="parse")
    d = client.beta.directories.create(name="saved-hooks")
    client.beta.directories.files.add(d.id, file_id=f.id)
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
        webhook_configuration_ids=[saved.id],
    )
    wait_batch(client, batch.id)
    with pytest.raises(llama_cloud.NotFoundError):
        client.batches.create(
            source_directory_id=d.id,
            config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
            webhook_configuration_ids=["whc-missing"],
        )
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.parsing.create(
            tier="fast",
            version="latest",
            file_id=f.id,
            webhook_configurations=[{"webhook_url": "http://169.254.169.254/latest"}],
        )


def readme_verify():
    """The receiver-side check exactly as the README shows it (Standard Webhooks, v1)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    [code] = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "def verify(" in b]
    scope: dict = {}
    exec(code, scope)
    return scope["verify"]


def test_standard_webhooks_signature_and_failed_deliveries_in_the_api(tmp_path_factory):
    import base64

    import httpx

    from tests.conftest import make_server, sdk

    srv = make_server(
        "sqlite",
        tmp_path_factory,
        env={"SHEAF_WEBHOOK_MAX_ATTEMPTS": "2", "SHEAF_WEBHOOK_RETRY_BASE_SECONDS": "0.1"},
    )
    client = sdk(srv.start())
    verify = readme_verify()
    ok, down = Receiver(), Receiver(fail_first=10**9)
    whsec = "whsec_" + base64.b64encode(b"sixteen byte key").decode()
    try:
        job = client.parsing.create(
            tier="fast",
            version="latest",
            upload_file=("p.md", b"# P"),
            webhook_configurations=[
                {"webhook_url": f"{ok.url}/std", "webhook_signing_secret": whsec},
                {"webhook_url": f"{ok.url}/plain", "webhook_signing_secret": SECRET},
                {"webhook_url": f"{down.url}/down", "webhook_events": ["parse.success"]},
            ],
        )
        assert wait_job(client, job.id).status == "COMPLETED"
        ok.wait_for(lambda: len(ok.events("/std")) >= 3 and len(ok.events("/plain")) >= 3)
        for path, secret in (("/std", whsec), ("/plain", SECRET)):
            for req in ok.events(path):
                headers = {k.lower(): v for k, v in req["headers"].items()}
                assert verify(secret, headers, req["body"])
                assert headers["lc-signature"] == _lc_signature(secret, req["body"])
                replayed = {**headers, "webhook-timestamp": str(int(time.time()) + 1)}
                assert not verify(secret, replayed, req["body"])
                stale = {**headers, "webhook-timestamp": str(int(time.time()) - 3600)}
                assert not verify(secret, stale, req["body"])
        # The endpoint that always fails: visible through the API once given up on.
        api = httpx.Client(
            base_url=srv.base_url, headers={"Authorization": f"Bearer {srv.api_key}"}
        )
        deadline = time.monotonic() + 30
        while not (failed := api.get("/api/v2/webhook-deliveries?status=failed").json()["items"]):
            assert time.monotonic() < deadline, api.get("/api/v2/webhook-deliveries").json()
            time.sleep(0.1)
        [row] = failed
        assert row["url"] == f"{down.url}/down" and row["event_type"] == "parse.success"
        assert row["attempts"] == 2 and row["last_status_code"] == 500
        assert row["last_error"].startswith("HTTP 500")
        assert "signing_secret" not in row and "headers" not in row
        delivered = api.get("/api/v2/webhook-deliveries", params={"status": "delivered"})
        assert {r["url"].rsplit("/", 1)[1] for r in delivered.json()["items"]} == {"std", "plain"}
        assert api.get("/api/v2/webhook-deliveries?status=nope").status_code == 422
    finally:
        ok.httpd.shutdown()
        down.httpd.shutdown()
        srv.stop()


def _lc_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
