"""Project wire model (CONTRACT §7.1)."""

from __future__ import annotations

from datetime import datetime

from sheaf.api.schemas.common import WireModel

__all__ = ["ProjectPublic"]


class ProjectPublic(WireModel):
    id: str
    name: str
    organization_id: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    is_default: bool | None = None
