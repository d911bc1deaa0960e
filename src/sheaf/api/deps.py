"""FastAPI dependencies: the runtime, a database session per request, and the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore
from sheaf.logs import bind
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


async def request_slot(request: Request) -> AsyncIterator[None]:
    """Cap the requests that use a thread and a database connection at once.

    Sync endpoints and dependencies run in a 40-thread pool and hold a connection across
    thread hops; a burst larger than that could leave every thread waiting for a connection
    held by a request that waits for a thread. The slot is taken in the event loop, after the
    body has been received, so slow or idle clients hold nothing.
    """
    async with request.app.state.request_slots:
        yield


def get_session(
    request: Request,
    runtime: RuntimeDep,
    _slot: Annotated[None, Depends(request_slot, scope="function")],
) -> Iterator[Session]:
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
    tenant = resolve_tenant(session, authorization, organization_id, project_id)
    bind(project_id=tenant.project_id)  # log records of this request name the project
    return tenant


TenantDep = Annotated[Tenant, Depends(get_tenant)]
