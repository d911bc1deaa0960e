"""Batches: the list with live progress, a batch's files, cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from sheaf.api.deps import DbSession, RuntimeDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.routes.batches import to_public
from sheaf.api.ui import queries
from sheaf.api.ui.common import UiDep, UiRoute, page, require_csrf
from sheaf.queue.states import TERMINAL_BATCH
from sheaf.services import batches as service
from sheaf.store.queue_tables import Batch

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

ROWS_PER_PAGE = 200


def _view(session, batch: Batch, settings) -> dict:
    wire = to_public(session, batch, settings)
    p = wire.progress
    done = p.completed + p.failed + p.cancelled if p else 0
    total = p.total if p else 0
    return {
        "batch": batch,
        "wire": wire,
        "done": done,
        "percent": round(100 * done / total) if total else (100 if batch.finished_at else 0),
        "active": batch.status not in TERMINAL_BATCH,
    }


@router.get("/batches", response_class=HTMLResponse)
def batch_list(
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    ui: UiDep,
    page_token: str | None = None,
):
    listing = paginate(
        session,
        select(Batch).where(Batch.project_id == ui.tenant.project_id),
        Order([Batch.created_at, Batch.id], descending=True),
        page_size=50,
        page_token=page_token,
        to_wire=lambda b: _view(session, b, runtime.settings),
    )
    polling = any(v["active"] for v in listing.items)
    name = "batches_table.html" if request.headers.get("hx-request") else "batches.html"
    return page(request, name, listing=listing, polling=polling, page_token=page_token)


@router.get("/batches/{batch_id}", response_class=HTMLResponse)
def batch_page(
    batch_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    ui: UiDep,
    after: int = 0,
    only: str | None = None,
):
    batch = service.get_batch(session, ui.tenant, batch_id)
    view = _view(session, batch, runtime.settings)
    only = only if only in queries.ROW_FILTERS else None
    rows = queries.batch_rows(session, batch.id, after, ROWS_PER_PAGE + 1, only)
    more = len(rows) > ROWS_PER_PAGE
    rows = rows[:ROWS_PER_PAGE]
    name = "batch_body.html" if request.headers.get("hx-request") else "batch.html"
    return page(
        request,
        name,
        **view,
        rows=rows,
        after=after,
        only=only,
        filters=queries.ROW_FILTERS,
        next_after=rows[-1].seq if more else None,
    )


@router.post("/batches/{batch_id}/cancel")
def cancel(
    batch_id: str,
    request: Request,
    session: DbSession,
    ui: UiDep,
    csrf_token: Annotated[str | None, Form()] = None,
):
    require_csrf(request, ui, csrf_token)
    service.cancel_batch(session, ui.tenant, batch_id)
    return RedirectResponse(f"/ui/batches/{batch_id}", status_code=303)
