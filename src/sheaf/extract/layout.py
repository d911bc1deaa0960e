"""A flat, line-oriented view of a parsed ``Document`` for the resolvers.

Lines come from the page's words when it has them (grouped by vertical overlap, split into
segments at wide horizontal gaps, so "Total ....... 12.50" and two-column layouts keep their
cells apart), otherwise from the page's items (one line per text line of an item).
Tables are kept aside as ``TableView`` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from sheaf.parse.document import BBox, Document, Item, Page, Word

__all__ = ["Line", "Segment", "TableView", "Layout", "build_layout", "render_markdown"]


@dataclass(slots=True)
class Segment:
    text: str
    bbox: BBox | None
    confidence: float = 1.0
    words: list[Word] | None = None  # when built from words: they joined with one space = text

    def span_bbox(self, start: int, end: int) -> BBox | None:
        """Box of the characters ``text[start:end]`` (word boxes when known, else interpolated)."""
        if self.bbox is None:
            return None
        if start <= 0 and end >= len(self.text):
            return self.bbox
        if self.words:
            pos, box = 0, None
            for w in self.words:
                ws, we = pos, pos + len(w.text)
                if ws < end and start < we:
                    box = w.bbox if box is None else box.union(w.bbox)
                pos = we + 1
            if box is not None:
                return box
        n = max(len(self.text), 1)
        b = self.bbox
        return BBox(b.x + b.w * start / n, b.y, b.w * max(end - start, 1) / n, b.h)


@dataclass(slots=True)
class Line:
    page: int  # 1-based page number
    index: int  # reading-order index over the whole document
    segments: list[Segment]
    page_width: float
    page_height: float
    heading: bool = False

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def bbox(self) -> BBox | None:
        boxes = [s.bbox for s in self.segments if s.bbox is not None]
        if not boxes:
            return None
        out = boxes[0]
        for b in boxes[1:]:
            out = out.union(b)
        return out

    @property
    def confidence(self) -> float:
        return min((s.confidence for s in self.segments), default=1.0)

    def span_boxes(self, start: int, end: int) -> list[BBox]:
        """Boxes covering ``self.text[start:end]`` (one per segment touched)."""
        out, pos = [], 0
        for seg in self.segments:
            s0, s1 = pos, pos + len(seg.text)
            if s0 < end and start < s1:
                b = seg.span_bbox(max(start, s0) - s0, min(end, s1) - s0)
                if b is not None:
                    out.append(b)
            pos = s1 + 1
        return out

    def seg_offset(self, i: int) -> int:
        return sum(len(s.text) + 1 for s in self.segments[:i])

    @property
    def height(self) -> float:
        hs = [s.bbox.h for s in self.segments if s.bbox is not None]
        return median(hs) if hs else 0.0


@dataclass(slots=True)
class TableView:
    page: int
    rows: list[list[str]]
    header_rows: int
    bbox: BBox | None
    page_width: float
    page_height: float
    confidence: float = 1.0
    pages: list[int] = field(default_factory=list)  # a table merged over pages: all of them

    @property
    def header(self) -> list[str]:
        if self.header_rows >= 1 and self.rows:
            return [c or "" for c in self.rows[0]]
        return []

    @property
    def body(self) -> list[list[str]]:
        return self.rows[self.header_rows :] if self.header_rows >= 1 else self.rows


@dataclass(slots=True)
class Layout:
    lines: list[Line] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    pages: dict[int, Page] = field(default_factory=dict)

    def page_dims(self, page: int) -> tuple[float, float]:
        p = self.pages.get(page)
        return (p.width, p.height) if p else (0.0, 0.0)


def _lines_from_words(page: Page, start: int) -> list[Line]:
    words = [w for w in page.words if w.text.strip()]
    if not words:
        return []
    words.sort(key=lambda w: (w.bbox.y + w.bbox.h / 2, w.bbox.x))
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []  # (top, bottom) of each row's first word
    for w in words:
        top, bot = w.bbox.y, w.bbox.y1
        h = max(bot - top, 0.1)
        placed = False
        for k in range(len(rows) - 1, max(len(rows) - 4, -1), -1):
            bt, bb = bands[k]
            bh = max(bb - bt, 0.1)
            overlap = min(bot, bb) - max(top, bt)
            # same line: they overlap for most of the smaller height and are of similar size
            if overlap >= 0.5 * min(h, bh) and 0.5 <= h / bh <= 2.0:
                rows[k].append(w)
                placed = True
                break
        if not placed:
            rows.append([w])
            bands.append((top, bot))
    rows.sort(key=lambda r: min(x.bbox.y for x in r))
    out: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.bbox.x)
        h = median([w.bbox.h for w in row]) or 1.0
        segs: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            gap = w.bbox.x - prev.bbox.x1
            if gap > 1.1 * h:
                segs.append([w])
            else:
                segs[-1].append(w)
        segments = []
        for sw in segs:
            box = sw[0].bbox
            for w in sw[1:]:
                box = box.union(w.bbox)
            segments.append(
                Segment(" ".join(w.text for w in sw), box, min(w.confidence for w in sw), sw)
            )
        out.append(Line(page.number, start + len(out), segments, page.width, page.height))
    return out


def _item_text_lines(item: Item) -> list[tuple[str, BBox | None, bool, float]]:
    conf = item.confidence if item.confidence is not None else 1.0
    if item.type in ("list", "header", "footer"):
        out = []
        for child in item.children:
            out.extend(_item_text_lines(child))
        return out
    if item.type in ("table", "image"):
        if item.type == "image" and item.caption:
            return [(item.caption, item.bbox, False, conf)]
        return []
    text = item.text or ""
    parts = [p for p in text.split("\n") if p.strip()]
    if not parts:
        return []
    b = item.bbox
    out = []
    for i, p in enumerate(parts):
        pb = None
        if b is not None:
            h = b.h / len(parts)
            pb = BBox(b.x, b.y + i * h, b.w, h)
        out.append((p.strip(), pb, item.type == "heading", conf))
    return out


_CELL_GAP = re.compile(r"\s{3,}|\t+")


def _lines_from_items(page: Page, start: int) -> list[Line]:
    out: list[Line] = []
    for item in page.items:
        for text, bbox, heading, conf in _item_text_lines(item):
            # wide runs of spaces/tabs separate cells in text-layer output
            cells = [c.strip() for c in _CELL_GAP.split(text) if c.strip()]
            segs = [Segment(c, bbox, conf) for c in cells] or [Segment(text, bbox, conf)]
            out.append(Line(page.number, start + len(out), segs, page.width, page.height, heading))
    return out


def build_layout(doc: Document, pages: list[int] | None = None) -> Layout:
    """Flatten ``doc`` (restricted to ``pages``, 1-based numbers, when given)."""
    layout = Layout()
    for page in doc.pages:
        if pages is not None and page.number not in pages:
            continue
        if not page.ok:
            continue
        layout.pages[page.number] = page
        start = len(layout.lines)
        lines = _lines_from_words(page, start) if page.words else []
        if not lines:
            lines = _lines_from_items(page, start)
        layout.lines.extend(lines)
        for item in _walk_tables(page.items):
            if item.rows:
                layout.tables.append(
                    TableView(
                        page.number,
                        [[str(c) if c is not None else "" for c in r] for r in item.rows],
                        item.header_rows,
                        item.bbox,
                        page.width,
                        page.height,
                        item.confidence if item.confidence is not None else 1.0,
                        list(item.merged_from_pages) or [page.number],
                    )
                )
    return layout


def _walk_tables(items: list[Item]):
    for it in items:
        if it.type == "table":
            yield it
        elif it.children:
            yield from _walk_tables(it.children)


def render_markdown(doc: Document, pages: list[int] | None = None) -> str:
    """Markdown used as LLM input: the parse engine's markdown per page, behind a page
    separator; a page without items (a Document built from OCR boxes) gives its lines."""
    from sheaf.parse.render.markdown import page_markdown

    out: list[str] = []
    for page in doc.pages:
        if (pages is not None and page.number not in pages) or not page.ok:
            continue
        body = page_markdown(page) if page.items else "\n".join(
            line.text for line in _lines_from_words(page, 0))
        out.append(f"<!-- page {page.number} -->\n{body}")
    return "\n\n".join(out).strip() + "\n"
