"""The fixed sequence of stages: read bytes -> sniff -> reader -> (layout, OCR) -> Document.

Tiers choose which stages run; ``Document.pipeline`` lists the ones that did.
"""

from __future__ import annotations

import os
import re
from functools import partial
from pathlib import Path

from . import limits
from .continued_tables import merge_continued_tables
from .document import Document, Page
from .errors import ParseError
from .layout import build_page_items, mark_headers_footers
from .layout.build import doc_stats
from .layout.headfoot import printed_page_number
from .layout.model import RawPage
from .layout_model import LAYOUT_STAGE, PageRegions
from .options import ParseOptions
from .render.md import TableStyle
from .sniff import sniff_format

__all__ = ["parse"]

_BAD_CHARS = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0b\x0e-\x1f]")


def _read(source, filename: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename
    if isinstance(source, str | os.PathLike):
        p = Path(source)
        try:
            size = p.stat().st_size
        except OSError:
            raise ParseError(f"file not found: {p.name}") from None
        if size > limits.MAX_FILE_BYTES:
            raise ParseError(f"file is too large ({size} bytes; the limit is "
                             f"{limits.MAX_FILE_BYTES})")
        return p.read_bytes(), filename or p.name
    raise TypeError("source must be bytes or a path")


def parse(source, *, tier: str = "fast", options: dict | None = None,
          filename: str | None = None, vlm=None, on_image=None) -> Document:
    """Parse ``source`` (bytes or a path) into a :class:`Document`.

    Raises :class:`ParseError` for whole-document failures; per-page failures set
    ``Page.error``.

    ``vlm`` (a :class:`sheaf.parse.vlm.VlmConfig`) lets the agentic tiers ask a vision model
    for each page's markdown. ``on_image(SavedImage, png_bytes)`` receives the images that
    ``output_options.images_to_save`` asks for (see :mod:`sheaf.parse.images`).
    """
    opts = ParseOptions.from_dict(tier, options)
    data, filename = _read(source, filename)
    if len(data) > limits.MAX_FILE_BYTES:
        raise ParseError(f"file is too large ({len(data)} bytes; the limit is "
                         f"{limits.MAX_FILE_BYTES})")
    fmt = sniff_format(data, filename)
    if fmt == "pdf":
        doc = _parse_pdf(data, opts)
    elif fmt in ("png", "jpeg", "tiff", "bmp", "webp", "gif"):
        doc = _parse_image(data, opts)
    else:
        from .readers import get_reader

        doc = get_reader(fmt).convert(data, opts)
        _select(doc, opts)
    doc.source_format = fmt
    doc.tier = opts.tier
    doc.render_options = {"annotate_links": opts.annotate_links,
                          "tables": TableStyle.from_options(opts.tables)}
    if opts.tables.get("merge_continued_tables"):
        merge_continued_tables(doc)
    if not doc.pages:
        raise ParseError("document has no pages")
    if opts.images_to_save:
        from .images import save_images

        save_images(doc, data, fmt, opts, on_image)
    if vlm is not None and opts.tier in ("agentic", "agentic_plus"):
        from .vlm import apply_vlm

        apply_vlm(doc, data, fmt, opts, vlm)
    return doc


def _select(doc: Document, opts: ParseOptions) -> None:
    """Apply page_ranges to readers that produce every page (office, html, text)."""
    if not (opts.target_pages or opts.max_pages):
        return
    by_num = {p.number: p for p in doc.pages}
    doc.pages = [by_num[n] for n in opts.select_pages(len(doc.pages)) if n in by_num]


# --------------------------------------------------------------------------- PDF
def _needs_ocr(raw: RawPage) -> bool:
    if raw.char_count < 20:
        area = raw.width * raw.height or 1.0
        covered = sum(b.w * b.h for b in raw.images) / area
        return covered > 0.1 or raw.paths > 30
    text = "".join(w.text for ln in raw.lines for w in ln.words)
    return bool(text) and len(_BAD_CHARS.findall(text)) > 0.3 * len(text)


def _ocr_scale(w: float, h: float, opts: ParseOptions) -> float:
    scale = limits.OCR_DPI / 72.0
    longest = max(w, h) * scale
    if longest > limits.OCR_MAX_SIDE:
        scale *= limits.OCR_MAX_SIDE / longest
    if w * h * scale * scale > opts.max_pixels:
        scale = (opts.max_pixels / max(w * h, 1.0)) ** 0.5
    return max(scale, 0.05)


def _parse_pdf(data: bytes, opts: ParseOptions) -> Document:
    from .readers.pdf import PdfReader, open_pdf

    pdf = open_pdf(data, opts.password)
    try:
        n = len(pdf)
        if n == 0:
            raise ParseError("PDF has no pages")
        if n > opts.max_page_count:
            raise ParseError(f"PDF has too many pages ({n}; the limit is {opts.max_page_count})")
        sel = opts.select_pages(n)
        doc = Document(source_format="pdf", tier=opts.tier)
        if not opts.layout:
            doc.pipeline = ["pdfium-text"]
            for num in sel:
                try:
                    doc.pages.append(PdfReader.fast_page(pdf, num - 1, opts))
                except Exception as e:  # noqa: BLE001 - a broken page fails alone
                    doc.pages.append(_failed(num, e))
            return doc
        doc.pipeline = ["pdfium-text", "layout", "tables", "header-footer"]
        raws: list[RawPage] = []
        regions: dict[int, list] = {}  # OCR'd pages: the layout model's regions
        skews: dict[int, float] = {}  # OCR'd pages: the small turn that straightened them
        ocr_used = False
        for num in sel:
            try:
                raw = PdfReader.raw_page(pdf, num - 1, opts)
            except Exception as e:  # noqa: BLE001
                raw = RawPage(num, 0.0, 0.0, error=_msg(e))
                raws.append(raw)
                continue
            if opts.ocr and _needs_ocr(raw):
                try:
                    from .deskew import deskew
                    from .ocr import ocr_image

                    img = PdfReader.render(pdf, num - 1, _ocr_scale(raw.width, raw.height, opts))
                    img, skews[num] = deskew(img)  # a scanner's fraction of a degree
                    lines, conf, angle = ocr_image(img, raw.width, raw.height)
                    if lines or not raw.lines:
                        raw.lines, raw.confidence, raw.orientation = lines, conf, angle
                        raw.ocr = True
                        raw.char_count = sum(len(w.text) for ln in lines for w in ln.words)
                        raw.images = []
                        raw.rules = raw.rules if angle == 0 else []
                        if angle == 0 and not raw.rules:  # a scan's rules are in its image
                            raw.rules = _scan_rules(img, 0, raw.width, raw.height, lines)
                        if angle == 0:
                            regions[num] = _scan_regions(raw, img)
                    ocr_used = True
                except ParseError:
                    raise
                except Exception as e:  # noqa: BLE001
                    raw.error = f"OCR failed on this page: {_msg(e)}"
            if not raw.ocr:  # the layout model checks the rules' table candidates
                raw.regions = PageRegions(partial(PdfReader.render, pdf, num - 1), raw.width,
                                          raw.height, raw.orientation)
            raws.append(raw)
        if ocr_used:
            from .ocr import OCR_STAGE

            doc.pipeline.append(OCR_STAGE)
        _layout(doc, raws, opts)
        if any(isinstance(r.regions, PageRegions) and r.regions.ran for r in raws):
            doc.pipeline.append(LAYOUT_STAGE)
        if ocr_used:
            _ocr_tables_pdf(pdf, doc, opts, {r.number: r.rules for r in raws}, regions, skews)
        if opts.thorough and not opts.ignore_text_in_image:
            _ocr_embedded_images(pdf, doc, raws, opts)
        return doc
    finally:
        pdf.close()


def _layout(doc: Document, raws: list[RawPage], opts: ParseOptions) -> None:
    st = doc_stats([r for r in raws if r.error is None])
    mark_headers_footers(raws, st.body_size)
    for raw in raws:
        if raw.ocr and raw.rules:
            from .ocr_rules import unmark_framed

            unmark_framed(raw.lines, raw.rules)
    for raw in raws:
        if raw.error is not None:
            doc.pages.append(Page(raw.number, raw.width, raw.height, error=raw.error))
            continue
        try:
            items, words = build_page_items(raw, st)
        except Exception as e:  # noqa: BLE001
            doc.pages.append(Page(raw.number, raw.width, raw.height,
                                  error=f"layout failed on this page: {_msg(e)}"))
            continue
        page = Page(raw.number, raw.width, raw.height, items=items, words=words,
                    orientation=raw.orientation, confidence=raw.confidence if raw.ocr else 1.0,
                    ocr=raw.ocr, links=raw.links)
        if opts.extract_printed_page_number:
            page.printed_page_number = printed_page_number(raw)
        doc.pages.append(page)


def _ocr_tables_pdf(pdf, doc: Document, opts: ParseOptions, rules: dict[int, list],
                    regions: dict[int, list], skews: dict[int, float] | None = None) -> None:
    """Tables on scanned pages: regions from the layout model, structure from the table
    model, read from a fresh render (turned as the OCR's was)."""
    from .ocr_tables import restructure_tables
    from .readers.pdf import PdfReader

    stages: set[str] = set()
    for page in doc.pages:
        if not (page.ok and page.ocr and page.orientation == 0):
            continue
        img = PdfReader.render(pdf, page.number - 1, _ocr_scale(page.width, page.height, opts))
        if skew := (skews or {}).get(page.number):
            from .deskew import turn

            img = turn(img, skew)
        stages |= restructure_tables(page, img, rules=rules.get(page.number),
                                     regions=regions.get(page.number))
    doc.pipeline += sorted(stages)


def _ocr_embedded_images(pdf, doc: Document, raws: list[RawPage], opts: ParseOptions) -> None:
    from .ocr import OCR_STAGE, ocr_image
    from .readers.pdf import PdfReader

    ran = False
    stages: set[str] = set()
    for page, raw in zip(doc.pages, raws, strict=False):
        if not page.ok or raw.ocr:
            continue
        imgs = [it for it in page.items if it.type == "image" and it.bbox is not None
                and it.bbox.w * it.bbox.h >= 5000]
        if not imgs:
            continue
        full = PdfReader.render(pdf, page.number - 1, _ocr_scale(page.width, page.height, opts))
        if page.orientation:  # sideways text: the page was laid out turned
            full = full.rotate(-page.orientation, expand=True)
        sx = full.width / max(page.width, 1.0)
        for it in imgs[:20]:
            b = it.bbox
            if b is None:
                continue
            crop = full.crop((int(b.x * sx), int(b.y * sx), int(b.x1 * sx), int(b.y1 * sx)))
            lines, _conf, _a = ocr_image(crop, b.w, b.h, fix_orientation=False)
            ran = True
            txt = "\n".join(ln.text for ln in sorted(lines, key=lambda a: (round(a.y0 / 4),
                                                                            a.x0)))
            if txt.strip():
                it.text = txt
                table = _image_table(crop, lines, b, stages)
                if table is not None:  # a picture of a table: its cells, not its text
                    page.items[page.items.index(it)] = table
    if ran:
        doc.pipeline.append(OCR_STAGE + ":embedded-images")
        doc.pipeline += sorted(stages)


def _image_table(crop, lines, box, stages: set[str]):
    """The table an embedded image shows, if it shows one (``lines``: its OCR, in points
    from the image's corner; ``box``: where the image sits on the page)."""
    from .document import BBox
    from .ocr_tables import restructure_tables

    words = [w for ln in lines for w in ln.words]
    if len(words) < 4:
        return None
    probe = Page(0, box.w, box.h, words=words)
    used = restructure_tables(probe, crop, whole_image=True)
    tables = [t for t in probe.items if t.type == "table"]
    if len(tables) != 1 or tables[0].bbox is None:
        return None
    tb = tables[0].bbox
    inside = sum(1 for w in words if tb.x <= w.bbox.x + w.bbox.w / 2 <= tb.x1
                 and tb.y <= w.bbox.y + w.bbox.h / 2 <= tb.y1)
    if inside < 0.8 * len(words):  # a table is only part of the picture: keep the picture
        return None
    stages |= used
    table = tables[0]
    table.bbox = BBox(box.x + tb.x, box.y + tb.y, tb.w, tb.h)
    return table


# --------------------------------------------------------------------------- images
def _parse_image(data: bytes, opts: ParseOptions) -> Document:
    from .deskew import deskew
    from .ocr import OCR_STAGE, ocr_image
    from .readers.image import ImageReader

    reader = ImageReader()
    doc = Document(tier=opts.tier, pipeline=[OCR_STAGE, "layout"])
    raws: list[RawPage] = []
    regions: dict[int, list] = {}
    skews: dict[int, float] = {}  # the small turn that straightened each frame
    for num, frame, err in reader.frames(data, opts):
        if err or frame is None:
            raws.append(RawPage(num, 0.0, 0.0, error=err or "could not decode frame"))
            continue
        raw = reader.raw_page(num, frame)
        try:
            img, skews[num] = deskew(_ocr_input(frame))  # a scanner's fraction of a degree
            if opts.crop:
                t, b, l_, r = opts.crop
                W, H = img.width, img.height
                box = (int(l_ * W), int(t * H), int(W - r * W), int(H - b * H))
                img = img.crop(box)
                sx = raw.width / W
                lines, conf, angle = ocr_image(img, raw.width * (1 - l_ - r),
                                               raw.height * (1 - t - b),
                                               offset=(box[0] * sx, box[1] * sx))
            else:
                lines, conf, angle = ocr_image(img, raw.width, raw.height)
            if angle in (90, 270):
                raw.width, raw.height = raw.height, raw.width
            raw.lines, raw.confidence, raw.orientation, raw.ocr = lines, conf, angle, True
            if not opts.crop:
                raw.rules = _scan_rules(img, angle, raw.width, raw.height, lines)
                if opts.layout:
                    regions[num] = _scan_regions(raw, img.rotate(-angle, expand=True)
                                                 if angle else img)
            raw.char_count = sum(len(ln.text) for ln in lines)
        except ParseError:
            raise
        except Exception as e:  # noqa: BLE001
            raw.error = f"OCR failed on this page: {_msg(e)}"
        raws.append(raw)
    _layout(doc, raws, opts)
    if opts.layout:
        _ocr_tables_image(reader, data, doc, opts, {r.number: r.rules for r in raws}, regions,
                          skews)
    for p in doc.pages:
        if p.ok and not p.items:
            p.confidence = 0.0
    return doc


def _scan_rules(img, angle: int, page_w: float, page_h: float, lines: list) -> list:
    """The ruling lines of an OCR'd page image, in the frame its text reads in (``angle``: the
    turn OCR found; ``page_w`` x ``page_h``: the page in that frame; ``lines``: its OCR)."""
    from statistics import median

    from .ocr_rules import image_rules

    if not lines:
        return []
    return image_rules(img.rotate(-angle, expand=True) if angle else img, page_w, page_h,
                       median(ln.h for ln in lines))


def _scan_regions(raw: RawPage, img) -> list:
    """The layout model's regions on an OCR'd page image (turned so its text reads left to
    right), computed once: the layout stage checks its table candidates against them and
    the OCR table stage reads the table regions among them."""
    from .ocr_tables import image_regions

    found = image_regions(img, raw.width)
    raw.regions = lambda: found
    return found


def _ocr_input(frame):
    """The image OCR reads: RGB, its longest side capped."""
    img = frame.convert("RGB")
    longest = max(img.width, img.height)
    if longest > limits.OCR_MAX_SIDE:
        f = limits.OCR_MAX_SIDE / longest
        img = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))))
    return img


