"""Saved webhook configuration wire models (CONTRACT §7.2)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import field_validator

from sheaf.api.schemas.common import RequestModel, WireModel
from sheaf.webhooks.events import EventType, OutputFormat

__all__ = [
    "WebhookConfigCreate",
    "WebhookConfigPublic",
    "WebhookConfigUpdate",
    "WebhookDeliveryPage",
    "WebhookDeliveryPublic",
]

_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
MAX_URL = 2048


def _check_url(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_URL:
        raise ValueError(f"webhook_url is longer than {MAX_URL} characters")
    if not re.match(r"^https?://[^/?#\s]+", value, re.IGNORECASE):
        raise ValueError("webhook_url must be an absolute http:// or https:// URL")
    return value


def _check_events(value: list[str] | None) -> list[str] | None:
    if value is not None and not value:
        raise ValueError("[] is not allowed; send null (or omit the field) for all events")
    return value


def _check_headers(value: dict[str, str] | None) -> dict[str, str] | None:
    for name, header in (value or {}).items():
        if not _TOKEN.match(name):
            raise ValueError(f"{name!r} is not a valid HTTP header name")
        if "\r" in header or "\n" in header:
            raise ValueError(f"the value of header {name!r} contains a line break")
    return value


class _Fields(RequestModel):
    webhook_events: list[EventType] | None = None
    webhook_headers: dict[str, str] | None = None
    webhook_output_format: OutputFormat | None = None
    webhook_signing_secret: str | None = None

    _events = field_validator("webhook_events")(_check_events)
    _headers = field_validator("webhook_headers")(_check_headers)


class WebhookConfigCreate(_Fields):
    webhook_url: str

    _url = field_validator("webhook_url")(_check_url)


class WebhookConfigUpdate(_Fields):
    """Only the fields present change (read with ``exclude_unset``)."""

    webhook_url: str | None = None

    _url = field_validator("webhook_url")(_check_url)


class WebhookConfigPublic(WireModel):
    """The secret is write-only: only ``has_secret`` says whether one is set."""

    id: str
    has_secret: bool
    tenant_id: str
    tenant_type: Literal["project"] = "project"
    webhook_url: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    webhook_events: list[str] | None = None
    webhook_headers: dict[str, str] | None = None
    webhook_output_format: OutputFormat | None = None


DeliveryStatus = Literal["pending", "delivering", "delivered", "failed"]


class WebhookDeliveryPublic(WireModel):
    """One event sent (or being sent) to one endpoint: a Sheaf extension, so a receiver's
    failures are visible without database access. Headers, secret and body are not shown."""

    id: str
    event_id: str
    event_type: str
    config_id: str | None = None
    url: str
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None = None
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None = None


class WebhookDeliveryPage(WireModel):
    items: list[WebhookDeliveryPublic]
    next_page_token: str | None = None
    total_size: int | None = None
