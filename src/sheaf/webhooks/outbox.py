"""The transactional outbox: an event becomes delivery rows in the caller's transaction.

``enqueue_event`` only inserts rows with the session it is given and never commits, so an
event exists exactly when the state change that caused it committed. ``deliverer`` sends them.

Envelope (the body, before the output format is applied)::

    {"event_id": "evt-…", "event_type": "batch.success", "status": "COMPLETED",
     "timestamp": "2026-…Z", "project_id": "prj-…", "data": {<the Batch / ParseJob wire dict>}}

``webhook_output_format`` ``json`` sends that object; ``string`` (the default) sends it as a
JSON-encoded string, i.e. the body is one JSON string literal.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.store.types import utcnow
from sheaf.store.webhook_tables import WebhookConfig, WebhookDelivery
from sheaf.webhooks.events import DEFAULT_OUTPUT_FORMAT

__all__ = ["build_envelope", "encode_body", "enqueue_event", "normalize_headers"]

# Set by the deliverer; a config may not override them (nor the transport-level ones).
RESERVED_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "transfer-encoding",
        "connection",
        "webhook-id",
        "webhook-timestamp",
        "lc-signature",
    }
)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "model_dump"):  # a pydantic model
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, separators=(",", ":"), ensure_ascii=False)


def build_envelope(
    *, event_id: str, event_type: str, project_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    status = payload.get("status") if isinstance(payload, Mapping) else None
    if isinstance(status, enum.Enum):
        status = status.value
    return {
        "event_id": event_id,
        "event_type": event_type,
        "status": status,
        "timestamp": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "project_id": project_id,
        "data": payload,
    }


def encode_body(envelope: Mapping[str, Any], output_format: str) -> str:
    """The request body: the JSON object (``json``) or that JSON as a string literal."""
    text = _dumps(envelope)
    return text if output_format == "json" else json.dumps(text)


def normalize_headers(headers: Mapping[str, Any] | None) -> dict[str, str] | None:
    """Custom headers as strings, without the ones the deliverer owns."""
    if not headers:
        return None
    out: dict[str, str] = {}
    for name, value in headers.items():
        name = str(name).strip()
        if not name or name.lower() in RESERVED_HEADERS or value is None:
            continue
        if isinstance(value, str):
            text = value
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int | float):
            text = str(value)
        else:
            text = _dumps(value)
        if "\r" in text or "\n" in text or "\r" in name or "\n" in name:
            continue  # never let a header value split the request
        out[name] = text
    return out or None


def _as_dict(config: Any) -> dict[str, Any]:
    if isinstance(config, Mapping):
        return dict(config)
    if hasattr(config, "model_dump"):
        return config.model_dump()
    if dataclasses.is_dataclass(config) and not isinstance(config, type):
        return dataclasses.asdict(config)
    raise TypeError(f"a webhook configuration must be a dict, not {type(config).__name__}")


def _wants(events: Iterable[str] | None, event_type: str) -> bool:
    return events is None or event_type in set(events)


def _endpoints(
    session: Session,
    project_id: str,
    event_type: str,
    inline_configs: list[dict] | None,
    config_ids: list[str] | None,
) -> list[dict[str, Any]]:
    endpoints: list[dict[str, Any]] = []
    for raw in inline_configs or ():
        cfg = _as_dict(raw)
        url = cfg.get("webhook_url")
        if not url or not _wants(cfg.get("webhook_events"), event_type):
            continue
        endpoints.append(
            {
                "config_id": None,
                "url": str(url),
                "headers": normalize_headers(cfg.get("webhook_headers")),
                "output_format": cfg.get("webhook_output_format") or DEFAULT_OUTPUT_FORMAT,
                "secret": cfg.get("webhook_signing_secret") or None,
            }
        )
    wanted = list(dict.fromkeys(config_ids or ()))
    if wanted:
        rows = session.scalars(
            select(WebhookConfig).where(
                WebhookConfig.id.in_(wanted), WebhookConfig.project_id == project_id
            )
        ).all()
        by_id = {row.id: row for row in rows}
        for config_id in wanted:  # unknown / other-project ids are skipped, never leaked
            row = by_id.get(config_id)
            if row is None or not _wants(row.events, event_type):
                continue
            endpoints.append(
                {
                    "config_id": row.id,
                    "url": row.url,
                    "headers": normalize_headers(row.headers),
                    "output_format": row.output_format or DEFAULT_OUTPUT_FORMAT,
                    "secret": row.signing_secret or None,
                }
            )
    return endpoints


def enqueue_event(
    session: Session,
    *,
    project_id: str,
    event_type: str,
    payload: dict,
    inline_configs: list[dict] | None = None,
    config_ids: list[str] | None = None,
    enveloped: bool = True,
) -> int:
    """Record ``event_type`` for every matching endpoint, in the caller's transaction.

    ``payload`` is the event's object (e.g. the Batch or ParseJob wire dict, with its
    ``status``). ``inline_configs`` are CONTRACT §1.4 dicts (``webhook_url``,
    ``webhook_events`` (None = all), ``webhook_headers``, ``webhook_output_format``,
    ``webhook_signing_secret``); ``config_ids`` are saved configs of ``project_id`` (unknown
    ids are skipped; validate them at create time with ``configs.require_configs``).
    ``enveloped=False`` sends ``payload`` itself as the JSON body (a classic ``webhook_url``).
    Returns how many deliveries were recorded. Nothing is committed here.
    """
    endpoints = _endpoints(session, project_id, event_type, inline_configs, config_ids)
    if not endpoints:
        return 0
    now = utcnow()
    event_id = f"evt-{uuid.uuid4()}"
    envelope = build_envelope(
        event_id=event_id, event_type=event_type, project_id=project_id, payload=payload, now=now
    )
    bodies: dict[str, str] = {}
    for endpoint in endpoints:
        fmt = "json" if endpoint["output_format"] == "json" or not enveloped else "string"
        if fmt not in bodies:
            bodies[fmt] = encode_body(envelope if enveloped else payload, fmt)
        session.add(
            WebhookDelivery(
                id=f"whd-{uuid.uuid4()}",
                event_id=event_id,
                event_type=event_type,
                project_id=project_id,
                config_id=endpoint["config_id"],
                url=endpoint["url"],
                headers=endpoint["headers"],
                output_format=fmt,
                signing_secret=endpoint["secret"],
                body=bodies[fmt],
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            )
        )
    session.flush()
    return len(endpoints)
