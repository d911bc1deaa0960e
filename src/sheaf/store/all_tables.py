"""Import every table module so ``Base.metadata`` knows them all (for Alembic and tests)."""

from sheaf.store import (
    queue_tables,  # noqa: F401
    tables,  # noqa: F401
    webhook_tables,  # noqa: F401
)
