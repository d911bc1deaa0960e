"""Address candidates: the run of address-like lines in the header nearest below the
issuer's name, stopping at phone/tax/date lines and the start of the items.

Separate because, like organisation names, addresses are found by a role heuristic over
the header block rather than by a label.
"""

from __future__ import annotations

import re

from rapidfuzz.distance.Levenshtein import distance

from ..layout import Line
from ..roles import Role, role_of
from ..schema import Field
from ..values import find_dates
from .candidates import Cand, Context
from .organisations import _company_candidates
from .patterns import _ADDR_HINT, _LEGAL, _is_reg_line

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
    r"(?:\b|(?<=RM)|(?<=\$))\d+\.\d{2}\b(?![./])|"  # a price ("RM2.70"): items have begun
    # "LABEL: x", but not the labels an address line itself starts with
    r"(?<![\w.])(?!(?:NO|LOT|UNIT|ADD|ADDRESS|ALAMAT|HQ|HEAD OFFICE|OFFICE|BRANCH|OUTLET)\b)"
    r"[A-Z][A-Z ]{1,15}\s*:\s*\S",
    re.I,
)


# a unit number written with a stop ("LOT 2.10, LEVEL 2", "UNIT 1.05") is no price
_UNIT_NO = re.compile(
    r"\b(LOT|UNIT|NO|SHOP|SUITE|BLOCK|BLK|LEVEL|LVL|FLOOR|KIOSK)\.?\s*[:#]?\s*\d+\.\d{1,3}\b", re.I
)


def _addr_stop(t: str) -> bool:
    m = _ADDR_LABEL.match(t)
    t = _UNIT_NO.sub(r"\1 0", (t[m.end() :] if m else t)).strip()
    if not t or _HARD_STOP.search(t) or find_dates(t):
        return True
    return bool(re.fullmatch(r"[\d\s().#-]+", t)) or _is_reg_line(t)


# a branch number and its name under the street address: "1076-IJOK", "1214-JINJANG UTARA"
_OUTLET_CODE = re.compile(r"\d{3,5}\s?-\s?[A-Z][A-Z .'&]{2,30}", re.I)
_BRANCH = re.compile(r"\([A-Z][^()\d]{3,40}\)")

_ADDR_LABEL = re.compile(r"\s*(?:[A-Z]{1,5}\s+)?(?:ADD|ADDR|ADDRESS|ALAMAT)\.?\s*:\s*", re.I)


# abbreviations whose full stop is part of the word ("JLN. KENANGA", "NO. 12")
_ABBREV = {"JLN", "TMN", "LRG", "BLK", "KAW", "SEK", "BDR", "KG", "BT", "SG", "ST", "RD", "NO"}


def _stops_to_commas(t: str, more_below: bool) -> str:
    """A full stop after a number, or after a word (3+ letters) that ends a line inside the
    block, reads as the comma OCR often takes it for ("BATU 5. 51200", "25/C." ending a line
    above "SECTION 25", "AIR PANAS." above "SETAPAK", "KELANG . 54200"); abbreviations,
    initials ("D.E."), a stop after a word inside a line (printed so as often as not) and
    the full stop ending the whole address stay."""

    def repl(m: re.Match[str]) -> str:
        w = m.group(1)
        number = any(c.isdigit() for c in w)
        keep = (
            w.upper() in _ABBREV
            or "." in w
            or not (len(w) >= 3 or number)
            or (not number and m.end() < len(m.string))
        )
        return m.group(0) if keep else w + ","

    # a stop standing alone before the postcode or at the end of a line inside the block
    t = re.sub(r"(?<=\w) \.(?= \d{5}\b)" + (r"|(?<=\w) \.$" if more_below else ""), ",", t)
    t = re.sub(r"\.,", ",", t)
    return re.sub(r"(?<!\S)(\S*\w)\.(?=\s|$)" if more_below else r"(?<!\S)(\S*\w)\.(?=\s)", repl, t)


