"""What a job runner gets and returns."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
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

__all__ = ["JobContext", "JobInputError", "Outcome", "job_input", "missing_input"]


def _no_deadline(seconds: float) -> None:
    """Outside a worker pool (tests, ``python -m``) nobody enforces a deadline."""


@dataclass
class JobContext:
    db: Database
    blobs: BlobStore
    settings: Settings
    # Adds seconds to the running job's deadline (its supervisor enforces it).
    extend_deadline: Callable[[float], None] = _no_deadline

    def allow_pages(self, job: Job, pages: int) -> None:
        """Extend the deadline by the job's per-page allowance once its page count is known.

        A job that sets its own timeouts gets exactly those (no per-page time unless it asks);
        otherwise ``SHEAF_JOB_TIMEOUT_PER_PAGE_SECONDS`` applies.
        """
        timeouts = ((job.parameters or {}).get("processing_control") or {}).get("timeouts") or {}
        per_page = timeouts.get("extra_time_per_page_in_seconds")
        if per_page is None:
            per_page = 0.0 if timeouts else self.settings.job_timeout_per_page_seconds
        if pages > 0 and per_page > 0:
            self.extend_deadline(float(per_page) * pages)


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


def _input_blob(ctx: JobContext, job: Job) -> tuple[str, str]:
    """The blob key and display name of a file input."""
    if job.input_blob_key:
        # Recorded when the job was made, so the common case needs no database read.
        return job.input_blob_key, job.name or "upload"
    with ctx.db.session(write=False) as session:
        record = session.get(FileRecord, job.file_id)
    if record is None:
        raise JobInputError(f"input file {job.file_id} no longer exists")
    return record.blob_key, record.name


def _fetch(ctx: JobContext, job: Job) -> tuple[bytes, str]:
    from sheaf.webhooks.egress import EgressRefused, fetch_url

    if not job.source_url:
        raise JobInputError("job has no source_url")
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
    return data, filename or job.name or "download"


def missing_input(job: Job) -> JobInputError:
    return JobInputError(f"the stored bytes of file {job.file_id} are missing")


@contextmanager
def job_input(ctx: JobContext, job: Job, *, check: bool = True) -> Iterator[tuple[Path, str]]:
    """A local path to the job's input bytes and the file's display name.

    Local blobs are used in place; remote ones (S3) are streamed to a temporary file.
    ``check=False``: a local path is not looked up first; the caller opens it at once and
    raises :func:`missing_input` itself (a stat per tiny job showed in its profile).
    """
    if job.input_blob_key or job.file_id:
        key, name = _input_blob(ctx, job)
        path = ctx.blobs.local_path(key)
        if path is None:
            if not ctx.blobs.exists(key):
                raise missing_input(job)
        elif check and not path.is_file():
            raise missing_input(job)
        if path is not None:
            yield path, name
            return
        chunks = ctx.blobs.iter_chunks(key)
    elif job.source_url:
        data, name = _fetch(ctx, job)
        chunks = iter([data])
    else:
        raise JobInputError("job has no input")
    fd, tmp = tempfile.mkstemp(prefix="sheaf-input-")
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
        yield Path(tmp), name
    finally:
        Path(tmp).unlink(missing_ok=True)
