"""Turn job and batch state changes into webhook events, inside the same transaction.

Payloads are the public views a GET would return (``parse.success`` carries the ParseJob,
``extract.success`` the job with its extracted object, ``batch.*`` the Batch).
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore, open_blob_store
from sheaf.queue.states import JobStatus
from sheaf.services import batch_views
from sheaf.services.kinds import REGISTRY
from sheaf.settings import get_settings
from sheaf.store.queue_tables import Batch, Job
from sheaf.webhooks.outbox import enqueue_event

__all__ = ["JOB_SUFFIX", "batch_event", "job_event"]

log = logging.getLogger("sheaf.events")

JOB_SUFFIX = {
    JobStatus.PENDING: "pending",
    JobStatus.RUNNING: "running",
    JobStatus.COMPLETED: "success",
    JobStatus.FAILED: "error",
    JobStatus.CANCELLED: "cancelled",
}


@cache
def _blobs() -> BlobStore:
    return open_blob_store(get_settings())


def _emit(
    session: Session,
    project_id: str,
    event_type: str,
    webhooks,
    payload: Any,
    *,
    enveloped: bool = True,
) -> None:
    inline = (webhooks or {}).get("inline") or None
    ids = (webhooks or {}).get("ids") or None
    if not inline and not ids:
        return
    enqueue_event(
        session,
        project_id=project_id,
        event_type=event_type,
        payload=to_jsonable_python(payload),
        inline_configs=inline,
        config_ids=ids,
        enveloped=enveloped,
    )


def job_event(session: Session, job: Job, suffix: str) -> None:
    """``<kind>.<suffix>`` to the job's own webhooks, when its kind announces that event."""
    if not job.webhooks:
        return
    kind = REGISTRY.get(job.kind)
    if suffix not in kind.events:
        return
    event_type = f"{job.kind}.{suffix}"
    hooks = dict(job.webhooks)
    for hook in hooks.get("inline") or []:
        if hook.get("body"):  # e.g. the classic webhook_url: its own body, no envelope
            make_body = kind.webhook_body(hook["body"])
            body = make_body(job, _blobs(), suffix) if make_body else None
            if body is not None:
                _emit(
                    session, job.project_id, event_type, {"inline": [hook]}, body, enveloped=False
                )
    hooks["inline"] = [hook for hook in hooks.get("inline") or [] if not hook.get("body")]
    payload = kind.event_view()(job, _blobs(), suffix)
    _emit(session, job.project_id, event_type, hooks, payload)


def batch_event(session: Session, batch: Batch, suffix: str) -> None:
    """``batch.<suffix>`` to the batch's webhooks (the status is the stored, settled one)."""
    if not batch.webhooks:
        return
    payload = batch_views.view(batch, batch.status)
    _emit(session, batch.project_id, f"batch.{suffix}", batch.webhooks, payload)
