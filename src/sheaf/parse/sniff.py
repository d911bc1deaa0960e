"""Detect a file's real format from its bytes; the file name only breaks ties between
text-like formats (csv / tsv / markdown / plain text / html).

The one sniffer: the parse pipeline asks :func:`sniff_format`, and uploads record
:func:`recorded_file_type` (the same verdict, or what the file is when we cannot read it), so a
batch accepts exactly the files the engine would read.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from typing import BinaryIO, cast

from .errors import ParseError

__all__ = [
    "HEAD_BYTES",
    "MIME_TYPES",
    "SUPPORTED_FORMATS",
    "UnsupportedFormat",
    "recorded_file_type",
    "sniff_format",
]

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
    "epub": "application/epub+zip",
}
SUPPORTED_FORMATS: frozenset[str] = frozenset(MIME_TYPES)

_EXT_ALIASES = {
    "htm": "html", "xhtml": "html", "markdown": "md", "text": "txt", "tab": "tsv",
    "jpg": "jpeg", "tif": "tiff", "docm": "docx", "pptm": "pptx", "xlsm": "xlsx",
}

# (magic, mime, short type name recorded for uploads we cannot read)
_OTHER_MAGIC: list[tuple[bytes, str, str]] = [
    (b"\x1f\x8b", "application/gzip", "gz"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed", "7z"),
    (b"Rar!", "application/vnd.rar", "rar"),
    (b"BZh", "application/x-bzip2", "bz2"),
    (b"\x7fELF", "application/x-executable", "elf"),
    (b"MZ", "application/x-msdownload", "exe"),
    (b"ID3", "audio/mpeg", "mp3"),
    (b"OggS", "audio/ogg", "ogg"),
    (b"fLaC", "audio/flac", "flac"),
    (b"\x1aE\xdf\xa3", "video/webm", "webm"),
    (b"%!PS", "application/postscript", "ps"),
    (b"{\\rtf", "application/rtf", "rtf"),
    (b"SQLite format 3\x00", "application/vnd.sqlite3", "sqlite"),
]
_OPENDOCUMENT = {"text": "odt", "spreadsheet": "ods", "presentation": "odp", "graphics": "odg"}
_EPUB_MIME = b"application/epub+zip"
# Everything but ZIP and OLE containers is told from this much of the file.
HEAD_BYTES = 1 << 20


class UnsupportedFormat(ParseError):
    """Not a format we read; ``kind`` is a short name for what it is (zip, gz, odt, ...)."""

    def __init__(self, mime: str, kind: str) -> None:
        super().__init__(f"unsupported file type: {mime} (detected from content)")
        self.kind = kind


def _ext(filename: str | None) -> str:
    if not filename or "." not in filename:
        return ""
    e = filename.rsplit(".", 1)[1].lower()
    return _EXT_ALIASES.get(e, e)


class _CorruptZip(UnsupportedFormat):
    def __init__(self) -> None:
        ParseError.__init__(
            self, "file looks like a ZIP/Office document but is corrupt or truncated")
        self.kind = "zip"


def _mimetype_entry(z: zipfile.ZipFile) -> bytes | None:
    """The ``mimetype`` entry EPUB and OpenDocument put first (read bounded: it is a few bytes)."""
    try:
        with z.open("mimetype") as fh:
            return fh.read(200).strip()
    except KeyError:
        return None


def _sniff_zip(fh: BinaryIO) -> str:
    try:
        with fh, zipfile.ZipFile(fh) as z:
            names = set(z.namelist())
            mimetype = _mimetype_entry(z) if "mimetype" in names else None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _CorruptZip() from None
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
    # EPUB and OpenDocument are both ZIPs whose ``mimetype`` entry names the type.
    if mimetype == _EPUB_MIME or (mimetype is None and "META-INF/container.xml" in names):
        return "epub"
    if mimetype is not None:
        mime = mimetype.decode("ascii", errors="replace")
        if mime.startswith("application/vnd.oasis.opendocument."):
            kind = _OPENDOCUMENT.get(mime.rsplit(".", 1)[1].split("-")[0], "odf")
            raise UnsupportedFormat(mime, kind)
        raise UnsupportedFormat(f"application/zip ({mime})", "zip")
    raise UnsupportedFormat("application/zip", "zip")


def _sniff_ole(head: bytes, ext: str) -> str:
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
    raise UnsupportedFormat("application/x-ole-storage", "ole")


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
    return _sniff(data[:HEAD_BYTES], filename, lambda: io.BytesIO(data))


def recorded_file_type(
    head: bytes, filename: str | None, open_whole: Callable[[], BinaryIO]
) -> str | None:
    """What an upload records as its ``file_type``: the engine's format when it reads the
    file, else a short name for what the file is (``zip``, ``gz``, ``odt``, ``bin``...).

    ``head``: the first :data:`HEAD_BYTES` of the file (all of it if shorter);
    ``open_whole()`` opens all of it, called only for ZIP containers (their directory is at
    the end). A batch maps a file to a job exactly when this is in :data:`SUPPORTED_FORMATS`.
    An empty file has no content to tell: it keeps its name's type, so its job fails saying so.
    """
    try:
        return _sniff(head, filename, lambda: _seekable(open_whole()))
    except UnsupportedFormat as exc:
        return exc.kind
    except ParseError:
        return _ext(filename)[:32] or None


def _seekable(fh: BinaryIO) -> BinaryIO:
    """``fh`` itself, or (a non-seekable stream such as an S3 body) a spooled copy of it."""
    if fh.seekable():
        return fh
    with fh:
        spool = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115 - returned
        shutil.copyfileobj(fh, spool)
    spool.seek(0)
    return cast(BinaryIO, spool)


def _sniff(data: bytes, filename: str | None, whole: Callable[[], BinaryIO]) -> str:
    """``data``: the first :data:`HEAD_BYTES` (or all) of the file; ``whole``: a seekable
    file of all of it, for ZIP containers."""
    if not data:
        raise ParseError("file is empty (0 bytes)")
    ext = _ext(filename)
    sig = data[:16]
    pdf_at = data[:1024].find(b"%PDF-")
    if pdf_at != -1:
        return "pdf"
    if sig.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if sig.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if sig.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "tiff"
    if sig.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if sig.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    if sig.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if sig.startswith(b"PK\x03\x04") or sig.startswith(b"PK\x05\x06"):
        return _sniff_zip(whole())
    if sig.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(data, ext)
    for magic, mime, kind in _OTHER_MAGIC:
        if sig.startswith(magic):
            raise UnsupportedFormat(mime, kind)
    if sig[4:8] == b"ftyp":
        raise UnsupportedFormat("video/mp4", "mp4")
    if _decode_text(data) is None:
        raise UnsupportedFormat("application/octet-stream", "bin")
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
