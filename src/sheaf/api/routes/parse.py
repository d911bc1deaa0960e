"""``/api/v2/parse``: parse jobs (CONTRACT §4)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, UploadFile
from pydantic import ValidationError
from sqlalchemy import select

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.parse import ParseCreate, ParseJobPublic, ParseUpload
from sheaf.errors import InvalidInput, InvalidState
from sheaf.jobs.results import delete_result
from sheaf.queue import queries
from sheaf.queue.states import TERMINAL_JOB
from sheaf.services import files as file_service
from sheaf.services import parse_jobs as service
from sheaf.store.queue_tables import Job

router = APIRouter(prefix="/api/v2/parse", tags=["parse"])

JobStatusLiteral = Literal["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]
CONTENT_METADATA_SUFFIX = "_content_metadata"


@router.post("", response_model=ParseJobPublic)
def create_parse_job(body: ParseCreate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    job = service.create_parse_job(
        session, tenant, runtime.settings, body.model_dump(exclude_none=True)
    )
    return service.to_wire(job)


@router.post("/upload", response_model=ParseJobPublic)
def upload_and_parse(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    file: Annotated[UploadFile, File()],
    configuration: Annotated[str, Form()] = "{}",
):
    try:
        options = ParseUpload.model_validate(json.loads(configuration or "{}"))
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(f"configuration must be a JSON object of parse options: {exc}") from exc
    body = options.model_dump(exclude_none=True)
    if body.pop("source_url", None):
        raise InvalidInput("upload a file or give source_url, not both")
    service.resolve_parameters(session, tenant, body)  # fail before storing the bytes
    record = file_service.store_file(
        session,
        runtime.blobs,
        tenant,
        file.file,
        filename=file.filename,
        content_type=file.content_type,
        purpose="parse",
        external_file_id=None,
        max_bytes=runtime.settings.max_upload_bytes,
    )
    job = service.create_parse_job(session, tenant, runtime.settings, body, file=record)
    return service.to_wire(job)


@router.get("/versions")
def list_versions(tenant: TenantDep) -> dict:
    versions = service.WIRE_VERSIONS
    return {tier: list(dates) for tier, dates in versions.items()} | {
        "latest": {tier: dates[-1] for tier, dates in versions.items()}
    }


@router.get("")
def list_parse_jobs(
    session: DbSession,
    tenant: TenantDep,
    created_at_on_or_after: datetime | None = None,
    created_at_on_or_before: datetime | None = None,
    job_ids: Annotated[list[str] | None, Query()] = None,
    status: JobStatusLiteral | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(Job).where(Job.project_id == tenant.project_id, Job.kind == "parse")
    if created_at_on_or_after is not None:
        stmt = stmt.where(Job.created_at >= created_at_on_or_after)
    if created_at_on_or_before is not None:
        stmt = stmt.where(Job.created_at <= created_at_on_or_before)
    if job_ids:
        stmt = stmt.where(Job.id.in_(job_ids))
    if status is not None:
        stmt = stmt.where(Job.status == status)
    page = paginate(
        session,
        stmt,
        Order([Job.created_at, Job.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=service.to_wire,
    )
    return page.as_dict()


@router.get("/{job_id}")
def get_parse_job(
    job_id: str,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
    image_filenames: str | None = None,
) -> dict:
    job = service.get_parse_job(session, tenant, job_id)
    wanted = set(expand or [])
    out: dict = {"job": service.to_wire(job).model_dump(mode="json", exclude={"usage"})}
    if "usage" in wanted:
        out["job"]["usage"] = {"credits": job.credits}
    if "job_metadata" in wanted:
        out["job_metadata"] = job.job_metadata or {}
    if job.status != "COMPLETED":
        return out
    results = service.read_results(runtime.blobs, job)
    for kind in service.OUTPUTS:
        if kind in wanted and kind in results:
            out[kind] = results[kind]
    content = [
        w[: -len(CONTENT_METADATA_SUFFIX)] for w in wanted if w.endswith(CONTENT_METADATA_SUFFIX)
    ]
    if content:
        out["result_content_metadata"] = {
            key: {
                "size_bytes": len(json.dumps(results[key])) if key in results else 0,
                "exists": key in results,
                "presigned_url": None,
            }
            for key in content
        }
    if "images_content_metadata" in wanted:
        out["images_content_metadata"] = {"total_count": 0, "images": []}
    return out


@router.post("/{job_id}/cancel", response_model=ParseJobPublic)
def cancel_parse_job(job_id: str, session: DbSession, tenant: TenantDep):
    job = service.get_parse_job(session, tenant, job_id)
    if job.status in TERMINAL_JOB:
        raise InvalidState(f"parse job {job_id} is already {job.status} and cannot be cancelled")
    queries.cancel_job(session, job)
    return service.to_wire(job)


@router.delete("/{job_id}")
def delete_parse_job(
    job_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> dict:
    job = service.get_parse_job(session, tenant, job_id)
    if job.status not in TERMINAL_JOB:
        raise InvalidState(f"parse job {job_id} is {job.status}; cancel it before deleting it")
    if job.batch_id:
        raise InvalidState(
            f"parse job {job_id} belongs to batch {job.batch_id}; it is kept with it"
        )
    delete_result(runtime.blobs, job)
    session.delete(job)
    return {"id": job_id, "project_id": tenant.project_id}
