"""Accents drawn as glyphs of their own, put back on their letters.

TeX's classic fonts (and some other producers) draw "á" as an "a" plus a spacing acute placed
over it; text extraction then reports the acute as a character of its own, often far from its
letter in stream order ("Min ´ a´c" for "Mináč"), and the line-building splits the line around
it. Each such accent is matched to the letter it sits on, by geometry, and composed with it.
"""

from __future__ import annotations

import unicodedata

# spacing accent -> combining mark
_ACCENTS: dict[str, str] = {
    "\u00b4": "\u0301",  # acute
    "\u02ca": "\u0301",
    "`": "\u0300",  # grave (TeX draws it with the ASCII backquote)
    "\u02cb": "\u0300",
    "^": "\u0302",
    "\u02c6": "\u0302",  # circumflex
    "~": "\u0303",
    "\u02dc": "\u0303",  # tilde
    "\u00af": "\u0304",  # macron
    "\u02c9": "\u0304",
    "\u02d8": "\u0306",  # breve
    "\u02d9": "\u0307",  # dot above
    "\u00a8": "\u0308",  # diaeresis
    "\u02da": "\u030a",  # ring
    "\u02dd": "\u030b",  # double acute
    "\u02c7": "\u030c",  # caron
    "\u00b8": "\u0327",  # cedilla
    "\u02db": "\u0328",  # ogonek
}
# an accent over a dotless i or j is an accented i or j
_DOTLESS = {"\u0131": "i", "\u0237": "j"}


def compose_accents(chars: list) -> list:
    """``chars`` as the PDF reader collects them ((ch, x0, y0, x1, y1, size, attrs) in display
    space, y down, or None for a word break) with every spacing accent that sits on a letter
    folded into that letter. Word breaks that only separated a letter from a displaced accent
    go too."""
    accents = [i for i, c in enumerate(chars) if c is not None and c[0] in _ACCENTS]
    if not accents:
        return chars
    rows: dict[int, list[int]] = {}  # letters by the band of their vertical centre
    for i, c in enumerate(chars):
        if c is not None and (c[0].isalpha() or c[0] in _DOTLESS) and c[0] not in _ACCENTS:
            rows.setdefault(int((c[2] + c[4]) / 2 // 8), []).append(i)
    composed: dict[int, str] = {}
    removed: set[int] = set()
    for a in accents:
        base = _letter_under(chars, a, rows)
        if base is None:
            continue
        mark = _ACCENTS[chars[a][0]]
        letter = composed.get(base, chars[base][0])
        letter = _DOTLESS.get(letter, letter)
        composed[base] = unicodedata.normalize("NFC", letter + mark)
        removed.add(a)
    if not removed:
        return chars
    out: list = []
    for i, c in enumerate(chars):
        if i in removed:
            continue
        if i in composed:
            c = (composed[i], *c[1:])
        out.append(c)
    return _drop_false_breaks(out, chars, removed)


def _letter_under(chars: list, a: int, rows: dict[int, list[int]]) -> int | None:
    """The letter accent ``chars[a]`` is drawn on: on the same line (the reader's boxes are
    line-high, so above or below does not show) with its centre over the letter's middle; a
    character set in its own place never has its centre inside another's box."""
    ch, x0, y0, x1, y1, size, _ = chars[a]
    cx = (x0 + x1) / 2
    if x1 - x0 > 0.8 * max(size, 1.0):  # wider than any accent: a real character
        return None
    band = int((y0 + y1) / 2 // 8)
    best, best_d = None, 0.0
    for b in (band - 1, band, band + 1):
        for i in rows.get(b, ()):
            _, lx0, ly0, lx1, ly1, _, _ = chars[i]
            inset = 0.1 * (lx1 - lx0)
            if not (lx0 + inset <= cx <= lx1 - inset):
                continue
            if min(y1, ly1) - max(y0, ly0) < 0.5 * min(y1 - y0, ly1 - ly0):
                continue
            d = abs(cx - (lx0 + lx1) / 2)
            if best is None or d < best_d:
                best, best_d = i, d
    return best


def _drop_false_breaks(out: list, chars: list, removed: set[int]) -> list:
    """A break next to a removed accent goes when the characters on either side of it touch
    (the accent's detour made the extractor report a space inside the word)."""
    if not any(c is None for c in out):
        return out
    # which breaks of ``out`` were next to a removed accent in ``chars``
    near = [c is None and (i + 1 in removed or i - 1 in removed)
            for i, c in enumerate(chars) if i not in removed]
    keep: list = []
    for k, c in enumerate(out):
        if c is None and near[k]:
            prev = next((p for p in reversed(keep) if p is not None), None)
            nxt = next((n for n in out[k + 1:] if n is not None), None)
            if prev is not None and nxt is not None and _touching(prev, nxt):
                continue
        keep.append(c)
    return keep


def _touching(p: tuple, n: tuple) -> bool:
    em = max(p[5], n[5], 1.0)
    same_line = min(p[4], n[4]) - max(p[2], n[2]) >= 0.45 * min(p[4] - p[2], n[4] - n[2])
    return same_line and -0.1 * em <= n[1] - p[3] <= 0.12 * em
