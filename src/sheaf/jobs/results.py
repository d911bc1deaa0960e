"""Where a job's results live: inline in its row when small, as a blob when large.

Small results ride in the same transaction that finishes the job (no extra file, no fsync);
large ones go to the blob store, written atomically before the job is marked done.
"""

from __future__ import annotations

import json
from typing import Any

from sheaf.blobs import BlobStore
from sheaf.store.queue_tables import Job

__all__ = ["INLINE_LIMIT_BYTES", "delete_result", "load_result", "store_result"]

INLINE_LIMIT_BYTES = 16 * 1024


def store_result(blobs: BlobStore, job_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Serialise ``payload``; returns the Outcome fields that point at it."""
    data = json.dumps(payload, ensure_ascii=False)
    if len(data) <= INLINE_LIMIT_BYTES:
        return {"result_inline": data, "result_key": None}
    key = f"results/{job_id}.json"
    blobs.put_bytes(key, data.encode())
    return {"result_inline": None, "result_key": key}


def load_result(blobs: BlobStore, job: Job) -> dict[str, Any]:
    """The stored payload of a finished job; empty when it has none."""
    if job.result_inline:
        return json.loads(job.result_inline)
    if job.result_key:
        return json.loads(blobs.read_bytes(job.result_key))
    return {}


def delete_result(blobs: BlobStore, job: Job) -> None:
    if job.result_key:
        blobs.delete(job.result_key)
