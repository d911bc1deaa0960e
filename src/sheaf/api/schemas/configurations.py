"""Product configuration wire models (CONTRACT §6); ``parameters`` validated per product."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sheaf.api.schemas.common import RequestModel, WireModel
from sheaf.api.schemas.extract import ExtractConfigurationIn

__all__ = [
    "ConfigurationCreate",
    "ConfigurationPublic",
    "ConfigurationUpdate",
    "ExtractV2Parameters",
    "ParseV2Parameters",
    "PRODUCT_TYPES",
]

PRODUCT_TYPES = ("classify_v2", "extract_v2", "parse_v2", "split_v1", "spreadsheet_v1", "unknown")
ParseTier = Literal["fast", "cost_effective", "agentic", "agentic_plus"]
Block = dict[str, Any] | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParseV2Parameters(_Strict):
    product_type: Literal["parse_v2"]
    tier: ParseTier
    version: str = Field(min_length=1)
    agentic_options: Block = None
    client_name: str | None = None
    crop_box: Block = None
    disable_cache: bool | None = None
    fast_options: Block = None
    input_options: Block = None
    output_options: Block = None
    page_ranges: Block = None
    processing_control: Block = None
    processing_options: Block = None
    webhook_configuration_ids: list[str] | None = None
    webhook_configurations: list[dict[str, Any]] | None = None


class ExtractV2Parameters(ExtractConfigurationIn):
    """A saved extract configuration: the inline ExtractConfiguration plus its product type."""

    product_type: Literal["extract_v2"]


class OtherParameters(BaseModel):
    """Products Sheaf stores but does not run yet; their fields are kept as given."""

    model_config = ConfigDict(extra="allow")
    product_type: Literal["classify_v2", "split_v1", "spreadsheet_v1", "unknown"]


Parameters = Annotated[
    ParseV2Parameters | ExtractV2Parameters | OtherParameters,
    Field(discriminator="product_type"),
]


class ConfigurationCreate(RequestModel):
    name: str = Field(min_length=1, max_length=1024)
    parameters: Parameters


class ConfigurationUpdate(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=1024)
    parameters: Parameters | None = None


class ConfigurationPublic(WireModel):
    id: str
    name: str
    parameters: dict[str, Any]
    product_type: str
    version: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
