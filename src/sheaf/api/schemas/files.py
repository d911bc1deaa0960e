"""Files API wire models (CONTRACT §3)."""

from __future__ import annotations

from datetime import datetime

from sheaf.api.schemas.common import PresignedURL, WireModel

__all__ = ["FilePublic"]

PURPOSES = ("user_data", "parse", "extract", "classify", "split", "sheet", "agent_app")


class FilePublic(WireModel):
    id: str
    name: str
    project_id: str
    download_url: PresignedURL | None = None
    expires_at: datetime | None = None
    external_file_id: str | None = None
    file_type: str | None = None
    last_modified_at: datetime | None = None
    purpose: str | None = None
