"""The one place where errors become HTTP responses; every body is ``{"detail": ...}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sheaf.errors import SheafError

__all__ = ["install_error_handlers"]

log = logging.getLogger("sheaf.api")


def _response(status: int, detail, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if status == 409 or (400 <= status < 500 and status not in (408, 429)):
        # The SDK retries 409 (and 5xx) unless told not to; our 4xx are deterministic.
        headers["x-should-retry"] = "false"
    return JSONResponse({"detail": jsonable_encoder(detail)}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SheafError)
    async def _sheaf_error(_request: Request, exc: SheafError) -> JSONResponse:
        return _response(exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return _response(422, errors)

    @app.exception_handler(DataError)
    async def _data_error(request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value the request carried: PostgreSQL cannot store a NUL
        # character (\u0000) in text, for one. The client's data, so a 422, not a 500.
        log.info(
            "data refused by the database on %s %s: %s", request.method, request.url.path, exc.orig
        )
        reason = str(exc.orig).splitlines()[0] if exc.orig else "a value cannot be stored"
        return _response(422, f"a value in the request cannot be stored: {reason}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _response(exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _response(500, "internal server error; the server log has the details")
