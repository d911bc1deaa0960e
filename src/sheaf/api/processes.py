"""``sheaf serve --api-processes N``: N API processes sharing one port, connections dealt evenly.

One Python process serves HTTP on one core (the GIL); N processes use N. The parent binds the
port, accepts every connection and hands it to the children in turn (its file descriptor
over a Unix socket); each child runs uvicorn on the connections it is given. The parent also
runs what must run once: the maintenance loop here, the worker pool and the webhook deliverer
in ``sheaf.background`` (the caller's). Children run no background loop.

Why the parent deals: when the children all accepted on the shared socket, whichever was
awake took every pending connection at once (an event loop accepts until none is left), so
8 clients connecting together often all landed in one process (measured: 8/0, 7/1, 4/4 in
three runs), which left the second core idle for the life of those keep-alive connections.
Dealing costs the parent an ``accept`` and a ``sendmsg`` per connection, not per request.

SQLite stays correct across processes as it is for workers: WAL readers, and writers
serialised by the ``flock`` writer lock in ``store.db``. PostgreSQL needs nothing more, but
each process has its own connection pool (up to 48 connections under a burst), so size the
server's ``max_connections`` for N of them plus the workers.

Children die with the parent in every timing: each arms ``PR_SET_PDEATHSIG`` (SIGKILL) before
anything else and then checks that its parent is still the one that started it. On SIGTERM or
SIGINT the parent stops respawning, sends SIGTERM to every child (uvicorn then finishes the
requests in flight) and SIGKILLs those still there after ``SHEAF_SHUTDOWN_GRACE_SECONDS``.

Run as ``python -m sheaf.api.processes --fd N --parent PID`` (by the parent only): the
imports at the top stay light so the death signal is armed within milliseconds.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["ApiProcesses"]

log = logging.getLogger("sheaf.api")

PR_SET_PDEATHSIG = 1
RESPAWN_WINDOW_SECONDS = 10.0  # a child that dies sooner than this after its start ...
MAX_QUICK_DEATHS = 3  # ... this many times in a row means it cannot start: give up
ACCEPT_POLL_SECONDS = 0.2  # how soon the dealer notices a stop
SEND_TIMEOUT_SECONDS = 1.0  # a child that takes no connection for this long loses its turn


class ApiProcesses:
    """The parent side: bind, spawn, deal connections, watch, respawn, stop the API processes."""

    def __init__(self, settings, host: str, port: int, processes: int) -> None:
        import uvicorn

        self.settings = settings
        self.processes = processes
        self.stopping = False
        self.exit_code = 0
        config = uvicorn.Config("sheaf.api.app:create_app", host=host, port=port)
        self.socket = config.bind_socket()  # logs "Uvicorn running on ..."
        self.socket.listen(config.backlog)
        self.socket.settimeout(ACCEPT_POLL_SECONDS)  # the dealer notices a stop
        self.children: dict[int, tuple[subprocess.Popen, float]] = {}  # slot: (child, start)
        self.channels: dict[int, socket.socket] = {}  # slot: our end of its connection channel
        self.channels_lock = threading.Lock()
        self.quick_deaths = 0
        self.metrics_dir = self._metrics_dir()

    def _metrics_dir(self) -> Path | None:
        """Let /metrics count every process (prometheus-client's multiprocess mode)."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            return None  # the operator chose one
        path = self.settings.data_dir.resolve() / f"prometheus-{os.getpid()}"
        shutil.rmtree(path, ignore_errors=True)  # the mode needs an empty folder per run
        path.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)  # the children inherit it
        return path

    def _spawn(self, slot: int) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        ours.settimeout(SEND_TIMEOUT_SECONDS)  # a stuck child must not stop the dealer
        fd = theirs.fileno()
        child = subprocess.Popen(
            [sys.executable, "-m", "sheaf.api.processes", "--channel", str(fd), "--parent",
             str(os.getpid())],
            pass_fds=(fd,),
        )  # fmt: skip
        theirs.close()
        with self.channels_lock:
            old = self.channels.pop(slot, None)
            self.channels[slot] = ours
        if old is not None:
            old.close()
        self.children[slot] = (child, time.monotonic())

    def _deal(self) -> None:
        """Accept connections and hand each to the next API process in turn (a thread)."""
        turn = 0
        while not self.stopping:
            try:
                conn, _addr = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:  # e.g. out of file descriptors for a moment
                if self.stopping:
                    return
                time.sleep(0.01)
                continue
            with conn, self.channels_lock:
                slots = sorted(self.channels)
                for i in range(len(slots)):  # a dead or stuck child's turn passes on
                    channel = self.channels[slots[(turn + i) % len(slots)]]
                    try:
                        socket.send_fds(channel, [b"c"], [conn.fileno()])
                    except OSError:
                        continue
                    turn = (turn + i + 1) % len(slots)
                    break

    def request_stop(self) -> None:
        """Stop respawning and let ``run`` wind the children down (safe in a signal handler)."""
        self.stopping = True

    def run(self) -> int:
        """Serve until ``request_stop``; return once every child is gone."""
        from sheaf.api.app import build_runtime, start_maintenance

        runtime = build_runtime(self.settings)
        stop_maintenance = start_maintenance(runtime)
        dealer = threading.Thread(target=self._deal, name="sheaf-api-dealer", daemon=True)
        try:
            for slot in range(self.processes):
                self._spawn(slot)
            dealer.start()
            log.info("serving with %d API processes (parent %d)", self.processes, os.getpid())
            while not self.stopping:
                time.sleep(0.2)
                self._replace_dead()
        finally:
            self.stopping = True  # the dealer accepts nothing more
            if dealer.is_alive():
                dealer.join(ACCEPT_POLL_SECONDS * 4)
            self.socket.close()  # new connections are refused from here on
            self._stop_children()
            for channel in self.channels.values():
                channel.close()
            stop_maintenance.set()
            runtime.db.dispose()
            if self.metrics_dir is not None:
                shutil.rmtree(self.metrics_dir, ignore_errors=True)
        return self.exit_code

    def _replace_dead(self) -> None:
        for slot, (child, started) in list(self.children.items()):
            code = child.poll()
            if code is None or self.stopping:
                continue
            quick = time.monotonic() - started < RESPAWN_WINDOW_SECONDS
            self.quick_deaths = self.quick_deaths + 1 if quick else 0
            if self.quick_deaths >= MAX_QUICK_DEATHS:
                log.error("API processes keep dying at start (exit %s); stopping", code)
                self.exit_code = 1
                self.stopping = True
                return
            log.warning("API process %d exited with %s; starting another", child.pid, code)
            self._spawn(slot)

    def _stop_children(self) -> None:
        for child, _started in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.settings.shutdown_grace_seconds
        for child, _started in self.children.values():
            while child.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if child.poll() is None:
                child.kill()
            child.wait()


def _die_with_parent(parent: int) -> None:
    """SIGKILL this process when its parent dies; leave at once if it already has."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: the parent's SIGTERM
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def _child(channel_fd: int) -> None:
    from sheaf.api.app import create_app
    from sheaf.api.connections import head_deadline_protocol
    from sheaf.api.dealt import DealtServer
    from sheaf.logs import configure_logging
    from sheaf.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_format, settings.log_level)
    server = DealtServer(
        create_app(settings, maintenance=False),
        channel=socket.socket(fileno=channel_fd),
        log_level=settings.log_level,
        timeout_graceful_shutdown=round(settings.shutdown_grace_seconds),
        http=head_deadline_protocol(settings.header_timeout_seconds),
    )
    server.run()


if __name__ == "__main__":
    _args = dict(zip(sys.argv[1::2], sys.argv[2::2], strict=True))
    _die_with_parent(int(_args["--parent"]))
    _child(int(_args["--channel"]))
