"""Directory and directory-file wire models (CONTRACT §2)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from sheaf.api.schemas.common import MetadataValue, PresignedURL, RequestModel, WireModel

__all__ = [
    "DirectoryCreate",
    "DirectoryFileAdd",
    "DirectoryFilePublic",
    "DirectoryFileUpdate",
    "DirectoryPublic",
    "DirectoryUpdate",
]

DirectoryType = Literal["ephemeral", "index", "user"]


class DirectoryCreate(RequestModel):
    name: str = Field(min_length=1, max_length=1024)
    connector_subscription_id: str | None = None
    description: str | None = None
    system_metadata: dict[str, Any] | None = None
    type: Literal["ephemeral", "user"] | None = None
    expires_at: datetime | None = None


class DirectoryUpdate(RequestModel):
    name: str | None = Field(default=None, min_length=1, max_length=1024)
    description: str | None = None


class DirectoryPublic(WireModel):
    id: str
    name: str
    project_id: str
    connector_subscription_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    description: str | None = None
    expires_at: datetime | None = None
    system_metadata: dict[str, Any] | None = None
    type: DirectoryType | None = None


class DirectoryFileAdd(RequestModel):
    file_id: str = Field(min_length=1)
    display_name: str | None = Field(default=None, max_length=1024)
    metadata: dict[str, MetadataValue] | None = None
    unique_id: str | None = Field(default=None, max_length=1024)


class DirectoryFileUpdate(RequestModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=1024)
    metadata: dict[str, MetadataValue] | None = None
    target_directory_id: str | None = None
    unique_id: str | None = Field(default=None, min_length=1, max_length=1024)


class DirectoryFilePublic(WireModel):
    id: str
    directory_id: str
    display_name: str
    project_id: str
    unique_id: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    download_url: PresignedURL | None = None
    file_id: str | None = None
    metadata: dict[str, MetadataValue] | None = None
