"""The public view of a batch (``api`` validates it into its wire model; events send it)."""

from __future__ import annotations

from typing import Any

from sheaf.store.queue_tables import Batch

__all__ = ["view"]


def view(batch: Batch, status: str) -> dict[str, Any]:
    """``status`` is what a reader sees (see ``lifecycle.batch_status``: THROTTLED is a view)."""
    return {
        "id": batch.id,
        "config": {"job": {"configuration_id": batch.configuration_id, "type": batch.job_type}},
        "project_id": batch.project_id,
        "source_directory_id": batch.source_directory_id,
        "status": status,
        "created_at": batch.created_at,
        "updated_at": batch.updated_at,
        "progress": {
            "total": batch.total,
            "pending": batch.pending,
            "running": batch.running,
            "completed": batch.completed,
            "failed": batch.failed + batch.unmapped,
            "cancelled": batch.cancelled,
            "unmapped": batch.unmapped,
            "pages": batch.pages,
        },
        "error_message": batch.error_message,
    }
