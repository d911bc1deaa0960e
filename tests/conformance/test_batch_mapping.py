"""How a batch maps directory files to jobs: unmapped files and the size limit (exact rows)."""

from __future__ import annotations

import io
import zipfile

import llama_cloud
import pytest

from tests.conftest import BACKENDS, make_server, sdk

FAST = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}}


@pytest.fixture(scope="module", params=BACKENDS)
def client(request, tmp_path_factory):
    srv = make_server(request.param, tmp_path_factory, env={"SHEAF_MAX_BATCH_FILES": "3"})
    srv.args = ["--workers", "0"]  # jobs stay PENDING: only the mapping is under test
    srv.start()
    yield sdk(srv)
    srv.stop()


def _archive() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hi")
    return buf.getvalue()


def _dir_with(client, names: list[str], name: str):
    """Markdown files, except that a ``.zip`` name gets a real ZIP archive (the bytes decide)."""
    d = client.beta.directories.create(name=name)
    entries = [
        client.beta.directories.files.upload(
            d.id, upload_file=(n, _archive() if n.endswith(".zip") else b"# text")
        )
        for n in names
    ]
    return d, entries


def test_unmapped_files_get_an_error_and_no_job(client):
    d, (ok, archive, gone) = _dir_with(client, ["a.md", "b.zip", "c.txt"], "mapping")
    client.files.delete(gone.file_id)
    batch = client.batches.create(source_directory_id=d.id, config=FAST)
    progress = batch.model_extra["progress"]
    assert progress["total"] == 3 and progress["unmapped"] == 2 and progress["pending"] == 1
    results = client.batches.get(batch.id, expand=["results"]).results
    assert [r.source_directory_file_id for r in results] == [ok.id, archive.id, gone.id]
    job = client.parsing.get(results[0].job_reference.id).job
    assert job.id.startswith("pjb-") and job.status == "PENDING"
    assert results[0].error_message is None
    assert results[1].job_reference is None
    assert results[1].error_message == "unsupported file type 'zip' for b.zip"
    assert results[2].job_reference is None
    assert results[2].error_message == f"the file behind {gone.id} (c.txt) no longer exists"


def test_a_directory_over_the_limit_makes_no_batch(client):
    d, _ = _dir_with(client, ["1.md", "2.md", "3.md", "4.md"], "too-big")
    with pytest.raises(llama_cloud.UnprocessableEntityError) as err:
        client.batches.create(source_directory_id=d.id, config=FAST)
    assert "a batch may hold at most 3 files; this one has 4" in str(err.value)
    assert client.batches.list(source_directory_id=d.id).items == []
