"""Where line-item rows come from: the parsed tables (the header row anywhere in a table,
the same table continued on later pages with or without its header), aligned text lines
under a header line (segments put in the column they line up with, split by word when they
straddle two), or, with no header at all, a label | amount list.

Separate because each source only turns the page into rows; ``item_rows`` decides what they
mean.
"""

from __future__ import annotations

import re
from typing import Any

from sheaf.parse.document import BBox

from ..layout import Line, Segment, TableView
from ..schema import Field
from .candidates import Context
from .columns import field_kind, header_kinds
from .item_cells import (
    _PLAIN_NUMBER,
    ColumnMap,
    _find_header,
    _map_header,
    _number,
    _split_cell,
    doc_decimal,
)
from .item_rows import ItemDraft, Row, _drafts, _item_numbers, _row_is_summary, _summary_cell

__all__ = ["_from_lines", "_from_tables", "_headerless"]


def _table_rows(t: TableView, start: int) -> list[Row]:
    return [Row(r, t.page, t.bbox, pages=t.pages) for r in t.rows[start:]]


def _from_tables(item: Field, ctx: Context) -> tuple[ColumnMap, list[Row]] | None:
    tables = ctx.layout.tables
    heads = [_find_header(t.rows, item) for t in tables]  # each table's header, read once
    best: tuple[float, int, ColumnMap] | None = None
    for ti, (t, cm) in enumerate(zip(tables, heads, strict=True)):
        if cm is None:
            continue
        n = len(_drafts(_table_rows(t, cm.header_row + 1), cm))
        key = (cm.score + (0.5 if n else 0.0), -ti)
        if n and (best is None or key > (best[0], -best[1])):
            best = (key[0], ti, cm)
    if best is None:
        return None
    _, ti, cm = best
    kinds = _kinds(cm)
    # the same table on earlier pages, its header read less well there (the best-read
    # header may be a later page's repeat of it)
    rows = [r for t, cm0 in zip(tables[:ti], heads[:ti], strict=True)
            if cm0 is not None and _kinds(cm0) >= kinds for r in _as_rows(t, cm0, cm)]
    rows += _table_rows(tables[ti], cm.header_row + 1)
    ncols = len(tables[ti].rows[0]) if tables[ti].rows else 0
    last_page = tables[ti].page
    for t, cm2 in zip(tables[ti + 1 :], heads[ti + 1 :], strict=True):
        if cm2 is not None and _kinds(cm2) >= kinds:
            rows += _as_rows(t, cm2, cm)
            last_page = t.page
        elif (
            cm2 is None
            and t.page == last_page + 1
            and t.rows
            and len(t.rows[0]) == ncols
            and t is next(x for x in tables if x.page == t.page)
        ):
            rows += _table_rows(t, 0)  # the table continued without its header
            last_page = t.page
    return cm, rows


def _kinds(cm: ColumnMap) -> set[str]:
    return {k for _, k in cm.fields.values()}


def _as_rows(t: TableView, cm2: ColumnMap, cm: ColumnMap) -> list[Row]:
    """Rows of a repeated table under ``cm``'s column order (its own header may differ)."""
    order = {k: j for j, k in cm2.fields.values()}
    out = []
    for r in t.rows[cm2.header_row + 1 :]:
        cells = [""] * len(cm.kinds)
        placed: set[int] = set()
        for _name, (j, k) in sorted(cm.fields.items(), key=lambda f: f[1][0]):
            j2 = order.get(k)
            if j2 is None or j2 >= len(r):
                continue
            if len(cm2.kinds[j2]) > 1 and len(cm.kinds[j]) == 1:
                # a cell under a merged header there ("Qty Unit price"), one column per kind
                # here: numbers are split among them, a label ("Rabatt 5 %") goes whole to
                # the first (copied to each, it would read as a quantity and a price)
                if not re.search(r"[^\W\d]{2}", r[j2]):
                    cells[j] = _split_cell(r[j2], cm2.kinds[j2]).get(k, "")
                elif j2 not in placed:
                    cells[j] = r[j2]
                placed.add(j2)
            else:
                cells[j] = r[j2]
        for j in range(len(cm.kinds)):  # unmapped columns keep their place (summary labels)
            if not cells[j] and j < len(r) and not any(j == jj for jj, _ in cm.fields.values()):
                cells[j] = r[j]
        out.append(Row(cells, t.page, t.bbox, pages=t.pages))
    return out


