"""Alembic environment: runs migrations against the URL the caller configured."""

from __future__ import annotations

from alembic import context

from sheaf.store import all_tables  # noqa: F401  (registers every table on Base.metadata)
from sheaf.store.db import make_engine
from sheaf.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("sqlalchemy.url is not set (sheaf.store.db.migrate sets it)")
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several servers may start at once: one migrates, the others wait.
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7262531)")
            context.run_migrations()
    engine.dispose()


run_migrations_online()
