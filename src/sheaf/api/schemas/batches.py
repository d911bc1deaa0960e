"""Batch wire models (CONTRACT §1)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from sheaf.api.schemas.common import RequestModel, WireModel
from sheaf.api.schemas.parse import WebhookConfiguration

__all__ = ["BatchCreate", "BatchPublic", "BatchResult"]

JobType = Literal["parse_v2", "extract_v2"]
BatchStatusLiteral = Literal["PENDING", "THROTTLED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]


class BatchJobConfig(RequestModel):
    type: JobType
    configuration_id: str = Field(min_length=1)


class BatchConfig(RequestModel):
    job: BatchJobConfig


class BatchCreate(RequestModel):
    source_directory_id: str = Field(min_length=1)
    config: BatchConfig
    webhook_configuration_ids: list[str] | None = None
    webhook_configurations: list[WebhookConfiguration] | None = None


class JobReference(WireModel):
    id: str
    type: JobType


class BatchResult(WireModel):
    source_directory_file_id: str
    job_reference: JobReference | None = None
    error_message: str | None = None


class BatchProgress(WireModel):
    """Sheaf's extension: per-state file counts (extra fields are allowed by the SDK)."""

    total: int
    pending: int
    running: int
    completed: int
    failed: int
    cancelled: int
    unmapped: int
    pages: int


class BatchJobConfigPublic(WireModel):
    configuration_id: str
    type: JobType


class BatchConfigPublic(WireModel):
    job: BatchJobConfigPublic


class BatchPublic(WireModel):
    id: str
    config: BatchConfigPublic
    project_id: str
    source_directory_id: str
    status: BatchStatusLiteral
    created_at: datetime | None = None
    updated_at: datetime | None = None
    results: list[BatchResult] | None = None
    progress: BatchProgress | None = None
    error_message: str | None = None
