"""What a line-item column holds: the column kinds (description, quantity, unit price, line
amount, VAT rate, VAT amount, SKU, position, unit of measure, discount), their header
words in English, German, French, Dutch and Spanish, which kind a schema sub-field asks for
(from its name and description), which kinds a printed header cell names (one cell may
name two merged columns, "Qty Unit"), and the labels of rows that are not items (totals,
tax, payments, carried-over sums).

Separate because both line-item readers (parsed tables and aligned text rows) ask the same
questions, and the vocabulary is data, not logic.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..schema import Field, field_words

__all__ = [
    "COLUMN_WORDS",
    "cut_note",
    "field_kind",
    "header_kinds",
    "is_continuation_label",
    "is_note_label",
    "is_summary_label",
    "plain",
    "starts_summary",
]

# kind -> header phrases (lower case, accents kept; matching also tries them without accents)
COLUMN_WORDS: dict[str, list[str]] = {
    "desc": [
        "description", "item description", "item", "items", "product", "products",
        "product name", "article", "service", "services", "details", "particulars", "name",
        "designation", "désignation", "libellé", "produit", "prestation", "beschreibung",
        "bezeichnung", "artikelbezeichnung", "artikel", "leistung",
        "omschrijving", "product omschrijving", "concepto", "descripción", "artículo",
        "producto", "denominación", "text", "activity", "task", "work", "hotel details",
        "beschrijving", "detalle", "detalles", "omschrijving artikel", "leistungen",
    ],
    "qty": [
        "qty", "quantity", "quantities", "count", "pcs", "no of units", "number of units",
        "units", "hours", "hrs", "menge", "anzahl", "stück", "stk", "qté", "quantité",
        "nombre", "nb", "aantal", "hoeveelheid", "aant", "cantidad", "cant", "uds", "unidades",
        "rooms", "nights", "days", "jours", "tage", "dagen", "días", "heures", "stunden",
        "uren", "horas", "anz", "std", "qte", "aantal stuks", "stückzahl",
    ],
    "unit_price": [
        "unit price", "price", "rate", "unit cost", "price per unit", "each", "u price",
        "unit rate", "price each", "einzelpreis", "preis", "e-preis", "ep", "stückpreis",
        "preis/einh", "preis einh", "vk-preis", "vk preis", "prix unitaire", "prix unit",
        "prix unit ht", "p u", "pu", "pu ht", "p u ht", "prix", "prix ht", "tarif", "prijs",
        "prijs per stuk", "stukprijs", "eenheidsprijs", "precio", "precio unitario",
        "precio unidad", "p unit", "tarifa", "precio unit", "p unitario", "unitario",
        "preis stk", "preis stück", "preis je einheit", "price unit", "prix u",
    ],
    "amount": [
        "amount", "total", "line total", "net amount", "amount excl", "total price",
        "ext price", "extended", "value", "subtotal", "gesamtpreis", "gesamt", "betrag",
        "summe", "zeilenbetrag", "gesamtbetrag", "nettobetrag", "montant", "montant ht",
        "total ht", "total ttc", "prix total", "bedrag", "totaal", "totaalbedrag",
        "prijs incl btw", "importe", "total linea", "total línea", "subtotal linea",
        "g preis", "netto", "net", "regeltotaal", "bedrag excl", "importe neto", "total ligne",
    ],
    "vat_rate": [
        "vat", "vat %", "vat rate", "tax", "tax %", "tax rate", "taxes", "gst", "gst %",
        "mwst", "mwst %", "ust", "ust %", "tva", "tva %", "taux tva", "taux", "btw", "btw %",
        "iva", "% iva", "tipo iva",
    ],
    "vat_amount": [
        "vat amount", "tax amount", "gst amount", "mwst betrag", "ust betrag",
        "montant tva", "btw bedrag", "cuota iva", "importe iva",
    ],
    "sku": [
        "sku", "item no", "item number", "item code", "code", "article no", "article number",
        "art no", "art nr", "artikelnummer", "artikelnr", "art -nr", "réf", "ref",
        "référence", "reference", "code article", "código", "codigo", "part no",
        "part number", "product code", "ean", "product no", "model", "artikel nr",
        "artikel-nr", "art nr", "bestellnr", "best nr", "n° article", "code produit",
    ],
    "pos": ["#", "pos", "no", "nr", "n°", "nº", "line", "lfd nr", "position", "item #",
            "ligne", "línea", "regel", "zeile"],
    "uom": ["unit", "uom", "einheit", "me", "unité", "eenheid", "unidad", "unit of measure",
            "ud", "eh", "u", "einh", "mengeneinheit"],
    "discount": ["discount", "disc", "disc %", "rabatt", "rabatt %", "remise", "korting",
                 "descuento", "dto", "rab", "rab %", "rem", "rem %"],
}

# words that say which kind a schema sub-field is (its name first, then its description)
_FIELD_HINTS: list[tuple[str, tuple[str, ...]]] = [
    ("vat_amount", ("vat amount", "tax amount", "gst amount")),
    ("vat_rate", ("vat rate", "tax rate", "tax percent", "vat percent", "taxpercent",
                  "tax %", "vat %", "line tax percent", "tax pct")),
    ("discount", ("discount",)),
    ("unit_price", ("unit price", "price unit", "unit cost", "price per unit", "rate",
                    "unit amount", "price of one", "per unit", "each")),
    ("amount", ("line total", "price subtotal", "subtotal", "line amount", "total price",
                "amount", "total", "net", "gross", "extended", "sum")),
    ("unit_price", ("price", "cost")),
    ("qty", ("qty", "quantity", "quantities", "count", "number of units", "units", "hours")),
    ("sku", ("sku", "code", "article number", "item number", "item no", "product code",
             "part number", "reference", "ref", "ean", "article no")),
    ("pos", ("position", "line number", "pos")),
    ("uom", ("uom", "unit of measure", "unit")),
    ("desc", ("description", "desc", "name", "item", "product", "article", "service",
              "label", "title", "details", "text", "what")),
    ("vat_rate", ("vat", "tax", "gst")),
]


def plain(s: str) -> str:
    """Lower case, accents removed, punctuation as spaces ("Qté." -> "qte")."""
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("%", " % ").replace("#", " # ").replace("°", " ° ").replace("º", " ° ")
    return " ".join(re.sub(r"[^\w%#°]+", " ", s).split())


_PLAIN_WORDS = {k: sorted({plain(p) for p in v}, key=len, reverse=True)
                for k, v in COLUMN_WORDS.items()}


_ALL_PHRASES = sorted(
    ((p, k) for k, ps in _PLAIN_WORDS.items() for p in ps), key=lambda x: -len(x[0])
)


def _phrase_in(phrase: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def field_kind(f: Field) -> str | None:
    """The column kind a line-item sub-field asks for, or None (a field of its own)."""
    name = field_words(f.name)
    desc = plain(f.description or "")
    kind = _kind_of(name) or _kind_of(desc)
    if kind == "vat_rate" and re.search(r"\b(amount|sum|total|betrag|montant)\b", desc):
        return "vat_amount"  # "vat": "VAT amount of the line"
    return kind


def _kind_of(text: str) -> str | None:
    if not text:
        return None
    for kind, hints in _FIELD_HINTS:
        if any(_phrase_in(h, text) for h in hints):
            return kind
    return None


# description headers that also head a column of item codes ("Artikel | Omschrijving",
# "Item | Description"): beside a plain description header they give way to it
_ITEM_WORDS = frozenset({"item", "items", "article", "artikel", "artículo", "product",
                         "produit", "producto", "name"})


@lru_cache(maxsize=8192)
def header_kinds(cell: str) -> tuple[tuple[str, float], ...]:
    """The kinds a header cell names, left to right, with a match score: one for a plain
    header ("Unit Price"), several for merged ones ("Qty Unit", "Prijs BTW Hoeveelheid")."""
    # two header words glued by OCR or an overflowing tab ("MengeEinheit", "QtéU.",
    # "StückzahlEinzelpreis"; not "MwSt", "UoM")
    cell = re.sub(r"(?<=[a-zäöüßéèàç]{2})(?=[A-ZÄÖÜÉ](?:[a-zäöüßéèàç]{2}|\.|$))", " ", cell)
    # two headers read as one cell, the first an abbreviation ("MwSt. Betrag EUR", "Einh.
    # Einzelpreis"): a stop, a space and a capital end a header when both parts name a
    # column ("MwSt.-Betrag", "MwSt Betrag" stay one VAT-amount column)
    parts = re.split(r"(?<=[^\W\d]{2}\.)(?<![iI]ncl\.)(?<![eE]xcl\.)(?<![iI]nkl\.)"
                     r"(?<![eE]xkl\.)(?<![zZ]zgl\.)\s+(?=[A-ZÄÖÜÉ])", cell)
    if len(parts) > 1:
        each = [header_kinds(p) for p in parts]
        if all(each):
            return tuple(k for e in each for k in e)
    text = plain(cell)
    if not text:
        return ()
    exact = [(k, 0.9 if k == "desc" and text in _ITEM_WORDS else 1.0)
             for k, ps in _PLAIN_WORDS.items() if text in ps]
    if exact:
        return tuple(exact[:1])
    # the longest phrases first (over every kind), each word used once, kept in reading order
    taken: list[tuple[int, int, str]] = []
    for p, kind in _ALL_PHRASES:
        for m in re.finditer(rf"(?<!\w){re.escape(p)}(?!\w)", text):
            if any(m.start() < e and s < m.end() for s, e, _ in taken):
                continue
            if kind == "vat_rate" and _inside_price_phrase(text, m.start()):
                continue
            taken.append((m.start(), m.end(), kind))
    if not taken:
        return _compound_kind(text) or _misread_kind(text)
    # "Einzelpreis netto", "Prix HT", "Amount excl.": a qualifier after another column word
    if len(taken) > 1:
        taken = [t for t in taken if text[t[0]:t[1]] not in _QUALIFIERS] or taken
    # a compound word beside other column words ("LEISTUNGSBESCHREIBUNG E-PREIS")
    for m in re.finditer(r"\w+", text):
        if not any(m.start() < e and s < m.end() for s, e, _ in taken):
            for k, _ in _compound_kind(m.group(0)) or _misread_kind(m.group(0)):
                taken.append((m.start(), m.end(), k))
    taken.sort()
    # "Line amount", "Line total", "Ligne montant": "line" before another column word says
    # which amount it is, it names no position column of its own
    taken = [t for i, t in enumerate(taken) if not (
        t[2] == "pos" and text[t[0]:t[1]] in _LINE_WORDS and i + 1 < len(taken)
        and text[t[1]:taken[i + 1][0]].strip() == "")] or taken
    # "Precio/ud.", "Price per unit", "Prix par unité": the unit a price is quoted for, no
    # unit-of-measure or quantity column of its own
    taken = [t for i, t in enumerate(taken) if not (
        i > 0 and t[2] in ("uom", "qty") and taken[i - 1][2] in ("unit_price", "amount")
        and text[taken[i - 1][1]:t[0]].strip() in _PER_WORDS
        and ("/" in cell or text[taken[i - 1][1]:t[0]].strip()))] or taken
    covered = sum(e - s for s, e, _ in taken)
    score = 0.6 + 0.35 * covered / max(len(text.replace(" ", "")), 1)
    kinds = [k for _, _, k in taken]
    if len(kinds) == 2 and set(kinds) <= {"desc", "sku"} and "/" in cell and kinds != [
            "sku", "desc"]:
        return (("desc", min(score, 0.95)),)  # "Product / Service": one column, two words
    # ("Ref / Article", "Artikelnr. / Bezeichnung": a code, then its description, one cell)
    if kinds.count("desc") == 2 and kinds[0] == "desc":
        kinds[0] = "sku"  # "Artikel Omschrijving": the article (number), then its description
    # "Net value", "Total amount": two words of one kind name one column
    kinds = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]
    return tuple((k, min(score, 0.95)) for k in kinds)


_QUALIFIERS = {"net", "netto", "brutto", "gross", "excl", "incl", "ht", "ttc", "neto"}
_LINE_WORDS = {"line", "ligne", "linea", "regel", "zeile"}
_PER_WORDS = {"", "per", "je", "par", "por", "pro", "p", "a"}


_SINGLE_WORDS = sorted(
    ((p, k) for p, k in _ALL_PHRASES if " " not in p and len(p) >= 4 and p.isalpha()),
    key=lambda x: -len(x[0]),
)


def _misread_kind(word: str) -> tuple[tuple[str, float], ...]:
    """A long column word with one letter misread by OCR ("łoeveelheid", "Beschreibunq"):
    seven letters or more, the same length, one letter different, one kind only."""
    if " " in word or len(word) < 7:
        return ()
    kinds = {kind for p, kind in _SINGLE_WORDS if len(p) == len(word)
             and sum(a != b for a, b in zip(p, word, strict=True)) == 1}
    return ((kinds.pop(), 0.7),) if len(kinds) == 1 else ()


def _compound_kind(text: str) -> tuple[tuple[str, float], ...]:
    """A one-word compound ends with a column word ("Leistungsbeschreibung", "Regeltotaal",
    "Artikelcode"): German and Dutch build headers that way."""
    if " " in text or len(text) < 7:
        return ()
    for p, kind in _SINGLE_WORDS:
        if text.endswith(p) and len(text) - len(p) >= 3:
            return ((kind, 0.75),)
    return ()


def _inside_price_phrase(text: str, at: int) -> bool:
    """"incl. BTW" / "excl. VAT" qualifies a price, it is not a VAT column."""
    before = text[:at].split()[-1:] if text[:at].strip() else []
    return bool(before) and before[0] in ("incl", "excl", "inkl", "exkl", "ohne", "zzgl", "hors")


_SUMMARY = [
    "subtotal", "sub total", "total", "totals", "grand total", "amount due", "balance",
    "balance due", "total due", "invoice total", "net total", "tax", "vat", "gst", "sales tax",
    "shipping", "discount", "payment", "payment received", "paid", "amount paid", "deposit",
    "carried forward", "brought forward", "carry forward", "rounding", "credit", "credits",
    "zwischensumme", "summe", "gesamtbetrag", "gesamtsumme", "rechnungsbetrag", "nettobetrag",
    "endbetrag", "mwst", "ust", "umsatzsteuer", "übertrag", "uebertrag", "bereits bezahlt",
    "offener betrag", "zu zahlen", "zahlbetrag", "versandkosten", "total ht", "total ttc",
    "total tva", "tva", "montant total", "net à payer", "net a payer", "acompte",
    "reste à payer", "reste a payer", "report", "à reporter", "frais de port", "sous total",
    "sous-total", "subtotaal", "totaal", "te betalen", "btw", "reeds betaald", "openstaand",
    "transport", "verzendkosten", "base imponible", "iva", "total a pagar", "pagado",
    "pendiente", "suma y sigue", "envío", "envio", "importe total", "saldo",
    "continued", "continued on next page", "fortsetzung", "suite page suivante", "suite",
    "vervolg", "continúa", "continua",
    "freight", "fracht", "warenwert", "rabatt", "remise", "descuento", "korting",
    "anzahlung", "bereits gezahlt", "restbetrag", "montant ht", "montant ttc",
    "déjà réglé", "reste dû", "anticipo", "netto bedrag", "totaalbedrag",
    "bezorgkosten", "reeds voldaan", "aanbetaling", "total excl", "total incl",
    "amount payable", "umsatzsteuer", "cuota iva", "montant tva", "btw bedrag",
]
# qualifiers before a totals label ("zzgl. 19 % USt.", "Less discount", "abzgl. Rabatt")
_QUALIFIER = re.compile(r"^(?:zzgl|abzgl|plus|less|minus|inkl|incl|add|excl|exkl|moins)\s+")
_SUMMARY_PLAIN = sorted({plain(s) for s in _SUMMARY}, key=len, reverse=True)


# generic words that sum the lines above when they are the whole label
_SUMMARY_EXACT = {"charges", "credits", "fees", "amount", "sum", "net", "gross"}


def is_summary_label(text: str, whole: bool = True) -> bool:
    """A totals/tax/payment row label ("Grand Total", "VAT 20%", "Payment received by X",
    "Offener Betrag", a bare "Charges"), which is never a line item."""
    t = plain(text)
    if not t:
        return False
    t = _QUALIFIER.sub("", t)
    t = re.sub(r"^(?:\d+(?:\s\d+)?\s%\s)", "", t)  # "19 % USt.", "21% BTW"
    if whole and t in _SUMMARY_EXACT:  # only as the whole label: "Room Charges" is an item
        return True
    for p in _SUMMARY_PLAIN:
        if t == p or t.startswith(p + " "):
            rest = [w for w in t[len(p):].split() if w.isalpha()]
            # "Total 20 %", "VAT 21 %", "Payment received by OYO", "VAT @ 20% on 1,234.00":
            # the label then a few more words (numbers do not count)
            if len(rest) <= 4:
                return True
    return False


def starts_summary(text: str) -> bool:
    """``text`` begins with a totals/tax/payment label, whatever follows it."""
    t = plain(text)
    return any(t == p or t.startswith(p + " ") for p in _SUMMARY_PLAIN)


_CONTINUED = re.compile(
    r"^(continued|cont d|fortsetzung|suite|vervolg|continua|ubertrag|uebertrag|"
    r"carried forward|brought forward|carry forward|a reporter|report|suma y sigue)\b"
)


def is_continuation_label(text: str) -> bool:
    """"Continued on next page", "Übertrag", "Suite page suivante": the table goes on."""
    return bool(_CONTINUED.match(plain(text)))


# "Serial no.: SN123", "S/N: X1", "IMEI: 35...", "Seriennummer:", "N° de série :", "Serienummer:"
# as a "label: value" line under an item: a note about the unit delivered, not more of its
# description (the annotation of real invoices keeps it apart). Without the colon ("serial
# no. 7741-KX-02" as a description's second line) it stays part of the description.
_NOTE = re.compile(
    r"(?:serial\s*(?:no\.?|number|nr\.?|#)?|s/n|sn|imei|serien-?nummer|serien-?nr\.?|"
    r"serie-?nummer|serienr\.?|(?:n[°o]\.?|num[eé]ro|num\.)\s*(?:de|di)\s*s[eé]rie)"
    r"\s*:\s*[a-z0-9][\w/-]*\d",
    re.IGNORECASE,
)


def is_note_label(text: str) -> bool:
    """A serial-number / IMEI line under an item: a note, not part of the description."""
    return bool(_NOTE.match(text.strip()))


def cut_note(text: str) -> str:
    """A description without a serial-number note that a cell holds on its later line
    ("Wall bracket, steel Serial no.: SN2984"); the whole text when it has none."""
    for m in re.finditer(r"\s(?=\S)", text):
        if _NOTE.match(text, m.end()):
            return text[: m.start()].rstrip()
    return text
