"""What every dashboard page shares: templates, the session dependency, CSRF, and a route
class that turns errors into pages (the API's handlers answer JSON, a browser wants HTML)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from sheaf.api.deps import DbSession
from sheaf.api.ui.auth import CsrfRejected, LoginRequired, UiSession, current_session
from sheaf.errors import SheafError
from sheaf.store.tables import Project

__all__ = ["UiDep", "UiRoute", "page", "require_csrf", "templates"]

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def _duration(start: datetime | None, end: datetime | None) -> str:
    if not start or not end:
        return ""
    seconds = (end - start).total_seconds()
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


templates.env.filters["when"] = _when
templates.env.filters["pretty_json"] = lambda v: json.dumps(
    v, indent=2, ensure_ascii=False, default=str
)
templates.env.globals["duration"] = _duration


def ui_session(request: Request, session: DbSession) -> UiSession:
    ui = current_session(request, session)
    request.state.ui = ui  # templates read the CSRF token from here
    if ui.tenant.key_project_id is None:  # an organization key may switch projects
        request.state.projects = session.execute(
            select(Project.id, Project.name)
            .where(Project.organization_id == ui.tenant.organization_id)
            .order_by(Project.name)
        ).all()
    return ui


UiDep = Annotated[UiSession, Depends(ui_session)]


def require_csrf(request: Request, ui: UiSession, form_token: str | None) -> None:
    sent = request.headers.get("x-csrf-token") or form_token or ""
    if not hmac.compare_digest(sent, ui.csrf_token):
        raise CsrfRejected


# Pages load only our own files: no inline script, no framing (clickjacking), forms post
# only here. htmx injects one <style> for its indicators, hence 'unsafe-inline' for styles.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    ui = getattr(request.state, "ui", None)
    context.setdefault("csrf_token", ui.csrf_token if ui else "")
    context.setdefault("project_id", ui.tenant.project_id if ui else None)
    context.setdefault("projects", getattr(request.state, "projects", None))
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=SECURITY_HEADERS
    )


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status_code=status, status=status, message=message)


class UiRoute(APIRoute):
    """Login redirects, a 403 for a missing CSRF token, and domain errors as HTML pages."""

    def get_route_handler(self) -> Callable:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except LoginRequired:
                if request.headers.get("hx-request"):
                    return Response(status_code=204, headers={"HX-Redirect": "/ui/login"})
                return RedirectResponse("/ui/login", status_code=303)
            except CsrfRejected:
                return _error_page(
                    request,
                    403,
                    "This form is stale or was not sent by the "
                    "dashboard (missing CSRF token). Reload the page and retry.",
                )
            except SheafError as exc:
                return _error_page(request, exc.status_code, str(exc.detail))

        return handler
