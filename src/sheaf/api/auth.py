"""Authenticate API calls from their headers, before a byte of their body is read."""

from __future__ import annotations

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from sheaf.api.limits import SIGNED_ROUTES, send_error
from sheaf.services.tenancy import MISSING_KEY, KeyInfo, bearer_key, cached_key, lookup_key
from sheaf.store.db import Database

__all__ = ["KEY_SCOPE", "Authenticate"]

# Where the verified key's grant travels in the ASGI scope (read by ``deps.get_tenant``).
KEY_SCOPE = "sheaf.key"


class Authenticate:
    """401 for ``/api/`` calls without a valid key, decided before the app reads the body.

    A wrong key with a 200 MB upload is refused after its headers: nothing is received,
    parsed or written. A key this process verified recently is accepted without touching
    the database (``services.tenancy.KeyCache``); any other key costs one indexed lookup in
    a worker thread, holding a connection only for that lookup.
    """

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    def _lookup(self, key: str) -> KeyInfo | None:
        with self.db.session(write=False) as session:
            return lookup_key(session, key)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if not path.startswith("/api/") or SIGNED_ROUTES.match(path):
            await self.app(scope, receive, send)
            return
        authorization = None
        has_body = False
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value.decode("latin-1")
            elif name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
                has_body = True
        key = bearer_key(authorization)
        if key is None:
            await send_error(send, 401, MISSING_KEY, close=has_body)
            return
        info = cached_key(key)
        if info is None:
            info = await anyio.to_thread.run_sync(self._lookup, key)
        if info is None:
            # Close the connection when a body may follow: we will not read it.
            await send_error(send, 401, "invalid API key", close=has_body)
            return
        scope[KEY_SCOPE] = info
        await self.app(scope, receive, send)
