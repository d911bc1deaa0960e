"""``/api/v1/beta/directories/{id}/files``: files in a source directory (CONTRACT §2.2)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select

from sheaf.api.deps import DbSession, Runtime, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate, within
from sheaf.api.routes.files import presigned_url, store_upload
from sheaf.api.schemas.common import MetadataValue
from sheaf.api.schemas.directories import (
    DirectoryFileAdd,
    DirectoryFilePublic,
    DirectoryFileUpdate,
)
from sheaf.errors import InvalidInput
from sheaf.services import directories as service
from sheaf.services import files as file_service
from sheaf.store.tables import DirectoryFile, FileRecord

router = APIRouter(prefix="/api/v1/beta/directories/{directory_id}/files", tags=["directories"])

_metadata = TypeAdapter(dict[str, MetadataValue])


def to_public(
    request: Request, runtime: Runtime, session, entry: DirectoryFile, expand: list[str] | None
) -> DirectoryFilePublic:
    public = DirectoryFilePublic(
        id=entry.id,
        directory_id=entry.directory_id,
        display_name=entry.display_name,
        project_id=entry.project_id,
        unique_id=entry.unique_id,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        deleted_at=entry.deleted_at,
        file_id=entry.file_id,
        metadata=entry.user_metadata,
    )
    if expand and "download_url" in expand and entry.file_id:
        record = session.get(FileRecord, entry.file_id)
        if record is not None:
            public.download_url = presigned_url(request, runtime, record)
    return public


@router.post("", response_model=DirectoryFilePublic)
def add_file(
    directory_id: str,
    body: DirectoryFileAdd,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
) -> DirectoryFilePublic:
    entry = service.add_file(
        session,
        tenant,
        directory_id,
        body.file_id,
        display_name=body.display_name,
        unique_id=body.unique_id,
        metadata=body.metadata,
    )
    return to_public(request, runtime, session, entry, None)


@router.post("/upload", response_model=DirectoryFilePublic)
def upload_file(
    directory_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    upload_file: Annotated[UploadFile, File()],
    display_name: Annotated[str | None, Form(max_length=1024)] = None,
    external_file_id: Annotated[str | None, Form(max_length=1024)] = None,
    metadata: Annotated[str | None, Form()] = None,
    unique_id: Annotated[str | None, Form(max_length=1024)] = None,
) -> DirectoryFilePublic:
    parsed_metadata = None
    if metadata:
        try:
            parsed_metadata = _metadata.validate_python(json.loads(metadata))
        except (ValueError, ValidationError) as exc:
            raise InvalidInput(
                "metadata must be a JSON object of strings, numbers, booleans, null or "
                f"lists of strings: {exc}"
            ) from exc
    # Fail before storing any bytes.
    service.get_directory(session, tenant, directory_id)
    service.ensure_unique_id_free(
        session,
        directory_id,
        unique_id or external_file_id or file_service.safe_filename(upload_file.filename),
    )
    record = store_upload(
        runtime,
        session,
        tenant,
        upload_file,
        purpose="user_data",
        external_file_id=external_file_id,
        directory_id=directory_id,
    )
    entry = service.add_file(
        session,
        tenant,
        directory_id,
        record,
        display_name=display_name,
        unique_id=unique_id,
        metadata=parsed_metadata,
    )
    return to_public(request, runtime, session, entry, None)


@router.get("")
def list_files(
    directory_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    display_name: str | None = None,
    display_name_contains: str | None = None,
    expand: Annotated[list[str] | None, Query()] = None,
    file_id: str | None = None,
    include_deleted: bool = False,
    unique_id: str | None = None,
    updated_at_on_or_after: datetime | None = None,
    updated_at_on_or_before: datetime | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    service.get_directory(session, tenant, directory_id, include_deleted=include_deleted)
    stmt = select(DirectoryFile).where(DirectoryFile.directory_id == directory_id)
    if not include_deleted:
        stmt = stmt.where(DirectoryFile.deleted_at.is_(None))
    if display_name is not None:
        stmt = stmt.where(DirectoryFile.display_name == display_name)
    if display_name_contains:
        stmt = stmt.where(
            DirectoryFile.display_name.contains(display_name_contains, autoescape=True)
        )
    if file_id is not None:
        stmt = stmt.where(DirectoryFile.file_id == file_id)
    if unique_id is not None:
        stmt = stmt.where(DirectoryFile.unique_id == unique_id)
    stmt = within(stmt, DirectoryFile.updated_at, updated_at_on_or_after, updated_at_on_or_before)
    page = paginate(
        session,
        stmt,
        Order([DirectoryFile.created_at, DirectoryFile.id]),
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda e: to_public(request, runtime, session, e, expand),
    )
    return page.as_dict()


@router.get("/{directory_file_id}", response_model=DirectoryFilePublic)
def get_file(
    directory_id: str,
    directory_file_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
) -> DirectoryFilePublic:
    entry = service.get_directory_file(session, tenant, directory_id, directory_file_id)
    return to_public(request, runtime, session, entry, expand)


@router.patch("/{directory_file_id}", response_model=DirectoryFilePublic)
def update_file(
    directory_id: str,
    directory_file_id: str,
    body: DirectoryFileUpdate,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
) -> DirectoryFilePublic:
    entry = service.update_directory_file(
        session, tenant, directory_id, directory_file_id, body.model_dump(exclude_unset=True)
    )
    return to_public(request, runtime, session, entry, None)


@router.delete("/{directory_file_id}", status_code=204)
def delete_file(
    directory_id: str, directory_file_id: str, session: DbSession, tenant: TenantDep
) -> Response:
    service.delete_directory_file(session, tenant, directory_id, directory_file_id)
    return Response(status_code=204)
