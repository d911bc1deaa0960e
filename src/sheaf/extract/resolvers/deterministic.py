"""The deterministic resolver: labels, layout and typed parsers, no model.

For every scalar field it gathers candidates (label/value pairs on a line, in the next cell,
on the line below, in tables; typed values anywhere; role heuristics for organisation names
and addresses), scores them by label similarity, type fit, position and cross-field checks,
and keeps the best one, or null when nothing fits. Arrays of objects come from tables whose
headers match the sub-fields (or aligned text rows under such a header line).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jsonschema
from rapidfuzz import fuzz

from ..layout import Layout, Line, TableView
from ..result import INFERRED, NOT_FOUND, VERBATIM, Citation, FieldValue
from ..roles import Role, role_of
from ..schema import Field, field_words
from ..values import (
    Match,
    find_amounts,
    find_booleans,
    find_dates,
    find_emails,
    find_enum,
    find_integers,
    find_percents,
    find_phones,
    find_urls,
    normalize_label,
)

__all__ = ["resolve", "locate"]

# ------------------------------------------------------------------------------ label pairs
_CUR_TOKENS = {"rm", "usd", "eur", "inr", "gbp", "myr", "rs", "pln", "chf", "sgd", "aud"}
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


def _norm_label(text: str) -> str:
    toks = [t for t in normalize_label(text).split() if t not in _CUR_TOKENS]
    return " ".join(toks)


def _has_letters(s: str) -> bool:
    return sum(c.isalpha() for c in s) >= 2


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
        if _header_row(line, nxt) and (_tax_word(line) or not _value_row(lines, li + 2)):
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
        if _BARE_NO.fullmatch(text):
            title = _title_above(lines, li)
            if title is not None:
                m = _BARE_NO.fullmatch(text)
                pairs.append(_pair(f"{title.text} no", line, 0, m.end(), "colon", title))
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
                elif nxt is not None:
                    pairs.append(_pair(label, nxt, 0, len(nxt.text), "below", line))
                continue
            nv = _next_value_seg(line, si)
            if nv is not None and _has_letters(t) and len(t.split()) <= 7:
                s0 = line.seg_offset(nv)
                kind = "colon" if nv > si + 1 else "cell"
                pairs.append(_pair(t, line, s0, s0 + len(line.segments[nv].text), kind, line))
            # inline: leading words are the label, the rest (from the first digit-bearing
            # token) the value: "TOTAL 80.90", "Invoice No 12345"
            toks = list(re.finditer(r"\S+", t))
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
                and nxt is not None
                and _has_letters(t)
                and len(t.split()) <= 5
                and not any(c.isdigit() for c in t)
            ):
                pairs.append(_pair(t, nxt, 0, len(nxt.text), "below", line))
    return pairs


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


# ------------------------------------------------------------------------------ scoring
def label_sim(norm: str, role: Role) -> float:
    if not norm:
        return 0.0
    toks = norm.split()
    hits = [set(neg.split()) for neg in role.negative if _contains(toks, neg.split())]
    own = set(role.words.split()) | set(role.labels[0].split())
    best = 0.0
    labels = [(v, 1.0 if i == 0 else 0.95) for i, v in enumerate(role.labels)]
    labels += [(v, 0.7) for v in role.weak]  # fallbacks: "Order #", "Booking ID"
    for v, weight in labels:
        s = fuzz.token_sort_ratio(norm, v) / 100
        if s * weight <= best and s < 0.62 and not any(t in toks for t in v.split()):
            continue
        vt = v.split()
        if _contains(toks, vt):
            s = max(s, 0.62 + 0.38 * len(v) / max(len(norm), 1))
        if hits:
            allowed = own | set(vt)
            if any(not h <= allowed for h in hits):
                s *= 0.45
        best = max(best, s * weight)
    return best


def _contains(toks: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return any(toks[i : i + n] == sub for i in range(len(toks) - n + 1)) if n else False


@dataclass(slots=True)
class Cand:
    value: Any
    text: str
    spans: list[tuple[Line, int, int]]
    label: float
    fit: float
    kind: str
    verbatim: bool
    prior: float = 0.5
    bonus: float = 0.0
    support: int = 1

    @property
    def score(self) -> float:
        kw = {
            "colon": 1.0,
            "cell": 0.9,
            "table": 0.9,
            "inline": 0.8,
            "below": 0.7,
            "role": 0.8,
            "scan": 0.3,
        }.get(self.kind, 0.5)
        return (
            0.5 * self.label
            + 0.2 * self.fit
            + 0.1 * self.prior
            + 0.2 * kw
            + self.bonus
            + min(0.06, 0.03 * (self.support - 1))
        )


# ------------------------------------------------------------------------------ typed parse
def _parse_value(role: Role, f: Field, text: str) -> list[Match]:
    k = role.kind
    if k == "date":
        return find_dates(text)
    if k in ("total", "amount", "number"):
        ms = [m for m in find_amounts(text) if m.fit >= 0.4]
        return [m for m in ms if m.fit >= 0.9] or ms
    if k == "integer":
        return find_integers(text)
    if k == "percent":
        return find_percents(text) or [m for m in find_amounts(text) if m.fit >= 0.4]
    if k == "email":
        return find_emails(text)
    if k == "phone":
        return find_phones(text)
    if k == "url":
        return find_urls(text)
    if k == "boolean":
        return find_booleans(text)
    if k == "enum":
        return find_enum(text, f.enum or [])
    if k == "currency":
        return _find_currency(text, f)
    if k == "id":
        toks = list(re.finditer(r"[^\s:]+", text))
        dates = [(d.start, d.end) for d in find_dates(text)]
        for ti, t in enumerate(toks):
            tok = t.group(0)
            if "@" in tok or find_dates(tok) or re.fullmatch(r"-?\d+[.,]\d{2}", tok):
                continue  # an email, a date or an amount is not an identifier
            if any(t.start() < e and s < t.end() for s, e in dates):
                continue  # "7." of "7. Mai 2014"
            if ti > 0 and re.fullmatch(r"(?i)page|seite|pagina|blatt|p\.?", toks[ti - 1].group(0)):
                continue  # "Seite 1" is a page number
            pre = re.match(r"(?:n[°º]|no\.|nr\.)\s*", tok, re.I)
            if pre and len(tok) > pre.end():
                tok = tok[pre.end() :]
            if any(c.isdigit() for c in tok):
                st = t.start() + (pre.end() if pre and len(t.group(0)) > pre.end() else 0)
                return [Match(tok, tok, st, st + len(tok), 0.9)]
        s = text.strip()
        if toks and len(toks) <= 2 and len(s) <= 30 and "@" not in s and not s.endswith(":"):
            return [Match(s, s, text.find(s), text.find(s) + len(s), 0.4)]
        return []
    s = text.strip()
    if k in ("company", "person"):
        if s.endswith(":") or _RECIPIENT_HEAD.fullmatch(s):
            return []  # "Ship To:" is the next label, not a name
        s = s.rstrip(" ,;")  # "Sold By: WS Retail Services Pvt. Ltd.,"
    if not s or not _has_letters(s) and k in ("company", "person", "address"):
        return []
    if k in ("company", "person") and _identifier_like(s):
        return []  # "SA0127959-D" after "Company No:" is a registration number, not a name
    fit = 0.8 if len(s) <= 120 else 0.4
    return [Match(s, s, text.find(s), text.find(s) + len(s), fit)]


def _identifier_like(s: str) -> bool:
    letters = sum(c.isalpha() for c in s)
    digits = sum(c.isdigit() for c in s)
    return digits >= letters or bool(re.fullmatch(r"\S*\d\S*", s))


_SYMBOLS = {
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "RM": "MYR",
    "RS": "INR",
    "ZŁ": "PLN",
    "ZL": "PLN",
    "FR": "CHF",
}
_ISO = {
    "USD",
    "EUR",
    "GBP",
    "INR",
    "PLN",
    "CHF",
    "SGD",
    "MYR",
    "AUD",
    "CAD",
    "JPY",
    "CNY",
    "SEK",
    "NOK",
    "DKK",
    "CZK",
    "HUF",
    "BRL",
    "MXN",
    "ZAR",
    "HKD",
    "NZD",
    "TRY",
    "RUB",
}


def _find_currency(text: str, f: Field) -> list[Match]:
    out = []
    for m in re.finditer(r"(?<![A-Za-z])([A-Z]{3}|RM|Rs|zł|zl)(?![A-Za-z])|[$€£¥₹]", text):
        tok = m.group(0)
        code = tok.upper() if tok.upper() in _ISO else _SYMBOLS.get(tok.upper())
        if not code:
            continue
        out.append(Match(code, tok, m.start(), m.end(), 1.0 if tok.upper() in _ISO else 0.8))
    if f.enum:
        out = [m for m in out if m.value in f.enum]
    return out


# ------------------------------------------------------------------------------ output
def _output(f: Field, role: Role, m: Match) -> tuple[Any, bool] | None:
    """Convert a match to the field's JSON type; returns (value, verbatim) or None."""
    v = m.value
    kind = f.kind
    if role.kind == "date":
        if kind != "string":
            return None
        if f.format == "date":
            return v.isoformat(), m.text == v.isoformat()
        if f.format == "date-time":
            return v.isoformat() + "T00:00:00", False
        return m.text, True
    if isinstance(v, Decimal):
        if kind == "number":
            return float(v), False
        if kind == "integer":
            return (int(v), False) if v == v.to_integral_value() else None
        if kind == "string":
            return m.text, True
        return None
    if isinstance(v, bool):
        return (v, False) if kind == "boolean" else None
    if isinstance(v, int):
        if kind in ("integer", "number"):
            return v, False
        return (str(v), True) if kind == "string" else None
    if kind == "string":
        return str(v), str(v) == m.text
    if kind in ("number", "integer"):
        try:
            d = Decimal(str(v).replace(",", ""))
        except Exception:  # noqa: BLE001
            return None
        return (float(d), False) if kind == "number" else (int(d), False)
    if kind == "boolean":
        b = find_booleans(str(v))
        return (b[0].value, False) if b else None
    return None