# words of Malaysian/Singaporean addresses that OCR often misreads by one letter and that
# are never names themselves ("PERINOUSTRIAN", "BANOAR", "IDUSTRIES", "SELANGDR")
_ADDR_VOCAB = [
    "JALAN", "TAMAN", "KAWASAN", "PERINDUSTRIAN", "INDUSTRIES", "INDUSTRIAL", "BANDAR", "LORONG",
    "PERSIARAN", "LEBUHRAYA", "KAMPUNG", "SEKSYEN", "SECTION", "KOMPLEKS", "PLAZA", "WISMA",
    "MENARA", "BANGUNAN", "SELANGOR", "MALAYSIA", "SINGAPORE", "LUMPUR", "DARUL", "EHSAN",
    "TAKZIM", "PETALING", "DAMANSARA", "KEMBANGAN", "PUCHONG", "CHERAS", "SUBANG", "PULAU",
    "PINANG", "PENANG", "MELAKA", "PAHANG", "TERENGGANU", "KELANTAN", "SARAWAK", "NEGERI",
    "SEMBILAN", "PERAK", "KEDAH", "PERLIS", "LABUAN", "PUTRAJAYA", "CYBERJAYA",
]
_VOCAB_SET = set(_ADDR_VOCAB)


def _fix_vocab(s: str) -> str:
    """A long address word read with one slip becomes the word ("PERINOUSTRIAN" ->
    "PERINDUSTRIAN"); only upper-case letters-only tokens of 7+ letters with one match."""

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        up = w.upper()
        if up in _VOCAB_SET:
            return w
        near = [
            v
            for v in _ADDR_VOCAB
            if v[0] == up[0] and abs(len(v) - len(up)) <= 1 and distance(up, v) <= 1
        ]  # same first letter: "COMPLEKS" is a spelling of its own, not a slip
        return near[0] if len(near) == 1 and w.isupper() else w

    return re.sub(r"(?<![\w'])[A-Za-z]{7,}(?![\w'])", fix, s)


def _tidy_spacing(s: str) -> str:
    """OCR spacing: no space before a comma ("KELANG , 54200" -> "KELANG, 54200"); a stop
    standing alone after an abbreviation or an initial joins both sides ("NO . J-G-02" ->
    "NO.J-G-02", "B . CAVES" -> "B.CAVES")."""
    s = re.sub(r"(?<!\S)([A-Za-z]{1,3}) \. (?=\w)", r"\1.", " ".join(s.split()))
    return re.sub(r"\s+,", ",", s)


_CONTACT = re.compile(r"\s[(\[]?(TEL|TELEPHONE|FAX|PHONE|H/?P|GST|E-?MAIL)\b", re.I)


def _glued_contact(t: str, town_next: bool = False) -> int | None:
    """Where a contact label starts on a line that begins as the town line, read as one with
    a box to its right ("AXIS 40400 SHAH ALAM, SELANGOR FAX: 03-5121 5716", "... SELANGOR
    (GST ID: ...)"); with ``town_next`` (the postcode is on the lines above) the town or
    state alone will do ("SELANGOR. TEL: 03-..."); else None."""
    m = _CONTACT.search(t)
    if m is None:
        return None
    head = t[: m.start()].rstrip()
    town = town_next and bool(_ADDR_WORD.search(head)) and not any(c.isdigit() for c in head)
    if not (re.search(r"\b\d{5}\b", head) or town) or _addr_stop(head):
        return None
    return len(head)


def _continues(t: str) -> bool:
    """The address goes on below: a trailing comma ("39100 BRINCHANG,") or a postcode that
    ends the line, its town on the next one ("SETIA ALAM 40170" / "SHAH ALAM")."""
    return bool(re.search(r",\s*$|\b\d{5}\s*$", t))


