"""The classic LlamaParse API (``/api/parsing/…`` and ``/api/v1/parsing/…``) over v2 parse jobs.

An upload creates the same job as ``POST /api/v2/parse/upload`` (same service call, queue,
limits, webhooks and listing); these routes are a second wire view of it. The classic-only
rendering options (page separator, header/footer handling ...) ride with the job as its
``classic`` view options, and the warnings for fields Sheaf accepts but does not honour join
the job's own warnings (``services.parse_jobs.create_parse_job``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.datastructures import FormData

from sheaf.api.deps import DbSession, RuntimeDep, TenantDep
from sheaf.api.routes.files import store_upload
from sheaf.api.routes.parse import IMAGE_NAME
from sheaf.api.schemas.classic import (
    ClassicJob,
    classic_job,
    classic_job_metadata,
    classic_pages,
    full_document,
    tables_xlsx,
)
from sheaf.api.schemas.classic_options import DEFAULT_SEPARATOR, classic_request
from sheaf.blobs import BlobNotFound
from sheaf.errors import InvalidInput, InvalidState, NotFound
from sheaf.jobs.parse_file import image_blob_key
from sheaf.services import parse_jobs as service
from sheaf.store.queue_tables import Job

__all__ = ["routers"]

PREFIXES = ("/api/parsing", "/api/v1/parsing")
# The stored outputs each classic result is built from (items can be large: read only for JSON).
RESULT_KEYS = {
    "text": {"text", "markdown"},
    "markdown": {"text", "markdown"},
    "json": {"text", "markdown", "items", "metadata", "images"},
    "xlsx": {"markdown", "items"},
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNPRODUCED = {
    "structured": "structured_output is not supported",
    "pdf": "output_pdf_of_document is not supported",
}


async def upload_form(request: Request) -> AsyncIterator[FormData]:
    """The multipart form, read in the event loop (the endpoint itself runs in a thread), and
    its spooled file closed afterwards (FastAPI closes only the forms it parses itself)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        raise InvalidInput("send the upload as multipart/form-data (a 'file' part or input_url)")
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(upload_form)]


def _classic(job: Job) -> dict[str, Any]:
    """The classic view's options (a v2 job has none: the classic defaults) and warnings."""
    view = service.view_options(job, "classic") or {"page_separator": DEFAULT_SEPARATOR}
    return {"view": view, "warnings": service.request_warnings(job)}


def upload(runtime: RuntimeDep, session: DbSession, tenant: TenantDep, form: FormDep) -> ClassicJob:
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, []).append(value)
    parts = form.getlist("file")
    if len(parts) > 1:
        raise InvalidInput("one file per upload: send each file as its own upload")
    upload_file = parts[0] if parts else None
    if isinstance(upload_file, str):
        raise InvalidInput("'file' must be a file part (with a filename), not a text field")
    req = classic_request(fields)
    has_url = bool(req.body.get("source_url"))
    if upload_file is not None and has_url:
        raise InvalidInput("upload a file or give input_url, not both")
    if upload_file is None and not has_url:
        if (fields.get("input_s3_path") or [""])[-1]:
            raise InvalidInput(
                "input_s3_path is not supported by this server; upload the file or give input_url"
            )
        raise InvalidInput("upload a file (multipart part 'file') or give input_url")
    service.resolve_parameters(session, tenant, req.body)  # fail before storing the bytes
    record = None
    if upload_file is not None:
        # Starlette's UploadFile (from request.form()); store_upload reads only what it has.
        part = cast(UploadFile, upload_file)
        record = store_upload(runtime, session, tenant, part, purpose="parse")
    job = service.create_parse_job(
        session,
        tenant,
        runtime.settings,
        req.body,
        file=record,
        view_options={"classic": req.view},
        request_warnings=req.warnings,
    )
    return classic_job(job)


def get_job(job_id: str, session: DbSession, tenant: TenantDep) -> ClassicJob:
    return classic_job(service.get_parse_job(session, tenant, job_id))


def get_job_details(job_id: str, session: DbSession, tenant: TenantDep) -> dict:
    job = service.get_parse_job(session, tenant, job_id)
    return classic_job(job).model_dump() | {
        "job_metadata": classic_job_metadata(job, _classic(job)["warnings"])
    }


def _completed(
    runtime, session, tenant, job_id: str, kind: str
) -> tuple[Job, list[dict], dict]:
    job = service.get_parse_job(session, tenant, job_id)
    status = classic_job(job).status
    if status != "SUCCESS":
        raise InvalidState(f"parse job {job_id} is {status}; results exist once it is SUCCESS")
    classic = _classic(job)
    results = service.read_results(runtime.blobs, job, RESULT_KEYS[kind])
    pages = classic_pages(results, classic["view"], job.tier)
    return job, pages, classic


