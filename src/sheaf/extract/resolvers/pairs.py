"""Label/value pairs from the layout: "Label: value", label cell then value cell, inline
"TOTAL 80.90", a label over its value, column headers over a row of values, a bare number
under the document title.

Separate because pairs are pure layout reading (no field, no role): the resolver scores them
per field, and schema generation (``extract.generate``) reuses them to propose fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..layout import Layout, Line
from ..values import normalize_label
from .columns import header_kinds
from .labels import _has_letters, _norm_label

__all__ = ["Pair", "build_pairs"]


_COLON = re.compile(r"(?<=[A-Za-z)\].#°])\s*[:：]\s*|(?<=[A-Za-z])\s+-\s+")


@dataclass(slots=True)
class Pair:
    label: str
    norm: str
    line: Line  # line of the value
    start: int  # value span in line.text
    end: int
    kind: str  # colon | cell | inline | below
    label_line: Line

    @property
    def value(self) -> str:
        return self.line.text[self.start : self.end]


# a document's title: "INVOICE", "Tax Invoice", "Rechnung", "Facture", "Kopie factuur"
_TITLE = re.compile(
    r"\s*(?:(?:tax|sales|commercial|copy|kopie|proforma|pro forma)\s+)?"
    r"(invoice|receipt|bill|rechnung|factuur|facture|factura|fattura|faktura|credit note)\s*\.?\s*",
    re.I,
)

# "# 1234", "No. 1234", "N° 1234": a number whose label is the title above it
_BARE_NO = re.compile(r"\s*(?:#|no\.?|nr\.?|n[°º]|number)\s*[:.]?\s*(?=\S*\d)\S+\s*", re.I)

_TAX_WORDS = {"tax", "vat", "gst", "sst", "btw", "tva", "mwst", "ust", "iva", "summary"}


def _label_like(t: str) -> bool:
    return _has_letters(t) and not any(c.isdigit() for c in t) and len(t.split()) <= 4


def _header_row(line: Line, nxt: Line | None) -> bool:
    """A row of column labels ("Klant | Order | Factuur datum | Factuur") over a row of values."""
    return (
        nxt is not None
        and len(line.segments) >= 2
        and len(nxt.segments) >= 2
        and all(_label_like(sg.text) and not _COLON.search(sg.text) for sg in line.segments)
        and any(any(c.isdigit() for c in sg.text) for sg in nxt.segments)
    )


def _tax_word(line: Line) -> str | None:
    words = normalize_label(line.text).split()
    return next((w for w in words if w in _TAX_WORDS), None)


def _item_header(line: Line) -> bool:
    """Column labels of a line-item table ("Description | Qty | VAT % | Amount"): its VAT
    column is a rate per item, not a tax breakdown."""
    kinds = {k for sg in line.segments for k, _ in header_kinds(sg.text)}
    return bool(kinds & {"desc", "qty"}) and bool(kinds & {"unit_price", "amount"})


def _value_row(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` is another row of values (an item table, not a key/value header)."""
    if i >= len(lines) or lines[i].page != lines[i - 1].page:
        return False
    ln = lines[i]
    return len(ln.segments) >= 2 and any(c.isdigit() for c in ln.text)


def _column_below(seg_box, nxt: Line) -> int | None:
    """Index of the segment of ``nxt`` under ``seg_box`` (most horizontal overlap)."""
    best, best_ov = None, 0.0
    for j, sg in enumerate(nxt.segments):
        b = sg.bbox
        if b is None or seg_box is None:
            continue
        ov = min(seg_box.x1, b.x1) - max(seg_box.x, b.x)
        if ov > best_ov:
            best, best_ov = j, ov
    return best


