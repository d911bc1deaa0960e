"""Saved product configurations, plus the built-in parse presets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.errors import InvalidInput, InvalidState, NotFound
from sheaf.ids import new_id
from sheaf.services.tenancy import Tenant
from sheaf.store.tables import Configuration

__all__ = ["PRESETS", "ResolvedConfiguration", "get_configuration", "upsert_configuration"]

PRESET_CREATED = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ResolvedConfiguration:
    """A configuration as the rest of the system uses it, whether saved or built in."""

    id: str
    name: str
    product_type: str
    parameters: dict[str, Any]
    version: str
    created_at: datetime
    updated_at: datetime
    builtin: bool = False


def _preset(tier: str) -> ResolvedConfiguration:
    name = f"PARSE_{tier.upper()}"
    return ResolvedConfiguration(
        id=f"cfg-{name}",
        name=name,
        product_type="parse_v2",
        parameters={"product_type": "parse_v2", "tier": tier, "version": "latest"},
        version=PRESET_CREATED.isoformat(),
        created_at=PRESET_CREATED,
        updated_at=PRESET_CREATED,
        builtin=True,
    )


PRESETS = {p.id: p for p in map(_preset, ("fast", "cost_effective", "agentic", "agentic_plus"))}


def _resolved(row: Configuration) -> ResolvedConfiguration:
    return ResolvedConfiguration(
        id=row.id,
        name=row.name,
        product_type=row.product_type,
        parameters=row.parameters,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _version(now: datetime) -> str:
    return now.isoformat()


def validate_parameters(parameters: dict[str, Any]) -> None:
    """Checks beyond the wire model: an extract schema must be one we can run."""
    if parameters.get("product_type") == "extract_v2":
        try:
            from sheaf.extract import SchemaError, validate_schema
        except ImportError:  # pragma: no cover - the engine ships with Sheaf
            return
        try:
            validate_schema(parameters["data_schema"])
        except SchemaError as exc:
            raise InvalidInput(f"parameters.data_schema: {exc}") from exc


def upsert_configuration(
    session: Session, tenant: Tenant, name: str, parameters: dict[str, Any]
) -> ResolvedConfiguration:
    validate_parameters(parameters)
    product_type = parameters["product_type"]
    now = datetime.now(UTC)
    row = session.scalars(
        select(Configuration).where(
            Configuration.project_id == tenant.project_id,
            Configuration.product_type == product_type,
            Configuration.name == name,
        )
    ).first()
    if row is None:
        row = Configuration(
            id=new_id("configuration"),
            project_id=tenant.project_id,
            name=name,
            product_type=product_type,
            parameters=parameters,
            version=_version(now),
            created_at=now,
            updated_at=now,
        )
        session.add(row)
    else:
        row.parameters = parameters
        row.version = _version(now)
        row.updated_at = now
    session.flush()
    return _resolved(row)


def _row(session: Session, tenant: Tenant, config_id: str) -> Configuration:
    row = session.get(Configuration, config_id)
    if row is None or row.project_id != tenant.project_id:
        raise NotFound(f"configuration {config_id} not found")
    return row


def get_configuration(session: Session, tenant: Tenant, config_id: str) -> ResolvedConfiguration:
    if config_id in PRESETS:
        return PRESETS[config_id]
    return _resolved(_row(session, tenant, config_id))


def update_configuration(
    session: Session, tenant: Tenant, config_id: str, changes: dict[str, Any]
) -> ResolvedConfiguration:
    if config_id in PRESETS:
        raise InvalidState(f"{config_id} is a built-in preset and cannot be changed")
    row = _row(session, tenant, config_id)
    parameters = changes.get("parameters")
    if parameters is not None:
        if parameters["product_type"] != row.product_type:
            raise InvalidInput(
                f"parameters.product_type cannot change from {row.product_type} "
                f"to {parameters['product_type']}; create a new configuration"
            )
        validate_parameters(parameters)
        row.parameters = parameters
    if changes.get("name"):
        row.name = changes["name"]
    now = datetime.now(UTC)
    row.version = _version(now)
    row.updated_at = now
    session.flush()
    return _resolved(row)


def delete_configuration(session: Session, tenant: Tenant, config_id: str) -> None:
    if config_id in PRESETS:
        raise InvalidState(f"{config_id} is a built-in preset and cannot be deleted")
    session.delete(_row(session, tenant, config_id))
    session.flush()
