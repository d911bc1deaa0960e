"""``/api/v1/beta/directories``: source directories (CONTRACT §2.1)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select

from sheaf.api.deps import DbSession, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.directories import DirectoryCreate, DirectoryPublic, DirectoryUpdate
from sheaf.services import directories as service
from sheaf.store.tables import Directory

router = APIRouter(prefix="/api/v1/beta/directories", tags=["directories"])

DirectoryType = Literal["ephemeral", "index", "user"]


@router.post("", response_model=DirectoryPublic)
def create_directory(body: DirectoryCreate, session: DbSession, tenant: TenantDep) -> Directory:
    return service.create_directory(session, tenant, body.model_dump(exclude_unset=True))


@router.get("")
def list_directories(
    session: DbSession,
    tenant: TenantDep,
    include_deleted: bool = False,
    name: str | None = None,
    type: DirectoryType | None = None,
    types: Annotated[list[DirectoryType] | None, Query()] = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(Directory).where(Directory.project_id == tenant.project_id)
    if not include_deleted:
        stmt = stmt.where(Directory.deleted_at.is_(None))
    if name is not None:
        stmt = stmt.where(Directory.name == name)
    wanted = set(types or []) | ({type} if type else set())
    if wanted:
        stmt = stmt.where(Directory.type.in_(sorted(wanted)))
    page = paginate(
        session,
        stmt,
        Order([Directory.created_at, Directory.id]),
        page_size=page_size,
        page_token=page_token,
        to_wire=DirectoryPublic.model_validate,
    )
    return page.as_dict()


@router.get("/{directory_id}", response_model=DirectoryPublic)
def get_directory(directory_id: str, session: DbSession, tenant: TenantDep) -> Directory:
    return service.get_directory(session, tenant, directory_id)


@router.patch("/{directory_id}", response_model=DirectoryPublic)
def update_directory(
    directory_id: str, body: DirectoryUpdate, session: DbSession, tenant: TenantDep
) -> Directory:
    directory = service.get_directory(session, tenant, directory_id)
    for key, value in body.model_dump(exclude_unset=True).items():
        if key == "name" and value is None:
            continue
        setattr(directory, key, value)
    session.flush()
    return directory


@router.delete("/{directory_id}", status_code=204)
def delete_directory(directory_id: str, session: DbSession, tenant: TenantDep) -> Response:
    service.delete_directory(session, tenant, directory_id)
    return Response(status_code=204)