def _header_cells(ln: Line) -> list[tuple[str, BBox | None]]:
    """The cells of a header line: its segments, with a segment that names several columns
    ("Pos. Bezeichnung", "Qty Unit") cut at the words where each column name starts."""
    out: list[tuple[str, BBox | None]] = []
    for sg in ln.segments:
        if len(header_kinds(sg.text)) < 2 or not sg.words:
            out.append((sg.text, sg.bbox))
            continue
        words = sg.words
        i = 0
        while i < len(words):
            j = next(
                (
                    j
                    for j in range(len(words), i, -1)
                    if header_kinds(" ".join(w.text for w in words[i:j])) and len(
                        header_kinds(" ".join(w.text for w in words[i:j]))) == 1
                ),
                i + 1,
            )
            box = words[i].bbox
            for w in words[i + 1 : j]:
                box = box.union(w.bbox)
            out.append((" ".join(w.text for w in words[i:j]), box))
            i = j
    return out


def _from_lines(item: Field, ctx: Context) -> tuple[ColumnMap, list[Row]] | None:
    """A header line whose cells map to the sub-fields, then the lines under it (and under
    the same header on later pages), each segment put in the column it lines up with."""
    lines = ctx.layout.lines
    best = None
    for i, ln in enumerate(lines):
        if len(ln.segments) < 2 and len(header_kinds(ln.text)) < 2:
            continue
        cells = _header_cells(ln)
        cm = _map_header([c for c, _ in cells], item)
        if cm is not None and (best is None or cm.score > best[0].score + 1e-9):
            best = (cm, i, cells)
    if best is None:
        return None
    cm, i, head_cells = best
    head = lines[i]
    kinds = {k for _, k in cm.fields.values()}
    rows: list[Row] = []
    starts = [(i, head_cells)]
    for k in range(i + 1, len(lines)):
        ln = lines[k]
        if ln.page <= head.page:
            continue
        cells = _header_cells(ln)
        c2 = _map_header([c for c, _ in cells], item)
        if c2 is not None and {kk for _, kk in c2.fields.values()} >= kinds and len(
            cells
        ) == len(head_cells):
            starts.append((k, cells))
    boxes = [b for _, b in head_cells]
    for s, cells_h in starts:
        hdr = lines[s]
        boxes = [b for _, b in cells_h]
        body = s + 1 + _header_wraps(lines, s, boxes)
        page_rows = _line_rows(lines[body:], hdr.page, boxes, cm.kinds)
        rows += page_rows
        # the table runs on over the next page without its header: its rows line up with
        # the same columns, from the first row that holds two of qty / unit price / amount
        nxt = hdr.page + 1
        if not any(ln.page == nxt for ln, _ in starts_lines(starts, lines)) and not _closed(
            page_rows, cm
        ):
            cont = _line_rows([ln for ln in lines if ln.page == nxt], nxt, boxes, cm.kinds)
            first = next((i for i, r in enumerate(cont) if _item_numbers(r, cm) >= 2), None)
            if first is not None:
                # this page's rows past a wide gap are its footer, not the table's
                del rows[len(rows) - len(page_rows) + len(_before_gap(page_rows)):]
                rows += cont[first:]
    return cm, rows


def _before_gap(rows: list[Row]) -> list[Row]:
    """The rows before the first wide empty gap (more than four line heights)."""
    for i in range(1, len(rows)):
        a, b = rows[i - 1].line, rows[i].line
        if a is not None and b is not None and a.bbox is not None and b.bbox is not None and (
                b.bbox.y - a.bbox.y1 > 4 * max(a.bbox.h, 1.0)):
            return rows[:i]
    return rows


