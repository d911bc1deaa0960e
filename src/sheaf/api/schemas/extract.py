"""Extract v2 wire models (CONTRACT §5)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field

from sheaf.api.schemas.common import RequestModel, WireModel

__all__ = [
    "CONFIGURATION_FIELDS",
    "ExtractConfiguration",
    "ExtractConfigurationIn",
    "ExtractCreate",
    "ExtractJobMetadata",
    "ExtractJobUsage",
    "ExtractSchemaGenerate",
    "ExtractSchemaValidate",
    "ExtractUsage",
    "ExtractV2JobPublic",
    "ExtractWebhookConfiguration",
]

ExtractTier = Literal["cost_effective", "agentic", "agentic_plus", "turbo"]
ParseTier = Literal["fast", "cost_effective", "agentic", "agentic_plus"]
Target = Literal["per_doc", "per_page", "per_table_row"]


class ExtractWebhookConfiguration(RequestModel):
    webhook_url: str | None = None
    webhook_events: list[str] | None = None
    webhook_headers: dict[str, str] | None = None
    webhook_output_format: str | None = None
    webhook_signing_secret: str | None = None


class ExtractConfigurationIn(RequestModel):
    """The inline ``configuration`` of a create body (ExtractConfiguration)."""

    data_schema: dict[str, Any]
    tier: ExtractTier | None = None
    version: str | None = None
    parse_tier: ParseTier | None = None
    parse_config_id: str | None = None
    cite_sources: bool | None = None
    confidence_scores: bool | None = None
    advanced_citations: bool | None = None
    extraction_target: Target | None = None
    max_pages: int | None = Field(default=None, ge=1)
    target_pages: str | None = None
    system_prompt: str | None = None
    disable_cache: bool | None = None
    spreadsheet_mode: bool | None = None
    sheet_names: list[str] | None = None


# The ExtractConfiguration keys (everything else in a job's parameters is Sheaf's own).
CONFIGURATION_FIELDS = tuple(ExtractConfigurationIn.model_fields)


class ExtractCreate(RequestModel):
    file_input: str = Field(min_length=1)
    configuration: ExtractConfigurationIn | None = None
    configuration_id: str | None = None
    webhook_configuration_ids: list[str] | None = None
    webhook_configurations: list[ExtractWebhookConfiguration] | None = None


class ExtractSchemaValidate(RequestModel):
    data_schema: dict[str, Any]


class ExtractSchemaGenerate(RequestModel):
    data_schema: dict[str, Any] | None = None
    file_id: str | None = None
    name: str | None = None
    prompt: str | None = None


class ExtractConfiguration(WireModel):
    data_schema: dict[str, Any]
    tier: str | None = None
    version: str | None = None
    parse_tier: str | None = None
    parse_config_id: str | None = None
    cite_sources: bool | None = None
    confidence_scores: bool | None = None
    advanced_citations: bool | None = None
    extraction_target: str | None = None
    max_pages: int | None = None
    target_pages: str | None = None
    system_prompt: str | None = None
    disable_cache: bool | None = None
    spreadsheet_mode: bool | None = None
    sheet_names: list[str] | None = None


class ExtractJobUsage(WireModel):
    """``metadata.usage``: pages read and billed."""

    num_pages_billed: int | None = None
    num_pages_extracted: int | None = None


class ExtractMetadataBlock(WireModel):
    """``metadata``: usage plus any extra keys."""

    model_config = ConfigDict(from_attributes=True, extra="allow")
    usage: ExtractJobUsage | None = None


class ExtractedFieldMetadata(WireModel):
    document_metadata: dict[str, Any] | None = None
    page_metadata: list[dict[str, Any]] | None = None
    row_metadata: list[dict[str, Any]] | None = None


class ExtractJobMetadata(WireModel):
    field_metadata: ExtractedFieldMetadata | None = None
    parse_job_id: str | None = None
    parse_tier: str | None = None


class ExtractUsage(WireModel):
    credits: float | None = None
    extract_credits: float | None = None
    parse_credits: float | None = None


class ExtractV2JobPublic(WireModel):
    id: str
    created_at: datetime
    updated_at: datetime
    file_input: str
    project_id: str
    status: str
    configuration_id: str | None = None
    configuration: ExtractConfiguration | None = None
    error_message: str | None = None
    extract_result: dict[str, Any] | list[dict[str, Any]] | None = None
    extract_metadata: ExtractJobMetadata | None = None
    metadata: ExtractMetadataBlock | None = None
    usage: ExtractUsage | None = None