def _fits_schema(f: Field, value: Any) -> bool:
    sch = {k: v for k, v in f.schema.items() if k not in ("properties", "items", "required")}
    try:
        jsonschema.validate(value, sch)
        return True
    except jsonschema.ValidationError:
        return False
    except jsonschema.SchemaError:
        return True


# ------------------------------------------------------------------------------ resolver
@dataclass
class Context:
    layout: Layout
    pairs: list[Pair]
    warnings: list[str] = field(default_factory=list)
    resolved: dict[str, FieldValue] = field(default_factory=dict)
    _amounts: list[tuple[Line, Match]] | None = None
    _orgs: list[Cand] | None = None

    def amounts(self) -> list[tuple[Line, Match]]:
        if self._amounts is None:
            self._amounts = [(ln, m) for ln in self.layout.lines for m in find_amounts(ln.text)]
        return self._amounts


def resolve(root: Field, layout: Layout) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    ctx = Context(layout, build_pairs(layout))
    data, meta = _resolve_object(root, ctx, "")
    return data, meta, ctx.warnings


def _resolve_object(f: Field, ctx: Context, context: str) -> tuple[dict, dict]:
    data: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    for sub in f.properties:
        sub_ctx = f"{context} {field_words(f.name)}".strip() if f.name else context
        if sub.kind == "object":
            d, m = _resolve_object(sub, ctx, sub_ctx)
            data[sub.name], meta[sub.name] = d, m
        elif sub.kind == "array":
            d, m = _resolve_array(sub, ctx, sub_ctx)
            data[sub.name], meta[sub.name] = d, m
        else:
            fv = _resolve_scalar(sub, ctx, sub_ctx)
            data[sub.name] = fv.value
            meta[sub.name] = fv.metadata()
    return data, meta


def _resolve_scalar(f: Field, ctx: Context, context: str) -> FieldValue:
    role = role_of(f, context)
    cands = _candidates(f, role, ctx)
    fv = _choose(f, role, cands, ctx)
    ctx.resolved[f.path] = fv
    return fv


def _candidates(f: Field, role: Role, ctx: Context) -> list[Cand]:
    out: list[Cand] = []
    n = max(len(ctx.layout.lines), 1)
    min_ls = 0.8 if role.kind in ("company", "address") else 0.55
    for p in ctx.pairs:
        ls = label_sim(p.norm, role)
        if ls < min_ls:
            continue
        for m in _parse_value(role, f, p.value)[:1]:
            conv = _output(f, role, m)
            if conv is None:
                continue
            val, verb = conv
            s = p.start + m.start
            prior = p.line.index / n if role.kind == "total" else 1 - p.line.index / n
            out.append(
                Cand(
                    val,
                    m.text,
                    [(p.line, s, s + len(m.text))],
                    ls,
                    m.fit,
                    p.kind,
                    verb,
                    prior=prior,
                )
            )
    for m_tbl in _table_pairs(ctx.layout, role, f):
        out.append(m_tbl)
    if role.kind in ("date", "email", "phone", "url", "total", "currency", "percent"):
        out.extend(_scan(f, role, ctx))
    if role.kind == "company":
        out.extend(_company_candidates(f, role, ctx))
    if role.kind == "address":
        out.extend(_address_candidates(f, role, ctx))
    if role.kind == "total":
        _total_checks(out, ctx)
    if role.kind == "amount" and "subtotal" in role.labels:
        _untaxed_checks(out, ctx)
    return out


def _untaxed_checks(cands: list[Cand], ctx: Context) -> None:
    """Cross-check: the amount before tax plus a smaller tax amount is another amount printed
    on the document (593.36 + 124.61 = 717.97). A subtotal that already includes the tax
    ("Subtotaal 717.97" on a Dutch invoice) fails the check."""
    amounts = {m.value for _, m in ctx.amounts() if m.fit >= 0.9 and m.value > 0}
    for c in cands:
        try:
            v = Decimal(str(c.value))
        except Exception:  # noqa: BLE001
            continue
        if v > 0 and any(t < v and v + t in amounts for t in amounts):
            c.bonus += 0.12


