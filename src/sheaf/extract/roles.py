"""What a field *means*, guessed from its name, description, type and format.

A role picks the value finder and the label vocabulary. Everything is generic document
vocabulary (invoices, receipts, forms), not tuned to one data set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .schema import Field, field_words

__all__ = ["Role", "role_of"]


@dataclass(slots=True)
class Role:
    kind: str  # total, amount, date, company, address, email, phone, url, percent, id, currency,
    # boolean, enum, number, integer, person, string
    labels: list[str]  # label phrases that announce this field's value
    negative: list[str] = field(default_factory=list)  # label words that point elsewhere
    words: str = ""  # the field's own words
    weak: list[str] = field(default_factory=list)  # fallback labels, weighted 0.7


_SYN: dict[str, list[str]] = {
    "total": [
        "total",
        "grand total",
        "total amount",
        "amount due",
        "total due",
        "balance due",
        "amount payable",
        "total payable",
        "net total",
        "nett total",
        "total rounded",
        "rounded total",
        "total incl",
        "total inclusive",
        "total to pay",
        "amount",
        "invoice total",
        "total sales inclusive of gst",
        "total price",
        "sum",
        "to pay",
        "totaal",
        "gesamtbetrag",
        "endbetrag",
        "rechnungsbetrag",
        "rechnungssumme",
        "endsumme",
        "gesamtsumme",
        "montant ttc",
        "montant total",
        "total ttc",
        "brutto",
        "razem",
        "total after rounding",
        "total after adj",
        "total after adjustment",
        "grand total after rounding",
        "somme à payer",
        "montant à payer",
        "net à payer",
        "à payer",
        "zu zahlen",
        "te betalen",
        "totale",
        "importe total",
        # Malay (Malaysian tills): jumlah = total, besar = grand, bayaran = payment
        "jumlah",
        "jumlah besar",
        "jumlah bayaran",
        "jumlah keseluruhan",
    ],
    "subtotal": [
        "subtotal",
        "sub total",
        "total excl",
        "total excluding",
        "net amount",
        "total before tax",
        "amount untaxed",
        "untaxed amount",
        "total ht",
        "netto",
        "total sales excluding gst",
        "total net",
        "net",
        "exclusief btw",
        "excl btw",
        "excl vat",
        "excl tax",
        "excluding vat",
        "excluding tax",
        "hors taxes",
        "montant ht",
        "nettobetrag",
        "summe netto",
        "grondslag",
        "bemessungsgrundlage",
        "base imponible",
        "imponibile",
        "taxable amount",
        "taxable value",
        "zwischensumme",
        "nettosumme",
        "sous total",
        "subtotaal",
        "totaal excl btw",
    ],
    "tax": [
        "tax",
        "vat",
        "gst",
        "sales tax",
        "tax amount",
        "total tax",
        "total gst",
        "btw",
        "mwst",
        "tva",
        "vat amount",
        "iva",
        "ust",
        "umsatzsteuer",
        "mehrwertsteuer",
        "btw bedrag",
        "montant tva",
        "total tva",
        "total vat",
        "cuota iva",
        "importe iva",
    ],
    "date": [
        "date",
        "invoice date",
        "receipt date",
        "dated",
        "issue date",
        "date of issue",
        "bill date",
        "datum",
        "factuurdatum",
        "rechnungsdatum",
        "date de facture",
        "date facture",
        "fecha",
        "fecha de factura",
        "data fattura",
        "transaction date",
    ],
    "due": ["due date", "payment due", "due", "pay by", "vervaldatum", "fällig"],
    # an invoice date is not the due date, order date, delivery date... in any language
    "date_neg": [
        "due",
        "expiry",
        "exp",
        "valid",
        "birth",
        "print",
        "printed",
        "reprint",
        "reprinted",
        "until",
        "since",
        "delivery",
        "start",
        "end",
        "order",
        "period",
        "limite",
        "échéance",
        "echeance",
        "vervaldatum",
        "verval",
        "fällig",
        "fälligkeit",
        "faellig",
        "prélèvement",
        "orderdatum",
        "bestelldatum",
        "lieferdatum",
        "leverdatum",
        "vencimiento",
        "scadenza",
    ],
    "invoice_number": [
        "invoice number",
        "invoice no",
        "invoice #",
        "invoice",
        "inv no",
        "bill no",
        "receipt no",
        "document no",
        "doc no",
        "invoice id",
        "factuurnummer",
        "rechnungsnummer",
        "facture n",
        "numéro de facture",
        "factuur",
        "rechnung",
        "rechnung nr",
        "facture",
        "factura",
        "fattura",
        "number",
        "no",
    ],
    # what stands in for an invoice number on receipts and bookings, when nothing better is there
    "invoice_number_weak": [
        "order number",
        "order no",
        "order #",
        "order id",
        "booking id",
        "booking number",
        "booking no",
        "reference",
        "reference number",
        "ref no",
        "confirmation number",
        "transaction id",
    ],
    "company": [
        "company",
        "company name",
        "vendor",
        "supplier",
        "seller",
        "merchant",
        "store",
        "issuer",
        "from",
        "sold by",
        "billed by",
        "business name",
    ],
    "address": ["address", "addr", "street", "location", "adres", "adresse", "anschrift"],
    "email": ["email", "e mail", "mail"],
    "phone": ["phone", "tel", "telephone", "mobile", "fax", "contact", "tel no", "hp"],
    "url": ["website", "web", "url", "site"],
    "currency": ["currency", "cur"],
    "order": [
        "order number",
        "order no",
        "order id",
        "order #",
        "ordernummer",
        "po number",
        "purchase order",
    ],
}

_TAX_NEG = [
    "total", "subtotal", "sub", "ht", "ttc", "net", "nett", "netto", "brutto", "gross", "due",
    "payable", "balance", "grand", "paid", "before", "excluding", "exclusive", "untaxed",
    "base", "grondslag", "zwischensumme", "gesamtbetrag", "pagar",
    # "Total hors taxes", "Summe ohne MwSt.", "Totaal zonder btw", "Total sin IVA"
    "hors", "ohne", "exkl", "zonder", "sin",
]

_NEG_TOTAL = [
    "sub",
    "subtotal",
    "qty",
    "quantity",
    "item",
    "items",
    "discount",
    "disc",
    "tax",
    "gst",
    "vat",
    "excl",
    "excluding",
    "exclusive",
    "cash",
    "change",
    "tendered",
    "saving",
    "savings",
    "rounding",
    "adjustment",
    "adj",
    "point",
    "points",
    "tip",
    "deposit",
    "before",
    "untaxed",
    "gross",  # "GROSS AMT" on a till: before service tax and GST ("NET AMT" is paid)
    "tunai",  # Malay: cash, change (baki), tax (cukai)
    "baki",
    "cukai",
    "ht",
    "card",
    "visa",
    "credit",
    "service charge",
    "weight",
    "summary",
    "code",
    "tender",
    "tva",
    "btw",
    "mwst",
    "ust",
    "iva",
    # before tax: "Nettobetrag", "Summe netto", "Total hors taxes", "Summe ohne MwSt."
    "netto",
    "nettobetrag",
    "hors",
    "ohne",
]

# label words of other identifiers (order, customer, tax, bank, phone numbers)
_INVOICE_NO_NEG = [
    "date",
    "due",
    "order",
    "customer",
    "total",
    "po",
    "purchase",
    "account",
    "client",
    "klant",
    "klantnummer",
    "kunden",
    "kundennummer",
    "ordernummer",
    "tax",
    "vat",
    "gst",
    "btw",
    "tva",
    "phone",
    "tel",
    "iban",
    "dossier",
    "booking",
    "reference",
    "ref",
    "transaction",
    "confirmation",
    # the buyer's address block: "Facturé à", "Rechnungsempfänger", "Billed to"
    "facturé",
    "facturée",
    "rechnungsempfänger",
    "rechnungsadresse",
    "billed",
]

_ORG_WORDS = {
    "company",
    "vendor",
    "supplier",
    "seller",
    "merchant",
    "store",
    "issuer",
    "shop",
    "business",
    "organization",
    "organisation",
    "biller",
    "restaurant",
    "shop name",
    "firm",
    "brand",
    "partner",
    "payee",
    "retailer",
    "hotel",
}


def _has(words: str, *keys: str) -> bool:
    toks = set(words.split())
    return any((k in toks) if " " not in k else (k in words) for k in keys)


def role_of(f: Field, context: str = "") -> Role:
    name = field_words(f.name)
    words = f"{context} {name}".strip()
    desc = (f.description or "").lower()
    allw = f"{words} {re.sub(r'[^a-z ]+', ' ', desc)}"
    fmt = (f.format or "").lower()

    def r(
        kind: str,
        labels: list[str],
        negative: list[str] | None = None,
        weak: list[str] | None = None,
    ) -> Role:
        labels = [name] + [x for x in labels if x != name]
        return Role(kind, labels, negative or [], words, weak or [])

    if f.kind == "boolean":
        return r("boolean", [])
    if f.enum:
        if _has(name, "currency"):
            return r("currency", _SYN["currency"])
        return r("enum", [])
    if fmt in ("date", "date-time") or _has(name, "date", "day", "dated") or name.endswith(" at"):
        if _has(name, "due"):
            return r("date", _SYN["due"], ["invoice", "issue", "order"])
        if _has(name, "start", "from", "begin"):
            return r("date", ["start date", "from", "period from", "service period"], ["due"])
        if _has(name, "end", "to", "until"):
            return r("date", ["end date", "to", "until", "period to"], ["due"])
        if _has(name, "order"):
            return r("date", ["order date", "orderdatum", "date of order"], ["due"])
        return r(
            "date",
            _SYN["date"],
            _SYN["date_neg"],
        )
    if fmt == "email" or _has(name, "email", "e mail", "mail"):
        return r("email", _SYN["email"])
    if fmt in ("uri", "url") or _has(name, "website", "url", "web", "homepage", "site"):
        return r("url", _SYN["url"])
    if _has(name, "phone", "telephone", "tel", "mobile", "fax", "cell"):
        return r("phone", _SYN["phone"])
    if _has(name, "currency"):
        return r("currency", _SYN["currency"])
    if _has(name, "percent", "percentage", "rate", "pct") and f.kind in ("number", "string"):
        return r("percent", [])
    if _has(name, "subtotal", "untaxed", "net amount", "sub total") or (
        _has(name, "amount", "total") and _has(name, "untaxed", "net", "excl", "excluding")
    ):
        return r(
            "amount",
            _SYN["subtotal"],
            ["tax", "vat", "gst", "incl", "inclusive", "ttc", "grand", "due", "payable", "pagar",
             "gesamtbetrag", "rechnungsbetrag", "balance", "paid", "betalen"],
        )
    if _has(name, "tax", "vat", "gst") and (
        f.kind in ("number", "integer") or _has(allw, "amount", "total")
    ):
        # a tax amount is not the subtotal ("Total HT", "Netto"), nor the total or balance
        return r("amount", _SYN["tax"], ["incl", "excl", "id", "no", "number", "reg", "rate",
                                         *_TAX_NEG])
    if _has(name, "total", "grand total", "amount due", "balance due") or name in (
        "amount",
        "total amount",
        "amount paid",
        "amount total",
        "price total",
    ):
        return r("total", _SYN["total"], _NEG_TOTAL)
    if _has(
        name, "amount", "price", "cost", "fee", "balance", "paid", "charge", "sum", "net", "gross"
    ) or _has(desc, "amount"):
        return r("amount", [])
    if _has(name, "address", "street", "addr") and not _has(name, "email", "ip", "web"):
        return r("address", _SYN["address"], ["email", "e mail", "web", "ip", "billing"])
    if (_has(words, *_ORG_WORDS) or (_has(name, "name") and _has(allw, *_ORG_WORDS))) and not _has(
        name, "number", "no", "id", "code", "email", "phone", "address", "vat"
    ):
        return r("company", _SYN["company"])
    generic = name in ("number", "no", "id", "nr", "num", "ref", "reference", "code")
    if (_has(name, "invoice") or (generic and _has(allw, "invoice", "bill", "receipt"))) and (
        _has(name, "number", "no", "id", "num", "nr") or generic
    ):
        return r(
            "id",
            _SYN["invoice_number"],
            _INVOICE_NO_NEG,
            _SYN["invoice_number_weak"],
        )
    if _has(name, "order") and _has(name, "number", "no", "id", "num", "nr"):
        return r("id", _SYN["order"], ["date", "invoice"])
    if f.kind == "integer":
        return r("integer", [])
    if f.kind == "number":
        return r("number", [])
    if _has(
        name,
        "number",
        "no",
        "id",
        "code",
        "ref",
        "reference",
        "nr",
        "num",
        "iban",
        "bic",
        "swift",
        "vat",
        "siren",
        "gstin",
        "cin",
        "coc",
        "account",
    ):
        return r("id", [])
    if _has(name, "name", "customer", "client", "person", "contact", "recipient"):
        return r("person", [])
    return r("string", [])
