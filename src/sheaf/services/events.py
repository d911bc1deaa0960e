"""Turn job and batch state changes into webhook events, inside the same transaction."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from sheaf.queue.states import JobStatus

__all__ = ["JOB_SUFFIX", "batch_event", "job_event"]

log = logging.getLogger("sheaf.events")

JOB_SUFFIX = {
    JobStatus.COMPLETED: "success",
    JobStatus.FAILED: "error",
    JobStatus.CANCELLED: "cancelled",
}


@lru_cache(maxsize=1)
def _blobs():
    from sheaf.blobs import open_blob_store
    from sheaf.settings import get_settings

    return open_blob_store(get_settings())


def _targets(webhooks: dict[str, Any] | None) -> tuple[list[dict] | None, list[str] | None]:
    if not webhooks:
        return None, None
    return webhooks.get("inline") or None, webhooks.get("ids") or None


def _emit(session: Session, project_id: str, event_type: str, webhooks, payload: dict) -> None:
    inline, ids = _targets(webhooks)
    if not inline and not ids:
        return
    from sheaf.webhooks.outbox import enqueue_event

    enqueue_event(
        session,
        project_id=project_id,
        event_type=event_type,
        payload=payload,
        inline_configs=inline,
        config_ids=ids,
    )


def job_event(session: Session, job, suffix: str) -> None:
    """``parse.<suffix>`` / ``extract.<suffix>`` to the job's own webhooks."""
    if not job.webhooks:
        return
    if job.kind == "extract":
        if suffix == "running":
            return  # the contract has no extract.running event
        from sheaf.services.extract_jobs import read_results
        from sheaf.services.extract_jobs import to_wire as extract_wire

        # extract.success carries the extracted object, like a GET of the job would.
        results = read_results(_blobs(), job) if suffix == "success" else None
        payload = extract_wire(job, results=results).model_dump(mode="json")
    else:
        from sheaf.services.parse_jobs import to_wire

        payload = to_wire(job).model_dump(mode="json")
    _emit(session, job.project_id, f"{job.kind}.{suffix}", job.webhooks, payload)


def batch_event(session: Session, batch, suffix: str) -> None:
    """``batch.<suffix>`` to the batch's webhooks."""
    if not batch.webhooks:
        return
    from sheaf.services.batches import to_wire

    _emit(
        session,
        batch.project_id,
        f"batch.{suffix}",
        batch.webhooks,
        to_wire(session, batch).model_dump(mode="json"),
    )
