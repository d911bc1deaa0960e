"""Saved webhook configurations (CONTRACT §7.2).

``/api/v1/beta/webhook-configs`` (CRUD; the list is a bare array, newest first) and
``/api/v2/webhook-configs`` (cursor list, newest first), and ``/api/v2/webhook-deliveries``
(a Sheaf extension: each delivery's status, attempts and last error, newest first).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.webhook_configs import (
    WebhookConfigCreate,
    WebhookConfigPublic,
    WebhookConfigUpdate,
    WebhookDeliveryPage,
    WebhookDeliveryPublic,
)
from sheaf.store.webhook_tables import WebhookConfig, WebhookDelivery
from sheaf.webhooks import configs as service

router = APIRouter(tags=["webhook-configs"])

V1 = "/api/v1/beta/webhook-configs"


def to_public(row: WebhookConfig) -> WebhookConfigPublic:
    return WebhookConfigPublic.model_validate(service.to_wire(row))


@router.post(V1, response_model=WebhookConfigPublic)
def create_webhook_config(
    body: WebhookConfigCreate, session: DbSession, tenant: TenantDep, runtime: RuntimeDep
):
    row = service.create_config(
        session,
        tenant,
        body.model_dump(),
        allow_private=runtime.settings.allow_private_egress,
    )
    return to_public(row)


@router.get(V1, response_model=list[WebhookConfigPublic])
def list_webhook_configs(session: DbSession, tenant: TenantDep):
    return [to_public(row) for row in service.list_configs(session, tenant)]


@router.get("/api/v2/webhook-configs")
def list_webhook_configs_paginated(
    session: DbSession,
    tenant: TenantDep,
    include_total: bool = False,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(WebhookConfig).where(WebhookConfig.project_id == tenant.project_id)
    page = paginate(
        session,
        stmt,
        Order([WebhookConfig.created_at, WebhookConfig.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda row: to_public(row).model_dump(mode="json"),
        with_total=include_total,
    )
    return page.as_dict()


@router.get(V1 + "/{config_id}", response_model=WebhookConfigPublic)
def retrieve_webhook_config(config_id: str, session: DbSession, tenant: TenantDep):
    return to_public(service.get_config(session, tenant, config_id))


@router.put(V1 + "/{config_id}", response_model=WebhookConfigPublic)
def update_webhook_config(
    config_id: str,
    body: WebhookConfigUpdate,
    session: DbSession,
    tenant: TenantDep,
    runtime: RuntimeDep,
):
    row = service.update_config(
        session,
        tenant,
        config_id,
        body.model_dump(exclude_unset=True),
        allow_private=runtime.settings.allow_private_egress,
    )
    return to_public(row)


@router.delete(V1 + "/{config_id}", status_code=204)
def delete_webhook_config(config_id: str, session: DbSession, tenant: TenantDep) -> Response:
    service.delete_config(session, tenant, config_id)
    return Response(status_code=204)


@router.get("/api/v2/webhook-deliveries", response_model=WebhookDeliveryPage)
def list_webhook_deliveries(
    session: DbSession,
    tenant: TenantDep,
    status: Literal["pending", "delivering", "delivered", "failed"] | None = None,
    event_id: str | None = None,
    include_total: bool = False,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
):
    stmt = select(WebhookDelivery).where(WebhookDelivery.project_id == tenant.project_id)
    if status is not None:
        stmt = stmt.where(WebhookDelivery.status == status)
    if event_id is not None:
        stmt = stmt.where(WebhookDelivery.event_id == event_id)
    page = paginate(
        session,
        stmt,
        Order([WebhookDelivery.created_at, WebhookDelivery.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=lambda row: WebhookDeliveryPublic.model_validate(row, from_attributes=True),
        with_total=include_total,
    )
    return page.as_dict()
