"""PPTX (python-pptx): one page per slide; the title is a heading, text frames become text or
lists, tables and pictures become items; speaker notes and section names go to metadata."""

from __future__ import annotations

import contextlib
import io

from ..document import BBox, Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import clean, list_item, trim_rows

try:
    import pptx as _pptx
    from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
except ImportError:  # pragma: no cover
    _pptx = None

__all__ = ["PptxReader"]

ACCEPTS = ("pptx",)
EMU_PER_PT = 12700.0


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
            for s in sorted(shapes, key=lambda s: ((s.top or 0) // 12700, (s.left or 0))):
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
            for c in sorted(s.shapes, key=lambda c: ((c.top or 0) // 12700, c.left or 0)):
                out.extend(self._shape(c, depth + 1))
            return out
        if getattr(s, "has_table", False) and s.has_table:
            rows = [[clean(c.text).replace("\n", " ") for c in r.cells] for r in s.table.rows]
            rows = trim_rows(rows)
            if rows:
                out.append(Item("table", rows=rows, bbox=bb))
            return out
        if st == MSO_SHAPE_TYPE.PICTURE:
            cap = None
            with contextlib.suppress(AttributeError):
                cap = s._element.nvPicPr.cNvPr.get("descr") or None
            out.append(Item("image", caption=cap, bbox=bb))
            return out
        if getattr(s, "has_chart", False) and s.has_chart:
            try:
                ch = s.chart
                title = ch.chart_title.text_frame.text if ch.has_title else ""
                rows = [["", *[str(c) for c in ch.plots[0].categories]]]
                for ser in ch.plots[0].series:
                    rows.append([ser.name, *["" if v is None else str(v) for v in ser.values]])
                if title:
                    out.append(Item("text", text=clean(title), bbox=bb))
                out.append(Item("table", rows=trim_rows(rows), bbox=bb))
            except Exception:  # noqa: BLE001
                pass
            return out
        if getattr(s, "has_text_frame", False) and s.has_text_frame:
            is_sub = False
            with contextlib.suppress(Exception):
                is_sub = s.is_placeholder and s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
            pending: list[tuple[int, str]] = []
            for para in s.text_frame.paragraphs:
                t = clean(
                    "".join(r.text for r in para.runs) or para.text if hasattr(para, "text") else ""
                )
                if not t:
                    continue
                pPr = para._p.pPr
                bullet = pPr is not None and (
                    pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buChar")
                    is not None
                    or pPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buAutoNum")
                    is not None
                )
                if para.level > 0 or bullet or (s.is_placeholder and not is_sub and _body(s)):
                    pending.append((para.level, t))
                else:
                    if pending:
                        out.append(list_item(pending, False))
                        pending = []
                    out.append(
                        Item(
                            "heading" if is_sub else "text",
                            text=t,
                            level=2 if is_sub else None,
                            bbox=bb,
                        )
                    )
            if pending:
                out.append(list_item(pending, False))
                if bb is not None:
                    out[-1].bbox = bb
        return out


def _body(s) -> bool:
    try:
        return s.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    except Exception:  # noqa: BLE001
        return False
