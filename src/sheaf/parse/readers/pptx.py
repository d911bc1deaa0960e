"""PPTX (python-pptx): one page per slide; the title is a heading, text frames become text or
lists, tables and pictures become items; speaker notes and section names go to metadata."""

from __future__ import annotations

import contextlib
import io

from ..document import BBox, Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import chart_content, check_unzipped_size, clean, list_item, trim_rows

try:
    import pptx as _pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
except ImportError:  # pragma: no cover
    _pptx = None  # type: ignore[assignment]

__all__ = ["PptxReader"]

ACCEPTS = ("pptx",)
EMU_PER_PT = 12700.0
ROW_TOLERANCE_EMU = 228600  # a quarter inch
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _order(shapes) -> list:
    """Shapes in reading order: rows of shapes whose tops are nearly level (within a quarter
    of the shorter one's height, at most a quarter inch), top to bottom, each row left to
    right. A shape without a position follows the shape before it in the slide's order."""
    placed: list = []
    tail: dict = {}
    prev = None
    for s in shapes:
        if s.top is None or s.left is None:
            tail.setdefault(id(prev) if prev is not None else None, []).append(s)
            continue
        placed.append(s)
        prev = s
    rows: list[list] = []
    for s in sorted(placed, key=lambda s: (s.top, s.left)):
        if rows:
            first = rows[-1][0]
            tol = min(0.25 * min(s.height or 0, first.height or 0), ROW_TOLERANCE_EMU)
            if s.top - first.top <= tol:
                rows[-1].append(s)
                continue
        rows.append([s])
    out = list(tail.get(None, []))
    for r in rows:
        for s in sorted(r, key=lambda s: s.left):
            out.append(s)
            out.extend(tail.get(id(s), []))
    return out


def _bullet_of(pPr) -> str | None:
    """'none', 'bullet' or 'number' when this paragraph-properties element says so."""
    if pPr is None:
        return None
    if pPr.find(f"{_A}buNone") is not None:
        return "none"
    if pPr.find(f"{_A}buAutoNum") is not None:
        return "number"
    if pPr.find(f"{_A}buChar") is not None or pPr.find(f"{_A}buBlip") is not None:
        return "bullet"
    return None


def _lvl(el, level: int):
    if el is None:
        return None
    """Level properties of a list style, a txBody's list style or a master text style."""
    lst = el.find(f"{_A}lstStyle")
    return (lst if lst is not None else el).find(f"{_A}lvl{level + 1}pPr")


def _bullet(shape, para) -> str:
    """How a paragraph is marked, following PowerPoint's inheritance: the paragraph, the
    shape's list style, the layout's and master's placeholder, then the master's text style."""
    level = para.level
    found = _bullet_of(para._p.pPr)
    if found:
        return found
    with contextlib.suppress(Exception):
        found = _bullet_of(_lvl(shape._element.txBody, level))
    if found:
        return found
    ph = None
    with contextlib.suppress(Exception):
        ph = shape.placeholder_format.type if shape.is_placeholder else None
    if ph is not None:
        base = shape
        for _ in range(2):  # slide placeholder -> layout placeholder -> master placeholder
            try:
                base = base._base_placeholder
            except Exception:  # noqa: BLE001
                base = None
            if base is None:
                break
            with contextlib.suppress(Exception):
                found = _bullet_of(_lvl(base._element.txBody, level))
            if found:
                return found
    style = "otherStyle"
    if ph in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
        style = "titleStyle"
    elif ph in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
        style = "bodyStyle"
    with contextlib.suppress(Exception):
        master = shape.part.slide_layout.slide_master._element
        st = master.find(f"{_P}txStyles/{_P}{style}")
        found = _bullet_of(_lvl(st, level))
    return found or "none"


def _bbox(shape) -> BBox | None:
    try:
        return BBox(
            shape.left / EMU_PER_PT,
            shape.top / EMU_PER_PT,
            shape.width / EMU_PER_PT,
            shape.height / EMU_PER_PT,
        )
    except (TypeError, AttributeError):
        return None


def _sections(prs) -> dict[int, str]:
    """slide id -> section name (PowerPoint 2010 sections extension)."""
    out: dict[int, str] = {}
    try:
        root = prs.part._element
        for sec in root.iter("{http://schemas.microsoft.com/office/powerpoint/2010/main}section"):
            name = sec.get("name") or ""
            for sid in sec.iter("{http://schemas.microsoft.com/office/powerpoint/2010/main}sldId"):
                out[int(sid.get("id"))] = name
    except Exception:  # noqa: BLE001
        return {}
    return out


class PptxReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "pptx") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        if _pptx is None:  # pragma: no cover
            raise ParseError("PPTX support needs the 'python-pptx' package, which is not installed")
        check_unzipped_size(data, "PPTX")
        try:
            prs = _pptx.Presentation(io.BytesIO(data))
        except Exception:
            raise ParseError("PPTX file is corrupt or not a PowerPoint presentation") from None
        w = (prs.slide_width or 9144000) / EMU_PER_PT
        h = (prs.slide_height or 6858000) / EMU_PER_PT
        sections = _sections(prs)
        doc = Document(source_format="pptx", pipeline=["python-pptx"])
        for i, slide in enumerate(prs.slides, start=1):
            if slide._element.get("show") == "0" and not opts.include_hidden_slides:
                continue
            page = Page(i, w, h)
            try:
                title_shape = slide.shapes.title
            except Exception:  # noqa: BLE001
                title_shape = None
            items: list[Item] = []
            if title_shape is not None and clean(title_shape.text_frame.text):
                items.append(
                    Item(
                        "heading",
                        text=clean(title_shape.text_frame.text).replace("\n", " "),
                        level=1,
                        bbox=_bbox(title_shape),
                    )
                )
            shapes = [
                s for s in slide.shapes if title_shape is None or s.shape_id != title_shape.shape_id
            ]
            for s in _order(shapes):
                items.extend(self._shape(s))
            page.items = items
            try:
                if slide.has_notes_slide:
                    notes = clean(slide.notes_slide.notes_text_frame.text)
                    page.speaker_notes = notes or None
            except Exception:  # noqa: BLE001
                pass
            page.section_name = sections.get(slide.slide_id)
            doc.pages.append(page)
        return doc

    def _shape(self, s, depth: int = 0) -> list[Item]:
        out: list[Item] = []
        bb = _bbox(s)
        try:
            st = s.shape_type
        # python-pptx raises NotImplementedError for shape kinds it does not model.
        except NotImplementedError:
            st = None
        if st == MSO_SHAPE_TYPE.GROUP and depth < 10:
            for c in _order(s.shapes):
                out.extend(self._shape(c, depth + 1))
            return out
        if getattr(s, "has_table", False) and s.has_table:
            out.extend(_table(s.table, bb))
            return out
        if st == MSO_SHAPE_TYPE.PICTURE:
            cap = None
            with contextlib.suppress(AttributeError):
                cap = s._element.nvPicPr.cNvPr.get("descr") or None
            out.append(Item("image", caption=cap, bbox=bb))
            return out
        if getattr(s, "has_chart", False) and s.has_chart:
            try:
                title, rows = chart_content(s.chart.part.blob)
            except Exception:  # noqa: BLE001 - a chart we cannot read adds nothing
                return out
            if title:
                out.append(Item("text", text=title, bbox=bb))
            if len(rows) > 1:
                out.append(Item("table", rows=rows, bbox=bb))
            return out
        if getattr(s, "has_text_frame", False) and s.has_text_frame:
            is_sub = False
            with contextlib.suppress(Exception):
                is_sub = s.is_placeholder and s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
            pending: list[tuple[int, str]] = []
            kind = None  # "bullet" / "number" of the pending list

            def flush() -> None:
                nonlocal pending
                if pending:
                    out.append(list_item(pending, kind == "number"))
                    if bb is not None:
                        out[-1].bbox = bb
                pending = []

            for para in s.text_frame.paragraphs:
                t = clean("".join(r.text for r in para.runs) or para.text)
                if not t:
                    continue
                mark: str | None = "none" if is_sub else _bullet(s, para)
                if mark == "none" and para.level > 0 and pending:
                    mark = kind  # an unmarked deeper paragraph continues the list
                if mark != "none":
                    base = min((lv for lv, _t in pending), default=para.level)
                    if pending and para.level <= base and mark != kind:
                        flush()
                    if not pending:
                        kind = mark
                    pending.append((para.level, t))
                    continue
                flush()
                out.append(
                    Item(
                        "heading" if is_sub else "text",
                        text=t,
                        level=2 if is_sub else None,
                        bbox=bb,
                    )
                )
            flush()
        return out


def _table(tbl, bb) -> list[Item]:
    """A slide table with its merged cells as spans (the covered positions left empty)."""
    rows: list[list[str]] = []
    spans: list[tuple[int, int, int, int]] = []
    for i, r in enumerate(tbl.rows):
        row = []
        for j, c in enumerate(r.cells):
            if c.is_spanned:
                row.append("")
                continue
            row.append(clean(c.text).replace("\n", " "))
            if c.is_merge_origin and (c.span_height > 1 or c.span_width > 1):
                spans.append((i, j, c.span_height, c.span_width))
        rows.append(row)
    rows = trim_rows(rows)
    if not rows:
        return []
    h, w = len(rows), len(rows[0])
    spans = [(i, j, min(rs, h - i), min(cs, w - j)) for i, j, rs, cs in spans if i < h and j < w]
    spans = [sp for sp in spans if sp[2] > 1 or sp[3] > 1]
    return [Item("table", rows=rows, spans=spans, bbox=bb)]
