"""Label text: normalising a printed label and scoring it against a field's role.

Separate because every candidate source (pairs, scans, tables, table headers, the total
cross-checks) asks the same question, "does this label read as the field's label?", and
should answer it the same way.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..roles import Role
from ..values import normalize_label

__all__ = ["label_sim"]


_CUR_TOKENS = {"rm", "usd", "eur", "inr", "gbp", "myr", "rs", "pln", "chf", "sgd", "aud"}


def _norm_label(text: str) -> str:
    toks = [t for t in normalize_label(text).split() if t not in _CUR_TOKENS]
    # "USt. 19 % auf 1.845,03", "TVA 20 % sur 29 362,15", "VAT 20% on 1,158.63": the base
    # the tax is taken on is no part of the label
    at = max((i for i, t in enumerate(toks) if t in _BASE_WORDS), default=-1)
    if at > 0 and all(t.isdigit() for t in toks[at + 1:]) and any("%" in t for t in toks[:at]):
        toks = toks[:at]
    return " ".join(toks)


_BASE_WORDS = {"auf", "sur", "on", "of", "op", "su", "sobre", "uber", "über", "from"}


def _has_letters(s: str) -> bool:
    return sum(c.isalpha() for c in s) >= 2


def label_sim(norm: str, role: Role) -> float:
    if not norm:
        return 0.0
    toks = [_ABBREV.get(t, t) for t in norm.split()]
    norm = " ".join(toks)
    hits = [
        set(neg.split())
        for neg in role.negative
        if _contains(toks, neg.split()) and not _included_tax(toks, neg) and not _applied(toks, neg)
    ]
    own = set(role.words.split()) | set(role.labels[0].split())
    best = 0.0
    labels = [(v, 1.0 if i == 0 else 0.95) for i, v in enumerate(role.labels)]
    labels += [(v, 0.7) for v in role.weak]  # fallbacks: "Order #", "Booking ID"
    for v, weight in labels:
        s = fuzz.token_sort_ratio(norm, v) / 100
        if s * weight <= best and s < 0.62 and not any(t in toks for t in v.split()):
            continue
        vt = v.split()
        if _contains(toks, vt) or _contains_ocr(toks, vt):
            s = max(s, 0.62 + 0.38 * len(v) / max(len(norm), 1))
        if hits:
            allowed = own | set(vt)
            if any(not h <= allowed for h in hits):
                s *= 0.45
        best = max(best, s * weight)
    return best


# till abbreviations of label words: "AMT PAID INCL. GST", "TTL AFTER RND"
_ABBREV = {"amt": "amount", "ttl": "total"}

_INCL = {"incl", "inclusive", "including", "inc", "with"}
_TAX = {"gst", "tax", "vat", "sst"}


def _included_tax(toks: list[str], neg: str) -> bool:
    """A tax word after "incl"/"inclusive" in a total's label ("TOTAL AFTER ADJ INCL GST"):
    the amount includes the tax, it is not the tax. "GST INCLUDED 0.70" still is the tax."""
    if neg not in _TAX or not {"total", "amount", "paid", "payable"} & set(toks):
        return False
    return any(
        t == neg and any(p in _INCL for p in toks[max(0, i - 2) : i]) for i, t in enumerate(toks)
    )


def _applied(toks: list[str], neg: str) -> bool:
    """A word of another field after "after"/"less" in a total's label names what was taken
    into the total ("TOTAL AFTER DISCOUNT", "NETT TOTAL LESS VOUCHER"): the total is meant."""
    first = neg.split()[0]
    return bool({"total", "amount", "nett", "net"} & set(toks)) and any(
        t == first and toks[i - 1] in ("after", "less") for i, t in enumerate(toks) if i > 0
    )


def _contains(toks: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return any(toks[i : i + n] == sub for i in range(len(toks) - n + 1)) if n else False


def _ocr_same(a: str, b: str) -> bool:
    """One OCR slip in a long word ("ATTER" for "AFTER", "T0TAL"): same first letter, same
    length give or take one, one edit. Short words must match exactly ("due" / "dues")."""
    if a == b:
        return True
    return len(a) >= 5 and len(b) >= 5 and a[0] == b[0] and Levenshtein.distance(a, b) <= 1


def _contains_ocr(toks: list[str], sub: list[str]) -> bool:
    n = len(sub)
    if not n or not any(len(w) >= 5 for w in sub):
        return False
    return any(
        all(_ocr_same(t, w) for t, w in zip(toks[i : i + n], sub, strict=True))
        for i in range(len(toks) - n + 1)
    )