def _ocr_tables_image(reader, data: bytes, doc: Document, opts: ParseOptions,
                      rules: dict[int, list], regions: dict[int, list],
                      skews: dict[int, float] | None = None) -> None:
    """Tables in image files: regions from the layout model, structure from the table
    model. Frames are decoded again
    rather than kept, so a long TIFF never holds every page image at once."""
    from .deskew import turn
    from .ocr_tables import restructure_tables

    pages = {p.number: p for p in doc.pages if p.ok and p.words}
    stages: set[str] = set()
    for num, frame, err in reader.frames(data, opts):
        page = pages.get(num)
        if page is None or err or frame is None:
            continue
        img = _ocr_input(frame)
        if skew := (skews or {}).get(num):
            img = turn(img, skew)
        if page.orientation:
            img = img.rotate(-page.orientation, expand=True)
        stages |= restructure_tables(page, img, whole_image=True, rules=rules.get(num),
                                     regions=regions.get(num))
    doc.pipeline += sorted(stages)


def _msg(e: BaseException) -> str:
    s = str(e).strip()
    return f"{e.__class__.__name__}: {s}" if s else e.__class__.__name__


def _failed(num: int, e: BaseException) -> Page:
    return Page(num, 0.0, 0.0, error=f"page could not be read: {_msg(e)}")

