"""Parse v2 wire models (CONTRACT §4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from sheaf.api.schemas.common import RequestModel, WireModel

__all__ = ["ParseCreate", "ParseJobPublic", "ParseUsage", "WebhookConfiguration"]

Block = dict[str, Any] | None


class WebhookConfiguration(RequestModel):
    webhook_url: str | None = None
    webhook_events: list[str] | None = None
    webhook_headers: dict[str, Any] | None = None
    webhook_output_format: Literal["json", "string"] | None = None
    webhook_signing_secret: str | None = None


class ParseOptions(RequestModel):
    """The option blocks shared by the create body, the upload form and saved configs."""

    agentic_options: Block = None
    client_name: str | None = None
    crop_box: Block = None
    disable_cache: bool | None = None
    fast_options: Block = None
    http_proxy: str | None = None
    input_options: Block = None
    output_options: Block = None
    page_ranges: Block = None
    processing_control: Block = None
    processing_options: Block = None
    webhook_configurations: list[WebhookConfiguration] | None = None


class ParseCreate(ParseOptions):
    tier: str | None = None
    version: str | None = None
    configuration_id: str | None = None
    file_id: str | None = None
    source_url: str | None = Field(default=None, max_length=8192)
    user_metadata: dict[str, str] | None = None
    webhook_configuration_ids: list[str] | None = None


class ParseUpload(ParseOptions):
    """The ``configuration`` JSON string of ``POST /api/v2/parse/upload``."""

    tier: str | None = None
    version: str | None = None
    source_url: str | None = None
    configuration_id: str | None = None
    user_metadata: dict[str, str] | None = None
    webhook_configuration_ids: list[str] | None = None


class ParseUsage(WireModel):
    credits: float | None = None


class ParseJobPublic(WireModel):
    id: str
    project_id: str
    status: Literal["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]
    created_at: datetime | None = None
    updated_at: datetime | None = None
    error_message: str | None = None
    name: str | None = None
    tier: str | None = None
    usage: ParseUsage | None = None
    user_metadata: dict[str, str] | None = None
