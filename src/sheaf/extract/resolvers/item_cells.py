"""Line-item cells: which table column feeds each sub-field (``ColumnMap``, from a header
row whose cells name column kinds), the text under a merged header cell split among its
columns, and numbers read in the document's decimal convention (``1.234,56`` vs
``1,234.56``, "1 707,88", "1'234.50").

Separate because both item readers (parsed tables, text lines) and the row logic read cells
the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..roles import role_of
from ..schema import Field
from .candidates import Context
from .columns import field_kind, header_kinds, starts_summary
from .labels import _norm_label, label_sim

__all__ = ["ColumnMap", "NUMERIC", "doc_decimal"]


NUMERIC = ("qty", "unit_price", "amount", "vat_rate", "vat_amount", "discount")


_ITEM_NUMBERS = ("qty", "unit_price", "amount")


@dataclass
class ColumnMap:
    """Which table column (and which part of a merged header cell) feeds each sub-field."""

    kinds: list[list[str]]  # per column: the kinds its header names, left to right
    fields: dict[str, tuple[int, str]]  # sub-field name -> (column, kind)
    score: float
    header_row: int


def _map_header(cells: list[str], item: Field,
                kinds_scores: tuple[list[list[str]], list[dict[str, float]]] | None = None,
                ) -> ColumnMap | None:
    if kinds_scores is None:
        kinds = [[k for k, _ in header_kinds(c)] for c in cells]
        scores = [dict(header_kinds(c)) for c in cells]
    else:
        kinds, scores = kinds_scores
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
        if cm is not None:
            cm = _realign(rows, r, cm, item)
        if cm is not None and (best is None or cm.score > best.score + 1e-9):
            cm.header_row = r
            best = cm
    return best


# what a body cell looks like, for the header realignment below
_CELL_SHAPES = (
    ("pct", re.compile(r"-?\d+(?:[.,]\d+)?\s?%")),
    ("money", re.compile(r"(?:[$€£]\s?)?-?\d{1,3}(?:[.,' \u00a0\u202f]\d{3})*[.,]\d{2}"
                         r"(?:\s?(?:[$€£]|EUR|GBP|USD|CHF))?", re.I)),
    ("int", re.compile(r"\d{1,4}")),
    ("dec", re.compile(r"\d{1,4}[.,]\d{1,3}")),
    ("numunit", re.compile(r"\d{1,4}(?:[.,]\d{1,3})?\s?[^\W\d][\w.]{0,10}")),
    ("code", re.compile(r"(?=\S*\d)[\w./-]{4,20}")),
    ("word", re.compile(r"[^\W\d][\w.]{0,10}")),
)
# how well a column of cells of one shape suits a kind
_FIT: dict[str, dict[str, float]] = {
    "pos": {"int": 1.0},
    "sku": {"code": 1.0, "int": 0.6},
    "desc": {"text": 1.0, "word": 0.6},
    "qty": {"int": 0.9, "dec": 0.9, "numunit": 1.0},
    "uom": {"word": 1.0, "numunit": 1.0},
    "unit_price": {"money": 1.0, "dec": 0.5},
    "amount": {"money": 1.0},
    "vat_amount": {"money": 1.0},
    "vat_rate": {"pct": 1.0, "int": 0.5},
    "discount": {"pct": 1.0, "word": 0.3},
}


def _shape(cell: str) -> str:
    c = cell.strip()
    for name, rx in _CELL_SHAPES:
        if rx.fullmatch(c):
            return name
    return "text"


def _realign(rows: list[list[str]], r: int, cm: ColumnMap, item: Field) -> ColumnMap:
    """A header row whose words were cut into the wrong cells: "Pos. Bezeichnung" over the
    description column and nothing over the position numbers, "Preis/Einh. MwSt. Gesamt"
    over the rate column with empty header cells left and right of it (right-aligned header
    words read with the word before them). When some column under the header holds values
    but has no header word, and a header cell names several kinds, the kinds are laid out
    again, in their order, over the columns that their cell and its empty neighbours cover,
    each to the column whose values suit it (numbers, prices with decimals, percentages,
    words); a quantity and its unit may share a column ("20 Stk."). Kept only when every
    kind finds a fitting column."""
    cells = rows[r]
    n = len(cells)
    body = [b for b in rows[r + 1 : r + 41] if len(b) == n]
    if len(body) < 2 or not any(len(ks) > 1 for ks in cm.kinds):
        return cm
    shapes: list[str | None] = []
    for j in range(n):
        vals = [_shape(b[j]) for b in body if (b[j] or "").strip()]
        if len(vals) < 0.5 * len(body):
            shapes.append(None)
            continue
        top = max(set(vals), key=vals.count)
        shapes.append(top if vals.count(top) >= 0.6 * len(vals) else "mixed")
    if not any(shapes[j] and not cm.kinds[j] and not (cells[j] or "").strip()
               for j in range(n)):
        return cm
    scores = [dict(header_kinds(c)) for c in cells]
    seq = [(k, j) for j in range(n) for k in cm.kinds[j]]
    # the columns a header cell's kinds may move to: its own and the empty cells beside it
    span: dict[int, tuple[int, int]] = {}
    for j in range(n):
        lo = j
        while lo > 0 and not (cells[lo - 1] or "").strip():
            lo -= 1
        hi = j
        while hi < n - 1 and not (cells[hi + 1] or "").strip():
            hi += 1
        span[j] = (lo, hi)

    def fit(k: str, c: int) -> float:
        return _FIT.get(k, {}).get(shapes[c] or "", 0.0)

    # best[i][c]: the best score with kinds 0..i placed and kind i in column c
    neg = float("-inf")
    best = [[neg] * n for _ in seq]
    back: list[list[int]] = [[-1] * n for _ in seq]
    for i, (k, src) in enumerate(seq):
        lo, hi = span[src]
        for c in range(lo, hi + 1):
            f = fit(k, c)
            if f < 0.5:
                continue
            if i == 0:
                best[i][c] = f - 0.5 * sum(1 for x in range(c) if shapes[x])
                continue
            for c0 in range(c + 1):
                if best[i - 1][c0] == neg:
                    continue
                if c0 == c and not (seq[i - 1][0] == "qty" and k == "uom"
                                    and shapes[c] == "numunit"):
                    continue
                v = best[i - 1][c0] + f - 0.5 * sum(1 for x in range(c0 + 1, c) if shapes[x])
                if v > best[i][c]:
                    best[i][c], back[i][c] = v, c0
    last = len(seq) - 1
    ends = [(best[last][c] - 0.5 * sum(1 for x in range(c + 1, n) if shapes[x]), c)
            for c in range(n) if best[last][c] != neg]
    if not ends:
        return cm
    c = max(ends)[1]
    place = [0] * len(seq)
    for i in range(last, -1, -1):
        place[i] = c
        c = back[i][c]
    kinds: list[list[str]] = [[] for _ in range(n)]
    new_scores: list[dict[str, float]] = [{} for _ in range(n)]
    for (k, src), c in zip(seq, place, strict=True):
        kinds[c].append(k)
        new_scores[c][k] = scores[src].get(k, 0.6)
    if kinds == cm.kinds:
        return cm
    out = _map_header(cells, item, (kinds, new_scores))
    return out if out is not None and out.score >= cm.score - 1e-9 else cm


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
    i = len(chunks) - 1
    while len(chunks) > len(num_kinds) and i >= 1:
        prev, cur = chunks[i - 1], chunks[i]
        if (
            re.fullmatch(r"\d{1,3}", text[prev[0] : prev[1]])
            and text[prev[1] : cur[0]] == " "
            and re.match(r"\d{3}(?:[.,]\d+)?(?!\d)", text[cur[0] : cur[1]])
        ):
            chunks[i - 1 : i + 1] = [(prev[0], cur[1])]
        i -= 1
    out: dict[str, str] = {}
    if not num_kinds:
        head, _, tail = text.strip().partition(" ")
        code = next((k for k in kinds if k in ("pos", "sku")), None)
        if code and "desc" in kinds and tail and any(c.isdigit() for c in head):
            out[code], out["desc"] = head, tail.strip()
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
        if "qty" in kinds:  # "25Karton": a quantity and its unit read without their space
            cell = re.sub(r"^(\d+(?:[.,]\d+)?)(?=[^\W\d]+\.?$)", r"\1 ", cell)
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
    _give_back_word(out, cm)
    return out, split


def _give_back_word(out: dict[str, str], cm: ColumnMap) -> None:
    """A quantity cell that took the description's first word ("2 Bras" | "d'écran double",
    "3 Monitor" | "arm, dual": a right-aligned number and a left-aligned text cut at the
    wrong gap): the word goes back when the description column is next on the right and
    its text goes on in lower case, which a unit of measure ("3 Stk" | "Bürostuhl") does
    not make."""
    cols = {k: j for j, k in cm.fields.values()}
    if "qty" not in out or "desc" not in out or cols.get("desc") != cols.get("qty", -2) + 1:
        return
    m = re.fullmatch(r"(-?\d+(?:[.,]\d+)?)\s+([^\W\d][\w'’-]*)", out["qty"])
    if m and out["desc"][:1].islower():
        out["qty"], out["desc"] = m.group(1), f"{m.group(2)} {out['desc']}"


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


_PLAIN_NUMBER = re.compile(
    r"(?:[$€£¥₹]|RM|Rs\.?|EUR|USD|GBP|CHF|INR)?\s?-?\d[\d.,' \u202f]*"
    r"(?:\s?(?:[$€£¥₹%]|EUR|USD|GBP|CHF|INR|pcs|stk|st|pce|ud|h))?\.?",
    re.I,
)


def _cut_summary(text: str) -> str:
    """A numeric cell that runs on into the totals ("2.062,44 € Zwischensumme 22.329,03 €"):
    cut where a totals label starts after a number."""
    for m in re.finditer(r"(?<=\s)[^\W\d]", text):
        if any(c.isdigit() for c in text[: m.start()]) and starts_summary(text[m.start() :]):
            return text[: m.start()].strip()
    return text
