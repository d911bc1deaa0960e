"""Organizations, projects and API keys: who a request is, and which project it acts in."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.errors import NotFound, Unauthorized
from sheaf.ids import new_id
from sheaf.store.tables import ApiKey, InstanceSecret, Organization, Project
from sheaf.tenant import Tenant

__all__ = [
    "Tenant",
    "bootstrap",
    "create_api_key",
    "ensure_project",
    "hash_key",
    "instance_secret",
    "resolve_tenant",
]

KEY_PREFIX = "llx-"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def generate_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def instance_secret(session: Session, name: str) -> str:
    """A random secret shared by every process through the database, made on first use."""
    row = session.get(InstanceSecret, name)
    if row is None:
        row = InstanceSecret(name=name, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.value


def default_organization(session: Session) -> Organization:
    org = session.scalars(select(Organization).order_by(Organization.created_at)).first()
    if org is None:
        org = Organization(id=new_id("organization"), name="Default")
        session.add(org)
        session.flush()
    return org


def ensure_project(
    session: Session, name: str, organization: Organization | None = None
) -> Project:
    org = organization or default_organization(session)
    project = session.scalars(
        select(Project).where(Project.organization_id == org.id, Project.name == name)
    ).first()
    if project is None:
        has_default = session.scalars(
            select(Project.id).where(Project.organization_id == org.id, Project.is_default)
        ).first()
        project = Project(
            id=new_id("project"), organization_id=org.id, name=name, is_default=not has_default
        )
        session.add(project)
        session.flush()
    return project


def create_api_key(
    session: Session, project: Project, *, key: str | None = None, name: str = ""
) -> str:
    """Store a (hash of a) key for ``project`` and return the key itself."""
    key = key or generate_key()
    session.add(
        ApiKey(
            id=new_id("api_key"),
            key_hash=hash_key(key),
            key_prefix=key[:12],
            organization_id=project.organization_id,
            project_id=project.id,
            name=name,
        )
    )
    session.flush()
    return key


def bootstrap(session: Session, bootstrap_key: str | None) -> str | None:
    """First start: a default organization, project and key. Returns a key only if new.

    ``SHEAF_BOOTSTRAP_API_KEY`` is honoured on every start (added if not yet stored), so a
    deployment can pin its key; otherwise a key is generated only when none exists.
    """
    has_key = session.scalars(select(ApiKey.id)).first() is not None
    if bootstrap_key:
        if session.scalars(
            select(ApiKey).where(ApiKey.key_hash == hash_key(bootstrap_key))
        ).first():
            return bootstrap_key
        project = ensure_project(session, "Default")
        return create_api_key(session, project, key=bootstrap_key, name="bootstrap")
    if has_key:
        return None
    project = ensure_project(session, "Default")
    return create_api_key(session, project, name="bootstrap")


@dataclass(frozen=True, slots=True)
class _KeyInfo:
    organization_id: str
    project_id: str | None


# Key lookups are on every request; remember recent ones briefly (keys are only ever added).
_KEY_CACHE: dict[str, tuple[float, _KeyInfo]] = {}
_KEY_CACHE_SECONDS = 10.0
_KEY_CACHE_MAX = 1024


def _lookup_key(session: Session, key: str) -> _KeyInfo | None:
    digest = hash_key(key)
    now = time.monotonic()
    hit = _KEY_CACHE.get(digest)
    if hit and now - hit[0] < _KEY_CACHE_SECONDS:
        return hit[1]
    row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
    if row is None:
        return None
    if len(_KEY_CACHE) >= _KEY_CACHE_MAX:
        _KEY_CACHE.clear()
    info = _KeyInfo(row.organization_id, row.project_id)
    _KEY_CACHE[digest] = (now, info)
    return info


def resolve_tenant(
    session: Session,
    authorization: str | None,
    organization_id: str | None,
    project_id: str | None,
) -> Tenant:
    if not authorization or not authorization.lower().startswith("bearer "):
        raise Unauthorized("missing API key: send 'Authorization: Bearer <key>'")
    row = _lookup_key(session, authorization[7:].strip())
    if row is None:
        raise Unauthorized("invalid API key")
    if organization_id and organization_id != row.organization_id:
        raise NotFound(f"organization {organization_id} not found")
    if project_id:
        project = session.get(Project, project_id)
        if (
            project is None
            or project.organization_id != row.organization_id
            or (row.project_id is not None and row.project_id != project_id)
        ):
            raise NotFound(f"project {project_id} not found")
        return Tenant(row.organization_id, project_id, row.project_id)
    if row.project_id is not None:
        return Tenant(row.organization_id, row.project_id, row.project_id)
    default = session.scalars(
        select(Project.id).where(Project.organization_id == row.organization_id, Project.is_default)
    ).first()
    if default is None:
        raise NotFound("this organization key has no default project; pass project_id")
    return Tenant(row.organization_id, default, None)
