"""The dashboard at ``/ui``: server-rendered pages (Jinja2) with a vendored htmx for live parts.

It calls the same services as the API with the tenant a logged-in key resolves to, so a key
sees in the browser exactly what it sees through the API.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import IntegrityError

from sheaf.api.ui import batches, directories, jobs, resources, sessions
from sheaf.api.ui.auth import load_secret
from sheaf.store.db import Database

__all__ = ["install_ui"]


def _shared_secret(db: Database) -> str:
    """The session-signing secret; API processes starting together may race to make it."""
    try:
        with db.session() as session:
            return load_secret(session)
    except IntegrityError:  # another process stored it first: read theirs
        with db.session() as session:
            return load_secret(session)


def install_ui(app: FastAPI, db: Database) -> None:
    app.state.ui_secret = _shared_secret(db)
    for module in (sessions, resources, batches, directories, jobs):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui", status_code=307)
