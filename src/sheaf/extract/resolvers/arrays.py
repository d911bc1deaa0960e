"""Arrays of objects (line items): find the item table by the meaning of its column headers
(``columns.py``: description, quantity, unit price, amount, VAT, SKU... in five languages,
matched to each sub-field's name and description), read each body row into an object, and
keep only real items.

- The header row may sit anywhere in a parsed table; a header cell naming two merged
  columns ("Qty Unit", "Prijs BTW Hoeveelheid") splits its body cells by their numbers.
- A row with text but no numbers continues the item above (two-line descriptions); totals,
  tax, payment, balance and carried-over rows are never items.
- The same table continued on later pages (header repeated, or a headerless table at the
  top of the next page with as many columns) is read on.
- Numbers are read in the document's locale (``1.234,56`` vs ``1,234.56``).
- Citations are whole tokens inside the table's area, in row order: never digits inside an
  order number or a postcode elsewhere on the page.
- Confidence: the header match, lowered when a cell had to be split or qty x unit price
  does not give the amount, raised when it does.

With no parsed table, the same reading runs over aligned text lines under a header line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sheaf.parse.document import BBox

from ..layout import Line, TableView
from ..result import INFERRED, NOT_FOUND, VERBATIM, Citation, FieldValue
from ..roles import role_of
from ..schema import Field
from .candidates import Context
from .columns import (
    field_kind,
    header_kinds,
    is_continuation_label,
    is_summary_label,
    starts_summary,
)
from .confidence import _page_conf
from .labels import _norm_label, label_sim
from .parsing import _fits_schema, _output, _parse_value

__all__ = ["_table_objects", "doc_decimal"]

NUMERIC = ("qty", "unit_price", "amount", "vat_rate", "vat_amount", "discount")
_ITEM_NUMBERS = ("qty", "unit_price", "amount")


@dataclass
class ColumnMap:
    """Which table column (and which part of a merged header cell) feeds each sub-field."""

    kinds: list[list[str]]  # per column: the kinds its header names, left to right
    fields: dict[str, tuple[int, str]]  # sub-field name -> (column, kind)
    score: float
    header_row: int


@dataclass
class Row:
    cells: list[str]
    page: int
    bbox: BBox | None
    line: Line | None = None  # text-row reading: the line the row was read from
    pages: list[int] = field(default_factory=list)  # the pages its table covers


@dataclass
class ItemDraft:
    values: dict[str, str]  # kind -> printed text
    parts: list[str] = field(default_factory=list)  # description lines, joined with spaces
    page: int = 1
    bbox: BBox | None = None
    split: bool = False  # a merged cell was split
    lines: list[Line] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)


# ------------------------------------------------------------------------------- headers
def _map_header(cells: list[str], item: Field) -> ColumnMap | None:
    kinds = [[k for k, _ in header_kinds(c)] for c in cells]
    scores = [dict(header_kinds(c)) for c in cells]
    if sum(1 for c in cells if re.search(r"\d[.,]\d{2}\b", c or "")) > 0:
        return None  # a header row holds no amounts
    fields: dict[str, tuple[int, str]] = {}
    total = 0.0
    for sub in item.properties:
        if not sub.is_scalar:
            continue
        k = field_kind(sub)
        if k is not None:
            cols = [j for j, ks in enumerate(kinds) if k in ks]
            if cols:
                j = max(cols, key=lambda c: (scores[c][k], -c))
                fields[sub.name] = (j, k)
                total += scores[j][k]
                continue
        # a sub-field of its own ("hsn_code"): its words against the header text
        role = role_of(sub)
        best = max(
            ((label_sim(_norm_label(c), role), j) for j, c in enumerate(cells) if c.strip()),
            default=(0.0, -1),
        )
        if best[0] >= 0.8:
            fields[sub.name] = (best[1], "other")
            total += best[0]
    used_kinds = {k for _, k in fields.values()}
    if len({j for j, _ in fields.values()}) < min(2, len(item.properties)) or not (
        used_kinds & {"desc", "amount", "unit_price"}
    ):
        return None
    return ColumnMap(kinds, fields, total, 0)


def _find_header(rows: list[list[str]], item: Field, limit: int = 40) -> ColumnMap | None:
    best = None
    for r, cells in enumerate(rows[:limit]):
        cm = _map_header(cells, item)
        if cm is not None and (best is None or cm.score > best.score + 1e-9):
            cm.header_row = r
            best = cm
    return best


# ---------------------------------------------------------------------------- cell values
# a number as printed in a cell (with its currency or percent sign), never digits glued to
# letters ("B68557", "SN-48213-AX")
_CHUNK = re.compile(
    r"(?<![\w-])(?:(?:[$€£¥₹]|\b(?:RM|Rs\.?|EUR|USD|GBP|CHF|INR)\b)\s?)?-?\d[\d.,']*"
    r"(?:\s?%)?(?![\w])"
)


def _split_cell(text: str, kinds: list[str]) -> dict[str, str]:
    """Split the text under a merged header cell among its kinds: numeric kinds take the
    numbers (the last kind, an amount, the last number), text kinds the words between."""
    num_kinds = [k for k in kinds if k in NUMERIC]
    chunks = [(m.start(), m.end()) for m in _CHUNK.finditer(text)]
    # "2,5 1 707,88 €": more numbers than columns, so a space groups thousands
    k = len(chunks) - 1
    while len(chunks) > len(num_kinds) and k >= 1:
        a, b = chunks[k - 1], chunks[k]
        if (
            re.fullmatch(r"\d{1,3}", text[a[0] : a[1]])
            and text[a[1] : b[0]] == " "
            and re.match(r"\d{3}(?:[.,]\d+)?(?!\d)", text[b[0] : b[1]])
        ):
            chunks[k - 1 : k + 1] = [(a[0], b[1])]
        k -= 1
    out: dict[str, str] = {}
    if not num_kinds:
        head, _, rest = text.strip().partition(" ")
        code = next((k for k in kinds if k in ("pos", "sku")), None)
        if code and "desc" in kinds and rest and any(c.isdigit() for c in head):
            out[code], out["desc"] = head, rest.strip()
        elif "desc" in kinds:
            out["desc"] = text.strip()
        elif kinds:
            out[kinds[0]] = text.strip()
        return out
    text_kinds = [k for k in kinds if k not in NUMERIC]
    if text_kinds:
        # numbers named before the text ("Quantity Item": "2.5 USB-C dock") lead the cell,
        # numbers named after it ("Item Qty": "Beeswax XL 1.00 kg") end it
        first_text = kinds.index(text_kinds[0])
        lead = [k for k in kinds[:first_text] if k in NUMERIC]
        trail = [k for k in kinds[first_text:] if k in NUMERIC]
        assign: dict[str, tuple[int, int]] = {}
        pos = 0
        for k, (a, b) in zip(lead, chunks, strict=False):
            if text[pos:a].strip():
                break  # only numbers at the very start
            assign[k] = (a, b)
            pos = b
        rest = [c for c in chunks if c[0] >= pos]
        if trail and rest:
            for k, c in zip(trail, rest[max(0, len(rest) - len(trail)):], strict=False):
                assign[k] = c
        sorted(assign.values())
        lead_end = max((assign[k][1] for k in lead if k in assign), default=0)
        trail_start = min((assign[k][0] for k in trail if k in assign), default=len(text))
        middle = text[lead_end:trail_start].strip()
        for k, (a, b) in assign.items():
            out[k] = text[a:b].strip()
        if middle:
            out[text_kinds[0]] = middle
        return out
    assign = {}
    if len(chunks) >= len(num_kinds):
        for k, m in zip(num_kinds, chunks[len(chunks) - len(num_kinds):], strict=True):
            assign[k] = m
    elif chunks:
        rest = list(chunks)
        if num_kinds[-1] == "amount":
            assign["amount"] = rest.pop()
            num_kinds = num_kinds[:-1]
        for k, m in zip(num_kinds, rest, strict=False):
            assign[k] = m
    for k, (a, b) in assign.items():
        out[k] = text[a:b].strip()
    return out


def _row_values(cells: list[str], cm: ColumnMap) -> tuple[dict[str, str], bool]:
    wanted = {(j, k) for j, k in cm.fields.values()}
    out: dict[str, str] = {}
    split = False
    for j, kinds in enumerate(cm.kinds):
        if j >= len(cells) or not any((j, k) in wanted for k in kinds + ["other"]):
            continue
        cell = (cells[j] or "").strip()
        if any(k in NUMERIC for k in kinds):
            cell = _cut_summary(cell)
        if not cell:
            continue
        if len(kinds) > 1:
            out.update({k: v for k, v in _split_cell(cell, kinds).items() if (j, k) in wanted})
            split = True
        else:
            k = kinds[0] if kinds else "other"
            out[k if (j, k) in wanted else f"col{j}"] = cell
    for _name, (j, k) in cm.fields.items():
        if k == "other" and j < len(cells) and cells[j].strip():
            out[f"col{j}"] = cells[j].strip()
    return out, split


_NUM = re.compile(r"-?\d{1,3}(?:[ .,'\u202f]\d{3})+(?:[.,]\d+)?|-?\d+(?:[.,]\d+)?")


def doc_decimal(ctx: Context) -> str:
    """The document's decimal separator: ',' when amounts like 1.234,56 / 12,50 outnumber
    amounts like 1,234.56 / 12.50."""
    if ctx.decimal:
        return ctx.decimal
    comma = dot = 0
    for ln in ctx.layout.lines:
        comma += len(re.findall(r"(?<![\d.,])\d+(?:\.\d{3})*,\d{2}(?![\d.,])", ln.text))
        dot += len(re.findall(r"(?<![\d.,])\d+(?:,\d{3})*\.\d{2}(?![\d.,])", ln.text))
    for t in ctx.layout.tables:
        for r in t.rows:
            for c in r:
                comma += len(re.findall(r"(?<![\d.,])\d+(?:\.\d{3})*,\d{2}(?![\d.,])", c))
                dot += len(re.findall(r"(?<![\d.,])\d+(?:,\d{3})*\.\d{2}(?![\d.,])", c))
    dec = "," if comma > dot else "."
    ctx.decimal = dec
    return dec


def _number(text: str, dec: str) -> tuple[Decimal, str] | None:
    """The number printed in ``text`` (the one with decimals, else the first), read with
    the document's decimal separator; returns (value, printed text)."""
    found = [m for m in _NUM.finditer(text) if not _inside_token(text, m.start(), m.end())]
    if not found:
        return None
    m = next((x for x in found if re.search(r"[.,]\d{1,2}$", x.group(0))), found[0])
    s = m.group(0)
    other = "." if dec == "," else ","
    t = s.replace(" ", "").replace("'", "").replace("\u202f", "")
    if dec in t and other in t:
        t = t.replace(other, "")
    elif other in t and not re.fullmatch(r"-?\d{1,3}(?:[.,]\d{3})+", t):
        pass  # "1.5" in a comma document: the only separator, not a thousands group
    elif other in t:
        t = t.replace(other, "")
    t = t.replace(dec, ".") if dec == "," else t
    if t.count(".") > 1:
        return None
    try:
        v = Decimal(t)
    except InvalidOperation:
        return None
    neg = text[: m.start()].rstrip().endswith("-") and not s.startswith("-")
    return (-v if neg else v), s


