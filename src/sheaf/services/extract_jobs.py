"""Extract jobs: resolve a request into a queued job, and read a job's stored result.

A job's ``parameters`` are its ExtractConfiguration (inline, or a snapshot of the saved
configuration) plus one key of Sheaf's own, ``_parse``: the pre-parse plan resolved at
creation (parse tier, options of ``parse_config_id``), so a later change to a saved
configuration never changes a queued job.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from sheaf.blobs import BlobNotFound, BlobStore
from sheaf.errors import InvalidInput, InvalidState, NotFound
from sheaf.jobs.extract_file import PARSE_PLAN_KEY
from sheaf.jobs.results import delete_result, load_result
from sheaf.pricing import EXTRACT_TIERS, PARSE_TIERS
from sheaf.queue.states import TERMINAL_JOB, JobStatus
from sheaf.services import lifecycle
from sheaf.services.configurations import ResolvedConfiguration, get_configuration
from sheaf.services.directories import get_directory_file
from sheaf.services.files import get_file
from sheaf.services.jobs import get_job
from sheaf.services.kinds import REGISTRY
from sheaf.services.parse_jobs import get_parse_job, job_timeout, webhooks_of
from sheaf.services.parse_jobs import resolve_parameters as resolve_parse_parameters
from sheaf.settings import Settings
from sheaf.store.queue_tables import Job
from sheaf.store.tables import DirectoryFile
from sheaf.tenant import Tenant

log = logging.getLogger("sheaf.extract_jobs")

__all__ = [
    "CONFIGURATION_FIELDS",
    "batch_job_parameters",
    "batch_parameters",
    "cancel_extract_job",
    "create_extract_job",
    "event_payload",
    "delete_extract_job",
    "generate_schema",
    "get_extract_job",
    "read_results",
    "require_llm",
    "validate_data_schema",
    "view",
]

DEFAULT_TIER = "cost_effective"
# The ExtractConfiguration keys (everything else in a job's parameters is Sheaf's own);
# the API's ExtractConfigurationIn model declares the same fields (a test keeps them equal).
CONFIGURATION_FIELDS = (
    "data_schema",
    "tier",
    "version",
    "parse_tier",
    "parse_config_id",
    "cite_sources",
    "confidence_scores",
    "advanced_citations",
    "extraction_target",
    "max_pages",
    "target_pages",
    "system_prompt",
    "disable_cache",
    "spreadsheet_mode",
    "sheet_names",
)
EXPANDS = ("configuration", "extract_metadata", "usage")
_CONFIDENCE_KEYS = ("confidence", "extraction_confidence", "parsing_confidence")


# ---------------------------------------------------------------------------------------------
# Creating jobs


def validate_data_schema(schema: Any, *, where: str = "data_schema") -> dict[str, Any]:
    """The normalised schema, or InvalidInput (422) saying what is wrong with it."""
    from sheaf.extract import SchemaError, validate_schema

    try:
        return validate_schema(schema)
    except SchemaError as exc:
        message = str(exc)
        if where != "data_schema" and message.startswith("data_schema"):
            message = where + message[len("data_schema") :]
        elif not message.startswith(where):
            message = f"{where}: {message}"
        raise InvalidInput(message) from None


def default_parse_tier(extract_tier: str | None) -> str:
    """Parse with the extract tier when it is also a parse tier, else cost_effective."""
    return extract_tier if extract_tier in ("agentic", "agentic_plus") else "cost_effective"


def _parse_plan(session: Session, tenant: Tenant, params: dict[str, Any]) -> dict[str, Any]:
    tier = params.get("parse_tier")
    options: dict[str, Any] = {}
    parse_config_id = params.get("parse_config_id")
    if parse_config_id:
        try:
            config = get_configuration(session, tenant, parse_config_id)
        except NotFound:
            raise InvalidInput(f"parse_config_id {parse_config_id} not found") from None
        if config.product_type != "parse_v2":
            raise InvalidInput(
                f"parse_config_id {parse_config_id} is a {config.product_type} configuration; "
                "it must be a parse_v2 one"
            )
        resolved, _ = resolve_parse_parameters(
            session, tenant, {"configuration_id": parse_config_id}
        )
        options = {k: v for k, v in resolved.items() if k not in ("tier", "version")}
        tier = tier or resolved["tier"]
    if tier is None:
        tier = default_parse_tier(params.get("tier"))
    if tier not in PARSE_TIERS:
        raise InvalidInput(f"parse_tier must be one of {', '.join(PARSE_TIERS)}; got {tier!r}")
    return {"tier": tier, "options": options, "configuration_id": parse_config_id}


def prepare_parameters(
    session: Session, tenant: Tenant, config: dict[str, Any], *, where: str
) -> dict[str, Any]:
    """Check an ExtractConfiguration and attach the resolved parse plan."""
    if not isinstance(config.get("data_schema"), dict):
        raise InvalidInput(f"{where}.data_schema is required (a JSON Schema object)")
    validate_data_schema(config["data_schema"], where=f"{where}.data_schema")
    tier = config.get("tier")
    if tier is not None and tier not in EXTRACT_TIERS:
        raise InvalidInput(f"{where}.tier must be one of {', '.join(EXTRACT_TIERS)}; got {tier!r}")
    params = {k: v for k, v in config.items() if k in CONFIGURATION_FIELDS and v is not None}
    params[PARSE_PLAN_KEY] = _parse_plan(session, tenant, params)
    return params


def batch_job_parameters(session: Session, tenant: Tenant, config: ResolvedConfiguration) -> dict:
    """Job parameters for every job of an ``extract_v2`` batch over ``config``."""
    if config.product_type != "extract_v2":
        raise InvalidInput(
            f"configuration {config.id} is a {config.product_type} configuration; "
            "an extract job needs an extract_v2 one"
        )
    given = {k: v for k, v in config.parameters.items() if k != "product_type"}
    return prepare_parameters(session, tenant, given, where=f"configuration {config.id}")


def batch_parameters(
    session: Session, tenant: Tenant, config: ResolvedConfiguration
) -> tuple[dict[str, Any], str | None]:
    """Job parameters and tier for every job of an ``extract_v2`` batch (the registry's hook)."""
    params = batch_job_parameters(session, tenant, config)
    return params, params.get("tier")


def _resolve_input(
    session: Session, tenant: Tenant, file_input: str
) -> tuple[str | None, str | None, str | None]:
    """The Files-API file id behind ``file_input``, its blob key, and a display name.

    ``pjb-`` inputs give the parse job's file id (None for a URL-sourced parse job) and no
    blob key: the runner re-reads the parse job's own input.
    """
    if file_input.startswith("dfl-"):
        entry = session.get(DirectoryFile, file_input)
        if entry is None or entry.project_id != tenant.project_id:
            raise NotFound(f"file {file_input} not found")
        entry = get_directory_file(session, tenant, entry.directory_id, entry.id)
        if entry.file_id is None:
            raise NotFound(f"the file behind {file_input} no longer exists")
        record = get_file(session, tenant, entry.file_id)
        return record.id, record.blob_key, entry.display_name
    if file_input.startswith("pjb-"):
        parse_job = get_parse_job(session, tenant, file_input)
        if parse_job.status != JobStatus.COMPLETED:
            raise InvalidInput(
                f"parse job {file_input} is {parse_job.status}; extract needs a COMPLETED parse job"
            )
        return parse_job.file_id, None, parse_job.name
    record = get_file(session, tenant, file_input)
    return record.id, record.blob_key, record.name


LLM_TIERS = ("agentic", "agentic_plus")


def require_llm(tier: str | None, settings: Settings) -> None:
    """Refuse, before any work, an extract tier that needs an LLM the server does not have
    (it would otherwise fail only after parsing every file)."""
    if tier in LLM_TIERS and not (settings.llm_base_url and settings.llm_model):
        raise InvalidInput(
            f"extract tier {tier!r} needs an LLM, and this server has none: set "
            "SHEAF_LLM_BASE_URL and SHEAF_LLM_MODEL (an OpenAI-compatible endpoint) and "
            "restart it, or use tier 'cost_effective'"
        )


def create_extract_job(
    session: Session, tenant: Tenant, settings: Settings, body: dict[str, Any]
) -> Job:
    inline, configuration_id = body.get("configuration"), body.get("configuration_id")
    if bool(inline) == bool(configuration_id):
        raise InvalidInput("give exactly one of configuration (inline) or configuration_id (saved)")
    if configuration_id:
        config = get_configuration(session, tenant, configuration_id)
        if config.product_type != "extract_v2":
            raise InvalidInput(
                f"configuration {configuration_id} is a {config.product_type} configuration; "
                "an extract job needs an extract_v2 one"
            )
        params = batch_job_parameters(session, tenant, config)
    else:
        assert inline is not None  # exactly one of the two was given (checked above)
        params = prepare_parameters(session, tenant, inline, where="configuration")
    require_llm(params.get("tier"), settings)
    file_input = body["file_input"]
    file_id, blob_key, name = _resolve_input(session, tenant, file_input)
    if file_input.startswith("pjb-"):
        # The runner re-parses that job's input with its own tier and options.
        parse_job = get_parse_job(session, tenant, file_input)
        params[PARSE_PLAN_KEY] = {"tier": parse_job.tier, "options": {}, "configuration_id": None}
    job = Job(
        id=REGISTRY.get("extract").new_id(),
        kind="extract",
        project_id=tenant.project_id,
        status=JobStatus.PENDING,
        name=name,
        tier=params.get("tier") or DEFAULT_TIER,
        version=params.get("version"),
        configuration_id=configuration_id,
        parameters=params,
        file_id=file_id,
        input_blob_key=blob_key,
        input_ref=file_input,
        webhooks=webhooks_of(session, tenant, body),
        max_attempts=settings.job_max_attempts,
        timeout_seconds=job_timeout(settings, params),
    )
    return lifecycle.enqueue(session, job)


# ---------------------------------------------------------------------------------------------
# Reading, cancelling and deleting jobs


def get_extract_job(session: Session, tenant: Tenant, job_id: str) -> Job:
    return get_job(session, tenant, job_id, "extract")


def read_results(blobs: BlobStore, job: Job) -> dict[str, Any]:
    """``{"extract_result", "field_metadata"}`` of a completed job; empty before that."""
    if job.status != JobStatus.COMPLETED:
        return {}
    try:
        return load_result(blobs, job)
    except (BlobNotFound, FileNotFoundError):
        log.error(
            "extract job %s is COMPLETED but its stored result %s is missing",
            job.id,
            job.result_key,
        )
        return {}


def _strip(meta: Any, keys: Collection[str]) -> Any:
    if isinstance(meta, dict):
        return {k: _strip(v, keys) for k, v in meta.items() if k not in keys}
    if isinstance(meta, list):
        return [_strip(v, keys) for v in meta]
    return meta


def _field_metadata(params: dict[str, Any], meta: Any) -> Any:
    """Honour an explicit ``cite_sources: false`` / ``confidence_scores: false``."""
    dropped: list[str] = []
    if params.get("cite_sources") is False:
        dropped.append("citation")
    if params.get("confidence_scores") is False:
        dropped.extend(_CONFIDENCE_KEYS)
    return _strip(meta, dropped) if dropped and meta is not None else meta


def document_input_type(job: Job) -> str:
    return "parse_job_id" if (job.input_ref or "").startswith("pjb-") else "file_id"


def view(
    job: Job, *, results: dict[str, Any] | None = None, expand: Collection[str] = ()
) -> dict[str, Any]:
    """The public view of an extract job; ``results`` (:func:`read_results`) fill its result.

    ``api`` validates it into its wire model; webhook events send it as it is.
    """
    params = job.parameters or {}
    meta = job.job_metadata or {}
    plan = params.get(PARSE_PLAN_KEY) or {}
    completed = job.status == JobStatus.COMPLETED
    results = results or {}

    configuration = None
    if "configuration" in expand and "data_schema" in params:
        configuration = {k: v for k, v in params.items() if k in CONFIGURATION_FIELDS}
    extract_metadata = None
    if (
        "extract_metadata" in expand
        or params.get("cite_sources")
        or params.get("confidence_scores")
    ):
        field_metadata = None
        if completed and "field_metadata" in results:
            field_metadata = {
                "document_metadata": _field_metadata(params, results["field_metadata"])
            }
        parse_job_id = job.input_ref if document_input_type(job) == "parse_job_id" else None
        extract_metadata = {
            "field_metadata": field_metadata,
            "parse_job_id": parse_job_id,
            "parse_tier": meta.get("parse_tier") or plan.get("tier"),
        }
    metadata = None
    if completed:
        metadata = {
            "usage": {
                "num_pages_billed": meta.get("pages_billed"),
                "num_pages_extracted": meta.get("pages_extracted"),
            },
            "resolver": meta.get("resolver"),
            "warnings": meta.get("warnings") or [],
        }
    usage = None
    if "usage" in expand:
        usage = {
            "credits": job.credits,
            "extract_credits": meta.get("extract_credits"),
            "parse_credits": meta.get("parse_credits"),
        }
    failed = job.status in (JobStatus.FAILED, JobStatus.CANCELLED)
    return {
        "id": job.id,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "file_input": job.input_ref or job.file_id or "",
        "project_id": job.project_id,
        "status": job.status,
        "configuration_id": job.configuration_id,
        "configuration": configuration,
        "error_message": job.error_message if failed else None,
        "extract_result": results.get("extract_result") if completed else None,
        "extract_metadata": extract_metadata,
        "metadata": metadata,
        "usage": usage,
    }


def event_payload(job: Job, blobs: BlobStore, suffix: str) -> dict[str, Any]:
    """The payload of ``extract.<suffix>``; success carries the extracted object, like a GET."""
    return view(job, results=read_results(blobs, job) if suffix == "success" else None)


def cancel_extract_job(session: Session, tenant: Tenant, job_id: str) -> Job:
    job = get_extract_job(session, tenant, job_id)
    if job.status in TERMINAL_JOB:
        raise InvalidState(f"extract job {job_id} is already {job.status} and cannot be cancelled")
    lifecycle.cancel_job(session, job)
    return job


def delete_extract_job(
    session: Session, blobs: BlobStore, tenant: Tenant, job_id: str, *, force: bool = False
) -> None:
    job = get_extract_job(session, tenant, job_id)
    if job.batch_id:
        raise InvalidState(
            f"extract job {job_id} belongs to batch {job.batch_id}; it is kept with it"
        )
    if job.status not in TERMINAL_JOB:
        if not force:
            raise InvalidState(
                f"extract job {job_id} is {job.status}; cancel it first or delete with force=true"
            )
        lifecycle.cancel_job(session, job)
        if job.status == JobStatus.RUNNING:
            # Settle it now (counters, extract.cancelled); its worker's late finish is a no-op.
            lifecycle.finish(
                session, job.id, None, JobStatus.CANCELLED, error_message="deleted with force=true"
            )
    delete_result(blobs, job)
    session.delete(job)
    session.flush()


# ---------------------------------------------------------------------------------------------
# Schema generation


def generate_schema(
    session: Session, tenant: Tenant, blobs: BlobStore, body: dict[str, Any]
) -> dict[str, Any]:
    """A ready-to-POST ConfigurationCreate body proposed from a prompt, file and/or schema."""
    from sheaf.extract import SchemaError
    from sheaf.extract import generate_schema as propose

    doc = None
    file_id = body.get("file_id")
    if file_id:
        doc = _parse_for_generation(session, tenant, blobs, file_id)
    if not (body.get("prompt") or body.get("data_schema") or doc is not None):
        raise InvalidInput("give a prompt, a file_id or a data_schema to generate a schema from")
    try:
        return propose(
            doc=doc,
            prompt=body.get("prompt"),
            data_schema=body.get("data_schema"),
            name=body.get("name"),
        )
    except SchemaError as exc:
        raise InvalidInput(str(exc)) from None


def _parse_for_generation(session: Session, tenant: Tenant, blobs: BlobStore, file_id: str):
    from sheaf.parse import ParseError, parse
    from sheaf.services.files import get_file

    if file_id.startswith("dfl-"):
        resolved, _, _ = _resolve_input(session, tenant, file_id)
        file_id = resolved or file_id
    record = get_file(session, tenant, file_id)
    if not blobs.exists(record.blob_key):
        raise InvalidInput(f"the stored bytes of file {file_id} are missing")
    source = blobs.local_path(record.blob_key) or blobs.read_bytes(record.blob_key)
    try:
        return parse(
            source,
            tier="cost_effective",
            options={"page_ranges": {"max_pages": 10}},
            filename=record.name,
        )
    except ParseError as exc:
        raise InvalidInput(f"could not parse file {file_id}: {exc}") from None
