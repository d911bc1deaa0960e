"""Reject oversized request bodies before they are written anywhere."""

from __future__ import annotations

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SIGNED_ROUTES", "BodySizeLimit", "send_error"]


class BodyTooLarge(Exception):
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
    """413 for a declared Content-Length over the limit, and for a body that grows past it."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, max_other_bytes: int, slack: int = 1024 * 1024
    ) -> None:
        self.app = app
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
        replaced = False

        async def counting_receive() -> Message:
            nonlocal seen, overflowed
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_body:
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
                    await self._reject(send, limit)
                return
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not replaced:
                replaced = True
                await self._reject(send, limit)


# Routes whose credential is a signature in the URL instead of an API key.
SIGNED_ROUTES = re.compile(r"^/api/v1/beta/files/[^/]+/download$|^/api/v2/parse/[^/]+/images/")
