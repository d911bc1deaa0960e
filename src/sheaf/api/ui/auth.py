"""Dashboard sessions: an API key traded for a signed, HttpOnly, SameSite cookie, plus CSRF.

The cookie holds the tenant the key resolved to (through the API's own ``resolve_tenant``)
and the key's hash, never the key; each request checks the hash is still a stored key. It is
signed (itsdangerous) with an instance secret kept in the database, so every API process
accepts every other's cookies. The CSRF token is an HMAC of the session's random nonce:
each form carries it and a POST without the right one is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from sheaf.errors import NotFound
from sheaf.services.tenancy import Tenant, hash_key, instance_secret, resolve_tenant
from sheaf.store.tables import ApiKey, Project

__all__ = [
    "COOKIE",
    "LOGIN_COOKIE",
    "CsrfRejected",
    "LoginRequired",
    "UiSession",
    "current_session",
    "load_secret",
    "login",
    "switch_project",
]

COOKIE = "sheaf_ui"
LOGIN_COOKIE = "sheaf_ui_login"  # double-submit token for the login form itself
MAX_AGE_SECONDS = 12 * 3600
SECRET_NAME = "ui-session"


class LoginRequired(Exception):
    """No valid session: the dashboard sends the browser to the login page."""


class CsrfRejected(Exception):
    """A POST without the session's CSRF token."""


@dataclass(frozen=True)
class UiSession:
    tenant: Tenant
    csrf_token: str
    payload: dict = field(default_factory=dict)  # the signed cookie's content


def load_secret(session: Session) -> str:
    """Read (or make, on first start) the signing secret; kept on ``app.state.ui_secret``."""
    return instance_secret(session, SECRET_NAME)


def _secret(request: Request) -> str:
    return request.app.state.ui_secret


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="sheaf-ui-session")


def _csrf(secret: str, nonce: str) -> str:
    return hmac.new(secret.encode(), f"csrf:{nonce}".encode(), hashlib.sha256).hexdigest()


def login(request: Request, session: Session, api_key: str) -> str:
    """The cookie value for a valid key; raises ``Unauthorized`` like the API does."""
    tenant = resolve_tenant(session, f"Bearer {api_key.strip()}", None, None)
    payload = {
        "k": hash_key(api_key.strip()),
        "o": tenant.organization_id,
        "p": tenant.project_id,
        "kp": tenant.key_project_id,
        "n": secrets.token_urlsafe(16),
    }
    return _serializer(_secret(request)).dumps(payload)


def current_session(request: Request, session: Session) -> UiSession:
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise LoginRequired
    secret = _secret(request)
    try:
        data = _serializer(secret).loads(raw, max_age=MAX_AGE_SECONDS)
    except BadSignature as exc:  # also SignatureExpired
        raise LoginRequired from exc
    if session.scalar(select(ApiKey.id).where(ApiKey.key_hash == data["k"])) is None:
        raise LoginRequired
    tenant = Tenant(data["o"], data["p"], data["kp"])
    return UiSession(tenant=tenant, csrf_token=_csrf(secret, data["n"]), payload=data)


def switch_project(request: Request, session: Session, ui: UiSession, project_id: str) -> str:
    """The cookie value for acting in another project; only organization keys may."""
    project = session.get(Project, project_id)
    reach = Tenant(ui.tenant.organization_id, ui.tenant.project_id, ui.tenant.key_project_id)
    if project is None or not reach.can_see_project(project):
        raise NotFound(f"project {project_id} not found")
    return _serializer(_secret(request)).dumps({**ui.payload, "p": project.id})