def _inside_token(text: str, s: int, e: int) -> bool:
    """Digits glued to letters ("SN-48213-AX", "A4", "Cat6") are part of another token."""
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    return before.isalpha() or (after.isalpha() and text[e:e + 2].lower() not in ("x ",)) or (
        before == "-" and s > 1 and text[s - 2].isalnum()
    )


# ------------------------------------------------------------------------------ the rows
def _numbers_low(rows: list[Row], cm: ColumnMap) -> bool:
    """Whether the table prints a several-line item's numbers on its last line: its first
    body row is a text line (not a "--- Section ---" title) and its last row before the
    totals holds numbers. Then a text line starts the next item instead of continuing the
    one above."""
    seq: list[tuple[str, str]] = []
    for row in rows:
        texts = [c for c in row.cells if c and c.strip()]
        if not texts:
            continue
        vals, _ = _row_values(row.cells, cm)
        nums = [k for k in _ITEM_NUMBERS if k in vals and _NUM.search(vals[k])]
        if not nums and any(_summary_cell(c) for c in texts):
            break
        seq.append(("N" if nums else "T", vals.get("desc", "")))
    return (
        len(seq) >= 2
        and seq[0][0] == "T"
        and seq[1][0] == "N"
        and seq[-1][0] == "N"
        and bool(re.match(r"\w.*\w$", seq[0][1].strip()))
    )


