"""Reject oversized request bodies before they are written anywhere."""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodySizeLimit", "ConcurrencyLimit"]


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """413 for a declared Content-Length over the limit, and for a body that grows past it."""

    def __init__(self, app: ASGIApp, max_bytes: int, slack: int = 1024 * 1024) -> None:
        self.app = app
        # Multipart framing adds a little on top of the file itself.
        self.max_body = max_bytes + slack
        self.max_bytes = max_bytes

    async def _reject(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"request body is larger than the {self.max_bytes}-byte upload limit"}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-should-retry", b"false"),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await self._reject(send)
                return
        seen = 0
        overflowed = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal seen, overflowed
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    overflowed = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # Frameworks turn an exception inside body parsing into their own 400; once we
            # know the body overflowed, answer 413 instead of whatever they chose.
            nonlocal replaced
            if overflowed:
                if not replaced:
                    replaced = True
                    await self._reject(send)
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not replaced:
                replaced = True
                await self._reject(send)


class ConcurrencyLimit:
    """At most ``limit`` requests inside the app at once; the rest wait without holding anything.

    Sync endpoints and dependencies run in a bounded thread pool and hold a database connection
    across thread hops. Without a cap, a burst larger than the pool can leave every thread
    waiting for a connection that is held by a request waiting for a thread. Keeping
    ``limit`` below both the thread pool (40) and the connection pool rules that out.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.semaphore = asyncio.Semaphore(limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with self.semaphore:
            await self.app(scope, receive, send)
