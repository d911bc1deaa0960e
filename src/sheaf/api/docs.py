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
# A 422 is either FastAPI's list of field errors or one message from our own checks (an
# InvalidInput): declare both, so every 422 body matches its schema.
UNPROCESSABLE_SCHEMA = {
    "title": "UnprocessableEntity",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "title": "Detail",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
            ],
        }
    },
}
UNPROCESSABLE = {
    "description": "Invalid request: a message, or the list of fields that failed validation",
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/UnprocessableEntity"}}
    },
}
PUBLIC_PATHS = {"/healthz"}
SECURITY_SCHEME = "bearerAuth"


_VALIDATION_ERROR = {  # FastAPI's, for routes with no declared parameters
    "title": "ValidationError",
    "type": "object",
    "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
        "type": {"type": "string"},
    },
}


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
    schemas = components.setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    schemas["UnprocessableEntity"] = UNPROCESSABLE_SCHEMA
    schemas.setdefault("ValidationError", _VALIDATION_ERROR)
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if path in PUBLIC_PATHS or SIGNED_ROUTES.match(path):  # no key: public or signed
                operation["security"] = []
                operation["responses"]["422"] = UNPROCESSABLE
                if path not in PUBLIC_PATHS:  # a bad or expired signature
                    operation["responses"].setdefault(
                        "404", {"description": ERRORS["404"], "content": error_ref}
                    )
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
            responses["422"] = UNPROCESSABLE
    _add_links(schema)
    app.openapi_schema = schema
    return schema


# How one operation's result feeds the next (OpenAPI links): clients and stateful fuzzers
# (scripts/fuzz) follow them to create a file, a directory, jobs and batches and use their ids.
ID = "$response.body#/id"
PARSE_FAST = {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}}
LINKS: list[tuple[str, str, dict[str, str], dict[str, Any] | None]] = [
    ("POST /api/v1/beta/files", "GET /api/v1/beta/files/{file_id}", {"file_id": ID}, None),
    ("POST /api/v1/beta/files", "GET /api/v1/beta/files/{file_id}/content", {"file_id": ID}, None),
    ("POST /api/v1/beta/files", "DELETE /api/v1/beta/files/{file_id}", {"file_id": ID}, None),
    (
        "POST /api/v1/beta/files",
        "POST /api/v2/parse",
        {},
        {"file_id": ID, "tier": "fast", "version": "latest"},
    ),
    (
        "POST /api/v1/beta/directories",
        "GET /api/v1/beta/directories/{directory_id}",
        {"directory_id": ID},
        None,
    ),
    (
        "POST /api/v1/beta/directories",
        "POST /api/v1/beta/directories/{directory_id}/files/upload",
        {"directory_id": ID},
        None,
    ),
    (
        "POST /api/v1/beta/directories",
        "GET /api/v1/beta/directories/{directory_id}/files",
        {"directory_id": ID},
        None,
    ),
    (
        "POST /api/v1/beta/directories",
        "POST /api/v2/batches",
        {},
        {"source_directory_id": ID, "config": PARSE_FAST},
    ),
    (
        "POST /api/v1/beta/directories/{directory_id}/files/upload",
        "GET /api/v1/beta/directories/{directory_id}/files/{directory_file_id}",
        {"directory_id": "$request.path.directory_id", "directory_file_id": ID},
        None,
    ),
    ("POST /api/v2/parse", "GET /api/v2/parse/{job_id}", {"job_id": ID}, None),
    ("POST /api/v2/parse", "POST /api/v2/parse/{job_id}/cancel", {"job_id": ID}, None),
    ("POST /api/v2/parse/upload", "GET /api/v2/parse/{job_id}", {"job_id": ID}, None),
    ("POST /api/v2/parse/upload", "DELETE /api/v2/parse/{job_id}", {"job_id": ID}, None),
    ("POST /api/v2/batches", "GET /api/v2/batches/{batch_id}", {"batch_id": ID}, None),
    ("POST /api/v2/batches", "POST /api/v2/batches/{batch_id}/cancel", {"batch_id": ID}, None),
    (
        "POST /api/v1/beta/webhook-configs",
        "GET /api/v1/beta/webhook-configs/{config_id}",
        {"config_id": ID},
        None,
    ),
    (
        "POST /api/v1/beta/webhook-configs",
        "DELETE /api/v1/beta/webhook-configs/{config_id}",
        {"config_id": ID},
        None,
    ),
    (
        "POST /api/v1/beta/configurations",
        "GET /api/v1/beta/configurations/{config_id}",
        {"config_id": ID},
        None,
    ),
]


def _add_links(schema: dict[str, Any]) -> None:
    paths = schema.get("paths", {})

    def operation(key: str) -> dict[str, Any] | None:
        method, path = key.split(" ", 1)
        return paths.get(path, {}).get(method.lower())

    for source, target, parameters, body in LINKS:
        src, dst = operation(source), operation(target)
        if src is None or dst is None or "200" not in src["responses"]:
            continue  # a route moved or was renamed: a missing link is no error
        link: dict[str, Any] = {"operationId": dst["operationId"]}
        if parameters:
            link["parameters"] = parameters
        if body is not None:
            link["requestBody"] = body
        name = dst["operationId"]
        src["responses"]["200"].setdefault("links", {})[name] = link


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
