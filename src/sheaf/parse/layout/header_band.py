"""A table's header found as a table of its own: a shaded header band (a filled box a cell,
white text) over a body ruled row by row reads as two ruled tables, the band first. The
band joins the body below it as its header rows, with any line between the two (a section
label such as "2009" above the first row rule)."""

from __future__ import annotations

from statistics import median

from ..document import BBox
from .model import Line
from .table_common import VALUE, YEAR, Table, group_rows
from .unruled_tables import merge_continuations

__all__ = ["join_header_bands", "nearest_column"]



def nearest_column(cx: float, cols: list[tuple[float, float]]) -> int:
    """The column whose x-interval holds ``cx``, else the nearest one."""
    return min(range(len(cols)), key=lambda k: 0 if cols[k][0] <= cx <= cols[k][1]
               else min(abs(cx - cols[k][0]), abs(cx - cols[k][1])))


def _header_like(t: Table) -> bool:
    """At most four rows of labels: no cell is a value (a year is a column label)."""
    cells = [c for r in t.rows for c in r if c]
    return (1 <= len(t.rows) <= 4 and bool(cells)
            and not any(VALUE.fullmatch(c) and not YEAR.fullmatch(c) for c in cells))


def _band_over(a: Table, b: Table, row_h: float, between: list[Line]) -> bool:
    """``a`` spans ``b``'s width and ends at most two rows above it, or above the
    ``between`` lines that fill the space down to it (a bold first row set between the
    band and the body's first rule). The body's text may sit inside the band's ends by up
    to an eighth of its width (cell padding, indented row labels, numbers set right in
    wide columns), never outside them; an unruled header is its text's extent, inside the
    body's rules by a cell's padding."""
    tol = max(6.0, 0.03 * b.bbox.w) + (0.0 if a.ruled else 2 * row_h)
    inset = max(tol, 0.125 * a.bbox.w)
    if not (a.bbox.x - tol <= b.bbox.x <= a.bbox.x + inset
            and a.bbox.x1 - inset <= b.bbox.x1 <= a.bbox.x1 + tol):
        return False
    top = a.bbox.y1
    for ln in sorted(between, key=lambda ln: ln.y0):
        if ln.y0 - top > 2.5 * row_h:
            return False
        top = max(top, ln.y1)
    return -2.0 <= b.bbox.y - top <= 2.5 * row_h


def _join(a: Table, b: Table, between: list[list[Line]]) -> None:
    assert a.cols is not None and b.cols is not None
    ncols = len(b.cols)
    to_b = [nearest_column((x0 + x1) / 2, b.cols) for x0, x1 in a.cols]
    head: list[list[str]] = []
    for band_row in a.rows:
        cells = [""] * ncols
        for c, text in enumerate(band_row):
            if text:
                cells[to_b[c]] = (cells[to_b[c]] + " " + text).strip()
        head.append(cells)
    spans = []
    for r, c, rs, cs in a.spans:
        c0, c1 = to_b[c], to_b[min(c + cs - 1, len(to_b) - 1)]
        if c1 > c0 or rs > 1:
            spans.append((r, c0, rs, c1 - c0 + 1))
    rows = []
    for row in between:
        cells = [""] * ncols
        for ln in sorted(row, key=lambda ln: ln.x0):
            k = nearest_column((ln.x0 + ln.x1) / 2, b.cols)
            cells[k] = (cells[k] + " " + ln.text).strip()
        rows.append(cells)
    head += merge_continuations(rows) if rows else []
    n = len(head)
    b.rows = head + b.rows
    b.spans = spans + [(r + n, c, rs, cs) for r, c, rs, cs in b.spans]
    b.header_rows = len(a.rows)
    b.lines = a.lines + [ln for row in between for ln in row] + b.lines
    top = a.bbox.y
    b.bbox = BBox(min(a.bbox.x, b.bbox.x), top, max(a.bbox.x1, b.bbox.x1) - min(a.bbox.x,
                  b.bbox.x), b.bbox.y1 - top)


def join_header_bands(tables: list[Table], lines: list[Line]) -> list[Table]:
    """``tables`` with each header band joined to the body right under it (ruled or not)."""
    used = {id(ln) for t in tables for ln in t.lines}
    gone: set[int] = set()
    def lines_between(a: Table, b: Table) -> list[Line]:
        return [ln for ln in lines if id(ln) not in used and not ln.role
                and a.bbox.y1 - 1 <= ln.cy <= b.bbox.y + 1
                and ln.x0 >= b.bbox.x - 6 and ln.x1 <= b.bbox.x1 + 6]

    for a in sorted(tables, key=lambda t: t.bbox.y):
        # a shaded band (ruled), or the header rows over a booktabs body's top rule
        if not (a.cols and a.rows and len(a.cols) == len(a.rows[0]) and _header_like(a)
                and (a.ruled or len(a.rows) >= 2)):
            continue
        row_h = median(ln.h for ln in a.lines) if a.lines else 10.0
        below = [b for b in tables if b is not a and id(b) not in gone and b.cols
                 and len(b.rows) > len(a.rows) and (a.ruled or b.ruled)
                 and _band_over(a, b, row_h, lines_between(a, b))]
        if not below:
            continue
        b = min(below, key=lambda t: t.bbox.y)
        between = group_rows(lines_between(a, b))
        _join(a, b, between)
        used.update(id(ln) for row in between for ln in row)
        gone.add(id(a))
    return [t for t in tables if id(t) not in gone]
