"""What a job runner gets and returns."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sheaf.blobs import BlobStore
from sheaf.queue.states import JobStatus
from sheaf.settings import Settings
from sheaf.store.db import Database
from sheaf.store.queue_tables import Job
from sheaf.store.tables import FileRecord

__all__ = ["JobContext", "JobInputError", "Outcome", "job_input"]


@dataclass
class JobContext:
    db: Database
    blobs: BlobStore
    settings: Settings


@dataclass
class Outcome:
    status: JobStatus
    error_message: str | None = None
    result_key: str | None = None
    result_inline: str | None = None
    page_count: int | None = None
    credits: float | None = None
    job_metadata: dict[str, Any] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        return {
            "error_message": self.error_message,
            "result_key": self.result_key,
            "result_inline": self.result_inline,
            "page_count": self.page_count,
            "credits": self.credits,
            "job_metadata": self.job_metadata,
        }


class JobInputError(Exception):
    """The job's input cannot be read; the job fails with this message."""


@contextmanager
def job_input(ctx: JobContext, job: Job) -> Iterator[tuple[Path, str]]:
    """A local path to the job's input bytes and the file's display name."""
    if job.input_blob_key:
        # Recorded when the job was made, so the common case needs no database read.
        if not ctx.blobs.exists(job.input_blob_key):
            raise JobInputError(f"the stored bytes of file {job.file_id} are missing")
        path = ctx.blobs.local_path(job.input_blob_key)
        if path is not None:
            yield path, job.name or "upload"
            return
        data = ctx.blobs.read_bytes(job.input_blob_key)
        name = job.name or "upload"
    elif job.file_id:
        with ctx.db.session(write=False) as session:
            record = session.get(FileRecord, job.file_id)
        if record is None:
            raise JobInputError(f"input file {job.file_id} no longer exists")
        if not ctx.blobs.exists(record.blob_key):
            raise JobInputError(f"the stored bytes of file {job.file_id} are missing")
        path = ctx.blobs.local_path(record.blob_key)
        if path is not None:
            yield path, record.name
            return
        data = ctx.blobs.read_bytes(record.blob_key)
        name = record.name
    elif job.source_url:
        from sheaf.webhooks.egress import EgressRefused, fetch_url

        try:
            data, filename, _ctype = fetch_url(
                job.source_url,
                allow_private=ctx.settings.allow_private_egress,
                max_bytes=ctx.settings.max_upload_bytes,
                timeout=60.0,
            )
        except EgressRefused as exc:
            raise JobInputError(f"source_url refused: {exc}") from exc
        except Exception as exc:  # network errors of every kind become the job's reason
            raise JobInputError(f"could not fetch source_url: {exc}") from exc
        name = filename or job.name or "download"
    else:
        raise JobInputError("job has no input")
    fd, tmp = tempfile.mkstemp(prefix="sheaf-input-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        yield Path(tmp), name
    finally:
        Path(tmp).unlink(missing_ok=True)
