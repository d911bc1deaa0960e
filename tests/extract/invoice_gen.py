"""Synthetic invoices drawn with reportlab, with their true field values and line items.

Used by the line-item tests and by ``bench/extract_eval.py --synthetic`` (an invoice set
whose layouts nobody tuned on). A seed picks a language (en/de/fr/nl/es: labels, number
and date formats), a table style (full grid, horizontal rules only, no rules, zebra
fills), a column set and order, one- or two-line descriptions, whether the table continues
on page 2, and where the totals go (a box under the table or rows inside it). Templates
``T1``-``T3`` are the tuning layouts, ``T4``-``T6`` the validation layouts (other page
arrangements: a coloured page header, boxed meta fields, dark table headers; other schema
names). T4-T5 share the header wordings and column orders of the tuning pages; T6, added
last and never tuned on, has column headers on two lines, vertical rules only, a discount
column, carried-forward rows at a page break and Swiss 1'234.50 numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["Invoice", "Style", "make_invoice", "style_for", "TUNING", "VALIDATION", "SCHEMAS"]

TUNING = ("T1", "T2", "T3")
VALIDATION = ("T4", "T5", "T6")

# column key -> header per language
HEAD = {
    "en": {
        "pos": "#", "sku": "Item No.", "desc": "Description", "qty": "Qty",
        "unit": "Unit Price", "uom": "Unit", "vat": "VAT %", "amount": "Amount",
    },
    "de": {
        "pos": "Pos.", "sku": "Art.-Nr.", "desc": "Bezeichnung", "qty": "Menge",
        "unit": "Einzelpreis", "uom": "Einheit", "vat": "MwSt.", "amount": "Gesamtpreis",
    },
    "fr": {
        "pos": "N°", "sku": "Réf.", "desc": "Désignation", "qty": "Qté",
        "unit": "Prix unit. HT", "uom": "Unité", "vat": "TVA", "amount": "Montant HT",
    },
    "nl": {
        "pos": "Nr.", "sku": "Artikelnr.", "desc": "Omschrijving", "qty": "Aantal",
        "unit": "Prijs per stuk", "uom": "Eenheid", "vat": "BTW", "amount": "Bedrag",
    },
    "es": {
        "pos": "Nº", "sku": "Código", "desc": "Concepto", "qty": "Cantidad",
        "unit": "Precio unitario", "uom": "Unidad", "vat": "IVA", "amount": "Importe",
    },
}
DISC_HEAD = {"en": "Disc. %", "de": "Rabatt", "fr": "Remise", "nl": "Korting", "es": "Dto."}
CARRY = {
    "en": ("Carried forward", "Brought forward"), "de": ("Übertrag", "Übertrag"),
    "fr": ("À reporter", "Report"), "nl": ("Transport", "Transport"),
    "es": ("Suma y sigue", "Suma anterior"),
}
# other header wordings used by the validation templates
HEAD_ALT = {
    "en": {"desc": "Item", "qty": "Quantity", "unit": "Rate", "amount": "Line Total",
           "sku": "SKU", "vat": "Tax"},
    "de": {"desc": "Leistung", "qty": "Anzahl", "unit": "Preis/Einh.", "amount": "Betrag",
           "sku": "Artikelnummer", "vat": "USt."},
    "fr": {"desc": "Description", "qty": "Quantité", "unit": "P.U.", "amount": "Total HT",
           "sku": "Référence", "vat": "Taux TVA"},
    "nl": {"desc": "Artikel", "qty": "Hoeveelheid", "unit": "Stukprijs", "amount": "Totaal",
           "sku": "Code", "vat": "BTW %"},
    "es": {"desc": "Descripción", "qty": "Cant.", "unit": "Precio", "amount": "Total",
           "sku": "Ref.", "vat": "% IVA"},
}
WORDS = {
    "en": dict(title="INVOICE", no="Invoice No.", date="Invoice Date", order="Order No.",
               cust="Customer No.", bill="Bill to", sub="Subtotal", tax="VAT", total="Total",
               grand="Grand Total", paid="Payment received", bal="Balance due",
               cont="Continued on next page", page="Page", ship="Shipping"),
    "de": dict(title="RECHNUNG", no="Rechnungsnr.", date="Rechnungsdatum", order="Bestellnr.",
               cust="Kundennr.", bill="Rechnungsadresse", sub="Zwischensumme", tax="MwSt.",
               total="Gesamtbetrag", grand="Rechnungsbetrag", paid="Bereits bezahlt",
               bal="Offener Betrag", cont="Fortsetzung auf Seite 2", page="Seite",
               ship="Versandkosten"),
    "fr": dict(title="FACTURE", no="Facture N°", date="Date de facture", order="Commande N°",
               cust="Client N°", bill="Facturé à", sub="Total HT", tax="TVA", total="Total TTC",
               grand="Net à payer", paid="Acompte versé", bal="Reste à payer",
               cont="Suite page suivante", page="Page", ship="Frais de port"),
    "nl": dict(title="FACTUUR", no="Factuurnummer", date="Factuurdatum", order="Ordernummer",
               cust="Klantnummer", bill="Factuuradres", sub="Subtotaal", tax="BTW",
               total="Totaal", grand="Te betalen", paid="Reeds betaald", bal="Openstaand",
               cont="Vervolg op volgende pagina", page="Pagina", ship="Verzendkosten"),
    "es": dict(title="FACTURA", no="Nº de factura", date="Fecha", order="Nº de pedido",
               cust="Nº de cliente", bill="Facturar a", sub="Base imponible", tax="IVA",
               total="Total", grand="Total a pagar", paid="Pagado", bal="Pendiente",
               cont="Continúa en la página siguiente", page="Página", ship="Envío"),
}
MONTHS = {
    "en": "January February March April May June July August September October November "
          "December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
}
PRODUCTS = {
    "en": ["Office chair ergonomic", "Standing desk frame", "Monitor arm dual", "USB-C dock",
           "Wireless keyboard", "Laser printer toner black", "Consulting hours",
           "Network cable Cat6 5 m", "Annual software licence", "On-site installation",
           "Paper A4 80 g box", "Webcam full HD", "Cloud backup 1 TB", "Training workshop"],
    "de": ["Bürostuhl ergonomisch", "Schreibtischlampe LED", "Beratungsleistung Stunden",
           "Netzwerkkabel Cat6 5 m", "Softwarelizenz jährlich", "Montage vor Ort",
           "Kopierpapier A4 80 g", "Druckerpatrone schwarz", "Monitorhalterung doppelt",
           "Tastatur kabellos", "Wartungsvertrag Quartal", "Schulung Grundlagen"],
    "fr": ["Chaise de bureau ergonomique", "Lampe de bureau LED", "Prestation de conseil",
           "Câble réseau Cat6 5 m", "Licence logicielle annuelle", "Installation sur site",
           "Papier A4 80 g carton", "Cartouche d'encre noire", "Support écran double",
           "Clavier sans fil", "Contrat de maintenance", "Formation initiale"],
    "nl": ["Bureaustoel ergonomisch", "Bureaulamp LED", "Advieswerkzaamheden uren",
           "Netwerkkabel Cat6 5 m", "Softwarelicentie jaarlijks", "Installatie op locatie",
           "Printpapier A4 80 g doos", "Inktcartridge zwart", "Monitorarm dubbel",
           "Draadloos toetsenbord", "Onderhoudscontract", "Training basis"],
    "es": ["Silla de oficina ergonómica", "Lámpara de escritorio LED", "Horas de consultoría",
           "Cable de red Cat6 5 m", "Licencia de software anual", "Instalación in situ",
           "Papel A4 80 g caja", "Cartucho de tinta negro", "Soporte de monitor doble",
           "Teclado inalámbrico", "Contrato de mantenimiento", "Formación básica"],
}
DETAILS = {
    "en": ["incl. 2 year warranty", "colour: anthracite grey, delivered assembled",
           "period 01-31 March", "serial SN-48213-AX"],
    "de": ["inkl. 2 Jahre Garantie", "Farbe: anthrazitgrau, montiert geliefert",
           "Zeitraum 01.-31. März", "Seriennr. SN-48213-AX"],
    "fr": ["garantie 2 ans incluse", "coloris : gris anthracite, livré monté",
           "période du 1er au 31 mars", "n° de série SN-48213-AX"],
    "nl": ["incl. 2 jaar garantie", "kleur: antraciet grijs, gemonteerd geleverd",
           "periode 1-31 maart", "serienummer SN-48213-AX"],
    "es": ["incl. 2 años de garantía", "color: gris antracita, entregado montado",
           "periodo 1-31 de marzo", "n.º de serie SN-48213-AX"],
}
VENDORS = {
    "en": ("Northwind Office Supplies Ltd", "221 Baker Street", "London NW1 6XE", "£", "GBP"),
    "de": ("Müller & Söhne GmbH", "Hauptstraße 42", "80331 München", "€", "EUR"),
    "fr": ("Papeterie Lefèvre SARL", "18 rue des Lilas", "69003 Lyon", "€", "EUR"),
    "nl": ("De Vries Kantoorartikelen B.V.", "Keizersgracht 112", "1015 CW Amsterdam", "€",
           "EUR"),
    "es": ("Suministros García S.L.", "Calle Mayor 27", "28013 Madrid", "€", "EUR"),
}
VENDORS_ALT = {
    "en": ("Bluebird Consulting Inc.", "4557 Silva Street", "Fremont, CA 94538", "$", "USD"),
    "de": ("Alpen Technik AG", "Bahnhofstrasse 9", "8001 Zürich", "CHF", "CHF"),
    "fr": ("Atelier Dubois SAS", "7 avenue Foch", "75116 Paris", "€", "EUR"),
    "nl": ("Jansen Installatietechniek B.V.", "Stationsweg 3", "3511 ED Utrecht", "€", "EUR"),
    "es": ("Distribuciones Ruiz S.A.", "Avenida Diagonal 640", "08017 Barcelona", "€", "EUR"),
}
CUSTOMERS = [("Taylor Riddel", "93 Harbour View", "0000 Springfield"),
             ("Anna Schmidt", "Lindenweg 7", "10115 Berlin"),
             ("Pierre Martin", "3 place Bellecour", "69002 Lyon")]
RATES = {"en": 20, "de": 19, "fr": 20, "nl": 21, "es": 21}


@dataclass
class Style:
    template: str
    lang: str
    table: str  # grid | rules | plain | zebra
    columns: tuple[str, ...]
    two_line: bool
    pages: int
    totals_in_table: bool
    alt_heads: bool = False
    numbers_low: bool = False  # a two-line row prints its numbers on its last line


@dataclass
class Invoice:
    pdf: bytes
    style: Style
    truth: dict
    items: list[dict] = field(default_factory=list)


def _money(v: Decimal, lang: str) -> str:
    s = f"{v:,.2f}"
    if lang == "en":
        return s
    if lang == "fr":
        return s.replace(",", " ").replace(".", ",")
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


def _qty(v: Decimal, lang: str) -> str:
    if v == v.to_integral_value():
        return str(int(v))
    return _money(v, lang).rstrip("0").rstrip(",.") if lang != "en" else f"{v:.1f}"


def _date(d: dt.date, lang: str, rng: random.Random) -> str:
    months = MONTHS[lang].split()
    m = months[d.month - 1]
    fmt = rng.choice([0, 1])
    if lang == "en":
        return f"{m} {d.day}, {d.year}" if fmt else f"{d.day} {m} {d.year}"
    if lang == "de":
        return f"{d.day}. {m} {d.year}" if fmt else d.strftime("%d.%m.%Y")
    if lang == "fr":
        return f"{d.day} {m} {d.year}" if fmt else d.strftime("%d/%m/%Y")
    if lang == "nl":
        return f"{d.day} {m} {d.year}" if fmt else d.strftime("%d-%m-%Y")
    return f"{d.day} de {m} de {d.year}" if fmt else d.strftime("%d/%m/%Y")


def style_for(seed: int, templates: tuple[str, ...]) -> Style:
    rng = random.Random(seed * 7919 + 17)
    template = templates[seed % len(templates)]
    lang = ["en", "de", "fr", "nl", "es"][(seed // len(templates)) % 5]
    if template == "T6":
        columns = rng.choice([
            ("pos", "desc", "qty", "unit", "disc", "amount"),
            ("desc", "qty", "uom", "unit", "amount"),
            ("sku", "desc", "qty", "unit", "disc", "amount"),
        ])
    elif template in ("T4", "T5"):
        columns = rng.choice([
            ("qty", "desc", "unit", "amount"),
            ("sku", "desc", "uom", "qty", "unit", "vat", "amount"),
            ("desc", "unit", "qty", "amount"),
            ("pos", "qty", "sku", "desc", "unit", "amount"),
        ])
    else:
        columns = rng.choice([
            ("desc", "qty", "unit", "amount"),
            ("pos", "desc", "qty", "unit", "amount"),
            ("sku", "desc", "qty", "unit", "vat", "amount"),
            ("pos", "sku", "desc", "qty", "uom", "unit", "amount"),
            ("qty", "sku", "desc", "unit", "vat", "amount"),
            ("pos", "desc", "unit", "qty", "uom", "amount"),
            ("pos", "qty", "desc", "unit", "vat", "amount"),
            ("qty", "desc", "unit", "amount"),
            ("desc", "unit", "qty", "amount"),
            ("sku", "desc", "uom", "qty", "unit", "vat", "amount"),
        ])
    return Style(
        template=template,
        lang=lang,
        table="vlines" if template == "T6" else rng.choice(["grid", "rules", "plain", "zebra"]),
        columns=columns,
        two_line=rng.random() < 0.45,
        pages=2 if rng.random() < (0.4 if template == "T6" else 0.25) else 1,
        totals_in_table=template in ("T2", "T5") and rng.random() < 0.6,
        alt_heads=template in ("T4", "T5") or rng.random() < 0.4,
        numbers_low=template != "T6" and rng.random() < 0.25,
    )


def _round(v: Decimal) -> Decimal:
    return v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def make_invoice(seed: int, style: Style | None = None) -> Invoice:
    """Draw one invoice; ``truth`` holds the scalar fields, ``items`` the line items."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    st = style or style_for(seed, TUNING)
    rng = random.Random(seed)
    lang = st.lang
    w = WORDS[lang]
    heads = dict(HEAD[lang])
    if st.alt_heads:
        heads.update(HEAD_ALT[lang])
    heads["disc"] = DISC_HEAD[lang]
    swiss = st.template == "T6" and lang == "de"
    # tuning pages also draw the other vendors (dollars, Swiss francs), right-aligned
    # position numbers and dark header rows, so that no currency or shading is unseen
    extra = random.Random(seed + 99991)
    alt_vendor = st.template in VALIDATION or extra.random() < 0.4
    pos_right = st.template == "T4" or extra.random() < 0.3
    dark_head = st.table == "zebra" or st.template == "T4" or extra.random() < 0.3
    vend = (VENDORS_ALT if alt_vendor else VENDORS)[lang]
    cur_sym, cur_code = vend[3], vend[4]
    n_items = rng.randint(40, 46) if st.pages == 2 else rng.randint(2, 7)
    products = PRODUCTS[lang]
    items = []
    for k in range(n_items):
        name = products[(seed + k * 5) % len(products)]
        desc = name
        if st.two_line and rng.random() < 0.6:
            desc = f"{name}\n{rng.choice(DETAILS[lang])}"
        qty = Decimal(rng.choice([1, 1, 2, 3, 4, 5, 10, 12])) if rng.random() < 0.85 else (
            Decimal(rng.choice(["1.5", "2.5", "7.5"])))
        unit = _round(Decimal(rng.randint(150, 250000)) / 100)
        disc = Decimal(rng.choice([0, 0, 5, 10])) if "disc" in st.columns else Decimal(0)
        amount = _round(qty * unit * (100 - disc) / 100)
        items.append({
            "description": " ".join(desc.split("\n")),
            "lines": desc.split("\n"),
            "quantity": float(qty),
            "unit_price": float(unit),
            "amount": float(amount),
            "sku": f"{rng.choice('ABKMR')}{rng.randint(10000, 99999)}",
            "vat_rate": RATES[lang],
            "uom": {"en": "pcs", "de": "Stk.", "fr": "pce", "nl": "st.", "es": "ud."}[lang],
            "disc": int(disc),
        })
    subtotal = sum(Decimal(str(i["amount"])) for i in items)
    tax = _round(subtotal * RATES[lang] / 100)
    total = subtotal + tax
    inv_no = f"{rng.choice(['INV', 'RE', 'F', 'FA', ''])}{rng.randint(2023, 2024)}-" \
             f"{rng.randint(1000, 99999)}"
    date = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
    order_no = str(rng.randint(1000000, 9999999))
    cust = CUSTOMERS[seed % len(CUSTOMERS)]

    def money(v) -> str:
        s = _money(Decimal(str(v)), lang)
        if swiss:
            s = f"{Decimal(str(v)):,.2f}".replace(",", "'")
        if st.template in ("T3", "T5"):
            return s  # the currency only in the totals / a note
        if cur_sym in ("€", "CHF") and lang != "nl":
            return f"{s} {cur_sym}"
        return f"{cur_sym} {s}" if cur_sym in ("€",) else f"{cur_sym}{s}"

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    pw, ph = A4
    font, bold = "Helvetica", "Helvetica-Bold"

    def text(x, y, s, size=9, f=font, right=False, color=(0, 0, 0)):
        c.setFillColorRGB(*color)
        c.setFont(f, size)
        if right:
            c.drawRightString(x, ph - y, s)
        else:
            c.drawString(x, ph - y, s)
        c.setFillColorRGB(0, 0, 0)

    # ---------------------------------------------------------------- page header
    def header(page_no: int) -> float:
        t = st.template
        if t == "T1":
            text(40, 60, vend[0], 16, bold)
            text(40, 76, vend[1])
            text(40, 88, vend[2])
            text(555, 60, w["title"], 18, bold, right=True)
            meta = [(w["no"], inv_no), (w["date"], _date(date, lang, rng)),
                    (w["order"], order_no), (w["cust"], str(rng.randint(10000, 99999)))]
            for k, (a, b) in enumerate(meta):
                text(360, 90 + 14 * k, a + ":")
                text(555, 90 + 14 * k, b, right=True)
            text(40, 130, w["bill"] + ":", 9, bold)
            for k, ln in enumerate(cust):
                text(40, 144 + 12 * k, ln)
            return 200
        if t == "T2":
            text(40, 55, w["title"], 20, bold)
            text(555, 50, vend[0], 12, bold, right=True)
            text(555, 64, f"{vend[1]}, {vend[2]}", 8, right=True)
            for k, (a, b) in enumerate([(w["no"], inv_no), (w["date"], _date(date, lang, rng)),
                                        (w["order"], order_no)]):
                text(40, 85 + 13 * k, a)
                text(150, 85 + 13 * k, b)
            text(330, 100, w["bill"], 8, bold)
            text(330, 112, cust[0] + ", " + cust[1] + ", " + cust[2], 8)
            return 150
        if t == "T3":
            text(40, 40, f"{vend[0]} - {vend[1]} - {vend[2]}", 7)
            for k, ln in enumerate(cust):
                text(40, 70 + 12 * k, ln, 10)
            text(40, 140, f"{w['title']} {inv_no}", 14, bold)
            text(400, 70, f"{w['date']}: {_date(date, lang, rng)}")
            text(400, 82, f"{w['cust']}: {rng.randint(10000, 99999)}")
            text(400, 94, f"{w['order']}: {order_no}")
            text(400, 106, f"{w['page']} {page_no}")
            return 170
        if t == "T4":
            c.setFillColorRGB(0.15, 0.25, 0.45)
            c.rect(0, ph - 80, pw, 80, stroke=0, fill=1)
            text(40, 45, vend[0], 15, bold, color=(1, 1, 1))
            text(40, 62, f"{vend[1]} · {vend[2]}", 8, color=(1, 1, 1))
            text(555, 50, w["title"], 16, bold, right=True, color=(1, 1, 1))
            text(40, 110, w["bill"].upper(), 7, bold)
            for k, ln in enumerate(cust):
                text(40, 122 + 11 * k, ln)
            for k, (a, b) in enumerate([(w["no"], inv_no), (w["date"], _date(date, lang, rng)),
                                        (w["order"], order_no)]):
                text(330, 110 + 13 * k, a, 8, bold)
                text(440, 110 + 13 * k, b, 9)
            return 175
        if t == "T6":
            c.setLineWidth(0.8)
            c.rect(340, ph - 100, 215, 70, stroke=1, fill=0)
            text(350, 48, vend[0], 11, bold)
            text(350, 62, vend[1], 8)
            text(350, 74, vend[2], 8)
            text(40, 50, w["title"], 22, bold)
            text(40, 80, f"{w['no']}: {inv_no}", 9)
            text(40, 93, f"{w['date']}: {_date(date, lang, rng)}", 9)
            text(200, 80, f"{w['order']}: {order_no}", 9)
            text(40, 120, ", ".join(cust), 9)
            return 150
        # T5: a row of meta labels over a row of values, boxed
        text(40, 50, vend[0], 13, bold)
        text(40, 63, vend[1] + " | " + vend[2], 8)
        text(555, 50, f"{w['title']}", 13, bold, right=True)
        for k, ln in enumerate(cust):
            text(330, 80 + 11 * k, ln)
        labels = [w["no"], w["date"], w["cust"], w["order"]]
        values = [inv_no, _date(date, lang, rng), str(rng.randint(10000, 99999)), order_no]
        for k, (a, b) in enumerate(zip(labels, values, strict=True)):
            x = 40 + 130 * k
            c.rect(x, ph - 150, 130, 30, stroke=1, fill=0)
            text(x + 4, 131, a, 7, bold)
            text(x + 4, 144, b, 9)
        return 180

    # ---------------------------------------------------------------- the table
    cols = list(st.columns)
    widths = {"pos": 26, "sku": 58, "desc": 0, "qty": 44, "unit": 70, "uom": 40, "vat": 40,
              "amount": 72, "disc": 44}
    two_line_head = st.template == "T6"
    for k in cols:  # a header never runs into the next column
        if k != "desc":
            longest = max(heads[k].split(), key=len) if two_line_head else heads[k]
            widths[k] = max(widths[k], stringWidth(longest, bold, 8.5) + 10)
    left, right_edge = 40, 555
    fixed = sum(widths[k] for k in cols if k != "desc")
    widths["desc"] = right_edge - left - fixed
    xs, x = {}, left
    for k in cols:
        xs[k] = (x, x + widths[k])
        x += widths[k]
    numeric = {"qty", "unit", "amount", "vat", "disc"}
    row_h, pad = 13, 3

    def cell_text(k: str, it: dict, idx: int) -> list[str]:
        if k == "desc":
            out = []
            for ln in it["lines"]:  # wrap to the column
                words, cur = ln.split(), ""
                for wd in words:
                    trial = f"{cur} {wd}".strip()
                    if stringWidth(trial, font, 8.5) > widths["desc"] - 2 * pad and cur:
                        out.append(cur)
                        cur = wd
                    else:
                        cur = trial
                out.append(cur)
            return out
        return [{
            "pos": str(idx + 1), "sku": it["sku"],
            "qty": _qty(Decimal(str(it["quantity"])), "en" if swiss else lang),
            "unit": money(it["unit_price"]), "uom": it["uom"], "vat": f"{it['vat_rate']} %",
            "amount": money(it["amount"]), "disc": f"{it['disc']} %",
        }[k]]

    def draw_cells(y: float, values: dict[str, list[str]], f=font, fill=None, color=(0, 0, 0)):
        n = max(len(v) for v in values.values())
        h = row_h * n + 2
        if fill:
            c.setFillColorRGB(*fill)
            c.rect(left, ph - y - h, right_edge - left, h, stroke=0, fill=1)
        for k, lines in values.items():
            x0, x1 = xs[k]
            low = n - len(lines) if st.numbers_low and k != "desc" else 0
            for j, s in enumerate(lines):
                yy = y + 10 + row_h * (j + low)
                if k in numeric or (k == "pos" and pos_right):
                    text(x1 - pad, yy, s, 8.5, f, right=True, color=color)
                else:
                    text(x0 + pad, yy, s, 8.5, f, color=color)
        if st.table == "grid":
            c.setLineWidth(0.5)
            for k in cols:
                c.rect(xs[k][0], ph - y - h, xs[k][1] - xs[k][0], h, stroke=1, fill=0)
        if st.table == "vlines":
            c.setLineWidth(0.5)
            for k in cols:
                c.line(xs[k][0], ph - y, xs[k][0], ph - y - h)
            c.line(right_edge, ph - y, right_edge, ph - y - h)
        return y + h

    def table_header(y: float) -> float:
        dark = dark_head
        def head_lines(k: str) -> list[str]:
            h = heads[k]
            if two_line_head and " " in h:
                a, b = h.rsplit(" ", 1)
                return [a, b]
            return [h]

        if st.table == "vlines":
            c.setLineWidth(0.8)
            c.line(left, ph - y, right_edge, ph - y)
        y2 = draw_cells(y, {k: head_lines(k) for k in cols}, bold,
                        fill=(0.2, 0.2, 0.2) if dark else None,
                        color=(1, 1, 1) if dark else (0, 0, 0))
        if st.table in ("rules", "vlines"):
            c.setLineWidth(0.8)
            c.line(left, ph - y2, right_edge, ph - y2)
        return y2 + 2

    y = header(1)
    y = table_header(y)
    page = 1
    for idx, it in enumerate(items):
        vals = {k: cell_text(k, it, idx) for k in cols}
        need = row_h * max(len(v) for v in vals.values()) + 2
        if y + need > ph - 120 and page < st.pages:
            if st.table == "rules":
                c.line(left, ph - y, right_edge, ph - y)
            carried = sum(Decimal(str(x["amount"])) for x in items[:idx])
            if st.template == "T6":
                text(xs["desc"][0] + 3, y + 12, CARRY[lang][0], 8.5, bold)
                text(right_edge - 3, y + 12, money(carried), 8.5, bold, right=True)
            else:
                text(right_edge, y + 16, w["cont"], 8, "Helvetica-Oblique", right=True)
            text(300, ph - 30, f"{w['page']} 1/2", 7, right=True)
            c.showPage()
            page += 1
            y = header(2) if st.template in ("T1", "T3", "T5") else 80.0
            if st.template != "T3":  # T3 does not repeat the column header
                y = table_header(y)
            if st.template == "T6":
                text(xs["desc"][0] + 3, y + 10, CARRY[lang][1], 8.5, bold)
                text(right_edge - 3, y + 10, money(carried), 8.5, bold, right=True)
                y += 15
        fill = (0.93, 0.93, 0.93) if st.table == "zebra" and idx % 2 else None
        y = draw_cells(y, vals, fill=fill)
    if st.table in ("rules", "vlines"):
        c.setLineWidth(0.8)
        c.line(left, ph - y, right_edge, ph - y)

    # ---------------------------------------------------------------- totals
    tax_label = f"{w['tax']} {RATES[lang]}%"
    rows = [(w["sub"], subtotal), (tax_label, tax)]
    ship = Decimal("0")
    grand = total
    totals = [(w["total"] if st.template != "T2" else w["grand"], grand)]
    paid_rows = []
    if rng.random() < 0.4:
        paid_rows = [(w["paid"], grand), (w["bal"], Decimal("0.00"))]
    y += 8
    lab_x = min(xs[cols[-2]][0] - (60 if len(cols) <= 4 else 0), right_edge - 200)
    if st.totals_in_table:
        for k, (a, b) in enumerate(rows + totals + paid_rows):
            c.setLineWidth(0.5)
            if st.table == "grid":
                c.rect(left, ph - y - 15, right_edge - left, 15, stroke=1, fill=0)
            text(xs[cols[0]][0] + pad if cols[0] == "desc" else xs["desc"][0] + pad, y + 10, a,
                 8.5, bold if k == len(rows) else font)
            text(right_edge - pad, y + 10, money(b), 8.5, right=True)
            y += 15
    else:
        if st.template in ("T1", "T4"):
            c.setLineWidth(0.6)
            c.rect(lab_x - 6, ph - y - 15 * (len(rows) + 1) - 6, right_edge - lab_x + 6,
                   15 * (len(rows) + 1) + 6, stroke=1, fill=0)
        for a, b in rows + totals + paid_rows:
            bold_row = a == totals[0][0]
            text(lab_x, y + 10, a, 9, bold if bold_row else font)
            s = money(b)
            if st.template in ("T3", "T5") and bold_row:
                s = f"{cur_code} {s}"
            text(right_edge - pad, y + 10, s, 9, bold if bold_row else font, right=True)
            y += 15
    text(40, ph - 60, f"IBAN DE44 5001 0517 5407 3249 31 · {vend[0]} · {vend[1]}, {vend[2]}", 7)
    if st.template in ("T3", "T5"):
        text(40, ph - 72, {"en": "All amounts in", "de": "Alle Beträge in",
                           "fr": "Montants en", "nl": "Alle bedragen in",
                           "es": "Importes en"}[lang] + f" {cur_code}", 7)
    c.showPage()
    c.save()
    truth = {
        "vendor": vend[0],
        "invoice_number": inv_no,
        "invoice_date": date.isoformat(),
        "currency": cur_code,
        "subtotal": float(subtotal + ship),
        "tax": float(tax),
        "total": float(grand),
    }
    for it in items:
        it.pop("lines")
    return Invoice(buf.getvalue(), st, truth, items)


