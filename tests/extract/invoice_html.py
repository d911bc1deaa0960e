"""A second, independent invoice generator: HTML + CSS printed to PDF by headless Chromium.

Written apart from ``invoice_gen.py`` (reportlab, same author as the line-item resolvers) so
that the line-item bench has a held-out set whose layouts, wordings and rendering nobody
tuned on. Its five layouts were fixed before the engine was first run on it:

- ``H1`` full grid, meta block top right, totals in a separate right-aligned table;
- ``H2`` no rules at all, upper-case header, totals as rows of the item table (a tfoot);
- ``H3`` horizontal rules, dark header, a code column, a grey second description line;
- ``H4`` zebra rows, quantity or code first, a VAT breakdown table under the totals;
- ``H5`` a letter: the seller only in a footer line, the number in the title, totals as
  label / value lines with a rule over the total.

A seed also picks the language (en, de, fr, es, nl), the header words (several per column
and language), the number locale (``1,234.56``, ``1.234,56``, ``1 234,56`` with a no-break
space, no grouping), where the currency is written (nowhere, before, after, as a code), the
date format, extra columns (item code, unit, VAT rate, discount, position), quantities with
a unit in the cell ("3 Stk."), descriptions that wrap in a narrow column or carry a second
line, 24-40 items that run onto the next page (Chromium repeats the table header), and a
totals block with discount, shipping and "VAT 20% on <net>" lines whose labels hold other
amounts. Deterministic: the same seed gives the same HTML (and the same PDF text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

__all__ = ["HtmlInvoice", "LAYOUTS", "SCHEMA", "chromium", "make_html_invoice", "render_pdf"]

LAYOUTS = ("H1", "H2", "H3", "H4", "H5")
LANGS = ("en", "de", "fr", "es", "nl")

# column key -> header wordings per language (a seed picks one)
COLS: dict[str, dict[str, list[str]]] = {
    "en": {
        "desc": ["Description", "Product / Service", "Item description", "Details"],
        "qty": ["Qty", "Quantity", "Units", "Hours"],
        "unit": ["Unit price", "Price", "Rate", "Unit cost", "Price each"],
        "amount": ["Amount", "Total", "Line total", "Net amount", "Ext. price"],
        "code": ["Item code", "Part No.", "SKU", "Code"],
        "uom": ["Unit", "UoM"],
        "vat": ["Tax %", "VAT rate", "VAT"],
        "disc": ["Discount", "Disc. %"],
        "pos": ["#", "Line", "No."],
    },
    "de": {
        "desc": ["Beschreibung", "Artikel / Leistung", "Bezeichnung", "Leistungsbeschreibung"],
        "qty": ["Menge", "Anz.", "Stück", "Std."],
        "unit": ["Einzelpreis", "E-Preis", "Preis/Stk.", "Stückpreis"],
        "amount": ["Gesamt", "Betrag", "Summe", "G-Preis", "Netto"],
        "code": ["Art.-Nr.", "Artikel-Nr.", "Artikelnummer"],
        "uom": ["Einheit", "ME"],
        "vat": ["USt %", "MwSt.-Satz"],
        "disc": ["Rabatt %", "Rabatt"],
        "pos": ["Pos.", "Pos", "Nr."],
    },
    "fr": {
        "desc": ["Désignation", "Description", "Libellé", "Article"],
        "qty": ["Qté", "Quantité", "Qté."],
        "unit": ["P.U. HT", "Prix unitaire", "PU HT", "Prix unit."],
        "amount": ["Montant HT", "Total HT", "Montant", "Total ligne"],
        "code": ["Réf.", "Code article", "Référence"],
        "uom": ["Unité", "U."],
        "vat": ["TVA %", "Taux TVA"],
        "disc": ["Remise", "Remise %"],
        "pos": ["N°", "Ligne"],
    },
    "es": {
        "desc": ["Descripción", "Concepto", "Artículo", "Detalle"],
        "qty": ["Cant.", "Cantidad", "Uds."],
        "unit": ["Precio", "Precio unit.", "P. unitario"],
        "amount": ["Importe", "Total", "Importe neto"],
        "code": ["Código", "Ref."],
        "uom": ["Unidad", "Ud."],
        "vat": ["% IVA", "IVA"],
        "disc": ["Dto. %", "Descuento"],
        "pos": ["Nº", "Línea"],
    },
    "nl": {
        "desc": ["Omschrijving", "Product", "Artikel", "Beschrijving"],
        "qty": ["Aantal", "Aant.", "Hoeveelheid"],
        "unit": ["Prijs", "Stukprijs", "Eenheidsprijs", "Prijs p/st"],
        "amount": ["Bedrag", "Totaal", "Regeltotaal", "Bedrag excl."],
        "code": ["Artikelcode", "Art.nr."],
        "uom": ["Eenheid", "Eh."],
        "vat": ["BTW %", "BTW-tarief"],
        "disc": ["Korting %", "Korting"],
        "pos": ["Nr.", "Regel"],
    },
}
# labels of the page head and the totals block
LABELS: dict[str, dict[str, list[str]]] = {
    "en": {
        "title": ["INVOICE", "Tax Invoice", "Invoice"], "no": ["Invoice #", "Invoice number",
        "Invoice No:"], "date": ["Date of issue", "Invoice date", "Date"],
        "due": ["Due date", "Payment due"], "po": ["PO number", "Your reference"],
        "bill": ["Bill to", "Invoice to", "Customer"],
        "sub": ["Subtotal", "Net total", "Total excl. VAT", "Sub-total"],
        "tax": ["VAT {r}%", "Sales tax ({r}%)", "Tax", "VAT @ {r}% on {base}"],
        "total": ["Total", "Total due", "Amount due", "Total (incl. VAT)"],
        "ship": ["Shipping", "Delivery", "Freight"], "disc": ["Discount {d}%", "Less discount"],
        "paid": ["Amount paid", "Payment received"], "bal": ["Balance due"],
        "page": ["Page {p} of {n}"], "cont": ["continued"],
        "brk": ["VAT rate", "Net", "VAT", "Gross"],
    },
    "de": {
        "title": ["RECHNUNG", "Rechnung"], "no": ["Rechnungs-Nr.", "Rechnungsnummer",
        "Beleg-Nr."], "date": ["Rechnungsdatum", "Datum", "Belegdatum"],
        "due": ["Fällig am", "Zahlbar bis"], "po": ["Ihre Bestellung", "Auftrag"],
        "bill": ["Rechnungsempfänger", "An"],
        "sub": ["Zwischensumme", "Nettobetrag", "Summe netto", "Warenwert"],
        "tax": ["MwSt. {r} %", "zzgl. {r} % USt.", "Umsatzsteuer {r}%",
                "{r} % MwSt. auf {base}"],
        "total": ["Gesamtbetrag", "Rechnungsbetrag", "Endbetrag", "Gesamtsumme brutto"],
        "ship": ["Versandkosten", "Fracht"], "disc": ["Rabatt {d} %", "abzgl. Rabatt"],
        "paid": ["Anzahlung", "Bereits gezahlt"], "bal": ["Restbetrag"],
        "page": ["Seite {p} von {n}"], "cont": ["Fortsetzung"],
        "brk": ["MwSt.-Satz", "Netto", "MwSt.", "Brutto"],
    },
    "fr": {
        "title": ["FACTURE", "Facture"], "no": ["Facture n°", "N° de facture", "Numéro"],
        "date": ["Date", "Date d'émission", "Date de facturation"],
        "due": ["Échéance", "Date limite de paiement"], "po": ["Votre commande", "Réf. client"],
        "bill": ["Client", "Adressé à"],
        "sub": ["Total HT", "Sous-total", "Montant HT"],
        "tax": ["TVA {r} %", "TVA ({r}%)", "Montant TVA", "TVA {r} % sur {base}"],
        "total": ["Total TTC", "Net à payer", "Montant TTC"],
        "ship": ["Frais de port", "Livraison"], "disc": ["Remise {d} %", "Remise"],
        "paid": ["Acompte", "Déjà réglé"], "bal": ["Reste dû"],
        "page": ["Page {p} / {n}"], "cont": ["suite"],
        "brk": ["Taux", "Base HT", "TVA", "TTC"],
    },
    "es": {
        "title": ["FACTURA", "Factura"], "no": ["Factura nº", "Número de factura", "Nº"],
        "date": ["Fecha", "Fecha de emisión", "Fecha factura"],
        "due": ["Vencimiento", "Fecha de vencimiento"], "po": ["Su pedido", "Referencia"],
        "bill": ["Cliente", "Facturar a"],
        "sub": ["Base imponible", "Subtotal", "Suma"],
        "tax": ["IVA {r}%", "IVA ({r} %)", "Cuota IVA", "IVA {r}% s/ {base}"],
        "total": ["Total factura", "Total", "Total a pagar", "Importe total"],
        "ship": ["Portes", "Gastos de envío"], "disc": ["Descuento {d}%", "Descuento"],
        "paid": ["Pagado a cuenta", "Anticipo"], "bal": ["Pendiente"],
        "page": ["Página {p} de {n}"], "cont": ["continúa"],
        "brk": ["Tipo", "Base", "IVA", "Total"],
    },
    "nl": {
        "title": ["FACTUUR", "Factuur"], "no": ["Factuurnr.", "Factuurnummer", "Nummer"],
        "date": ["Factuurdatum", "Datum"], "due": ["Vervaldatum", "Te betalen voor"],
        "po": ["Uw referentie", "Ordernr."], "bill": ["Aan", "Klant"],
        "sub": ["Subtotaal", "Totaal excl. BTW", "Netto bedrag"],
        "tax": ["BTW {r}%", "{r}% BTW", "BTW-bedrag", "BTW {r}% over {base}"],
        "total": ["Totaal", "Totaal incl. BTW", "Te betalen", "Totaalbedrag"],
        "ship": ["Verzendkosten", "Bezorgkosten"], "disc": ["Korting {d}%", "Korting"],
        "paid": ["Reeds voldaan", "Aanbetaling"], "bal": ["Openstaand bedrag"],
        "page": ["Pagina {p} van {n}"], "cont": ["vervolg"],
        "brk": ["Tarief", "Grondslag", "BTW", "Totaal"],
    },
}
MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec",
}
GOODS = {
    "en": ["Steel shelving unit 180 cm", "Replacement filter cartridge", "Safety gloves size L",
           "Website maintenance (monthly)", "Barcode scanner handheld", "Thermal labels 100x50",
           "Project management", "Pallet jack 2.5 t", "LED panel 60x60 neutral white",
           "Cleaning service, ground floor", "Extension lead 4-way", "Copywriting, product pages",
           "Hosting plan Business", "Cable ties assorted (pack of 500)"],
    "de": ["Schwerlastregal verzinkt 180 cm", "Ersatzfilter Kartusche", "Schutzhandschuhe Gr. L",
           "Webseitenpflege (monatlich)", "Handscanner Barcode", "Thermoetiketten 100x50",
           "Projektleitung", "Hubwagen 2,5 t", "LED-Panel 60x60 neutralweiß",
           "Unterhaltsreinigung Erdgeschoss", "Steckdosenleiste 4-fach", "Texterstellung",
           "Hosting-Paket Business", "Kabelbinder sortiert (500 Stück)"],
    "fr": ["Étagère métallique 180 cm", "Cartouche filtrante de rechange", "Gants de sécurité T9",
           "Maintenance du site web (mensuelle)", "Lecteur code-barres", "Étiquettes thermiques",
           "Gestion de projet", "Transpalette 2,5 t", "Dalle LED 60x60 blanc neutre",
           "Nettoyage des locaux, rez-de-chaussée", "Multiprise 4 prises", "Rédaction web",
           "Hébergement offre Pro", "Colliers de serrage assortis (lot de 500)"],
    "es": ["Estantería metálica 180 cm", "Cartucho filtrante de recambio",
           "Guantes de seguridad T9",
           "Mantenimiento web (mensual)", "Lector de códigos de barras", "Etiquetas térmicas",
           "Dirección de proyecto", "Transpaleta 2,5 t", "Panel LED 60x60 blanco neutro",
           "Limpieza de oficinas, planta baja", "Regleta 4 tomas", "Redacción de contenidos",
           "Alojamiento plan Empresa", "Bridas surtidas (paquete de 500)"],
    "nl": ["Stellingkast staal 180 cm", "Vervangend filterpatroon", "Werkhandschoenen maat L",
           "Websiteonderhoud (maandelijks)", "Handscanner barcode", "Thermische etiketten",
           "Projectbegeleiding", "Palletwagen 2,5 t", "LED-paneel 60x60 neutraal wit",
           "Schoonmaak kantoor begane grond", "Stekkerdoos 4-voudig", "Tekstschrijven",
           "Hostingpakket Zakelijk", "Kabelbinders assorti (500 stuks)"],
}
NOTES = {
    "en": ["Delivery note DN-20417", "as per quote of 12 Feb", "serial no. 7741-KX-02",
           "period: 1-30 April"],
    "de": ["Lieferschein LS-20417", "laut Angebot vom 12.02.", "Seriennummer 7741-KX-02",
           "Zeitraum: 01.04.-30.04."],
    "fr": ["Bon de livraison BL-20417", "selon devis du 12/02", "n° de série 7741-KX-02",
           "période : 1er-30 avril"],
    "es": ["Albarán AL-20417", "según presupuesto del 12/02", "nº de serie 7741-KX-02",
           "periodo: 1-30 de abril"],
    "nl": ["Pakbon PB-20417", "volgens offerte van 12-02", "serienummer 7741-KX-02",
           "periode: 1-30 april"],
}
SELLERS = {
    "en": [("Harbour Lane Supplies Ltd", "14 Quay Road, Bristol BS1 4QA", "£", "GBP"),
           ("Redwood Analytics LLC", "880 Market St, Suite 200, San Francisco, CA 94102", "$",
            "USD")],
    "de": [("Brandt Lagertechnik GmbH", "Industriestraße 17, 70565 Stuttgart", "€", "EUR"),
           ("Kessler IT-Service e.K.", "Lindenallee 5, 04109 Leipzig", "€", "EUR")],
    "fr": [("Dupont Équipements SARL", "42 boulevard Voltaire, 75011 Paris", "€", "EUR"),
           ("Agence Lumière SAS", "5 quai de la Fosse, 44000 Nantes", "€", "EUR")],
    "es": [("Almacenes Ortega S.L.", "Calle de Alcalá 120, 28009 Madrid", "€", "EUR"),
           ("Servicios Marín S.A.", "Passeig de Gràcia 55, 08007 Barcelona", "€", "EUR")],
    "nl": [("Bakker Magazijninrichting B.V.", "Havenstraat 8, 3024 SG Rotterdam", "€", "EUR"),
           ("Visser Webdiensten", "Oudegracht 201, 3511 NK Utrecht", "€", "EUR")],
}
BUYERS = [("Greenfield Dental Practice", "7 Orchard Close", "Cambridge CB2 1TN"),
          ("Stadtwerke Nordheim", "Am Markt 3", "74226 Nordheim"),
          ("Hôtel des Arts", "12 rue Saint-Jean", "69005 Lyon")]
RATES = {"en": 20, "de": 19, "fr": 20, "es": 21, "nl": 21}
UOM = {"en": "pcs", "de": "Stk.", "fr": "u.", "es": "ud.", "nl": "st."}

# the schema both parts are read with (names none of the other benches use)
SCHEMA = {
    "type": "object",
    "properties": {
        "seller": {"type": "string", "description": "Company that issued the invoice"},
        "invoice_number": {"type": "string", "description": "Invoice number"},
        "invoice_date": {"type": "string", "format": "date", "description": "Date of issue"},
        "subtotal": {"type": "number", "description": "Total before tax"},
        "tax_amount": {"type": "number", "description": "Total tax (VAT) amount"},
        "total_amount": {"type": "number", "description": "Total amount, tax included"},
        "line_items": {
            "type": "array",
            "description": "Invoice lines",
            "items": {
                "type": "object",
                "properties": {
                    "description": {"type": "string", "description": "Item description"},
                    "quantity": {"type": "number", "description": "Quantity"},
                    "unit_price": {"type": "number", "description": "Unit price"},
                    "total": {"type": "number", "description": "Line total"},
                },
            },
        },
    },
}


@dataclass
class HtmlInvoice:
    html: str
    truth: dict  # seller, invoice_number, invoice_date (ISO), subtotal, tax_amount, total_amount
    items: list[dict] = field(default_factory=list)  # description, quantity, unit_price, total
    style: dict = field(default_factory=dict)  # layout, lang, locale, pages, ... (for tables)


def _q(v: Decimal) -> Decimal:
    return v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _fmt(v: Decimal, locale: str, decimals: int = 2) -> str:
    s = f"{abs(v):,.{decimals}f}"
    if locale == "comma":  # 1.234,56
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    elif locale == "space":  # 1 234,56 with a no-break space
        s = s.replace(",", "\u00a0").replace(".", ",")
    elif locale == "plain-comma":  # 1234,56
        s = s.replace(",", "").replace(".", ",")
    elif locale == "plain":  # 1234.56
        s = s.replace(",", "")
    return ("-" if v < 0 else "") + s


def _date(d: dt.date, lang: str, kind: int) -> str:
    m = MONTHS[lang].split()[d.month - 1]
    if kind == 0:
        return d.isoformat()
    if lang == "en":
        return f"{m} {d.day}, {d.year}" if kind == 1 else d.strftime("%d/%m/%Y")
    if lang == "de":
        return f"{d.day}. {m} {d.year}" if kind == 1 else d.strftime("%d.%m.%Y")
    if lang == "es":
        return f"{d.day} de {m} de {d.year}" if kind == 1 else d.strftime("%d/%m/%Y")
    if lang == "nl":
        return f"{d.day} {m} {d.year}" if kind == 1 else d.strftime("%d-%m-%Y")
    return f"{d.day} {m} {d.year}" if kind == 1 else d.strftime("%d/%m/%Y")


CSS_BASE = """
@page { size: A4; margin: 14mm 14mm 22mm 14mm; }
body { font-family: %(font)s; font-size: %(size)spt; color: #222; }
table { border-collapse: collapse; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
.sub { color: #777; font-size: 0.85em; }
.items { width: 100%%; margin-top: 14px; }
.items td, .items th { padding: 4px 6px; vertical-align: top; }
.desc { width: %(descw)s; }
.code { white-space: nowrap; }
"""
CSS_LAYOUT = {
    "H1": ".items td, .items th { border: 1px solid #444; } .items th { background: #ddd; }"
          " .totals { margin-left: auto; margin-top: 10px; }"
          " .totals td { padding: 2px 8px; border: 1px solid #444; }",
    "H2": ".items th { text-transform: uppercase; text-align: left; font-size: 0.85em;"
          " letter-spacing: 0.05em; } .items tfoot td { padding-top: 6px; }",
    "H3": ".items th { background: #223; color: #fff; text-align: left; }"
          " .items td { border-bottom: 1px solid #bbb; } .totals { margin-left: auto; }"
          " .totals td { padding: 2px 10px; }",
    "H4": ".items tbody tr:nth-child(even) { background: #eef2f7; }"
          " .items th { border-bottom: 2px solid #345; text-align: left; }"
          " .totals { margin-left: auto; margin-top: 8px; } .totals td { padding: 2px 10px; }"
          " .brk { margin-top: 14px; font-size: 0.9em; } .brk td, .brk th { padding: 2px 8px;"
          " border-bottom: 1px solid #ccc; }",
    "H5": ".items th { border-bottom: 1px solid #000; text-align: left; font-weight: normal;"
          " font-style: italic; } .tl { display: flex; justify-content: space-between;"
          " width: 45%%; margin-left: auto; padding: 1px 0; } .tl.grand { border-top: 1px"
          " solid #000; font-weight: bold; margin-top: 4px; padding-top: 3px; }"
          " .foot { margin-top: 30px; font-size: 7.5pt; color: #555; border-top: 1px solid"
          " #999; padding-top: 2px; }",
}


def make_html_invoice(seed: int) -> HtmlInvoice:
    """One invoice as HTML with its truth; the layout is ``LAYOUTS[seed % 5]``."""
    rng = random.Random(f"html-invoice-{seed}")
    layout = LAYOUTS[seed % len(LAYOUTS)]
    lang = LANGS[(seed // len(LAYOUTS)) % len(LANGS)]
    cols_words, lab = COLS[lang], LABELS[lang]
    locale = {"en": rng.choice(["en", "en", "plain"]),
              "de": rng.choice(["comma", "comma", "plain-comma"]),
              "fr": rng.choice(["space", "space", "plain-comma"]),
              "es": rng.choice(["comma", "plain-comma"]),
              "nl": rng.choice(["comma", "comma", "plain-comma"])}[lang]
    seller, seller_addr, sym, code = rng.choice(SELLERS[lang])
    cur_mode = rng.choice(["none", "none", "before", "after", "code"])

    def money(v: Decimal, cell: bool = True) -> str:
        s = _fmt(v, locale)
        mode = cur_mode if cell else rng.choice(["none", "after", "before"])
        if mode == "before":
            return f"{sym}\u00a0{s}" if sym == "€" and lang == "nl" else f"{sym}{s}"
        if mode == "after":
            return f"{s}\u00a0{sym}"
        if mode == "code":
            return f"{s} {code}"
        return s

    # columns: the four the schema asks for, in one of several orders, plus extras
    order = rng.choice([
        ["desc", "qty", "unit", "amount"],
        ["qty", "desc", "unit", "amount"],
        ["desc", "unit", "qty", "amount"],
        ["code", "desc", "qty", "unit", "amount"],
        ["pos", "desc", "qty", "uom", "unit", "amount"],
        ["desc", "qty", "unit", "vat", "amount"],
        ["pos", "code", "desc", "qty", "unit", "disc", "amount"],
        ["code", "qty", "desc", "unit", "vat", "amount"],
    ])
    if layout == "H3" and "code" not in order:
        order = ["code", *order]
    if layout == "H4" and order[0] == "desc":
        order = ["qty", *[c for c in order if c != "qty"]]
    heads = {k: rng.choice(v) for k, v in cols_words.items()}
    qty_unit_in_cell = "uom" not in order and rng.random() < 0.25
    rate = RATES[lang]
    long_table = rng.random() < 0.3
    n = rng.randint(24, 40) if long_table else rng.randint(2, 9)
    items, rows = [], []
    goods = GOODS[lang]
    for k in range(n):
        name = goods[rng.randrange(len(goods))]
        note = rng.choice(NOTES[lang]) if rng.random() < 0.3 else ""
        qty = Decimal(rng.choice([1, 1, 1, 2, 3, 4, 6, 8, 10, 25])) if rng.random() < 0.85 \
            else Decimal(rng.choice(["0.5", "1.5", "2.25", "7.5"]))
        unit = _q(Decimal(rng.randint(95, 180000)) / 100)
        disc = Decimal(rng.choice([0, 0, 5, 10, 15])) if "disc" in order else Decimal(0)
        amount = _q(qty * unit * (100 - disc) / 100)
        desc_truth = f"{name} {note}".strip()
        items.append({"description": desc_truth, "quantity": float(qty),
                      "unit_price": float(unit), "total": float(amount)})
        qty_s = _fmt(qty, locale, 2 if qty != qty.to_integral_value() else 0)
        if qty != qty.to_integral_value():
            qty_s = qty_s.rstrip("0")
        if qty_unit_in_cell:
            qty_s = f"{qty_s} {UOM[lang]}"
        desc_html = html.escape(name)
        if note:
            desc_html += (f'<br><span class="sub">{html.escape(note)}</span>'
                          if layout in ("H3", "H4") or rng.random() < 0.5
                          else f" {html.escape(note)}")
        cells = {
            "pos": str(k + 1), "code": f"{rng.choice('ABCHKLMPRT')}{rng.randint(100, 9999)}-"
            f"{rng.randint(10, 99)}", "desc": desc_html, "qty": qty_s,
            "uom": UOM[lang], "unit": money(unit), "vat": f"{rate}%" if lang == "en"
            else f"{rate} %", "disc": f"{disc}%" if disc else "-", "amount": money(amount),
        }
        tds = "".join(
            f'<td class="{"desc" if c == "desc" else "code" if c == "code" else "num"}">'
            f"{cells[c]}</td>"
            for c in order
        )
        rows.append(f"<tr>{tds}</tr>")
    subtotal = sum((Decimal(str(i["total"])) for i in items), Decimal(0))
    disc_pct = rng.choice([0, 0, 0, 3, 5])
    discount = _q(subtotal * disc_pct / 100)
    shipping = _q(Decimal(rng.choice([0, 0, 0, 495, 1250, 2990])) / 100)
    net = subtotal - discount + shipping
    tax = _q(net * rate / 100)
    total = net + tax
    paid = _q(total * Decimal(rng.choice([0, 0, 0, 0.3]))) if layout in ("H2", "H5") else 0
    tax_label = rng.choice(lab["tax"]).format(r=rate, base=money(net, cell=False))
    totals = [(rng.choice(lab["sub"]), subtotal, "sub")]
    if discount:
        totals.append((rng.choice(lab["disc"]).format(d=disc_pct), -discount, "x"))
    if shipping:
        totals.append((rng.choice(lab["ship"]), shipping, "x"))
    totals.append((tax_label, tax, "tax"))
    totals.append((rng.choice(lab["total"]), total, "total"))
    if paid:
        totals.append((rng.choice(lab["paid"]), -paid, "x"))
        totals.append((rng.choice(lab["bal"]), total - paid, "x"))

    inv_no = rng.choice(["{y}-{n:05d}", "INV-{n}", "RE{y}{n:04d}", "F{y}/{n:04d}", "{n}"]) \
        .format(y=rng.choice([2023, 2024, 2025]), n=rng.randint(12, 99999))
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
    due = date + dt.timedelta(days=rng.choice([14, 30]))
    date_kind = rng.choice([0, 1, 2])
    buyer = BUYERS[rng.randrange(len(BUYERS))]
    po = f"PO-{rng.randint(10000, 99999)}"

    def esc(s: str) -> str:
        return html.escape(s)

    head_cells = "".join(
        f'<th class="{"num" if c in ("qty", "unit", "amount", "vat", "disc") else ""}">'
        f"{esc(heads[c])}</th>" for c in order
    )
    ncol = len(order)
    meta = [(rng.choice(lab["no"]), inv_no), (rng.choice(lab["date"]), _date(date, lang,
            date_kind)), (rng.choice(lab["due"]), _date(due, lang, date_kind)),
            (rng.choice(lab["po"]), po)]
    meta_html = "".join(f"<tr><td>{esc(k)}</td><td><b>{esc(v)}</b></td></tr>" for k, v in meta)
    title = rng.choice(lab["title"])
    seller_html = f"<b>{esc(seller)}</b><br>{esc(seller_addr)}"
    buyer_html = f"{esc(rng.choice(lab['bill']))}:<br>" + "<br>".join(esc(x) for x in buyer)
    vat_id = f"{code[:2] if code != 'USD' else 'EIN '}{rng.randint(100000000, 999999999)}"
    iban = f"IBAN DE{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}" \
           f" {rng.randint(1000, 9999)} {rng.randint(1000, 9999)} {rng.randint(10, 99)}"

    totals_rows = "".join(
        f'<tr><td>{esc(lbl)}</td><td class="num">{"<b>" if k == "total" else ""}'
        f'{money(v)}{"</b>" if k == "total" else ""}</td></tr>' for lbl, v, k in totals
    )
    body = []
    if layout == "H5":
        body.append(f"<p>{buyer_html}</p>")
        body.append(f'<h2>{esc(title)} {esc(inv_no)}</h2>')
        body.append(f"<p>{esc(meta[1][0])}: {esc(meta[1][1])} &nbsp; {esc(meta[3][0])}: "
                    f"{esc(po)}</p>")
    else:
        right = f'<table class="meta">{meta_html}</table>'
        body.append('<div style="display:flex;justify-content:space-between">'
                    f"<div>{seller_html}</div><div><h1 style='margin:0'>{esc(title)}</h1>"
                    f"{right}</div></div>")
        body.append(f'<div style="margin-top:18px">{buyer_html}</div>')
    tfoot = ""
    if layout == "H2":
        tfoot = "<tfoot>" + "".join(
            f'<tr><td colspan="{ncol - 1}" style="text-align:right">{esc(lbl)}</td>'
            f'<td class="num">{money(v)}</td></tr>' for lbl, v, _ in totals) + "</tfoot>"
    body.append(f'<table class="items"><thead><tr>{head_cells}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody>{tfoot}</table>")
    if layout in ("H1", "H3", "H4"):
        body.append(f'<table class="totals">{totals_rows}</table>')
    if layout == "H4":
        b = LABELS[lang]["brk"]
        body.append(f'<table class="brk"><tr><th>{esc(b[0])}</th><th>{esc(b[1])}</th>'
                    f"<th>{esc(b[2])}</th><th>{esc(b[3])}</th></tr><tr><td>{rate} %</td>"
                    f'<td class="num">{money(net)}</td><td class="num">{money(tax)}</td>'
                    f'<td class="num">{money(total)}</td></tr></table>')
    if layout == "H5":
        body.append("".join(
            f'<div class="tl{" grand" if k == "total" else ""}"><span>{esc(lbl)}</span>'
            f"<span>{money(v)}</span></div>" for lbl, v, k in totals))
    if layout == "H5":
        body.append(f'<div class="foot">{esc(seller)} · {esc(seller_addr)} · {vat_id} · '
                    f"{iban}</div>")
    else:
        body.append(f'<p style="margin-top:24px;font-size:8pt;color:#555">{esc(seller)} · '
                    f"{vat_id} · {iban}</p>")
    css = CSS_BASE % {
        "font": rng.choice(["'DejaVu Sans'", "'Liberation Sans'", "'Liberation Serif'",
                            "'DejaVu Serif'"]),
        "size": rng.choice([9, 9.5, 10]),
        "descw": rng.choice(["auto", "38%", "28%"]),
    } + CSS_LAYOUT[layout].replace("%%", "%")
    doc = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
           f"<style>{css}</style></head><body>{''.join(body)}</body></html>")
    truth = {"seller": seller, "invoice_number": inv_no, "invoice_date": date.isoformat(),
             "subtotal": float(subtotal), "tax_amount": float(tax),
             "total_amount": float(total)}
    style = {"layout": layout, "lang": lang, "locale": locale, "long": long_table,
             "columns": "-".join(order), "currency": cur_mode}
    return HtmlInvoice(doc, truth, items, style)


def chromium() -> str | None:
    """The headless browser on this machine, if any."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def render_pdf(doc: str, cache_dir: str | None = None) -> bytes:
    """Print the HTML to PDF with headless Chromium (one short-lived browser per call);
    with ``cache_dir``, reuse an earlier print of the same HTML."""
    key = hashlib.sha1(doc.encode("utf-8")).hexdigest()
    if cache_dir:
        hit = Path(cache_dir) / f"{key}.pdf"
        if hit.exists():
            return hit.read_bytes()
    exe = chromium()
    if exe is None:
        raise RuntimeError("no chromium on this machine")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "in.html"), os.path.join(tmp, "out.pdf")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(doc)
        subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", f"file://{src}"],
            check=True, capture_output=True, timeout=120,
        )
        data = Path(out).read_bytes()
    if cache_dir:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        (Path(cache_dir) / f"{key}.pdf").write_bytes(data)
    return data