def _closed(rows: list[Row], cm: ColumnMap) -> bool:
    """The items of a page end in its totals: a totals row after the last item row (a
    group's subtotal with more items under it, "Summe Hardware", does not close them).
    Rows past a wide empty gap (the page footer's "USt-IdNr.") are not the table's."""
    rows = _before_gap(rows)
    last_sum = max((i for i, r in enumerate(rows) if _row_is_summary(r)), default=-1)
    last_item = max((i for i, r in enumerate(rows) if _item_numbers(r, cm) >= 2), default=-1)
    return last_sum > last_item


def _header_wraps(lines: list[Line], s: int, boxes: list[BBox | None]) -> int:
    """How many lines under the header line ``s`` are its cells wrapped ("Description de
    la" / "prestation"): right under it (less than half a line apart), text only, each
    segment starting where a header cell starts."""
    hdr, n = lines[s], 0
    for ln in lines[s + 1 : s + 3]:
        prev = lines[s + n]
        if ln.page != hdr.page or ln.bbox is None or prev.bbox is None:
            break
        if ln.bbox.y - prev.bbox.y1 > 0.5 * max(prev.bbox.h, 1.0):
            break
        if any(c.isdigit() for c in ln.text) or not all(
            sg.bbox is not None and any(b is not None and abs(b.x - sg.bbox.x) <= 3.0
                                        for b in boxes)
            for sg in ln.segments
        ):
            break
        n += 1
    return n


def starts_lines(starts: list, lines: list[Line]) -> list[tuple[Line, Any]]:
    return [(lines[s], c) for s, c in starts]


def _line_rows(
    lines: list[Line], page: int, boxes: list[BBox | None], kinds: list[list[str]] | None = None
) -> list[Row]:
    rows: list[Row] = []
    if kinds is not None:
        boxes = _value_boxes(lines, page, boxes, kinds)
    for nl in lines:
        if nl.page != page or len(rows) > 500:
            break
        cells = [""] * len(boxes)
        for sg in nl.segments:
            if sg.bbox is None:
                continue
            over = [c for c in range(len(boxes)) if _col_dist(boxes[c], sg.bbox) == 0.0]
            # a segment across two columns ("2.5 USB-C dock" under "Quantity | Item"):
            # each word goes to its own column
            parts = _word_parts(sg) if len(over) > 1 and sg.words else _lead_split(sg, boxes)
            prev_j: int | None = None
            for text, box in parts:
                j = min(range(len(boxes)), key=lambda c: _col_dist(boxes[c], box))
                if len(parts) > 2 and prev_j is not None and _col_dist(boxes[j], box) > 0.0:
                    j = prev_j  # a word under no header runs on in the column before it
                cells[j] = (cells[j] + " " + text).strip()
                prev_j = j
        rows.append(Row(cells, nl.page, nl.bbox, nl))
    return rows


_NUMBER_WORD = re.compile(r"-?\d[\d.,'\u202f]*")


_UNIT_WORD = re.compile(r"[^\W\d]{1,4}\.?")


def _word_parts(sg: Segment) -> list[tuple[str, BBox]]:
    """A segment's words one by one, a number keeping the short unit after it ("25 pcs")."""
    out: list[tuple[str, BBox]] = []
    prev_num = False
    for w in sg.words or []:
        if prev_num and _UNIT_WORD.fullmatch(w.text):
            text, box = out[-1]
            out[-1] = (f"{text} {w.text}", box.union(w.bbox))
            prev_num = False
            continue
        out.append((w.text, w.bbox))
        prev_num = bool(_NUMBER_WORD.fullmatch(w.text))
    return out


