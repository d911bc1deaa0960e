"""Jobs (the queue itself), batches, and the per-project counters the scheduler reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sheaf.store.tables import Base, Timestamped
from sheaf.store.types import utcnow

__all__ = ["Batch", "BatchItem", "Job", "ProjectQueue"]


class Job(Timestamped, Base):
    """One parse or extract job: the API resource and the queue entry are the same row."""

    __tablename__ = "jobs"
    __table_args__ = (
        # Claims scan pending jobs of one project oldest first; run_after is checked per row.
        Index("ix_jobs_claim", "project_id", "status", "created_at", "id"),
        Index("ix_jobs_project_created", "project_id", "created_at", "id"),
        Index("ix_jobs_batch", "batch_id", "status"),
        Index("ix_jobs_lease", "status", "lease_expires_at"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "parse" | "extract"
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    status: Mapped[str] = mapped_column(String(16), default="PENDING")
    name: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    tier: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    configuration_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Input: a Files-API file, a URL to fetch, or (extract) a completed parse job.
    file_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    source_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    input_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    batch_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    directory_file_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_metadata: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    webhooks: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Queue mechanics
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    timeout_seconds: Mapped[float] = mapped_column(Float, default=600.0)
    lease_owner: Mapped[str | None] = mapped_column(String(128), nullable=True)
    lease_expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Results
    result_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    result_inline: Mapped[str | None] = mapped_column(Text, nullable=True)  # small results
    input_blob_key: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    credits: Mapped[float | None] = mapped_column(Float, nullable=True)
    job_metadata: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)


class Batch(Timestamped, Base):
    """A batch and its job counters, kept in the same transactions that move its jobs."""

    __tablename__ = "batches"
    __table_args__ = (Index("ix_batches_project_created", "project_id", "created_at", "id"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    source_directory_id: Mapped[str] = mapped_column(String(64), index=True)
    job_type: Mapped[str] = mapped_column(String(16))
    configuration_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="PENDING")
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    webhooks: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    unmapped: Mapped[int] = mapped_column(Integer, default=0)  # files that got no job
    pending: Mapped[int] = mapped_column(Integer, default=0)
    running: Mapped[int] = mapped_column(Integer, default=0)
    completed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)  # pages parsed by finished jobs
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)


class BatchItem(Base):
    """One source file of a batch: the job made for it, or why none could be made."""

    __tablename__ = "batch_items"
    batch_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    directory_file_id: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)


class ProjectQueue(Base):
    """Per-project pending/running counts: the fair scheduler picks the least-served project."""

    __tablename__ = "project_queue"
    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    running: Mapped[int] = mapped_column(Integer, default=0)
    last_claim_at: Mapped[datetime] = mapped_column(default=utcnow)
