"""The threads beside the API (worker pool, webhook deliverer) and how a signal stops them.

SIGTERM or SIGINT (docker, systemd, Kubernetes, Ctrl-C) starts a graceful stop: workers claim
nothing more, running jobs get ``SHEAF_SHUTDOWN_GRACE_SECONDS`` to finish, the rest go back to
the queue uncharged, and the process exits only once every worker process is gone. A second
signal cuts the grace period short.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

import uvicorn

from sheaf.settings import Settings
from sheaf.store.db import Database

__all__ = ["Background", "GracefulServer", "on_stop_signals"]


def on_stop_signals(handler: Callable[[], None]) -> None:
    """Call ``handler`` on SIGTERM and SIGINT instead of dying."""
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: handler())


class GracefulServer(uvicorn.Server):
    """uvicorn that tells the workers to stop claiming as soon as a signal arrives."""

    def __init__(self, config: uvicorn.Config, on_signal: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_signal = on_signal

    def handle_exit(self, sig: int, frame) -> None:
        self._on_signal()
        super().handle_exit(sig, frame)
        # uvicorn re-raises captured signals once it is done; ours was handled here (and
        # on_stop_signals' handlers catch it anyway if this private list changes).
        getattr(self, "_captured_signals", []).clear()


class Background:
    """The worker pool (when workers > 0) and the webhook deliverer, as threads.

    ``request_stop`` starts a graceful stop (idempotent); ``on_signal`` does the same for a
    first signal and cuts the workers' grace period short on a second one (a second Ctrl-C).
    Both are safe in a signal handler.
    """

    def __init__(self, settings: Settings, workers: int) -> None:
        from sheaf.webhooks.deliverer import run_delivery_loop

        self.settings = settings
        self.stopping = False
        self.pool = None
        self.pool_thread: threading.Thread | None = None
        if workers > 0:
            from sheaf.workers.pool import WorkerPool

            self.pool = WorkerPool(workers, settings)
            self.pool_thread = self.pool.start_in_thread()
        self.deliver_stop = threading.Event()
        self.deliverer = threading.Thread(
            target=run_delivery_loop,
            args=(Database(settings.resolved_database_url), settings, self.deliver_stop),
            name="sheaf-webhooks",
            daemon=True,
        )
        self.deliverer.start()

    def on_signal(self) -> None:
        if self.stopping and self.pool is not None:
            self.pool.hurry_event.set()
        self.request_stop()

    def request_stop(self) -> None:
        self.stopping = True
        if self.pool is not None:
            self.pool.stop_event.set()
        self.deliver_stop.set()

    def wait(self) -> None:
        """Return once the workers are gone (grace period plus time to kill and hand back)."""
        deadline = time.monotonic() + self.settings.shutdown_grace_seconds + 60
        while self.pool_thread is not None and self.pool_thread.is_alive():
            if time.monotonic() > deadline:
                break
            self.pool_thread.join(timeout=0.5)  # short joins: signals are still handled
        self.deliverer.join(timeout=self.settings.webhook_timeout_seconds + 5)
