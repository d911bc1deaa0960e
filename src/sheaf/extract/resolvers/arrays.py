"""Arrays of objects (line items): find the item table by the meaning of its column headers
(``columns.py``: description, quantity, unit price, amount, VAT, SKU... in five languages,
matched to each sub-field's name and description), read each body row into an object, and
keep only real items.

- The header row may sit anywhere in a parsed table; a header cell naming two merged
  columns ("Qty Unit", "Prijs BTW Hoeveelheid") splits its body cells by their numbers
  (``item_cells``).
- A row with text but no numbers continues the item above (two-line descriptions), or leads
  the item below when the numbers sit on an item's last line; totals, tax, payment, balance
  and carried-over rows are never items (``item_rows``).
- The same table continued on later pages (header repeated, or not) is read on; with no
  parsed table the same reading runs over aligned text lines under a header line; of the
  readings, the one whose items hold together is kept (``item_sources``).
- Numbers are read in the document's locale (``1.234,56`` vs ``1,234.56``).
- Citations are whole tokens inside the table's area, in row order: never digits inside an
  order number or a postcode elsewhere on the page.
- Confidence: the header match, lowered when a cell had to be split or qty x unit price
  does not give the amount, raised when it does; low with no header at all.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..result import INFERRED, NOT_FOUND, VERBATIM, Citation, FieldValue
from ..roles import role_of
from ..schema import Field
from .candidates import Context
from .confidence import _page_conf
from .item_cells import _ITEM_NUMBERS, _NUM, NUMERIC, ColumnMap, _number, doc_decimal
from .item_rows import ItemDraft, _drafts, _quality, _stop_at_gap
from .item_sources import _from_lines, _from_tables, _headerless
from .item_tail import run_on_below
from .item_values import type_by_values
from .parsing import _fits_schema, _output, _parse_value

__all__ = ["_table_objects", "doc_decimal"]


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
        elif not ({"unit_price", "amount"} & set(parsed)) and {"unit_price", "amount"} & {
            k for _, k in cm.fields.values()
        }:
            check = 0.6  # the table has prices, this row none: a note or a bundle part
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
            hit = re.search(r"-?\d+(?:[.,]\d+)?(?=\s?%)", raw) or _NUM.search(raw)
            if not hit:
                return None
            n = _number(hit.group(0), dec)
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


def _table_objects(f: Field, item: Field, ctx: Context) -> tuple[list, list]:
    """The parsed tables' reading, or the text lines' when they hold more items (a table
    the parser did not find on one of the pages)."""
    best: tuple[float, ColumnMap, list[ItemDraft]] | None = None
    for source in (_from_tables, _from_lines):
        got = source(item, ctx)
        if got is None:
            continue
        cm, rows = got
        cm = type_by_values(cm, rows, item, doc_decimal(ctx))
        drafts = _drafts(rows, cm)
        if source is _from_lines:
            drafts = _stop_at_gap(drafts, rows)
        q = _quality(drafts, doc_decimal(ctx))
        # the text lines must do clearly better than the parsed table (its cells came from
        # rules and alignment the parser saw): a half-point edge is noise
        margin = 1.0 if source is _from_lines else 0.0
        if drafts and (best is None or q > best[0] + margin):
            best = (q, cm, drafts)
            if source is _from_tables:
                run_on_below(drafts, ctx)
    if best is None:
        headerless = _headerless(item, ctx)
        if headerless is None:
            return [], []
        cm, drafts = headerless
        return _objects(item, drafts, cm, ctx)
    return _objects(item, best[2], best[1], ctx)