# the schema the tuning set is read with, and another wording for the validation set
SCHEMAS = {
    "tuning": {
        "type": "object",
        "properties": {
            "vendor": {"type": "string", "description": "Name of the company that issued the "
                       "invoice"},
            "invoice_number": {"type": "string"},
            "invoice_date": {"type": "string", "format": "date"},
            "currency": {"type": "string", "description": "ISO 4217 currency code"},
            "subtotal": {"type": "number", "description": "Total before tax"},
            "tax": {"type": "number", "description": "Tax amount"},
            "total": {"type": "number", "description": "Total amount due, tax included"},
            "line_items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "description": {"type": "string"},
                        "quantity": {"type": "number"},
                        "unit_price": {"type": "number"},
                        "amount": {"type": "number"},
                    },
                },
            },
        },
    },
    "validation": {
        "type": "object",
        "properties": {
            "supplier_name": {"type": "string", "description": "The seller"},
            "number": {"type": "string", "description": "Invoice number"},
            "issue_date": {"type": "string", "format": "date"},
            "currency_code": {"type": "string", "description": "Currency (ISO code)"},
            "net_total": {"type": "number", "description": "Sum of the lines before VAT"},
            "vat_amount": {"type": "number", "description": "VAT"},
            "gross_total": {"type": "number", "description": "Amount payable"},
            "items": {
                "type": "array",
                "description": "Invoice lines",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "description": "What was sold"},
                        "qty": {"type": "number", "description": "Number of units"},
                        "price": {"type": "number", "description": "Price of one unit"},
                        "line_total": {"type": "number", "description": "Line amount"},
                    },
                },
            },
        },
    },
}
# schema property -> truth key, per schema
FIELD_MAP = {
    "tuning": {"vendor": "vendor", "invoice_number": "invoice_number",
               "invoice_date": "invoice_date", "currency": "currency", "subtotal": "subtotal",
               "tax": "tax", "total": "total", "line_items": "items",
               "description": "description", "quantity": "quantity",
               "unit_price": "unit_price", "amount": "amount"},
    "validation": {"supplier_name": "vendor", "number": "invoice_number",
                   "issue_date": "invoice_date", "currency_code": "currency",
                   "net_total": "subtotal", "vat_amount": "tax", "gross_total": "total",
                   "items": "items", "name": "description", "qty": "quantity",
                   "price": "unit_price", "line_total": "amount"},
}
__all__ += ["FIELD_MAP"]