def _drafts(rows: list[Row], cm: ColumnMap) -> list[ItemDraft]:
    out: list[ItemDraft] = []
    prev: ItemDraft | None = None
    pending: list[str] = []
    leading = False  # the pending text leads the next item (not a section title)
    low = _numbers_low(rows, cm)
    for i, row in enumerate(rows):
        vals, split = _row_values(row.cells, cm)
        texts = [c for c in row.cells if c and c.strip()]
        if not texts:
            continue
        nums = {k: vals[k] for k in _ITEM_NUMBERS if k in vals and _NUM.search(vals[k])}
        item_like = "qty" in nums and "unit_price" in nums
        if not item_like and any(_summary_cell(c) for c in texts):
            prev, pending, leading = None, [], False  # totals, tax, payments: items closed
            continue
        desc = vals.get("desc", "")
        if not nums:
            if not desc:
                continue
            if prev is not None and not low and _close(prev, row):
                if _leads(prev, row, rows[i + 1 : i + 2], cm):
                    pending, leading = pending + [desc], True
                else:
                    prev.parts.append(desc)
                    if row.line is not None:
                        prev.lines.append(row.line)
            else:
                pending.append(desc)
            continue
        if not (desc or pending or vals.get("sku")) and len(nums) < 2:
            continue  # "Page 1/2", a lone number under a column: not an item
        parts = (pending + [desc] if low or leading else [desc]) if desc else list(pending)
        d = ItemDraft(vals, [p for p in parts if p], row.page, row.bbox, split,
                      pages=row.pages or [row.page])
        if row.line is not None:
            d.lines.append(row.line)
        pending, leading = [], False
        out.append(d)
        prev = d
    return out


