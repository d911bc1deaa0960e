"""Organizations, projects and API keys: who a request is, and which project it acts in."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.errors import InvalidInput, NotFound, Unauthorized
from sheaf.ids import new_id
from sheaf.store.tables import ApiKey, InstanceSecret, Organization, Project
from sheaf.tenant import Tenant

__all__ = [
    "KEY_CACHE",
    "KeyCache",
    "KeyInfo",
    "Tenant",
    "bearer_key",
    "cached_key",
    "cached_project_organization",
    "lookup_key",
    "project_organization",
    "revoke_api_key",
    "tenant_for",
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
class KeyInfo:
    """What an API key grants, as stored (keys are immutable; only deletion changes them)."""

    organization_id: str
    project_id: str | None  # None = organization key
    default_project_id: str | None  # the organization's default project (projects never move)


class KeyCache:
    """Keys verified recently in this process, by hash, remembered for ``ttl`` seconds.

    Every request carries a key; looking it up costs a database round trip. Only keys found
    in the database are remembered, so a key created while the server runs works at once,
    and a wrong key is always checked against the database. A deleted (revoked) key keeps
    working in a process that verified it for at most ``ttl`` seconds
    (``SHEAF_API_KEY_CACHE_SECONDS``; 0 turns the cache off).
    """

    def __init__(self, ttl: float = 10.0, max_entries: int = 4096) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, KeyInfo]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> KeyInfo | None:
        hit = self._entries.get(digest)
        if hit is None or time.monotonic() - hit[0] >= self.ttl:
            return None
        return hit[1]

    def put(self, digest: str, info: KeyInfo) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._entries.pop(digest, None)
            while len(self._entries) >= self.max_entries:  # drop the oldest
                del self._entries[next(iter(self._entries))]
            self._entries[digest] = (time.monotonic(), info)

    def forget(self, digest: str) -> None:
        with self._lock:
            self._entries.pop(digest, None)


KEY_CACHE = KeyCache()
# project id -> organization id, for requests naming a project; projects are never deleted
# or moved, so a found project can be remembered for the life of the process.
_PROJECT_ORGS: dict[str, str] = {}
_PROJECT_ORGS_MAX = 4096

MISSING_KEY = "missing API key: send 'Authorization: Bearer <key>'"


def bearer_key(authorization: str | None) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header, or None."""
    if not authorization or authorization[:7].lower() != "bearer ":
        return None
    return authorization[7:].strip() or None


def cached_key(key: str) -> KeyInfo | None:
    """The key's grant if this process verified it recently; no database access."""
    return KEY_CACHE.get(hash_key(key))


def lookup_key(session: Session, key: str) -> KeyInfo | None:
    """The key's grant (from the cache, or the database), or None for an unknown key."""
    digest = hash_key(key)
    info = KEY_CACHE.get(digest)
    if info is not None:
        return info
    row = session.execute(
        select(ApiKey.organization_id, ApiKey.project_id).where(ApiKey.key_hash == digest)
    ).first()
    if row is None:
        return None
    default = None
    if row.project_id is None:
        default = session.scalars(
            select(Project.id).where(
                Project.organization_id == row.organization_id, Project.is_default
            )
        ).first()
    info = KeyInfo(row.organization_id, row.project_id, default)
    KEY_CACHE.put(digest, info)
    return info


def cached_project_organization(project_id: str) -> str | None:
    return _PROJECT_ORGS.get(project_id)


def project_organization(session: Session, project_id: str) -> str | None:
    """The organization of a project, or None if there is no such project."""
    org = _PROJECT_ORGS.get(project_id)
    if org is None:
        org = session.scalar(select(Project.organization_id).where(Project.id == project_id))
        if org is not None:
            if len(_PROJECT_ORGS) >= _PROJECT_ORGS_MAX:
                _PROJECT_ORGS.clear()
            _PROJECT_ORGS[project_id] = org
    return org


def tenant_for(
    key: KeyInfo,
    organization_id: str | None,
    project_id: str | None,
    project_org: str | None = None,
) -> Tenant:
    """The tenant a request acts as; ``project_org`` is ``project_id``'s organization."""
    if organization_id and organization_id != key.organization_id:
        raise NotFound(f"organization {organization_id} not found")
    if project_id:
        if project_org != key.organization_id or (
            key.project_id is not None and key.project_id != project_id
        ):
            raise NotFound(f"project {project_id} not found")
        return Tenant(key.organization_id, project_id, key.project_id)
    if key.project_id is not None:
        return Tenant(key.organization_id, key.project_id, key.project_id)
    if key.default_project_id is None:
        raise NotFound("this organization key has no default project; pass project_id")
    return Tenant(key.organization_id, key.default_project_id, None)


def resolve_tenant(
    session: Session,
    authorization: str | None,
    organization_id: str | None,
    project_id: str | None,
) -> Tenant:
    key = bearer_key(authorization)
    if key is None:
        raise Unauthorized(MISSING_KEY)
    info = lookup_key(session, key)
    if info is None:
        raise Unauthorized("invalid API key")
    project_org = project_organization(session, project_id) if project_id else None
    return tenant_for(info, organization_id, project_id, project_org)


def revoke_api_key(session: Session, which: str) -> int:
    """Delete the key ``which`` names (the key, its id or printed prefix); 1, or 0 if none.

    Servers stop accepting it within ``SHEAF_API_KEY_CACHE_SECONDS`` (see ``KeyCache``).
    """
    which = which.rstrip("…")
    rows = session.scalars(
        select(ApiKey).where(
            (ApiKey.key_prefix == which)
            | (ApiKey.id == which)
            | (ApiKey.key_hash == hash_key(which))
        )
    ).all()
    if len(rows) > 1:
        raise InvalidInput(f"{len(rows)} keys start with {which!r}; give the whole key")
    for row in rows:
        KEY_CACHE.forget(row.key_hash)
        session.delete(row)
    session.flush()
    return len(rows)
