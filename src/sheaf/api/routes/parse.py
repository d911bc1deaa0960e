"""``/api/v2/parse``: parse jobs (CONTRACT §4)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response, StreamingResponse
from pydantic import ValidationError
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool

from sheaf.api.deps import DbSession, Runtime, RuntimeDep, TenantDep, read_only
from sheaf.api.pagination import Order, paginate, within
from sheaf.api.responses import json_response
from sheaf.api.routes.files import store_upload
from sheaf.api.schemas.parse import ParseCreate, ParseJobPublic, ParseUpload
from sheaf.api.streaming import json_object_stream
from sheaf.blobs import BlobNotFound
from sheaf.errors import InvalidInput, NotFound
from sheaf.jobs.parse_file import OUTPUTS, image_blob_key
from sheaf.jobs.results import result_sizes, stored_json_parts
from sheaf.services import files as file_service
from sheaf.services import parse_jobs as service
from sheaf.services.jobs import read_job
from sheaf.store.queue_tables import Job

router = APIRouter(prefix="/api/v2/parse", tags=["parse"])

JobStatusLiteral = Literal["PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]
CONTENT_METADATA_SUFFIX = "_content_metadata"
RESULT_EXPANDS = frozenset(OUTPUTS)
IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}\.png$")


def to_public(job: Job) -> ParseJobPublic:
    return ParseJobPublic.model_validate(service.view(job))


def _image_token(job_id: str, filename: str) -> str:
    return f"{job_id}/images/{filename}"


def _image_url(request: Request, runtime, job_id: str, filename: str) -> str:
    """A presigned URL for one saved image: the blob store's own, else our signed route."""
    ttl = runtime.settings.download_url_ttl_seconds
    presign = getattr(runtime.blobs, "presigned_get_url", None)  # remote stores, e.g. S3
    if presign is not None:
        url = presign(image_blob_key(job_id, filename), ttl, filename, content_type="image/png")
        if url:
            return url
    expires, signature = file_service.sign_download(
        runtime.download_secret, _image_token(job_id, filename), ttl
    )
    base = runtime.settings.public_base_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/api/v2/parse/{job_id}/images/{filename}?expires={expires}&signature={signature}"


def _images_metadata(
    request: Request, runtime, job: Job, results: dict, image_filenames: str | None
) -> dict:
    saved = results.get("images") or []
    names = {n.strip() for n in (image_filenames or "").split(",") if n.strip()}
    images = []
    for im in saved:
        if names and im["filename"] not in names:
            continue
        images.append(
            {
                "filename": im["filename"],
                "index": im["index"],
                "bbox": im.get("bbox"),
                "category": im.get("category"),
                "content_type": im.get("content_type") or "image/png",
                "presigned_url": _image_url(request, runtime, job.id, im["filename"]),
                "size_bytes": None,
            }
        )
    return {"total_count": len(images), "images": images}


@router.post("", response_model=ParseJobPublic)
def create_parse_job(body: ParseCreate, runtime: RuntimeDep, session: DbSession, tenant: TenantDep):
    job = service.create_parse_job(
        session, tenant, runtime.settings, body.model_dump(exclude_none=True)
    )
    return to_public(job)


@router.post("/upload", response_model=ParseJobPublic)
def upload_and_parse(
    runtime: RuntimeDep,
    session: DbSession,
    tenant: TenantDep,
    file: Annotated[UploadFile, File()],
    configuration: Annotated[str, Form()] = "{}",
):
    try:
        options = ParseUpload.model_validate(json.loads(configuration or "{}"))
    except (ValueError, ValidationError) as exc:
        raise InvalidInput(f"configuration must be a JSON object of parse options: {exc}") from exc
    body = options.model_dump(exclude_none=True)
    if body.pop("source_url", None):
        raise InvalidInput("upload a file or give source_url, not both")
    service.resolve_parameters(session, tenant, body)  # fail before storing the bytes
    record = store_upload(runtime, session, tenant, file, purpose="parse")
    job = service.create_parse_job(session, tenant, runtime.settings, body, file=record)
    return to_public(job)


@router.get("/versions")
def list_versions(tenant: TenantDep) -> dict:
    versions = service.WIRE_VERSIONS
    return {tier: list(dates) for tier, dates in versions.items()} | {
        "latest": {tier: dates[-1] for tier, dates in versions.items()}
    }


@router.get("")
def list_parse_jobs(
    session: DbSession,
    tenant: TenantDep,
    created_at_on_or_after: datetime | None = None,
    created_at_on_or_before: datetime | None = None,
    job_ids: Annotated[list[str] | None, Query()] = None,
    status: JobStatusLiteral | None = None,
    page_size: Annotated[int | None, Query(ge=1, le=1000)] = None,
    page_token: str | None = None,
) -> dict:
    stmt = select(Job).where(Job.project_id == tenant.project_id, Job.kind == "parse")
    stmt = within(stmt, Job.created_at, created_at_on_or_after, created_at_on_or_before)
    if job_ids:
        stmt = stmt.where(Job.id.in_(job_ids))
    if status is not None:
        stmt = stmt.where(Job.status == status)
    page = paginate(
        session,
        stmt,
        Order([Job.created_at, Job.id], descending=True),
        page_size=page_size,
        page_token=page_token,
        to_wire=to_public,
    )
    return page.as_dict()


