"""The table type and the few helpers both table finders share: rows of lines on one
baseline, a cell's text, dropping empty rows and columns, and the column a point falls in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..document import BBox
from .model import Line

__all__ = ["VALUE", "YEAR", "Spans", "Table", "group_rows", "join_cell_text", "key_value_row",
           "white_strips"]


@dataclass
class Table:
    bbox: BBox
    rows: list[list[str]]
    lines: list[Line]
    ruled: bool
    cols: list[tuple[float, float]] | None = None  # column x-intervals, when known
    # merged cells (row, col, rowspan, colspan); text at rows[row][col], covered cells ""
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 1


Spans = list[tuple[int, int, int, int]]

# a number as a table prints it ("1,234.5", "-2.0", "(3.1)", "$12", "45%", "12.5 1/" tails),
# and a year, which in a header row is a column's label, not a value
VALUE = re.compile(r"[-+(]?[$€£]?\d[\d,.]*%?\)?[0-9/]*")
YEAR = re.compile(r"(19|20)\d\d\S{0,2}")


def group_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines that share a baseline band, top to bottom, each row left to right."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda a: (a.cy, a.x0)):
        if rows:
            row = rows[-1]
            ref = row[0]
            ov = min(ln.y1, ref.y1) - max(ln.y0, ref.y0)
            if ov >= 0.5 * min(ln.h, ref.h):
                row.append(ln)
                continue
        rows.append([ln])
    for r in rows:
        r.sort(key=lambda a: a.x0)
    return rows


_LEADER = re.compile(r"\s*(?:[.·…]\s*){4,}$")  # dot leaders running on to the next column


def join_cell_text(above: str, below: str) -> str:
    """A cell's text with its next line: a word hyphenated at the line end is one word
    again (a soft hyphen goes, a printed one stays: "Service-" over "providing")."""
    above, below = above.strip(), below.strip()
    if not above or not below:
        return above or below
    if above.endswith("\u00ad"):
        return above[:-1] + below
    if above.endswith("-") and above[-2:-1].isalpha() and below[:1].islower():
        return above + below
    return f"{above} {below}"


def _cell_text(lines: list[Line], rtl: bool = False) -> str:
    lines = sorted(
        lines,
        key=(lambda a: (round(a.cy / 3), -a.x1)) if rtl else (lambda a: (round(a.cy / 3), a.x0)),
    )
    text = ""
    for ln in lines:
        text = join_cell_text(text, ln.text)
    text = text.strip()
    return _LEADER.sub("", text) or text


def _prune(rows: list[list[str]], edges: list[float] | None = None):
    """Drop empty rows and columns; with ``edges`` also return the kept column intervals."""
    rows = [r for r in rows if any(c for c in r)]
    keep = [j for j in range(len(rows[0])) if any(r[j] for r in rows)] if rows else []
    out = [[r[j] for j in keep] for r in rows]
    if edges is None:
        return out
    return out, [(edges[j], edges[j + 1]) for j in keep if j + 1 < len(edges)]


def _bucket(edges: list[float], v: float) -> int | None:
    if v < edges[0] or v > edges[-1]:
        return None
    for i in range(len(edges) - 1):
        if v <= edges[i + 1]:
            return i
    return len(edges) - 2


_KEY_VALUE = re.compile(r"[^\W\d][^:]{0,30}:\s+\S")


def key_value_row(row: list[Line]) -> bool:
    """Every line of the row a label with its value ("Date: 2025-03-22   Order: PO-66067"):
    a line over a table, not one of its rows."""
    return all(_KEY_VALUE.match(ln.text) for ln in row)


def white_strips(col: list[Line], a: float, b: float, em: float, allowed: int) -> list[float]:
    """Centres of the vertical white strips within [a, b] at least ``em`` wide, crossed by at
    most ``allowed`` lines, with text on both sides of it in three or more rows: column gaps
    that a few lines spanning several columns (group headers) do not hide."""
    lo, hi = int(a) + 1, int(b)
    if hi - lo < 3 * em:
        return []
    cover = [0] * (hi - lo)
    for ln in col:
        for x in range(max(lo, int(ln.x0)), min(hi, int(ln.x1) + 1)):
            cover[x - lo] += 1
    out: list[float] = []
    x = 0
    while x < len(cover):
        if cover[x] > allowed:
            x += 1
            continue
        start = x
        while x < len(cover) and cover[x] <= allowed:
            x += 1
        c = lo + (start + x) / 2
        if x - start < em or start == 0 or x == len(cover):
            continue  # too narrow, or the column's own margin
        # sub-columns have text side by side in a row; one column whose lines are set at two
        # indents (labels and their totals) does not
        left = {round(ln.cy) for ln in col if ln.x1 <= c}
        right = {round(ln.cy) for ln in col if ln.x0 >= c}
        if sum(1 for y in left if any(abs(y - z) <= 1 for z in right)) >= 3:
            out.append(c)
    return out
