"""``GET /healthz``: 200 once the server can reach its database."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy import Connection, text

from sheaf.api.deps import RuntimeDep, read_only

router = APIRouter(tags=["health"])

OK = b'{"status":"ok"}'


class Health(BaseModel):
    status: str


def _ping(conn: Connection) -> None:
    conn.execute(text("SELECT 1"))


@router.get("/healthz", response_model=Health)
async def healthz(runtime: RuntimeDep) -> Response:
    # A bare connection, no session: probes (load balancers, Kubernetes) are frequent. On
    # SQLite it runs in the event loop; else one thread hop (see deps.read_only).
    await read_only(runtime, _ping)
    return Response(OK, media_type="application/json")
