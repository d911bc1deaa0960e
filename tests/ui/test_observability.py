"""JSON logs with ids, the metrics token, and the command line's --version and help."""

from __future__ import annotations

import argparse
import io
import json
import logging
import subprocess
import sys

import httpx
import pytest

from sheaf.cli import build_parser
from sheaf.logs import ContextFilter, JsonFormatter, bind, request_context
from tests import docs
from tests.conformance.helpers import wait_batch
from tests.conftest import make_server, sdk


@pytest.fixture(scope="module")
def json_server(tmp_path_factory):
    # Also prometheus-client's multiprocess mode: HTTP figures go through a shared folder.
    multiproc = tmp_path_factory.mktemp("prometheus")
    srv = make_server(
        "sqlite",
        tmp_path_factory,
        env={
            "SHEAF_LOG_FORMAT": "json",
            "SHEAF_LOG_LEVEL": "debug",
            "SHEAF_METRICS_TOKEN": "scrape-me",
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
        },
        args=["--workers", "1"],
    )
    srv.start()
    yield srv
    srv.stop()


def test_metrics_token_is_required_when_set(json_server):
    url = f"{json_server.base_url}/metrics"
    refused = httpx.get(url)
    assert refused.status_code == 401 and "detail" in refused.json()
    assert httpx.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = httpx.get(url, headers={"Authorization": "Bearer scrape-me"})
    assert ok.status_code == 200 and "# TYPE sheaf_jobs gauge" in ok.text
    # Counted through the multiprocess folder: the refused scrapes above are there.
    assert 'sheaf_http_requests_total{method="GET",route="/metrics",status="401"} 2.0' in ok.text


def test_json_logs_carry_request_project_and_batch_ids(json_server):
    client = sdk(json_server)
    d = client.beta.directories.create(name="logged", type="ephemeral")
    client.beta.directories.files.upload(d.id, upload_file=("a.pdf", docs.pdf()))
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
    )
    wait_batch(client, batch.id)
    response = httpx.get(
        f"{json_server.base_url}/api/v2/batches/{batch.id}",
        headers={"Authorization": f"Bearer {json_server.api_key}", "X-Request-ID": "req-42"},
    )
    assert response.headers["x-request-id"] == "req-42"
    project_id = response.json()["project_id"]
    json_server.stop()  # flush and close the log
    records = []
    for line in json_server.log_text().splitlines():
        if line.startswith(("export ", "#")):  # the key lines `sheaf serve` prints for shells
            continue
        records.append(json.loads(line))  # every log line is one JSON object
    ours = [r for r in records if r.get("request_id") == "req-42"]
    assert ours, records[-5:]
    assert all(r["project_id"] == project_id and r["batch_id"] == batch.id for r in ours)
    assert {"time", "level", "logger", "message"} <= ours[0].keys()
    json_server.start()


def test_version_and_help_on_every_option():
    out = subprocess.run(
        [sys.executable, "-m", "sheaf.cli", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("sheaf ") and out.split()[1][0].isdigit()
    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif not action.help:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")

    walk(build_parser(), "sheaf")
    assert missing == []
    run_help = subprocess.run(
        [sys.executable, "-m", "sheaf.cli", "run", "--help"], capture_output=True, text=True
    ).stdout
    assert "cfg-PARSE_FAST" in run_help


def test_json_records_take_ids_from_the_context_the_path_and_extra():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("sheaf.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        scope = {"path_params": {"batch_id": "bat-1"}}
        with request_context(request_id="req-1", scope=scope):
            bind(project_id="prj-1")
            logger.warning("inside %s", "a request")
        logger.warning("a supervisor line", extra={"job_id": "pjb-9"})
        logger.warning("no ids")
    finally:
        logger.removeHandler(handler)
    first, second, third = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "inside a request" and first["level"] == "warning"
    assert (first["request_id"], first["project_id"], first["batch_id"]) == (
        "req-1",
        "prj-1",
        "bat-1",
    )
    assert second["job_id"] == "pjb-9"
    assert not {"request_id", "project_id", "job_id", "batch_id"} & third.keys()
