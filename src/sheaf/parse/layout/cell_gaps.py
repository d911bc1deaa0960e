"""Cells set close together: a browser's table pads each cell by a few pixels, so two cells
of a row can stand less than an em apart, and the reader (which ends a line at a gap of an
em) reads them as one line. Tables are looked for in lines cut at every gap wider than a
generous word space that is not a justified line's stretched spacing; each piece remembers
the line it came from, so the page's text keeps the original line wherever no table takes
the pieces."""

from __future__ import annotations

import re

from .markers import LABEL_RE, is_marker
from .model import Line

__all__ = ["WIDE_GAP_EM", "split_wide_gaps"]

# a word space is about a quarter to a third of an em: two cells may stand this far apart
# (also the narrowest white strip that splits a column, in the table finders)
WIDE_GAP_EM = 0.6
_DIGIT = re.compile(r"\d")
_DOTS = re.compile(r"[.·…]+")


def split_wide_gaps(lines: list[Line]) -> tuple[list[Line], dict[int, Line]]:
    """``lines`` with every line cut where two of its words stand ``WIDE_GAP_EM`` or more
    apart (never after a list item's marker, nor in a justified line or a line of OCR'd
    words), and {id(piece): original}."""
    out: list[Line] = []
    origin: dict[int, Line] = {}
    for ln in lines:
        words = ln.words
        # OCR'd words (confidence below 1) stand at uneven gaps: no cut tells cells there
        ocr = any(w.confidence < 1.0 for w in words)
        cuts = _cuts(ln) if len(words) >= 2 and not ln.rotated and not ocr else []
        if not cuts:
            out.append(ln)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True):
            p = ln.piece(words[a:b])
            origin[id(p)] = ln
            out.append(p)
    return out, origin


def _heads_line(words: list) -> bool:
    """A section number ("5.1") or a caption's label ("Table 3:"), not a bare number (an
    item table's position column)."""
    text = " ".join(w.text for w in words)
    return bool(LABEL_RE.match(text)) and not text.isdigit()


def _cuts(ln: Line) -> list[int]:
    """Indexes of the words that start a new piece. A justified line stretches all its word
    spaces alike, so a gap is a cell's edge when numbers stand on both sides of it, or it
    is twice the line's narrowest space; in a line of two words, when one is a number.
    Never beside a dot leader's dots, nor after a list item's marker or a caption's label."""
    words = ln.words
    gaps = [words[i].bbox.x - words[i - 1].bbox.x1 for i in range(1, len(words))]
    wide = WIDE_GAP_EM * max(ln.size, 1.0)
    cuts = []
    for i, gap in enumerate(gaps, start=1):
        left, right = words[i - 1].text, words[i].text
        if gap < wide or _DOTS.fullmatch(left) or _DOTS.fullmatch(right) or (
                i == 1 and is_marker(left)):
            continue
        digits = bool(_DIGIT.search(left)), bool(_DIGIT.search(right))
        if not all(digits) and i <= 2 and _heads_line(words[:i]):
            continue
        others = gaps[: i - 1] + gaps[i:]
        if all(digits) or (gap >= 2 * max(min(others), 0.5) if others else any(digits)):
            cuts.append(i)
    return cuts
