"""Run one parse job: input bytes -> ``sheaf.parse`` -> every output, stored as one blob."""

from __future__ import annotations

import time
from pathlib import Path

from sheaf.jobs.base import JobContext, JobInputError, Outcome, job_input, missing_input
from sheaf.jobs.results import store_result
from sheaf.pricing import PARSE_CREDITS_PER_PAGE
from sheaf.queue.states import JobStatus
from sheaf.store.queue_tables import Job

__all__ = [
    "REQUEST_WARNINGS_KEY",
    "VIEW_OPTIONS_KEY",
    "OUTPUTS",
    "image_blob_key",
    "quick_page_count",
    "run",
    "vlm_config",
]

# Job parameters of the service's own, not parse options: warnings about the request (fields
# accepted but not honoured) that join the job's warnings, and options of other wire views
# (the classic API's page separator, ...) that only those views read.
REQUEST_WARNINGS_KEY = "_request_warnings"
VIEW_OPTIONS_KEY = "_views"
# Outputs rendered into the job's result blob (the expand values of the same name).
OUTPUTS = ("text", "text_full", "markdown", "markdown_full", "items", "metadata")

DEFAULT_ALLOWED_PAGE_FAILURE_RATIO = 0.05


def _allowed_failure_ratio(params: dict) -> float:
    conditions = (params.get("processing_control") or {}).get("job_failure_conditions") or {}
    ratio = conditions.get("allowed_page_failure_ratio")
    return DEFAULT_ALLOWED_PAGE_FAILURE_RATIO if ratio is None else float(ratio)


def image_blob_key(job_id: str, filename: str) -> str:
    """Where a parse job's saved image (``output_options.images_to_save``) lives."""
    return f"results/{job_id}/images/{filename}"


def vlm_config(settings, tier: str):
    """The vision model the agentic tiers use, from Settings; None when not configured."""
    from sheaf.parse.vlm import VLM_TIERS, VlmConfig

    if tier not in VLM_TIERS or not (settings.vlm_base_url and settings.vlm_model):
        return None
    return VlmConfig(
        base_url=settings.vlm_base_url,
        model=settings.vlm_model,
        api_key=settings.vlm_api_key or None,
        timeout_seconds=settings.vlm_timeout_seconds,
        max_pages=settings.vlm_max_pages,
    )


def _vlm_note(ctx: JobContext, tier: str, vlm: dict | None) -> str:
    if tier not in ("agentic", "agentic_plus"):
        return "not used by this tier"
    if not (ctx.settings.vlm_base_url and ctx.settings.vlm_model):
        return "none configured (set SHEAF_VLM_BASE_URL and SHEAF_VLM_MODEL); local pipeline only"
    where = f"{ctx.settings.vlm_model} at {ctx.settings.vlm_base_url}"
    if not vlm:
        return f"{where}: not called"
    if vlm.get("skipped_reason"):
        return f"{where}: {vlm['skipped_reason']}"
    used, errors = vlm.get("pages") or [], vlm.get("errors") or []
    note = f"{where}: markdown for {len(used)} of {len(used) + len(errors)} pages"
    if errors:
        note += f"; failed on {len(errors)} (local markdown used there, see warnings)"
    return note


VISION_TIERS = ("agentic", "agentic_plus")


def _credits(tier: str, parsed_pages: int, vlm: dict | None) -> float:
    """Charge what ran: an agentic tier's rate only for pages the vision model wrote; the
    others ran the local cost_effective pipeline and cost that."""
    rate = PARSE_CREDITS_PER_PAGE.get(tier, 1.0)
    if tier not in VISION_TIERS:
        return rate * parsed_pages
    by_model = min(parsed_pages, len((vlm or {}).get("pages") or []))
    local = PARSE_CREDITS_PER_PAGE["cost_effective"]
    return rate * by_model + local * (parsed_pages - by_model)


def quick_page_count(source: bytes | Path | str) -> int:
    """Pages of a PDF (its bytes or path) from its page tree (milliseconds); 0 otherwise."""
    try:
        if isinstance(source, bytes):
            head = source[:5]
        else:
            with open(source, "rb") as fh:
                head = fh.read(5)
        if head != b"%PDF-":
            return 0
        import pypdfium2

        pdf = pypdfium2.PdfDocument(source if isinstance(source, bytes) else str(source))
    except Exception:  # a broken file is the parser's to report
        return 0
    try:
        return len(pdf)
    finally:
        pdf.close()


SMALL_INPUT_BYTES = 1 << 20


def _small_input(path: Path, job: Job) -> bytes | Path:
    """A small input's bytes, read once for both the page count and the parser; a large
    one's path (the parser reads what it needs)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(SMALL_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise missing_input(job) from None
    except OSError:
        return path  # the parser reports it
    return data if len(data) <= SMALL_INPUT_BYTES else path


def run(ctx: JobContext, job: Job) -> Outcome:
    from sheaf.parse import ParseError, parse, resolve_version
    from sheaf.parse.render import render

    params = dict(job.parameters or {})
    request_warnings = list(params.pop(REQUEST_WARNINGS_KEY, None) or [])
    views = params.pop(VIEW_OPTIONS_KEY, None)
    tier = params.get("tier") or job.tier or "fast"
    started = time.perf_counter()

    def on_image(image, png: bytes) -> None:  # written as made: memory holds one at a time
        ctx.blobs.put_bytes(image_blob_key(job.id, image.filename), png)

    try:
        with job_input(ctx, job, check=False) as (path, name):
            source = _small_input(path, job)
            ctx.allow_pages(job, quick_page_count(source))
            doc = parse(
                source,
                tier=tier,
                options=params,
                filename=name,
                vlm=vlm_config(ctx.settings, tier),
                on_image=on_image,
            )
    except (ParseError, JobInputError) as exc:
        return Outcome(JobStatus.FAILED, error_message=str(exc))
    parse_seconds = time.perf_counter() - started

    if tier in VISION_TIERS and not (ctx.settings.vlm_base_url and ctx.settings.vlm_model):
        doc.warnings.append(
            f"tier {tier} ran without a vision model (SHEAF_VLM_BASE_URL and SHEAF_VLM_MODEL "
            "are not set on the server): the local pipeline only, charged as cost_effective"
        )
    payload = {kind: render(doc, kind) for kind in OUTPUTS}
    if doc.images:
        payload["images"] = [im.to_dict() for im in doc.images]
    stored = store_result(ctx.blobs, job.id, payload)

    pages = len(doc.pages)
    failed = [p for p in doc.pages if not p.ok]
    metadata = {
        "engine": "sheaf",
        "tier": tier,
        "requested_version": job.version,
        "engine_version": resolve_version(tier, "latest"),
        "source_format": doc.source_format,
        "pipeline": list(doc.pipeline),
        "vision_model": _vlm_note(ctx, tier, doc.vlm),
        "pages": pages,
        "failed_pages": [p.number for p in failed],
        "warnings": [*request_warnings, *doc.warnings],
        "images_saved": len(doc.images),
        "parse_seconds": round(parse_seconds, 4),
        "configuration": {k: v for k, v in params.items() if k != "http_proxy"},
        **({"views": views} if views else {}),
    }
    if doc.vlm is not None:
        metadata["vision"] = doc.vlm  # model, pages it wrote, per-page errors
    outcome = Outcome(
        JobStatus.COMPLETED,
        **stored,
        page_count=pages,
        credits=_credits(tier, pages - len(failed), doc.vlm),
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
