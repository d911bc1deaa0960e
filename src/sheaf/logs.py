"""Logging setup: plain text by default, one JSON object per line with SHEAF_LOG_FORMAT=json.

Every record carries the ids of what it is about — request, project, job, batch — from a
context set once per request (and per job in workers). The context is a mutable dict held in
a contextvar: FastAPI runs sync dependencies and endpoints in copies of the request's context,
so a project id found by one of them must be written *into* the shared dict, not ``set()``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "bind",
    "configure_logging",
    "enter_context",
    "exit_context",
    "log_context",
    "request_context",
]

FIELDS = ("request_id", "project_id", "job_id", "batch_id")

_context: ContextVar[dict[str, Any] | None] = ContextVar("sheaf_log_context", default=None)


def log_context() -> dict[str, Any] | None:
    return _context.get()


def bind(**ids: str | None) -> None:
    """Add ids to the current request's (or job's) context, if there is one."""
    ctx = _context.get()
    if ctx is not None:
        ctx.update({k: v for k, v in ids.items() if v})


def enter_context(ids: dict[str, Any]) -> Token:
    """Make ``ids`` the context (the observer's hot path; pair with :func:`exit_context`)."""
    return _context.set(ids)


def exit_context(token: Token) -> None:
    _context.reset(token)


@contextmanager
def request_context(**ids: Any) -> Iterator[dict[str, Any]]:
    """A fresh context for one request or job; ``scope`` lets records read path ids lazily."""
    token = _context.set(dict(ids))
    try:
        yield _context.get()  # type: ignore[misc]
    finally:
        _context.reset(token)


def _ids(ctx: dict[str, Any]) -> dict[str, str]:
    out = {k: ctx[k] for k in FIELDS if ctx.get(k)}
    scope = ctx.get("scope")
    if scope is not None:  # routes name their ids in the path: /api/v2/batches/{batch_id}
        params = scope.get("path_params") or {}
        for key in ("batch_id", "job_id"):
            if key in params and key not in out:
                out[key] = params[key]
    return out


class ContextFilter(logging.Filter):
    """Copy the context's ids onto each record (text format shows them; JSON writes them)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = _context.get()
        ids = _ids(ctx) if ctx else {}
        for key in FIELDS:  # ids passed with ``extra=`` (code outside any context) win
            value = record.__dict__.get(key)
            if value:
                ids[key] = value
        record.sheaf_ids = ids
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "sheaf_ids", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = getattr(record, "sheaf_ids", {})
        if ids:
            line += " [" + " ".join(f"{k}={v}" for k, v in ids.items()) + "]"
        return line


def configure_logging(fmt: str = "text", level: str = "info") -> None:
    """Install one stderr handler on the root logger (idempotent; uvicorn's loggers propagate)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn installs its own handlers; let its records reach ours instead.
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
