"""Shared pieces of the wire models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["MetadataValue", "PresignedURL", "RequestModel", "WireModel"]

MetadataValue = str | int | float | bool | None | list[str]


class WireModel(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True)


class RequestModel(BaseModel):
    """A request body: unknown keys are rejected so typos are caught, not ignored."""

    model_config = ConfigDict(extra="forbid")


class PresignedURL(WireModel):
    url: str
    expires_at: datetime
    form_fields: dict[str, str] | None = None


def drop_unset(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(exclude_unset=True)
