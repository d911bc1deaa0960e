"""All configuration, read once from ``SHEAF_*`` environment variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHEAF_", extra="ignore")

    data_dir: Path = Path(".sheaf")
    # Empty means SQLite inside data_dir; set postgresql+psycopg://... to scale out.
    database_url: str = ""
    # Empty means a local folder inside data_dir.
    blob_dir: Path | None = None

    # Blob storage backend: "local" (blob_dir) or "s3" (an S3-compatible bucket shared by all
    # processes). Unset S3 keys fall back to boto3's credential chain (env, profile, role).
    blob_backend: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_prefix: str = ""
    s3_endpoint_url: str | None = None  # MinIO / Ceph / R2 / moto; empty means AWS
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    s3_create_bucket: bool = False  # create the bucket on start if it is missing
    s3_presigned_urls: bool = True  # file content URLs point at S3 itself (else at our route)

    public_base_url: str = ""  # how clients reach us; used in presigned download URLs
    bootstrap_api_key: str | None = None

    max_upload_bytes: int = 512 * 1024 * 1024
    max_request_body_bytes: int = 10 * 1024 * 1024  # JSON and other non-upload bodies
    # Slow clients: a request head must arrive within this many seconds of the connection (or
    # of its first byte, on a kept-alive one), and a body may not stall longer than the other.
    header_timeout_seconds: float = 15.0
    body_idle_timeout_seconds: float = 30.0
    api_max_concurrency: int = 32  # requests using the database at once (< the 40 threads)
    api_key_cache_seconds: float = 10.0  # a revoked key works at most this long afterwards
    api_processes: int = 1  # API server processes sharing the port (sheaf serve --api-processes)
    download_url_ttl_seconds: int = 3600
    maintenance_interval_seconds: float = 60.0

    # Queue and workers
    project_max_running_jobs: int = 16
    job_max_attempts: int = 3
    lease_seconds: float = 30.0
    # On SIGTERM/SIGINT running jobs get this long to finish; the rest go back to the queue.
    shutdown_grace_seconds: float = 30.0
    job_timeout_seconds: float = 600.0
    job_timeout_per_page_seconds: float = 10.0
    worker_max_jobs: int = 10_000  # recycle a worker process after this many jobs
    worker_recycle_rss_mb: int = 1536  # ... or once it holds this much memory between jobs
    worker_memory_limit_mb: int = 4096
    worker_poll_seconds: float = 0.2
    max_batch_files: int = 1_000_000
    ocr_threads: int = 0  # onnxruntime threads per OCR model in a worker; 0 = its default

    # Webhooks and outbound requests
    allow_private_egress: bool = False
    webhook_max_attempts: int = 8
    webhook_timeout_seconds: float = 10.0
    webhook_retry_base_seconds: float = 2.0
    webhook_delivery_retention_days: float = 7.0  # delivered/failed outbox rows kept this long

    # Optional model endpoints (never required)
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_seconds: float = 120.0  # per request to the LLM
    vlm_base_url: str | None = None
    vlm_model: str | None = None
    vlm_api_key: str | None = None  # empty for local servers that need none (vLLM, Ollama)
    vlm_timeout_seconds: float = 120.0  # per page request
    vlm_max_pages: int = 200  # pages per document sent to the model; the rest keep local md

    log_level: str = Field(default="info")
    log_format: Literal["text", "json"] = "text"  # json: one object per line, with ids
    metrics_token: str | None = None  # when set, /metrics wants "Authorization: Bearer <it>"

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sheaf.db').resolve()}"

    @property
    def resolved_blob_dir(self) -> Path:
        return (self.blob_dir or self.data_dir / "blobs").resolve()

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests and the CLI change env vars before starting; forget what was read."""
    get_settings.cache_clear()
    os.environ.setdefault("SHEAF_DATA_DIR", str(Settings().data_dir))
