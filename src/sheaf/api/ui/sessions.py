"""Signing in and out, and (organization keys) choosing the project to act in."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sheaf.api.deps import DbSession
from sheaf.api.ui.auth import (
    COOKIE,
    LOGIN_COOKIE,
    MAX_AGE_SECONDS,
    CsrfRejected,
    login,
    switch_project,
)
from sheaf.api.ui.common import UiDep, UiRoute, page, require_csrf
from sheaf.errors import Unauthorized

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)


@router.get("", include_in_schema=False)
def home():
    return RedirectResponse("/ui/batches", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, error: str | None = None):
    token = secrets.token_urlsafe(16)
    response = page(request, "login.html", login_token=token, error=error)
    secure = request.url.scheme == "https"
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/ui"
    )
    return response


@router.post("/login")
def login_submit(
    request: Request,
    session: DbSession,
    api_key: Annotated[str, Form(max_length=512)] = "",
    csrf_token: Annotated[str | None, Form()] = None,
):
    expected = request.cookies.get(LOGIN_COOKIE)
    if not expected or not csrf_token or not secrets.compare_digest(expected, csrf_token):
        raise CsrfRejected
    try:
        value = login(request, session, api_key)
    except Unauthorized:
        return login_form(request, error="That API key is not valid.")
    response = RedirectResponse("/ui/batches", status_code=303)
    _set_session_cookie(request, response, value)
    response.delete_cookie(LOGIN_COOKIE, path="/ui")
    return response


def _set_session_cookie(request: Request, response: Response, value: str) -> None:
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/ui",
    )


@router.post("/logout")
def logout(request: Request, ui: UiDep, csrf_token: Annotated[str | None, Form()] = None):
    require_csrf(request, ui, csrf_token)
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE, path="/ui")
    return response


@router.post("/project")
def choose_project(
    request: Request,
    session: DbSession,
    ui: UiDep,
    project_id: Annotated[str, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
):
    """An organization key acts in one project at a time, like the API's ``project_id``."""
    require_csrf(request, ui, csrf_token)
    value = switch_project(request, session, ui, project_id)
    response = RedirectResponse("/ui/batches", status_code=303)
    _set_session_cookie(request, response, value)
    return response
