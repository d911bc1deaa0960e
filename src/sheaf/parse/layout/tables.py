"""Table detection on a page: ruled grids and "booktabs" tables (:mod:`.ruled_tables`),
then unruled tables from text aligned in columns (:mod:`.unruled_tables`); each table then
takes in the header rows drawn just above it (a shaded header band found as a table of its
own first: :mod:`.header_band`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from statistics import median

from ..document import BBox
from .cell_gaps import split_wide_gaps
from .header_band import join_header_bands, nearest_column
from .leaders import originals, split_leaders
from .model import Line, Rule
from .not_tables import link_list
from .ruled_tables import _ruled
from .table_common import VALUE, YEAR, Table, group_rows, key_value_row
from .table_evidence import Region, confirmed
from .unruled_tables import _text_columns, _unruled

__all__ = ["Table", "find_tables"]


def _extend_header(t: Table, lines: list[Line], used: set[int]) -> None:
    """Absorb up to three column-aligned rows directly above the table (its header, often
    drawn above the top rule). A row of one line joins when it sits over the value columns
    (a unit line such as "(In millions)") and a row of cells joins above it; one line above
    the header, centred over the cells below it ("Year Ended" over three dates), spans them."""
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
    top = new_top = t.bbox.y
    inserted = 0
    pending: list[list[Line]] = []  # one-line rows, kept once a row of cells comes above
    for r in reversed(group_rows(cand)):
        h = max(ln.h for ln in r)
        if top - max(ln.y1 for ln in r) > 1.5 * h or inserted + len(pending) >= 3:
            break
        if key_value_row(r):
            break
        if len(r) < 2:
            if not _over_values(r[0], cols):
                break
            pending.append(r)
        else:
            for row in (*pending, r):
                cells = [""] * ncols
                for ln in row:
                    ci = nearest_column((ln.x0 + ln.x1) / 2, cols)
                    cells[ci] = (cells[ci] + " " + ln.text).strip()
                t.rows.insert(0, cells)
                t.lines.extend(row)
                used.update(id(ln) for ln in row)
            inserted += len(pending) + 1
            pending = []
            new_top = min(ln.y0 for ln in r)
        top = min(ln.y0 for ln in r)
    spans = [(r + inserted, c, rs, cs) for r, c, rs, cs in t.spans] if inserted else t.spans
    heads = inserted or not any(VALUE.fullmatch(c) and not YEAR.fullmatch(c) for c in t.rows[0])
    run = (_centred_over(pending[0][0], t.rows[0], cols)
           if heads and pending and _set_like_header(pending[0][0], t) else None)
    if run is not None:
        label = pending[0][0]
        c0, c1 = run
        t.rows.insert(0, [label.text if k == c0 else "" for k in range(ncols)])
        t.lines.append(label)
        used.add(id(label))
        spans = [(r + 1, c, rs, cs) for r, c, rs, cs in spans] + [(0, c0, 1, c1 - c0 + 1)]
        inserted += 1
        new_top = label.y0
    if inserted:
        t.bbox = BBox(t.bbox.x, new_top, t.bbox.w, t.bbox.y1 - new_top)
        t.spans = spans
        if t.header_rows > 1:
            t.header_rows += inserted
        else:  # the rows put on top are the header; the old first row too when it holds labels
            first = t.rows[inserted]
            t.header_rows = inserted + (not any(VALUE.fullmatch(c) and not YEAR.fullmatch(c)
                                                for c in first))


def _turned_headers(t: Table, lines: list[Line], used: set[int]) -> None:
    """Column headers set slanted or turned upright over narrow columns ("Procedure",
    "Completion" at 45 degrees over three score columns) go in the header's lowest row, in the
    column each starts over, where that cell is empty."""
    cols = t.cols
    if not cols or not t.rows or len(t.rows[0]) != len(cols):
        return
    row = t.rows[max(t.header_rows - 1, 0)]
    values = [ln.y0 for ln in t.lines if VALUE.fullmatch(ln.text)]
    body_top = min(values, default=t.bbox.y1)
    top = t.bbox.y
    mine = {id(ln) for ln in t.lines}  # a ruled grid takes them in without a cell to put them
    placed = {c for r in t.rows for c in r if c}
    for ln in lines:
        if (not ln.rotated or ln.role or (id(ln) in used and id(ln) not in mine)
                or ln.text in placed or not t.bbox.x - 2 <= ln.x0 <= t.bbox.x1
                or not t.bbox.y - 2 * ln.size <= ln.y1 <= body_top + 1):
            continue
        k = nearest_column(ln.x0 + 0.5 * ln.size, cols)
        if row[k]:
            continue
        row[k] = ln.text
        if id(ln) not in mine:
            t.lines.append(ln)
            used.add(id(ln))
        top = min(top, ln.y0)
    if top < t.bbox.y:
        t.bbox = BBox(t.bbox.x, top, t.bbox.w, t.bbox.y1 - top)


def _group_spans(t: Table) -> None:
    """A group label in an upper header row ("ReACT" over Procedure | Completion |
    Knowledge), alone over the columns it is centred on, spans them."""
    cols = t.cols
    if not cols or t.header_rows < 2 or len(t.rows[0]) != len(cols):
        return
    for r in range(t.header_rows - 1):
        if any(sr == r for sr, _, _, _ in t.spans):
            continue
        row, below = t.rows[r], t.rows[r + 1]
        labels = {k: _line_of(t, text) for k, text in enumerate(row) if text}
        found = sorted((ln.x0, ln.x1) for ln in labels.values() if ln is not None)
        for k, ln in labels.items():
            if ln is None:
                continue
            # the columns between the midpoints to the labels beside it are its own
            lo = max((x1 for _x0, x1 in found if x1 <= ln.x0), default=None)
            hi = min((x0 for x0, _x1 in found if x0 >= ln.x1), default=None)
            lo = -1e9 if lo is None else (lo + ln.x0) / 2
            hi = 1e9 if hi is None else (hi + ln.x1) / 2
            centre, best = (ln.x0 + ln.x1) / 2, None
            for d in range(1, len(cols)):
                a, b = k - d, k + d
                if (a < 0 or b >= len(cols) or row[a] or row[b] or not all(below[a:b + 1])
                        or sum(cols[a]) / 2 < lo or sum(cols[b]) / 2 > hi):
                    break
                width = cols[b][1] - cols[a][0]
                if abs(centre - (cols[a][0] + cols[b][1]) / 2) <= 0.1 * width:
                    best = (a, b)
            if best is not None:
                a, b = best
                row[a], row[k] = row[k], row[a]
                t.spans.append((r, a, 1, b - a + 1))


def _line_of(t: Table, text: str) -> Line | None:
    return next((o for o in t.lines if o.text == text and not o.rotated), None)


_SIGN_END = re.compile(r"(?:^|\s)([$€£¥])$")
_AMOUNT_START = re.compile(r"^\(?-?\d")
_SIGN_START = re.compile(r"^[$€£¥]\s*\(?-?\d")


def _signs_to_amounts(t: Table) -> None:
    """A currency sign set at the left edge of an amount's cell, far from the right-aligned
    number ("Cost of revenue   $      178"), can fall in the cell to its left: it goes back
    to the amount it belongs to. Not into a percentage, and not in a column whose signs
    follow their numbers ("1.092,50 €" in a row whose next cell holds no amount, or in a
    table where no sign leads an amount)."""
    ncols = max((len(r) for r in t.rows), default=0)
    leading = any(_SIGN_START.match(c) for r in t.rows for c in r)
    for k in range(ncols - 1):
        signed = [(row, m) for row in t.rows if len(row) > k + 1
                  and (m := _SIGN_END.search(row[k]))]
        if any(row[k][: m.start()].rstrip()[-1:].isdigit()
               and (not leading or not _AMOUNT_START.match(row[k + 1])) for row, m in signed):
            continue  # the signs trail the numbers of this column
        for row, m in signed:
            if _AMOUNT_START.match(row[k + 1]) and not row[k + 1].rstrip().endswith("%"):
                row[k] = row[k][: m.start()].rstrip()
                row[k + 1] = f"{m.group(1)} {row[k + 1]}"


def _over_values(ln: Line, cols: list[tuple[float, float]]) -> bool:
    """A short label clear of the first (row label) column: a unit or group header line."""
    return ln.x0 >= cols[1][0] - 2 and len(ln.words) <= 4 and not ln.text.rstrip().endswith(".")


def _set_like_header(ln: Line, t: Table) -> bool:
    """Set in the type of the table's top row: a title over the table (bigger, or bold over a
    plain header) is no group label."""
    top = min(o.y0 for o in t.lines)
    head = [o for o in t.lines if o.y0 <= top + 1.5 * o.h]
    size = median(o.size for o in head)
    return ln.size <= 1.1 * size and (not ln.bold or any(o.bold for o in head))


def _centred_over(ln: Line, below: list[str], cols: list[tuple[float, float]]
                  ) -> tuple[int, int] | None:
    """The value columns (first, last) a group label is centred over: the filled cells of
    the header row under it, past the row label column. Not the first line of the one cell
    it sits over, when that cell goes on in lower case."""
    filled = [k for k, c in enumerate(below) if c and k > 0]
    if len(filled) < 2:
        return None
    x0, x1 = cols[filled[0]][0], cols[filled[-1]][1]
    width = x1 - x0
    if ln.x1 - ln.x0 > width or abs((ln.x0 + ln.x1) / 2 - (x0 + x1) / 2) > 0.1 * width:
        return None
    inside = [k for k in filled if cols[k][0] - 2 <= ln.x0 and ln.x1 <= cols[k][1] + 2]
    if inside and below[inside[0]][:1].islower():  # "Relative" / "importance": one cell
        return None
    return filled[0], filled[-1]


def _side_by_side(tables: list[Table]) -> list[tuple[float, float]]:
    """(gutter, height) of each two tables found side by side, level with each other."""
    out = []
    for a in tables:
        for b in tables:
            top, bottom = max(a.bbox.y, b.bbox.y), min(a.bbox.y1, b.bbox.y1)
            if a.bbox.x1 < b.bbox.x and bottom > top:
                out.append(((a.bbox.x1 + b.bbox.x) / 2, (top + bottom) / 2))
    return out


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
    if not rtl:  # (words of a right-to-left line are in reading order, not left to right)
        lines, cut = split_wide_gaps(lines)
        for k, v in cut.items():
            origin[k] = origin.get(id(v), v)  # a leader's piece cut again: its line's piece
        for v in cut.values():
            origin.pop(id(v), None)  # (no longer a piece of its own)
    tables = _ruled(rules, lines, rtl) if rules else []
    used = {id(ln) for t in tables for ln in t.lines}
    rest = [ln for ln in lines if id(ln) not in used]
    for region in _text_columns(rest, beside=_side_by_side(tables)):
        tables.extend(_unruled(region, page_w, rtl, rules))
    tables = [t for t in confirmed(join_header_bands(tables, lines), regions)
              if t.ruled or not link_list(t, rules)]
    used = {id(ln) for t in tables for ln in t.lines}
    for t in tables:
        _extend_header(t, lines, used)
        _turned_headers(t, lines, used)
        _group_spans(t)
        _signs_to_amounts(t)
        if rtl:
            n = len(t.rows[0]) if t.rows else 0
            t.spans = [(r, n - c - cs, rs, cs) for r, c, rs, cs in t.spans]
            t.rows = [r[::-1] for r in t.rows]
            t.cols = t.cols[::-1] if t.cols else t.cols
    for t in tables:
        t.lines = originals(t.lines, origin)
    return tables
