"""The dashboard at ``/ui``: server-rendered pages (Jinja2) with a vendored htmx for live parts.

It calls the same services as the API with the tenant a logged-in key resolves to, so a key
sees in the browser exactly what it sees through the API.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from sheaf.api.ui import batches, directories, jobs, resources, sessions
from sheaf.api.ui.auth import load_secret
from sheaf.store.db import Database

__all__ = ["install_ui"]


def install_ui(app: FastAPI, db: Database) -> None:
    with db.session() as session:
        app.state.ui_secret = load_secret(session)
    for module in (sessions, resources, batches, directories, jobs):
        app.include_router(module.router)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/ui", status_code=307)
