"""Parse jobs: resolve a request into a queued job, and read a job's stored results."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore
from sheaf.errors import InvalidInput, InvalidState
from sheaf.jobs.parse_file import REQUEST_WARNINGS_KEY, VIEW_OPTIONS_KEY, image_blob_key
from sheaf.jobs.results import delete_result, load_result
from sheaf.pricing import PARSE_TIERS
from sheaf.queue.states import TERMINAL_JOB
from sheaf.services.classic_views import classic_pages, full_document
from sheaf.services.configurations import ResolvedConfiguration, get_configuration
from sheaf.services.files import get_file, shorten_name
from sheaf.services.jobs import get_job
from sheaf.services.kinds import REGISTRY
from sheaf.services.lifecycle import cancel_job, enqueue
from sheaf.settings import Settings, get_settings
from sheaf.store.queue_tables import Job
from sheaf.store.tables import FileRecord
from sheaf.tenant import Tenant

__all__ = [
    "batch_parameters",
    "cancel_parse_job",
    "create_parse_job",
    "delete_parse_job",
    "event_payload",
    "get_parse_job",
    "read_results",
    "request_warnings",
    "resolve_parameters",
    "view",
    "view_options",
]

OPTION_KEYS = (
    "agentic_options",
    "client_name",
    "crop_box",
    "disable_cache",
    "fast_options",
    "input_options",
    "output_options",
    "page_ranges",
    "processing_control",
    "processing_options",
)
MAX_TIMEOUT_SECONDS = 7200.0


# The SDK validates /parse/versions against LlamaCloud's closed list of dated labels, so we
# publish labels from that list (the newest per tier). Every dated label runs the current Sheaf
# engine; job_metadata records the engine's own release date next to the requested label.
WIRE_VERSIONS = {
    "fast": ["2026-06-15"],
    "cost_effective": ["2026-09-28"],
    "agentic": ["2026-10-16"],
    "agentic_plus": ["2026-09-28"],
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def resolve_parameters(
    session: Session, tenant: Tenant, body: dict[str, Any]
) -> tuple[dict[str, Any], str | None]:
    """Effective parse parameters (tier, version, options) and the configuration id used."""
    configuration_id = body.get("configuration_id")
    params: dict[str, Any] = {}
    tier, version = body.get("tier"), body.get("version")
    if configuration_id:
        config = get_configuration(session, tenant, configuration_id)
        if config.product_type != "parse_v2":
            raise InvalidInput(
                f"configuration {configuration_id} is a {config.product_type} configuration; "
                "a parse job needs a parse_v2 one"
            )
        params = {k: v for k, v in config.parameters.items() if k in OPTION_KEYS}
        if tier in (None, "configured"):
            tier = config.parameters["tier"]
        if version in (None, "configured"):
            version = config.parameters.get("version", "latest")
    elif tier in (None, "configured") or version in (None, "configured"):
        raise InvalidInput("tier and version are required unless configuration_id is given")
    if tier not in PARSE_TIERS:
        raise InvalidInput(f"tier must be one of {', '.join(PARSE_TIERS)}; got {tier!r}")
    if version != "latest" and not (isinstance(version, str) and _DATE.match(version)):
        known = ", ".join(["latest", *WIRE_VERSIONS[tier]])
        raise InvalidInput(f"version must be 'latest' or a date (YYYY-MM-DD) such as {known}")
    for key in OPTION_KEYS:
        if body.get(key) is not None:
            params[key] = body[key]
    params["tier"] = tier
    params["version"] = version
    return params, configuration_id


def batch_parameters(
    session: Session, tenant: Tenant, config: ResolvedConfiguration
) -> tuple[dict[str, Any], str | None]:
    """Job parameters and tier for every job of a ``parse_v2`` batch over ``config``."""
    params, _ = resolve_parameters(session, tenant, {"configuration_id": config.id})
    return params, params["tier"]


def _timeouts(params: dict[str, Any]) -> dict[str, Any]:
    control = params.get("processing_control") or {}
    if not isinstance(control, dict):
        raise InvalidInput("processing_control must be an object")
    timeouts = control.get("timeouts") or {}
    if not isinstance(timeouts, dict):
        raise InvalidInput("processing_control.timeouts must be an object")
    return timeouts


def _seconds(value: Any, name: str, *, maximum: float, allow_zero: bool) -> float:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not (value >= 0 if allow_zero else value > 0):
        raise InvalidInput(
            f"processing_control.timeouts.{name} must be a positive number of seconds"
        )
    return float(min(value, maximum))


def job_timeout(settings: Settings, params: dict[str, Any]) -> float:
    """Seconds a job may run before its pages are counted: ``base_in_seconds`` or the default.

    Once the runner knows the page count it adds ``extra_time_per_page_in_seconds`` per page
    (``SHEAF_JOB_TIMEOUT_PER_PAGE_SECONDS`` by default); that value is checked here too.
    """
    timeouts = _timeouts(params)
    extra = timeouts.get("extra_time_per_page_in_seconds")
    if extra is not None:
        _seconds(extra, "extra_time_per_page_in_seconds", maximum=300.0, allow_zero=True)
    base = timeouts.get("base_in_seconds")
    if base is None:
        return float(settings.job_timeout_seconds)
    return _seconds(base, "base_in_seconds", maximum=MAX_TIMEOUT_SECONDS, allow_zero=False)


def webhooks_of(session: Session, tenant: Tenant, body: dict[str, Any]) -> dict[str, Any] | None:
    """The job's webhook targets: inline endpoints and saved configs (which must exist)."""
    from sheaf.webhooks.configs import require_configs, validate_endpoint_url, validate_events

    settings = get_settings()
    inline = []
    for hook in body.get("webhook_configurations") or []:
        if not hook.get("webhook_url"):
            continue
        validate_endpoint_url(hook["webhook_url"], allow_private=settings.allow_private_egress)
        validate_events(hook.get("webhook_events"))
        inline.append(hook)
    ids = body.get("webhook_configuration_ids") or []
    if ids:
        require_configs(session, tenant.project_id, ids)
    if not inline and not ids:
        return None
    return {"inline": inline, "ids": ids}


