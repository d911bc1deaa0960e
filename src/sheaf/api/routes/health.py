"""``GET /healthz``: 200 once the server can reach its database."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from sheaf.api.deps import RuntimeDep
from sheaf.store.db import Database

router = APIRouter(tags=["health"])

OK = b'{"status":"ok"}'


class Health(BaseModel):
    status: str


def _ping(db: Database) -> None:
    with db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


@router.get("/healthz", response_model=Health)
async def healthz(runtime: RuntimeDep) -> Response:
    # One thread hop and a bare connection: probes (load balancers, Kubernetes) are
    # frequent, and this holds no request slot since it holds a connection only inside it.
    await run_in_threadpool(_ping, runtime.db)
    return Response(OK, media_type="application/json")
