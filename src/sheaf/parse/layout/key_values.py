"""A form's "Label:" and the value set apart from it on the same row, as one line.

Outside tables, a label and its value far to its right read as two text columns: every label
of the block, then every value ("Invoice number: Invoice date: Due date:" then the three
values). Joined row by row they read as the form does, each pair its own paragraph.
"""

from __future__ import annotations

from .model import Line

__all__ = ["join_key_values"]


def join_key_values(lines: list[Line]) -> list[Line]:
    labels = [ln for ln in lines if not ln.rotated and len(ln.words) <= 5
              and ln.text.endswith(":") and len(ln.text) > 1]
    if not labels:
        return lines
    taken: set[int] = set()
    out: list[Line] = []
    for lab in labels:
        if id(lab) in taken:
            continue
        right = [o for o in lines if o is not lab and not o.rotated and id(o) not in taken
                 and o.x0 >= lab.x1 - 1 and _same_row(o, lab)]
        if not right:
            continue
        val = min(right, key=lambda o: o.x0)
        size = max(lab.size, 1.0)
        if (val.x0 - lab.x1 > 12 * size or len(val.words) > 10 or val.text.endswith(":")
                or abs(val.size - lab.size) > 0.25 * max(val.size, lab.size)):
            continue
        taken.update((id(lab), id(val)))
        out.append(Line(lab.words + val.words, lab.x0, min(lab.y0, val.y0), val.x1,
                        max(lab.y1, val.y1), lab.size, lab.bold and val.bold,
                        lab.mono and val.mono, lab.italic and val.italic, lab.role,
                        key_value=True))
    if not out:
        return lines
    return [ln for ln in lines if id(ln) not in taken] + out


def _same_row(a: Line, b: Line) -> bool:
    return min(a.y1, b.y1) - max(a.y0, b.y0) >= 0.6 * min(a.h, b.h)
