"""A job: markdown beside page images, tables, raw JSON; extract values with their citations."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sheaf.api.deps import DbSession, Runtime, RuntimeDep
from sheaf.api.routes.extract import to_public as extract_public
from sheaf.api.routes.parse import to_public as parse_public
from sheaf.api.ui.common import UiDep, UiRoute, page
from sheaf.api.ui.render import flatten_fields, markdown_html, render_page_png, source_kind
from sheaf.blobs.base import BlobNotFound
from sheaf.errors import NotFound
from sheaf.queue.states import JobStatus
from sheaf.services import extract_jobs, parse_jobs
from sheaf.services.jobs import get_job
from sheaf.services.tenancy import Tenant
from sheaf.store.queue_tables import Job
from sheaf.store.tables import FileRecord

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

MAX_TABLE_ROWS = 500
PAGES_SHOWN = 25  # a long document is shown a window of pages at a time


def _job(session: Session, tenant: Tenant, job_id: str) -> Job:
    kind = "extract" if job_id.startswith("ext-") else "parse"
    return get_job(session, tenant, job_id, kind)


def _source(session: Session, tenant: Tenant, job: Job) -> FileRecord | None:
    """The uploaded file a job read (through its parse job, for extract-from-parse)."""
    parse_id = job.input_ref or ""
    if job.file_id is None and parse_id.startswith("pjb-"):
        try:
            job = get_job(session, tenant, parse_id, "parse")
        except NotFound:
            return None
    if job.file_id is None:
        return None
    record = session.get(FileRecord, job.file_id)
    return record if record is not None and record.project_id == tenant.project_id else None


def _tables(items: dict) -> list[dict]:
    found = []

    def walk(entries: list, page_number: int) -> None:
        for item in entries:
            if item.get("type") == "table" and item.get("rows"):
                found.append({"page": page_number, "rows": item["rows"][:MAX_TABLE_ROWS]})
            walk(item.get("items") or [], page_number)

    for p in items.get("pages") or []:
        walk(p.get("items") or [], p.get("page_number"))
    return found


def _parse_context(runtime: Runtime, job: Job, first: int) -> dict:
    results = {}
    if job.status == JobStatus.COMPLETED:
        results = parse_jobs.read_results(runtime.blobs, job, ("markdown", "items"))
    wire = parse_public(job).model_dump(mode="json")
    wire["job_metadata"] = job.job_metadata
    every = (results.get("markdown") or {}).get("pages") or []
    first = max(1, min(first, len(every) or 1))
    window = every[first - 1 : first - 1 + PAGES_SHOWN]
    shown = {p.get("page_number") for p in window}
    pages = []
    for p in window:
        pages.append(
            {
                "number": p.get("page_number"),
                "html": markdown_html(p.get("markdown")) if p.get("success", True) else None,
                "error": p.get("error"),
            }
        )
    tables = [t for t in _tables(results.get("items") or {}) if t["page"] in shown]
    return {
        "pages": pages,
        "tables": tables,
        "raw": wire,
        "window": {
            "first": first,
            "last": first + len(window) - 1,
            "total": len(every),
            "previous": max(1, first - PAGES_SHOWN) if first > 1 else None,
            "next": first + PAGES_SHOWN if first - 1 + PAGES_SHOWN < len(every) else None,
        },
    }


def _extract_context(runtime: Runtime, job: Job) -> dict:
    results = extract_jobs.read_results(runtime.blobs, job)
    wire = extract_public(
        job, results=results, expand=("configuration", "extract_metadata", "usage")
    ).model_dump(mode="json")
    fields = flatten_fields(results.get("extract_result"), results.get("field_metadata"))
    cited_pages = sorted({b.page for f in fields for b in f.boxes})
    return {"fields": fields, "cited_pages": cited_pages, "raw": wire}


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(
    job_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    ui: UiDep,
    from_page: int = 1,
):
    job = _job(session, ui.tenant, job_id)
    record = _source(session, ui.tenant, job)
    drawable = record is not None and source_kind(record.file_type, b"") is not None
    context = (
        _extract_context(runtime, job)
        if job.kind == "extract"
        else _parse_context(runtime, job, from_page)
    )
    return page(request, "job.html", job=job, source=record, drawable=drawable, **context)


@router.get("/jobs/{job_id}/pages/{number}.png")
def page_image(
    job_id: str, number: int, runtime: RuntimeDep, session: DbSession, ui: UiDep
) -> Response:
    job = _job(session, ui.tenant, job_id)
    record = _source(session, ui.tenant, job)
    if record is None:
        raise NotFound(f"job {job_id} has no stored source file to draw")
    try:
        # A local blob is opened in place (a big PDF is not read into memory).
        data: bytes | Path = runtime.blobs.local_path(record.blob_key) or runtime.blobs.read_bytes(
            record.blob_key
        )
        if isinstance(data, bytes):
            head = data[:8]
        else:
            with data.open("rb") as fh:
                head = fh.read(8)
    except (BlobNotFound, FileNotFoundError) as exc:
        raise NotFound(f"the source file of job {job_id} is gone") from exc
    kind = source_kind(record.file_type, head)
    png = None
    if kind is not None:
        try:
            png = render_page_png(data, kind, number)
        except Exception as exc:  # a corrupt file: the job page already shows why
            raise NotFound(f"page {number} of {record.name} cannot be drawn: {exc}") from exc
    if png is None:
        raise NotFound(f"{record.name} has no page {number} to draw")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
