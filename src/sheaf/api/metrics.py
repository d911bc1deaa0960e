"""``/metrics`` in Prometheus text format.

Job, queue, page and webhook figures are read from the database at scrape time, so they are
right however many worker processes (or machines) there are; the HTTP figures are counted by
the API process (in prometheus-client's multiprocess mode when ``PROMETHEUS_MULTIPROC_DIR`` is
set, so several API processes add up). Database figures are cached for a few seconds so a
tight scrape interval cannot turn into a stream of full-table scans.
"""

from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from sheaf.store.db import Database
from sheaf.store.queue_tables import Batch, Job, ProjectQueue
from sheaf.store.webhook_tables import WebhookDelivery

__all__ = ["HttpMetrics", "install_metrics"]

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
DB_CACHE_SECONDS = 5.0

disable_created_metrics()  # the *_created series only double the scrape size


class HttpMetrics:
    """Request count and latency by method, route template and status."""

    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.requests = Counter(
            "sheaf_http_requests",
            "HTTP requests answered, by route template and status code",
            ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "sheaf_http_request_duration_seconds",
            "Time from request start to the end of the response, by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )

        # Label children by (method, route, status): ``labels()`` validates and locks on every
        # call; the set is small (route templates, never raw paths), so keep them.
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (
                self.requests.labels(method, route, str(status)),
                self.latency.labels(method, route),
            )
        children[0].inc()
        children[1].observe(seconds)


def _duration_seconds(session: Session):
    """``finished_at - started_at`` in seconds, spelled for the database in use."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(Job.finished_at) - func.julianday(Job.started_at)) * 86400.0
    return func.extract("epoch", Job.finished_at - Job.started_at)


class DatabaseCollector:
    """Figures every process contributes to, computed from the tables they all write."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Metric]] | None = None

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > DB_CACHE_SECONDS:
                with self.db.session(write=False) as session:
                    self._cached = (now, list(self._read(session)))
            yield from self._cached[1]

    def _read(self, session: Session) -> Iterator[Metric]:
        jobs = GaugeMetricFamily("sheaf_jobs", "Jobs by kind and status", labels=["kind", "status"])
        for kind, status, count in session.execute(
            select(Job.kind, Job.status, func.count()).group_by(Job.kind, Job.status)
        ):
            jobs.add_metric([kind, status], count)
        yield jobs

        pending = GaugeMetricFamily(
            "sheaf_queue_depth", "Jobs waiting to run, per project", labels=["project_id"]
        )
        running = GaugeMetricFamily(
            "sheaf_queue_running", "Jobs running now, per project", labels=["project_id"]
        )
        for project_id, waiting, active in session.execute(
            select(ProjectQueue.project_id, ProjectQueue.pending, ProjectQueue.running)
        ):
            pending.add_metric([project_id], waiting)
            running.add_metric([project_id], active)
        yield pending
        yield running

        batches = GaugeMetricFamily("sheaf_batches", "Batches by status", labels=["status"])
        for status, count in session.execute(
            select(Batch.status, func.count()).group_by(Batch.status)
        ):
            batches.add_metric([status], count)
        yield batches

        yield from self._durations(session)

        pages = CounterMetricFamily(
            "sheaf_pages_parsed",
            "Pages parsed by completed parse jobs, by tier (jobs still stored)",
            labels=["tier"],
        )
        credits = CounterMetricFamily(
            "sheaf_credits", "Credits accounted to finished jobs, by kind", labels=["kind"]
        )
        for tier, total in session.execute(
            select(Job.tier, func.coalesce(func.sum(Job.page_count), 0))
            .where(Job.kind == "parse", Job.status == "COMPLETED")
            .group_by(Job.tier)
        ):
            pages.add_metric([tier or "unknown"], int(total))
        for kind, total in session.execute(
            select(Job.kind, func.coalesce(func.sum(Job.credits), 0.0))
            .where(Job.credits.is_not(None))
            .group_by(Job.kind)
        ):
            credits.add_metric([kind], float(total))
        yield pages
        yield credits

        deliveries = GaugeMetricFamily(
            "sheaf_webhook_deliveries",
            "Webhook deliveries recorded, by outcome (delivered and failed ones are kept "
            "SHEAF_WEBHOOK_DELIVERY_RETENTION_DAYS)",
            labels=["status"],
        )
        for status, count in session.execute(
            select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)
        ):
            deliveries.add_metric([status], count)
        yield deliveries

    def _durations(self, session: Session) -> Iterator[Metric]:
        seconds = _duration_seconds(session)
        columns: list[Any] = [
            func.sum(case((seconds <= bound, 1), else_=0)) for bound in JOB_BUCKETS
        ]
        rows = session.execute(
            select(
                Job.kind, Job.tier, func.count(), func.coalesce(func.sum(seconds), 0.0), *columns
            )
            .where(
                Job.status.in_(("COMPLETED", "FAILED")),
                Job.started_at.is_not(None),
                Job.finished_at.is_not(None),
            )
            .group_by(Job.kind, Job.tier)
        )
        family = HistogramMetricFamily(
            "sheaf_job_duration_seconds",
            "Run time of finished jobs (start of the last attempt to finish), by kind and tier",
            labels=["kind", "tier"],
        )
        for kind, tier, count, total, *below in rows:
            buckets = [(str(b), int(n or 0)) for b, n in zip(JOB_BUCKETS, below, strict=True)]
            buckets.append(("+Inf", int(count)))
            family.add_metric([kind, tier or "unknown"], buckets, float(total or 0.0))
        yield family


def _registry(db: Database) -> tuple[CollectorRegistry, HttpMetrics]:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        http = HttpMetrics(None)  # values live in the shared directory
    else:
        http = HttpMetrics(registry)
    registry.register(DatabaseCollector(db))
    return registry, http


def install_metrics(app: FastAPI, db: Database, token: str | None) -> HttpMetrics:
    """Add ``GET /metrics``; returns the HTTP metrics for the request middleware to feed."""
    registry, http = _registry(db)
    expected = f"Bearer {token}".encode() if token else None

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        if expected is not None:
            sent = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(sent, expected):
                return JSONResponse(
                    {"detail": "metrics need 'Authorization: Bearer <SHEAF_METRICS_TOKEN>'"},
                    status_code=401,
                )
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return http
