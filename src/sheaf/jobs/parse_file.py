"""Run one parse job: input bytes -> ``sheaf.parse`` -> every output, stored as one blob."""

from __future__ import annotations

import time

from sheaf.jobs.base import JobContext, JobInputError, Outcome, job_input
from sheaf.jobs.results import store_result
from sheaf.queue.states import JobStatus
from sheaf.store.queue_tables import Job

__all__ = ["run"]

DEFAULT_ALLOWED_PAGE_FAILURE_RATIO = 0.05


def _allowed_failure_ratio(params: dict) -> float:
    conditions = (params.get("processing_control") or {}).get("job_failure_conditions") or {}
    ratio = conditions.get("allowed_page_failure_ratio")
    return DEFAULT_ALLOWED_PAGE_FAILURE_RATIO if ratio is None else float(ratio)


def _vlm_note(ctx: JobContext, tier: str) -> str:
    if tier not in ("agentic", "agentic_plus"):
        return "not used by this tier"
    if ctx.settings.vlm_base_url and ctx.settings.vlm_model:
        return f"{ctx.settings.vlm_model} at {ctx.settings.vlm_base_url}"
    return "none configured (set SHEAF_VLM_BASE_URL and SHEAF_VLM_MODEL); local pipeline only"


def run(ctx: JobContext, job: Job) -> Outcome:
    from sheaf.parse import ParseError, parse, resolve_version
    from sheaf.parse.render import render
    from sheaf.services.parse_jobs import CREDITS_PER_PAGE, OUTPUTS

    params = dict(job.parameters or {})
    tier = params.get("tier") or job.tier or "fast"
    started = time.perf_counter()
    try:
        with job_input(ctx, job) as (path, name):
            doc = parse(path, tier=tier, options=params, filename=name)
    except (ParseError, JobInputError) as exc:
        return Outcome(JobStatus.FAILED, error_message=str(exc))
    parse_seconds = time.perf_counter() - started

    stored = store_result(ctx.blobs, job.id, {kind: render(doc, kind) for kind in OUTPUTS})

    pages = len(doc.pages)
    failed = [p for p in doc.pages if not p.ok]
    metadata = {
        "engine": "sheaf",
        "tier": tier,
        "requested_version": job.version,
        "engine_version": resolve_version(tier, "latest"),
        "source_format": doc.source_format,
        "pipeline": list(doc.pipeline),
        "vision_model": _vlm_note(ctx, tier),
        "pages": pages,
        "failed_pages": [p.number for p in failed],
        "warnings": list(doc.warnings),
        "parse_seconds": round(parse_seconds, 4),
        "configuration": {k: v for k, v in params.items() if k != "http_proxy"},
    }
    outcome = Outcome(
        JobStatus.COMPLETED,
        **stored,
        page_count=pages,
        credits=CREDITS_PER_PAGE.get(tier, 1.0) * (pages - len(failed)),
        job_metadata=metadata,
    )
    ratio = _allowed_failure_ratio(params)
    if pages and failed and len(failed) / pages > ratio:
        first = "; ".join(f"page {p.number}: {p.error}" for p in failed[:3])
        outcome.status = JobStatus.FAILED
        outcome.error_message = (
            f"{len(failed)} of {pages} pages failed (allowed ratio {ratio}): {first}"
        )
    return outcome
