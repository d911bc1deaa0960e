"""A durable job queue in the application's database: enqueue, claim with a lease,
heartbeat, finish, release, reap. Pure: it imports nothing above ``sheaf.store`` and reports
the transitions it made; ``sheaf.services.lifecycle`` applies their consequences.

A backend is one module implementing :class:`~sheaf.queue.base.JobQueue`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from sheaf.queue.base import JobQueue, Outcome, Transition
from sheaf.queue.postgres import PostgresQueue
from sheaf.queue.sqlite import SqliteQueue

__all__ = ["JobQueue", "Outcome", "Transition", "queue_for"]

BACKENDS: dict[str, JobQueue] = {"sqlite": SqliteQueue(), "postgresql": PostgresQueue()}


def queue_for(session: Session) -> JobQueue:
    """The queue implementation for the database behind ``session``."""
    name = session.get_bind().dialect.name
    try:
        return BACKENDS[name]
    except KeyError:
        raise RuntimeError(f"no job queue for the {name} database") from None
