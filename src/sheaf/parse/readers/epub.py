"""EPUB 2/3: ``META-INF/container.xml`` -> the package document (OPF) -> its spine. Each XHTML
chapter is read by the HTML reader's walker (headings, paragraphs, lists, tables, images); one
page per spine item, in spine (reading) order, whatever the manifest's order. An image's
``url`` is its path inside the book.

The archive is untrusted: every part is looked up by its resolved path inside the book (an
href that climbs out of it is refused), its declared uncompressed size is checked before it
is read (zipfile never returns more than that), and a missing part is a clear error: the
whole document for the container and package, one page for a chapter. A book whose chapters
``META-INF/encryption.xml`` lists (DRM) is refused rather than read as noise.
"""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from urllib.parse import unquote, urlsplit

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from .html import html_items
from .markdown import decode_text

__all__ = ["EpubReader"]

ACCEPTS = ("epub",)
MAX_PART_BYTES = 64 << 20  # declared uncompressed size of one part we read
MAX_TOTAL_BYTES = 512 << 20  # of all the parts we read, together

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_XMLENC = "{http://www.w3.org/2001/04/xmlenc#}"
_HTML_TYPES = {"application/xhtml+xml", "text/html"}
# XHTML goes through the forgiving HTML parser (real books are often not well-formed XML);
# without its XML declaration, which that parser has no use for and warns about.
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def resolve_href(base_dir: str, href: str) -> str | None:
    """The archive path ``href`` (relative to ``base_dir``) names, or None when it is not a
    path inside the book (a URL, empty, or climbing above the root)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path).replace("\\", "/")
    if not path:
        return None
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(base_dir, path)
    norm = posixpath.normpath(joined)
    if norm in (".", "..") or norm.startswith("../") or "\x00" in norm:
        return None
    return norm


class _TooLarge(ParseError):
    """The book as a whole is over the limit: no page of it is read."""


class _Book:
    """The zip, read part by part under the size limits."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ParseError("EPUB is corrupt or truncated (not a readable ZIP)") from None
        self.read_bytes = 0

    def info(self, path: str) -> zipfile.ZipInfo:
        try:
            return self.zip.getinfo(path)
        except KeyError:
            raise ParseError(f"EPUB is missing {path}") from None

    def read(self, path: str) -> bytes:
        info = self.info(path)
        if info.file_size > MAX_PART_BYTES:
            raise ParseError(f"EPUB part {path} is too large ({info.file_size} bytes "
                             f"uncompressed; the limit is {MAX_PART_BYTES})")
        self.read_bytes += info.file_size
        if self.read_bytes > MAX_TOTAL_BYTES:
            raise _TooLarge(f"EPUB is too large (over {MAX_TOTAL_BYTES} bytes uncompressed)")
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                RuntimeError) as exc:  # bad CRC, unknown compression, encrypted entry
            raise ParseError(f"EPUB part {path} cannot be read: {exc}") from None

    def xml(self, path: str) -> ET.Element:
        try:
            return ET.fromstring(self.read(path))
        except ET.ParseError as exc:
            raise ParseError(f"EPUB part {path} is not well-formed XML ({exc})") from None


def _package_path(book: _Book) -> str:
    root = book.xml("META-INF/container.xml")
    for rf in root.iter(f"{_CONTAINER}rootfile"):
        media = rf.get("media-type", "application/oebps-package+xml")
        path = resolve_href("", rf.get("full-path", ""))
        if media == "application/oebps-package+xml" and path:
            return path
    raise ParseError("EPUB container.xml names no package document (rootfile)")


def _spine(book: _Book, opf_path: str) -> list[tuple[str | None, str, str]]:
    """(archive path or None, href as written, media type) of each spine item, in order."""
    root = book.xml(opf_path)
    base = posixpath.dirname(opf_path)
    manifest = {
        el.get("id"): (el.get("href", ""), el.get("media-type", ""))
        for el in root.iter(f"{_OPF}item")
    }
    spine = root.find(f"{_OPF}spine")
    if spine is None:
        raise ParseError(f"EPUB package {opf_path} has no spine")
    out: list[tuple[str | None, str, str]] = []
    for ref in spine.iter(f"{_OPF}itemref"):
        idref = ref.get("idref")
        if idref not in manifest:
            out.append((None, f"#{idref}", ""))
            continue
        href, media = manifest[idref]
        out.append((resolve_href(base, href), href, media))
    return out


def _encrypted(book: _Book) -> set[str]:
    """Archive paths ``META-INF/encryption.xml`` lists: DRM-protected parts, or fonts merely
    obfuscated (which we never read)."""
    if "META-INF/encryption.xml" not in book.zip.namelist():
        return set()
    root = book.xml("META-INF/encryption.xml")
    refs = (resolve_href("", ref.get("URI", "")) for ref in root.iter(f"{_XMLENC}CipherReference"))
    return {path for path in refs if path}


class EpubReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "epub") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        book = _Book(data)
        spine = _spine(book, _package_path(book))
        if not spine:
            raise ParseError("EPUB spine lists no chapters")
        if _encrypted(book) & {path for path, _href, _media in spine}:
            raise ParseError("EPUB is encrypted (DRM): its chapters cannot be read")
        if len(spine) > opts.max_page_count:
            raise ParseError(f"EPUB has too many chapters ({len(spine)}; the limit is "
                             f"{opts.max_page_count})")
        wanted = set(opts.select_pages(len(spine)))
        doc = Document(source_format="epub", pipeline=["epub", "beautifulsoup"])
        for number, (path, href, media) in enumerate(spine, 1):
            page = Page(number, 612.0, 792.0)
            if number in wanted:
                try:
                    page.items = self._chapter(book, path, href, media)
                except _TooLarge:
                    raise
                except ParseError as exc:  # this chapter fails alone
                    page.error = exc.message
            doc.pages.append(page)
        return doc

    @staticmethod
    def _chapter(book: _Book, path: str | None, href: str, media: str) -> list[Item]:
        if path is None:
            raise ParseError(f"EPUB spine item {href!r} is not a file inside the book")
        if media == "image/svg+xml":  # a fixed-layout page drawn as one picture
            book.info(path)  # a missing part is an error, not an empty page
            return [Item("image", url=path)]
        if media and media not in _HTML_TYPES:
            raise ParseError(f"EPUB spine item {path} is {media}, not XHTML")
        base = posixpath.dirname(path)

        def image_url(src: str) -> str | None:
            if urlsplit(src).scheme in ("http", "https"):
                return src
            return resolve_href(base, src)

        markup = _XML_DECL.sub("", decode_text(book.read(path)), count=1)
        return html_items(markup, image_url=image_url)
