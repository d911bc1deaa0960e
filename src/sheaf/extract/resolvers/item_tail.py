"""A parsed table's last item whose description runs on below the table's edge: the parser
closed the table at the last row it saw numbers in, and the item's further description lines
("Grundgebühr pro Einheit" / "Dienst: OUDJQ_office" under "Small Business Exchange 2010 | 1 |
3,89") were left outside it as plain text.

Separate because it reads the page's text lines around a table, which the table readings do
not see.
"""

from __future__ import annotations

from sheaf.parse.document import BBox

from ..layout import Line
from .candidates import Context
from .columns import is_note_label
from .item_rows import ItemDraft, _summary_cell
from .item_text import is_section_title

__all__ = ["run_on_below"]


def run_on_below(drafts: list[ItemDraft], ctx: Context) -> None:
    """Give the last item of each parsed table the text lines that continue its description
    under the table: each starts where the description's first word starts (indented from
    the table's left edge, as only a cell's text is), each less than a line height under the
    one before, up to the first line that is anything else (totals, a note, a gap)."""
    last: dict[tuple[int, float, float], ItemDraft] = {}
    for d in drafts:
        if d.bbox is not None and not d.lines and d.parts:
            last[(d.page, d.bbox.x, d.bbox.y)] = d  # the rows of one table share its box
    for d in last.values():
        page, box = d.page, d.bbox
        assert box is not None
        start = _desc_start(d, page, box, ctx.layout.lines)
        if start is None:
            continue
        line, x0 = start
        if x0 < box.x + 6.0:
            continue  # the description is the table's first column: a note could start there
        found = _lines_below(line, x0, box, ctx.layout.lines)
        if found:
            d.parts.extend(ln.text for ln in found)
            d.lines = [line, *found]  # the item's citations come from these lines


def _desc_start(
    d: ItemDraft, page: int, box: BBox, lines: list[Line]
) -> tuple[Line, float] | None:
    """The text line of the table that prints the item's last description part, and the x
    where that part's first word starts."""
    want = d.parts[-1].split()
    if not want:
        return None
    for ln in reversed(lines):
        b = ln.bbox
        if ln.page != page or b is None or not (box.y - 1.0 <= b.y < box.y1 + 1.0):
            continue
        for sg in ln.segments:
            words = sg.words or []
            for i, w in enumerate(words):
                if [x.text for x in words[i : i + len(want)]] == want:
                    return ln, w.bbox.x
    return None


def _lines_below(line: Line, x0: float, box: BBox, lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    prev = line
    at = next((i for i, x in enumerate(lines) if x is line), len(lines))
    for ln in lines[at + 1 :]:
        b, pb = ln.bbox, prev.bbox
        if ln.page != line.page or b is None or pb is None:
            break
        if b.y < box.y1 - 1.0:
            break  # more of the table under the item: its last row is not this item
        if len(ln.segments) != 1 or abs(b.x - x0) > 2.0 or b.y - pb.y1 > max(pb.h, 1.0):
            break
        text = ln.text.strip()
        if _summary_cell(text) or is_note_label(text) or is_section_title(text):
            break
        out.append(ln)
        prev = ln
    return out
