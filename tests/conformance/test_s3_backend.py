"""``SHEAF_BLOB_BACKEND=s3``: a real ``sheaf serve`` (API + worker processes) on moto's S3 server.

Uploads land in the bucket, ``files.content`` hands out a real S3 presigned URL, and a parse
batch completes, which means the workers read their inputs from S3 and wrote (large) results
back to it. Nothing is written to the local blob folder.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import llama_cloud
import pytest

from tests import docs
from tests.blobs.moto_s3 import ACCESS_KEY, REGION, SECRET_KEY, moto_s3, new_bucket, s3_client
from tests.conformance.helpers import wait_batch
from tests.conftest import make_server, sdk
from tests.serverproc import SheafServer

PREFIX = "sheaf-ci"


def s3_env(endpoint: str, bucket: str) -> dict[str, str]:
    return {
        "SHEAF_BLOB_BACKEND": "s3",
        "SHEAF_S3_BUCKET": bucket,
        "SHEAF_S3_PREFIX": PREFIX,
        "SHEAF_S3_ENDPOINT_URL": endpoint,
        "SHEAF_S3_REGION": REGION,
        "SHEAF_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "SHEAF_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "SHEAF_MAX_UPLOAD_BYTES": str(1024 * 1024),
    }


@pytest.fixture(scope="module")
def s3() -> Iterator[tuple[str, str]]:
    with moto_s3() as endpoint:
        yield endpoint, new_bucket(endpoint)


@pytest.fixture(scope="module")
def s3_server(s3, tmp_path_factory) -> Iterator[SheafServer]:
    endpoint, bucket = s3
    srv = make_server(
        "sqlite", tmp_path_factory, env=s3_env(endpoint, bucket), args=["--workers", "2"]
    )
    srv.start()
    yield srv
    srv.stop()


def bucket_keys(s3) -> set[str]:
    endpoint, bucket = s3
    listed = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return {o["Key"] for o in listed.get("Contents", [])}


def test_files_live_in_the_bucket_and_download_from_s3(s3_server, s3):
    client = sdk(s3_server)
    payload = b"%PDF-1.4\n% tiny\n" + bytes(range(256)) * 10
    created = client.files.create(file=("report.pdf", payload, "application/pdf"), purpose="parse")
    assert created.file_type == "pdf"
    assert f"{PREFIX}/files/{created.id}" in bucket_keys(s3)

    url = client.files.content(created.id)
    assert url.url.startswith(s3[0]) and "X-Amz-Signature=" in url.url
    assert url.expires_at is not None
    got = httpx.get(url.url)
    assert got.status_code == 200 and got.content == payload
    assert 'filename="report.pdf"' in got.headers["content-disposition"]
    listed = client.files.retrieve(created.id, expand=["download_url"])
    assert httpx.get(listed.download_url.url).content == payload

    client.files.delete(created.id)
    assert f"{PREFIX}/files/{created.id}" not in bucket_keys(s3)
    # S3 answers 403 rather than 404 for a missing key unless the signer may list the bucket.
    assert httpx.get(url.url).status_code in (403, 404)


def test_zip_container_type_is_read_back_from_the_bucket(s3_server):
    # A ZIP's directory is at its end: the verdict reads the stored (non-seekable) S3 body.
    book = docs.epub({"a.xhtml": "<p>x</p>"}, ["a.xhtml"])
    created = sdk(s3_server).files.create(file=("book", book), purpose="parse")
    assert created.file_type == "epub"


def test_oversized_upload_leaves_nothing_in_the_bucket(s3_server, s3):
    client = sdk(s3_server)
    before = bucket_keys(s3)
    with pytest.raises(llama_cloud.APIStatusError) as exc:
        client.files.create(file=("big.bin", b"x" * (1024 * 1024 + 1)), purpose="user_data")
    assert exc.value.status_code == 413
    assert bucket_keys(s3) == before
    endpoint, bucket = s3
    assert not s3_client(endpoint).list_multipart_uploads(Bucket=bucket).get("Uploads")


def test_parse_batch_reads_inputs_and_writes_results_through_s3(s3_server, s3):
    client = sdk(s3_server)
    # Big enough that its parse result is stored as a blob rather than inline in the job row.
    long_text = "\n\n".join(
        f"Paragraph {i}: " + "lorem ipsum dolor sit amet " * 12 for i in range(120)
    )
    d = client.beta.directories.create(name="s3-src", type="ephemeral")
    for name, data in {
        "notes.md": docs.markdown("Shared Storage"),
        "long.txt": ("Long Report\n\n" + long_text).encode(),
    }.items():
        client.beta.directories.files.upload(d.id, upload_file=(name, data))
    batch = client.batches.create(
        source_directory_id=d.id,
        config={"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
    )
    done = wait_batch(client, batch.id, timeout=60)
    assert done.status == "COMPLETED"
    assert done.model_extra["progress"]["completed"] == 2

    full = client.batches.get(batch.id, expand=["results"])
    markdown = {}
    for result in full.results:
        got = client.parsing.get(result.job_reference.id, expand=["markdown"])
        assert got.job.status == "COMPLETED"
        markdown[got.job.name] = "\n".join(p.markdown for p in got.markdown.pages)
    assert "# Shared Storage" in markdown["notes.md"]
    assert "Paragraph 119" in markdown["long.txt"]

    keys = bucket_keys(s3)
    assert any(k.startswith(f"{PREFIX}/results/") for k in keys), keys
    blob_dir = s3_server.data_dir / "blobs"
    assert not blob_dir.exists() or not any(p.is_file() for p in blob_dir.rglob("*"))


def test_missing_bucket_stops_the_server_with_a_clear_error(s3, tmp_path_factory):
    endpoint, _ = s3
    srv = make_server("sqlite", tmp_path_factory, env=s3_env(endpoint, "sheaf-no-such-bucket"))
    with pytest.raises(RuntimeError, match="exited early") as exc:
        srv.start(timeout=30)
    assert "does not exist" in str(exc.value) and "SHEAF_S3_CREATE_BUCKET" in str(exc.value)


def test_without_presigning_our_signed_route_streams_from_s3(s3, tmp_path_factory):
    endpoint, bucket = s3
    env = s3_env(endpoint, bucket) | {"SHEAF_S3_PRESIGNED_URLS": "false"}
    srv = make_server("sqlite", tmp_path_factory, env=env, args=["--workers", "0"])
    srv.start()
    try:
        client = sdk(srv)
        payload = bytes(range(256)) * 3000  # 750 KiB: several streamed chunks
        created = client.files.create(file=("data räw.bin", payload), purpose="user_data")
        url = client.files.content(created.id).url
        assert url.startswith(srv.base_url) and "/download?" in url
        got = httpx.get(url)
        assert got.status_code == 200 and got.content == payload
        assert (
            got.headers["content-disposition"] == "attachment; filename*=utf-8''data%20r%C3%A4w.bin"
        )
        assert httpx.get(url.replace("signature=", "signature=0")).status_code == 404
    finally:
        srv.stop()