def _cut_summary(text: str) -> str:
    """A numeric cell that runs on into the totals ("2.062,44 € Zwischensumme 22.329,03 €"):
    cut where a totals label starts after a number."""
    for m in re.finditer(r"(?<=\s)[^\W\d]", text):
        if any(c.isdigit() for c in text[: m.start()]) and starts_summary(text[m.start() :]):
            return text[: m.start()].strip()
    return text


def _summary_cell(text: str) -> bool:
    """A totals/tax/payment label at the start of a cell or after one or two words
    ("Grand Total", "Factuur totaal EUR", "Subtotal $ 112.00")."""
    words = text.split()
    return any(
        is_summary_label(" ".join(words[i:]), whole=i == 0) for i in range(min(3, len(words)))
    )


def _leads(prev: ItemDraft, row: Row, after: list[Row], cm: ColumnMap) -> bool:
    """A text line nearer to the item row below it than to the item above (the gap between
    items is wider than the gap between the lines of one item) starts the item below."""
    if row.line is None or not after or after[0].line is None or not prev.lines:
        return False
    vals, _ = _row_values(after[0].cells, cm)
    if not any(k in vals and _NUM.search(vals[k]) for k in _ITEM_NUMBERS):
        return False
    a, b, c = prev.lines[-1].bbox, row.line.bbox, after[0].line.bbox
    if a is None or b is None or c is None or after[0].page != row.page:
        return False
    return (c.y - b.y1) < (b.y - a.y1) - 0.2 * max(b.h, 1.0)


def _close(prev: ItemDraft, row: Row) -> bool:
    """A text-only row continues the item above when it is on the same page (and, for text
    lines, within about two line heights of it)."""
    if row.page != prev.page:
        return False
    if row.line is None or not prev.lines:
        return True
    a, b = prev.lines[-1].bbox, row.line.bbox
    if a is None or b is None:
        return True
    return b.y - a.y1 <= 1.6 * max(a.h, 1.0)


