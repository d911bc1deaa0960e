"""``/api/v2/batches`` (CONTRACT §1)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from sqlalchemy import and_, or_, select

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate, within
from sheaf.api.schemas.batches import BatchCreate, BatchPublic
from sheaf.errors import InvalidInput
from sheaf.queue.states import BatchStatus
from sheaf.services import batches as service
from sheaf.store.queue_tables import Batch

router = APIRouter(prefix="/api/v2/batches", tags=["batches"])

StatusLiteral = Literal["CANCELLED", "COMPLETED", "FAILED", "PENDING", "RUNNING", "THROTTLED"]


@router.post("", response_model=BatchPublic)
def create_batch(body: BatchCreate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    batch = service.create_batch(
        session, tenant, runtime.settings, body.model_dump(exclude_none=True)
    )
    return service.to_wire(session, batch, runtime.settings)


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
        # THROTTLED is computed (see services.batches.visible_status); filter the same way.
        waiting = and_(
            Batch.status.in_([BatchStatus.PENDING, BatchStatus.RUNNING]),
            Batch.running == 0,
            Batch.pending > 0,
        )
        at_limit = service.project_at_limit(
            session, tenant.project_id, runtime.settings.project_max_running_jobs
        )
        if status == BatchStatus.THROTTLED:
            stmt = stmt.where(waiting) if at_limit else stmt.where(False)
        elif status in (BatchStatus.PENDING, BatchStatus.RUNNING) and at_limit:
            stmt = stmt.where(Batch.status == status, or_(Batch.running > 0, Batch.pending == 0))
        else:
            stmt = stmt.where(Batch.status == status)
    page = paginate(
        session,
        stmt,
        Order([Batch.created_at, Batch.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda b: service.to_wire(session, b, runtime.settings),
    )
    return page.as_dict()


@router.get("/{batch_id}", response_model=BatchPublic)
def get_batch(
    batch_id: str,
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
):
    batch = service.get_batch(session, tenant, batch_id)
    wire = service.to_wire(session, batch, runtime.settings)
    unknown = set(expand or []) - {"results"}
    if unknown:
        raise InvalidInput(f"unsupported expand value(s) {sorted(unknown)}; only 'results'")
    if not expand:
        return wire
    head = json.dumps(wire.model_dump(mode="json", exclude={"results"}))

    def stream():
        # A read transaction of its own: the request's session is closed once we return.
        with runtime.db.session(write=False) as read:
            yield head[:-1] + ', "results": ['
            yield from service.iter_results(read, batch)
            yield "]}"

    return StreamingResponse(stream(), media_type="application/json")


@router.post("/{batch_id}/cancel", response_model=BatchPublic)
def cancel_batch(batch_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    batch = service.cancel_batch(session, tenant, batch_id)
    return service.to_wire(session, batch, runtime.settings)