def _scan(f: Field, role: Role, ctx: Context) -> list[Cand]:
    """Typed values anywhere, with the text to their left (same line) as a weak label."""
    out = []
    n = max(len(ctx.layout.lines), 1)
    lines = ctx.layout.lines
    for li, line in enumerate(lines):
        text = line.text
        if role.kind == "total":
            matches = [m for ln, m in ctx.amounts() if ln is line and m.fit >= 0.5]
        else:
            matches = _parse_value(role, f, text)
        for m in matches:
            conv = _output(f, role, m)
            if conv is None:
                continue
            left = _norm_label(text[: m.start])
            ls = label_sim(left, role) if left else 0.0
            if not left and li > 0 and lines[li - 1].page == line.page:
                ls = 0.7 * label_sim(_norm_label(lines[li - 1].text), role)
            val, verb = conv
            prior = li / n if role.kind == "total" else 1 - li / n
            c = Cand(
                val,
                m.text,
                [(line, m.start, m.start + len(m.text))],
                min(ls, 0.9) * 0.8,
                m.fit,
                "scan",
                verb,
                prior=prior,
            )
            if role.kind == "date":
                ltoks = left.split()
                if any(_contains(ltoks, neg.split()) for neg in role.negative):
                    c.bonus -= 0.2  # "CARD EXPIRY: 30/09/18" is another date
                elif re.match(r"\s*\d{1,2}:\d{2}", text[m.end :]):
                    c.bonus += 0.1  # date then time: the transaction's timestamp
            out.append(c)
    if role.kind in ("date", "email", "url", "phone", "currency") and out:
        # a strongly typed value is evidence by itself, the more so when it is the only one
        distinct = len({repr(c.value) for c in out})
        for c in out:
            c.bonus += 0.2 if distinct == 1 else 0.12
    return out


def _table_pairs(layout: Layout, role: Role, f: Field) -> list[Cand]:
    """Two-column key/value tables and header/single-row tables."""
    out = []
    for t in layout.tables:
        rows = t.rows
        for r in rows:
            cells = [c for c in r if c and c.strip()]
            if len(cells) >= 2:
                ls = label_sim(_norm_label(cells[0]), role)
                if ls >= 0.55:
                    out.extend(_cell_cand(layout, t, role, f, cells[1], ls))
        if len(rows) == 2:
            for h, c in zip(rows[0], rows[1], strict=False):
                if h and c:
                    ls = label_sim(_norm_label(h), role)
                    if ls >= 0.55:
                        out.extend(_cell_cand(layout, t, role, f, c, ls))
    return out


def _cell_cand(layout: Layout, t: TableView, role: Role, f: Field, cell: str, ls: float):
    for m in _parse_value(role, f, cell)[:1]:
        conv = _output(f, role, m)
        if conv is None:
            continue
        spans = locate(layout, m.text, page=t.page)
        yield Cand(conv[0], m.text, spans, ls, m.fit, "table", conv[1])


# ------------------------------------------------------------------------------ roles
_LEGAL = re.compile(
    r"\b(SDN\.?\s*BHD|S/B|BHD|BERHAD|ENTERPRISES?|TRADING|LTD|LIMITED|INC|LLC|GMBH|B\.\s?V\.?|"
    r"N\.\s?V\.?|CO\.|CORP(ORATION)?|COMPANY|PLC|S\.A\.|SARL|SAS|AG|PTE|PVT|RESTAURANT|CAFE|"
    r"MART|STORE|SUPERMARKET|HARDWARE|BAKER(Y|IES)|STATIONERY|PHARMACY|HOTEL|SHOP|MARKETING|"
    r"HOLDINGS|INDUSTRIES|SERVICES?|CENTRE|CENTER|KEDAI|PERNIAGAAN|SYARIKAT|TRADERS|FOOD|"
    r"RESTORAN|GROUP|AUTO|SPEED)\b",
    re.I,
)
_NOT_ORG = re.compile(
    r"\b(TEL|FAX|PHONE|GST|VAT|REG|INVOICE|RECEIPT|DATE|CASHIER|TAX|TOTAL|NO\.?\s*:|EMAIL|"
    r"WWW|HTTP|JALAN|JLN|LOT|TAMAN|ROAD|STREET|BILL|TABLE|ORDER|WELCOME|THANK|CASH(?!\s*&\s*CARRY)|"
    r"CREDIT|NOTE|SIMPLIFIED|MEMBER|DOCUMENT|COUNTER|TERMINAL|PLEASE|AGAIN|GOODS\s+SOLD|"
    r"RETURNABLE|REFUNDABLE|EXCHANGEABLE)\b",
    re.I,
)
_REG_TAIL = re.compile(
    r"\s*[\[(](?:[^()\[\]]*\d[^()\[\]]*|CO\.?\s*REG[^()]*)[\])]\s*$|\s+\d{5,}-[A-Z]\s*$", re.I
)


def _clean_org(text: str) -> str:
    prev = None
    s = re.sub(r"\s*[\[(][^()\[\]]*\d[^()\[\]]*[\])]", "", text).strip()
    while prev != s:
        prev = s
        s = _REG_TAIL.sub("", s).strip()
    return s


_SUFFIX_ONLY = re.compile(
    r"^\s*((CO\.?|COMPANY)\s*)?(\(M\)\s*)?(SDN\.?\s*BHD\.?|S/B|BHD|BERHAD|LTD\.?|LIMITED|"
    r"INC\.?|LLC|GMBH|B\.V\.|PTE\.?\s*LTD\.?|ENTERPRISE|TRADING)\s*(\(.*\))?\s*$",
    re.I,
)


_LEGAL_FORM = re.compile(
    r"\b(SDN\.?\s*BHD|S/B|BHD|BERHAD|LTD|LIMITED|INC|LLC|GMBH|B\.\s?V\.?|N\.\s?V\.?|CORP|"
    r"CORPORATION|PLC|PTE|PVT|S\.A\.|SARL|SAS|AG)\b\.?",
    re.I,
)
_ORG_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z ]{1,20}:\s*(?=\S)")
_REG_CUT = re.compile(r"\s+[\[(<]?\d{5,}-?\s?[A-Z]\b.*$")


def _clean_org_line(text: str) -> str:
    """One line of an organisation name: no registration numbers, no "Owned by:" style label,
    no trailing separators."""
    s = _clean_org(text)
    m = _ORG_LABEL.match(s)
    if m and _LEGAL_FORM.search(s[m.end() :]) and len(m.group(0).split()) <= 3:
        s = s[m.end() :]
    s = _REG_CUT.sub("", s).strip()
    s = re.sub(r"^#\s*\d+\s+(?=\D)", "", s)  # a leading sequence number "#000002"
    return s.rstrip(" ,;:").strip()


