"""Detect a file's real format from its bytes; the file name only breaks ties between
text-like formats (csv / tsv / markdown / plain text / html)."""

from __future__ import annotations

import io
import re
import zipfile

from .errors import ParseError

__all__ = ["MIME_TYPES", "SUPPORTED_EXTENSIONS", "SUPPORTED_FORMATS", "sniff_format"]

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "bmp": "image/bmp",
    "webp": "image/webp",
    "gif": "image/gif",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "ppt": "application/vnd.ms-powerpoint",
    "xls": "application/vnd.ms-excel",
    "html": "text/html",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "md": "text/markdown",
    "txt": "text/plain",
}
SUPPORTED_FORMATS: frozenset[str] = frozenset(MIME_TYPES)

_EXT_ALIASES = {
    "htm": "html", "xhtml": "html", "markdown": "md", "text": "txt", "tab": "tsv",
    "jpg": "jpeg", "tif": "tiff", "docm": "docx", "pptm": "pptx", "xlsm": "xlsx",
}
# Every file extension that names a format we read (for callers that only know a name).
SUPPORTED_EXTENSIONS: frozenset[str] = SUPPORTED_FORMATS | frozenset(_EXT_ALIASES)

_OTHER_MAGIC: list[tuple[bytes, str]] = [
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!", "application/vnd.rar"),
    (b"BZh", "application/x-bzip2"),
    (b"\x7fELF", "application/x-executable"),
    (b"MZ", "application/x-msdownload"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"\x1aE\xdf\xa3", "video/webm"),
    (b"%!PS", "application/postscript"),
    (b"{\\rtf", "application/rtf"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3"),
]


def _ext(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    e = filename.rsplit(".", 1)[1].lower()
    return _EXT_ALIASES.get(e, e)


def _unsupported(mime: str) -> ParseError:
    return ParseError(f"unsupported file type: {mime} (detected from content)")


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ParseError(
            "file looks like a ZIP/Office document but is corrupt or truncated") from None
    if "word/document.xml" in names:
        return "docx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "mimetype" in names:
        raise _unsupported("application/vnd.oasis.opendocument (OpenDocument)")
    raise _unsupported("application/zip")


def _sniff_ole(data: bytes, ext: str) -> str:
    head = data[: 1 << 20]
    for fmt, marker in (
        ("doc", "WordDocument"),
        ("xls", "Workbook"),
        ("xls", "Book"),
        ("ppt", "PowerPoint Document"),
    ):
        if marker.encode("utf-16-le") in head:
            return fmt
    if ext in ("doc", "xls", "ppt"):
        return ext
    raise _unsupported("application/x-ole-storage")


_HTML_RE = re.compile(
    rb"^\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html|<head|<body)", re.I | re.S
)
_HTML_TAGS_RE = re.compile(rb"<(p|div|table|h[1-6]|ul|ol|span|a|br|title|meta)\b[^>]*>", re.I)


def _decode_text(data: bytes) -> str | None:
    sample = data[:65536]
    if sample.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "ok"
    if b"\x00" in sample:
        return None
    try:
        sample.decode("utf-8")
        return "ok"
    except UnicodeDecodeError as e:
        if e.start > len(sample) - 4:  # cut mid-character at the sample end
            return "ok"
    # not UTF-8: accept as latin-1/cp1252 text when it is mostly printable
    ctrl = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return "ok" if ctrl < len(sample) * 0.01 else None


def _looks_delimited(text: str, delim: str) -> bool:
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if len(lines) < 2:
        return False
    counts = [ln.count(delim) for ln in lines]
    return min(counts) >= 1 and len(set(counts)) <= max(1, len(lines) // 5)


def sniff_format(data: bytes, filename: str | None = None) -> str:
    """Return one of :data:`SUPPORTED_FORMATS` or raise :class:`ParseError`."""
    if not data:
        raise ParseError("file is empty (0 bytes)")
    ext = _ext(filename)
    head = data[:16]
    pdf_at = data[:1024].find(b"%PDF-")
    if pdf_at != -1:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if head.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(data, ext)
    for magic, mime in _OTHER_MAGIC:
        if head.startswith(magic):
            raise _unsupported(mime)
    if head[4:8] == b"ftyp":
        raise _unsupported("video/mp4")
    if _decode_text(data) is None:
        raise _unsupported("application/octet-stream")
    # text-like: content first, extension as a tiebreak
    sample = data[:8192]
    if _HTML_RE.match(sample):
        return "html"
    if ext in ("html", "md", "csv", "tsv", "txt"):
        return ext
    if len(_HTML_TAGS_RE.findall(sample)) >= 3 and sample.lstrip()[:1] == b"<":
        return "html"
    text = sample.decode("utf-8", errors="replace")
    if _looks_delimited(text, "\t"):
        return "tsv"
    if _looks_delimited(text, ",") and not re.search(r"^#{1,6} ", text, re.M):
        return "csv"
    if re.search(r"^(#{1,6} \S|\|.+\|\s*$|```|[-*] \S|\d+\. \S)", text, re.M):
        return "md"
    return "txt"
