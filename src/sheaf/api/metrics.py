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
from datetime import datetime, timedelta
from decimal import Decimal
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
from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from sheaf.store.db import Database
from sheaf.store.queue_tables import Batch, Job, ProjectQueue
from sheaf.store.types import utcnow
from sheaf.store.webhook_tables import WebhookDelivery

__all__ = ["HttpMetrics", "install_metrics"]

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
DB_CACHE_SECONDS = 5.0
SETTLE_SECONDS = 60.0

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
        # Durations of jobs finished before ``_settled_until``, tallied once (see _durations).
        self._settled: dict[tuple[str, str], _Tally] = {}
        self._settled_until: datetime | None = None

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > DB_CACHE_SECONDS:
                with self.db.session(write=False) as session:
                    self._cached = (now, list(self._read(session)))
            yield from self._cached[1]

    def _read(self, session: Session) -> Iterator[Metric]:
        yield from self._job_totals(session)
        yield from self._durations(session)

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

    def _job_totals(self, session: Session) -> Iterator[Metric]:
        """Job counts, pages and credits from one pass over the jobs table."""
        counts: dict[tuple[str, str], int] = {}
        pages: dict[str, int] = {}
        credits: dict[str, float] = {}
        for kind, status, tier, count, page_sum, credit_sum in session.execute(
            select(
                Job.kind,
                Job.status,
                Job.tier,
                func.count(),
                func.coalesce(func.sum(Job.page_count), 0),
                func.coalesce(func.sum(Job.credits), 0.0),
            ).group_by(Job.kind, Job.status, Job.tier)
        ):
            counts[(kind, status)] = counts.get((kind, status), 0) + count
            if kind == "parse" and status == "COMPLETED":
                # coalesce() never gives None, but its type follows the nullable column's
                pages[tier or "unknown"] = pages.get(tier or "unknown", 0) + int(page_sum or 0)
            credits[kind] = credits.get(kind, 0.0) + float(credit_sum or 0.0)
        jobs = GaugeMetricFamily("sheaf_jobs", "Jobs by kind and status", labels=["kind", "status"])
        for (kind, status), count in counts.items():
            jobs.add_metric([kind, status], count)
        yield jobs
        parsed = CounterMetricFamily(
            "sheaf_pages_parsed",
            "Pages parsed by completed parse jobs, by tier (jobs still stored)",
            labels=["tier"],
        )
        for tier, total in pages.items():
            parsed.add_metric([tier], total)
        yield parsed
        accounted = CounterMetricFamily(
            "sheaf_credits", "Credits accounted to finished jobs, by kind", labels=["kind"]
        )
        for kind, credit_total in credits.items():
            accounted.add_metric([kind], credit_total)
        yield accounted

    def _durations(self, session: Session) -> Iterator[Metric]:
        """Finished jobs by run-time bucket, read incrementally.

        Computing a duration is the costly part of a scan, so jobs that finished before a
        settle horizon (a minute back: every such finish is committed by then) are tallied
        once and kept; each scrape then only computes durations of jobs newer than the last
        horizon. One CASE per row picks the first bucket that holds it (most jobs are short,
        so evaluation stops early); counts are made cumulative here.
        """
        horizon = utcnow() - timedelta(seconds=SETTLE_SECONDS)
        seconds = _duration_seconds(session)
        bucket = case(
            *[(seconds <= bound, i) for i, bound in enumerate(JOB_BUCKETS)],
            else_=len(JOB_BUCKETS),
        ).label("bucket")
        settled = (Job.finished_at <= horizon).label("settled")
        # case() is typed Case[Any], which makes select() give up on the row type: spelled
        # out here (the sum is a float on SQLite, a Decimal from PostgreSQL's EXTRACT)
        stmt: Select[str, str | None, int, bool, int, float | Decimal | None] = (
            select(Job.kind, Job.tier, bucket, settled, func.count(), func.sum(seconds))
            .where(
                Job.status.in_(("COMPLETED", "FAILED")),
                Job.started_at.is_not(None),
                Job.finished_at.is_not(None),
            )
            .group_by(Job.kind, Job.tier, bucket, settled)
        )
        if self._settled_until is not None:
            stmt = stmt.where(Job.finished_at > self._settled_until)
        fresh: dict[tuple[str, str], _Tally] = {}
        for kind, tier, index, is_settled, count, total in session.execute(stmt):
            into = self._settled if is_settled else fresh
            tally = into.setdefault((kind, tier or "unknown"), _Tally())
            tally.add(int(index), count, float(total or 0.0))
        self._settled_until = horizon
        family = HistogramMetricFamily(
            "sheaf_job_duration_seconds",
            "Run time of finished jobs (start of the last attempt to finish), by kind and tier",
            labels=["kind", "tier"],
        )
        for labels in sorted(self._settled.keys() | fresh.keys()):
            tally = _Tally.merged(self._settled.get(labels), fresh.get(labels))
            family.add_metric(list(labels), tally.buckets(), tally.total)
        yield family


class _Tally:
    """Per-bucket counts (not cumulative) and the sum of durations, for one label set."""

    def __init__(self) -> None:
        self.counts = [0] * (len(JOB_BUCKETS) + 1)
        self.total = 0.0

    def add(self, index: int, count: int, total: float) -> None:
        self.counts[index] += count
        self.total += total

    @classmethod
    def merged(cls, *parts: _Tally | None) -> _Tally:
        out = cls()
        for part in parts:
            if part is not None:
                out.counts = [a + b for a, b in zip(out.counts, part.counts, strict=True)]
                out.total += part.total
        return out

    def buckets(self) -> list[tuple[str, int]]:
        running, out = 0, []
        for bound, count in zip([*map(str, JOB_BUCKETS), "+Inf"], self.counts, strict=True):
            running += count
            out.append((bound, running))
        return out


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
