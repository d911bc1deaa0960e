"""Run one extract job: input -> ``sheaf.parse`` -> ``sheaf.extract`` -> one stored result.

A ``pjb-`` input is re-parsed from that parse job's own input with its tier and options: its
stored result holds rendered outputs (text, markdown, items), not the ``Document`` the
extract engine reads, and re-parsing is deterministic for the local tiers.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from sheaf.jobs.base import JobContext, JobInputError, Outcome, job_input
from sheaf.jobs.parse_file import quick_page_count
from sheaf.jobs.results import store_result
from sheaf.pricing import EXTRACT_CREDITS_PER_PAGE, PARSE_CREDITS_PER_PAGE
from sheaf.queue.states import JobStatus
from sheaf.store.queue_tables import Job

if TYPE_CHECKING:
    from sheaf.extract import LlmConfig

__all__ = ["PARSE_PLAN_KEY", "llm_config", "run"]

# The job parameter holding the resolved parse plan (tier, options) the service attached.
PARSE_PLAN_KEY = "_parse"


def _parse_source(ctx: JobContext, job: Job, plan: dict[str, Any]) -> tuple[Job, str, dict, dict]:
    """The job whose input to read, the parse tier and options, and notes for job_metadata."""
    if not (job.input_ref or "").startswith("pjb-"):
        notes: dict[str, Any] = {"parse_source": "parsed the input file"}
        if plan.get("configuration_id"):
            notes["parse_configuration_id"] = plan["configuration_id"]
        return job, plan.get("tier") or "cost_effective", dict(plan.get("options") or {}), notes
    with ctx.db.session(write=False) as session:
        parse_job = session.get(Job, job.input_ref)
        if parse_job is None or parse_job.kind != "parse":
            raise JobInputError(f"parse job {job.input_ref} no longer exists")
        session.expunge(parse_job)
    params = dict(parse_job.parameters or {})
    tier = params.pop("tier", None) or parse_job.tier or "fast"
    params.pop("version", None)
    notes = {
        "parse_job_id": parse_job.id,
        "parse_source": (
            f"re-parsed the input of parse job {parse_job.id} with its tier and options "
            "(a parse job stores rendered outputs, not the document model)"
        ),
        "parse_job_credits": parse_job.credits,
    }
    if job.parameters.get("parse_config_id") or job.parameters.get("parse_tier"):
        notes["parse_options_ignored"] = "parse_tier/parse_config_id do not apply to a pjb- input"
    return parse_job, tier, params, notes


def llm_config(settings) -> LlmConfig | None:
    """The LLM the agentic tiers use, from Settings; None when not configured."""
    from sheaf.extract import LlmConfig

    if not (settings.llm_base_url and settings.llm_model):
        return None
    return LlmConfig(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key or "",
        timeout_seconds=settings.llm_timeout_seconds,
    )


def run(ctx: JobContext, job: Job) -> Outcome:
    from sheaf.extract import ExtractError, extract
    from sheaf.parse import ParseError, parse

    params = dict(job.parameters or {})
    plan = params.pop(PARSE_PLAN_KEY, None) or {}
    tier = params.get("tier") or job.tier or "cost_effective"
    options = {**params, "tier": tier}
    schema = params.get("data_schema")
    if not isinstance(schema, dict):
        return Outcome(JobStatus.FAILED, error_message="the job has no data_schema")

    started = time.perf_counter()
    try:
        source, parse_tier, parse_options, notes = _parse_source(ctx, job, plan)
        with job_input(ctx, source) as (path, name):
            ctx.allow_pages(job, quick_page_count(path))
            doc = parse(path, tier=parse_tier, options=parse_options, filename=name)
    except JobInputError as exc:
        return Outcome(JobStatus.FAILED, error_message=str(exc))
    except ParseError as exc:
        return Outcome(JobStatus.FAILED, error_message=f"could not parse the input: {exc}")
    parse_seconds = time.perf_counter() - started

    started = time.perf_counter()
    try:
        result = extract(doc, schema, options=options, llm=llm_config(ctx.settings))
    except ExtractError as exc:
        return Outcome(
            JobStatus.FAILED,
            error_message=str(exc),
            job_metadata={"parse_tier": parse_tier, "pages": len(doc.pages), **notes},
        )
    extract_seconds = time.perf_counter() - started

    stored = store_result(
        ctx.blobs, job.id, {"extract_result": result.data, "field_metadata": result.field_metadata}
    )

    warnings = list(result.warnings)
    if params.get("spreadsheet_mode"):
        warnings.append("spreadsheet_mode is not supported; the standard document path was used")
    pages_extracted = len(result.pages)
    parsed_ok = sum(1 for p in doc.pages if p.ok)
    extract_credits = EXTRACT_CREDITS_PER_PAGE.get(tier, 5.0) * pages_extracted
    if "parse_job_credits" in notes:  # the backing parse job's cost counts in each total
        parse_credits = float(notes.pop("parse_job_credits") or 0.0)
    else:
        parse_credits = PARSE_CREDITS_PER_PAGE.get(parse_tier, 1.0) * parsed_ok
    metadata = {
        "engine": "sheaf",
        "tier": tier,
        "resolver": result.resolver,
        "parse_tier": parse_tier,
        **notes,
        "source_format": doc.source_format,
        "pages": len(doc.pages),
        "pages_read": list(result.pages),
        "pages_extracted": pages_extracted,
        "pages_billed": pages_extracted,
        "warnings": warnings,
        "extract_credits": extract_credits,
        "parse_credits": parse_credits,
        "parse_seconds": round(parse_seconds, 4),
        "extract_seconds": round(extract_seconds, 4),
    }
    return Outcome(
        JobStatus.COMPLETED,
        **stored,
        page_count=pages_extracted,
        credits=extract_credits + parse_credits,
        job_metadata=metadata,
    )
