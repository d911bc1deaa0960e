"""The classic LlamaParse wire view of a v2 parse job: status, and results built from the
job's stored per-page outputs (text, markdown, items, metadata, images).

Nothing here parses: a classic result is a different rendering of the same stored job.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, Literal

from sheaf.api.schemas.common import WireModel
from sheaf.services.classic_views import classic_pages, full_document
from sheaf.store.queue_tables import Job
from sheaf.store.tables import FileRecord

__all__ = [
    "ClassicFile",
    "ClassicJob",
    "classic_file",
    "classic_job",
    "classic_job_metadata",
    "classic_pages",
    "full_document",
    "tables_xlsx",
]

ClassicStatus = Literal["PENDING", "SUCCESS", "ERROR", "CANCELED"]
STATUS: dict[str, ClassicStatus] = {
    "PENDING": "PENDING",
    "RUNNING": "PENDING",
    "COMPLETED": "SUCCESS",
    "FAILED": "ERROR",
    "CANCELLED": "CANCELED",
}
NO_PAGES_MARK = "selects no existing page"  # the engine's message for pages past the end


class ClassicJob(WireModel):
    """``GET /api/parsing/job/{id}`` and the upload response."""

    id: str
    status: ClassicStatus
    error_code: str | None = None
    error_message: str | None = None


def classic_job(job: Job) -> ClassicJob:
    status = STATUS[job.status]
    code = None
    if status == "ERROR":
        # The classic partitioning loop stops on NO_DATA_FOUND_IN_FILE (pages past the end).
        code = (
            "NO_DATA_FOUND_IN_FILE"
            if NO_PAGES_MARK in (job.error_message or "")
            else ("PARSING_ERROR")
        )
    elif status == "CANCELED":
        code = "CANCELED"
    message = job.error_message if status in ("ERROR", "CANCELED") else None
    return ClassicJob(id=job.id, status=status, error_code=code, error_message=message)


def classic_job_metadata(job: Job, warnings: list[str]) -> dict[str, Any]:
    meta = job.job_metadata or {}
    credits = job.credits or 0.0
    return {
        "job_pages": job.page_count or 0,
        "job_auto_mode_triggered_pages": 0,
        "job_is_cache_hit": False,
        "credits_used": credits,
        "job_credits_usage": credits,
        "tier": job.tier,
        # Once the job ran, its warnings include the request's (the runner merged them).
        "warnings": list(meta["warnings"]) if "warnings" in meta else list(warnings),
    }


def tables_xlsx(pages: list[dict]) -> bytes | None:
    """Every table item as one worksheet (``Page 2 table 1``); None when there are none."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    wb.remove(wb.active)
    for page in pages:
        tables = [it for it in page["items"] if it["type"] == "table" and it.get("rows")]
        for k, table in enumerate(tables, 1):
            ws = wb.create_sheet(f"Page {page['page']} table {k}"[:31])
            for r, row in enumerate(table["rows"], 1):
                for c, value in enumerate(row, 1):
                    if isinstance(value, str):
                        value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"  # document text, never a formula
    if not wb.sheetnames:
        return None
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class ClassicFile(WireModel):
    """The classic ``File`` (``llama_cloud`` 0.1 ``/api/v1/files``)."""

    id: str
    name: str
    project_id: str
    file_size: int | None = None
    file_type: str | None = None
    external_file_id: str | None = None
    purpose: str | None = None
    data_source_id: str | None = None
    permission_info: dict | None = None
    resource_info: dict | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_modified_at: datetime | None = None
    expires_at: datetime | None = None


def classic_file(record: FileRecord) -> ClassicFile:
    return ClassicFile(
        id=record.id,
        name=record.name,
        project_id=record.project_id,
        file_size=record.size_bytes,
        file_type=record.file_type,
        external_file_id=record.external_file_id,
        purpose=record.purpose,
        created_at=record.created_at,
        updated_at=record.last_modified_at,
        last_modified_at=record.last_modified_at,
        expires_at=record.expires_at,
    )
