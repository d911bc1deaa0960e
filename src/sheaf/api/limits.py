"""Reject oversized request bodies before they are written anywhere, and stalled ones."""

from __future__ import annotations

import asyncio
import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SIGNED_ROUTES", "BodySizeLimit", "send_error"]


class BodyTooLarge(Exception):
    pass


class BodyStalled(Exception):
    pass


async def send_error(send: Send, status: int, detail: str, *, close: bool = False) -> None:
    """A ``{"detail": ...}`` response sent from middleware, before the app runs."""
    body = json.dumps({"detail": detail}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-should-retry", b"false"),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodySizeLimit:
    """413 for a declared Content-Length over the limit, and for a body that grows past it;
    408 for a body that sends nothing for ``idle_seconds`` (a slow client holding a request
    slot, a thread and a half-written upload forever)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        max_other_bytes: int,
        slack: int = 1024 * 1024,
        idle_seconds: float = 30.0,
    ) -> None:
        self.app = app
        self.idle_seconds = idle_seconds
        # Multipart framing adds a little on top of the file itself.
        self.max_upload_body = max_bytes + slack
        self.max_upload_bytes = max_bytes
        # JSON and form bodies are parsed in memory: they get a far smaller limit.
        self.max_other_bytes = max_other_bytes

    async def _reject(self, send: Send, limit: int) -> None:
        await send_error(
            send, 413, f"request body is larger than the {limit}-byte limit", close=True
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length", b"")
        if (not declared or declared == b"0") and b"transfer-encoding" not in headers:
            # No body can follow (HTTP/1.1 framing): nothing to count.
            await self.app(scope, receive, send)
            return
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        max_body = self.max_upload_body if multipart else self.max_other_bytes
        limit = self.max_upload_bytes if multipart else self.max_other_bytes
        if declared.isdigit() and int(declared) > max_body:
            await self._reject(send, limit)
            return
        seen = 0
        overflowed = False
        stalled = False
        replaced = False

        async def counting_receive() -> Message:
            nonlocal seen, overflowed, stalled
            try:
                async with asyncio.timeout(self.idle_seconds):
                    message = await receive()
            except TimeoutError:
                stalled = True
                raise BodyStalled from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_body:
                    overflowed = True
                    raise BodyTooLarge
            return message

        async def refuse() -> None:
            nonlocal replaced
            if replaced:
                return
            replaced = True
            if overflowed:
                await self._reject(send, limit)
            else:
                detail = f"the request body stalled: nothing arrived for {self.idle_seconds:g} s"
                await send_error(send, 408, detail, close=True)

        async def guarded_send(message: Message) -> None:
            # Frameworks turn an exception inside body parsing into their own 400 (or 500);
            # once we know the body overflowed or stalled, answer 413 / 408 instead.
            if overflowed or stalled:
                await refuse()
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except (BodyTooLarge, BodyStalled):
            await refuse()


# Routes whose credential is a signature in the URL instead of an API key.
SIGNED_ROUTES = re.compile(r"^/api/v1/beta/files/[^/]+/download$|^/api/v2/parse/[^/]+/images/")
