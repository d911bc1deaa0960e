"""Line-item columns typed from their values: when the header left quantity, unit price or
line amount without a column (a header word nobody listed, "G-Preis", "Ext."), a numeric
column the header did not claim takes that kind if quantity x unit price = amount holds on
most rows with it; an unmapped description takes the unclaimed column of words.

Separate because it reads the body, not the header: the one check that needs no vocabulary.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import permutations

from ..schema import Field
from .columns import field_kind
from .item_cells import _ITEM_NUMBERS, _PLAIN_NUMBER, ColumnMap, _number
from .item_rows import Row

__all__ = ["type_by_values"]

# an inferred column counts as a header match of this strength (confidence)
_INFERRED_SCORE = 0.7


def _cell_number(cells: list[str], j: int, dec: str) -> Decimal | None:
    if j >= len(cells):
        return None
    c = (cells[j] or "").strip()
    if not c or not _PLAIN_NUMBER.fullmatch(c):
        return None
    n = _number(c, dec)
    return n[0] if n else None


def _fits(q: Decimal, u: Decimal, a: Decimal) -> bool:
    return abs(q * u - a) <= Decimal("0.011") + abs(a) * Decimal("0.002")


def _text_column(cm: ColumnMap, rows: list[Row], item: Field, dec: str) -> ColumnMap:
    """The description sub-field unmapped (a header word nobody listed, "Dienst"): the
    unclaimed column that holds words (3+ letters, no number) on most rows that hold an
    item's numbers."""
    desc = next((sub.name for sub in item.properties
                 if sub.is_scalar and field_kind(sub) == "desc" and sub.name not in cm.fields),
                None)
    if desc is None:
        return cm
    nums = [j for j, k in cm.fields.values() if k in _ITEM_NUMBERS]
    body = [r.cells for r in rows if sum(_cell_number(r.cells, j, dec) is not None
                                         for j in nums) >= 2]
    if len(body) < 1:
        return cm
    used = {j for j, _ in cm.fields.values()}

    def wordy(c: str) -> bool:
        return sum(ch.isalpha() for ch in c) >= 3 and _PLAIN_NUMBER.fullmatch(c.strip()) is None

    best = None
    for j in range(len(cm.kinds)):
        if j in used or (cm.kinds[j] and cm.kinds[j] != ["desc"]):
            continue
        n = sum(1 for c in body if j < len(c) and wordy(c[j] or ""))
        if n >= 0.6 * len(body) and (best is None or n > best[0]):
            best = (n, j)
    if best is None:
        return cm
    kinds = [list(ks) for ks in cm.kinds]
    kinds[best[1]] = ["desc"]
    fields = dict(cm.fields) | {desc: (best[1], "desc")}
    return ColumnMap(kinds, fields, cm.score + _INFERRED_SCORE, cm.header_row)


def type_by_values(cm: ColumnMap, rows: list[Row], item: Field, dec: str) -> ColumnMap:
    """``cm`` with its missing quantity / unit price / amount sub-fields mapped to unclaimed
    numeric columns whose values make the arithmetic hold (on >= 60% of the rows that have
    all three, and on at least two rows, or the only one)."""
    want = {
        k: sub.name
        for sub in item.properties
        if sub.is_scalar and (k := field_kind(sub)) in _ITEM_NUMBERS and sub.name not in cm.fields
    }
    if not want:
        return _text_column(cm, rows, item, dec)
    have = {k: j for j, k in cm.fields.values() if k in _ITEM_NUMBERS and len(cm.kinds[j]) == 1}
    if len(have) + len(want) < 3 or any(k in have for k in want):
        return _text_column(cm, rows, item, dec)
    used = {j for j, _ in cm.fields.values()}
    free = [j for j in range(len(cm.kinds)) if j not in used and len(cm.kinds[j]) <= 1]
    # a free column holds numbers on most of the rows that hold numbers at all
    numeric_rows = [r.cells for r in rows if any(
        _cell_number(r.cells, j, dec) is not None for j in have.values())]
    if not numeric_rows:
        return _text_column(cm, rows, item, dec)
    free = [j for j in free if sum(
        _cell_number(c, j, dec) is not None for c in numeric_rows) >= 0.6 * len(numeric_rows)]
    missing = sorted(want)
    best: tuple[int, dict[str, int]] | None = None
    for pick in permutations(free, len(missing)):
        cols = dict(have) | dict(zip(missing, pick, strict=True))
        full = ok = 0
        for c in numeric_rows:
            q, u, a = (_cell_number(c, cols[k], dec) for k in _ITEM_NUMBERS)
            if q is None or u is None or a is None:
                continue
            full += 1
            ok += _fits(q, u, a)
        enough = full and ok >= 0.6 * full and ok >= min(2, len(numeric_rows))
        if enough and (best is None or ok > best[0]):
            best = (ok, {k: cols[k] for k in missing})
    if best is None:
        return _text_column(cm, rows, item, dec)
    kinds = [list(ks) for ks in cm.kinds]
    fields = dict(cm.fields)
    for k, j in best[1].items():
        kinds[j] = [k]
        fields[want[k]] = (j, k)
    cm = ColumnMap(kinds, fields, cm.score + _INFERRED_SCORE * len(best[1]), cm.header_row)
    return _text_column(cm, rows, item, dec)
