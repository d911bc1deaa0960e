"""FastAPI dependencies: the runtime, a database session per request, and the caller."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore
from sheaf.services.tenancy import Tenant, resolve_tenant
from sheaf.settings import Settings
from sheaf.store.db import Database

__all__ = ["DbSession", "Runtime", "RuntimeDep", "TenantDep"]


@dataclass
class Runtime:
    settings: Settings
    db: Database
    blobs: BlobStore
    download_secret: str  # signs presigned download URLs; shared through the database


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(request: Request, runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.db.session(write=request.method not in ("GET", "HEAD")) as session:
        yield session


# scope="function": commit before the response is sent, so a client never reads stale state.
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def get_tenant(
    session: DbSession,
    authorization: Annotated[str | None, Header()] = None,
    organization_id: Annotated[str | None, Query()] = None,
    project_id: Annotated[str | None, Query()] = None,
) -> Tenant:
    return resolve_tenant(session, authorization, organization_id, project_id)


TenantDep = Annotated[Tenant, Depends(get_tenant)]
