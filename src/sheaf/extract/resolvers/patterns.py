"""Header-text vocabulary shared by the organisation and address heuristics (and the
typed parser): legal forms, recipient labels, address hints, registration-number lines.

Separate because ``organisations.py`` needs the address predicates (a street line is not a
name) and ``addresses.py`` needs the organisation ones (a legal name is not a street line);
keeping them here lets both import it without importing each other.
"""

from __future__ import annotations

import re

_LEGAL = re.compile(
    r"\b(SDN\.?\s*B[HN]D|S/B|BHD|BERHAD|ENTERPRISES?|TRADING|LTD|LIMITED|INC|LLC|GMBH|B\.\s?V\.?|"
    r"N\.\s?V\.?|CO\.|CORP(ORATION)?|COMPANY|PLC|S\.A\.|SARL|SAS|AG|PTE|PVT|RESTAURANT|CAFE|"
    r"MART|STORE|SUPERMARKET|HARDWARE|BAKER(Y|IES)|STATIONERY|PHARMACY|HOTEL|SHOP|MARKETING|"
    r"HOLDINGS|INDUSTRIES|SERVICES?|CENTRE|CENTER|KEDAI|PERNIAGAAN|SYARIKAT|TRADERS|FOOD|"
    r"RESTORAN|GROUP|AUTO|SPEED|BISTRO|KOPITIAM)\b",
    re.I,
)

_REG_TAIL = re.compile(
    r"\s*[\[(](?:[^()\[\]]*\d[^()\[\]]*|CO\.?\s*REG[^()]*)[\])]\s*$|\s+\d{5,}[-.][A-Z]\s*$", re.I
)

_LEGAL_FORM = re.compile(
    r"\b(SDN\.?\s*B[HN]D|S/B|BHD|BERHAD|LTD|LIMITED|INC|LLC|GMBH|B\.\s?V\.?|N\.\s?V\.?|CORP|"
    r"CORPORATION|PLC|PTE|PVT|S\.A\.|SARL|SAS|AG)\b\.?",
    re.I,
)


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


# labels of the customer's block: what follows them names the recipient, not the issuer
_RECIPIENT_HEAD = re.compile(
    r"\s*(bill(ed)?\s*to|ship(ped)?\s*to|sold\s*to|invoice\s*to|deliver(y|ed)?\s*to|"
    r"billing\s+address|shipping\s+address|delivery\s+address|customer|client|recipient|"
    r"factuuradres|afleveradres|af\s*leveradres|rechnungsadresse|lieferadresse|kunde|klant|"
    r"adresse\s+de\s+(facturation|livraison)|factur[ée]\s+[àa]|destinataire|"
    r"facturar\s+a|cliente)\s*:?\s*",
    re.I,
)


def _is_reg_line(t: str) -> bool:
    t = t.strip()
    return bool(
        _REG_TAIL.fullmatch(" " + t)
        or (
            re.fullmatch(r"[\[(<{]?[\w\s.:/-]*\d[\w\s.:/-]*[\])>}]?", t)
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


_NOT_ORG_STRICT = re.compile(
    r"\b(TEL|FAX|PHONE|GST|VAT|INVOICE|RECEIPT|DATE|TOTAL|CASHIER)\b", re.I
)

_ADDR_HINT = re.compile(
    r"\b(NO\.?|LOT|JALAN|JLN|JL|TAMAN|TMN|BATU|LORONG|LRG|PERSIARAN|LEBUH|LEBUHRAYA|KAWASAN|"
    r"BANDAR|BDR|KAMPUNG|KG|SEKSYEN|WISMA|MENARA|KOMPLEKS|PUSAT|PLAZA|MALL|LEVEL|LVL|TOWER|"
    r"CHANGKAT|LENGKOK|LALUAN|LINTANG|LEBOH|SOLOK|MEDAN|ARAS|TINGKAT|"
    r"ROAD|RD|STREET|ST|"
    r"AVENUE|AVE|BLVD|LANE|DRIVE|FLOOR|SUITE|BLOCK|BLK|UNIT|BUILDING|STRASSE|STRAßE|STR|WEG|"
    r"PLEIN|STRAAT|RUE|AVENUE|SELANGOR|JOHOR|KUALA|LUMPUR|MELAKA|PERAK|PAHANG|KEDAH|SABAH|"
    r"SARAWAK|PENANG|PINANG|NEGERI|SEMBILAN|DARUL|EHSAN|MALAYSIA|SINGAPORE|"
    # the other states and federal territories, and the states' honorifics (Darul Takzim...)
    r"TERENGGANU|KELANTAN|PERLIS|LABUAN|PUTRAJAYA|WILAYAH|PERSEKUTUAN|TAKZIM|MAKMUR|"
    r"RIDZUAN|KHUSUS)\b|\b\d{5}\b|"
    r"\d+[,\s]",
    re.I,
)
