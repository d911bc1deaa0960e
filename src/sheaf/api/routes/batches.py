"""``/api/v2/batches`` (CONTRACT §1)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import Connection, select

from sheaf.api.deps import DbSession, Runtime, RuntimeDep, TenantDep, read_only
from sheaf.api.pagination import Order, paginate, within
from sheaf.api.responses import wire_response
from sheaf.api.schemas.batches import BatchCreate, BatchPublic
from sheaf.errors import InvalidInput
from sheaf.services import batches as service
from sheaf.services.lifecycle import status_filter
from sheaf.settings import Settings
from sheaf.store.queue_tables import Batch
from sheaf.tenant import Tenant

router = APIRouter(prefix="/api/v2/batches", tags=["batches"])

StatusLiteral = Literal["CANCELLED", "COMPLETED", "FAILED", "PENDING", "RUNNING", "THROTTLED"]


def to_public(session, batch: Batch, settings: Settings) -> BatchPublic:
    return BatchPublic.model_validate(service.view(session, batch, settings))


@router.post("", response_model=BatchPublic)
def create_batch(body: BatchCreate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    batch = service.create_batch(
        session, tenant, runtime.settings, body.model_dump(exclude_none=True)
    )
    return to_public(session, batch, runtime.settings)


@router.get("")
def list_batches(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    created_at_on_or_after: datetime | None = None,
    created_at_on_or_before: datetime | None = None,
    source_directory_id: str | None = None,
    status: StatusLiteral | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(Batch).where(Batch.project_id == tenant.project_id)
    stmt = within(stmt, Batch.created_at, created_at_on_or_after, created_at_on_or_before)
    if source_directory_id is not None:
        stmt = stmt.where(Batch.source_directory_id == source_directory_id)
    if status is not None:
        # THROTTLED is a view of the stored status: filter by the same definition.
        stmt = stmt.where(status_filter(status, runtime.settings.project_max_running_jobs))
    page = paginate(
        session,
        stmt,
        Order([Batch.created_at, Batch.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda b: to_public(session, b, runtime.settings),
    )
    return page.as_dict()


@router.get("/{batch_id}", response_model=BatchPublic)
async def get_batch(
    batch_id: str,
    runtime: RuntimeDep,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
) -> Response:
    # async + read_only: a status poll is the most frequent request (see deps.read_only).
    return await read_only(runtime, _read_batch, runtime, tenant, batch_id, expand)


def _read_batch(
    conn: Connection, runtime: Runtime, tenant: Tenant, batch_id: str, expand: list[str] | None
) -> Response:
    batch = service.read_batch(conn, tenant, batch_id)
    wire = to_public(conn, batch, runtime.settings)
    unknown = set(expand or []) - {"results"}
    if unknown:
        raise InvalidInput(f"unsupported expand value(s) {sorted(unknown)}; only 'results'")
    if not expand:
        return wire_response(wire)
    head = json.dumps(wire.model_dump(mode="json", exclude={"results"}))

    def stream():
        # A read transaction of its own: the request's connection is closed once we return.
        with runtime.db.session(write=False) as read:
            yield head[:-1] + ', "results": ['
            yield from service.iter_results(read, batch)
            yield "]}"

    return StreamingResponse(stream(), media_type="application/json")


@router.post("/{batch_id}/cancel", response_model=BatchPublic)
def cancel_batch(batch_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    batch = service.cancel_batch(session, tenant, batch_id)
    return to_public(session, batch, runtime.settings)
