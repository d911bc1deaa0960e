"""Values normalised from the schema, whatever resolver produced them (an LLM copies
"August 3 , 2014" as printed; JSON Schema does not check ``format``):

- ``format: date`` / ``date-time`` -> ISO 8601, read in the document's day/month order;
- a number or integer given as text ("1.234,56", "$ 28.05") -> a number, in the document's
  decimal convention;
- a currency field that asks for a code ("currency", "currency_code") -> its ISO 4217 code
  ("€" -> "EUR");
- an ``enum`` value -> the option it names, ignoring case, accents and spacing;
- a text amount whose field asks for no currency sign ("without currency symbol") loses one
  printed before or after it ("RM12.50" -> "12.50").

A value that cannot be read is left as it is (``make_valid`` then nulls what does not
validate). Deterministic answers are already normal, so this is a no-op for them.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .layout import Layout
from .resolvers.candidates import Context
from .resolvers.item_cells import _number, doc_decimal
from .resolvers.parsing import _find_currency, no_sign_wanted
from .roles import role_of
from .schema import Field, field_words
from .values import CURRENCY_SIGN, find_dates, find_enum, month_first

__all__ = ["normalise"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
# an amount with a currency sign or code before or after it: "RM12.50", "$ 8.20", "12,50 €"
_SIGNED = re.compile(
    rf"\s*(?:(?:S\$|US\$|{CURRENCY_SIGN})\s?(-?\d[\d.,' ]*\d|\d)"
    rf"|(-?\d[\d.,' ]*\d|\d)\s?{CURRENCY_SIGN})\s*",
    re.I,
)
_TIME = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", re.I)


def normalise(root: Field, data: Any, layout: Layout) -> Any:
    ctx = Context(layout, [])
    ctx.month_first = month_first([ln.text for ln in layout.lines])
    return _walk(root, data, ctx)


def _walk(f: Field, value: Any, ctx: Context) -> Any:
    if value is None:
        return None
    if f.kind == "object" and isinstance(value, dict):
        subs = {s.name: s for s in f.properties}
        return {k: (_walk(subs[k], v, ctx) if k in subs else v) for k, v in value.items()}
    if f.kind == "array" and isinstance(value, list) and f.items is not None:
        return [_walk(f.items, v, ctx) for v in value]
    if f.is_scalar:
        return _scalar(f, value, ctx)
    return value


def _scalar(f: Field, value: Any, ctx: Context) -> Any:
    if f.enum and value not in f.enum:
        hit = find_enum(str(value), f.enum)
        return hit[0].value if hit else value
    if f.kind in ("number", "integer") and isinstance(value, str):
        n = _number(value, doc_decimal(ctx))
        if n is None:
            return value
        if f.kind == "integer":
            return int(n[0]) if n[0] == n[0].to_integral_value() else value
        return float(n[0])
    if f.kind != "string" or not isinstance(value, str):
        return value
    fmt = (f.format or "").lower()
    if fmt == "date" and not _ISO_DATE.fullmatch(value.strip()):
        dates = find_dates(value, ctx.month_first)
        return dates[0].value.isoformat() if len(dates) == 1 else value
    if fmt == "date-time" and not _ISO_DATETIME.fullmatch(value.strip()):
        dates = find_dates(value, ctx.month_first)
        if len(dates) != 1:
            return value
        t = _TIME.search(value[dates[0].end :]) or _TIME.search(value[: dates[0].start])
        hh, mm, ss = (int(t.group(1)), int(t.group(2)), int(t.group(3) or 0)) if t else (0, 0, 0)
        if t and t.group(4) and t.group(4)[0].lower() == "p" and hh < 12:
            hh += 12
        try:
            return _dt.datetime.combine(dates[0].value, _dt.time(hh, mm, ss)).isoformat()
        except ValueError:
            return value
    if role_of(f).kind in ("total", "amount") and no_sign_wanted(f):
        m = _SIGNED.fullmatch(value)
        if m:
            return m.group(1) or m.group(2)
    if role_of(f).kind == "currency" and not re.search(
        r"\b(symbol|sign)\b", f"{field_words(f.name)} {f.description}", re.I
    ):
        codes = _find_currency(value, f)
        if codes and value.strip() != codes[0].value:
            return codes[0].value
    return value
