"""Blob storage for uploaded files and job outputs."""

from sheaf.blobs.base import BlobNotFound, BlobStore, StoredBlob
from sheaf.blobs.local import LocalBlobStore

__all__ = [
    "BlobNotFound",
    "BlobStore",
    "BlobStoreConfigError",
    "LocalBlobStore",
    "StoredBlob",
    "open_blob_store",
]


class BlobStoreConfigError(RuntimeError):
    """The blob store cannot be used as configured (raised at startup)."""


def open_blob_store(settings) -> BlobStore:
    """The store ``settings.blob_backend`` names: a local folder, or an S3-compatible bucket."""
    backend = (getattr(settings, "blob_backend", "local") or "local").lower()
    if backend == "local":
        return LocalBlobStore(settings.resolved_blob_dir)
    if backend != "s3":
        raise BlobStoreConfigError(f"SHEAF_BLOB_BACKEND must be 'local' or 's3', not {backend!r}")
    if not settings.s3_bucket:
        raise BlobStoreConfigError("SHEAF_BLOB_BACKEND=s3 needs SHEAF_S3_BUCKET (the bucket name)")
    try:
        from sheaf.blobs.s3 import S3BlobStore
    except ImportError as exc:  # boto3 is only needed for this backend
        raise BlobStoreConfigError(
            f"SHEAF_BLOB_BACKEND=s3 needs boto3: pip install 'sheaf[s3]' ({exc})"
        ) from exc
    store = S3BlobStore(
        bucket=settings.s3_bucket,
        prefix=settings.s3_prefix,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key=settings.s3_access_key_id,
        secret_key=settings.s3_secret_access_key,
        presign=settings.s3_presigned_urls,
    )
    store.check_bucket(create=settings.s3_create_bucket)
    return store
