"""Typed value finders: each scans a piece of text and returns the spans that parse as a type.

A ``Match`` keeps the printed text (for citations and "as printed" output), the normalised
value (for typed output) and how well the text fits the type (0..1).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import phonenumbers
from dateutil import parser as _dateparser
from price_parser import Price
from rapidfuzz import fuzz

__all__ = [
    "Match",
    "date_orders",
    "find_amounts",
    "find_booleans",
    "find_compact_dates",
    "find_dates",
    "find_emails",
    "find_enum",
    "find_integers",
    "find_percents",
    "find_phones",
    "find_urls",
    "month_first",
    "normalize_label",
]


@dataclass(slots=True)
class Match:
    value: Any  # normalised value (date, Decimal, str, bool, ...)
    text: str  # the text as printed
    start: int
    end: int
    fit: float  # 0..1, how typical this text is for the type
    extra: str = ""  # amounts: the currency printed next to the number


def normalize_label(text: str) -> str:
    # a dotted acronym is one word: "T.V.A. 20%" -> "tva 20%", "I.V.A." -> "iva"
    s = re.sub(r"\b(?:[^\W\d_]\.){2,}",
               lambda m: m.group(0).replace(".", "") + " ", text).lower()
    s = re.sub(r"[^\w%#@]+", " ", s)
    s = s.replace("_", " ")
    return " ".join(s.split())


# ----------------------------------------------------------------------------------- dates
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"januar|februar|märz|maerz|mai|juni|juli|oktober|dezember|"
    r"janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|"
    r"décembre|decembre|januari|februari|maart|mei|augustus|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|"
    r"dicembre"
)
_DATE_RES = [
    # 2014-08-03, 2014/08/03, 2014.08.03
    (re.compile(r"(?<![\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])"), "ymd"),
    # 25/12/2018, 12-01-19, 03.08.2014; OCR glues its label or a time on: "DATE25/12/2018",
    # "25/12/201810:22" (not any letters: "HD03-04-06" is a product code)
    (
        re.compile(
            r"(?:(?<![\w/.-])|(?<=DATE)|(?<=Date))(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})"
            r"(?!\d(?!\d?:\d{2}))"
        ),
        "dmy",
    ),
    # 18 april 2014, 3 Aug 2014, 12 JAN 19, 12-Jan-2019
    (
        re.compile(
            rf"(?<![\w])(\d{{1,2}})(?:st|nd|rd|th|er|e)?[\s\-/.,]*(?:de\s+)?({_MONTHS})\.?"
            rf"[\s\-/.,]*(?:de\s+)?(\d{{4}}|\d{{2}})(?![\d])",
            re.I,
        ),
        "d_mon_y",
    ),
    # August 3, 2014 / Aug 03 2014
    (
        re.compile(
            rf"(?<![\w])({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{{4}})(?![\d])",
            re.I,
        ),
        "mon_d_y",
    ),
]
_MONTH_FIX = {
    "januar": "jan",
    "februar": "feb",
    "märz": "mar",
    "maerz": "mar",
    "mai": "may",
    "juni": "jun",
    "juli": "jul",
    "oktober": "oct",
    "dezember": "dec",
    "janvier": "jan",
    "février": "feb",
    "fevrier": "feb",
    "mars": "mar",
    "avril": "apr",
    "juin": "jun",
    "juillet": "jul",
    "août": "aug",
    "aout": "aug",
    "septembre": "sep",
    "octobre": "oct",
    "novembre": "nov",
    "décembre": "dec",
    "decembre": "dec",
    "januari": "jan",
    "februari": "feb",
    "maart": "mar",
    "mei": "may",
    "augustus": "aug",
    "enero": "jan",
    "febrero": "feb",
    "marzo": "mar",
    "abril": "apr",
    "mayo": "may",
    "junio": "jun",
    "julio": "jul",
    "agosto": "aug",
    "septiembre": "sep",
    "setiembre": "sep",
    "octubre": "oct",
    "noviembre": "nov",
    "diciembre": "dec",
    "gennaio": "jan",
    "febbraio": "feb",
    "aprile": "apr",
    "maggio": "may",
    "giugno": "jun",
    "luglio": "jul",
    "settembre": "sep",
    "ottobre": "oct",
    "dicembre": "dec",
}
# longest first, so that "junio" is not read as "juni" + "o"
_MONTH_KEYS = sorted(_MONTH_FIX, key=len, reverse=True)


def _year(y: str) -> int:
    n = int(y)
    if len(y) == 2:
        n += 2000 if n < 70 else 1900
    return n


def date_orders(text: str) -> list[str]:
    """The order each numeric date in ``text`` can only be read in: "month" for 03/20/2023
    (the second number above 12), "day" for 20/03/2023, "either" for 03/04/2023."""
    out = []
    for m in _DATE_RES[1][0].finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        out.append("month" if a <= 12 < b <= 31 else "day" if b <= 12 < a <= 31 else "either")
    return out


def month_first(texts: list[str]) -> bool:
    """Whether a document writes numeric dates month first: some date like 03/20/2023 (the
    second number above 12) and none like 20/03/2023."""
    orders = [o for t in texts for o in date_orders(t)]
    return "month" in orders and "day" not in orders


def find_dates(text: str, month_first: bool = False) -> list[Match]:
    """Dates in ``text``; a numeric date is read day first unless impossible, or month
    first when the document does so (``month_first``)."""
    out: list[Match] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in _DATE_RES:
        for m in rx.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            d = None
            try:
                if kind == "ymd":
                    d = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                elif kind == "dmy":
                    a, b, y = int(m.group(1)), int(m.group(3)), _year(m.group(4))
                    # day first unless impossible
                    if month_first and a <= 12:
                        d = _dt.date(y, a, b)
                    else:
                        d = _dt.date(y, b, a) if a > 12 or b <= 12 else _dt.date(y, a, b)
                else:
                    s = m.group(0)
                    low = s.lower()
                    for k in _MONTH_KEYS:
                        if k in low:
                            low = low.replace(k, _MONTH_FIX[k])
                            break
                    low = re.sub(r"\bde\b", " ", low)
                    d = _dateparser.parse(low, dayfirst=True, fuzzy=True).date()
            except (ValueError, OverflowError, _dateparser.ParserError):
                d = None
            if d is None or not (1900 <= d.year <= 2100):
                continue
            fit = 1.0 if kind != "dmy" or len(m.group(4)) == 4 else 0.9
            out.append(Match(d, m.group(0).strip(), m.start(), m.end(), fit))
            taken.append((m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out


# a date printed without separators: ISO 8601's basic form "20180304", or "04032018"
_COMPACT_DATE = re.compile(r"(?:(?<![\w/.-])|(?<=DATE)|(?<=Date))(\d{8})(?![\w/:-]|\.\d)")


def find_compact_dates(text: str) -> list[Match]:
    """Eight-digit dates, year first (ISO 8601 basic) or day first, with a year from 1990 to
    2099. Weak evidence (an eight-digit number is as often a document number), so callers
    take them only when no separated date is printed."""
    out = []
    for m in _COMPACT_DATE.finditer(text):
        s = m.group(1)
        for y, mo, d in ((s[:4], s[4:6], s[6:]), (s[4:], s[2:4], s[:2])):
            try:
                day = _dt.date(int(y), int(mo), int(d))
            except ValueError:
                continue
            if 1990 <= day.year <= 2099:
                out.append(Match(day, s, m.start(), m.end(), 0.6))
                break
    return out


# ---------------------------------------------------------------------------------- amounts
_CUR = r"(?:RM|USD|EUR|GBP|INR|PLN|CHF|SGD|MYR|AUD|CAD|JPY|CNY|Rs\.?|[$€£¥₹])"
CURRENCY_SIGN = _CUR  # the resolvers find a sign glued to an amount with the same list
# a number inside a date or a range ("Tax point: 11/04/2025", "1-30") is not an amount
_AMOUNT_RE = re.compile(
    # OCR glues a total label to its amount ("TOTAL12.50"): that label may precede it
    rf"(?:(?<![\w.,/-])|(?<=TOTAL)|(?<=Total))(-\s?)?(?:({_CUR})\s?(-\s?)?)?"
    # groups of three after a comma, a stop, an apostrophe or a space (also the no-break
    # and narrow no-break spaces of French and Swiss amounts, "1\u202f234,56")
    r"(\d{1,3}(?:[,.' \u00a0\u202f\u2009]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    rf"(?:\s?({_CUR}))?(?![\w%]|[.,/-]\d|\s?%)",
    re.I,
)


def find_amounts(text: str) -> list[Match]:
    out = []
    for m in _AMOUNT_RE.finditer(text):
        number = re.sub(r"[\u00a0\u202f\u2009]", " ", m.group(4))
        cur = m.group(2) or m.group(5)
        neg = bool(m.group(1) or m.group(3))
        try:
            price = Price.fromstring(number, decimal_separator=_guess_decimal_sep(number))
            amount = price.amount
        except (InvalidOperation, ValueError):
            amount = None
        if amount is None:
            continue
        if neg:
            amount = -amount
        has_decimals = bool(re.search(r"[.,]\d{2}$", number))
        fit = 0.5
        if has_decimals:
            fit = 0.9
        if cur:
            fit = min(1.0, fit + 0.1)
        if not has_decimals and len(number) >= 6 and not re.search(r"[,.' ]", number):
            fit = 0.2  # long digit runs are ids, not amounts
        printed = ("-" if neg else "") + m.group(4)
        cur = (cur or "").upper().rstrip(".")
        out.append(Match(Decimal(amount), printed, m.start(4), m.end(4), fit, cur))
    return out


def _guess_decimal_sep(number: str) -> str | None:
    if re.search(r",\d{1,2}$", number):
        return ","
    if re.search(r"\.\d{1,2}$", number):
        return "."
    return None


# ---------------------------------------------------------------------------------- others
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|(?<![@\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|de|"
    r"nl|fr|co|uk|in|my|pl|eu|info|biz)(?:/[^\s<>\"']*)?(?![\w@])",
    re.I,
)
_PERCENT_RE = re.compile(r"(-?\d+(?:[.,]\d+)?)\s?%")
_INT_RE = re.compile(r"(?<![\w.,])-?\d+(?![\w.,]\d)")
_PHONE_RE = re.compile(r"(?:\+?\d[\d\s().-]{6,}\d)")


def find_emails(text: str) -> list[Match]:
    return [
        Match(m.group(0), m.group(0), m.start(), m.end(), 1.0) for m in _EMAIL_RE.finditer(text)
    ]


def find_urls(text: str) -> list[Match]:
    out = []
    for m in _URL_RE.finditer(text):
        s = m.group(0).rstrip(".,;)")
        fit = 1.0 if s.lower().startswith(("http", "www.")) else 0.7
        out.append(Match(s, s, m.start(), m.start() + len(s), fit))
    return out


def find_percents(text: str) -> list[Match]:
    out = []
    for m in _PERCENT_RE.finditer(text):
        try:
            v = Decimal(m.group(1).replace(",", "."))
        except InvalidOperation:
            continue
        out.append(Match(v, m.group(0), m.start(), m.end(), 1.0))
    return out


def find_integers(text: str) -> list[Match]:
    return [
        Match(int(m.group(0)), m.group(0), m.start(), m.end(), 0.8) for m in _INT_RE.finditer(text)
    ]


def find_phones(text: str, region: str | None = None) -> list[Match]:
    out = []
    seen: set[tuple[int, int]] = set()
    for reg in [region, "US", "GB", "DE", "FR", "IN", "MY"] if region else ["US", "GB", "MY"]:
        try:
            matcher = phonenumbers.PhoneNumberMatcher(
                text, reg, leniency=phonenumbers.Leniency.POSSIBLE
            )
            for pm in matcher:
                key = (pm.start, pm.end)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Match(pm.raw_string, pm.raw_string, pm.start, pm.end, 1.0))
        except Exception:  # noqa: BLE001 - phonenumbers raises on odd input
            continue
        if out:
            break
    if not out:
        for m in _PHONE_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            if 7 <= len(digits) <= 15:
                out.append(Match(m.group(0).strip(), m.group(0).strip(), m.start(), m.end(), 0.6))
    return out


_TRUE = {"yes", "y", "true", "x", "✓", "✔", "[x]", "☑", "ja", "oui", "si", "paid", "1"}
_FALSE = {"no", "n", "false", "☐", "[ ]", "nein", "non", "unpaid", "0", "-"}


def find_booleans(text: str) -> list[Match]:
    t = text.strip().lower().rstrip(".")
    if t in _TRUE:
        return [Match(True, text.strip(), 0, len(text), 1.0)]
    if t in _FALSE:
        return [Match(False, text.strip(), 0, len(text), 1.0)]
    first = t.split()[0] if t.split() else ""
    if first in _TRUE - {"1", "x"}:
        return [Match(True, text.split()[0], 0, len(text.split()[0]), 0.7)]
    if first in _FALSE - {"0", "-"}:
        return [Match(False, text.split()[0], 0, len(text.split()[0]), 0.7)]
    return []


def _fold(s: str) -> str:
    """Lower case without accents, one output character per input character ("CRÉDIT" ->
    "credit"), so that match offsets still point into the printed text."""
    out = []
    for c in s:
        base = unicodedata.normalize("NFKD", c)
        base = "".join(x for x in base if not unicodedata.combining(x)) or c
        out.append(base[0].lower() if len(base[0].lower()) == 1 else c)
    return "".join(out)


def find_enum(text: str, options: list[Any]) -> list[Match]:
    """Options whose printed form appears in ``text`` (exact words first, then fuzzy)."""
    out = []
    low = _fold(text)  # same length as text: accents and case folded one character at a time
    for opt in options:
        o = _fold(str(opt))
        if not o:
            continue
        m = re.search(rf"(?<!\w){re.escape(o)}(?!\w)", low)
        if m:
            out.append(Match(opt, text[m.start() : m.end()], m.start(), m.end(), 1.0))
    if out:
        return out
    best = None
    for opt in options:
        o = normalize_label(_fold(str(opt)))
        if not o:
            continue
        score = fuzz.partial_ratio(o, normalize_label(low)) / 100 if len(o) >= 3 else 0.0
        if score >= 0.85 and (best is None or score > best.fit):
            best = Match(opt, text.strip(), 0, len(text), score * 0.9)
    return [best] if best else []
