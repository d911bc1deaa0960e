"""FastAPI dependencies: the runtime, a database session per request, and the caller.

Every sync step FastAPI runs costs a hop to a worker thread and back (50-150 µs on a busy
machine), so the per-request dependencies are async and do no I/O in the event loop: the
caller comes from the key ``api.auth.Authenticate`` verified, and the session connects only
when the (threaded) endpoint first uses it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Query, Request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from sheaf.api.auth import KEY_SCOPE
from sheaf.api.loop_reads import LoopReader
from sheaf.blobs import BlobStore
from sheaf.logs import bind
from sheaf.services.tenancy import (
    Tenant,
    cached_project_organization,
    project_organization,
    resolve_tenant,
    tenant_for,
)
from sheaf.settings import Settings
from sheaf.store.db import Database

__all__ = ["DbSession", "Runtime", "RuntimeDep", "TenantDep", "read_only", "track_connections"]

T = TypeVar("T")


@dataclass
class Runtime:
    settings: Settings
    db: Database
    blobs: BlobStore
    download_secret: str  # signs presigned download URLs; shared through the database
    loop_reader: LoopReader | None = None  # SQLite: hot reads in the event loop (see read_only)


async def get_runtime(request: Request) -> Runtime:
    # async: FastAPI runs a sync dependency in a worker thread, even one this small.
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]

_BEGUN = "sheaf_begun"  # session.info: (DBAPI connection, its total_changes at begin)


def track_connections(factory: sessionmaker) -> None:
    """Note, per session, the connection its transaction began on (see ``_finish``)."""

    def began(session: Session, _transaction, connection) -> None:
        dbapi = connection.connection.dbapi_connection
        session.info[_BEGUN] = (dbapi, getattr(dbapi, "total_changes", None))

    event.listen(factory, "after_begin", began)


def _commit_or_rollback(session: Session, commit: bool) -> None:
    with session:
        if commit:
            session.commit()
        else:
            session.rollback()


def _nothing_to_wait_for(session: Session, write: bool) -> bool:
    """Whether ending this session cannot block: it never connected, or it only read SQLite.

    Ending a SQLite read transaction releases a shared read mark (WAL mode) and never waits;
    a transaction that changed rows (``total_changes`` moved), a write session (it holds
    the writer lock) or a PostgreSQL one (a network round trip) may.
    """
    if session.new or session.dirty or session.deleted:
        return False
    begun = session.info.get(_BEGUN)
    if begun is None:
        return True
    dbapi, changes_at_begin = begun
    return not write and changes_at_begin is not None and dbapi.total_changes == changes_at_begin


async def _finish(session: Session, *, commit: bool, write: bool) -> None:
    if _nothing_to_wait_for(session, write):
        _commit_or_rollback(session, commit)  # in the loop: saves a hop to a thread and back
    else:
        await run_in_threadpool(_commit_or_rollback, session, commit)


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session whose transaction commits on success and rolls back on error.

    Sync endpoints run in a 40-thread pool and hold a connection across thread hops; a
    burst larger than that could leave every thread waiting for a connection held by a
    request that waits for a thread. So at most ``api_max_concurrency`` requests hold a
    session at once; the slot is taken in the event loop, after the body has been
    received, so slow or idle clients hold nothing. Creating the session does no I/O.
    """
    runtime: Runtime = request.app.state.runtime
    async with request.app.state.request_slots:
        write = request.method not in ("GET", "HEAD")
        factory = runtime.db.sessionmaker if write else runtime.db.read_sessionmaker
        session = factory()
        session.begin()
        try:
            yield session
        except BaseException:
            await _finish(session, commit=False, write=write)
            raise
        await _finish(session, commit=True, write=write)


# scope="function": commit before the response is sent, so a client never reads stale state.
DbSession = Annotated[Session, Depends(get_session, scope="function")]


def _read(db: Database, fn: Callable[..., T], args: tuple) -> T:
    with db.engine.connect() as conn:  # one read transaction, rolled back on close
        return fn(conn, *args)


async def read_only(runtime: Runtime, fn: Callable[..., T], *args: Any) -> T:
    """``fn(connection, *args)`` in one read transaction on a Core connection, for hot reads.

    ``fn`` must only read the database and compute (no blob store, no network): on SQLite it
    runs in the event loop itself (``api.loop_reads``: no thread hop, no GIL contention);
    otherwise, or when SQLite was busy, in one worker thread. Either way no ORM session and
    no request slot (the connection lives only inside this call; see ``get_session``).
    """
    reader = runtime.loop_reader
    if reader is not None:
        try:
            return reader.run(fn, args)
        except OperationalError:  # SQLite was busy (it never waits in the loop): wait in a thread
            pass
    return await run_in_threadpool(_read, runtime.db, fn, args)


def _resolve(
    runtime: Runtime, authorization: str | None, organization_id: str | None, project_id: str | None
) -> Tenant:
    with runtime.db.session(write=False) as session:
        return resolve_tenant(session, authorization, organization_id, project_id)


def _project_organization(runtime: Runtime, project_id: str) -> str | None:
    with runtime.db.session(write=False) as session:
        return project_organization(session, project_id)


async def get_tenant(
    # The key is read from the scope, not declared as a Header parameter: FastAPI's
    # per-parameter extraction and validation cost ~40 µs of every request.
    request: Request,
    organization_id: Annotated[str | None, Query()] = None,
    project_id: Annotated[str | None, Query()] = None,
) -> Tenant:
    runtime: Runtime = request.app.state.runtime
    key = request.scope.get(KEY_SCOPE)
    if key is None:  # a route outside /api/: the middleware did not see it
        tenant = await run_in_threadpool(
            _resolve, runtime, request.headers.get("authorization"), organization_id, project_id
        )
        bind(project_id=tenant.project_id)
        return tenant
    project_org = None
    if project_id and key.project_id != project_id:
        project_org = cached_project_organization(project_id) or await run_in_threadpool(
            _project_organization, runtime, project_id
        )
    elif project_id:
        project_org = key.organization_id  # the key's own project
    tenant = tenant_for(key, organization_id, project_id, project_org)
    bind(project_id=tenant.project_id)  # log records of this request name the project
    return tenant


TenantDep = Annotated[Tenant, Depends(get_tenant)]
