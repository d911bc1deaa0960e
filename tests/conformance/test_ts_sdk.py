"""The official v2 TypeScript SDK, npm ``@llamaindex/llama-cloud``, against a real ``sheaf serve``
over HTTP: the README's batch workflow, ``parsing.parse`` (multipart upload + its own polling),
extract with a saved configuration, cursor auto-pagination, errors, cancel.

The SDK comes from ``tests/conformance/ts`` (committed lockfile; ``scripts/setup-clients``
installs it, with Node from Debian). It does not validate responses itself, so every scenario
returns what it got and this side checks the shapes the SDK's types promise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.classic.conftest import THREE_PAGES, outcome, run_driver, unavailable
from tests.conformance.test_extract_api import invoice_pdf
from tests.parse.builders import simple_pdf, table_pdf

TS_DIR = Path(__file__).parent / "ts"


@pytest.fixture(scope="module")
def ts(server, tmp_path_factory) -> dict:
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed")
    if not (TS_DIR / "node_modules" / "@llamaindex" / "llama-cloud").exists():
        unavailable(f"@llamaindex/llama-cloud is not installed under {TS_DIR}")
    tmp = tmp_path_factory.mktemp("ts-sdk")
    docs = {}
    for name, data in {"three.pdf": simple_pdf(THREE_PAGES), "table.pdf": table_pdf(),
                       "invoice.pdf": invoice_pdf()}.items():
        (tmp / name).write_bytes(data)
        docs[name.removesuffix(".pdf")] = str(tmp / name)
    docs["cancel"] = []  # the batch to cancel: work that outlasts the cancel request
    for i in range(12):
        (tmp / f"cancel-{i:02}.pdf").write_bytes(simple_pdf(THREE_PAGES))
        docs["cancel"].append(str(tmp / f"cancel-{i:02}.pdf"))
    # A project of its own, so listing sees only this driver's jobs.
    out = server.sheaf("keys", "create", "--project", "TypeScript SDK").stdout
    key = next(line.split("=", 1)[1] for line in out.splitlines() if "LLAMA_CLOUD_API_KEY" in line)
    return run_driver([node, str(TS_DIR / "drive.mjs")], server, docs, tmp, cwd=TS_DIR,
                      api_key=key)


def test_readme_batch_workflow(ts):
    got = outcome(ts, "batch_workflow")
    assert got["status"] == "COMPLETED"
    assert got["progress"]["total"] == 2 and got["progress"]["completed"] == 2
    by_name = {f["name"]: f for f in got["files"]}
    assert set(by_name) == {"three.pdf", "table.pdf"}
    assert all(f["status"] == "COMPLETED" for f in got["files"])
    three = by_name["three.pdf"]
    assert three["pages"] == 3 and "Bravo page two" in three["markdown"]


def test_parse_helper_uploads_and_polls(ts):
    got = outcome(ts, "parse_helper")
    assert got["status"] == "COMPLETED" and len(got["pages"]) == 3
    for markdown, lines in zip(got["pages"], THREE_PAGES, strict=True):
        assert lines[0] in markdown
    assert all(types for types in got["items"])  # every page has structured items


def test_extract_with_a_saved_configuration(ts):
    got = outcome(ts, "extract_with_saved_configuration")
    assert got["status"] == "COMPLETED"
    assert got["result"] == {"invoice_number": "INV-042", "total": 1234.5}
    total = got["metadata"]["total"]
    assert 0 < total["confidence"] <= 1 and total["citation"][0]["page"] == 1


def test_auto_pagination_walks_every_page(ts):
    ids = outcome(ts, "list_pages")
    # the driver's own project: the workflow's 2 jobs, the helper's 1, the cancelled batch's
    # job (when it was created before the cancel), each listed once
    assert 3 <= len(ids) <= 4 and len(set(ids)) == len(ids)
    assert all(i.startswith("pjb-") for i in ids)


def test_not_found_is_the_sdks_typed_error(ts):
    got = outcome(ts, "not_found")
    assert got["raised"] == "NotFoundError" and got["status"] == 404 and got["detail"]


def test_cancel_batch(ts):
    got = outcome(ts, "cancel_batch")
    assert got["status"] == "CANCELLED"
    assert got["progress"]["cancelled"] >= 1 and got["progress"]["total"] == 12
