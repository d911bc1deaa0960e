"""A fourth invoice generator: spreadsheets (openpyxl) printed to PDF by LibreOffice Calc, some
of them then scanned (rendered to a 150-200 dpi grey image with skew and noise, wrapped as an
image-only PDF, so they go through the OCR path).

Written after the line-item rules had been tuned on the reportlab, HTML and DOCX generators,
and fixed before the engine first ran on it. What it has that those do not:

- ``C1`` a cell grid with a filled header row (repeated on each page), a position column,
  numbers as real numeric cells in English (Calc formats them), totals as label/value cells
  under the last two columns;
- ``C2`` no rules but a line under the header, the header not repeated on page 2, an item
  followed by sub-rows: a serial-number line (text only, not part of the item) and a fee
  (its own item, indented, with its own numbers);
- ``C3`` hairlines between rows and a dark header, the description right of the quantity and
  unit price, codes in brackets inside descriptions, totals as rows of the same grid with a
  merged label cell.

A seed picks the language (en, de, fr, nl), header words, number locale, column order, extra
columns (unit of measure, VAT rate, code), 3-9 items or 28-40 (two pages), descriptions on
two lines inside one cell, the totals (discount, freight) and whether the invoice is scanned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .office_pdf import cached_pdf, format_amount, money, office_to_pdf

__all__ = ["CalcInvoice", "LAYOUTS", "make_calc_invoice", "render_calc_pdf", "scan_pdf"]

LAYOUTS = ("C1", "C2", "C3")
LANGS = ("en", "de", "fr", "nl")

HEADS: dict[str, dict[str, list[str]]] = {
    "en": {"desc": ["Description", "Item", "Particulars", "Goods"],
           "qty": ["Qty", "Quantity", "QTY", "Count"],
           "unit": ["Unit Price", "Each", "List price", "Price"],
           "amount": ["Amount", "Extension", "Line Total", "Value"],
           "code": ["Part #", "Item No."], "pos": ["#", "Line"], "uom": ["UoM", "Unit"],
           "vat": ["Tax %", "VAT"]},
    "de": {"desc": ["Beschreibung", "Leistung", "Warenbezeichnung", "Text"],
           "qty": ["Menge", "Anz.", "Stück", "Stk."],
           "unit": ["Einzelpreis", "E-Preis", "Preis/Stk.", "Stückpreis"],
           "amount": ["Betrag", "Gesamtpreis", "G-Preis", "Summe"],
           "code": ["Art.-Nr.", "Artikel-Nr."], "pos": ["Pos.", "Position"],
           "uom": ["Einheit", "ME"], "vat": ["MwSt.", "USt %"]},
    "fr": {"desc": ["Désignation", "Libellé", "Description", "Article"],
           "qty": ["Qté", "Quantité", "Qte"],
           "unit": ["PU HT", "Prix unit. HT", "Prix unitaire"],
           "amount": ["Montant HT", "Total HT", "Montant"],
           "code": ["Réf.", "Code article"], "pos": ["N°", "Ligne"], "uom": ["Unité", "U."],
           "vat": ["TVA %", "Taux TVA"]},
    "nl": {"desc": ["Omschrijving", "Artikel", "Product"],
           "qty": ["Aantal", "Aant.", "Hoeveelheid"],
           "unit": ["Prijs", "Stukprijs", "Prijs per stuk"],
           "amount": ["Bedrag", "Totaal"],
           "code": ["Artikelnummer", "Art.nr."], "pos": ["Nr.", "Regel"],
           "uom": ["Eenheid"], "vat": ["BTW %", "Btw"]},
}
TOTALS: dict[str, dict[str, list[str]]] = {
    "en": {"sub": ["Subtotal", "Net total", "Total excl. VAT"],
           "tax": ["VAT {r}%", "Sales tax ({r}%)"], "total": ["Total due", "TOTAL", "Amount due"],
           "ship": ["Freight", "Shipping & handling"], "disc": ["Discount {d}%"],
           "title": ["INVOICE", "Tax Invoice"], "no": ["Invoice No.", "Invoice #"],
           "date": ["Invoice Date", "Date"]},
    "de": {"sub": ["Zwischensumme", "Netto", "Summe netto"],
           "tax": ["MwSt. {r}%", "zzgl. {r}% USt."], "total": ["Endbetrag", "Gesamtbetrag",
           "Rechnungsbetrag"], "ship": ["Fracht", "Versandkosten"], "disc": ["Rabatt {d}%"],
           "title": ["RECHNUNG", "Rechnung"], "no": ["Rechnungs-Nr.", "Rechnungsnummer"],
           "date": ["Rechnungsdatum", "Datum"]},
    "fr": {"sub": ["Total HT", "Sous-total", "Montant HT"],
           "tax": ["TVA {r}%", "TVA ({r} %)"], "total": ["Total TTC", "Net à payer",
           "Montant TTC"], "ship": ["Frais de port", "Transport"], "disc": ["Remise {d}%"],
           "title": ["FACTURE", "Facture"], "no": ["Facture n°", "N° de facture"],
           "date": ["Date de facture", "Date"]},
    "nl": {"sub": ["Subtotaal", "Totaal excl. btw", "Netto bedrag"],
           "tax": ["Btw {r}%", "BTW ({r}%)"], "total": ["Totaal incl. btw", "Te betalen",
           "Totaal"], "ship": ["Verzendkosten", "Vracht"], "disc": ["Korting {d}%"],
           "title": ["FACTUUR", "Factuur"], "no": ["Factuurnummer", "Factuur nr."],
           "date": ["Factuurdatum", "Datum"]},
}
GOODS = {
    "en": ["USB-C docking station (DK-2231)", "Toner cartridge black [TN-2420]",
           "Wall bracket, steel", "Network switch 24-port", "Installation labour",
           "Whiteboard 120 x 90 cm", "Extension lead 5 m (EL-5)", "Monitor arm, dual",
           "Consulting hours", "Paper A4 80 g, box"],
    "de": ["Dockingstation USB-C (DK-2231)", "Tonerkartusche schwarz [TN-2420]",
           "Wandhalterung Stahl", "Netzwerk-Switch 24 Port", "Montagearbeiten",
           "Whiteboard 120 x 90 cm", "Verlängerungskabel 5 m (EL-5)", "Monitorhalter doppelt",
           "Beratungsstunden", "Kopierpapier A4 80 g, Karton"],
    "fr": ["Station d'accueil USB-C (DK-2231)", "Cartouche de toner noir [TN-2420]",
           "Support mural acier", "Commutateur réseau 24 ports", "Main-d'oeuvre installation",
           "Tableau blanc 120 x 90 cm", "Rallonge 5 m (EL-5)", "Bras d'écran double",
           "Heures de conseil", "Papier A4 80 g, carton"],
    "nl": ["Dockingstation USB-C (DK-2231)", "Tonercartridge zwart [TN-2420]",
           "Muurbeugel staal", "Netwerkswitch 24 poorten", "Installatiewerk",
           "Whiteboard 120 x 90 cm", "Verlengsnoer 5 m (EL-5)", "Monitorarm dubbel",
           "Adviesuren", "Papier A4 80 g, doos"],
}
SECOND = {"en": ["colour: anthracite", "incl. mounting kit", "as per quote Q-3307"],
          "de": ["Farbe: anthrazit", "inkl. Montageset", "gemäß Angebot Q-3307"],
          "fr": ["coloris : anthracite", "kit de fixation inclus", "selon devis Q-3307"],
          "nl": ["kleur: antraciet", "incl. montageset", "volgens offerte Q-3307"]}
SERIAL = {"en": "Serial no.: {s}", "de": "Seriennummer: {s}", "fr": "N° de série : {s}",
          "nl": "Serienummer: {s}"}
FEE = {"en": "Recycling fee (WEEE)", "de": "Entsorgungsgebühr (WEEE)",
       "fr": "Éco-participation DEEE", "nl": "Verwijderingsbijdrage"}
UOM = {"en": ["pcs", "h", "box"], "de": ["Stk", "Std", "Karton"], "fr": ["pce", "h", "carton"],
       "nl": ["st", "uur", "doos"]}
SELLERS = {"en": "Harbour Line Supplies Ltd", "de": "Brenner Elektrotechnik GmbH",
           "fr": "Atelier Fournier SAS", "nl": "De Wit Kantoortechniek B.V."}
RATES = {"en": 20, "de": 19, "fr": 20, "nl": 21}
ORDERS = {
    "C1": [["pos", "desc", "qty", "unit", "amount"], ["pos", "code", "desc", "qty", "uom", "unit",
           "amount"], ["desc", "qty", "unit", "vat", "amount"]],
    "C2": [["desc", "qty", "unit", "amount"], ["code", "desc", "qty", "unit", "amount"],
           ["qty", "desc", "unit", "amount"]],
    "C3": [["qty", "unit", "desc", "amount"], ["pos", "qty", "uom", "desc", "unit", "amount"],
           ["code", "qty", "desc", "unit", "vat", "amount"]],
}


@dataclass
class CalcInvoice:
    xlsx: bytes
    truth: dict
    items: list[dict] = field(default_factory=list)
    style: dict = field(default_factory=dict)


def _fmt(v: Decimal, lang: str, grouped: bool, decimals: int = 2) -> str:
    return format_amount(v, lang, grouped, decimals, french_group="\u00a0")


def _rows(rng: random.Random, lang: str, n: int, layout: str) -> tuple[list[dict], list[dict]]:
    """The printed rows (item rows, serial-number rows, fee rows) and the expected items."""
    rate = RATES[lang]
    items: list[dict] = []
    rows: list[dict] = []
    for _ in range(n):
        name = rng.choice(GOODS[lang])
        second = rng.choice(SECOND[lang]) if rng.random() < 0.25 else ""
        if rng.random() < 0.8:
            qty = Decimal(rng.choice([1, 1, 2, 3, 4, 6, 10, 25]))
        else:
            qty = Decimal(rng.choice(["0.5", "1.5", "7.5"]))
        unit = money(Decimal(rng.randint(95, 250000)) / 100)
        amount = money(qty * unit)
        desc = f"{name} {second}".strip()
        items.append({"description": desc, "quantity": float(qty), "unit_price": float(unit),
                      "total": float(amount)})
        rows.append({"kind": "item", "desc": (name, second), "qty": qty, "unit": unit,
                     "amount": amount, "code": f"{rng.choice('ABKM')}{rng.randint(1000, 9999)}",
                     "uom": rng.choice(UOM[lang]), "vat": f"{rate}%"})
        if layout == "C2" and rng.random() < 0.3:
            serial = f"{rng.choice(['SN', 'S'])}{rng.randint(10 ** 7, 10 ** 8)}" \
                     f"{rng.choice('XYZK')}"
            rows.append({"kind": "serial", "desc": (SERIAL[lang].format(s=serial), "")})
        if layout == "C2" and rng.random() < 0.15:
            fee = money(Decimal(rng.choice([50, 125, 350, 424])) / 100)
            fq = Decimal(1)
            items.append({"description": FEE[lang], "quantity": 1.0, "unit_price": float(fee),
                          "total": float(fee)})
            rows.append({"kind": "fee", "desc": (FEE[lang], ""), "qty": fq, "unit": fee,
                         "amount": fee, "code": "", "uom": UOM[lang][0], "vat": f"{rate}%"})
    return rows, items


def make_calc_invoice(seed: int) -> CalcInvoice:
    import openpyxl
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    rng = random.Random(f"calc-invoice-{seed}")
    layout = LAYOUTS[seed % len(LAYOUTS)]
    lang = LANGS[(seed // len(LAYOUTS)) % len(LANGS)]
    grouped = rng.random() < 0.7
    numeric = lang == "en" and layout == "C1"  # Calc formats real numbers (en-US)
    heads = {k: rng.choice(v) for k, v in HEADS[lang].items()}
    tl = {k: rng.choice(v) for k, v in TOTALS[lang].items()}
    order = rng.choice(ORDERS[layout])
    long_table = rng.random() < 0.3
    n = rng.randint(28, 40) if long_table else rng.randint(3, 9)
    rows, items = _rows(rng, lang, n, layout)
    rate = RATES[lang]
    subtotal = sum((Decimal(str(i["total"])) for i in items), Decimal(0))
    disc_pct = rng.choice([0, 0, 3, 5])
    discount = money(subtotal * disc_pct / 100)
    shipping = money(Decimal(rng.choice([0, 0, 0, 1250, 2490])) / 100)
    net = subtotal - discount + shipping
    tax = money(net * rate / 100)
    total = net + tax
    totals = [(tl["sub"], subtotal)]
    if discount:
        totals.append((tl["disc"].format(d=disc_pct), -discount))
    if shipping:
        totals.append((tl["ship"], shipping))
    totals += [(tl["tax"].format(r=rate), tax), (tl["total"], total)]
    inv_no = f"{rng.choice(['', 'F', 'RE-', 'INV-'])}{rng.randint(10000, 999999)}"
    date = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    datefmt = {"en": "%d %b %Y", "de": "%d.%m.%Y", "fr": "%d/%m/%Y", "nl": "%d-%m-%Y"}[lang]
    scan = rng.random() < 0.4

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Invoice"
    font = rng.choice(["Liberation Sans", "DejaVu Sans", "Liberation Serif"])
    size = rng.choice([9, 10])
    ncol = len(order)
    widths = {"desc": 44, "pos": 6, "code": 11, "qty": 8, "uom": 8, "unit": 13, "amount": 14,
              "vat": 8}
    for j, c in enumerate(order, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths[c]
    plain = Font(name=font, size=size)
    bold = Font(name=font, size=size, bold=True)

    def put(r: int, c: int, value, fnt=plain, align: str | None = None, wrap: bool = False):
        cell = ws.cell(row=r, column=c, value=value)
        cell.font = fnt
        cell.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        return cell

    put(1, 1, SELLERS[lang], Font(name=font, size=size + 4, bold=True))
    put(2, 1, {"en": "14 Quay Street, Bristol BS1 4DJ", "de": "Lindenweg 8, 04109 Leipzig",
               "fr": "12 rue des Tanneurs, 67000 Strasbourg",
               "nl": "Havenkade 31, 3011 AB Rotterdam"}[lang])
    put(4, 1, tl["title"], Font(name=font, size=size + 2, bold=True))
    put(5, 1, f"{tl['no']}: {inv_no}")
    put(6, 1, f"{tl['date']}: {date.strftime(datefmt)}")
    r = 8
    head_row = r
    thin = Side(style="thin", color="000000")
    hair = Side(style="thin", color="999999")
    for j, c in enumerate(order, start=1):
        right = c in ("qty", "unit", "amount", "vat")
        cell = put(r, j, heads[c], bold, "right" if right else "left")
        if layout == "C1":
            cell.fill = PatternFill("solid", fgColor="D0D0D0")
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        elif layout == "C2":
            cell.border = Border(bottom=thin)
        else:
            cell.fill = PatternFill("solid", fgColor="303030")
            cell.font = Font(name=font, size=size, bold=True, color="FFFFFF")
    pos = 0
    cut = len(rows) * 3 // 5 if long_table else -1  # a manual page break inside the items
    for k, row in enumerate(rows):
        r += 1
        if row["kind"] == "item":
            pos += 1
        if k == cut:
            ws.row_breaks.append(Break(id=r - 1))
        for j, c in enumerate(order, start=1):
            if c == "desc":
                name, second = row["desc"]
                cell = put(r, j, f"{name}\n{second}" if second else name, wrap=bool(second))
                if second:  # Calc does not grow a row for a wrapped cell of an .xlsx by itself
                    ws.row_dimensions[r].height = 2.5 * size + 3
                if row["kind"] != "item":
                    cell.alignment = Alignment(indent=2, vertical="top")
            elif row["kind"] == "serial":
                cell = put(r, j, None)
            elif c == "pos":
                cell = put(r, j, pos if row["kind"] == "item" else None, align="left")
            elif c in ("code", "uom", "vat"):
                cell = put(r, j, row[c] or None, align="right" if c == "vat" else "left")
            elif numeric:
                cell = put(r, j, float(row[c]), align="right")
                cell.number_format = ("#,##0.00" if grouped else "0.00") if c != "qty" \
                    else ("0" if row[c] == row[c].to_integral_value() else "0.0")
            else:
                v = row[c]
                dec = 2 if c != "qty" else (0 if v == v.to_integral_value() else 1)
                cell = put(r, j, _fmt(v, lang, grouped, dec), align="right")
            if layout == "C1":
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            elif layout == "C3":
                cell.border = Border(bottom=hair)
    r += 1 if layout != "C2" else 2
    for label, v in totals:
        if layout == "C3":
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol - 1)
            put(r, 1, label, bold if label == tl["total"] else plain, "right")
        else:
            put(r, ncol - 1, label, bold if label == tl["total"] else plain,
                "right" if layout == "C1" else "left")
        cell = put(r, ncol, float(v) if numeric else _fmt(v, lang, grouped), align="right")
        if numeric:
            cell.number_format = "#,##0.00" if grouped else "0.00"
        r += 1
    r += 1
    put(r, 1, f"IBAN DE{rng.randint(10, 99)} 3704 0044 0{rng.randint(100000000, 999999999)}"
              f" · {SELLERS[lang]}")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    # the columns scaled to the page width (a fit-to-page would also fit the height and drop
    # the manual page break)
    ws.page_setup.scale = min(100, int(100 * 470 / (sum(widths[c] for c in order) * 7.0)))
    ws.print_area = f"A1:{get_column_letter(ncol)}{r}"
    if layout != "C2":
        ws.print_title_rows = f"{head_row}:{head_row}"  # the header repeats on each page
    buf = io.BytesIO()
    wb.save(buf)
    truth = {"seller": SELLERS[lang], "invoice_number": inv_no,
             "invoice_date": date.isoformat(), "subtotal": float(subtotal),
             "tax_amount": float(tax), "total_amount": float(total)}
    return CalcInvoice(buf.getvalue(), truth, items, {
        "layout": layout, "lang": lang, "long": long_table, "scan": scan,
        "columns": "-".join(order), "seed": seed})


def _content_key(data: bytes, extra: str) -> str:
    """A hash of the workbook's parts (not of the zip, nor of docProps, which carry the save
    time) and of how it is printed."""
    import zipfile

    h = hashlib.sha1(extra.encode())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in sorted(z.namelist()):
            if not name.startswith("docProps/"):
                h.update(name.encode())
                h.update(z.read(name))
    return h.hexdigest()


def scan_pdf(pdf: bytes, seed: int, angle: float | None = None) -> bytes:
    """The pages as a scanner gives them: grey, 150-200 dpi, turned by up to 0.8 degrees (or
    by ``angle``), with sensor noise and a soft edge, wrapped as an image-only PDF."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(f"calc-scan-{seed}")
    nrng = np.random.default_rng(seed)
    dpi = rng.choice([150, 175, 200])
    drawn = rng.uniform(-0.8, 0.8)
    angle = drawn if angle is None else angle
    pages = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            img = doc[i].render(scale=dpi / 72).to_pil().convert("L")
            img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.5))
            arr = np.asarray(img, dtype=np.float32) + nrng.normal(0, 9, (img.height, img.width))
            pages.append(Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)))
    finally:
        doc.close()
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def render_calc_pdf(inv: CalcInvoice, cache_dir: str | None = None,
                    scan: bool | None = None) -> bytes:
    """Print with LibreOffice Calc (one short-lived process per call), then scan when the
    invoice (or ``scan``) says so; cached by content."""
    scan = inv.style["scan"] if scan is None else scan
    key = _content_key(inv.xlsx, f"scan={scan}:{inv.style['seed']}")

    def make() -> bytes:
        out = office_to_pdf(inv.xlsx, ".xlsx")
        return scan_pdf(out, inv.style["seed"]) if scan else out

    return cached_pdf(key, cache_dir, make)
