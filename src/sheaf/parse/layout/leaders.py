"""Dot leaders between a row label and its first value ("Alabama ........ 8,919"): the dots
run up to the number, so the table loses the gap between its first two columns (and the
label and the value may come out as one line). Before tables are looked for, such a line
loses its leader (cut in two where a value follows it); each piece remembers the line it
came from, so the page's text keeps the original line wherever no table takes the
pieces."""

from __future__ import annotations

import re
from collections import Counter

from ..document import BBox, Word
from .model import Line

__all__ = ["originals", "split_leaders"]

_DOTS = re.compile(r"^[.·…]{2,}$|^\.$")


def _leader_at(ln: Line) -> tuple[int, int] | None:
    """(first, end) word indexes of a leader of four or more dots after a word."""
    i, n = 0, len(ln.words)
    while i < n:
        if _DOTS.match(ln.words[i].text):
            j = i
            dots = 0
            while j < n and _DOTS.match(ln.words[j].text):
                dots += len(ln.words[j].text)
                j += 1
            if dots >= 4 and i > 0:
                return i, j
            i = j
        else:
            i += 1
    return None


def _glued(ln: Line) -> Line:
    """``ln`` with dots glued to a word's end ("Alabama....") as words of their own."""
    words = []
    for w in ln.words:
        m = re.match(r"^(.*?[^.·…])([.·…]{4,})$", w.text)
        if not m:
            words.append(w)
            continue
        share = len(m.group(1)) / len(w.text)
        cut = w.bbox.x + share * w.bbox.w
        words.append(Word(m.group(1), BBox(w.bbox.x, w.bbox.y, cut - w.bbox.x, w.bbox.h),
                          w.confidence))
        words.append(Word(m.group(2), BBox(cut, w.bbox.y, w.bbox.x1 - cut, w.bbox.h),
                          w.confidence))
    if len(words) == len(ln.words):
        return ln
    return Line(words, ln.x0, ln.y0, ln.x1, ln.y1, ln.size, ln.bold, ln.mono, ln.italic,
                ln.role, ln.rotated)


def split_leaders(lines: list[Line]) -> tuple[list[Line], dict[int, Line]]:
    """``lines`` with every label-leader-value line cut in two, and {id(piece): original}."""
    out: list[Line] = []
    origin: dict[int, Line] = {}
    for ln in lines:
        at = _leader_at(_glued(ln)) if "...." in ln.text.replace(" ", "") else None
        if at is None:
            out.append(ln)
            continue
        g = _glued(ln)
        i, j = at
        for part in (g.words[:i], g.words[j:]):
            if not part:
                continue  # the leader ends the line: the value is a line of its own
            p = ln.piece(part)
            origin[id(p)] = ln
            out.append(p)
    return out, origin


def originals(lines: list[Line], origin: dict[int, Line]) -> list[Line]:
    """``lines`` with each piece replaced by the line it was cut from (once), where all of
    that line's pieces are among ``lines``; a piece whose line goes on outside them stays a
    piece, so the line is not taken from the page's text (its text may show twice, but is
    never lost)."""
    pieces = Counter(id(src) for src in origin.values())
    here = Counter(id(origin[id(ln)]) for ln in lines if id(ln) in origin)
    out: list[Line] = []
    seen: set[int] = set()
    for ln in lines:
        src = origin.get(id(ln))
        if src is None or here[id(src)] < pieces[id(src)]:
            out.append(ln)
        elif id(src) not in seen:
            seen.add(id(src))
            out.append(src)
    return out
