"""uvicorn serving the connections another process accepted and handed over (``processes``).

The parent of ``sheaf serve --api-processes N`` accepts and deals each connection to one API
process over a Unix socket (``SCM_RIGHTS``); this server reads them from that channel in its
event loop and serves each exactly as if it had accepted it (same protocol, same connection
tracking, so a graceful stop still finishes the requests in flight).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import sys

import uvicorn

__all__ = ["DealtServer"]

log = logging.getLogger("sheaf.api")

MAX_FDS_PER_READ = 64
STARTUP_FAILURE = 3  # uvicorn's exit code when the app's start-up fails


class DealtServer(uvicorn.Server):
    def __init__(self, app, *, channel: socket.socket, log_level: str, **options) -> None:
        super().__init__(
            uvicorn.Config(app, log_level=log_level, log_config=None, access_log=False, **options)
        )
        self.channel = channel

    def handle_exit(self, sig: int, frame) -> None:
        if sig != signal.SIGINT:  # Ctrl-C reaches the parent too, which decides
            super().handle_exit(sig, frame)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await self.lifespan.startup()
        if self.lifespan.should_exit:
            sys.exit(STARTUP_FAILURE)
        config, loop = self.config, asyncio.get_running_loop()

        def protocol() -> asyncio.Protocol:
            return config.http_protocol_class(  # type: ignore[call-arg]
                config=config, server_state=self.server_state, app_state=self.lifespan.state
            )

        self.servers = []  # nothing listens here: shutdown has no server to close
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._take, loop, protocol)
        self.started = True

    def _take(self, loop: asyncio.AbstractEventLoop, protocol) -> None:
        try:
            message, fds, _flags, _addr = socket.recv_fds(self.channel, 16, MAX_FDS_PER_READ)
        except BlockingIOError:
            return
        if not message and not fds:  # the parent is gone: nothing more will come
            loop.remove_reader(self.channel.fileno())
            return
        for fd in fds:
            conn = socket.socket(fileno=fd)
            conn.setblocking(False)
            loop.create_task(self._connect(loop, protocol, conn))

    @staticmethod
    async def _connect(loop: asyncio.AbstractEventLoop, protocol, conn: socket.socket) -> None:
        try:
            await loop.connect_accepted_socket(protocol, conn)
        except OSError:  # the client left before we got to it
            conn.close()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        self.channel.close()  # the parent deals no more connections to this process
        await super().shutdown(sockets)