def build_pairs(layout: Layout) -> list[Pair]:
    pairs: list[Pair] = []
    lines = layout.lines
    for li, line in enumerate(lines):
        nxt = _line_below(lines, li)
        text = line.text
        if (
            nxt is not None  # _header_row checks it too; said here so the type narrows
            and _header_row(line, nxt)
            and not _item_header(line)
            and (_tax_word(line) or not _value_row(lines, li + 2))
        ):
            # each column label pairs with the value under it, never with its neighbour label;
            # in a tax breakdown ("GST SUMMARY | AMOUNT | TAX") every column is about tax
            tax = next(
                (
                    w
                    for sg in line.segments
                    for w in normalize_label(sg.text).split()
                    if w in _TAX_WORDS
                ),
                None,
            )
            for seg in line.segments:
                j = _column_below(seg.bbox, nxt)
                if j is None:
                    continue
                label = seg.text
                if tax and tax not in normalize_label(label).split():
                    label = f"{tax} {label}"
                s0 = nxt.seg_offset(j)
                pairs.append(_pair(label, nxt, s0, s0 + len(nxt.segments[j].text), "cell", line))
            continue
        bare = _BARE_NO.fullmatch(text)
        if bare:
            title = _title_above(lines, li)
            if title is not None:
                pairs.append(_pair(f"{title.text} no", line, 0, bare.end(), "colon", title))
        for si, seg in enumerate(line.segments):
            off = line.seg_offset(si)
            t = seg.text
            m = _COLON.search(t)
            if m and _has_letters(t[: m.start()]) and len(t[: m.start()].split()) <= 7:
                label = t[: m.start()]
                rest_start = off + m.end()
                seg_end = off + len(t)
                if text[rest_start:seg_end].strip():
                    pairs.append(_pair(label, line, rest_start, seg_end, "colon", line))
                    if si + 1 < len(line.segments):  # value may continue into the next cell
                        pairs.append(_pair(label, line, rest_start, len(text), "colon", line))
                elif (nv := _next_value_seg(line, si)) is not None:
                    s0 = line.seg_offset(nv)
                    pairs.append(
                        _pair(label, line, s0, s0 + len(line.segments[nv].text), "colon", line)
                    )
                elif (bv := _beside_value(lines, li, seg.bbox)) is not None:
                    pairs.append(_pair(label, bv, 0, len(bv.text), "colon", line))
                elif nxt is not None:
                    pairs.append(_pair(label, nxt, 0, len(nxt.text), "below", line))
                continue
            nv = _next_value_seg(line, si)
            if nv is not None and _has_letters(t) and len(t.split()) <= 7:
                s0 = line.seg_offset(nv)
                kind = "colon" if nv > si + 1 else "cell"
                pairs.append(_pair(t, line, s0, s0 + len(line.segments[nv].text), kind, line))
            # inline: leading words are the label, the rest (from the first digit-bearing
            # token) the value: "TOTAL 80.90", "Invoice No 12345"; not when the label cell
            # has its value in the next cell ("VAT @ 20% on 1,234.00 | 246.80": the amount
            # inside the label is the base, not the tax)
            toks = [] if nv is not None and _has_letters(t) else list(re.finditer(r"\S+", t))
            for k, tok in enumerate(toks):
                if any(c.isdigit() for c in tok.group(0)) or tok.group(0)[:1] in "$€£¥₹":
                    if 0 < k <= 6:
                        label = t[: tok.start()]
                        if _has_letters(label):
                            pairs.append(
                                _pair(label, line, off + tok.start(), off + len(t), "inline", line)
                            )
                    break
            if (
                len(line.segments) == 1
                and _has_letters(t)
                and len(t.split()) <= 5
                and not any(c.isdigit() for c in t)
            ):
                if (bv := _beside_value(lines, li, seg.bbox)) is not None:
                    pairs.append(_pair(t, bv, 0, len(bv.text), "inline", line))
                elif nxt is not None:
                    pairs.append(_pair(t, nxt, 0, len(nxt.text), "below", line))
    return pairs


def _beside_value(lines: list[Line], i: int, label_box) -> Line | None:
    """A value printed beside its label but a little higher or lower (a skewed scan, a till
    that prints amounts half a line off): the value-only line just above or below, right of
    the label and overlapping it vertically. "TOTAL :" with "99.00" half a line above it."""
    ln = lines[i]
    lb = ln.bbox
    if label_box is None or lb is None:
        return None
    best, best_d = None, 0.0
    for k in (i - 1, i + 1):
        if not 0 <= k < len(lines) or lines[k].page != ln.page:
            continue
        cand = lines[k]
        cb = cand.bbox
        t = cand.text
        if cb is None or len(t.split()) > 2 or not any(c.isdigit() for c in t):
            continue
        if _has_letters(t.replace("RM", "").replace("rm", "")) or cb.x < label_box.x1:
            continue
        overlap = min(lb.y1, cb.y1) - max(lb.y, cb.y)
        if overlap < 0.3 * min(lb.h, cb.h):
            continue
        d = abs((lb.y + lb.y1) / 2 - (cb.y + cb.y1) / 2)
        if best is None or d < best_d:
            best, best_d = cand, d
    return best


def _next_value_seg(line: Line, si: int) -> int | None:
    """Index of the next segment holding a value (skipping lone ':' / '-' cells)."""
    for j in range(si + 1, min(si + 3, len(line.segments))):
        if any(c.isalnum() for c in line.segments[j].text):
            return j
    return None


def _pair(label: str, line: Line, s: int, e: int, kind: str, lline: Line) -> Pair:
    v = line.text[s:e]
    lead = len(v) - len(v.lstrip())
    trail = len(v) - len(v.rstrip())
    return Pair(label.strip(), _norm_label(label), line, s + lead, e - trail, kind, lline)


def _line_below(lines: list[Line], i: int) -> Line | None:
    if i + 1 >= len(lines):
        return None
    a, b = lines[i], lines[i + 1]
    if a.page != b.page:
        return None
    ab, bb = a.bbox, b.bbox
    if ab is not None and bb is not None:
        if bb.y - ab.y1 > 2.5 * max(ab.h, 1):
            return None
        if bb.x > ab.x1 + 0.05 * a.page_width or ab.x > bb.x1 + 0.05 * a.page_width:
            return None  # the next line in reading order is in another column
    return b


def _title_above(lines: list[Line], i: int) -> Line | None:
    """The document title ("INVOICE") at most three lines above line ``i``, in its column."""
    ln, b = lines[i], lines[i].bbox
    for k in range(i - 1, max(i - 4, -1), -1):
        t = lines[k]
        tb = t.bbox
        if t.page != ln.page:
            return None
        if _TITLE.fullmatch(t.text) and (
            b is None or tb is None or (tb.x < b.x1 + 10 and b.x < tb.x1 + 10)
        ):
            return t
    return None
