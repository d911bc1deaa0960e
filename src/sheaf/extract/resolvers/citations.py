"""Where a value is on the page: ``locate`` finds a text in the layout (exact, then
case/space-insensitive, then across two lines, then fuzzy), and candidate spans become
``Citation``s with their boxes.

Separate because both resolvers cite: the LLM resolver (``llm.py``) has only the value
text and locates it; the deterministic one has the spans already.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..layout import Layout, Line
from ..result import Citation
from .candidates import Cand

__all__ = ["locate"]


def _citations(layout: Layout, c: Cand) -> list[Citation]:
    out: list[Citation] = []
    for line, s, e in c.spans:
        boxes = line.span_boxes(s, e)
        text = line.text[s:e]
        if out and out[-1].page == line.page:
            out[-1].boxes.extend(boxes)
            out[-1].matching_text += " " + text
        else:
            out.append(Citation(line.page, text, boxes, line.page_width, line.page_height))
    return out


def locate(layout: Layout, text: str, page: int | None = None) -> list[tuple[Line, int, int]]:
    """Find ``text`` in the document: exact, then case/space-insensitive, then fuzzy."""
    text = str(text).strip()
    if not text:
        return []
    lines = [ln for ln in layout.lines if page is None or ln.page == page]
    # a whole token first: "21" is not the 21 inside "12572103" or a postcode
    token = re.compile(rf"(?<![\w.,]){re.escape(text)}(?![\w]|[.,]\d)")
    for ln in lines:
        m = token.search(ln.text)
        if m:
            return [(ln, m.start(), m.end())]
    for ln in lines:
        i = ln.text.find(text)
        if i >= 0:
            return [(ln, i, i + len(text))]
    low = " ".join(text.lower().split())
    for ln in lines:
        i = ln.text.lower().find(low)
        if i >= 0:
            return [(ln, i, i + len(low))]
    # multi-line values (addresses): consecutive lines whose join contains the text
    for k, ln in enumerate(lines[:-1]):
        joined = ln.text + " " + lines[k + 1].text
        if low in joined.lower() and ln.page == lines[k + 1].page:
            return [(ln, 0, len(ln.text)), (lines[k + 1], 0, len(lines[k + 1].text))]
    best, best_s = None, 0.0
    for ln in lines:
        al = fuzz.partial_ratio_alignment(low, ln.text.lower())
        if al is not None and al.score > best_s:
            best, best_s = (ln, al.dest_start, al.dest_end), al.score
    if best is not None and best_s >= 85:
        return [best]
    return []
