"""``GET /healthz``: 200 once the server can reach its database."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from sheaf.api.deps import DbSession

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(session: DbSession) -> dict:
    session.execute(text("SELECT 1"))
    return {"status": "ok"}
