"""Where a job's results live: inline in its row when small, as one blob per output otherwise.

Small results ride in the same transaction that finishes the job (no extra file, no fsync).
Large ones are written before the job is marked done, one blob per top-level output plus a
manifest of their sizes, so a request for ``expand=text`` reads the text and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator
from functools import lru_cache
from typing import Any

from sheaf.blobs import BlobStore
from sheaf.store.queue_tables import Job

__all__ = [
    "INLINE_LIMIT_BYTES",
    "delete_result",
    "load_result",
    "result_sizes",
    "store_result",
    "stored_json_parts",
]

INLINE_LIMIT_BYTES = 16 * 1024
MANIFEST = "manifest.json"


def _prefix(job_id: str) -> str:
    return f"results/{job_id}"


@lru_cache(maxsize=64)
def _json_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)


def store_result(blobs: BlobStore, job_id: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Serialise ``payload``; returns the Outcome fields that point at it."""
    parts = {key: json.dumps(value, ensure_ascii=False) for key, value in payload.items()}
    if sum(len(p) for p in parts.values()) <= INLINE_LIMIT_BYTES:
        # The parts joined as json.dumps(payload) would write them, without encoding twice.
        members = (f"{_json_key(key)}: {part}" for key, part in parts.items())
        return {"result_inline": "{" + ", ".join(members) + "}", "result_key": None}
    prefix = _prefix(job_id)
    sizes = {}
    for key, data in parts.items():
        sizes[key] = blobs.put_bytes(f"{prefix}/{key}.json", data.encode()).size
    # The manifest last: a result exists once its manifest does.
    blobs.put_bytes(f"{prefix}/{MANIFEST}", json.dumps(sizes).encode())
    return {"result_inline": None, "result_key": f"{prefix}/{MANIFEST}"}


def result_sizes(blobs: BlobStore, job: Job) -> dict[str, int]:
    """Bytes per stored output (for ``*_content_metadata``), without loading them."""
    if job.result_inline:
        return {k: len(json.dumps(v)) for k, v in json.loads(job.result_inline).items()}
    if job.result_key:
        return json.loads(blobs.read_bytes(job.result_key))
    return {}


def load_result(blobs: BlobStore, job: Job, keys: Collection[str] | None = None) -> dict[str, Any]:
    """The stored outputs of a finished job (only ``keys`` when given); empty when none."""
    if job.result_inline:
        payload = json.loads(job.result_inline)
        return payload if keys is None else {k: v for k, v in payload.items() if k in keys}
    if not job.result_key:
        return {}
    stored = json.loads(blobs.read_bytes(job.result_key))
    wanted = stored if keys is None else [k for k in stored if k in keys]
    prefix = job.result_key.rsplit("/", 1)[0]
    return {k: json.loads(blobs.read_bytes(f"{prefix}/{k}.json")) for k in wanted}


def stored_json_parts(
    blobs: BlobStore, job: Job, keys: Collection[str]
) -> dict[str, Callable[[], Iterator[bytes]]] | None:
    """For a result stored as blobs: per wanted output, a function that streams its JSON text.

    The API splices these into its response so a large output is never held in memory whole.
    ``None`` for an inline (small) result or none at all: load those with ``load_result``.
    """
    if job.result_inline or not job.result_key:
        return None
    stored = json.loads(blobs.read_bytes(job.result_key))
    prefix = job.result_key.rsplit("/", 1)[0]

    def opener(key: str) -> Callable[[], Iterator[bytes]]:
        return lambda: blobs.iter_chunks(f"{prefix}/{key}.json")

    return {k: opener(k) for k in stored if k in keys}


def delete_result(blobs: BlobStore, job: Job) -> None:
    if not job.result_key:
        return
    prefix = job.result_key.rsplit("/", 1)[0]
    for key in json.loads(blobs.read_bytes(job.result_key)):
        blobs.delete(f"{prefix}/{key}.json")
    blobs.delete(job.result_key)
