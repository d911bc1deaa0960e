"""Shared fixtures: a real Sheaf server per database backend, and SDK clients for it.

Set ``SHEAF_TEST_POSTGRES_URL`` (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``)
to also run every server-backed test against PostgreSQL; ``scripts/test`` does.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from llama_cloud import LlamaCloud

from sheaf.store.db import Database, migrate
from sheaf.store.tables import Organization, Project
from tests.serverproc import SheafServer

POSTGRES_ADMIN_URL = os.environ.get("SHEAF_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_ADMIN_URL else [])


def fresh_postgres_database() -> str:
    """Create an empty database on the test server and return its URL."""
    import sqlalchemy as sa

    name = f"sheaf_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres_database(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    engine.dispose()


@contextmanager
def migrated_database(backend: str, tmp_path, projects: tuple[str, ...]) -> Iterator[Database]:
    """A fresh, migrated database on ``backend`` with one organization and ``projects``."""
    url = fresh_postgres_database() if backend == "postgresql" else f"sqlite:///{tmp_path}/sheaf.db"
    migrate(url)
    database = Database(url)
    with database.session() as session:
        session.add(Organization(id="org-tests", name="org"))
        session.flush()
        for pid in projects:
            session.add(Project(id=pid, organization_id="org-tests", name=pid))
    try:
        yield database
    finally:
        database.dispose()
        if backend == "postgresql":
            drop_postgres_database(url)


def make_server(backend: str, tmp_path_factory, **kwargs) -> SheafServer:
    data_dir = tmp_path_factory.mktemp(f"sheaf-{backend}")
    url = fresh_postgres_database() if backend == "postgresql" else ""
    return SheafServer(data_dir=data_dir, database_url=url, **kwargs)


@pytest.fixture(scope="session", params=BACKENDS)
def server(request, tmp_path_factory) -> Iterator[SheafServer]:
    srv = make_server(
        request.param,
        tmp_path_factory,
        env={
            "SHEAF_MAX_UPLOAD_BYTES": str(2 * 1024 * 1024),
            "SHEAF_MAINTENANCE_INTERVAL_SECONDS": "0.5",
            "SHEAF_WEBHOOK_RETRY_BASE_SECONDS": "0.2",
            "SHEAF_MAX_REQUEST_BODY_BYTES": str(256 * 1024),
        },
    )
    srv.start()
    yield srv
    srv.stop()


def sdk(server: SheafServer, api_key: str | None = None, **kwargs) -> LlamaCloud:
    return LlamaCloud(
        api_key=api_key or server.api_key,
        base_url=server.base_url,
        _strict_response_validation=True,
        max_retries=kwargs.pop("max_retries", 0),
        **kwargs,
    )


@pytest.fixture(scope="session")
def client(server: SheafServer) -> LlamaCloud:
    return sdk(server)


@pytest.fixture(scope="session")
def other_client(server: SheafServer) -> LlamaCloud:
    """A client whose key belongs to a second project of the same organization."""
    out = server.sheaf("keys", "create", "--project", "Other").stdout
    key = next(line.split("=", 1)[1] for line in out.splitlines() if "LLAMA_CLOUD_API_KEY" in line)
    return sdk(server, key)
