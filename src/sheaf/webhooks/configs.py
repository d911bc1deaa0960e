"""Saved webhook configurations (CONTRACT §7.2): the service layer behind the routes."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.errors import InvalidInput, NotFound
from sheaf.ids import new_id
from sheaf.store.types import utcnow
from sheaf.store.webhook_tables import WebhookConfig
from sheaf.tenant import Tenant
from sheaf.webhooks.egress import (
    METADATA_HOSTNAMES,
    EgressRefused,
    check_url_syntax,
    refusal_reason,
)
from sheaf.webhooks.events import DEFAULT_OUTPUT_FORMAT, EVENT_TYPES, OUTPUT_FORMATS

__all__ = [
    "create_config",
    "delete_config",
    "get_config",
    "list_configs",
    "require_configs",
    "to_wire",
    "update_config",
    "validate_endpoint_url",
    "validate_events",
]


def validate_endpoint_url(url: str, *, allow_private: bool) -> str:
    """Refuse what can be known without DNS: scheme, host, literal forbidden addresses.

    The full check (DNS included) runs again before every delivery.
    """
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidInput("webhook_url: contains control characters")
    try:
        _scheme, host, _port = check_url_syntax(url)
    except EgressRefused as exc:
        raise InvalidInput(f"webhook_url: {exc}") from exc
    if host in METADATA_HOSTNAMES:
        raise InvalidInput(f"webhook_url: {host} is a cloud metadata endpoint")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return url
    reason = refusal_reason(ip, allow_private=allow_private)
    if reason:
        raise InvalidInput(f"webhook_url: {host} is {reason}")
    return url


def validate_events(events: Iterable[str] | None) -> list[str] | None:
    if events is None:
        return None
    events = list(dict.fromkeys(events))
    if not events:
        raise InvalidInput(
            "webhook_events: [] is not allowed; send null (or omit it) for all events"
        )
    unknown = sorted(set(events) - EVENT_TYPES)
    if unknown:
        raise InvalidInput(f"webhook_events: unknown events {unknown}")
    return events


def to_wire(row: WebhookConfig) -> dict[str, Any]:
    """The WebhookConfigResponse shape; the secret only shows as ``has_secret``."""
    return {
        "id": row.id,
        "has_secret": bool(row.signing_secret),
        "tenant_id": row.project_id,
        "tenant_type": "project",
        "webhook_url": row.url,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "webhook_events": row.events,
        "webhook_headers": row.headers,
        "webhook_output_format": row.output_format,
    }


def _format(value: str | None) -> str:
    value = value or DEFAULT_OUTPUT_FORMAT
    if value not in OUTPUT_FORMATS:
        raise InvalidInput(f"webhook_output_format must be one of {sorted(OUTPUT_FORMATS)}")
    return value


def create_config(
    session: Session, tenant: Tenant, fields: Mapping[str, Any], *, allow_private: bool
) -> WebhookConfig:
    now = utcnow()
    row = WebhookConfig(
        id=new_id("webhook_config"),
        project_id=tenant.project_id,
        url=validate_endpoint_url(fields["webhook_url"], allow_private=allow_private),
        events=validate_events(fields.get("webhook_events")),
        headers=fields.get("webhook_headers") or None,
        output_format=_format(fields.get("webhook_output_format")),
        signing_secret=fields.get("webhook_signing_secret") or None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _row(session: Session, tenant: Tenant, config_id: str) -> WebhookConfig:
    row = session.get(WebhookConfig, config_id)
    if row is None or row.project_id != tenant.project_id:
        raise NotFound(f"webhook configuration {config_id} not found")
    return row


def get_config(session: Session, tenant: Tenant, config_id: str) -> WebhookConfig:
    return _row(session, tenant, config_id)


def update_config(
    session: Session,
    tenant: Tenant,
    config_id: str,
    changes: Mapping[str, Any],
    *,
    allow_private: bool,
) -> WebhookConfig:
    """Apply only the keys present in ``changes``; a null secret removes it, a new one rotates."""
    row = _row(session, tenant, config_id)
    if "webhook_url" in changes:
        if changes["webhook_url"] is None:
            raise InvalidInput("webhook_url cannot be null")
        row.url = validate_endpoint_url(changes["webhook_url"], allow_private=allow_private)
    if "webhook_events" in changes:
        row.events = validate_events(changes["webhook_events"])
    if "webhook_headers" in changes:
        row.headers = changes["webhook_headers"] or None
    if "webhook_output_format" in changes:
        row.output_format = _format(changes["webhook_output_format"])
    if "webhook_signing_secret" in changes:
        row.signing_secret = changes["webhook_signing_secret"] or None
    row.updated_at = utcnow()
    session.flush()
    return row


def delete_config(session: Session, tenant: Tenant, config_id: str) -> None:
    """Deliveries already recorded for this endpoint keep their copy and still go out."""
    session.delete(_row(session, tenant, config_id))
    session.flush()


def list_configs(session: Session, tenant: Tenant) -> list[WebhookConfig]:
    """Every config of the project, newest first."""
    return list(
        session.scalars(
            select(WebhookConfig)
            .where(WebhookConfig.project_id == tenant.project_id)
            .order_by(WebhookConfig.created_at.desc(), WebhookConfig.id.desc())
        )
    )


def require_configs(
    session: Session, project_id: str, config_ids: Iterable[str] | None
) -> list[str]:
    """For job creates: the ids, deduplicated, or ``NotFound`` naming the first unknown one."""
    wanted = list(dict.fromkeys(config_ids or ()))
    if not wanted:
        return []
    found = set(
        session.scalars(
            select(WebhookConfig.id).where(
                WebhookConfig.id.in_(wanted), WebhookConfig.project_id == project_id
            )
        )
    )
    for config_id in wanted:
        if config_id not in found:
            raise NotFound(f"webhook configuration {config_id} not found")
    return wanted