def _address_line(t: str) -> bool:
    """A street line: postcode, a house number followed by a comma, "No. 12 ..."."""
    t = t.strip()
    first = t.split(" ", 1)[0] if t else ""
    if _LEGAL_FORM.search(first + " " + " ".join(t.split()[1:3])):
        return False  # "ACME AG - Street 4 - 12345 Town": a sender line that starts with a name
    return bool(
        re.search(r"\b\d{5}\b", t)
        or (any(c.isdigit() for c in first) and "," in t)
        or re.match(r"(NO|UNIT|LOT|LEVEL|BLOCK|BLK|SUITE|FLOOR)\b\.?\s*[:#]?\s*\S*\d", t, re.I)
        or (t.endswith(",") and _ADDR_HINT.search(t))
    )


_REG_LABEL = re.compile(
    r"\b(CO|COMPANY|REG|ROC|BRN|BUSINESS)\.?\s*(REG(ISTRATION)?\.?\s*)?"
    r"(NO|NUMBER)\b",
    re.I,
)


def _name_part_above(above: Line, ln: Line) -> bool:
    """``above`` reads as the first part of the name that ends on ``ln`` (same block, same size)."""
    a, b = above.bbox, ln.bbox
    if above.page != ln.page or a is None or b is None:
        return False
    t = above.text.strip()
    letters = sum(c.isalpha() for c in t)
    digits = sum(c.isdigit() for c in t)
    if letters < 3 or digits * 2 > letters or not t[:1].isalnum():
        return False
    if b.y - a.y1 > 1.0 * max(a.h, b.h, 1) or b.y < a.y1 - 0.5 * min(a.h, b.h):
        return False
    if not 0.7 <= max(a.h, 1) / max(b.h, 1) <= 1.5:
        return False
    if min(a.x1, b.x1) <= max(a.x, b.x):  # no horizontal overlap
        return False
    return not (
        _LEGAL_FORM.search(t)
        or _NOT_ORG.search(t)
        or _RECIPIENT.search(t)
        or _address_line(t)
        or _is_reg_line(t)
    )


def _name_incomplete(group: list[Line]) -> bool:
    """The legal name on these lines lacks its start: only generic words before the legal form
    ("RESTAURANT SDN BHD", "CO. (M) SDN BHD") or a closing parenthesis ("ALAM) SDN BHD")."""
    text = " ".join(g.text for g in group).strip()
    if re.match(r"[&)]|AND\b", text, re.I) or (
        ")" in text and text.find(")") < text.find("(") if "(" in text else ")" in text
    ):
        return True
    core = _LEGAL_FORM.sub(" ", _clean_org(text))
    core = re.sub(r"\([^()]*\)|[^\w\s&]", " ", core)
    words = core.split()
    if not words:
        return True
    if len(words) == 1 and len(words[0]) <= 3:
        return True
    return all(_LEGAL.fullmatch(w) for w in words)


def _company_candidates(f: Field, role: Role, ctx: Context) -> list[Cand]:
    """Organisation names from the header lines (the same for every field: computed once)."""
    if ctx._orgs is None:
        ctx._orgs = _org_candidates(ctx)
    return [
        Cand(c.value, c.text, list(c.spans), c.label, c.fit, c.kind, c.verbatim, prior=c.prior)
        for c in ctx._orgs
    ]


