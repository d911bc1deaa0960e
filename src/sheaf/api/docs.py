"""``/docs`` (Swagger UI) and ``/redoc`` from vendored assets, and an OpenAPI document that
declares the bearer key and the ``{"detail": ...}`` error responses.

Nothing here fetches from a CDN: an offline self-hosted machine gets working docs.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from sheaf.api.limits import SIGNED_ROUTES

__all__ = ["STATIC_DIR", "install_docs"]

STATIC_DIR = Path(__file__).parent / "static"
VENDOR = "/static/vendor"

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"title": "Detail"}},
    "description": "Every error body: a message, or a list of field errors for a 422.",
}
ERRORS = {
    "400": "The resource is in a state that does not allow this (e.g. cancelling a finished job)",
    "401": "Missing or invalid API key",
    "404": "No such resource in this project",
    "409": "Conflicts with an existing resource",
    "413": "Request body over the configured limit",
}
PUBLIC_PATHS = {"/healthz"}
SECURITY_SCHEME = "bearerAuth"


def _page(title: str, head: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<link rel='icon' href='data:,'>"
        f"{head}</head><body>{body}</body></html>"
    )


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {})
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME] = {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key (llx-...): `sheaf keys create --project NAME`",
    }
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if path in PUBLIC_PATHS or SIGNED_ROUTES.match(path):  # no key: public or signed
                operation["security"] = []
                continue
            operation["security"] = [{SECURITY_SCHEME: []}]
            # The Authorize button sends the header; a separate header field would be noise.
            operation["parameters"] = [
                p
                for p in operation.get("parameters", [])
                if not (p.get("in") == "header" and p.get("name", "").lower() == "authorization")
            ]
            if not operation["parameters"]:
                del operation["parameters"]
            responses = operation["responses"]
            for code, text in ERRORS.items():
                responses.setdefault(code, {"description": text, "content": error_ref})
    app.openapi_schema = schema
    return schema


def install_docs(app: FastAPI) -> None:
    """Serve the vendored assets and the two docs pages (the app is made with docs off)."""
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    spec = json.dumps(app.openapi_url or "/openapi.json")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return _page(
            f"{app.title} - API docs",
            f"<link rel='stylesheet' href='{VENDOR}/swagger-ui.css'>",
            "<div id='swagger-ui'></div>"
            f"<script src='{VENDOR}/swagger-ui-bundle.js'></script>"
            "<script>window.ui = SwaggerUIBundle({"
            f"url: {spec}, dom_id: '#swagger-ui', validatorUrl: null,"
            " persistAuthorization: true, deepLinking: true,"
            " presets: [SwaggerUIBundle.presets.apis], layout: 'BaseLayout'});</script>",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return _page(
            f"{app.title} - API reference",
            "<style>body{margin:0;padding:0}</style>",
            f"<redoc spec-url={spec}></redoc><script src='{VENDOR}/redoc.standalone.js'></script>",
        )
