"""Small real documents made on the fly (tests must not depend on ../shared)."""

from __future__ import annotations

import io
import zipfile

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def pdf(
    pages: int = 1, title: str = "Quarterly Report", body: str = "Revenue grew in every region."
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 20)
        c.drawString(72, 720, f"{title} {n}" if pages > 1 else title)
        c.setFont("Helvetica", 11)
        for i in range(30):
            c.drawString(72, 690 - i * 18, f"{body} Line {i + 1} of page {n}.")
        c.showPage()
    c.save()
    return buf.getvalue()


def markdown(title: str = "Notes") -> bytes:
    return f"# {title}\n\nSome text here.\n\n- first\n- second\n".encode()


EPUB_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def epub_chapter(body: str, title: str = "c") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{title}</title></head><body>{body}</body></html>"
    )


def _epub_package(manifest: list[tuple[str, str, str]], spine: list[str]) -> str:
    items = "".join(f'<item id="{i}" href="{h}" media-type="{m}"/>' for i, h, m in manifest)
    refs = "".join(f'<itemref idref="{i}"/>' for i in spine)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Book</dc:title>'
        f"</metadata><manifest>{items}</manifest><spine>{refs}</spine></package>"
    )


def epub(
    chapters: dict[str, str],
    spine: list[str],
    *,
    opf_path: str = "OEBPS/content.opf",
    extra: dict[str, bytes] | None = None,
    manifest_extra: list[tuple[str, str, str]] | None = None,
    mimetype: bool = True,
) -> bytes:
    """An EPUB whose manifest lists ``chapters`` (href -> body) in the given (dict) order and
    whose spine reads the hrefs in ``spine`` order."""
    ids = {href: f"ch{n}" for n, href in enumerate(chapters)}
    manifest = [(ids[h], h, "application/xhtml+xml") for h in chapters]
    manifest += manifest_extra or []
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if mimetype:
            z.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/container.xml", EPUB_CONTAINER.format(opf=opf_path))
        z.writestr(opf_path, _epub_package(manifest, [ids.get(h, h) for h in spine]))
        for href, body in chapters.items():
            z.writestr(base + href, epub_chapter(body))
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()
