"""``/api/v1/files`` as the classic ``llama_cloud`` 0.1 client calls it: upload (multipart part
``upload_file``), get, presigned content URL, delete. Same files and storage as
``/api/v1/beta/files``; only the wire shape differs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.routes.files import presigned_url, store_upload
from sheaf.api.schemas.classic import ClassicFile, classic_file
from sheaf.api.schemas.common import PresignedURL
from sheaf.services import files as file_service

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/files", tags=["classic files"])


@router.post("", response_model=ClassicFile)
def upload_file(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    upload_file: Annotated[UploadFile, File()],
    external_file_id: Annotated[str | None, Query(max_length=1024)] = None,
    storage_type: Annotated[str | None, Query(max_length=32)] = None,
) -> ClassicFile:
    # storage_type (Ephemeral | Permanent) has no effect: Sheaf keeps files until deleted.
    record = store_upload(
        runtime,
        session,
        tenant,
        upload_file,
        purpose="user_data",
        external_file_id=external_file_id,
    )
    return classic_file(record)


@router.get("/{file_id}", response_model=ClassicFile)
def get_file(file_id: str, session: DbSession, tenant: TenantDep) -> ClassicFile:
    return classic_file(file_service.get_file(session, tenant, file_id))


@router.get("/{file_id}/content", response_model=PresignedURL)
def read_file_content(
    file_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expires_at_seconds: Annotated[int | None, Query(ge=1, le=7 * 24 * 3600)] = None,
) -> PresignedURL:
    record = file_service.get_file(session, tenant, file_id)
    return presigned_url(request, runtime, record, expires_at_seconds)


@router.delete("/{file_id}", status_code=204)
def delete_file(file_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    file_service.delete_file(session, runtime.blobs, tenant, file_id)
    return Response(status_code=204)
