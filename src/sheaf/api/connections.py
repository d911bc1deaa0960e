"""The HTTP protocol uvicorn runs, with one addition: a deadline for the request head.

uvicorn waits for a request's headers forever, so a client that opens connections and sends
a header line now and then (slowloris) holds a socket each until the server runs out of file
descriptors. Here a connection whose head has not fully arrived ``header_timeout`` seconds
after it opened (or after the first byte of its next request) gets a 408 and is closed.
Idle kept-alive connections are uvicorn's own ``timeout_keep_alive``; a stalled body is
``api.limits.BodySizeLimit``'s.
"""

from __future__ import annotations

import asyncio
import json
from asyncio import TimerHandle

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["head_deadline_protocol"]


def head_deadline_protocol(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol closing connections whose head is late."""
    detail = f"the request head did not arrive within {header_timeout:g} s"
    body = json.dumps({"detail": detail}).encode()
    response = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        b"connection: close\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )

    class HeadDeadlineProtocol(HttpToolsProtocol):
        _head_timer: TimerHandle | None = None

        def _arm(self) -> None:
            self._disarm()
            self._head_timer = self.loop.call_later(header_timeout, self._head_late)

        def _disarm(self) -> None:
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _head_late(self) -> None:
            self._head_timer = None
            if self.transport.is_closing():
                return
            if self.cycle is not None and not self.cycle.response_complete:
                self._arm()  # a pipelined head behind a running request: its turn comes later
                return
            self.transport.write(response)
            self.transport.close()

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return HeadDeadlineProtocol
