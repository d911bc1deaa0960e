"""DOCX (python-docx): headings from styles, lists from numbering, tables, images; explicit
page breaks split pages."""

from __future__ import annotations

import io

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import clean, list_item, trim_rows

try:
    import docx as _docx
    from docx.oxml.ns import qn
except ImportError:  # pragma: no cover
    _docx = None

__all__ = ["DocxReader"]

ACCEPTS = ("docx",)


def _heading_level(style_name: str) -> int | None:
    s = (style_name or "").lower()
    if s == "title":
        return 1
    if s.startswith("heading"):
        tail = s[7:].strip()
        if tail.isdigit():
            return max(1, min(6, int(tail) + (0)))
        return 1
    if s == "subtitle":
        return 2
    return None


class DocxReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "docx") -> None:
        self.fmt = fmt

    def _numfmt(self, doc, num_id: str, ilvl: str) -> str:
        try:
            numbering = doc.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return "bullet"
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) != num_id:
                continue
            aid = num.find(qn("w:abstractNumId"))
            if aid is None:
                break
            for an in numbering.findall(qn("w:abstractNum")):
                if an.get(qn("w:abstractNumId")) != aid.get(qn("w:val")):
                    continue
                for lvl in an.findall(qn("w:lvl")):
                    if lvl.get(qn("w:ilvl")) == ilvl:
                        f = lvl.find(qn("w:numFmt"))
                        return f.get(qn("w:val")) if f is not None else "bullet"
        return "bullet"

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        if _docx is None:  # pragma: no cover
            raise ParseError("DOCX support needs the 'python-docx' package, which is not installed")
        try:
            doc = _docx.Document(io.BytesIO(data))
        except Exception:
            raise ParseError("DOCX file is corrupt or not a Word document") from None
        try:
            sec = doc.sections[0]
            w, h = float(sec.page_width.pt), float(sec.page_height.pt)
        except Exception:  # noqa: BLE001
            w, h = 612.0, 792.0
        pages: list[list[Item]] = [[]]
        fmt_cache: dict[tuple[str, str], str] = {}
        pending: list[tuple[int, str]] = []
        pending_ordered = False

        def flush() -> None:
            nonlocal pending
            if pending:
                pages[-1].append(list_item(pending, pending_ordered))
                pending = []

        from docx.table import Table
        from docx.text.paragraph import Paragraph

        for el in _blocks(doc.element.body):
            if el.tag == qn("w:p"):
                p = Paragraph(el, doc)
                brk = any(b.get(qn("w:type")) == "page" for b in el.iter(qn("w:br")))
                text = clean(p.text)
                style = p.style.name if p.style is not None else ""
                numpr = el.find(qn("w:pPr") + "/" + qn("w:numPr"))
                lvl = _heading_level(style)
                is_list = (numpr is not None or "list" in style.lower()) and lvl is None
                for d in el.iter(qn("wp:docPr")):
                    flush()
                    cap = d.get("descr") or d.get("title") or None
                    pages[-1].append(Item("image", caption=cap))
                if text:
                    if is_list:
                        ilvl, num_id = "0", ""
                        if numpr is not None:
                            il = numpr.find(qn("w:ilvl"))
                            ni = numpr.find(qn("w:numId"))
                            ilvl = il.get(qn("w:val")) if il is not None else "0"
                            num_id = ni.get(qn("w:val")) if ni is not None else ""
                        key = (num_id or style, ilvl)
                        if key not in fmt_cache:
                            fmt_cache[key] = self._numfmt(doc, num_id, ilvl) if num_id else (
                                "decimal" if "number" in style.lower() else "bullet")
                        ordered = fmt_cache[key] not in ("bullet", "none")
                        if pending and ordered != pending_ordered and int(ilvl) == 0:
                            flush()
                        if not pending:
                            pending_ordered = ordered
                        pending.append((int(ilvl), text))
                    else:
                        flush()
                        if lvl is not None:
                            pages[-1].append(Item("heading", text=text, level=lvl))
                        elif style.lower().startswith(("code", "html preformatted", "macro")):
                            pages[-1].append(Item("code", text=p.text))
                        else:
                            pages[-1].append(Item("text", text=text))
                if brk:
                    flush()
                    pages.append([])
            elif el.tag == qn("w:tbl"):
                flush()
                t = Table(el, doc)
                rows = self._rows(t)
                if rows:
                    pages[-1].append(Item("table", rows=rows))
        flush()
        if len(pages) > 1 and not pages[-1]:
            pages.pop()
        return Document(pages=[Page(i + 1, w, h, items=its) for i, its in enumerate(pages)],
                        source_format="docx", pipeline=["python-docx"])

    @staticmethod
    def _rows(t) -> list[list[str]]:
        rows: list[list[str]] = []
        for tr in t.rows:
            cells: list[str] = []
            prev = None
            try:
                tcs = list(tr.cells)
            except Exception:  # noqa: BLE001
                tcs = []
            for c in tcs:
                if c._tc is prev:  # a horizontally merged cell repeats; keep it once
                    cells.append("")
                    continue
                prev = c._tc
                cells.append(clean(c.text).replace("\n", " "))
            rows.append(cells)
        return trim_rows(rows)


def _blocks(body):
    """Body paragraphs and tables in order; content controls (``w:sdt``) are unwrapped, so
    the tables and paragraphs inside them are read too."""
    for el in body.iterchildren():
        if el.tag == qn("w:sdt"):
            content = el.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        else:
            yield el
