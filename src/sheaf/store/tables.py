"""SQLAlchemy tables: the one source of truth for every resource and the job queue.

Wire shapes live in ``sheaf.api.schemas``; the service layer converts between the two.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sheaf.store.types import JSONType, UTCDateTime, utcnow

__all__ = [
    "ApiKey",
    "Base",
    "Configuration",
    "Directory",
    "DirectoryFile",
    "FileRecord",
    "InstanceSecret",
    "Organization",
    "Project",
]


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType()}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InstanceSecret(Base):
    """Secrets every API server and worker must share (e.g. the download-URL signing key)."""

    __tablename__ = "instance_secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class Organization(Timestamped, Base):
    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))


class Project(Timestamped, Base):
    __tablename__ = "projects"
    __table_args__ = (UniqueConstraint("organization_id", "name"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class ApiKey(Base):
    """Only a SHA-256 of the key is stored; the key itself is shown once."""

    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    key_prefix: Mapped[str] = mapped_column(String(16))
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    # NULL = an organization key that reaches every project of its organization.
    project_id: Mapped[str | None] = mapped_column(ForeignKey("projects.id"), nullable=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FileRecord(Base):
    __tablename__ = "files"
    __table_args__ = (
        Index("ix_files_project_created", "project_id", "created_at", "id"),
        Index("ix_files_project_name", "project_id", "name", "id"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(1024))
    file_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    content_type: Mapped[str | None] = mapped_column(String(255), nullable=True)
    purpose: Mapped[str | None] = mapped_column(String(32), nullable=True)
    external_file_id: Mapped[str | None] = mapped_column(String(1024), nullable=True, index=True)
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(1024))
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Set when the file came in through a directory upload: it goes when that directory
    # expires (ephemeral directories clean up after themselves).
    uploaded_via_directory_id: Mapped[str | None] = mapped_column(
        String(64), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_modified_at: Mapped[datetime] = mapped_column(default=utcnow)


class Directory(Timestamped, Base):
    __tablename__ = "directories"
    __table_args__ = (
        Index("ix_directories_project_created", "project_id", "created_at", "id"),
        # A connector subscription syncs into one directory per project.
        UniqueConstraint("project_id", "connector_subscription_id"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    name: Mapped[str] = mapped_column(String(1024))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    type: Mapped[str] = mapped_column(String(16), default="user")
    connector_subscription_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    system_metadata: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True, index=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class DirectoryFile(Timestamped, Base):
    __tablename__ = "directory_files"
    __table_args__ = (
        Index("ix_directory_files_dir_created", "directory_id", "created_at", "id"),
        Index("ix_directory_files_dir_unique", "directory_id", "unique_id"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    directory_id: Mapped[str] = mapped_column(ForeignKey("directories.id", ondelete="CASCADE"))
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"))
    file_id: Mapped[str | None] = mapped_column(
        ForeignKey("files.id", ondelete="SET NULL"), nullable=True, index=True
    )
    display_name: Mapped[str] = mapped_column(String(1024))
    unique_id: Mapped[str] = mapped_column(String(1024))
    user_metadata: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Configuration(Timestamped, Base):
    __tablename__ = "configurations"
    __table_args__ = (UniqueConstraint("project_id", "product_type", "name"),)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    name: Mapped[str] = mapped_column(String(1024))
    product_type: Mapped[str] = mapped_column(String(32))
    parameters: Mapped[dict[str, Any]] = mapped_column()
    version: Mapped[str] = mapped_column(String(64))
