"""One pure-ASGI middleware for what every request needs observed: a request id in the log
context and the HTTP metrics (count and latency by route template, never by raw path)."""

from __future__ import annotations

import itertools
import logging
import os
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sheaf.logs import enter_context, exit_context

__all__ = ["RequestObserver", "route_label"]

UNMATCHED = "unmatched"  # 404 scans must not mint one label per path

# Request ids: a random per-process prefix and a counter (a uuid4 per request costs more).
_PREFIX = os.urandom(6).hex()
_counter = itertools.count(1)

# One line per request at DEBUG (SHEAF_LOG_LEVEL=debug): off by default, it costs a level check.
access = logging.getLogger("sheaf.access")


def route_label(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path or UNMATCHED


class RequestObserver:
    def __init__(self, app: ASGIApp, metrics) -> None:
        self.app = app
        self.metrics = metrics  # sheaf.api.metrics.HttpMetrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                request_id = value.decode("latin-1")[:128]
                break
        request_id = request_id or f"{_PREFIX}{next(_counter):08x}"
        status = 500
        header = (b"x-request-id", request_id.encode("latin-1"))

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        started = time.perf_counter()
        token = enter_context({"request_id": request_id, "scope": scope})
        try:
            await self.app(scope, receive, observed_send)
        finally:
            seconds = time.perf_counter() - started
            route = route_label(scope)
            self.metrics.observe(scope["method"], route, status, seconds)
            if access.isEnabledFor(logging.DEBUG):
                access.debug(
                    "%s %s -> %d in %.1f ms", scope["method"], route, status, seconds * 1000
                )
            exit_context(token)
