"""S3BlobStore against a real HTTP S3 endpoint (moto's standalone server)."""

from __future__ import annotations

import hashlib
import io
import os

import httpx
import pytest

from sheaf.blobs import BlobNotFound, BlobStoreConfigError, LocalBlobStore, open_blob_store
from sheaf.blobs.s3 import S3BlobStore
from sheaf.settings import Settings
from tests.blobs.moto_s3 import ACCESS_KEY, REGION, SECRET_KEY, new_bucket, s3_client

MB = 1024 * 1024


class Trickle(io.RawIOBase):
    """A non-seekable stream that hands out ``size`` pseudo-random bytes in small reads."""

    def __init__(self, size: int, seed: bytes = b"sheaf") -> None:
        self.left = size
        self.block = hashlib.sha256(seed).digest() * 2048  # 64 KiB, not all one byte
        self.sent = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left, len(self.block))
        data = self.block[:n]
        self.left -= n
        self.sent.update(data)
        return data


def make_store(endpoint: str, bucket: str, prefix: str = "", **kwargs) -> S3BlobStore:
    return S3BlobStore(
        bucket=bucket,
        prefix=prefix,
        endpoint_url=endpoint,
        region=REGION,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        **kwargs,
    )


@pytest.fixture
def bucket(s3_endpoint) -> str:
    return new_bucket(s3_endpoint)


@pytest.fixture
def store(s3_endpoint, bucket) -> S3BlobStore:
    return make_store(s3_endpoint, bucket, prefix="tenant-a/")


def keys_in(endpoint: str, bucket: str) -> list[str]:
    listed = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return [o["Key"] for o in listed.get("Contents", [])]


def pending_uploads(endpoint: str, bucket: str) -> list:
    return s3_client(endpoint).list_multipart_uploads(Bucket=bucket).get("Uploads", [])


def test_roundtrip_under_prefix(store, s3_endpoint, bucket):
    stored = store.put_bytes("files/file-1", b"hello sheaf")
    assert stored.key == "files/file-1" and stored.size == 11
    assert stored.sha256 == hashlib.sha256(b"hello sheaf").hexdigest()
    assert keys_in(s3_endpoint, bucket) == ["tenant-a/files/file-1"]
    assert store.exists("files/file-1")
    assert store.local_path("files/file-1") is None
    assert store.read_bytes("files/file-1") == b"hello sheaf"
    with store.open("files/file-1") as fh:
        assert fh.read(5) == b"hello"
    assert b"".join(store.iter_chunks("files/file-1", chunk_size=4)) == b"hello sheaf"
    empty = store.put_bytes("files/empty", b"")
    assert empty.size == 0 and store.read_bytes("files/empty") == b""


def test_large_stream_goes_multipart(store, s3_endpoint, bucket):
    src = Trickle(20 * MB + 123)
    stored = store.put_stream("files/big", src, max_bytes=64 * MB)
    assert stored.size == 20 * MB + 123 and stored.sha256 == src.sent.hexdigest()
    head = s3_client(s3_endpoint).head_object(Bucket=bucket, Key="tenant-a/files/big")
    assert head["ContentLength"] == stored.size
    assert head["ETag"].strip('"').endswith("-3")  # three 8 MB parts: a multipart upload
    digest = hashlib.sha256()
    for chunk in store.iter_chunks("files/big"):
        digest.update(chunk)
    assert digest.hexdigest() == stored.sha256
    assert pending_uploads(s3_endpoint, bucket) == []


@pytest.mark.parametrize("size,limit", [(20 * MB, 10 * MB), (100, 10)])
def test_overflow_aborts_and_leaves_nothing(store, s3_endpoint, bucket, size, limit):
    with pytest.raises(OverflowError):
        store.put_stream("files/too-big", Trickle(size), max_bytes=limit)
    assert not store.exists("files/too-big")
    assert keys_in(s3_endpoint, bucket) == []
    assert pending_uploads(s3_endpoint, bucket) == []


def test_exactly_at_the_limit_is_fine(store):
    stored = store.put_stream("files/edge", io.BytesIO(b"x" * 10), max_bytes=10)
    assert stored.size == 10


def test_missing_key(store):
    assert not store.exists("files/nope")
    with pytest.raises(BlobNotFound):
        store.open("files/nope")
    with pytest.raises(BlobNotFound):
        store.read_bytes("files/nope")
    with pytest.raises(BlobNotFound):
        list(store.iter_chunks("files/nope"))