def _lead_split(sg: Segment, boxes: list[BBox | None]) -> list[tuple[str, BBox]]:
    """A segment that starts with a number and a short unit ("3 pcs Cleaning service",
    "1 Unterhaltsreinigung") glued by a narrow gap: the number goes to the column it lines
    up with when that is not the column of the words after it."""
    assert sg.bbox is not None
    words = sg.words or []
    if len(words) < 2 or not _NUMBER_WORD.fullmatch(words[0].text) or _numberish(sg.text):
        return [(sg.text, sg.bbox)]  # "1 707,88 €" is one number, thousands spaced
    n = 1
    if len(words) > 2 and _UNIT_WORD.fullmatch(words[1].text):
        n = 2  # "3 pcs", "2 Stk.", "1,5 h"
    head, rest = words[:n], words[n:]
    hb = head[0].bbox.union(head[-1].bbox)
    rb = rest[0].bbox.union(rest[-1].bbox)

    def col(b: BBox) -> int:
        return min(range(len(boxes)), key=lambda c: _col_dist(boxes[c], b))

    c = col(rb)
    if col(hb) == c:
        # text starting at its column's header with a number printed before that header
        # ("4 pcs" right-aligned under "Hours", then the description): the number belongs
        # to the nearest column on the left
        own = boxes[c]
        left = [j for j in range(len(boxes)) if (b := boxes[j]) is not None and own is not None
                and b.x1 <= own.x + 1.0]
        if own is None or not left or hb.x1 > own.x + 1.0 or abs(rb.x - own.x) > 3.0:
            return [(sg.text, sg.bbox)]
        gap_from = max(b.x1 for j in left if (b := boxes[j]) is not None)
        if hb.x < gap_from - 2.0:
            return [(sg.text, sg.bbox)]  # only a number in the gap between the two headers
        return [(" ".join(w.text for w in head), _nearest_left(hb, boxes, left)),
                (" ".join(w.text for w in rest), rb)]
    return [(" ".join(w.text for w in head), hb), (" ".join(w.text for w in rest), rb)]


def _nearest_left(hb: BBox, boxes: list[BBox | None], left: list[int]) -> BBox:
    """``hb`` moved into the nearest of the ``left`` columns (so it is placed there)."""
    j = min(left, key=lambda k: _col_dist(boxes[k], hb))
    b = boxes[j]
    assert b is not None
    return BBox(b.x, hb.y, b.w, hb.h)


# one number as printed: digits in groups of three after the first (one separator kind),
# or plain digits; then decimals; a currency before or after
_ONE_NUMBER = re.compile(
    r"(?:[$€£¥₹]|[A-Z]{3})?\s?-?(?:\d{1,3}(?:([ .,'\u202f\u00a0])\d{3})(?:\1\d{3})*|\d+)"
    r"(?:[.,]\d+)?(?:\s?(?:[$€£¥₹%]|[A-Z]{3}))?"
)


def _numberish(text: str) -> bool:
    """A cell that is one number, maybe with a currency or a short unit ("1,5 u.",
    "3 Std."); "6 1.004,03 €" is two numbers glued, not one."""
    t = text.strip()
    if _ONE_NUMBER.fullmatch(t):
        return True
    head, _, unit = t.rpartition(" ")
    return bool(head) and bool(_ONE_NUMBER.fullmatch(head)) and bool(
        _UNIT_WORD.fullmatch(unit))


