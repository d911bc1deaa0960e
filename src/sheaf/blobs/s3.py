"""Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, R2, moto), shared by every process.

Writes are atomic by S3's own rules: a PUT or a completed multipart upload makes the whole object
visible at once, and an upload that fails (or runs past ``max_bytes``) is aborted, so no partial
object ever appears under a final key.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from sheaf.blobs import BlobStoreConfigError
from sheaf.blobs.base import CHUNK, BlobNotFound, BlobStore, StoredBlob

__all__ = ["BlobStoreConfigError", "S3BlobStore"]

log = logging.getLogger(__name__)

PART_SIZE = 8 * 1024 * 1024  # multipart threshold and part size
_MISSING = {"404", "NoSuchKey", "NotFound"}


class _CountingReader:
    """A forward-only reader over ``stream`` that hashes, counts and enforces ``max_bytes``.

    It deliberately is not seekable, so boto3 reads it sequentially from one thread (and the
    hash stays in order) and never needs its total size up front.
    """

    def __init__(self, stream: BinaryIO, max_bytes: int | None) -> None:
        self._stream = stream
        self._max = max_bytes
        self.size = 0
        self.digest = hashlib.sha256()
        self.overflowed = False

    def read(self, n: int = -1) -> bytes:
        if self.overflowed:
            raise OverflowError(f"blob larger than {self._max} bytes")
        if n is None or n < 0:
            data = self._stream.read()
        else:
            # boto3 takes a short read for the end of the stream, so fill the request.
            parts, got = [], 0
            while got < n and (part := self._stream.read(n - got)):
                parts.append(part)
                got += len(part)
            data = parts[0] if len(parts) == 1 else b"".join(parts)
        if not data:
            return b""
        self.size += len(data)
        if self._max is not None and self.size > self._max:
            self.overflowed = True
            raise OverflowError(f"blob larger than {self._max} bytes")
        self.digest.update(data)
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


def _content_disposition(filename: str, disposition: str = "attachment") -> str:
    """The same header Starlette's FileResponse writes for our own download route."""
    quoted = quote(filename)
    if quoted != filename:
        return f"{disposition}; filename*=utf-8''{quoted}"
    return f'{disposition}; filename="{filename}"'


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3BlobStore(BlobStore):
    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        *,
        presign: bool = True,
        part_size: int = PART_SIZE,
        max_concurrency: int = 4,
    ) -> None:
        if not bucket:
            raise BlobStoreConfigError("the S3 blob store needs a bucket (SHEAF_S3_BUCKET)")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url or None
        self.presign = presign
        config = Config(
            signature_version="s3v4",
            retries={"max_attempts": 5, "mode": "standard"},
            connect_timeout=10,
            read_timeout=60,
            # Custom endpoints (MinIO, Ceph, moto) rarely have wildcard DNS for bucket hosts.
            s3={"addressing_style": "path" if self.endpoint_url else "auto"},
        )
        # Missing keys fall back to boto3's usual chain: env vars, shared config, instance role.
        session = boto3.session.Session(
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            region_name=region or None,
        )
        self.client = session.client("s3", endpoint_url=self.endpoint_url, config=config)
        self._transfer = TransferConfig(
            multipart_threshold=part_size,
            multipart_chunksize=part_size,
            max_concurrency=max_concurrency,
            use_threads=max_concurrency > 1,
        )

    # -- keys -------------------------------------------------------------------------------

    def _key(self, key: str) -> str:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") or "\\" in p for p in parts):
            raise ValueError(f"invalid blob key: {key!r}")
        return f"{self.prefix}/{key}" if self.prefix else key

    # -- startup ----------------------------------------------------------------------------

    def check_bucket(self, create: bool = False) -> None:
        """Fail early and clearly when the bucket is missing or unreachable."""
        where = self.endpoint_url or "AWS S3"
        try:
            self.client.head_bucket(Bucket=self.bucket)
            return
        except ClientError as exc:
            code = _code(exc)
            if code not in ("404", "NoSuchBucket", "NotFound"):
                raise BlobStoreConfigError(
                    f"cannot use S3 bucket {self.bucket!r} at {where}: {code or exc} "
                    "(check SHEAF_S3_ACCESS_KEY_ID / SHEAF_S3_SECRET_ACCESS_KEY and permissions)"
                ) from exc
        except BotoCoreError as exc:
            raise BlobStoreConfigError(
                f"cannot reach S3 bucket {self.bucket!r} at {where}: {exc}"
            ) from exc
        if not create:
            raise BlobStoreConfigError(
                f"S3 bucket {self.bucket!r} does not exist at {where}; create it, or set "
                "SHEAF_S3_CREATE_BUCKET=true to let Sheaf create it on start"
            )
        kwargs: dict[str, Any] = {"Bucket": self.bucket}
        region = self.client.meta.region_name
        if region and region != "us-east-1":
            kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            self.client.create_bucket(**kwargs)
            log.info("created S3 bucket %s at %s", self.bucket, where)
        except ClientError as exc:
            if _code(exc) not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise BlobStoreConfigError(
                    f"cannot create S3 bucket {self.bucket!r} at {where}: {_code(exc) or exc}"
                ) from exc

    # -- BlobStore --------------------------------------------------------------------------

    def put_stream(self, key: str, stream: BinaryIO, *, max_bytes: int | None = None) -> StoredBlob:
        full = self._key(key)
        reader = _CountingReader(stream, max_bytes)
        try:
            self.client.upload_fileobj(reader, self.bucket, full, Config=self._transfer)
        except BaseException as exc:
            # boto3 aborts a failed multipart upload itself; sweep again so that nothing
            # billable is left behind even if that abort failed.
            self._abort_uploads(full)
            if reader.overflowed:
                raise OverflowError(f"blob larger than {max_bytes} bytes") from exc
            raise
        return StoredBlob(key=key, size=reader.size, sha256=reader.digest.hexdigest())

    def _abort_uploads(self, full: str) -> None:
        try:
            listed = self.client.list_multipart_uploads(Bucket=self.bucket, Prefix=full)
            for upload in listed.get("Uploads", []):
                if upload.get("Key") == full:
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=full, UploadId=upload["UploadId"]
                    )
        except Exception:  # best effort; a bucket lifecycle rule is the backstop
            log.warning("could not abort multipart uploads of %s", full, exc_info=True)

    def open(self, key: str) -> BinaryIO:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise BlobNotFound(key) from exc
            raise

    def iter_chunks(self, key: str, chunk_size: int = CHUNK):
        body = self.open(key)
        try:
            # open() hands back botocore's StreamingBody, which reads in chunks itself.
            yield from body.iter_chunks(chunk_size)  # type: ignore[attr-defined]
        finally:
            body.close()

    def local_path(self, key: str) -> Path | None:
        return None

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _code(exc) not in _MISSING:
                raise

    # -- optional: direct downloads ---------------------------------------------------------

    def presigned_get_url(
        self,
        key: str,
        ttl: int,
        filename: str | None = None,
        *,
        content_type: str | None = None,
        disposition: str = "attachment",
    ) -> str | None:
        """A SigV4 presigned GET URL (at most 7 days), or None when presigning is turned off."""
        if not self.presign:
            return None
        params: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key)}
        if filename:
            params["ResponseContentDisposition"] = _content_disposition(filename, disposition)
        if content_type:
            params["ResponseContentType"] = content_type
        return self.client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=max(1, min(int(ttl), 7 * 24 * 3600))
        )
