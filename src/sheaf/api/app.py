"""The FastAPI application: one router per resource, error handlers, and the runtime."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import APIRouter, FastAPI
from starlette.routing import Match
from starlette.types import Scope

from sheaf import __version__
from sheaf.api.auth import Authenticate
from sheaf.api.deps import Runtime, track_connections
from sheaf.api.docs import install_docs
from sheaf.api.errors import install_error_handlers
from sheaf.api.heap import settle
from sheaf.api.limits import BodySizeLimit
from sheaf.api.loop_reads import loop_reader_for
from sheaf.api.metrics import install_metrics
from sheaf.api.observe import RequestObserver
from sheaf.api.routes import (
    batches,
    classic_files,
    classic_parsing,
    configurations,
    directories,
    directory_files,
    extract,
    files,
    health,
    parse,
    projects,
)
from sheaf.api.routes.webhook_configs import router as webhook_configs_router
from sheaf.api.ui import install_ui
from sheaf.blobs import open_blob_store
from sheaf.services import directories as directory_service
from sheaf.services.tenancy import KEY_CACHE, instance_secret
from sheaf.settings import Settings, get_settings
from sheaf.store.db import Database

__all__ = ["build_runtime", "create_app", "start_maintenance"]

log = logging.getLogger("sheaf.api")

ROUTERS = [
    health.router,
    projects.router,
    files.router,
    directories.router,
    directory_files.router,
    configurations.router,
    webhook_configs_router,
    parse.router,
    extract.router,
    batches.router,
    *classic_parsing.routers,
    classic_files.router,
]


def _maintenance_loop(runtime: Runtime, stop: threading.Event) -> None:
    """Housekeeping any API server may do (it is idempotent, so several servers may)."""
    from sheaf.webhooks.deliverer import purge_finished

    log.info("maintenance loop running in process %d", os.getpid())
    while not stop.wait(runtime.settings.maintenance_interval_seconds):
        try:
            with runtime.db.session() as session:
                purged = directory_service.purge_expired(session, runtime.blobs)
            if purged:
                log.info("cleaned up %d expired directories", purged)
            retention = timedelta(days=runtime.settings.webhook_delivery_retention_days)
            purge_finished(runtime.db, older_than=retention)
        except Exception:  # keep the loop alive; the next round retries
            log.exception("maintenance round failed")


def _static_prefix(router: APIRouter) -> str:
    """The longest literal start shared by every route path of ``router``."""
    paths = [getattr(route, "path", "") for route in router.routes]
    return os.path.commonprefix([p.split("{", 1)[0] for p in paths]) if paths else ""


def _skip_unless_prefixed(router: APIRouter) -> None:
    """Let routing skip a router at once when the path cannot match any of its routes.

    FastAPI tries every route of every included router in turn (and the chosen router's
    twice), each try a regex plus scope bookkeeping: with ~50 routes that was 0.2-0.5 ms of
    every request. A path that does not start with the literal start all of a router's
    route paths share matches none of them; this only answers that sooner.
    """
    if getattr(router, "_sheaf_prefix_checked", False):
        return
    router._sheaf_prefix_checked = True  # type: ignore[attr-defined]
    full_match = router.matches
    known = (len(router.routes), _static_prefix(router))

    def matches(scope: Scope) -> tuple[Match, Scope]:
        nonlocal known
        if known[0] != len(router.routes):  # routes were added since
            known = (len(router.routes), _static_prefix(router))
        path: str = scope.get("path", "")
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if not path.startswith(known[1]):
            return Match.NONE, {}
        return full_match(scope)

    router.matches = matches  # type: ignore[method-assign]


def build_runtime(settings: Settings) -> Runtime:
    db = Database(settings.resolved_database_url)
    track_connections(db.sessionmaker)
    track_connections(db.read_sessionmaker)
    with db.session() as session:
        secret = instance_secret(session, "download-url")
    return Runtime(
        settings=settings,
        db=db,
        blobs=open_blob_store(settings),
        download_secret=secret,
        loop_reader=loop_reader_for(settings.resolved_database_url),
    )


def start_maintenance(runtime: Runtime) -> threading.Event:
    """Run the maintenance loop in a thread; setting the returned event stops it."""
    stop = threading.Event()
    threading.Thread(
        target=_maintenance_loop, args=(runtime, stop), name="sheaf-maintenance", daemon=True
    ).start()
    return stop


def create_app(settings: Settings | None = None, *, maintenance: bool = True) -> FastAPI:
    """The app; ``maintenance=False`` for API processes whose parent runs that loop once."""
    settings = settings or get_settings()
    runtime = build_runtime(settings)
    KEY_CACHE.ttl = settings.api_key_cache_seconds

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        stop = start_maintenance(runtime) if maintenance else None
        settle()  # after start-up: the garbage collector leaves the start-up heap alone
        try:
            yield
        finally:
            if stop is not None:
                stop.set()
            if runtime.loop_reader is not None:
                runtime.loop_reader.dispose()
            runtime.db.dispose()

    app = FastAPI(
        title="Sheaf",
        description="Self-hosted document batch processing, wire-compatible with LlamaCloud v2",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,  # served by sheaf.api.docs from vendored assets
        redoc_url=None,
    )
    app.state.runtime = runtime
    install_error_handlers(app)
    for router in ROUTERS:
        _skip_unless_prefixed(router)
        app.include_router(router)
    app.state.request_slots = asyncio.Semaphore(settings.api_max_concurrency)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_upload_bytes,
        max_other_bytes=settings.max_request_body_bytes,
        idle_seconds=settings.body_idle_timeout_seconds,
    )
    app.add_middleware(Authenticate, db=runtime.db)  # before any body is read
    install_operator_surface(app, runtime)  # last: its request observer must be outermost
    return app


def install_operator_surface(app: FastAPI, runtime: Runtime) -> None:
    """Offline API docs, /metrics, the dashboard, and the request observer (ids + metrics)."""
    install_docs(app)
    http_metrics = install_metrics(app, runtime.db, runtime.settings.metrics_token)
    install_ui(app, runtime.db)
    app.add_middleware(RequestObserver, metrics=http_metrics)
