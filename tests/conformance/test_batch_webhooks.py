"""Batch and parse webhooks delivered to a real local HTTP receiver."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time

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
