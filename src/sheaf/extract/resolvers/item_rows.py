"""Line-item rows: which rows of a table are items, which continue the item above (or
lead the one below) and which close the list (totals, tax, payments, balance), and how well
a reading holds together (quantity x unit price = amount).

Separate because it is the one place that decides what an item is, whatever source the rows
came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sheaf.parse.document import BBox

from ..layout import Line
from .columns import cut_note, is_continuation_label, is_note_label, is_summary_label
from .item_cells import _ITEM_NUMBERS, _NUM, _PLAIN_NUMBER, ColumnMap, _number, _row_values
from .item_text import cut_reference, is_section_title

__all__ = ["ItemDraft", "Row"]


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
    pending_lines: list[Line] = []
    leading = False  # the pending text leads the next item (not a section title)
    low = _numbers_low(rows, cm)
    priced = bool({"unit_price", "amount"} & {k for _, k in cm.fields.values()})
    pending_page: int | None = None  # the page the pending text starts on

    def carry_over() -> bool:
        """The pending text opens a later page before any item there: the rest of the last
        item of the page before (its second line or wrapped words, pushed over the break),
        when the items of this table print their description on their number row."""
        if prev is None or low or leading or not pending:
            return False
        if pending_page is None or pending_page <= prev.page:
            return False
        prev.parts.extend(pending)
        prev.lines.extend(pending_lines)
        if pending_page not in prev.pages:
            prev.pages = prev.pages + [pending_page]  # (a table's rows share their list)
        return True

    for i, row in enumerate(rows):
        vals, split = _row_values(row.cells, cm)
        texts = [c for c in row.cells if c and c.strip()]
        if not texts:
            continue
        nums = {k: vals[k] for k in _ITEM_NUMBERS if k in vals and _NUM.search(vals[k])}
        item_like = "qty" in nums and "unit_price" in nums
        if not item_like and any(_summary_cell(c) for c in texts):
            if not any(is_continuation_label(c) for c in texts):
                carry_over()
            prev, pending, pending_lines, leading = None, [], [], False  # totals: items closed
            continue
        desc = cut_note(vals.get("desc", ""))
        if not nums and is_section_title(desc):
            # "--- Food Products ---": the items above are one group, the ones below
            # another; the title is no item and no more of the item above it
            prev, pending, pending_lines, leading = None, [], [], False
            continue
        if not nums:
            if not desc or is_note_label(desc):
                continue  # a serial-number line notes the unit delivered: no description
            after = rows[i + 1 : i + 2]
            if prev is not None and not low and (
                _close(prev, row) or _nearer_above(prev, row, after, cm)
            ):
                if _close(prev, row) and _leads(prev, row, after, cm):
                    pending, leading = pending + [desc], True
                    pending_lines += [row.line] if row.line is not None else []
                else:
                    prev.parts.append(desc)
                    if row.line is not None:
                        prev.lines.append(row.line)
            else:
                if not pending:
                    pending_page = row.page
                pending.append(desc)
                pending_lines += [row.line] if row.line is not None else []
            continue
        if not (desc or pending or vals.get("sku")) and len(nums) < 2:
            continue  # "Page 1/2", a lone number under a column: not an item
        if not low and priced and not ({"unit_price", "amount"} & set(nums)):
            # a count but no price in a table that prices its items: a part of the bundle
            # above ("Apple Magic Mouse | 1" under "MacBook + Magic Mouse | 1 | 2.321,00")
            # or a delivery note, nothing billed on its own
            prev, pending, pending_lines, leading = None, [], [], False
            continue
        if desc and carry_over():
            pending, pending_lines = [], []
        parts = (pending + [desc] if low or leading else [desc]) if desc else list(pending)
        parts = [p for p in parts if p]
        if parts:
            parts[0] = cut_reference(parts[0])  # "[FURN_7777] Office Chair": the name
        d = ItemDraft(vals, parts, row.page, row.bbox, split,
                      pages=row.pages or [row.page])
        if parts and pending and (low or leading or not desc):
            d.lines.extend(pending_lines)  # the lines that lead it are part of it
        if row.line is not None:
            d.lines.append(row.line)
        pending, pending_lines, leading = [], [], False
        out.append(d)
        prev = d
    return out


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


def _nearer_above(prev: ItemDraft, row: Row, after: list[Row], cm: ColumnMap) -> bool:
    """A text line between two item rows, a little apart from both (a second paragraph in
    a cell, "Order ref. 55-1209"): it goes with the item above when that is nearer."""
    if row.line is None or not after or after[0].line is None or not prev.lines:
        return False
    if after[0].page != row.page or prev.page != row.page:
        return False
    vals, _ = _row_values(after[0].cells, cm)
    if not any(k in vals and _NUM.search(vals[k]) for k in _ITEM_NUMBERS):
        return False
    a, b, c = prev.lines[-1].bbox, row.line.bbox, after[0].line.bbox
    if a is None or b is None or c is None:
        return False
    gap = b.y - a.y1
    return gap <= 3.0 * max(a.h, 1.0) and gap <= (c.y - b.y1) + 0.5 * max(a.h, 1.0)


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


def _row_is_summary(r: Row) -> bool:
    """A totals row (not a "Continued on next page" / "Übertrag" one): the table ended."""
    return any(_summary_cell(c) and not is_continuation_label(c) for c in r.cells if c)


def _item_numbers(r: Row, cm: ColumnMap) -> int:
    """How many of qty / unit price / amount the row holds as plain numbers (a page
    header's "Date: 28 mars 2024" under those columns is not a price)."""
    vals, _ = _row_values(r.cells, cm)
    return sum(1 for k in _ITEM_NUMBERS if k in vals and _PLAIN_NUMBER.fullmatch(vals[k]))


def _quality(drafts: list[ItemDraft], dec: str) -> float:
    """How well a reading holds together: its items, counted twice when their quantity
    times unit price gives their amount, plus half an item for each description. A row
    whose description is only amounts and currency codes (a VAT breakdown's "20 % 21,846.54
    USD ...") is no item: a reading that takes it in is worse, not better."""
    q = 0.0
    for d in drafts:
        if "desc" in d.values and not _worded(d.values["desc"]):
            continue
        nums = {k: _number(d.values[k], dec) for k in _ITEM_NUMBERS if k in d.values}
        q += 1.0 + (0.5 if d.parts else 0.0)
        if all(nums.get(k) for k in _ITEM_NUMBERS):
            qty, unit, amt = (nums[k][0] for k in _ITEM_NUMBERS)  # type: ignore[index]
            if abs(qty * unit - amt) <= Decimal("0.011") + abs(amt) * Decimal("0.002"):
                q += 1.0
    return q


_CODE_OR_NUMBER = re.compile(r"[A-Z]{3}|\S*\d\S*|\W+")


def _worded(text: str) -> bool:
    """Whether a description holds a word: a token of letters that is not a currency code."""
    return any(not _CODE_OR_NUMBER.fullmatch(t) and sum(c.isalpha() for c in t) >= 2
               for t in text.split())


def _stop_at_gap(drafts: list[ItemDraft], rows: list[Row] | None = None) -> list[ItemDraft]:
    """Text rows: the items end where a wide vertical gap opens (the footer, a bank box).
    Not at a group's end: a subtotal row, then the next group's heading right above the
    next item ("Total Hardware" / "Services"), rows that fill the gap line by line."""
    out: list[ItemDraft] = []
    for d in drafts:
        if out and out[-1].lines and d.lines and d.page == out[-1].page:
            a, b = out[-1].lines[-1].bbox, d.lines[0].bbox
            if a is not None and b is not None and b.y - a.y1 > 4 * max(a.h, 1.0) and not (
                    _next_group(rows or [], d.page, a, b)):
                break
        out.append(d)
    return out


def _next_group(rows: list[Row], page: int, a: BBox, b: BBox) -> bool:
    """Between two items (``a`` above, ``b`` below): a subtotal row, then a heading of
    words only, in one cell, right above ``b``, each row within two line heights of the one
    before (a VAT breakdown's header "Taux | Base HT | TVA" spans several cells)."""
    between = [r for r in rows if r.line is not None and r.line.bbox is not None
               and a.y1 <= r.line.bbox.y < b.y and r.page == page]
    if len(between) < 2:
        return False
    between.sort(key=lambda r: r.line.bbox.y)  # type: ignore[union-attr]
    boxes = [r.line.bbox for r in between]  # type: ignore[union-attr]
    edges = [a.y1] + [x.y1 for x in boxes]  # type: ignore[union-attr]
    starts = [x.y for x in boxes] + [b.y]  # type: ignore[union-attr]
    if any(s - e > 2.0 * max(a.h, 1.0) for e, s in zip(edges, starts, strict=True)):
        return False
    cells = [c.strip() for c in between[-1].cells if c and c.strip()]
    head = cells[0] if len(cells) == 1 else ""
    return (
        bool(head) and not any(ch.isdigit() for ch in head) and not _summary_cell(head)
        and any(_row_is_summary(r) for r in between[:-1])
    )