def _far_below(above: Line, below: Line) -> bool:
    """A vertical gap of more than 1.5 line heights between two lines of the same page."""
    a, b = above.bbox, below.bbox
    if a is None or b is None or above.page != below.page or a.h <= 0:
        return False
    return b.y - (a.y + a.h) > 1.5 * max(a.h, b.h)


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
    runs: list[tuple[float, list[Line], dict[int, int]]] = []  # (score, lines, cut ends)
    i = 0
    while i < len(head):
        ln = head[i]
        # the whole address on one line, a contact glued to it ("NO 12, JALAN BESAR, 43500
        # SEMENYIH TEL: 03-8723 1234"): the line up to the contact, and nothing below
        glued = _glued_contact(ln.text) if _addr_stop(ln.text) else None
        if (
            ln.index in org_lines
            or (_addr_stop(ln.text) and glued is None)
            or not _ADDR_HINT.search(ln.text)
            or (_LEGAL.search(ln.text) and not any(c.isdigit() for c in ln.text))
            or (ln.text.strip()[:1] in "([<")
        ):  # a parenthesised note is not the street line
            i += 1
            continue
        block = [ln]
        ends: dict[int, int] = {} if glued is None else {ln.index: glued}  # address up to here
        j = i + 1
        while glued is None and j < len(head) and len(block) < 6:
            t = head[j].text
            has_postcode = re.search(r"\b\d{5}\b", " ".join(b.text for b in block))
            if has_postcode and (_OUTLET_CODE.fullmatch(t.strip()) or _BRANCH.fullmatch(t.strip())):
                block.append(head[j])  # "1076-IJOK", "(MR DIY TESCO TERBAU)": the branch closes it
                break
            if head[j].index in org_lines:
                break
            if _addr_stop(t):
                cut = _glued_contact(t, bool(has_postcode))
                if cut is not None:
                    block.append(head[j])  # "... 40400 SHAH ALAM FAX: 03-..." -> up to FAX
                    ends[head[j].index] = cut
                break
            if not _ADDR_HINT.search(t) and (len(t.split()) > 6 or _LEGAL.search(t)):
                break
            if _far_below(block[-1], head[j]):
                break  # a blank band ends the header's address block ("PREPAY CHIT NUMBER")
            if (
                has_postcode
                and not _continues(block[-1].text)
                and (
                    not (_ADDR_WORD.search(t) or re.search(r"\d", t))
                    or re.match(r"\s*[A-Z][A-Z ]{1,15}\s*:", t, re.I)
                )
            ):
                break  # after the postcode, a line with no address word, or a new labelled
                # line ("OUTLET: CHERAS LEISURE MALL"), names the outlet
            block.append(head[j])
            j += 1
        hints = sum(len(_ADDR_HINT.findall(b.text)) for b in block)
        dist = ln.index - org_end if org_end >= 0 else ln.index
        score = min(hints, 6) / 6 + (0.4 if 0 < dist <= 3 else 0.0) - 0.03 * max(dist, 0)
        runs.append((score, block, ends))
        i = j
    out = []
    for score, block, ends in runs:
        spans = [(b, 0, ends.get(b.index, len(b.text))) for b in block]
        raw = " ".join(b.text[s:e].strip() for b, s, e in spans)
        m = _ADDR_LABEL.match(block[0].text)
        if m:  # "HQ ADD: LOT 11995, ..." -> the address without its label
            spans[0] = (block[0], m.end(), len(block[0].text))
        parts = [b.text[s:e].strip() for b, s, e in spans]
        parts = [_stops_to_commas(p, k < len(parts) - 1) for k, p in enumerate(parts)]
        value = _fix_vocab(_tidy_spacing(" ".join(parts)))
        c = Cand(
            value,
            value,
            spans,
            min(1.0, 0.45 + 0.4 * score),
            0.8,
            "role",
            value == raw,
            prior=0.8,
        )
        if m and len(block) > 1:
            # "ADDRESS: NO. 7, JALAN SS 2/72," over "47300 PETALING JAYA": the labelled
            # block, not only the label's own line that the "Label: value" pair gives
            c.label, c.bonus = 1.0, 0.1
        out.append(c)
    return out
