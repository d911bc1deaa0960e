"""Tell a file's type from its bytes first and its name second."""

from __future__ import annotations

import io
import zipfile

__all__ = ["detect_file_type"]

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"BM", "bmp"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # legacy .doc/.xls/.ppt
]

_OOXML = {"word/": "docx", "ppt/": "pptx", "xl/": "xlsx"}


def _extension(name: str) -> str | None:
    if "." not in name:
        return None
    ext = name.rsplit(".", 1)[-1].lower()
    return ext if 0 < len(ext) <= 10 and ext.isalnum() else None


def detect_file_type(name: str, head: bytes, full: bytes | None = None) -> str | None:
    """An extension-like type (pdf, docx, png, ...) for the File model's ``file_type``.

    ``head`` is the first few KB; ``full`` (optional) lets ZIP containers be told apart.
    """
    ext = _extension(name)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind == "ole":
                return ext if ext in ("doc", "xls", "ppt") else "doc"
            return kind
    if head.startswith(b"PK\x03\x04"):
        if ext in ("docx", "pptx", "xlsx"):
            return ext
        if full is not None:
            try:
                names = zipfile.ZipFile(io.BytesIO(full)).namelist()
            except zipfile.BadZipFile:
                return "zip"
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
        return ext or "zip"
    return ext
