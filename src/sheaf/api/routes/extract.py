"""``/api/v2/extract``: extract jobs and schema tools (CONTRACT §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import select

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate, within
from sheaf.api.schemas.extract import (
    ExtractCreate,
    ExtractSchemaGenerate,
    ExtractSchemaValidate,
    ExtractV2JobPublic,
)
from sheaf.errors import InvalidInput
from sheaf.services import extract_jobs as service
from sheaf.store.queue_tables import Job


def to_public(job: Job, **kwargs) -> ExtractV2JobPublic:
    return ExtractV2JobPublic.model_validate(service.view(job, **kwargs))

router = APIRouter(prefix="/api/v2/extract", tags=["extract"])

StatusFilter = Literal["PENDING", "THROTTLED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]
Expand = Annotated[list[str] | None, Query()]


def _expand(values: list[str] | None) -> set[str]:
    """Known expand values (repeated or comma-separated); unknown ones are ignored, as in parse."""
    return {v.strip() for value in values or [] for v in value.split(",")} & set(service.EXPANDS)


@router.post("/schema/validation")
def validate_schema(body: ExtractSchemaValidate, tenant: TenantDep) -> dict:
    return {"data_schema": service.validate_data_schema(body.data_schema)}


@router.post("/schema/generate")
def generate_schema(
    body: ExtractSchemaGenerate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> dict:
    return service.generate_schema(
        session, tenant, runtime.blobs, body.model_dump(exclude_none=True)
    )


@router.post("", response_model=ExtractV2JobPublic)
def create_extract_job(
    body: ExtractCreate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
):
    job = service.create_extract_job(
        session, tenant, runtime.settings, body.model_dump(exclude_none=True)
    )
    return to_public(job)


@router.get("")
def list_extract_jobs(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    configuration_id: str | None = None,
    created_at_on_or_after: datetime | None = None,
    created_at_on_or_before: datetime | None = None,
    document_input_type: str | None = None,
    document_input_value: str | None = None,
    expand: Expand = None,
    file_input: str | None = None,
    job_ids: Annotated[list[str] | None, Query()] = None,
    status: StatusFilter | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    wanted = _expand(expand)
    stmt = select(Job).where(Job.project_id == tenant.project_id, Job.kind == "extract")
    if configuration_id:
        stmt = stmt.where(Job.configuration_id == configuration_id)
    stmt = within(stmt, Job.created_at, created_at_on_or_after, created_at_on_or_before)
    if document_input_type == "parse_job_id":
        stmt = stmt.where(Job.input_ref.like("pjb-%"))
    elif document_input_type == "file_id":
        stmt = stmt.where(~Job.input_ref.like("pjb-%"))
    elif document_input_type:
        raise InvalidInput("document_input_type must be file_id or parse_job_id")
    for value in {v for v in (file_input, document_input_value) if v}:
        stmt = stmt.where(Job.input_ref == value)
    if job_ids:
        stmt = stmt.where(Job.id.in_(job_ids))
    if status is not None:
        # Extract jobs are never THROTTLED themselves (only batches are shown so).
        stmt = stmt.where(Job.status == status)

    def to_wire(job: Job) -> ExtractV2JobPublic:
        return to_public(job, results=service.read_results(runtime.blobs, job), expand=wanted)

    page = paginate(
        session,
        stmt,
        Order([Job.created_at, Job.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=to_wire,
    )
    return page.as_dict()


@router.get("/{job_id}", response_model=ExtractV2JobPublic)
def get_extract_job(
    job_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep, expand: Expand = None
):
    wanted = _expand(expand)
    job = service.get_extract_job(session, tenant, job_id)
    return to_public(job, results=service.read_results(runtime.blobs, job), expand=wanted)


@router.post("/{job_id}/cancel", response_model=ExtractV2JobPublic)
def cancel_extract_job(job_id: str, session: DbSession, tenant: TenantDep):
    return to_public(service.cancel_extract_job(session, tenant, job_id))


@router.delete("/{job_id}")
def delete_extract_job(
    job_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep, force: bool = False
) -> dict:
    service.delete_extract_job(session, runtime.blobs, tenant, job_id, force=force)
    return {"id": job_id, "project_id": tenant.project_id, "deleted": True}