def create_parse_job(
    session: Session,
    tenant: Tenant,
    settings: Settings,
    body: dict[str, Any],
    *,
    file: FileRecord | None = None,
    view_options: dict[str, Any] | None = None,
    request_warnings: Sequence[str] = (),
) -> Job:
    """Queue a parse job. ``view_options`` ride with it for another wire view of the same
    job (e.g. ``{"classic": {...}}``); ``request_warnings`` (fields accepted but not
    honoured) join the job's warnings."""
    params, configuration_id = resolve_parameters(session, tenant, body)
    if view_options:
        params[VIEW_OPTIONS_KEY] = dict(view_options)
    if request_warnings:
        params[REQUEST_WARNINGS_KEY] = list(request_warnings)
    source_url = body.get("source_url")
    file_id = file.id if file is not None else body.get("file_id")
    if bool(file_id) == bool(source_url):
        raise InvalidInput("give exactly one of file_id or source_url (or upload a file)")
    if body.get("http_proxy"):
        # Refused rather than stored and ignored: source_url is fetched directly, pinned to
        # the address the SSRF check approved, which a proxy would bypass.
        raise InvalidInput(
            "http_proxy is not supported: Sheaf fetches source_url directly from the address "
            "it checked; leave http_proxy unset"
        )
    name = None
    if file_id:
        file = file or get_file(session, tenant, file_id)
        name = file.name
    else:
        assert source_url  # exactly one of the two was given (checked above)
        if not source_url.lower().startswith(("http://", "https://")):
            raise InvalidInput("source_url must be an http:// or https:// URL")
        name = shorten_name(source_url.rsplit("/", 1)[-1] or source_url)
    job = Job(
        id=REGISTRY.get("parse").new_id(),
        kind="parse",
        project_id=tenant.project_id,
        status="PENDING",
        name=name,
        tier=params["tier"],
        version=params["version"],
        configuration_id=configuration_id,
        parameters=params,
        file_id=file_id,
        input_blob_key=file.blob_key if file is not None else None,
        source_url=source_url,
        user_metadata=body.get("user_metadata"),
        webhooks=webhooks_of(session, tenant, body),
        max_attempts=settings.job_max_attempts,
        timeout_seconds=job_timeout(settings, params),
    )
    return enqueue(session, job)


