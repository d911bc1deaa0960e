"""The table type and the few helpers both table finders share: rows of lines on one
baseline, a cell's text, dropping empty rows and columns, and the column a point falls in."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import BBox
from .model import Line

__all__ = ["Spans", "Table", "group_rows"]


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


def _cell_text(lines: list[Line], rtl: bool = False) -> str:
    lines = sorted(
        lines,
        key=(lambda a: (round(a.cy / 3), -a.x1)) if rtl else (lambda a: (round(a.cy / 3), a.x0)),
    )
    return " ".join(ln.text for ln in lines).strip()


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