def _org_candidates(ctx: Context) -> list[Cand]:
    if not ctx.layout.lines:
        return []
    first_page = ctx.layout.lines[0].page
    lines = [ln for ln in ctx.layout.lines if ln.page == first_page][:16]
    blocked = _recipient_block(lines)
    heights = sorted(ln.height for ln in lines)
    med_h = heights[len(heights) // 2] or 1.0
    out = []
    for rank, ln in enumerate(lines):
        group = [ln]
        while rank + len(group) < len(lines) and len(group) < 3:
            nxt = lines[rank + len(group)]
            cur = " ".join(g.text for g in group)
            if (
                (
                    _SUFFIX_ONLY.match(_clean_org(nxt.text))
                    and not _SUFFIX_ONLY.match(_clean_org(cur))
                )
                or re.search(r"(&|\bAND)\s*$", cur, re.I)
                or cur.count("(") > cur.count(")")
                or (re.match(r"\s*(&|AND\b)", nxt.text, re.I) and _name_part_above(group[-1], nxt))
            ):
                group.append(nxt)
                continue
            break
        groups = [(group, 0.0)]
        # a legal name broken over lines: "LIAN CHI PU TIAN VEGETARIAN" / "RESTAURANT SDN BHD"
        if _LEGAL_FORM.search(group[-1].text) and _name_incomplete(group):
            above = list(group)
            k = rank
            while k > 0 and len(above) < 4 and _name_part_above(lines[k - 1], above[0]):
                k -= 1
                above.insert(0, lines[k])
            if len(above) > len(group):
                groups.append((above, 0.05))
        for grp, extra in groups:
            if any(g.index in blocked for g in grp):
                extra -= 0.5  # the customer's block under "Bill To:" / "Factuuradres"
            c = _org_cand(grp, lines, lines.index(grp[0]), med_h, extra)
            if c is not None:
                out.append(c)
    out.extend(_legal_footer_orgs([ln for ln in ctx.layout.lines if ln.page == first_page]))
    return out


# labels of the customer's block: what follows them names the recipient, not the issuer
_RECIPIENT_HEAD = re.compile(
    r"\s*(bill(ed)?\s*to|ship(ped)?\s*to|sold\s*to|invoice\s*to|deliver(y|ed)?\s*to|"
    r"billing\s+address|shipping\s+address|delivery\s+address|customer|client|recipient|"
    r"factuuradres|afleveradres|af\s*leveradres|rechnungsadresse|lieferadresse|kunde|klant|"
    r"adresse\s+de\s+(facturation|livraison)|factur[ée]\s+[àa]|destinataire|"
    r"facturar\s+a|cliente)\s*:?\s*",
    re.I,
)


def _recipient_block(lines: list[Line]) -> set[int]:
    """Indices of the (up to 4) lines under a "Bill To:"-style label, in its column(s)."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        heads = [sg for sg in ln.segments if _RECIPIENT_HEAD.fullmatch(sg.text)]
        if not heads:
            continue
        xs = [(sg.bbox.x, sg.bbox.x1) for sg in heads if sg.bbox is not None]
        for nxt in lines[i + 1 : i + 5]:
            b = nxt.bbox
            if nxt.page != ln.page or _RECIPIENT_HEAD.fullmatch(nxt.text):
                break
            if b is None or not xs or any(b.x < x1 and x0 < b.x1 + 5 for x0, x1 in xs):
                out.add(nxt.index)
    return out


# the issuer's legal block: "NETPRESSE" over "Siège social : ...", "Free SAS au capital de",
# "Titulaire du compte : NETPRESSE", "Payment to be made in favor of" / "Oravel Stays Pvt. Ltd."
_SEAT = re.compile(
    r"\s*(si[èe]ge\s+social|registered\s+office|regd\.?\s+office|head\s+office|"
    r"firmensitz|sitz\s+der\s+gesellschaft|statutair\s+gevestigd|statutaire\s+zetel|"
    r"domicilio\s+social|sede\s+legale)\b",
    re.I,
)
_CAPITAL = re.compile(
    r"^\s*(.{2,60}?)\s*[,-]?\s+(au\s+capital\s+de|with\s+(a\s+)?share\s+capital|"
    r"share\s+capital|stammkapital|capital\s+social)\b",
    re.I,
)
_PAYEE = re.compile(
    r"(titulaire\s+du\s+compte|account\s+holder|account\s+name|payable\s+to|"
    r"in\s+fav(?:ou)?r\s+of|kontoinhaber|beg[üu]nstigter|beneficiary|ten\s+name\s+van|"
    r"t\.\s?n\.\s?v\.?)\s*:?\s*(.*)$",
    re.I,
)


def _legal_footer_orgs(lines: list[Line]) -> list[Cand]:
    out = []

    def add(line: Line, start: int, end: int, label: float) -> None:
        raw = line.text[start:end]
        v = _clean_org_line(raw)
        if (
            not v
            or not _has_letters(v)
            or len(v.split()) > 6
            or _address_like(v)
            or _identifier_like(v)
            or "@" in v
        ):
            return
        st = start + max(raw.find(v), 0)
        out.append(Cand(v, v, [(line, st, st + len(v))], label, 0.8, "role", v == raw.strip()))

    for i, ln in enumerate(lines):
        if _SEAT.match(ln.text) and i > 0 and not _SEAT.match(lines[i - 1].text):
            above = lines[i - 1]
            if len(above.segments) == 1 and not any(c.isdigit() for c in above.text):
                add(above, 0, len(above.text), 0.85)
        m = _CAPITAL.match(ln.text)
        if m:
            add(ln, m.start(1), m.end(1), 0.85)
        m = _PAYEE.search(ln.text)
        if m:
            if m.group(2).strip():
                add(ln, m.start(2), len(ln.text), 0.8)
            elif i + 1 < len(lines) and lines[i + 1].page == ln.page:
                add(lines[i + 1], 0, len(lines[i + 1].text), 0.8)
    return out


def _org_cand(
    group: list[Line], lines: list[Line], rank: int, med_h: float, extra: float
) -> Cand | None:
    ln = group[0]
    text = " ".join(g.text.strip() for g in group)
    letters = sum(c.isalpha() for c in text)
    digits = sum(c.isdigit() for c in text)
    if letters < 3:
        return None
    s = 0.4 * (1 - rank / 16) + extra
    if _LEGAL.search(text):
        s += 0.45
    if _NOT_ORG.search(text) or _RECIPIENT.search(text) or _REG_LABEL.search(text):
        s -= 0.5
    if all(_LEGAL.fullmatch(w) for w in re.sub(r"[^\w\s&/]", " ", text).split()):
        s -= 0.4  # "SERVICE", "RESTAURANT": a kind of business, not a name
    if text.strip()[:1] in "([<{":
        s -= 0.5  # a parenthesised line is a note under the name
    elif not text.strip()[:1].isalnum():
        s -= 0.3
    if digits > letters / 2:
        s -= 0.3
    if _address_line(ln.text):
        s -= 0.4
    if ln.height > 1.15 * med_h:
        s += 0.1
    if ln.heading:
        s += 0.1
    if len(text) > 60:
        s -= 0.2
    if _SUFFIX_ONLY.match(_clean_org(text)):
        s -= 0.4
    # "DOMINO'S PIZZA" then "DOMINO'S PIZZA PERMAS JAYA": the longer one names the outlet
    norm_t = " ".join(text.upper().split())
    for prev in lines[:rank]:
        pt = " ".join(_clean_org_line(prev.text).upper().split())
        if len(pt) >= 4 and norm_t.startswith(pt + " "):
            s -= 0.3
            break
    after = [
        a
        for a in lines[rank + len(group) : rank + len(group) + 3]
        if not (
            _is_reg_line(a.text)
            or _REG_LABEL.search(a.text)
            or re.search(r"\b(GST|VAT|SST)\b", a.text, re.I)
        )
    ][:1]
    if after and _address_like(after[0].text):
        s += 0.25
    parts = [(g, _clean_org_line(g.text)) for g in group]
    parts = [(g, v) for g, v in parts if v]
    value = " ".join(v for _, v in parts)
    if not value or not _has_letters(value):
        return None
    spans = []
    for g, gv in parts:
        st = max(g.text.find(gv), 0)
        spans.append((g, st, st + len(gv)))
    return Cand(
        value, value, spans, max(0.0, s), 0.8, "role", value == text.strip(), prior=1 - rank / 16
    )


def _is_reg_line(t: str) -> bool:
    t = t.strip()
    return bool(
        _REG_TAIL.fullmatch(" " + t)
        or (
            re.fullmatch(r"[\[(]?[\w\s.:/-]*\d[\w\s.:/-]*[\])]?", t)
            and not _ADDR_HINT.search(t)
            and len(t.split()) <= 4
        )
    )


def _address_like(t: str) -> bool:
    return bool(
        _ADDR_HINT.search(t)
        and (any(c.isdigit() for c in t) or t.rstrip().endswith(","))
        and not _LEGAL.search(t)
        and not _NOT_ORG_STRICT.search(t)
    )


_RECIPIENT = re.compile(
    r"\b(ATTN|ATTENTION|SHIP\s*TO|BILL\s*TO|SOLD\s*(TO|BY)|CUSTOMER|CLIENT|DELIVER(Y)?\s*TO|"
    r"DETAILS|INVOICE\s*TO|RECIPIENT)\b|:\s*$",
    re.I,
)
_NOT_ORG_STRICT = re.compile(
    r"\b(TEL|FAX|PHONE|GST|VAT|INVOICE|RECEIPT|DATE|TOTAL|CASHIER)\b", re.I
)


_ADDR_HINT = re.compile(
    r"\b(NO\.?|LOT|JALAN|JLN|TAMAN|BATU|LORONG|PERSIARAN|KAWASAN|BANDAR|ROAD|RD|STREET|ST|"
    r"AVENUE|AVE|BLVD|LANE|DRIVE|FLOOR|SUITE|BLOCK|BLK|UNIT|BUILDING|STRASSE|STRAßE|STR|WEG|"
    r"PLEIN|STRAAT|RUE|AVENUE|SELANGOR|JOHOR|KUALA|LUMPUR|MELAKA|PERAK|PAHANG|KEDAH|SABAH|"
    r"SARAWAK|PENANG|PINANG|NEGERI|SEMBILAN|DARUL|EHSAN|MALAYSIA|SINGAPORE)\b|\b\d{5}\b|"
    r"\d+[,\s]",
    re.I,
)
_ADDR_STOP = re.compile(
    r"\b(TEL|FAX|PHONE|H/?P|GST|VAT|REG|INVOICE|RECEIPT|DATE|CASHIER|TAX|E-?MAIL|WWW|HTTP|"
    r"BILL|DOC|TABLE|ORDER|SALES|COMPANY NO|CO NO|MOBILE|CONTACT|ID)\b|@|\(.*\d.*-?[A-Z]?\)\s*$",
    re.I,
)


_ADDR_WORD = re.compile(_ADDR_HINT.pattern.split("|\\b\\d{5}")[0], re.I)
_HARD_STOP = re.compile(
    r"\b(TEL|TELEPHONE|FAX|PHONE|H/?P|GST|VAT|REG|ROC|BR\s*NO|CO\.?\s*NO|COMPANY\s*NO|INVOICE|"
    r"RECEIPT|DATE|CASHIER|E-?MAIL|WWW|HTTP|BILL|TABLE|ORDER|MOBILE|CONTACT|ID|SST|TAX|DOC|DOCUMENT|"
    r"GUEST|CHECK|CARELINE|HOTLINE|OPEN|DAILY|CARRY\s+OUT|PAY)\b|@|INVOICE|RECEIPT|"
    r"\d{2,4}\s?-\s?\d{3,4}\s?\d{3,4}|"
    r"\b\d+\.\d{2}\b(?![./])|"  # a price: the item lines have begun
    r"(?<![\w.])(?!(?:NO|LOT|UNIT|ADD|ADDRESS|ALAMAT)\b)[A-Z][A-Z ]{1,15}\s*:\s*\S",  # "LABEL: x"
    re.I,
)


def _addr_stop(t: str) -> bool:
    m = _ADDR_LABEL.match(t)
    t = (t[m.end() :] if m else t).strip()
    if not t or _HARD_STOP.search(t) or find_dates(t):
        return True
    return bool(re.fullmatch(r"[\d\s().#-]+", t)) or _is_reg_line(t)


_ADDR_LABEL = re.compile(r"\s*(?:[A-Z]{1,5}\s+)?(?:ADD|ADDR|ADDRESS|ALAMAT)\.?\s*:\s*", re.I)


def _tidy_spacing(s: str) -> str:
    """OCR spacing: no space before a comma ("KELANG , 54200" -> "KELANG, 54200")."""
    return re.sub(r"\s+,", ",", " ".join(s.split()))


def _address_candidates(f: Field, role: Role, ctx: Context) -> list[Cand]:
    """The run of address-like lines in the header, nearest below the issuer's name."""
    lines = ctx.layout.lines
    if not lines:
        return []
    first_page = lines[0].page
    head = [ln for ln in lines if ln.page == first_page][:25]
    org_field = Field("company", "company", "string", {"type": "string"})
    orgs = _company_candidates(org_field, role_of(org_field), ctx)
    org = max(orgs, key=lambda c: c.label) if orgs else None
    org_lines = {sp[0].index for sp in org.spans} if org else set()
    org_end = max(org_lines) if org_lines else -1
    runs: list[tuple[float, list[Line]]] = []
    i = 0
    while i < len(head):
        ln = head[i]
        if (
            ln.index in org_lines
            or _addr_stop(ln.text)
            or not _ADDR_HINT.search(ln.text)
            or (_LEGAL.search(ln.text) and not any(c.isdigit() for c in ln.text))
            or (ln.text.strip()[:1] in "([<")
        ):  # a parenthesised note is not the street line
            i += 1
            continue
        block = [ln]
        j = i + 1
        while j < len(head) and len(block) < 6:
            t = head[j].text
            if head[j].index in org_lines or _addr_stop(t):
                break
            if not _ADDR_HINT.search(t) and (len(t.split()) > 6 or _LEGAL.search(t)):
                break
            if re.search(r"\b\d{5}\b", " ".join(b.text for b in block)) and not (
                _ADDR_WORD.search(t) or re.search(r"\d", t)
            ):
                break  # after the postcode, a line with no address word names the outlet
            block.append(head[j])
            j += 1
        hints = sum(len(_ADDR_HINT.findall(b.text)) for b in block)
        dist = ln.index - org_end if org_end >= 0 else ln.index
        score = min(hints, 6) / 6 + (0.4 if 0 < dist <= 3 else 0.0) - 0.03 * max(dist, 0)
        runs.append((score, block))
        i = j
    out = []
    for score, block in runs:
        raw = " ".join(b.text.strip() for b in block)
        spans = [(b, 0, len(b.text)) for b in block]
        m = _ADDR_LABEL.match(block[0].text)
        if m:  # "HQ ADD: LOT 11995, ..." -> the address without its label
            spans[0] = (block[0], m.end(), len(block[0].text))
        value = _tidy_spacing(" ".join(b.text[s:e].strip() for b, s, e in spans))
        out.append(
            Cand(
                value,
                value,
                spans,
                min(1.0, 0.45 + 0.4 * score),
                0.8,
                "role",
                value == raw,
                prior=0.8,
            )
        )
    return out


def _total_checks(cands: list[Cand], ctx: Context) -> None:
    """Cross-field checks: the paid total = total + rounding = cash - change."""
    total_role = Role(
        "total",
        ["total"]
        + [x for x in role_of(Field("total", "total", "number", {})).labels if x != "total"],
        role_of(Field("total", "total", "number", {})).negative,
        "total",
    )
    labelled: dict[str, list[Decimal]] = {"rounding": [], "cash": [], "change": [], "total": []}
    rounded: set[tuple[int, Decimal]] = set()
    total_lines: list[tuple[Line, Decimal]] = []
    for p in ctx.pairs:
        n = p.norm
        ms = [m for m in find_amounts(p.value) if m.fit >= 0.9][:1]
        if not ms:
            continue
        v = ms[0].value
        toks = n.split()
        if "rounding" in toks or (any(t.startswith("round") for t in toks) and "adj" in n):
            if abs(v) >= 1 and not ({"adj", "adjustment"} & set(toks)):
                # "ROUNDING 15.00": no adjustment is that large, the line is the rounded
                # total ("TOTAL ROUNDING", "AFTER ROUNDING" cut short)
                rounded.add((p.line.index, v))
                labelled["total"].append(v)
            else:
                labelled["rounding"].append(v)
        elif toks and toks[0] in ("cash", "tendered", "paid", "payment", "tender", "pay"):
            labelled["cash"].append(v)
        elif toks and toks[0] in ("change", "balance") and len(toks) <= 2:
            labelled["change"].append(v)
        elif label_sim(n, total_role) >= 0.7:
            labelled["total"].append(v)
            if label_sim(n, total_role) >= 0.9:
                total_lines.append((p.line, v))
    targets: dict[Decimal, float] = {}
    for r in labelled["rounding"]:
        if r == 0 or abs(r) >= 1:
            continue
        for t in labelled["total"]:
            for v in {t + r, t - r}:
                if v > 0:
                    targets[v] = 0.2
    for c in labelled["cash"]:
        for ch in labelled["change"]:
            if c - ch > 0 and ch >= 0:
                targets[c - ch] = targets.get(c - ch, 0.0) + 0.3
    summary = min(
        (ln.index for ln in ctx.layout.lines if re.search(r"\bsummary\b", ln.text, re.I)),
        default=None,
    )
    # two totals a few cents apart, the lower one a multiple of 0.05: the rounded amount paid
    tl = [(ln, v) for ln, v in total_lines if v > 0]
    for ln1, v1 in tl:
        for ln2, v2 in tl:
            if (
                ln2.index > ln1.index
                and 0 < abs(v2 - v1) < Decimal("0.10")
                and (v2 * 20) % 1 == 0
                and (v1 * 20) % 1 != 0
            ):
                rounded.add((ln2.index, v2))
    for c in cands:
        if summary is not None and c.spans and c.spans[0][0].index > summary:
            c.bonus -= 0.15
        try:
            v = c.value if isinstance(c.value, Decimal) else Decimal(str(c.value).replace(",", ""))
        except Exception:  # noqa: BLE001
            continue
        if c.spans and (c.spans[0][0].index, v) in rounded:
            c.label = max(c.label, 0.85)
            c.bonus += 0.1
        if not targets:
            continue
        if v in targets:
            c.bonus += targets[v]
            if c.kind == "scan":
                c.label = max(c.label, 0.55)


# ------------------------------------------------------------------------------ choose
def _choose(f: Field, role: Role, cands: list[Cand], ctx: Context) -> FieldValue:
    pconf = _page_conf(ctx)
    if not cands:
        return FieldValue(None, [], 0.0, pconf, NOT_FOUND)
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        groups.setdefault(repr(c.value), []).append(c)
    reps: list[Cand] = []
    for g in groups.values():
        best = max(g, key=lambda c: c.score)
        best.support = len({(sp[0].index, sp[1]) for c in g for sp in c.spans[:1]})
        reps.append(best)
    reps.sort(key=lambda c: c.score, reverse=True)
    min_score = 0.45 if role.kind not in ("company", "address") else 0.3
    for i, c in enumerate(reps):
        if c.score < min_score:
            break
        if not _fits_schema(f, c.value):
            continue
        second = next((r.score for r in reps[i + 1 :]), 0.0)
        conf = _confidence(c.score, second) * _KIND_RELIABILITY.get(c.kind, 1.0)
        if len(c.spans) > 1:  # values joined from several lines are right less often
            conf *= 0.75
        conf = calibrate(conf, kind=role.kind)
        ocr = min((sp[0].confidence for sp in c.spans), default=1.0)
        return FieldValue(
            c.value,
            _citations(ctx.layout, c),
            conf,
            min(pconf, ocr) if c.spans else pconf,
            VERBATIM if c.verbatim else INFERRED,
        )
    return FieldValue(None, [], 0.0, pconf, NOT_FOUND)


# how often each kind of evidence is right, relative to a labelled pair (SROIE, see RESULTS.md)
_KIND_RELIABILITY = {
    "colon": 1.0,
    "cell": 1.0,
    "table": 1.0,
    "inline": 0.95,
    "below": 0.9,
    "role": 0.88,
    "scan": 0.85,
}


def _confidence(best: float, second: float) -> float:
    """Score and margin over the runner-up -> 0..1 (calibrated on SROIE, see bench/RESULTS.md)."""
    base = 1 / (1 + math.exp(-6 * (best - 0.4)))
    margin = min(1.0, max(0.0, best - second) / 0.15)
    return round(base * (0.55 + 0.45 * margin), 4)


# Monotone maps from the raw confidence above (score sigmoid x margin x evidence
# reliability) to the probability that the value is right, one per role kind with enough
# data and "*" for every other kind: knots (raw, accuracy) of an isotonic regression
# (pool-adjacent-violators over equal-count bins), linear in between. Fitted on the
# even-numbered half of the 400 SROIE receipts (800 field values), checked on the odd half
# and on the invoices (bench/RESULTS.md, "## Extract"). To refit after changing the scoring,
# run `.venv/bin/python bench/extract_eval.py --fit-calibration` and paste the dict it
# prints here. Set to {} to get the raw confidence back.
CALIBRATION: dict[str, tuple[tuple[float, float], ...]] = {
    "*": ((0.46, 0.6), (0.612, 0.7), (0.628, 0.775), (0.862, 0.929)),
    "address": ((0.596, 0.675), (0.628, 0.7), (0.666, 0.85)),
    "company": ((0.568, 0.8), (0.782, 0.92), (0.854, 0.933), (0.859, 1.0)),
    "date": ((0.517, 0.85), (0.675, 0.95), (0.742, 0.975), (0.828, 0.983), (0.97, 1.0)),
    "total": ((0.608, 0.7), (0.948, 0.878)),
}


def calibrate(
    raw: float, knots: tuple[tuple[float, float], ...] | None = None, kind: str = "*"
) -> float:
    """Raw confidence -> calibrated confidence (piecewise-linear through the knots)."""
    pts = knots if knots is not None else CALIBRATION.get(kind) or CALIBRATION.get("*")
    if not pts:
        return raw
    if raw <= pts[0][0]:
        return round(pts[0][1] * raw / pts[0][0], 4) if pts[0][0] > 0 else pts[0][1]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if raw <= x1:
            t = (raw - x0) / (x1 - x0) if x1 > x0 else 1.0
            return min(round(y0 + t * (y1 - y0), 4), 0.99)
    return min(pts[-1][1], 0.99)


def _page_conf(ctx: Context) -> float:
    pages = ctx.layout.pages.values()
    return min((p.confidence for p in pages), default=1.0)


def _citations(layout: Layout, c: Cand) -> list[Citation]:
    out: list[Citation] = []
    for line, s, e in c.spans:
        boxes = line.span_boxes(s, e)
        text = line.text[s:e]
        if out and out[-1].page == line.page:
            out[-1].boxes.extend(boxes)
            out[-1].matching_text += " " + text
        else:
            out.append(Citation(line.page, text, boxes, line.page_width, line.page_height))
    return out


# ------------------------------------------------------------------------------ locate
def locate(layout: Layout, text: str, page: int | None = None) -> list[tuple[Line, int, int]]:
    """Find ``text`` in the document: exact, then case/space-insensitive, then fuzzy."""
    text = str(text).strip()
    if not text:
        return []
    lines = [ln for ln in layout.lines if page is None or ln.page == page]
    for ln in lines:
        i = ln.text.find(text)
        if i >= 0:
            return [(ln, i, i + len(text))]
    low = " ".join(text.lower().split())
    for ln in lines:
        i = ln.text.lower().find(low)
        if i >= 0:
            return [(ln, i, i + len(low))]
    # multi-line values (addresses): consecutive lines whose join contains the text
    for k, ln in enumerate(lines[:-1]):
        joined = ln.text + " " + lines[k + 1].text
        if low in joined.lower() and ln.page == lines[k + 1].page:
            return [(ln, 0, len(ln.text)), (lines[k + 1], 0, len(lines[k + 1].text))]
    best, best_s = None, 0.0
    for ln in lines:
        al = fuzz.partial_ratio_alignment(low, ln.text.lower())
        if al is not None and al.score > best_s:
            best, best_s = (ln, al.dest_start, al.dest_end), al.score
    if best is not None and best_s >= 85:
        return [best]
    return []


# ------------------------------------------------------------------------------ arrays
def _resolve_array(f: Field, ctx: Context, context: str) -> tuple[list, list]:
    item = f.items
    if item is None:
        return [], []
    if item.kind == "object":
        return _table_objects(f, item, ctx)
    # arrays of scalars: every labelled or typed match
    role = role_of(item, context)
    seen, data, meta = set(), [], []
    cands = _candidates(item, role, ctx)
    cands.sort(key=lambda c: c.spans[0][0].index if c.spans else 0)
    for c in cands:
        if c.score < 0.5 or repr(c.value) in seen or not _fits_schema(item, c.value):
            continue
        seen.add(repr(c.value))
        data.append(c.value)
        meta.append(
            FieldValue(
                c.value,
                _citations(ctx.layout, c),
                _confidence(c.score, 0.0),
                _page_conf(ctx),
                VERBATIM if c.verbatim else INFERRED,
            ).metadata()
        )
    return data, meta


def _column_map(header: list[str], item: Field) -> dict[str, tuple[int, float]]:
    mapping: dict[str, tuple[int, float]] = {}
    used: set[int] = set()
    scored = []
    for sub in item.properties:
        role = role_of(sub)
        for j, h in enumerate(header):
            nh = _norm_label(h)
            if not nh:
                continue
            s = max(label_sim(nh, role), _desc_sim(nh, sub))
            scored.append((s, sub.name, j))
    for s, name, j in sorted(scored, reverse=True):
        if s < 0.6 or name in mapping or j in used:
            continue
        mapping[name] = (j, s)
        used.add(j)
    return mapping


_COL_SYN = {
    "description": ["item", "name", "product", "article", "service", "desc", "details"],
    "name": ["description", "item", "product", "article", "desc", "service"],
    "quantity": ["qty", "quantity", "units", "count", "pcs", "aantal", "menge"],
    "qty": ["quantity", "qty", "units"],
    "price": ["unit price", "price", "rate", "u price", "s price", "unit cost"],
    "unit price": ["unit price", "price", "rate", "u price", "price unit"],
    "price unit": ["unit price", "price", "rate"],
    "amount": ["amount", "total", "line total", "amt", "subtotal", "price total"],
    "total": ["amount", "total", "line total", "amt"],
}


def _desc_sim(nh: str, sub: Field) -> float:
    words = field_words(sub.name)
    best = 0.0
    for key, syns in _COL_SYN.items():
        if fuzz.token_sort_ratio(words, key) >= 90 or key in words.split():
            for s in syns:
                best = max(best, fuzz.token_sort_ratio(nh, s) / 100 * 0.95)
    return best


def _table_objects(f: Field, item: Field, ctx: Context) -> tuple[list, list]:
    layout = ctx.layout
    best: tuple[float, list[TableView], dict] | None = None
    for t in layout.tables:
        header = t.header if t.header_rows >= 1 else (t.rows[0] if t.rows else [])
        mapping = _column_map(header, item)
        if not mapping:
            continue
        score = sum(s for _, s in mapping.values())
        if best is None or score > best[0]:
            best = (score, [t], mapping)
        elif abs(score - best[0]) < 1e-9 and best[1][-1].header == t.header:
            best[1].append(t)  # same header on a later page: a continued table
    if best is not None:
        return _rows_to_objects(item, best[1], best[2], ctx)
    return _text_rows(item, ctx)


def _rows_to_objects(item: Field, tables: list[TableView], mapping: dict, ctx: Context):
    data, meta = [], []
    for t in tables:
        body = t.body if t.header_rows >= 1 else t.rows[1:]
        for row in body:
            obj, om = _row_object(item, mapping, row, ctx, t.page)
            if obj is not None:
                data.append(obj)
                meta.append(om)
    return data, meta


def _row_object(item: Field, mapping: dict, row: list[str], ctx: Context, page: int):
    obj: dict[str, Any] = {}
    om: dict[str, Any] = {}
    filled = 0
    for sub in item.properties:
        role = role_of(sub)
        fv = FieldValue(None, [], 0.0, _page_conf(ctx), NOT_FOUND)
        if sub.name in mapping:
            j, hs = mapping[sub.name]
            cell = row[j] if j < len(row) else ""
            if cell and cell.strip():
                matches = _parse_value(role, sub, cell)
                if not matches and sub.kind == "string":
                    s = cell.strip()
                    matches = [Match(s, s, 0, len(s), 0.7)]
                for m in matches[:1]:
                    conv = _output(sub, role, m)
                    if conv is not None and _fits_schema(sub, conv[0]):
                        spans = locate(ctx.layout, m.text, page=page)
                        c = Cand(conv[0], m.text, spans, hs, m.fit, "table", conv[1])
                        fv = FieldValue(
                            conv[0],
                            _citations(ctx.layout, c),
                            _confidence(c.score, 0.0),
                            _page_conf(ctx),
                            VERBATIM if conv[1] else INFERRED,
                        )
                        filled += 1
        if sub.kind == "array":
            obj[sub.name], om[sub.name] = [], []
            continue
        if sub.kind == "object":
            obj[sub.name], om[sub.name] = {}, {}
            continue
        obj[sub.name] = fv.value
        om[sub.name] = fv.metadata()
    if filled == 0:
        return None, None
    first = next(iter(mapping.values()))[0]
    label = _norm_label(row[first] if first < len(row) else "")
    if label.split()[:1] in (["total"], ["subtotal"], ["sub"]) and filled <= 2:
        return None, None
    return obj, om


def _text_rows(item: Field, ctx: Context) -> tuple[list, list]:
    """No table item: find a header line whose cells match the sub-fields, then read the aligned
    lines under it until a line that does not fit (totals, a blank gap)."""
    lines = ctx.layout.lines
    for i, ln in enumerate(lines):
        if len(ln.segments) < 2:
            continue
        header = [s.text for s in ln.segments]
        mapping = _column_map(header, item)
        if len(mapping) < min(2, len(item.properties)):
            continue
        centers = [((s.bbox.x + s.bbox.x1) / 2) if s.bbox else 0.0 for s in ln.segments]
        lefts = [s.bbox.x if s.bbox else 0.0 for s in ln.segments]
        rows: list[list[str]] = []
        for nl in lines[i + 1 :]:
            if nl.page != ln.page or len(rows) > 200:
                break
            if re.match(r"\s*(sub\s*)?total\b", nl.text, re.I):
                break
            cells = [""] * len(header)
            for s in nl.segments:
                if s.bbox is None:
                    continue
                cx = (s.bbox.x + s.bbox.x1) / 2
                j = min(
                    range(len(header)),
                    key=lambda k: min(abs(centers[k] - cx), abs(lefts[k] - s.bbox.x)),
                )
                cells[j] = (cells[j] + " " + s.text).strip()
            if sum(1 for c in cells if c) < 2:
                if rows and cells[mapping[next(iter(mapping))][0]]:
                    continue
                break
            rows.append(cells)
        if rows:
            data, meta = [], []
            for r in rows:
                obj, om = _row_object(item, mapping, r, ctx, ln.page)
                if obj is not None:
                    data.append(obj)
                    meta.append(om)
            return data, meta
    return [], []