def _result(job: Job, pages: list[dict], classic: dict, kind: str) -> dict:
    meta = classic_job_metadata(job, classic["warnings"])
    if kind == "json":
        return {"pages": pages, "job_metadata": meta}
    key: Literal["text", "md"] = "md" if kind == "markdown" else "text"
    return {kind: full_document(pages, classic["view"], key), "job_metadata": meta}


def _check_kind(kind: str, allowed: tuple[str, ...]) -> None:
    if kind in allowed:
        return
    if kind in UNPRODUCED:
        raise NotFound(f"{kind} results are not produced by this server ({UNPRODUCED[kind]})")
    raise NotFound(f"unknown result type {kind!r}; expected one of {', '.join(allowed)}")


def get_result(
    job_id: str, kind: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> dict:
    _check_kind(kind, ("text", "markdown", "json"))
    return _result(*_completed(runtime, session, tenant, job_id, kind), kind)


def _xlsx(job: Job, pages: list[dict]) -> Response:
    data = tables_xlsx(pages)
    if data is None:
        raise NotFound(f"parse job {job.id} found no tables, so there is no XLSX result")
    return Response(
        data,
        media_type=XLSX,
        headers={"content-disposition": f'attachment; filename="{job.id}.xlsx"'},
    )


def get_xlsx(job_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep) -> Response:
    job, pages, _classic_opts = _completed(runtime, session, tenant, job_id, "xlsx")
    return _xlsx(job, pages)


def get_raw_result(
    job_id: str, kind: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> Response:
    """The result as a downloadable body (no JSON envelope for text and markdown)."""
    _check_kind(kind, ("text", "markdown", "json", "xlsx"))
    job, pages, classic = _completed(runtime, session, tenant, job_id, kind)
    if kind == "xlsx":
        return _xlsx(job, pages)
    if kind == "json":
        return JSONResponse(_result(job, pages, classic, "json"))
    key: Literal["text", "md"] = "md" if kind == "markdown" else "text"
    media = "text/markdown" if kind == "markdown" else "text/plain"
    return Response(
        full_document(pages, classic["view"], key), media_type=f"{media}; charset=utf-8"
    )


def get_image(
    job_id: str, name: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> Response:
    job = service.get_parse_job(session, tenant, job_id)
    missing = NotFound(f"image {name} of parse job {job_id} not found")
    if job.status != "COMPLETED" or not IMAGE_NAME.match(name):
        raise missing
    saved = service.read_results(runtime.blobs, job, {"images"}).get("images") or []
    if name not in {im["filename"] for im in saved}:
        raise missing
    key = image_blob_key(job_id, name)
    path = runtime.blobs.local_path(key)
    if path is not None:
        return FileResponse(
            path, media_type="image/png", filename=name, content_disposition_type="inline"
        )
    try:
        chunks = runtime.blobs.iter_chunks(key)
    except BlobNotFound:
        raise missing from None
    return StreamingResponse(
        chunks,
        media_type="image/png",
        headers={"content-disposition": f'inline; filename="{name}"'},
    )


# The upload form is read by hand (about a hundred flat fields); document its main parts.
UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "description": "Any classic LlamaParse field is accepted; see the README "
                    "section 'Using the classic LlamaParse client' for what each maps to.",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "input_url": {"type": "string"},
                        "target_pages": {"type": "string", "description": "0-based, '0,2-4'"},
                        "page_separator": {"type": "string"},
                        "parse_mode": {"type": "string"},
                        "premium_mode": {"type": "boolean"},
                        "webhook_url": {"type": "string"},
                    },
                }
            }
        },
    }
}


def _router(prefix: str) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["classic parsing"])
    router.add_api_route(
        "/upload", upload, methods=["POST"], response_model=ClassicJob, openapi_extra=UPLOAD_DOC
    )
    router.add_api_route("/job/{job_id}", get_job, methods=["GET"], response_model=ClassicJob)
    router.add_api_route("/job/{job_id}/details", get_job_details, methods=["GET"])
    router.add_api_route("/job/{job_id}/result/xlsx", get_xlsx, methods=["GET"])
    router.add_api_route("/job/{job_id}/result/raw/{kind}", get_raw_result, methods=["GET"])
    router.add_api_route("/job/{job_id}/result/image/{name}", get_image, methods=["GET"])
    router.add_api_route("/job/{job_id}/result/{kind}", get_result, methods=["GET"])
    return router


routers = [_router(prefix) for prefix in PREFIXES]