# ------------------------------------------------------------------------------ objects
def _objects(item: Field, drafts: list[ItemDraft], cm: ColumnMap, ctx: Context):
    dec = doc_decimal(ctx)
    data, meta = [], []
    cursor: dict[str, int] = {}
    hs = cm.score / max(len(cm.fields), 1)
    for d in drafts:
        obj: dict[str, Any] = {}
        om: dict[str, Any] = {}
        parsed: dict[str, Decimal] = {}
        for k in _ITEM_NUMBERS:
            if k in d.values:
                n = _number(d.values[k], dec)
                if n is not None:
                    parsed[k] = n[0]
        check = 1.0
        if all(k in parsed for k in _ITEM_NUMBERS):
            q, u, a = parsed["qty"], parsed["unit_price"], parsed["amount"]
            ok = abs(q * u - a) <= Decimal("0.011") + abs(a) * Decimal("0.002")
            check = 1.08 if ok else 0.7  # a discount or tax column may explain a miss
        conf = min(0.97, (0.45 + 0.5 * hs) * check * (0.85 if d.split else 1.0))
        filled = 0
        for sub in item.properties:
            fv = FieldValue(None, [], 0.0, _page_conf(ctx), NOT_FOUND)
            if sub.kind == "array":
                obj[sub.name], om[sub.name] = [], []
                continue
            if sub.kind == "object":
                obj[sub.name], om[sub.name] = {}, {}
                continue
            j_k = cm.fields.get(sub.name)
            if j_k is not None:
                j, k = j_k
                raw = " ".join(d.parts) if k == "desc" else d.values.get(
                    k if k != "other" else f"col{j}", ""
                )
                raw = " ".join(raw.split())
                got = _typed(sub, k, raw, dec) if raw else None
                if got is not None:
                    value, printed, verbatim = got
                    pieces = d.parts if k == "desc" else [printed]
                    cites = _cite(ctx, pieces, d, cursor)
                    fv = FieldValue(
                        value,
                        cites,
                        conf if cites else conf * 0.8,
                        _page_conf(ctx),
                        VERBATIM if verbatim else INFERRED,
                    )
                    filled += 1
            obj[sub.name] = fv.value
            om[sub.name] = fv.metadata()
        if filled:
            data.append(obj)
            meta.append(om)
    return data, meta


def _typed(sub: Field, kind: str, raw: str, dec: str) -> tuple[Any, str, bool] | None:
    if kind in NUMERIC and sub.kind in ("number", "integer"):
        if kind in ("vat_rate", "discount"):
            m = re.search(r"-?\d+(?:[.,]\d+)?(?=\s?%)", raw) or _NUM.search(raw)
            if not m:
                return None
            n = _number(m.group(0), dec)
        else:
            n = _number(raw, dec)
        if n is None:
            return None
        v = n[0]
        if sub.kind == "integer":
            if v != v.to_integral_value():
                return None
            value: Any = int(v)
        else:
            value = float(v)
        return (value, n[1], False) if _fits_schema(sub, value) else None
    if sub.kind == "string":
        if kind in NUMERIC:
            n = _number(raw, dec)
            s = n[1] if n else raw
        else:
            s = raw
        return (s, s, True) if _fits_schema(sub, s) else None
    role = role_of(sub)
    for m in _parse_value(role, sub, raw)[:1]:
        conv = _output(sub, role, m)
        if conv is not None and _fits_schema(sub, conv[0]):
            return conv[0], m.text, conv[1]
    return None


