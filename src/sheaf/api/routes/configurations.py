"""``/api/v1/beta/configurations``: saved product configurations (CONTRACT §6)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sheaf.api.deps import DbSession, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.configurations import (
    PRODUCT_TYPES,
    ConfigurationCreate,
    ConfigurationPublic,
    ConfigurationUpdate,
)
from sheaf.errors import Conflict, InvalidInput
from sheaf.services import configurations as service
from sheaf.store.tables import Configuration

router = APIRouter(prefix="/api/v1/beta/configurations", tags=["configurations"])


def to_public(config) -> ConfigurationPublic:
    return ConfigurationPublic.model_validate(config)


def _params(model) -> dict:
    return model.model_dump(exclude_none=True)


@router.post("", response_model=ConfigurationPublic)
def create_configuration(body: ConfigurationCreate, session: DbSession, tenant: TenantDep):
    return to_public(
        service.upsert_configuration(session, tenant, body.name, _params(body.parameters))
    )


@router.get("")
def list_configurations(
    session: DbSession,
    tenant: TenantDep,
    latest_only: bool = False,  # every saved name has one current version
    name: str | None = None,
    product_type: Annotated[list[str] | None, Query()] = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(Configuration).where(Configuration.project_id == tenant.project_id)
    if name is not None:
        stmt = stmt.where(Configuration.name == name)
    if product_type:
        unknown = sorted(set(product_type) - set(PRODUCT_TYPES))
        if unknown:
            raise InvalidInput(f"unknown product_type {unknown}; expected one of {PRODUCT_TYPES}")
        stmt = stmt.where(Configuration.product_type.in_(product_type))
    page = paginate(
        session,
        stmt,
        Order([Configuration.created_at, Configuration.id]),
        page_size=page_size,
        page_token=page_token,
        to_wire=to_public,
    )
    return page.as_dict()


@router.get("/{config_id}", response_model=ConfigurationPublic)
def retrieve_configuration(config_id: str, session: DbSession, tenant: TenantDep):
    return to_public(service.get_configuration(session, tenant, config_id))


@router.put("/{config_id}", response_model=ConfigurationPublic)
def update_configuration(
    config_id: str, body: ConfigurationUpdate, session: DbSession, tenant: TenantDep
):
    changes: dict[str, Any] = {}
    if body.name is not None:
        changes["name"] = body.name
    if body.parameters is not None:
        changes["parameters"] = _params(body.parameters)
    try:
        return to_public(service.update_configuration(session, tenant, config_id, changes))
    except IntegrityError as exc:
        raise Conflict("another configuration of this product type already has that name") from exc


@router.delete("/{config_id}", status_code=204)
def delete_configuration(config_id: str, session: DbSession, tenant: TenantDep) -> Response:
    service.delete_configuration(session, tenant, config_id)
    return Response(status_code=204)
