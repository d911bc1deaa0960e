"""Configurations, webhook configs and deliveries, usage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from sheaf.api.deps import DbSession
from sheaf.api.ui import queries
from sheaf.api.ui.common import UiDep, UiRoute, page, require_csrf
from sheaf.services.configurations import PRESETS, get_configuration
from sheaf.webhooks import configs as webhook_configs

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)


@router.get("/configurations", response_class=HTMLResponse)
def configuration_list(request: Request, session: DbSession, ui: UiDep):
    return page(
        request,
        "configurations.html",
        presets=list(PRESETS.values()),
        configs=queries.configurations(session, ui.tenant),
    )


@router.get("/configurations/{config_id}", response_class=HTMLResponse)
def configuration_page(config_id: str, request: Request, session: DbSession, ui: UiDep):
    config = get_configuration(session, ui.tenant, config_id)
    return page(request, "configuration.html", config=config)


@router.get("/webhooks", response_class=HTMLResponse)
def webhooks(request: Request, session: DbSession, ui: UiDep, status: str | None = None):
    return page(
        request,
        "webhooks.html",
        configs=[
            webhook_configs.to_wire(c) for c in webhook_configs.list_configs(session, ui.tenant)
        ],
        deliveries=queries.deliveries(session, ui.tenant, status or None),
        status=status or "",
    )


@router.get("/webhooks/{config_id}", response_class=HTMLResponse)
def webhook_config(config_id: str, request: Request, session: DbSession, ui: UiDep):
    row = webhook_configs.get_config(session, ui.tenant, config_id)
    return page(request, "webhook_config.html", config=webhook_configs.to_wire(row))


@router.post("/deliveries/{delivery_id}/redeliver")
def redeliver(
    delivery_id: str,
    request: Request,
    session: DbSession,
    ui: UiDep,
    csrf_token: Annotated[str | None, Form()] = None,
):
    require_csrf(request, ui, csrf_token)
    queries.redeliver(session, ui.tenant, delivery_id)
    return RedirectResponse("/ui/webhooks", status_code=303)


@router.get("/usage", response_class=HTMLResponse)
def usage(request: Request, session: DbSession, ui: UiDep):
    days = queries.usage_by_day(session, ui.tenant)
    return page(
        request,
        "usage.html",
        days=days,
        total_pages=sum(d.pages for d in days),
        total_credits=sum(d.credits for d in days),
    )
