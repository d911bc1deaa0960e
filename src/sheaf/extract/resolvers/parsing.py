"""Typed parsing of a value text for a role (dates, amounts, ids, currencies, names...) and
conversion of a match to the field's JSON type, checked against the field's schema.

Separate because it is the one place that turns text into typed values: pairs, scans, table
cells and array rows all go through it, independent of where the text was found.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import jsonschema

from ..roles import Role
from ..schema import Field, field_words
from ..values import (
    CURRENCY_SIGN,
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
)
from .labels import _has_letters
from .patterns import _RECIPIENT_HEAD


def _parse_value(role: Role, f: Field, text: str, month_first: bool = False) -> list[Match]:
    k = role.kind
    if k == "date":
        return find_dates(text, month_first)
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
            if ti + 1 < len(toks) and tok.isdigit() and _STREET.fullmatch(toks[ti + 1].group(0)):
                continue  # "18 avenue Jean Jaurès": a house number
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


_STREET = re.compile(
    r"(?i)avenue|av\.?|rue|bd|boulevard|chemin|place|impasse|allée|quai|street|st\.?|road|"
    r"rd\.?|lane|way|straße|strasse|str\.?|weg|allee|platz|gasse|ring|straat|laan|plein|"
    r"calle|avenida|via|viale|piazza"
)


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
        if role.kind == "currency" and re.search(
            r"\bsymbol|\bsign\b", f"{field_words(f.name)} {f.description}", re.I
        ) and not f.enum:
            return m.text, True  # "currency_symbol": the sign as printed, not its ISO code
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


# a currency sign or code printed right before an amount, with no space ("RM12.50", "$8.20")
_GLUED_SIGN = re.compile(rf"(?<![A-Za-z])(?:S\$|US\$|{CURRENCY_SIGN})$", re.I)
# a field that asks for the amount without its sign: "without currency symbol", "no currency
# sign", "excluding the currency", "number only"
_NO_SIGN = re.compile(
    r"\b(?:without|no|excluding|excl|omit\w*|strip\w*|drop\w*|minus)\b\W+(?:\w+\W+){0,2}?"
    r"(?:currency|symbol|sign)s?\b|\b(?:numeric|number|digits)\s+only\b",
    re.I,
)


def printed_sign_wanted(f: Field) -> bool:
    """A string-typed amount is the amount as printed: a currency sign glued to the number
    ("RM12.50") is part of what is printed, unless the field asks for no sign ("Total paid,
    without currency symbol"). Number-typed amounts are numbers and never carry one."""
    return f.kind == "string" and not _NO_SIGN.search(f"{field_words(f.name)} {f.description}")


def no_sign_wanted(f: Field) -> bool:
    """The field's name or description asks for the amount without its currency sign."""
    return bool(_NO_SIGN.search(f"{field_words(f.name)} {f.description}"))


def glued_sign(text: str, start: int) -> str:
    """The currency sign printed right before ``text[start:]`` with no space, or ""."""
    m = _GLUED_SIGN.search(text[:start])
    return m.group(0) if m else ""


def _fits_schema(f: Field, value: Any) -> bool:
    sch = {k: v for k, v in f.schema.items() if k not in ("properties", "items", "required")}
    try:
        jsonschema.validate(value, sch)
        return True
    except jsonschema.ValidationError:
        return False
    except jsonschema.SchemaError:
        return True
