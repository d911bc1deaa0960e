"""Projects, v1 (bare arrays) and v2 (cursor pages) (CONTRACT §7.1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from sheaf.api.deps import DbSession, TenantDep
from sheaf.api.pagination import Order, paginate
from sheaf.api.schemas.projects import ProjectPublic
from sheaf.errors import NotFound
from sheaf.services.tenancy import Tenant
from sheaf.store.tables import Project

router = APIRouter(tags=["projects"])


def _visible(tenant: Tenant):
    stmt = select(Project).where(Project.organization_id == tenant.organization_id)
    if tenant.key_project_id is not None:
        stmt = stmt.where(Project.id == tenant.key_project_id)
    return stmt


def _get(session, tenant: Tenant, project_id: str) -> Project:
    project = session.get(Project, project_id)
    if project is None or not tenant.can_see_project(project):
        raise NotFound(f"project {project_id} not found")
    return project


@router.get("/api/v1/projects", response_model=list[ProjectPublic])
def list_projects_v1(session: DbSession, tenant: TenantDep, project_name: str | None = None):
    stmt = _visible(tenant)
    if project_name is not None:
        stmt = stmt.where(Project.name == project_name)
    return list(session.scalars(stmt.order_by(Project.created_at, Project.id)))


@router.get("/api/v1/projects/{project}", response_model=ProjectPublic)
def get_project_v1(project: str, session: DbSession, tenant: TenantDep):
    return _get(session, tenant, project)


@router.get("/api/v2/projects")
def list_projects_v2(
    session: DbSession,
    tenant: TenantDep,
    name: str | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = _visible(tenant)
    if name is not None:
        stmt = stmt.where(Project.name == name)
    page = paginate(
        session,
        stmt,
        Order([Project.created_at, Project.id]),
        page_size=page_size,
        page_token=page_token,
        to_wire=ProjectPublic.model_validate,
    )
    return page.as_dict()


@router.get("/api/v2/projects/{project}", response_model=ProjectPublic)
def get_project_v2(project: str, session: DbSession, tenant: TenantDep):
    return _get(session, tenant, project)
