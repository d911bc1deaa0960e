"""A third invoice generator: Word documents (python-docx) converted to PDF by LibreOffice.

Written after the line-item rules had been tuned on ``invoice_html.py``, as a check nobody
tuned on: its header words, products and layouts are new, and its three layouts were fixed
before the engine first ran on them:

- ``D1`` a Word table with all borders and a shaded header row (repeated on every page);
- ``D2`` no table at all: each item is a paragraph with right-aligned tab stops;
- ``D3`` a borderless table, the description cell holding a second paragraph, the totals
  as rows of the same table with the label spanning the first columns.

A seed picks the language (en, de, fr, es, nl), header words, number locale, column order,
extra columns, 2-8 items or 30-45 (over two pages) and the totals (discount, shipping).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .office_pdf import cached_pdf, format_amount, money, office_to_pdf

__all__ = ["DocxInvoice", "LAYOUTS", "make_docx_invoice", "render_docx_pdf"]

LAYOUTS = ("D1", "D2", "D3")
LANGS = ("en", "de", "fr", "es", "nl")

HEADS: dict[str, dict[str, list[str]]] = {
    "en": {"desc": ["Article", "Goods / services", "Product description"],
           "qty": ["Qty.", "No. of units", "Qty ordered"],
           "unit": ["Unit Price", "Price per unit", "Cost"],
           "amount": ["Total", "Net value", "Line amount"],
           "code": ["Ref", "Article no."], "vat": ["VAT %", "Tax rate"]},
    "de": {"desc": ["Artikelbeschreibung", "Bezeichnung der Leistung", "Artikel"],
           "qty": ["Anzahl", "Menge", "Stückzahl"],
           "unit": ["Preis je Einheit", "Einzelpreis netto", "Preis"],
           "amount": ["Gesamtpreis netto", "Gesamt", "Positionsbetrag"],
           "code": ["Artikelnr.", "Nummer"], "vat": ["USt.-Satz", "MwSt. %"]},
    "fr": {"desc": ["Produit", "Description de la prestation", "Désignation"],
           "qty": ["Qté commandée", "Quantité", "Nb"],
           "unit": ["Prix HT", "Prix unitaire HT", "P.U."],
           "amount": ["Total HT", "Montant", "Montant net"],
           "code": ["Code", "Réf. article"], "vat": ["TVA", "Taux de TVA"]},
    "es": {"desc": ["Producto", "Descripción del servicio", "Concepto"],
           "qty": ["Unidades", "Cantidad", "Uds"],
           "unit": ["Precio/ud.", "Precio unitario", "Tarifa"],
           "amount": ["Importe", "Total línea", "Importe neto"],
           "code": ["Cód.", "Referencia"], "vat": ["IVA %", "Tipo IVA"]},
    "nl": {"desc": ["Omschrijving", "Artikelomschrijving", "Dienst"],
           "qty": ["Aantal", "Stuks", "Aant"],
           "unit": ["Prijs/st.", "Eenheidsprijs", "Tarief"],
           "amount": ["Totaal excl.", "Bedrag", "Regelbedrag"],
           "code": ["Artikelnr", "Code"], "vat": ["BTW", "BTW-%"]},
}
TOTALS: dict[str, dict[str, list[str]]] = {
    "en": {"sub": ["Goods total", "Subtotal (net)", "Net"], "tax": ["VAT ({r}%)", "Plus VAT {r}%"],
           "total": ["Invoice total", "Total payable", "TOTAL"], "ship": ["Carriage", "Postage"],
           "disc": ["Trade discount {d}%"], "title": ["Sales Invoice", "INVOICE"],
           "no": ["Our invoice no.", "Invoice Ref"], "date": ["Tax point", "Issued"]},
    "de": {"sub": ["Summe netto", "Nettosumme", "Warenwert netto"],
           "tax": ["zzgl. MwSt. {r} %", "USt. {r}%"], "total": ["Rechnungsbetrag brutto",
           "Gesamtbetrag", "Zu zahlen"], "ship": ["Porto", "Versandpauschale"],
           "disc": ["Rabatt {d} %"], "title": ["Rechnung", "RECHNUNG"],
           "no": ["Rechnung Nr.", "Unsere Rechnungsnummer"], "date": ["Datum", "Ausgestellt am"]},
    "fr": {"sub": ["Total hors taxes", "Sous-total HT", "Montant HT"],
           "tax": ["TVA ({r} %)", "T.V.A. {r}%"], "total": ["Total à payer", "Montant TTC",
           "Net à payer"], "ship": ["Port", "Frais d'expédition"], "disc": ["Remise {d}%"],
           "title": ["Facture", "FACTURE"], "no": ["Facture numéro", "N° facture"],
           "date": ["Émise le", "Date"]},
    "es": {"sub": ["Suma neta", "Base imponible", "Subtotal"],
           "tax": ["IVA ({r}%)", "IVA {r} %"], "total": ["Total a pagar", "Importe total",
           "TOTAL FACTURA"], "ship": ["Transporte", "Envío"], "disc": ["Descuento {d}%"],
           "title": ["Factura", "FACTURA"], "no": ["Factura número", "Nº factura"],
           "date": ["Fecha de expedición", "Fecha"]},
    "nl": {"sub": ["Totaal excl. btw", "Subtotaal", "Netto"],
           "tax": ["Btw {r}%", "BTW ({r}%)"], "total": ["Totaal te betalen", "Totaal incl. btw",
           "Factuurbedrag"], "ship": ["Vracht", "Verzending"], "disc": ["Korting {d}%"],
           "title": ["Factuur", "FACTUUR"], "no": ["Factuur nr.", "Ons kenmerk"],
           "date": ["Factuurdatum", "Datum"]},
}
GOODS = {
    "en": ["Oak veneer desk 160x80", "Annual support contract", "Label printer ribbons",
           "Ergonomic footrest", "Data migration (fixed price)", "Acoustic wall panel",
           "Visitor chairs, stackable", "SSD 1 TB NVMe", "Travel expenses, Leeds visit"],
    "de": ["Eichenschreibtisch 160x80", "Jahreswartungsvertrag", "Farbbänder Etikettendrucker",
           "Fußstütze ergonomisch", "Datenmigration (Festpreis)", "Akustikwandpaneel",
           "Besucherstühle stapelbar", "SSD 1 TB NVMe", "Reisekosten Dresden"],
    "fr": ["Bureau plaqué chêne 160x80", "Contrat d'assistance annuel", "Rubans imprimante",
           "Repose-pieds ergonomique", "Migration de données (forfait)", "Panneau acoustique",
           "Chaises visiteurs empilables", "SSD 1 To NVMe", "Frais de déplacement Lille"],
    "es": ["Mesa chapada en roble 160x80", "Contrato de soporte anual", "Cintas para impresora",
           "Reposapiés ergonómico", "Migración de datos (precio cerrado)", "Panel acústico",
           "Sillas de visita apilables", "SSD 1 TB NVMe", "Gastos de viaje Sevilla"],
    "nl": ["Eiken bureau 160x80", "Jaarlijks supportcontract", "Linten labelprinter",
           "Voetensteun ergonomisch", "Datamigratie (vaste prijs)", "Akoestisch wandpaneel",
           "Bezoekersstoelen stapelbaar", "SSD 1 TB NVMe", "Reiskosten Groningen"],
}
SECOND = {"en": "Order ref. 55-1209", "de": "Auftrag 55-1209", "fr": "Commande 55-1209",
          "es": "Pedido 55-1209", "nl": "Order 55-1209"}
SELLERS = {"en": "Whitcombe & Hale Ltd", "de": "Auer Büroausstattung GmbH",
           "fr": "Maison Girard SARL", "es": "Talleres Navarro S.L.",
           "nl": "Van Dijk Interieur B.V."}
RATES = {"en": 20, "de": 19, "fr": 20, "es": 21, "nl": 21}


@dataclass
class DocxInvoice:
    docx: bytes
    truth: dict
    items: list[dict] = field(default_factory=list)
    style: dict = field(default_factory=dict)


def _fmt(v: Decimal, lang: str, grouped: bool, decimals: int = 2) -> str:
    return format_amount(v, lang, grouped, decimals, french_group="\u202f")


def make_docx_invoice(seed: int) -> DocxInvoice:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    rng = random.Random(f"docx-invoice-{seed}")
    layout = LAYOUTS[seed % len(LAYOUTS)]
    lang = LANGS[(seed // len(LAYOUTS)) % len(LANGS)]
    grouped = rng.random() < 0.7
    heads = {k: rng.choice(v) for k, v in HEADS[lang].items()}
    tl = {k: rng.choice(v) for k, v in TOTALS[lang].items()}
    order = rng.choice([
        ["desc", "qty", "unit", "amount"],
        ["code", "desc", "qty", "unit", "amount"],
        ["qty", "desc", "unit", "amount"],
        ["desc", "unit", "qty", "vat", "amount"],
        ["code", "qty", "desc", "unit", "amount"],
    ])
    long_table = rng.random() < 0.3
    n = rng.randint(30, 45) if long_table else rng.randint(2, 8)
    rate = RATES[lang]
    items, rows = [], []
    for _ in range(n):
        name = rng.choice(GOODS[lang])
        second = SECOND[lang] if rng.random() < 0.3 else ""
        qty = Decimal(rng.choice([1, 1, 2, 3, 5, 12, 20])) if rng.random() < 0.85 else Decimal(
            rng.choice(["0.5", "1.5", "2.5"]))
        unit = money(Decimal(rng.randint(120, 95000)) / 100)
        amount = money(qty * unit)
        items.append({"description": f"{name} {second}".strip(), "quantity": float(qty),
                      "unit_price": float(unit), "total": float(amount)})
        qs = _fmt(qty, lang, False, 0 if qty == qty.to_integral_value() else 1)
        rows.append({"desc": (name, second), "qty": qs, "unit": _fmt(unit, lang, grouped),
                     "amount": _fmt(amount, lang, grouped), "code": f"{rng.randint(10, 99)}."
                     f"{rng.randint(100, 999)}", "vat": f"{rate}%"})
    subtotal = sum((Decimal(str(i["total"])) for i in items), Decimal(0))
    disc_pct = rng.choice([0, 0, 2, 4])
    discount = money(subtotal * disc_pct / 100)
    shipping = money(Decimal(rng.choice([0, 0, 750, 1990])) / 100)
    net = subtotal - discount + shipping
    tax = money(net * rate / 100)
    total = net + tax
    totals = [(tl["sub"], subtotal)]
    if discount:
        totals.append((tl["disc"].format(d=disc_pct), -discount))
    if shipping:
        totals.append((tl["ship"], shipping))
    totals += [(tl["tax"].format(r=rate), tax), (tl["total"], total)]
    inv_no = f"{rng.choice(['', 'R-', 'INV'])}{rng.randint(1000, 999999)}"
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))

    d = docx.Document()
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.0)
    style = d.styles["Normal"]
    style.font.name = rng.choice(["Liberation Sans", "Liberation Serif", "DejaVu Sans"])
    style.font.size = Pt(rng.choice([9, 10]))
    d.add_paragraph().add_run(SELLERS[lang]).bold = True
    d.add_paragraph(f"{tl['title']}")
    d.add_paragraph(f"{tl['no']}: {inv_no}")
    d.add_paragraph(f"{tl['date']}: {date.strftime('%d.%m.%Y' if lang == 'de' else '%d/%m/%Y')}")
    d.add_paragraph("")

    def right_tabs(p, stops):
        for pos in stops:
            p.paragraph_format.tab_stops.add_tab_stop(pos, WD_TAB_ALIGNMENT.RIGHT)

    def shade(cell, color: str) -> None:
        tc_pr = cell._tc.get_or_add_tcPr()
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:fill"), color)
        tc_pr.append(shd)

    if layout == "D2":
        order = [c for c in order if c != "vat"]  # three number columns fit the tab stops
        # one paragraph per item: description at the left, numbers at right tab stops
        num_cols = [c for c in order if c not in ("desc", "code")]
        lead = [c for c in order if c in ("desc", "code")]
        stops = [Cm(17.0 - 3.2 * (len(num_cols) - 1 - i)) for i in range(len(num_cols))]
        hp = d.add_paragraph()
        right_tabs(hp, stops)
        hp.add_run(" / ".join(heads[c] for c in lead) + "\t" + "\t".join(
            heads[c] for c in num_cols)).bold = True
        for r in rows:
            p = d.add_paragraph()
            right_tabs(p, stops)
            left = " ".join(r[c] if c != "desc" else r["desc"][0] for c in lead)
            p.add_run(left + "\t" + "\t".join(r[c] for c in num_cols))
            p.paragraph_format.space_after = Pt(1)
            if r["desc"][1]:
                d.add_paragraph(r["desc"][1]).paragraph_format.space_after = Pt(1)
        d.add_paragraph("")
        for label, v in totals:
            p = d.add_paragraph()
            right_tabs(p, [Cm(17.0)])
            p.add_run(f"{label}\t{_fmt(v, lang, grouped)}")
            p.paragraph_format.space_after = Pt(0)
    else:
        t = d.add_table(rows=1, cols=len(order))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        if layout == "D1":
            t.style = "Table Grid"
        for j, c in enumerate(order):
            cell = t.rows[0].cells[j]
            cell.text = ""
            cell.paragraphs[0].add_run(heads[c]).bold = True
            if layout == "D1":
                shade(cell, "D9D9D9")
        tr_pr = t.rows[0]._tr.get_or_add_trPr()
        rep = OxmlElement("w:tblHeader")
        rep.set(qn("w:val"), "true")
        tr_pr.append(rep)  # the header row repeats on every page
        for r in rows:
            cells = t.add_row().cells
            for j, c in enumerate(order):
                if c == "desc":
                    cells[j].text = r["desc"][0]
                    if r["desc"][1]:
                        sub = cells[j].add_paragraph()
                        run = sub.add_run(r["desc"][1])
                        run.italic = True
                else:
                    cells[j].text = r[c]
                    if c != "code":
                        cells[j].paragraphs[0].alignment = 2  # right
        if layout == "D3":
            for label, v in totals:
                cells = t.add_row().cells
                merged = cells[0].merge(cells[len(order) - 2])
                merged.text = label
                merged.paragraphs[0].alignment = 2
                cells[-1].text = _fmt(v, lang, grouped)
                cells[-1].paragraphs[0].alignment = 2
        else:
            d.add_paragraph("")
            tt = d.add_table(rows=0, cols=2)
            tt.alignment = WD_TABLE_ALIGNMENT.RIGHT
            for label, v in totals:
                cells = tt.add_row().cells
                cells[0].text = label
                cells[1].text = _fmt(v, lang, grouped)
                cells[1].paragraphs[0].alignment = 2
        for j, c in enumerate(order):
            for row in t.rows:
                row.cells[j].width = Cm(6.5) if c == "desc" else Cm(2.4)
    d.add_paragraph("")
    iban = f"IBAN NL{rng.randint(10, 99)} ABNA 0{rng.randint(100000000, 999999999)}"
    d.add_paragraph(f"{SELLERS[lang]} · {iban}")
    buf = io.BytesIO()
    d.save(buf)
    truth = {"seller": SELLERS[lang], "invoice_number": inv_no,
             "invoice_date": date.isoformat(), "subtotal": float(subtotal),
             "tax_amount": float(tax), "total_amount": float(total)}
    return DocxInvoice(buf.getvalue(), truth, items, {
        "layout": layout, "lang": lang, "long": long_table, "columns": "-".join(order)})


def _content_key(data: bytes) -> str:
    """A hash of the document's parts, not of the zip (whose entries carry the save time)."""
    import zipfile

    h = hashlib.sha1()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            h.update(name.encode())
            h.update(z.read(name))
    return h.hexdigest()


def render_docx_pdf(data: bytes, cache_dir: str | None = None) -> bytes:
    """Convert with LibreOffice (one short-lived process per call; cached by content)."""
    return cached_pdf(_content_key(data), cache_dir, lambda: office_to_pdf(data, ".docx"))
