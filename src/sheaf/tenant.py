"""Who a request is: the caller's organization and the project it acts in."""

from __future__ import annotations

from dataclasses import dataclass

from sheaf.store.tables import Project

__all__ = ["Tenant"]


@dataclass(frozen=True, slots=True)
class Tenant:
    """The caller: its organization, the project this request acts in, and its reach."""

    organization_id: str
    project_id: str
    key_project_id: str | None  # None = organization key

    def can_see_project(self, project: Project) -> bool:
        if project.organization_id != self.organization_id:
            return False
        return self.key_project_id is None or self.key_project_id == project.id
