"""The blob store interface: id-addressed, atomic writes, streaming reads."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["BlobNotFound", "BlobStore", "StoredBlob"]

CHUNK = 1024 * 1024


class BlobNotFound(KeyError):
    pass


@dataclass(frozen=True, slots=True)
class StoredBlob:
    key: str
    size: int
    sha256: str


class BlobStore(ABC):
    """Keys are ``/``-separated names chosen by us (never by users), e.g. ``files/<id>``.

    A write is all-or-nothing: a crash never leaves a partial blob under a final key.
    """

    @abstractmethod
    def put_stream(self, key: str, stream: BinaryIO, *, max_bytes: int | None = None) -> StoredBlob:
        """Store ``stream`` under ``key``; raises ``OverflowError`` past ``max_bytes``."""

    def put_bytes(self, key: str, data: bytes) -> StoredBlob:
        import io

        return self.put_stream(key, io.BytesIO(data))

    @abstractmethod
    def open(self, key: str) -> BinaryIO: ...

    def read_bytes(self, key: str) -> bytes:
        with self.open(key) as fh:
            return fh.read()

    def iter_chunks(self, key: str, chunk_size: int = CHUNK) -> Iterator[bytes]:
        with self.open(key) as fh:
            while chunk := fh.read(chunk_size):
                yield chunk

    @abstractmethod
    def local_path(self, key: str) -> Path | None:
        """A filesystem path for engines that want one, or None if the store is remote."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove ``key``; a missing key is not an error."""
