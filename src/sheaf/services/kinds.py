"""The job-kind registry: one entry per kind of job Sheaf runs.

Claims, events, batches and workers read this registry, so a new kind is its modules (a
runner in ``sheaf.jobs``, its rules in ``sheaf.services``, its wire view and routes in
``sheaf.api``) plus one line in ``REGISTRY``. Functions are named by ``"module:attribute"``
and imported on first use: the API server never imports the engines a runner needs, and
kinds' service modules can use the lifecycle without an import cycle.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from sheaf.ids import PREFIXES
from sheaf.pricing import (
    EXTRACT_CREDITS_PER_PAGE,
    EXTRACT_TIERS,
    PARSE_CREDITS_PER_PAGE,
    PARSE_TIERS,
)

__all__ = ["ALL_EVENTS", "REGISTRY", "JobKind", "Registry"]

ALL_EVENTS = frozenset({"pending", "running", "success", "error", "cancelled"})


@cache
def _resolve(path: str) -> Any:
    module, _, attribute = path.partition(":")
    return getattr(import_module(module), attribute)


@dataclass(frozen=True)
class JobKind:
    """What Sheaf knows about one kind of job."""

    name: str  # the jobs.kind column, and the prefix of its webhook events
    job_type: str  # the product type of its configurations and batches, e.g. "parse_v2"
    id_prefix: str  # its ids are "<prefix>-<uuid4>"
    tiers: tuple[str, ...]
    credits_per_page: Mapping[str, float]
    runner: str  # "module:function" taking (JobContext, Job) and returning an Outcome
    # "module:function" taking (session, tenant, configuration) -> (parameters, tier)
    batch_parameters: str
    # "module:function" taking (job, blobs, event suffix) -> the event's payload (its view)
    event_payload: str
    events: frozenset[str] = field(default=ALL_EVENTS)  # event suffixes it announces
    # Other bodies an inline webhook may ask for with ``"body": name``: name -> "module:function"
    # taking (job, blobs, event suffix) and returning the raw JSON body, or None to send nothing.
    webhook_bodies: Mapping[str, str] = field(default_factory=dict)

    def new_id(self) -> str:
        return f"{self.id_prefix}-{uuid.uuid4()}"

    def run(self) -> Callable[..., Any]:
        return _resolve(self.runner)

    def event_view(self) -> Callable[..., Any]:
        return _resolve(self.event_payload)

    def webhook_body(self, name: str) -> Callable[..., Any] | None:
        path = self.webhook_bodies.get(name)
        return _resolve(path) if path else None

    def parameters_for_batch(self) -> Callable[..., tuple[dict[str, Any], str | None]]:
        return _resolve(self.batch_parameters)


class Registry:
    def __init__(self, kinds: Iterable[JobKind]) -> None:
        self._kinds: dict[str, JobKind] = {}
        for kind in kinds:
            self.register(kind)

    def register(self, kind: JobKind) -> None:
        if kind.name in self._kinds:
            raise ValueError(f"job kind {kind.name!r} is already registered")
        self._kinds[kind.name] = kind

    def unregister(self, name: str) -> None:
        self._kinds.pop(name, None)

    def get(self, name: str) -> JobKind:
        return self._kinds[name]

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def for_job_type(self, job_type: str) -> JobKind | None:
        return next((k for k in self._kinds.values() if k.job_type == job_type), None)

    def job_types(self) -> tuple[str, ...]:
        return tuple(k.job_type for k in self._kinds.values())


REGISTRY = Registry(
    [
        JobKind(
            name="parse",
            job_type="parse_v2",
            id_prefix=PREFIXES["parse_job"],
            tiers=PARSE_TIERS,
            credits_per_page=PARSE_CREDITS_PER_PAGE,
            runner="sheaf.jobs.parse_file:run",
            batch_parameters="sheaf.services.parse_jobs:batch_parameters",
            event_payload="sheaf.services.parse_jobs:event_payload",
            webhook_bodies={"llamaparse_v1": "sheaf.services.parse_jobs:classic_webhook_body"},
        ),
        JobKind(
            name="extract",
            job_type="extract_v2",
            id_prefix=PREFIXES["extract_job"],
            tiers=EXTRACT_TIERS,
            credits_per_page=EXTRACT_CREDITS_PER_PAGE,
            runner="sheaf.jobs.extract_file:run",
            batch_parameters="sheaf.services.extract_jobs:batch_parameters",
            event_payload="sheaf.services.extract_jobs:event_payload",
            events=ALL_EVENTS - {"running"},  # the contract has no extract.running event
        ),
    ]
)
