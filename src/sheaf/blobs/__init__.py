"""Blob storage for uploaded files and job outputs."""

from sheaf.blobs.base import BlobNotFound, BlobStore, StoredBlob
from sheaf.blobs.local import LocalBlobStore

__all__ = ["BlobNotFound", "BlobStore", "LocalBlobStore", "StoredBlob", "open_blob_store"]


def open_blob_store(settings) -> BlobStore:
    return LocalBlobStore(settings.resolved_blob_dir)