def _value_boxes(
    lines: list[Line], page: int, boxes: list[BBox | None], kinds: list[list[str]]
) -> list[BBox | None]:
    """Header boxes widened to the numbers printed under them. Numbers are often aligned
    right under a header aligned left ("Rate" at the column's left edge, "719.98" at its
    right edge, nearer the next header): the numeric segments of the body are grouped by
    their right edge and the groups given, in left-to-right order, to the numeric headers
    nearest them."""
    groups: list[list[BBox]] = []
    for nl in lines[:80]:
        if nl.page != page:
            break
        if nl.segments and _summary_cell(nl.segments[0].text):
            break
        for sg in nl.segments:
            if sg.bbox is None or not _numberish(sg.text):
                continue
            g = next((g for g in groups if abs(g[0].x1 - sg.bbox.x1) <= 4.0), None)
            if g is None:
                groups.append([sg.bbox])
            else:
                g.append(sg.bbox)
    spans: list[tuple[float, float]] = []
    for x0, x1 in sorted((min(b.x for b in g), max(b.x1 for b in g)) for g in groups
                         if len(g) >= 2):
        if spans and x0 < spans[-1][1]:  # "8" and "10" left-aligned: one column
            spans[-1] = (spans[-1][0], max(spans[-1][1], x1))
        else:
            spans.append((x0, x1))
    text_cols = {c for c in range(len(boxes)) if boxes[c] is not None and (
        set(kinds[c] if c < len(kinds) else []) & {"desc", "sku", "uom"})}
    cols = [c for c in range(len(boxes)) if boxes[c] is not None and c not in text_cols]

    def under_text(x0: float, x1: float) -> bool:
        return any(x0 < b.x1 and b.x < x1 for c in text_cols if (b := boxes[c]) is not None)

    # numbers under a text column ("180 cm" ending a description line) are not a column
    spans = [sp for sp in spans if not under_text(*sp)]
    if not spans or not cols:
        return boxes

    def dist(i: int, c: int) -> float:
        b = boxes[c]
        assert b is not None
        x0, x1 = spans[i]
        return 0.0 if x0 < b.x1 and b.x < x1 else min(abs(b.x - x1), abs(x0 - b.x1))

    # order-keeping assignment of spans to numeric columns, least total distance; a span
    # far from every header (numbers in a column nobody named) may stay unassigned
    skip = 200.0
    best = [[0.0] * (len(cols) + 1) for _ in range(len(spans) + 1)]
    for i in range(1, len(spans) + 1):
        best[i][0] = best[i - 1][0] + skip
        for c in range(1, len(cols) + 1):
            best[i][c] = min(best[i][c - 1], best[i - 1][c] + skip,
                             best[i - 1][c - 1] + dist(i - 1, cols[c - 1]))
    out = list(boxes)
    i, c = len(spans), len(cols)
    while i > 0:
        if c > 0 and best[i][c] == best[i][c - 1]:
            c -= 1
            continue
        if c == 0 or best[i][c] == best[i - 1][c] + skip:
            i -= 1
            continue
        col = cols[c - 1]
        b = out[col]
        assert b is not None
        x0, x1 = spans[i - 1]
        out[col] = BBox(min(b.x, x0), b.y, max(b.x1, x1) - min(b.x, x0), b.h)
        i, c = i - 1, c - 1
    return out


def _col_dist(h: BBox | None, b: BBox) -> float:
    if h is None:
        return 1e9
    if b.x < h.x1 and h.x < b.x1:
        return 0.0
    return min(abs(h.x - b.x), abs(h.x1 - b.x1), abs((h.x + h.x1) / 2 - (b.x + b.x1) / 2))


def _headerless(item: Field, ctx: Context) -> tuple[ColumnMap, list[ItemDraft]] | None:
    """No header anywhere: a parsed table of label | amount rows (an "AWS Data Transfer |
    $0.01" detail list) gives items with a description and an amount, at low confidence."""
    # only sub-fields with a column kind can be the description or the amount
    kinds = {
        sub.name: k
        for sub in item.properties
        if sub.is_scalar and (k := field_kind(sub)) is not None
    }
    desc = next((n for n, k in kinds.items() if k == "desc"), None)
    amt = next((n for n, k in kinds.items() if k == "amount"), None) or next(
        (n for n, k in kinds.items() if k == "unit_price"), None
    )
    if desc is None or amt is None:
        return None
    dec = doc_decimal(ctx)
    for t in ctx.layout.tables:
        rows = [r for r in t.rows if any(c.strip() for c in r)]
        if len(rows) < 2 or any(len(r) != 2 for r in rows):
            continue
        if not all(
            _has_words(r[0]) and _PLAIN_NUMBER.fullmatch(r[1].strip() or "x") for r in rows
        ):
            continue
        cm = ColumnMap([["desc"], [kinds[amt]]], {desc: (0, "desc"), amt: (1, kinds[amt])},
                       0.0, -1)
        drafts = _drafts(_table_rows(t, 0), cm)
        if drafts and all(_number(d.values.get(kinds[amt], ""), dec) for d in drafts):
            return cm, drafts
    return None


def _has_words(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 3