@router.get("/{job_id}", response_model=dict)
async def get_parse_job(
    job_id: str,
    request: Request,
    runtime: RuntimeDep,
    tenant: TenantDep,
    expand: Annotated[list[str] | None, Query()] = None,
    image_filenames: str | None = None,
) -> Response:  # blob-stored results come back as a StreamingResponse
    # async + read_only: polls are the most frequent request (see deps.read_only).
    job = await read_only(runtime, read_job, tenant, job_id, "parse")
    if _reads_blobs(job, set(expand or [])):  # the blob store's I/O stays off the event loop
        return await run_in_threadpool(
            _parse_job_response, request, runtime, job, expand, image_filenames
        )
    return _parse_job_response(request, runtime, job, expand, image_filenames)


def _wants_results(job: Job, wanted: set[str]) -> bool:
    return job.status == "COMPLETED" and bool(
        wanted & RESULT_EXPANDS or any(w.endswith(CONTENT_METADATA_SUFFIX) for w in wanted)
    )


def _reads_blobs(job: Job, wanted: set[str]) -> bool:
    """Whether answering reads the blob store: results stored as blobs (an inline result,
    at most ``INLINE_LIMIT_BYTES``, is in the row), or presigned image URLs."""
    if not _wants_results(job, wanted):
        return False
    return bool(job.result_key and not job.result_inline) or "images_content_metadata" in wanted


def _parse_job_response(
    request: Request,
    runtime: Runtime,
    job: Job,
    expand: list[str] | None,
    image_filenames: str | None,
) -> Response:
    wanted = set(expand or [])
    out: dict = {"job": to_public(job).model_dump(mode="json", exclude={"usage"})}
    if "usage" in wanted:
        out["job"]["usage"] = {"credits": job.credits}
    if "job_metadata" in wanted:
        out["job_metadata"] = job.job_metadata or {}
    if not _wants_results(job, wanted):  # a plain poll never loads the stored outputs
        return json_response(out)
    # Read only the outputs asked for (large results are stored one blob per output).
    keys = set(wanted & RESULT_EXPANDS)
    # Blob-stored outputs are streamed into the response instead of loaded: a result may be
    # hundreds of MB, and every tenant may ask for it at once.
    streamed = stored_json_parts(runtime.blobs, job, keys - {"images"}) or {}
    if "images_content_metadata" in wanted:
        keys.add("images")
    results = service.read_results(runtime.blobs, job, keys - set(streamed))
    for kind in OUTPUTS:
        if kind in wanted and kind in results:
            out[kind] = results[kind]
    content = [
        w[: -len(CONTENT_METADATA_SUFFIX)]
        for w in wanted
        if w.endswith(CONTENT_METADATA_SUFFIX) and w != "images_content_metadata"
    ]
    if content:
        sizes = result_sizes(runtime.blobs, job)
        out["result_content_metadata"] = {
            key: {"size_bytes": sizes.get(key, 0), "exists": key in sizes, "presigned_url": None}
            for key in content
        }
    if "images_content_metadata" in wanted:
        out["images_content_metadata"] = _images_metadata(
            request, runtime, job, results, image_filenames
        )
    if streamed:
        ordered = [(kind, streamed[kind]) for kind in OUTPUTS if kind in streamed]
        return StreamingResponse(json_object_stream(out, ordered), media_type="application/json")
    return json_response(out)


@router.get("/{job_id}/images/{filename}")
def download_parse_image(
    job_id: str,
    filename: str,
    runtime: RuntimeDep,
    session: DbSession,
    expires: int,
    signature: str,
) -> Response:
    """The target of ``images_content_metadata`` presigned URLs: the signature is the
    credential (no API key), as for file downloads."""
    file_service.verify_download(
        runtime.download_secret, _image_token(job_id, filename), expires, signature
    )
    job = session.get(Job, job_id)
    if job is None or job.kind != "parse" or not IMAGE_NAME.match(filename):
        raise NotFound(f"image {filename} of parse job {job_id} not found")
    key = image_blob_key(job_id, filename)
    if not runtime.blobs.exists(key):
        raise NotFound(f"image {filename} of parse job {job_id} not found")
    path = runtime.blobs.local_path(key)
    if path is not None:
        return FileResponse(
            path, media_type="image/png", filename=filename, content_disposition_type="inline"
        )
    try:
        chunks = runtime.blobs.iter_chunks(key)
    except BlobNotFound:
        raise NotFound(f"image {filename} of parse job {job_id} not found") from None
    return StreamingResponse(
        chunks,
        media_type="image/png",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


@router.post("/{job_id}/cancel", response_model=ParseJobPublic)
def cancel_parse_job(job_id: str, session: DbSession, tenant: TenantDep):
    return to_public(service.cancel_parse_job(session, tenant, job_id))


@router.delete("/{job_id}")
def delete_parse_job(
    job_id: str, runtime: RuntimeDep, session: DbSession, tenant: TenantDep
) -> dict:
    service.delete_parse_job(session, runtime.blobs, tenant, job_id)
    return {"id": job_id, "project_id": tenant.project_id}
