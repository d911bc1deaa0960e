"""Batches through the official SDK: create, progress, per-file results, list, cancel."""

from __future__ import annotations

import llama_cloud
import pytest

from tests import docs
from tests.conformance.helpers import wait_batch, wait_job


def _dir_with(client, files: dict[str, bytes], name="batch-src"):
    d = client.beta.directories.create(name=name, type="ephemeral")
    ids = {}
    for fname, data in files.items():
        ids[fname] = client.beta.directories.files.upload(d.id, upload_file=(fname, data)).id
    return d, ids


def test_batch_runs_every_file_and_reports_per_file_outcomes(client):
    d, ids = _dir_with(
        client,
        {
            "report.pdf": docs.pdf(pages=2),
            "notes.md": docs.markdown("Meeting"),
            "plain.txt": b"just some text",
            "archive.zip": b"PK\x03\x04 not a document",
            "empty.txt": b"",
            "corrupt.pdf": b"%PDF-1.7\n1 0 obj broken",
        },
    )
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_COST_EFFECTIVE"}},
    )
    assert batch.id.startswith("bat-") and batch.status in ("PENDING", "RUNNING", "THROTTLED")
    assert batch.config.job.configuration_id == "cfg-PARSE_COST_EFFECTIVE"
    assert batch.results is None
    done = wait_batch(client, batch.id)
    assert done.status == "COMPLETED"
    progress = done.model_extra["progress"]
    assert progress["total"] == 6 and progress["pending"] == 0 and progress["running"] == 0
    assert progress["completed"] == 3 and progress["failed"] == 3

    full = client.batches.get(batch.id, expand=["results"])
    by_file = {r.source_directory_file_id: r for r in full.results}
    assert set(by_file) == set(ids.values())
    zip_result = by_file[ids["archive.zip"]]
    assert zip_result.job_reference is None and "unsupported file type" in zip_result.error_message
    for name in ("report.pdf", "notes.md", "plain.txt"):
        ref = by_file[ids[name]].job_reference
        assert ref.type == "parse_v2"
        assert client.parsing.get(ref.id).job.status == "COMPLETED"
    pdf = client.parsing.get(by_file[ids["report.pdf"]].job_reference.id, expand=["markdown"])
    assert "Quarterly Report 1" in pdf.markdown.pages[0].markdown
    for name in ("empty.txt", "corrupt.pdf"):
        job = wait_job(client, by_file[ids[name]].job_reference.id)
        assert job.status == "FAILED" and job.error_message
    assert (
        "empty" in client.parsing.get(by_file[ids["empty.txt"]].job_reference.id).job.error_message
    )


def test_saved_config_and_list_filters(client):
    cfg = client.configurations.create(
        name="batch-fast",
        parameters={"product_type": "parse_v2", "tier": "fast", "version": "latest"},
    )
    d, _ = _dir_with(client, {"a.md": b"# A", "b.md": b"# B"}, name="listed")
    b = client.batches.create(
        source_directory_id=d.id, config={"job": {"type": "parse_v2", "configuration_id": cfg.id}}
    )
    wait_batch(client, b.id)
    listed = client.batches.list(source_directory_id=d.id)
    assert [x.id for x in listed.items] == [b.id]
    assert [
        x.id for x in client.batches.list(source_directory_id=d.id, status="COMPLETED").items
    ] == [b.id]
    assert client.batches.list(source_directory_id=d.id, status="RUNNING").items == []
    assert b.id in {
        x.id for x in client.batches.list(created_at_on_or_after=b.created_at.isoformat())
    }


def test_empty_directory_completes_at_once(client):
    d = client.beta.directories.create(name="empty-src")
    b = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
    )
    assert b.status == "COMPLETED"
    assert client.batches.get(b.id, expand=["results"]).results == []


def test_bad_batch_requests(client, other_client):
    d, _ = _dir_with(client, {"a.md": b"# A"}, name="bad-req")
    with pytest.raises(llama_cloud.NotFoundError):
        client.batches.create(
            source_directory_id="dir-missing",
            config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
        )
    with pytest.raises(llama_cloud.NotFoundError):
        client.batches.create(
            source_directory_id=d.id,
            config={"job": {"type": "parse_v2", "configuration_id": "cfg-nope"}},
        )
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.batches.create(
            source_directory_id=d.id,
            config={"job": {"type": "extract_v2", "configuration_id": "cfg-PARSE_FAST"}},
        )
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.batches.create(source_directory_id=d.id, config={"job": {"type": "classify"}})
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.batches.create(
            source_directory_id=d.id,
            config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
        )
    b = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
    )
    with pytest.raises(llama_cloud.NotFoundError):
        other_client.batches.get(b.id)
    with pytest.raises(llama_cloud.UnprocessableEntityError):
        client.batches.get(b.id, expand=["everything"])
    wait_batch(client, b.id)
    with pytest.raises(llama_cloud.BadRequestError) as err:
        client.batches.cancel(b.id)
    assert err.value.response.headers["x-should-retry"] == "false"