def get_parse_job(session: Session, tenant: Tenant, job_id: str) -> Job:
    return get_job(session, tenant, job_id, "parse")


def view(job: Job) -> dict[str, Any]:
    """The public view of a parse job (``api`` validates it into its wire model)."""
    return {
        "id": job.id,
        "project_id": job.project_id,
        "status": job.status,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
        "error_message": job.error_message if job.status != "COMPLETED" else None,
        "name": job.name,
        "tier": job.tier,
        "usage": {"credits": job.credits} if job.credits is not None else None,
        "user_metadata": job.user_metadata,
    }


def cancel_parse_job(session: Session, tenant: Tenant, job_id: str) -> Job:
    job = get_parse_job(session, tenant, job_id)
    if job.status in TERMINAL_JOB:
        raise InvalidState(f"parse job {job_id} is already {job.status} and cannot be cancelled")
    cancel_job(session, job)
    return job


def delete_parse_job(session: Session, blobs: BlobStore, tenant: Tenant, job_id: str) -> None:
    """Delete a finished job that no batch holds, with its stored outputs and images."""
    job = get_parse_job(session, tenant, job_id)
    if job.status not in TERMINAL_JOB:
        raise InvalidState(f"parse job {job_id} is {job.status}; cancel it before deleting it")
    if job.batch_id:
        raise InvalidState(
            f"parse job {job_id} belongs to batch {job.batch_id}; it is kept with it"
        )
    if job.status == "COMPLETED":
        for im in read_results(blobs, job, {"images"}).get("images") or []:
            blobs.delete(image_blob_key(job.id, im["filename"]))
    delete_result(blobs, job)
    session.delete(job)


CLASSIC_RESULT_KEYS = ("text", "markdown", "items", "metadata", "images")
CLASSIC_STATUS = {"success": "SUCCESS", "error": "ERROR", "cancelled": "CANCELED"}


def view_options(job: Job, view: str) -> dict[str, Any] | None:
    """The options another wire view stored with the job at create time."""
    return ((job.parameters or {}).get(VIEW_OPTIONS_KEY) or {}).get(view)


def request_warnings(job: Job) -> list[str]:
    """Warnings about the request itself, known before the job runs."""
    return list((job.parameters or {}).get(REQUEST_WARNINGS_KEY) or [])


def event_payload(job: Job, blobs: BlobStore, suffix: str) -> dict[str, Any]:
    """The payload of ``parse.<suffix>``: the job as a GET shows it."""
    return view(job)


def classic_webhook_body(job: Job, blobs: BlobStore, suffix: str) -> dict[str, Any] | None:
    """What LlamaParse's ``webhook_url`` receives when the job ends: ``txt``, ``md``, ``json``
    (the classic pages) and ``images`` (names), plus ``job_id`` and ``status`` so a receiver
    can tell jobs apart and see a failure (``error``). Nothing for non-terminal events."""
    if suffix not in ("success", "error", "cancelled"):
        return None
    view = view_options(job, "classic") or {}
    results = read_results(blobs, job, CLASSIC_RESULT_KEYS) if suffix == "success" else {}
    pages = classic_pages(results, view, job.tier)
    body: dict[str, Any] = {
        "job_id": job.id,
        "status": CLASSIC_STATUS[suffix],
        "txt": full_document(pages, view, "text"),
        "md": full_document(pages, view, "md"),
        "json": pages,
        "images": [image["name"] for page in pages for image in page["images"]],
    }
    if suffix != "success":
        body["error"] = job.error_message
    return body


def read_results(blobs: BlobStore, job: Job, keys: Collection[str] | None = None) -> dict[str, Any]:
    """The outputs a completed job stored (only ``keys`` when given); empty before that."""
    return load_result(blobs, job, keys)