def _cite(ctx: Context, pieces: list[str], d: ItemDraft, cursor: dict[str, int]):
    """Whole-token matches of each piece inside the item's table area (on every page a
    merged table covers), searched from the previous item's line on."""
    out: list[Citation] = []
    pages = set(d.pages or [d.page])
    lines = [ln for ln in ctx.layout.lines if ln.page in pages]
    if d.lines:
        lines = [ln for ln in lines if d.lines[0].index <= ln.index <= d.lines[-1].index + 3]
    elif d.bbox is not None:
        b = d.bbox
        lines = [
            ln
            for ln in lines
            if ln.page != d.page
            or (ln.bbox is not None and ln.bbox.y < b.y1 + 2 and ln.bbox.y1 > b.y - 2)
        ]
    start = cursor.get("line", -1)
    first_hit = None
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        rx = re.compile(rf"(?<![\w.,]){re.escape(piece)}(?![\w]|[.,]\d)")
        hit = None
        for pass_ in (0, 1):
            for ln in lines:
                if pass_ == 0 and ln.index < start:
                    continue
                m = rx.search(ln.text)
                if m:
                    hit = (ln, m.start(), m.end())
                    break
            if hit:
                break
        if hit is None:
            continue
        ln, s, e = hit
        first_hit = first_hit if first_hit is not None else ln.index
        out.append(
            Citation(ln.page, ln.text[s:e], ln.span_boxes(s, e), ln.page_width, ln.page_height)
        )
    if first_hit is not None and pieces is not None and len(pieces) and d.parts and (
        pieces is d.parts
    ):
        cursor["line"] = first_hit  # the description leads: later items start below it
    return out


# ------------------------------------------------------------------------------ tables
def _table_rows(t: TableView, start: int) -> list[Row]:
    return [Row(r, t.page, t.bbox, pages=t.pages) for r in t.rows[start:]]


def _from_tables(item: Field, ctx: Context) -> tuple[ColumnMap, list[Row]] | None:
    tables = ctx.layout.tables
    best: tuple[float, int, ColumnMap] | None = None
    for ti, t in enumerate(tables):
        cm = _find_header(t.rows, item)
        if cm is None:
            continue
        n = len(_drafts(_table_rows(t, cm.header_row + 1), cm))
        key = (cm.score + (0.5 if n else 0.0), -ti)
        if n and (best is None or key > (best[0], -best[1])):
            best = (key[0], ti, cm)
    if best is None:
        return None
    _, ti, cm = best
    rows = _table_rows(tables[ti], cm.header_row + 1)
    ncols = len(tables[ti].rows[0]) if tables[ti].rows else 0
    kinds = {k for _, k in cm.fields.values()}
    last_page = tables[ti].page
    for t in tables[ti + 1 :]:
        cm2 = _find_header(t.rows, item)
        if cm2 is not None and {k for _, k in cm2.fields.values()} >= kinds:
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


def _as_rows(t: TableView, cm2: ColumnMap, cm: ColumnMap) -> list[Row]:
    """Rows of a repeated table under ``cm``'s column order (its own header may differ)."""
    order = {k: j for j, k in cm2.fields.values()}
    out = []
    for r in t.rows[cm2.header_row + 1 :]:
        cells = [""] * len(cm.kinds)
        for _name, (j, k) in cm.fields.items():
            j2 = order.get(k)
            if j2 is not None and j2 < len(r):
                cells[j] = r[j2]
        for j in range(len(cm.kinds)):  # unmapped columns keep their place (summary labels)
            if not cells[j] and j < len(r) and not any(j == jj for jj, _ in cm.fields.values()):
                cells[j] = r[j]
        out.append(Row(cells, t.page, t.bbox, pages=t.pages))
    return out


# --------------------------------------------------------------------------- text lines
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
        page_rows = _line_rows(lines[s + 1 :], hdr.page, boxes)
        rows += page_rows
        # the table runs on over the next page without its header: its rows line up with
        # the same columns, from the first row that holds two of qty / unit price / amount
        nxt = hdr.page + 1
        if not any(ln.page == nxt for ln, _ in starts_lines(starts, lines)) and not any(
            _row_is_summary(r) for r in page_rows
        ):
            cont = _line_rows([ln for ln in lines if ln.page == nxt], nxt, boxes)
            first = next((i for i, r in enumerate(cont) if _item_numbers(r, cm) >= 2), None)
            if first is not None:
                rows += cont[first:]
    return cm, rows


def starts_lines(starts: list, lines: list[Line]) -> list[tuple[Line, Any]]:
    return [(lines[s], c) for s, c in starts]


