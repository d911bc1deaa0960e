"""Organisation (company/issuer) candidates: the name in the header lines (legal forms,
size, position, the address under it, names broken over lines), minus the customer's
"Bill To:" block, plus the issuer named in the legal footer ("Siège social", "au capital
de", "Account holder").

Separate because it is a role heuristic with no label to go on; computed once per document
and cached on the ``Context``, and also used by ``addresses.py`` to find the issuer's block.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from ..layout import Line
from ..roles import Role
from ..schema import Field
from .candidates import Cand, Context
from .labels import _has_letters
from .parsing import _identifier_like
from .patterns import (
    _LEGAL,
    _LEGAL_FORM,
    _RECIPIENT_HEAD,
    _REG_TAIL,
    _address_like,
    _address_line,
    _is_reg_line,
)

_NOT_ORG = re.compile(
    r"\b(TEL|FAX|PHONE|GST|VAT|REG|INVOICE|RECEIPT|DATE|CASHIER|TAX|TOTAL|NO\.?\s*:|EMAIL|"
    r"WWW|HTTP|JALAN|JLN|LOT|TAMAN|ROAD|STREET|BILL|TABLE|ORDER|WELCOME|THANK|CASH(?!\s*&\s*CARRY)|"
    r"CREDIT|NOTE|SIMPLIFIED|MEMBER|DOCUMENT|COUNTER|TERMINAL|PLEASE|AGAIN|GOODS\s+SOLD|"
    r"RETURNABLE|REFUNDABLE|EXCHANGEABLE)\b",
    re.I,
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
    r"INC\.?|LLC|GMBH|B\.V\.|PTE\.?\s*LTD\.?|ENTERPRISES?|TRADING(\s+(CO\.?|COMPANY))?)"
    r"\s*(\(.*\))?\s*$",
    re.I,
)

_ORG_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z ]{1,20}:\s*(?=\S)")

_REG_CUT = re.compile(r"\s+[\[(<]?\d{5,}-?\s?[A-Z]\b.*$")


_GREETING = re.compile(r"^\s*(WELCOME\s+TO|SELAMAT\s+DATANG\s+KE)\s+(?=\w)", re.I)


def _clean_org_line(text: str) -> str:
    """One line of an organisation name: no registration numbers, no "Owned by:" style label,
    no trailing separators."""
    s = _clean_org(text)
    m = _ORG_LABEL.match(s)
    if m and _LEGAL_FORM.search(s[m.end() :]) and len(m.group(0).split()) <= 3:
        s = s[m.end() :]
    s = _REG_CUT.sub("", s).strip()
    s = _GREETING.sub("", s)  # "WELCOME TO RESTORAN ..."
    m = re.fullmatch(r"\(([^()]*)\)", s)
    if m and _LEGAL_FORM.search(m.group(1)):
        s = m.group(1).strip()  # "(PELITA NASI KANDAR SDN BHD)" under the brand
    s = re.sub(r"^#\s*\d+\s+(?=\D)", "", s)  # a leading sequence number "#000002"
    s = _cut_sender_address(_strip_doc_title(s))
    s = re.sub(r"(?<=\S)\s+(POSTED|PAID)\s*$", "", s)  # a bookkeeping stamp over the name
    return s.rstrip(" ,;:").strip()


# the document's title beside the name: "Amazon Web Services Invoice", "RECHNUNG Acme GmbH"
_DOC_TITLE = (
    r"(?:(?:tax|sales|commercial|proforma|pro\s+forma|copy|kopie)\s+)?(?:invoice|receipt|"
    r"rechnung|gutschrift|facture|factuur|factura|fattura|faktura|credit\s+note|bill)"
)
_TITLE_HEAD = re.compile(rf"^\s*{_DOC_TITLE}\b[\s:.#-]*(?=\S)", re.I)
_TITLE_TAIL = re.compile(rf"(?<=\S)[\s:-]+{_DOC_TITLE}\s*\.?\s*$", re.I)


def _strip_doc_title(s: str) -> str:
    t = _TITLE_TAIL.sub("", _TITLE_HEAD.sub("", s))
    return t if sum(c.isalpha() for c in t) >= 2 else s


def _cut_sender_address(s: str) -> str:
    """"Acme GmbH - Hauptstraße 42 - 80331 München" (a letter's sender line): the name."""
    parts = re.split(r"\s+[-–·|•]\s+|\s*[|•·]\s*", s)
    if len(parts) >= 2 and sum(c.isalpha() for c in parts[0]) >= 3 and any(
        any(c.isdigit() for c in p) for p in parts[1:]
    ) and not any(c.isdigit() for c in parts[0]):
        return parts[0]
    return s


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


# Malay words that open a business name before the name itself: "SYARIKAT PERNIAGAAN" /
# "GIN KEE", "PASARAYA BORONG" / "PINTAR SDN BHD", "KEDAI UBAT & RUNCIT" / "SIN HUAT"
_HEAD_WORDS = {
    "SYARIKAT", "PERNIAGAAN", "KEDAI", "PASARAYA", "RESTORAN", "GERAI", "KILANG", "BORONG",
    "RUNCIT", "UBAT", "MAKANAN", "PERUSAHAAN", "&", "AND", "DAN",
}


def _trade_form_only(text: str) -> bool:
    """A line of only trade words ending in a registered form of a firm ("HARDWARE TRADING",
    "ELECTRICAL ENTERPRISE", "TRADING CO"): the end of the name on the line above."""
    words = re.sub(r"[^\w\s&]", " ", _clean_org(text)).upper().split()
    words = [w for w in words if w not in ("&", "AND")]
    return (
        len(words) >= 2
        and words[-1] in ("ENTERPRISE", "ENTERPRISES", "TRADING", "CO", "COMPANY")
        and all(_LEGAL.fullmatch(w) or w in _GENERIC_WORDS or w == "CO" for w in words)
    )


def _head_only(text: str) -> bool:
    """A line holding only the words that open a Malay business name: the name is below."""
    words = re.sub(r"[^\w\s&]", " ", text).upper().split()
    return bool(words) and all(w in _HEAD_WORDS for w in words) and words[-1] not in ("&", "AND")


def _name_incomplete(group: list[Line]) -> bool:
    """The legal name on these lines lacks its start: only generic words before the legal form
    ("RESTAURANT SDN BHD", "CO. (M) SDN BHD") or a closing parenthesis ("ALAM) SDN BHD")."""
    text = " ".join(g.text for g in group).strip()
    m = re.fullmatch(r"\(([^()]*)\)", text)
    if m:  # "(PELITA NASI KANDAR SDN BHD)" under a brand: the whole legal name in brackets
        text = m.group(1).strip()
    if re.match(r"[&)]|AND\b", text, re.I) or (
        ")" in text and text.find(")") < text.find("(") if "(" in text else ")" in text
    ):
        return True
    core = _LEGAL_FORM.sub(" ", _clean_org(text))
    core = re.sub(r"\([^()]*\)|[^\w\s&]", " ", core)
    words = [w for w in core.split() if w.upper() not in ("&", "AND")]
    if not words:
        return True
    if len(words) == 1 and len(words[0]) <= 3:
        return True
    return all(_LEGAL.fullmatch(w) or w.upper() in _GENERIC_WORDS for w in words) or (
        _kind_word_misread("".join(words))
    )


# words that describe a company's trade or reach but never name it alone: "INTERNATIONAL SDN
# BHD" or "ELECTRICAL ENGINEERING SDN BHD" under "UNIHAKKA" / "ASIA" lacks its start
_GENERIC_WORDS = {
    "INTERNATIONAL", "GLOBAL", "ASIA", "MALAYSIA", "WORLDWIDE", "RESOURCES", "MANAGEMENT",
    "ENGINEERING", "ELECTRICAL", "ELECTRONICS", "FURNITURE", "FURNISHING", "DEVELOPMENT",
    "CONSTRUCTION", "PRINTING", "MEDICAL", "OPTICAL", "TRAVEL", "MOTOR", "MOTORS",
    "DISTRIBUTION", "DISTRIBUTORS", "SUPPLY", "SUPPLIES", "PRODUCTS", "MANUFACTURING",
    "TECHNOLOGY", "TECHNOLOGIES", "SOLUTIONS", "VENTURES", "SYSTEMS", "PROPERTIES",
    "CONSULTANCY", "LOGISTICS", "AGENCY", "WHOLESALE", "RETAIL", "FOODS", "BEVERAGES",
    "CATERING", "MACHINERY", "AUTOMOTIVE", "TEXTILE", "TEXTILES", "CHEMICALS",
}


# long words naming a kind of business, to recognise them through one OCR slip
_KIND_WORDS = [w for w in re.findall(r"[A-Z]{7,}", _LEGAL.pattern) if w != "ORATION"]


def _kind_word_misread(word: str) -> bool:
    """One long business word read with one slip, a space often in place of a letter:
    "ST TIONERY" -> "STTIONERY" for STATIONERY, "HARDWAER"."""
    w = word.upper()
    return len(w) >= 7 and any(Levenshtein.distance(w, k) <= 1 for k in _KIND_WORDS)


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
                or (_head_only(cur) and _name_part_above(group[-1], nxt))
                or (_trade_form_only(nxt.text) and _name_part_above(group[-1], nxt))
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
                # the lower part alone lacks its start: it is no name of its own
                groups = [(group, -0.1), (above, 0.05)]
        for grp, extra in groups:
            if any(g.index in blocked for g in grp):
                extra -= 0.5  # the customer's block under "Bill To:" / "Factuuradres"
            c = _org_cand(grp, lines, lines.index(grp[0]), med_h, extra)
            if c is not None:
                out.append(c)
    out.extend(_legal_footer_orgs([ln for ln in ctx.layout.lines if ln.page == first_page]))
    return out


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


def _generic_kind(text: str) -> bool:
    """Only words naming a kind of business ("RESTAURANT", "BISTRO & CAFE"), no name."""
    words = [w for w in re.sub(r"[^\w\s&/]", " ", text).split() if w.upper() not in ("&", "AND")]
    return bool(words) and all(_LEGAL.fullmatch(w) for w in words)


_PRICE = re.compile(r"(?<![\d.,])\d{1,6}\.\d{2}(?![\d.%])")
_STAMP = re.compile(r"\W*(POSTED|PAID|COPY|DUPLICATE|REPRINT(ED)?|CANCELL?ED|VOID)\W*", re.I)


def _inside_address(lines: list[Line], start: int, end: int) -> bool:
    """Lines ``start:end`` go on an address begun above: the street line over them ends with
    a comma ("S117, SECOND FLOOR," / "AEON TEBRAU CITY,"), or the postcode line comes right
    after them ("LOT 1626, MUKIM KAMPUNG LAUT" / "TUMPAT" / "16200 PALEKBANG")."""
    if start == 0 or end > len(lines):
        return False
    above = lines[start - 1].text.strip()
    if not (_address_line(above) or _address_like(above)):
        return False
    below = lines[end].text.strip() if end < len(lines) else ""
    return above.endswith(",") or bool(re.match(r"\d{5}\b", below))


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
    generic = _generic_kind(text)
    if _LEGAL.search(text) and not generic:
        s += 0.45
    bare = _GREETING.sub("", text)  # a greeting before the name does not make it a slogan
    if _NOT_ORG.search(bare) or _RECIPIENT.search(text) or _REG_LABEL.search(text):
        s -= 0.5
    if generic:
        s -= 0.4  # "SERVICE", "BISTRO & CAFE": a kind of business, not a name
    if _STAMP.fullmatch(text):
        s -= 0.5  # a bookkeeping stamp on a line of its own
    if _PRICE.search(text):
        s -= 0.3  # "1 VEGETABLES 2.20 ZRL", "SERVICE CHARGE 10% 29.50": an item, not a name
    if text.strip()[:1] in "([<{":
        s -= 0.5  # a parenthesised line is a note under the name
    elif not text.strip()[:1].isalnum():
        s -= 0.3
    if digits > letters / 2:
        s -= 0.3
    sender = _cut_sender_address(ln.text)  # a sender line: its address is cut off
    if _address_line(sender if sender != ln.text else ln.text) or _inside_address(
        lines, rank, rank + len(group)
    ):
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
            or _generic_kind(a.text)  # "THREE STOOGES" / "BISTRO & CAFE" / the street
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


_RECIPIENT = re.compile(
    r"\b(ATTN|ATTENTION|SHIP\s*TO|BILL\s*TO|SOLD\s*(TO|BY)|CUSTOMER|CLIENT|DELIVER(Y)?\s*TO|"
    r"DETAILS|INVOICE\s*TO|RECIPIENT)\b|:\s*$",
    re.I,
)