def test_delete_is_idempotent(store):
    store.put_bytes("results/r1", b"{}")
    store.delete("results/r1")
    assert not store.exists("results/r1")
    store.delete("results/r1")
    store.delete("results/never-was")


@pytest.mark.parametrize("key", ["", "a//b", "../x", "a/./b", "a\\b"])
def test_bad_keys_are_refused(store, key):
    with pytest.raises(ValueError):
        store.put_bytes(key, b"x")


def test_presigned_url_downloads_without_credentials(store):
    data = os.urandom(3000)
    store.put_bytes("files/doc", data)
    url = store.presigned_get_url(
        "files/doc", 60, "Quarterly räport.pdf", content_type="application/pdf"
    )
    assert url and "X-Amz-Signature=" in url
    resp = httpx.get(url)
    assert resp.status_code == 200 and resp.content == data
    assert resp.headers["content-type"] == "application/pdf"
    assert "filename*=utf-8''Quarterly%20r%C3%A4port.pdf" in resp.headers["content-disposition"]
    tampered = url.replace("files/doc", "files/other")
    assert httpx.get(tampered).status_code == 403


def test_presigning_can_be_turned_off(s3_endpoint, bucket):
    store = make_store(s3_endpoint, bucket, presign=False)
    assert store.presigned_get_url("files/doc", 60, "a.txt") is None


def settings_for(tmp_path, **env) -> Settings:
    return Settings(data_dir=tmp_path, **env)


def test_open_blob_store_picks_the_backend(tmp_path, s3_endpoint, bucket):
    assert isinstance(open_blob_store(settings_for(tmp_path)), LocalBlobStore)
    s3 = open_blob_store(
        settings_for(
            tmp_path,
            blob_backend="s3",
            s3_bucket=bucket,
            s3_prefix="p",
            s3_endpoint_url=s3_endpoint,
            s3_region=REGION,
            s3_access_key_id=ACCESS_KEY,
            s3_secret_access_key=SECRET_KEY,
        )
    )
    assert isinstance(s3, S3BlobStore) and s3.bucket == bucket and s3.prefix == "p"


def test_settings_from_environment(monkeypatch):
    monkeypatch.setenv("SHEAF_BLOB_BACKEND", "s3")
    monkeypatch.setenv("SHEAF_S3_BUCKET", "b")
    monkeypatch.setenv("SHEAF_S3_CREATE_BUCKET", "true")
    s = Settings()
    assert (s.blob_backend, s.s3_bucket, s.s3_create_bucket, s.s3_prefix) == ("s3", "b", True, "")


def test_missing_bucket_is_a_clear_startup_error(tmp_path, s3_endpoint):
    base = dict(
        blob_backend="s3",
        s3_endpoint_url=s3_endpoint,
        s3_region=REGION,
        s3_access_key_id=ACCESS_KEY,
        s3_secret_access_key=SECRET_KEY,
    )
    with pytest.raises(BlobStoreConfigError, match="SHEAF_S3_BUCKET"):
        open_blob_store(settings_for(tmp_path, **base))
    with pytest.raises(BlobStoreConfigError, match="does not exist.*SHEAF_S3_CREATE_BUCKET"):
        open_blob_store(settings_for(tmp_path, s3_bucket="sheaf-absent", **base))
    store = open_blob_store(
        settings_for(tmp_path, s3_bucket="sheaf-created", s3_create_bucket=True, **base)
    )
    store.put_bytes("k", b"v")
    assert store.read_bytes("k") == b"v"
    # A second start finds it there.
    open_blob_store(
        settings_for(tmp_path, s3_bucket="sheaf-created", s3_create_bucket=True, **base)
    )


def test_unreachable_endpoint_is_a_clear_startup_error(tmp_path):
    from tests.serverproc import free_port

    with pytest.raises(BlobStoreConfigError, match="cannot reach"):
        open_blob_store(
            settings_for(
                tmp_path,
                blob_backend="s3",
                s3_bucket="b",
                s3_endpoint_url=f"http://127.0.0.1:{free_port()}",
                s3_region=REGION,
                s3_access_key_id=ACCESS_KEY,
                s3_secret_access_key=SECRET_KEY,
            )
        )
