"""The minimal FastAPI app that ``api_bench.py`` measures Sheaf against.

The same fastapi/uvicorn/SQLAlchemy as Sheaf, nothing else: one route reads one row by
primary key from SQLite with SQLAlchemy Core and returns ~600 bytes of JSON, and ``/healthz``
runs ``SELECT 1`` (as Sheaf's does). Both are sync endpoints, run in the same thread pool as
Sheaf's. Run by the bench as
``uvicorn api_reference_app:app --app-dir bench`` with ``REF_DB`` naming a SQLite file.
"""

from __future__ import annotations

import json
import os

from fastapi import FastAPI, HTTPException
from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, select, text

metadata = MetaData()
items = Table("items", metadata, Column("id", String, primary_key=True), Column("body", Text))

ROW_ID = "bat-0123456789abcdef"


def seed(path: str) -> None:
    """Create the database with one ~600-byte row (the bench calls this once)."""
    engine = create_engine(f"sqlite:///{path}")
    metadata.create_all(engine)
    body = {
        "id": ROW_ID,
        "project_id": "prj-" + "0" * 32,
        "source_directory_id": "dir-" + "1" * 32,
        "config": {"job": {"type": "parse_v2", "configuration_id": "cfg-PARSE_FAST"}},
        "status": "COMPLETED",
        "created_at": "2026-12-02T00:00:00.000000Z",
        "updated_at": "2026-12-02T00:00:01.000000Z",
        "progress": {"total": 20, "pending": 0, "running": 0, "completed": 20, "failed": 0},
        "error_message": None,
        "padding": "x" * 200,
    }
    with engine.begin() as conn:
        conn.execute(items.delete())
        conn.execute(items.insert(), {"id": ROW_ID, "body": json.dumps(body)})
    engine.dispose()


engine = create_engine(
    f"sqlite:///{os.environ.get('REF_DB', ':memory:')}",
    connect_args={"check_same_thread": False},
    pool_size=40,
)
app = FastAPI()


@app.get("/items/{item_id}")
def get_item(item_id: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(select(items.c.body).where(items.c.id == item_id)).first()
    if row is None:
        raise HTTPException(404, "not found")
    return json.loads(row.body)


@app.get("/healthz")
def healthz() -> dict:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"status": "ok"}
