"""Read-only listings the dashboard shows and the API has no service call for (the API's
own lists are built in its routes). Every query is scoped to the caller's project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from sheaf.errors import InvalidState, NotFound
from sheaf.services.tenancy import Tenant
from sheaf.store.queue_tables import BatchItem, Job
from sheaf.store.tables import Configuration, Directory, DirectoryFile, FileRecord
from sheaf.store.types import utcnow
from sheaf.store.webhook_tables import WebhookDelivery

__all__ = [
    "BatchRow",
    "batch_rows",
    "configurations",
    "deliveries",
    "directories",
    "directory_files",
    "redeliver",
    "usage_by_day",
]


@dataclass
class BatchRow:
    seq: int
    name: str
    job_id: str | None
    status: str
    pages: int | None
    started_at: datetime | None
    finished_at: datetime | None
    reason: str | None


ROW_FILTERS = ("failed", "completed", "running", "pending", "cancelled")


def batch_rows(
    session: Session, batch_id: str, after: int, limit: int, only: str | None = None
) -> list[BatchRow]:
    """One row per source file of a batch (the batch itself is already checked as visible).

    ``only`` keeps one outcome; "failed" includes files that got no job.
    """
    stmt = (
        select(
            BatchItem.seq,
            DirectoryFile.display_name,
            BatchItem.job_id,
            BatchItem.error_message,
            Job.status,
            Job.page_count,
            Job.started_at,
            Job.finished_at,
            Job.error_message,
        )
        .select_from(BatchItem)
        .join(DirectoryFile, DirectoryFile.id == BatchItem.directory_file_id, isouter=True)
        .join(Job, Job.id == BatchItem.job_id, isouter=True)
        .where(BatchItem.batch_id == batch_id, BatchItem.seq > after)
        .order_by(BatchItem.seq)
        .limit(limit)
    )
    if only == "failed":
        stmt = stmt.where(or_(BatchItem.job_id.is_(None), Job.status == "FAILED"))
    elif only in ROW_FILTERS:
        stmt = stmt.where(Job.status == only.upper())
    rows = []
    for seq, name, job_id, unmapped, status, pages, started, finished, error in session.execute(
        stmt
    ):
        rows.append(
            BatchRow(
                seq=seq,
                name=name or "(file removed)",
                job_id=job_id,
                status=status or "NOT STARTED",
                pages=pages,
                started_at=started,
                finished_at=finished,
                reason=unmapped or (error if status != "COMPLETED" else None),
            )
        )
    return rows


def directories(session: Session, tenant: Tenant, limit: int = 200) -> list[tuple[Directory, int]]:
    """Live directories, newest first, with their live file counts."""
    counts = (
        select(DirectoryFile.directory_id, func.count().label("n"))
        .where(DirectoryFile.project_id == tenant.project_id, DirectoryFile.deleted_at.is_(None))
        .group_by(DirectoryFile.directory_id)
        .subquery()
    )
    now = utcnow()
    # a subquery's columns are untyped, so select() cannot tell the row type: spelled out
    stmt: Select[Directory, int] = (
        select(Directory, func.coalesce(counts.c.n, 0))
        .join(counts, counts.c.directory_id == Directory.id, isouter=True)
        .where(
            Directory.project_id == tenant.project_id,
            Directory.deleted_at.is_(None),
            (Directory.expires_at.is_(None)) | (Directory.expires_at > now),
        )
        .order_by(Directory.created_at.desc(), Directory.id.desc())
        .limit(limit)
    )
    return [(d, int(n)) for d, n in session.execute(stmt)]


def directory_files(
    session: Session, directory_id: str, limit: int = 500
) -> list[tuple[DirectoryFile, FileRecord | None]]:
    stmt = (
        select(DirectoryFile, FileRecord)
        .join(FileRecord, FileRecord.id == DirectoryFile.file_id, isouter=True)
        .where(DirectoryFile.directory_id == directory_id, DirectoryFile.deleted_at.is_(None))
        .order_by(DirectoryFile.created_at, DirectoryFile.id)
        .limit(limit)
    )
    return [(entry, record) for entry, record in session.execute(stmt)]


def configurations(session: Session, tenant: Tenant) -> list[Configuration]:
    return list(
        session.scalars(
            select(Configuration)
            .where(Configuration.project_id == tenant.project_id)
            .order_by(Configuration.product_type, Configuration.name)
        )
    )


def deliveries(
    session: Session, tenant: Tenant, status: str | None = None, limit: int = 200
) -> list[WebhookDelivery]:
    stmt = select(WebhookDelivery).where(WebhookDelivery.project_id == tenant.project_id)
    if status:
        stmt = stmt.where(WebhookDelivery.status == status)
    stmt = stmt.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    return list(session.scalars(stmt.limit(limit)))


def redeliver(session: Session, tenant: Tenant, delivery_id: str) -> None:
    """Queue a finished delivery again, with a fresh attempt budget; the deliverer sends it."""
    row = session.get(WebhookDelivery, delivery_id)
    if row is None or row.project_id != tenant.project_id:
        raise NotFound(f"webhook delivery {delivery_id} not found")
    if row.status not in ("failed", "delivered"):
        raise InvalidState(f"delivery {delivery_id} is {row.status}; it is still being sent")
    now = utcnow()
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == row.status)
        .values(status="pending", attempts=0, next_attempt_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )


@dataclass
class UsageDay:
    day: date
    jobs: dict[str, int]
    pages: int
    credits: float


def usage_by_day(session: Session, tenant: Tenant, days: int = 30) -> list[UsageDay]:
    """Finished jobs of the last ``days`` days: jobs per kind, pages and credits per UTC day."""
    since = utcnow() - timedelta(days=days)
    if session.get_bind().dialect.name == "postgresql":  # a UTC day, whatever the session zone
        day = func.date(func.timezone("UTC", Job.finished_at))
    else:
        day = func.date(Job.finished_at)
    # func.date() is untyped, so select() cannot tell the row type: spelled out (the day is a
    # date from PostgreSQL, an ISO string from SQLite)
    stmt: Select[date | str, str, int, int, float] = (
        select(
            day,
            Job.kind,
            func.count(),
            func.coalesce(func.sum(Job.page_count), 0),
            func.coalesce(func.sum(Job.credits), 0.0),
        )
        .where(
            Job.project_id == tenant.project_id,
            Job.finished_at.is_not(None),
            Job.finished_at >= since,
        )
        .group_by(day, Job.kind)
    )
    out: dict[Any, UsageDay] = {}
    for when, kind, count, pages, credits in session.execute(stmt):
        key = when if isinstance(when, date) else date.fromisoformat(str(when))
        entry = out.setdefault(key, UsageDay(key, {}, 0, 0.0))
        entry.jobs[kind] = int(count)
        entry.pages += int(pages)
        entry.credits += float(credits)
    return sorted(out.values(), key=lambda u: u.day, reverse=True)
