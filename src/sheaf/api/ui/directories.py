"""Directories: list, create, upload several files, start a batch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from sheaf.api.deps import DbSession, RuntimeDep
from sheaf.api.routes.files import store_upload
from sheaf.api.ui import queries
from sheaf.api.ui.common import UiDep, UiRoute, page, require_csrf
from sheaf.errors import InvalidInput
from sheaf.services import batches as batch_service
from sheaf.services import directories as service
from sheaf.services import files as file_service
from sheaf.services.configurations import PRESETS, get_configuration

router = APIRouter(prefix="/ui", route_class=UiRoute, include_in_schema=False)

FILES_SHOWN = 500


@router.get("/directories", response_class=HTMLResponse)
def directory_list(request: Request, session: DbSession, ui: UiDep):
    return page(request, "directories.html", directories=queries.directories(session, ui.tenant))


@router.post("/directories")
def create_directory(
    request: Request,
    session: DbSession,
    ui: UiDep,
    name: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str | None, Form()] = None,
):
    require_csrf(request, ui, csrf_token)
    if not name.strip():
        raise InvalidInput("a directory needs a name")
    directory = service.create_directory(session, ui.tenant, {"name": name.strip()})
    return RedirectResponse(f"/ui/directories/{directory.id}", status_code=303)


@router.get("/directories/{directory_id}", response_class=HTMLResponse)
def directory_page(directory_id: str, request: Request, session: DbSession, ui: UiDep):
    directory = service.get_directory(session, ui.tenant, directory_id)
    return page(
        request,
        "directory.html",
        directory=directory,
        files=queries.directory_files(session, directory.id, FILES_SHOWN),
        file_limit=FILES_SHOWN,
        presets=list(PRESETS.values()),
        configs=queries.configurations(session, ui.tenant),
    )


@router.post("/directories/{directory_id}/upload")
def upload(
    directory_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    ui: UiDep,
    files: Annotated[list[UploadFile], File()],
    csrf_token: Annotated[str | None, Form()] = None,
):
    require_csrf(request, ui, csrf_token)
    service.get_directory(session, ui.tenant, directory_id)
    for upload_file in files:
        if not upload_file.filename:
            continue  # the browser sends an empty part when no file was chosen
        service.ensure_unique_id_free(
            session, directory_id, file_service.safe_filename(upload_file.filename)
        )
        record = store_upload(
            runtime,
            session,
            ui.tenant,
            upload_file,
            purpose="user_data",
            directory_id=directory_id,
        )
        service.add_file(session, ui.tenant, directory_id, record)
    return RedirectResponse(f"/ui/directories/{directory_id}", status_code=303)


@router.post("/directories/{directory_id}/batch")
def start_batch(
    directory_id: str,
    request: Request,
    runtime: RuntimeDep,
    session: DbSession,
    ui: UiDep,
    configuration_id: Annotated[str, Form()],
    csrf_token: Annotated[str | None, Form()] = None,
):
    require_csrf(request, ui, csrf_token)
    job_type = get_configuration(session, ui.tenant, configuration_id).product_type
    body = {
        "source_directory_id": directory_id,
        "config": {"job": {"type": job_type, "configuration_id": configuration_id}},
    }
    batch = batch_service.create_batch(session, ui.tenant, runtime.settings, body)
    return RedirectResponse(f"/ui/batches/{batch.id}", status_code=303)
