"""Source directories and the files in them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, event, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore
from sheaf.errors import Conflict, InvalidInput, NotFound
from sheaf.ids import new_id
from sheaf.services.files import get_file
from sheaf.services.tenancy import Tenant
from sheaf.store.tables import Directory, DirectoryFile, FileRecord

__all__ = [
    "add_file",
    "create_directory",
    "delete_directory",
    "delete_directory_file",
    "get_directory",
    "get_directory_file",
    "purge_expired",
    "update_directory_file",
]


def _now() -> datetime:
    return datetime.now(UTC)


def _is_live(directory: Directory) -> bool:
    if directory.deleted_at is not None:
        return False
    return directory.expires_at is None or directory.expires_at > _now()


def create_directory(session: Session, tenant: Tenant, fields: dict[str, Any]) -> Directory:
    sub = fields.get("connector_subscription_id")
    if sub:
        existing = session.scalars(
            select(Directory).where(
                Directory.project_id == tenant.project_id,
                Directory.connector_subscription_id == sub,
            )
        ).first()
        if existing is not None:
            raise Conflict(
                {
                    "message": "this connector subscription already syncs into a directory",
                    "directory_id": existing.id,
                }
            )
    expires_at = fields.get("expires_at")
    if expires_at is not None and expires_at.tzinfo is None:
        raise InvalidInput("expires_at must include a timezone (e.g. 2026-01-01T00:00:00Z)")
    directory = Directory(
        id=new_id("directory"),
        project_id=tenant.project_id,
        name=fields["name"],
        description=fields.get("description"),
        type=fields.get("type") or "user",
        connector_subscription_id=sub,
        system_metadata=fields.get("system_metadata"),
        expires_at=expires_at,
    )
    session.add(directory)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent create for the same subscription won
        raise Conflict("this connector subscription already syncs into a directory") from exc
    return directory


def get_directory(
    session: Session, tenant: Tenant, directory_id: str, *, include_deleted: bool = False
) -> Directory:
    directory = session.get(Directory, directory_id)
    if directory is None or directory.project_id != tenant.project_id:
        raise NotFound(f"directory {directory_id} not found")
    if not include_deleted and not _is_live(directory):
        raise NotFound(f"directory {directory_id} not found (deleted or expired)")
    return directory


def delete_directory(session: Session, tenant: Tenant, directory_id: str) -> None:
    directory = get_directory(session, tenant, directory_id)
    now = _now()
    directory.deleted_at = now
    session.execute(
        update(DirectoryFile)
        .where(DirectoryFile.directory_id == directory.id, DirectoryFile.deleted_at.is_(None))
        .values(deleted_at=now, updated_at=now)
    )
    session.flush()


def _unique_id_taken(
    session: Session, directory_id: str, unique_id: str, exclude: str | None
) -> bool:
    stmt = select(DirectoryFile.id).where(
        DirectoryFile.directory_id == directory_id,
        DirectoryFile.unique_id == unique_id,
        DirectoryFile.deleted_at.is_(None),
    )
    if exclude:
        stmt = stmt.where(DirectoryFile.id != exclude)
    return session.scalars(stmt).first() is not None


def ensure_unique_id_free(session: Session, directory_id: str, unique_id: str) -> None:
    if _unique_id_taken(session, directory_id, unique_id, None):
        raise Conflict(f"directory {directory_id} already has a file with unique_id {unique_id!r}")


def add_file(
    session: Session,
    tenant: Tenant,
    directory_id: str,
    file: FileRecord | str,
    *,
    display_name: str | None = None,
    unique_id: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> DirectoryFile:
    directory = get_directory(session, tenant, directory_id)
    record = get_file(session, tenant, file) if isinstance(file, str) else file
    unique_id = unique_id or record.external_file_id or record.name
    ensure_unique_id_free(session, directory.id, unique_id)
    entry = DirectoryFile(
        id=new_id("directory_file"),
        directory_id=directory.id,
        project_id=tenant.project_id,
        file_id=record.id,
        display_name=display_name or record.name,
        unique_id=unique_id,
        user_metadata=metadata,
    )
    session.add(entry)
    directory.updated_at = _now()
    session.flush()
    return entry


def get_directory_file(
    session: Session, tenant: Tenant, directory_id: str, directory_file_id: str
) -> DirectoryFile:
    get_directory(session, tenant, directory_id)
    entry = session.get(DirectoryFile, directory_file_id)
    if (
        entry is None
        or entry.directory_id != directory_id
        or entry.project_id != tenant.project_id
        or entry.deleted_at is not None
    ):
        raise NotFound(f"file {directory_file_id} not found in directory {directory_id}")
    return entry


def update_directory_file(
    session: Session,
    tenant: Tenant,
    directory_id: str,
    directory_file_id: str,
    changes: dict[str, Any],
) -> DirectoryFile:
    entry = get_directory_file(session, tenant, directory_id, directory_file_id)
    target = changes.get("target_directory_id") or entry.directory_id
    if target != entry.directory_id:
        get_directory(session, tenant, target)
    unique_id = changes.get("unique_id") or entry.unique_id
    if (target, unique_id) != (entry.directory_id, entry.unique_id) and _unique_id_taken(
        session, target, unique_id, entry.id
    ):
        raise Conflict(f"directory {target} already has a file with unique_id {unique_id!r}")
    entry.directory_id = target
    entry.unique_id = unique_id
    if changes.get("display_name"):
        entry.display_name = changes["display_name"]
    if "metadata" in changes:
        entry.user_metadata = changes["metadata"]
    entry.updated_at = _now()
    session.flush()
    return entry


def delete_directory_file(
    session: Session, tenant: Tenant, directory_id: str, directory_file_id: str
) -> None:
    entry = get_directory_file(session, tenant, directory_id, directory_file_id)
    entry.deleted_at = _now()
    entry.updated_at = entry.deleted_at
    session.flush()


def purge_expired(session: Session, blobs: BlobStore) -> int:
    """Mark directories past ``expires_at`` (and their files) deleted; returns how many.

    Files uploaded through such a directory are removed with their bytes: an ephemeral
    directory cleans up after itself. Files that were only added by id stay.
    """
    now = _now()
    ids = list(
        session.scalars(
            select(Directory.id).where(
                Directory.expires_at.is_not(None),
                Directory.expires_at <= now,
                Directory.deleted_at.is_(None),
            )
        )
    )
    if not ids:
        return 0
    session.execute(update(Directory).where(Directory.id.in_(ids)).values(deleted_at=now))
    session.execute(
        update(DirectoryFile)
        .where(DirectoryFile.directory_id.in_(ids), DirectoryFile.deleted_at.is_(None))
        .values(deleted_at=now, updated_at=now)
    )
    uploaded = list(
        session.execute(
            select(FileRecord.id, FileRecord.blob_key).where(
                FileRecord.uploaded_via_directory_id.in_(ids)
            )
        )
    )
    if uploaded:
        session.execute(
            update(DirectoryFile)
            .where(DirectoryFile.file_id.in_([f for f, _ in uploaded]))
            .values(file_id=None)
        )
        session.execute(delete(FileRecord).where(FileRecord.id.in_([f for f, _ in uploaded])))
        # Bytes go once the rows are gone for good.
        keys = [k for _, k in uploaded]
        event.listen(
            session, "after_commit", lambda _s: [blobs.delete(k) for k in keys], once=True
        )
    return len(ids)