def _line_rows(lines: list[Line], page: int, boxes: list[BBox | None]) -> list[Row]:
    rows = []
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
            parts = [(w.text, w.bbox) for w in sg.words] if len(over) > 1 and sg.words else [
                (sg.text, sg.bbox)
            ]
            for text, box in parts:
                j = min(range(len(boxes)), key=lambda c: _col_dist(boxes[c], box))
                cells[j] = (cells[j] + " " + text).strip()
        rows.append(Row(cells, nl.page, nl.bbox, nl))
    return rows


def _row_is_summary(r: Row) -> bool:
    """A totals row (not a "Continued on next page" / "Übertrag" one): the table ended."""
    return any(_summary_cell(c) and not is_continuation_label(c) for c in r.cells if c)


def _item_numbers(r: Row, cm: ColumnMap) -> int:
    """How many of qty / unit price / amount the row holds as plain numbers (a page
    header's "Date: 28 mars 2024" under those columns is not a price)."""
    vals, _ = _row_values(r.cells, cm)
    return sum(1 for k in _ITEM_NUMBERS if k in vals and _PLAIN_NUMBER.fullmatch(vals[k]))


_PLAIN_NUMBER = re.compile(
    r"(?:[$€£¥₹]|RM|Rs\.?|EUR|USD|GBP|CHF|INR)?\s?-?\d[\d.,' \u202f]*"
    r"(?:\s?(?:[$€£¥₹%]|EUR|USD|GBP|CHF|INR|pcs|stk|st|pce|ud|h))?\.?",
    re.I,
)


def _col_dist(h: BBox | None, b: BBox) -> float:
    if h is None:
        return 1e9
    if b.x < h.x1 and h.x < b.x1:
        return 0.0
    return min(abs(h.x - b.x), abs(h.x1 - b.x1), abs((h.x + h.x1) / 2 - (b.x + b.x1) / 2))


def _table_objects(f: Field, item: Field, ctx: Context) -> tuple[list, list]:
    """The parsed tables' reading, or the text lines' when they hold more items (a table
    the parser did not find on one of the pages)."""
    best: tuple[float, ColumnMap, list[ItemDraft]] | None = None
    for source in (_from_tables, _from_lines):
        got = source(item, ctx)
        if got is None:
            continue
        cm, rows = got
        drafts = _drafts(rows, cm)
        if source is _from_lines:
            drafts = _stop_at_gap(drafts)
        q = _quality(drafts, doc_decimal(ctx))
        if drafts and (best is None or q > best[0]):
            best = (q, cm, drafts)
    if best is None:
        got = _headerless(item, ctx)
        if got is None:
            return [], []
        cm, drafts = got
        return _objects(item, drafts, cm, ctx)
    return _objects(item, best[2], best[1], ctx)


def _headerless(item: Field, ctx: Context) -> tuple[ColumnMap, list[ItemDraft]] | None:
    """No header anywhere: a parsed table of label | amount rows (an "AWS Data Transfer |
    $0.01" detail list) gives items with a description and an amount, at low confidence."""
    kinds = {sub.name: field_kind(sub) for sub in item.properties if sub.is_scalar}
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


def _quality(drafts: list[ItemDraft], dec: str) -> float:
    """How well a reading holds together: its items, counted twice when their quantity
    times unit price gives their amount, plus half an item for each description."""
    q = 0.0
    for d in drafts:
        nums = {k: _number(d.values[k], dec) for k in _ITEM_NUMBERS if k in d.values}
        q += 1.0 + (0.5 if d.parts else 0.0)
        if all(nums.get(k) for k in _ITEM_NUMBERS):
            qty, unit, amt = (nums[k][0] for k in _ITEM_NUMBERS)  # type: ignore[index]
            if abs(qty * unit - amt) <= Decimal("0.011") + abs(amt) * Decimal("0.002"):
                q += 1.0
    return q


def _stop_at_gap(drafts: list[ItemDraft]) -> list[ItemDraft]:
    """Text rows: the items end where a wide vertical gap opens (the footer, a bank box)."""
    out: list[ItemDraft] = []
    for d in drafts:
        if out and out[-1].lines and d.lines and d.page == out[-1].page:
            a, b = out[-1].lines[-1].bbox, d.lines[0].bbox
            if a is not None and b is not None and b.y - a.y1 > 4 * max(a.h, 1.0):
                break
        out.append(d)
    return out
