"""``/api/v1/beta/files``: upload, list, retrieve, delete, presigned content and download."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.api.deps import DbSession, Runtime, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.common import PresignedURL
from sheaf.api.schemas.files import FilePublic
from sheaf.errors import InvalidInput, NotFound
from sheaf.services import files as file_service
from sheaf.services.tenancy import Tenant
from sheaf.store.tables import FileRecord

# The accepted purposes, declared in the OpenAPI document (services.files.PURPOSES checks).
Purpose = Literal["user_data", "parse", "extract", "classify", "split", "sheet", "agent_app"]

router = APIRouter(prefix="/api/v1/beta/files", tags=["files"])

ORDERS = {
    "name": Order([FileRecord.name, FileRecord.id]),
    "id": Order([FileRecord.id]),
    "created_at desc": Order([FileRecord.created_at, FileRecord.id], descending=True),
}


def presigned_url(
    request: Request, runtime, record: FileRecord, ttl: int | None = None
) -> PresignedURL:
    ttl = ttl or runtime.settings.download_url_ttl_seconds
    presign = getattr(runtime.blobs, "presigned_get_url", None)  # remote stores, e.g. S3
    if presign is not None:
        expires_at = datetime.now(UTC) + timedelta(seconds=min(ttl, 7 * 24 * 3600))
        url = presign(record.blob_key, ttl, record.name, content_type=record.content_type)
        if url:  # None: the store cannot (or is told not to) presign; use our own route
            return PresignedURL(url=url, expires_at=expires_at)
    expires, signature = file_service.sign_download(runtime.download_secret, record.id, ttl)
    base = runtime.settings.public_base_url.rstrip("/") or str(request.base_url).rstrip("/")
    return PresignedURL(
        url=f"{base}/api/v1/beta/files/{record.id}/download?expires={expires}&signature={signature}",
        expires_at=datetime.fromtimestamp(expires, UTC),
    )


def store_upload(
    runtime: Runtime,
    session: Session,
    tenant: Tenant,
    upload: UploadFile,
    *,
    purpose: str,
    external_file_id: str | None = None,
    directory_id: str | None = None,
) -> FileRecord:
    """Store a multipart file part as a Files-API file (every upload route goes through here)."""
    return file_service.store_file(
        session,
        runtime.blobs,
        tenant,
        upload.file,
        filename=upload.filename,
        content_type=upload.content_type,
        purpose=purpose,
        external_file_id=external_file_id,
        max_bytes=runtime.settings.max_upload_bytes,
        uploaded_via_directory_id=directory_id,
    )


def to_public(record: FileRecord, download_url: PresignedURL | None = None) -> FilePublic:
    public = FilePublic.model_validate(record)
    public.download_url = download_url
    return public


@router.post("", response_model=FilePublic)
def create_file(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    file: Annotated[UploadFile, File()],
    purpose: Annotated[Purpose, Form()],
    external_file_id: Annotated[str | None, Form(max_length=1024)] = None,
) -> FilePublic:
    record = store_upload(
        runtime, session, tenant, file, purpose=purpose, external_file_id=external_file_id
    )
    return to_public(record)


@router.get("")
def list_files(
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
    external_file_id: str | None = None,
    file_ids: Annotated[list[str] | None, Query()] = None,
    file_name: str | None = None,
    order_by: str | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    order = ORDERS.get((order_by or "created_at desc").strip().lower())
    if order is None:
        raise InvalidInput(f"order_by must be one of: {', '.join(ORDERS)}")
    stmt = select(FileRecord).where(FileRecord.project_id == tenant.project_id)
    if external_file_id is not None:
        stmt = stmt.where(FileRecord.external_file_id == external_file_id)
    if file_ids:
        stmt = stmt.where(FileRecord.id.in_(file_ids))
    if file_name is not None:
        stmt = stmt.where(FileRecord.name == file_name)
    with_url = "download_url" in (expand or [])
    page = paginate(
        session,
        stmt,
        order,
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda r: to_public(r, presigned_url(request, runtime, r) if with_url else None),
    )
    return page.as_dict()


class FileQueryFilter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    data_source_id: str | None = None
    external_file_id: str | None = None
    file_ids: list[str] | None = None
    file_name: str | None = None
    only_manually_uploaded: bool | None = None
    project_id: str | None = None


class FileQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    filter: FileQueryFilter | None = None
    order_by: str | None = None
    page_size: int | None = None
    page_token: str | None = None


@router.post("/query")
def query_files(
    request: Request, runtime: RuntimeDep, session: DbSession, tenant: TenantDep, body: FileQuery
) -> dict:
    """Deprecated upstream, kept for old clients: the same listing with a JSON body."""
    f = body.filter or FileQueryFilter()
    if f.project_id and f.project_id != tenant.project_id:
        raise NotFound(f"project {f.project_id} not found")
    return list_files(
        request,
        runtime,
        session,
        tenant,
        external_file_id=f.external_file_id,
        file_ids=f.file_ids,
        file_name=f.file_name,
        order_by=body.order_by,
        page_size=body.page_size,
        page_token=body.page_token,
    )


@router.get("/{file_id}", response_model=FilePublic)
def retrieve_file(
    file_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
) -> FilePublic:
    record = file_service.get_file(session, tenant, file_id)
    url = presigned_url(request, runtime, record) if "download_url" in (expand or []) else None
    return to_public(record, url)


@router.delete("/{file_id}", status_code=204)
def delete_file(
    file_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> Response:
    file_service.delete_file(session, runtime.blobs, tenant, file_id)
    return Response(status_code=204)


@router.get("/{file_id}/content", response_model=PresignedURL)
def file_content(
    file_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expires_at_seconds: Annotated[int | None, Query(ge=1, le=7 * 24 * 3600)] = None,
) -> PresignedURL:
    record = file_service.get_file(session, tenant, file_id)
    return presigned_url(request, runtime, record, expires_at_seconds)


# Uploaded bytes are served as downloads only: never rendered on our origin.
SAFE_DOWNLOAD_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "sandbox",
}


@router.get("/{file_id}/download", include_in_schema=True)
def download_file(
    file_id: str,
    runtime: RuntimeDep,
    session: DbSession,
    expires: int,
    signature: str,
) -> Response:
    """The target of presigned URLs: no API key, the signature is the credential."""
    file_service.verify_download(runtime.download_secret, file_id, expires, signature)
    record = session.get(FileRecord, file_id)
    if record is None:
        raise NotFound(f"file {file_id} not found")
    media_type = record.content_type or "application/octet-stream"
    path = runtime.blobs.local_path(record.blob_key)
    if path is not None:
        return FileResponse(
            path, media_type=media_type, filename=record.name, headers=SAFE_DOWNLOAD_HEADERS
        )
    # A remote store without presigning: stream it, with the header FileResponse would send.
    name = quote(record.name)
    header = (
        f"attachment; filename*=utf-8''{name}"
        if name != record.name
        else f'attachment; filename="{record.name}"'
    )
    return StreamingResponse(
        runtime.blobs.iter_chunks(record.blob_key),
        media_type=media_type,
        headers={"content-disposition": header, **SAFE_DOWNLOAD_HEADERS},
    )
