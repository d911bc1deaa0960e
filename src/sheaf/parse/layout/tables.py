"""Table detection on a page: ruled grids and "booktabs" tables (:mod:`.ruled_tables`),
then unruled tables from text aligned in columns (:mod:`.unruled_tables`); each table then
takes in the header rows drawn just above it (a shaded header band found as a table of its
own first: :mod:`.header_band`)."""

from __future__ import annotations

from collections.abc import Callable

from ..document import BBox
from .header_band import join_header_bands, nearest_column
from .leaders import originals, split_leaders
from .model import Line, Rule
from .ruled_tables import _ruled
from .table_common import Table, group_rows
from .table_evidence import Region, confirmed
from .unruled_tables import _text_columns, _unruled

__all__ = ["Table", "find_tables"]


def _extend_header(t: Table, lines: list[Line], used: set[int]) -> None:
    """Absorb up to three column-aligned rows directly above the table (its header, often
    drawn above the top rule)."""
    cols = t.cols
    if not cols or len(cols) < 2 or not t.rows:
        return
    ncols = len(t.rows[0])
    if ncols != len(cols):
        return
    cand = [
        ln
        for ln in lines
        if id(ln) not in used
        and ln.y1 <= t.bbox.y + 2
        and ln.x0 >= t.bbox.x - 6
        and ln.x1 <= t.bbox.x1 + 6
        and not ln.role
    ]
    rows = group_rows(cand)
    top = t.bbox.y
    added = 0
    for r in reversed(rows):
        h = max(ln.h for ln in r)
        if top - max(ln.y1 for ln in r) > 1.5 * h or len(r) < 2 or added >= 3:
            break
        cells = [""] * ncols
        for ln in r:
            ci = nearest_column((ln.x0 + ln.x1) / 2, cols)
            cells[ci] = (cells[ci] + " " + ln.text).strip()
        t.rows.insert(0, cells)
        t.lines.extend(r)
        used.update(id(ln) for ln in r)
        top = min(ln.y0 for ln in r)
        added += 1
    if added:
        t.bbox = BBox(t.bbox.x, top, t.bbox.w, t.bbox.y1 - top)
        t.spans = [(r + added, c, rs, cs) for r, c, rs, cs in t.spans]
        if t.header_rows > 1:
            t.header_rows += added


def find_tables(
    lines: list[Line],
    rules: list[Rule],
    page_w: float,
    rtl: bool = False,
    regions: Callable[[], list[Region] | None] | None = None,
) -> list[Table]:
    """Tables on a page; with ``rtl`` (right-to-left script) cells read right to left.
    ``regions``: the layout model's regions on the page image (computed on first call), the
    evidence :func:`.table_evidence.confirmed` checks the candidates against."""
    lines, origin = split_leaders(lines)
    tables = _ruled(rules, lines, rtl) if rules else []
    used = {id(ln) for t in tables for ln in t.lines}
    rest = [ln for ln in lines if id(ln) not in used]
    for region in _text_columns(rest):
        tables.extend(_unruled(region, page_w, rtl, rules))
    tables = confirmed(join_header_bands(tables, lines), regions)
    used = {id(ln) for t in tables for ln in t.lines}
    for t in tables:
        _extend_header(t, lines, used)
        if rtl:
            n = len(t.rows[0]) if t.rows else 0
            t.spans = [(r, n - c - cs, rs, cs) for r, c, rs, cs in t.spans]
            t.rows = [r[::-1] for r in t.rows]
            t.cols = t.cols[::-1] if t.cols else t.cols
    for t in tables:
        t.lines = originals(t.lines, origin)
    return tables
