"""Files: store uploads as blobs, look them up within a project, sign download URLs."""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import time
import unicodedata
from datetime import UTC, datetime
from typing import BinaryIO

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from sheaf.blobs import BlobStore
from sheaf.errors import InvalidInput, NotFound, PayloadTooLarge
from sheaf.ids import new_id
from sheaf.parse.sniff import HEAD_BYTES, recorded_file_type
from sheaf.services.tenancy import Tenant
from sheaf.store.tables import FileRecord

__all__ = [
    "delete_file",
    "get_file",
    "safe_filename",
    "sign_download",
    "store_file",
    "shorten_name",
    "verify_download",
]

PURPOSES = ("user_data", "parse", "extract", "classify", "split", "sheet", "agent_app")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(name: str | None) -> str:
    """A display name only: the last path component, no control characters, bounded length.

    Names never become filesystem paths (blobs are stored under our own ids); this just keeps
    ``../../etc/passwd`` from showing up as a name.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = _CONTROL.sub("", name.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if name in ("", ".", ".."):
        name = "upload"
    return shorten_name(name)


MAX_NAME_CHARS = 255
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,16}$")


def shorten_name(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """At most ``limit`` characters, cut from the stem: the extension decides the file type."""
    if len(name) <= limit:
        return name
    match = _EXTENSION.search(name)
    extension = match.group() if match else ""
    return name[: limit - len(extension)] + extension


def store_file(
    session: Session,
    blobs: BlobStore,
    tenant: Tenant,
    stream: BinaryIO,
    *,
    filename: str | None,
    content_type: str | None,
    purpose: str,
    external_file_id: str | None,
    max_bytes: int,
    uploaded_via_directory_id: str | None = None,
) -> FileRecord:
    if purpose not in PURPOSES:
        raise InvalidInput(f"purpose must be one of {', '.join(PURPOSES)}; got {purpose!r}")
    file_id = new_id("file")
    key = f"files/{file_id}"
    head, stream = _peek(stream, HEAD_BYTES)
    try:
        stored = blobs.put_stream(key, stream, max_bytes=max_bytes)
    except OverflowError as exc:
        raise PayloadTooLarge(f"file is larger than the {max_bytes}-byte upload limit") from exc
    # If the request fails after this point its transaction rolls back: take the bytes with it.
    event.listen(session, "after_rollback", lambda _s: blobs.delete(key), once=True)
    name = safe_filename(filename)
    # The engine's verdict, so a batch accepts exactly what parse reads.
    file_type = recorded_file_type(head, name, lambda: blobs.open(key))
    record = FileRecord(
        id=file_id,
        project_id=tenant.project_id,
        name=name,
        file_type=file_type,
        content_type=content_type,
        purpose=purpose,
        external_file_id=external_file_id,
        size_bytes=stored.size,
        sha256=stored.sha256,
        blob_key=key,
        uploaded_via_directory_id=uploaded_via_directory_id,
    )
    session.add(record)
    session.flush()
    return record


def _peek(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """The first ``size`` bytes (for type detection) and a stream that still starts at 0."""
    head = stream.read(size)
    if stream.seekable():
        stream.seek(0)
        return head, stream
    return head, io.BufferedReader(_Prefixed(head, stream))


class _Prefixed(io.RawIOBase):
    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n], self._head = self._head[:n], self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def get_file(session: Session, tenant: Tenant, file_id: str) -> FileRecord:
    record = session.get(FileRecord, file_id)
    if record is None or record.project_id != tenant.project_id:
        raise NotFound(f"file {file_id} not found")
    if record.expires_at is not None and record.expires_at <= datetime.now(UTC):
        raise NotFound(f"file {file_id} has expired")
    return record


def find_files(session: Session, tenant: Tenant, ids: list[str]) -> list[FileRecord]:
    return list(
        session.scalars(
            select(FileRecord).where(
                FileRecord.project_id == tenant.project_id, FileRecord.id.in_(ids)
            )
        )
    )


def delete_file(session: Session, blobs: BlobStore, tenant: Tenant, file_id: str) -> None:
    record = get_file(session, tenant, file_id)
    session.delete(record)
    session.flush()
    blobs.delete(record.blob_key)


def _signature(secret: str, file_id: str, expires: int) -> str:
    return hmac.new(secret.encode(), f"{file_id}:{expires}".encode(), hashlib.sha256).hexdigest()


def sign_download(secret: str, file_id: str, ttl_seconds: int) -> tuple[int, str]:
    expires = int(time.time()) + max(1, ttl_seconds)
    return expires, _signature(secret, file_id, expires)


def verify_download(secret: str, file_id: str, expires: int, signature: str) -> None:
    if expires < time.time():
        raise NotFound("download link has expired")
    # Bytes, not str: compare_digest refuses non-ASCII str (that was a 500, not a 404).
    given = signature.encode("utf-8", "surrogateescape")
    if not hmac.compare_digest(_signature(secret, file_id, expires).encode(), given):
        raise NotFound("download link is not valid")
