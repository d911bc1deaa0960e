"""A fifth invoice generator: Typst markup compiled to PDF by the ``typst`` Python binding
(its own layout engine and its own embedded fonts: Libertinus Serif, New Computer Modern,
DejaVu Sans Mono; no system fonts, so a PDF is the same on every machine).

Written after the line-item rules had been tuned on the reportlab, HTML, DOCX and
spreadsheet generators, and fixed before the engine first ran on it. It models business
conventions those generators do not have:

- ``T1`` a DIN 5008 business letter (German, some English): a return-address line over the
  window address block, an info block at the right ("Rechnungsnr.", "Kundennr.", "Datum",
  "Lieferdatum"), a subject line and a salutation, the table "Pos. | Art.-Nr. |
  Bezeichnung | Menge | Einheit | Einzelpreis | Gesamtpreis" with rules under the header
  only, mixed 7 % / 19 % rates (a rate column, one tax line per rate, "auf 1.234,00"),
  "Übertrag" carry-forward rows at the foot of a page and the top of the next, a three-column
  footer with register and bank details;
- ``T2`` a French facture in a full grid: "Désignation | Qté | P.U. HT | Remise | Montant
  HT | TVA", a per-line discount (amount = qty x price less the discount), amounts with a
  narrow no-break space and a euro sign ("1 234,56 €"), "Report" / "À reporter" rows at page
  breaks, "Total HT / TVA 20 % / Total TTC / Net à payer" (some English in the same grid);
- ``T3`` items grouped under section heading rows ("Hardware", "Services") with a group
  subtotal row after each group (neither is an item), no rules and alternating row fills,
  the quantity and its unit in one cell ("2,5 Std.", "1 Pauschal"), other column orders, a
  table that Typst itself breaks over two or three pages (header repeated or not).

Every layout has item descriptions with a smaller grey second line: a detail (part of the
description) or a "Seriennummer: ..." line (a note, not part of it). The tax is never equal
to the subtotal or the total. A seed picks the layout (seed % 3), the language, header words,
columns, fonts, 3-9 items or 22-55 (two or three pages), rates and totals.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal

from .invoice_html import SCHEMA as HTML_SCHEMA
from .office_pdf import cached_pdf, format_amount, money

__all__ = ["LAYOUTS", "SCHEMA", "TypstInvoice", "make_typst_invoice", "render_typst_pdf"]

LAYOUTS = ("T1", "T2", "T3")
LANGS = {"T1": ("de", "de", "de", "en"), "T2": ("fr", "fr", "fr", "en"),
         "T3": ("en", "de", "fr")}
FONTS = ("Libertinus Serif", "New Computer Modern", "DejaVu Sans Mono")
GREY = "luma(105)"

HEADS: dict[str, dict[str, list[str]]] = {
    "de": {"pos": ["Pos.", "Pos", "Position"], "code": ["Art.-Nr.", "Artikelnr.", "Art.Nr."],
           "desc": ["Bezeichnung", "Artikelbezeichnung", "Beschreibung", "Leistung"],
           "qty": ["Menge", "Anzahl", "Menge/Einh."], "uom": ["Einheit", "ME", "Einh."],
           "unit": ["Einzelpreis", "E-Preis", "Preis/Einh.", "Einzelpreis EUR"],
           "amount": ["Gesamtpreis", "G-Preis", "Gesamt", "Betrag EUR"],
           "vat": ["USt.", "USt %", "MwSt."], "disc": ["Rabatt", "Rab. %"]},
    "en": {"pos": ["Item", "No.", "Pos."], "code": ["Part no.", "Article no.", "Ref."],
           "desc": ["Description", "Description of goods", "Particulars"],
           "qty": ["Qty", "Quantity", "Qty/Unit"], "uom": ["Unit", "UoM"],
           "unit": ["Unit price", "Price", "Rate"],
           "amount": ["Amount", "Net amount", "Total"],
           "vat": ["VAT", "VAT %"], "disc": ["Disc.", "Discount"]},
    "fr": {"pos": ["N°", "Pos."], "code": ["Réf.", "Référence", "Code"],
           "desc": ["Désignation", "Description", "Libellé"],
           "qty": ["Qté", "Quantité", "Qté/Unité"], "uom": ["Unité", "U."],
           "unit": ["P.U. HT", "Prix unitaire HT", "PU HT"],
           "amount": ["Montant HT", "Total HT", "Montant"],
           "vat": ["TVA", "Taux TVA", "TVA %"], "disc": ["Remise", "Rem. %"]},
}
WORDS: dict[str, dict[str, list[str]]] = {
    "de": {"title": ["Rechnung", "RECHNUNG"], "no": ["Rechnungsnr.", "Rechnungs-Nr.",
           "Rechnungsnummer"], "date": ["Datum", "Rechnungsdatum"], "cust": ["Kundennr.",
           "Kunden-Nr."], "deliv": ["Lieferdatum", "Leistungsdatum"],
           "sub": ["Nettobetrag", "Summe netto", "Zwischensumme"],
           "tax": ["zzgl. {r} % USt.", "zzgl. {r} % MwSt.", "Umsatzsteuer {r} %"],
           "total": ["Rechnungsbetrag", "Gesamtbetrag", "Endbetrag"],
           "carry_out": ["Übertrag", "Zwischensumme / Übertrag"], "carry_in": ["Übertrag"],
           "on": ["auf"], "group": ["Summe {g}", "Zwischensumme {g}"],
           "page": ["Seite"], "of": ["von"]},
    "en": {"title": ["Invoice", "INVOICE", "Tax invoice"], "no": ["Invoice no.", "Invoice number"],
           "date": ["Date", "Invoice date"], "cust": ["Customer no.", "Account no."],
           "deliv": ["Delivery date", "Date of supply"],
           "sub": ["Net amount", "Subtotal", "Total net"],
           "tax": ["VAT {r} %", "VAT at {r}%", "plus {r}% VAT"],
           "total": ["Invoice total", "Total due", "Amount payable"],
           "carry_out": ["Carried forward", "Balance c/f"],
           "carry_in": ["Brought forward", "Balance b/f"], "on": ["on"],
           "group": ["Subtotal {g}", "Total {g}"], "page": ["Page"], "of": ["of"]},
    "fr": {"title": ["FACTURE", "Facture"], "no": ["Facture n°", "N° de facture", "Numéro"],
           "date": ["Date", "Date de facture", "Date d'émission"],
           "cust": ["Client n°", "Code client"], "deliv": ["Date de livraison"],
           "sub": ["Total HT", "Montant HT", "Total hors taxes"],
           "tax": ["TVA {r} %", "TVA à {r} %"], "total": ["Total TTC", "Montant TTC"],
           "carry_out": ["À reporter", "Report"], "carry_in": ["Report", "Report page préc."],
           "on": ["sur"], "group": ["Sous-total {g}", "Total {g}"], "page": ["Page"],
           "of": ["/"]},
}
# (description, unit-of-measure key, price range in cents, reduced rate) per group
GOODS: dict[str, dict[str, list[tuple[str, str, tuple[int, int], bool]]]] = {
    "de": {
        "Hardware": [("Notebook 14 Zoll, 16 GB RAM", "pc", (69000, 149000), False),
                     ("Monitor 27 Zoll IPS, höhenverstellbar", "pc", (18900, 42000), False),
                     ("Dockingstation USB-C", "pc", (8900, 24900), False),
                     ("Tastatur kabellos, DE-Layout", "pc", (2900, 8900), False),
                     ("Netzwerkkabel Cat.6 S/FTP, 5 m", "pc", (390, 1290), False),
                     ("Laserdrucker A4 s/w, Duplex", "pc", (14900, 38900), False)],
        "Software": [("Office-Lizenz Standard, 1 Jahr", "pc", (9900, 24900), False),
                     ("Virenschutz Business, 10 Plätze", "flat", (19900, 45000), False),
                     ("Backup-Software Server-Edition", "pc", (29900, 89000), False)],
        "Dienstleistungen": [("Installation und Einrichtung", "h", (6500, 11500), False),
                             ("Anfahrt Techniker", "flat", (3500, 8900), False),
                             ("Fernwartung nach Aufwand", "h", (7500, 12000), False),
                             ("Schulung Mitarbeiter (halbtags)", "flat", (39000, 69000),
                              False),
                             ("Datenübernahme Altgerät", "h", (6500, 9500), False)],
        "Büro": [("Kopierpapier A4, 80 g/m², 500 Blatt", "pack", (399, 699), False),
                 ("Ordner breit, blau", "pc", (249, 489), False),
                 ("Fachbuch Steuerrecht 2026", "pc", (2990, 6990), True),
                 ("Kaffee Crema ganze Bohne, 1 kg", "pack", (1490, 2590), True),
                 ("Mineralwasser, Kiste 12 x 0,7 l", "box", (590, 990), True),
                 ("Druckerpatrone schwarz XL", "pc", (2490, 5990), False),
                 ("Montage Regalsystem", "h", (5500, 8500), False),
                 ("Lieferung frei Verwendungsstelle", "flat", (1500, 4900), False)],
    },
    "en": {
        "Hardware": [("Laptop 14 inch, 16 GB RAM", "pc", (69000, 149000), False),
                     ("Monitor 27 inch IPS, height adjustable", "pc", (18900, 42000), False),
                     ("USB-C docking station", "pc", (8900, 24900), False),
                     ("Wireless keyboard, UK layout", "pc", (2900, 8900), False),
                     ("Patch cable Cat.6, 5 m", "pc", (390, 1290), False)],
        "Software": [("Office licence, 12 months", "pc", (9900, 24900), False),
                     ("Endpoint protection, 10 seats", "flat", (19900, 45000), False)],
        "Services": [("On-site installation and set-up", "h", (6500, 11500), False),
                     ("Engineer call-out", "flat", (3500, 8900), False),
                     ("Remote support", "h", (7500, 12000), False),
                     ("Staff training (half day)", "flat", (39000, 69000), False)],
        "Office": [("Copier paper A4 80 gsm, ream", "pack", (399, 699), False),
                   ("Lever arch file, blue", "pc", (249, 489), False),
                   ("Reference book: UK VAT 2026", "pc", (2990, 6990), True),
                   ("Coffee beans, 1 kg", "pack", (1490, 2590), True),
                   ("Toner cartridge black XL", "pc", (2490, 5990), False),
                   ("Delivery to site", "flat", (1500, 4900), False)],
    },
    "fr": {
        "Matériel": [("Ordinateur portable 14 pouces, 16 Go", "pc", (69000, 149000), False),
                     ("Écran 27 pouces IPS, réglable en hauteur", "pc", (18900, 42000), False),
                     ("Station d'accueil USB-C", "pc", (8900, 24900), False),
                     ("Clavier sans fil AZERTY", "pc", (2900, 8900), False),
                     ("Câble réseau Cat.6, 5 m", "pc", (390, 1290), False)],
        "Logiciels": [("Licence bureautique, 12 mois", "pc", (9900, 24900), False),
                      ("Antivirus entreprise, 10 postes", "flat", (19900, 45000), False)],
        "Prestations": [("Installation et paramétrage sur site", "h", (6500, 11500), False),
                        ("Déplacement technicien", "flat", (3500, 8900), False),
                        ("Assistance à distance", "h", (7500, 12000), False),
                        ("Formation du personnel (demi-journée)", "flat", (39000, 69000),
                         False)],
        "Fournitures": [("Ramette papier A4 80 g", "pack", (399, 699), False),
                        ("Classeur à levier, bleu", "pc", (249, 489), False),
                        ("Ouvrage « Fiscalité 2026 »", "pc", (2990, 6990), True),
                        ("Café en grains, 1 kg", "pack", (1490, 2590), True),
                        ("Cartouche toner noir XL", "pc", (2490, 5990), False),
                        ("Livraison sur site", "flat", (1500, 4900), False)],
    },
}
UOM = {"de": {"pc": "Stk.", "h": "Std.", "flat": "Pauschal", "pack": "Pack", "box": "Kiste"},
       "en": {"pc": "pcs", "h": "hrs", "flat": "lump sum", "pack": "pack", "box": "case"},
       "fr": {"pc": "u.", "h": "h", "flat": "forfait", "pack": "paquet", "box": "carton"}}
DETAILS = {"de": ["Farbe: anthrazit", "inkl. Montagematerial", "lt. Angebot AN-2026-118",
                  "Leistungszeitraum 01.10.–31.10.2026", "Garantie 36 Monate"],
           "en": ["colour: graphite", "incl. fixings", "as per quote Q-2026-118",
                  "period 1-31 October 2026", "36-month warranty"],
           "fr": ["coloris : graphite", "fixations incluses", "selon devis DV-2026-118",
                  "période du 01/10 au 31/10/2026", "garantie 36 mois"]}
SERIAL = {"de": "Seriennummer: {s}", "en": "Serial no.: {s}", "fr": "N° de série : {s}"}
SELLERS = {"de": ["Hoffmann & Söhne Bürotechnik GmbH", "Kessler IT-Service GmbH",
                  "Brandt Systemhaus KG"],
           "en": ["Ashdown Office Systems Ltd", "Pennine IT Services Ltd"],
           "fr": ["Lefèvre Informatique SARL", "Bureautique Garnier SAS"]}
STREETS = {"de": ("Industriestraße 14", "76131 Karlsruhe"),
           "en": ("Unit 4, Mill Lane", "Leeds LS12 6BD"),
           "fr": ("18 avenue Jean Jaurès", "69007 Lyon")}
BUYERS = {"de": ("Stadtwerke Neuburg GmbH", "z. Hd. Frau Petra Lange", "Am Hafen 3",
                 "86633 Neuburg"),
          "en": ("Harrowgate Dental Practice", "Attn: Accounts Payable", "22 Station Road",
                 "Harrogate HG1 1TX"),
          "fr": ("Cabinet Moreau & Associés", "Service comptabilité", "5 rue de la Paix",
                 "38000 Grenoble")}
RATES: dict[str, tuple[int, int | Decimal]] = {
    "de": (19, 7), "en": (20, 5), "fr": (20, Decimal("5.5"))}
CURRENCY = {"de": "EUR", "fr": "EUR", "en": "GBP"}
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

def _with_currency(schema: dict) -> dict:
    """The HTML set's schema (names none of the other benches use) plus an ISO currency
    code after the date."""
    props: dict = {}
    for key, spec in schema["properties"].items():
        props[key] = spec
        if key == "invoice_date":
            props["currency"] = {"type": "string", "description": "ISO 4217 currency code"}
    return {**schema, "properties": props}


SCHEMA = _with_currency(HTML_SCHEMA)


@dataclass
class TypstInvoice:
    source: str
    truth: dict
    items: list[dict] = field(default_factory=list)
    style: dict = field(default_factory=dict)


def _s(text: str) -> str:
    """``text`` as a Typst string literal (code mode: no markup is interpreted)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: Decimal, lang: str, grouped: bool = True, decimals: int = 2) -> str:
    return format_amount(v, lang, grouped, decimals)


def _qty(v: Decimal, lang: str) -> str:
    dec = 0 if v == v.to_integral_value() else 1 if v * 10 == (v * 10).to_integral_value() \
        else 2
    return _num(v, lang, False, dec)


def _rate(r: Decimal | int, lang: str) -> str:
    return _qty(Decimal(r), lang)


def _date(d: dt.date, lang: str, rng: random.Random) -> str:
    if lang == "de":
        return d.strftime("%d.%m.%Y")
    if lang == "fr":
        return rng.choice([d.strftime("%d/%m/%Y"), f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"])
    return rng.choice([d.strftime("%d/%m/%Y"), f"{d.day} {d.strftime('%B %Y')}"])


@dataclass
class _Line:
    name: str
    second: str  # a grey second line: a detail, or a serial-number note
    note: bool  # the second line is a note (not part of the description)
    code: str
    qty: Decimal
    uom: str
    unit: Decimal
    disc: int
    amount: Decimal
    rate: Decimal
    group: str


def _lines(rng: random.Random, lang: str, layout: str, n: int, mixed: bool,
           groups: list[str]) -> list[_Line]:
    full, reduced = RATES[lang]
    out = []
    for k in range(n):
        group = groups[min(k * len(groups) // n, len(groups) - 1)]
        name, uom, (lo, hi), red = rng.choice(GOODS[lang][group])
        if uom == "h":
            qty = Decimal(rng.choice(["0.5", "1", "1.5", "2", "2.5", "3.25", "4", "7.5", "8"]))
        elif uom == "flat":
            qty = Decimal(1)
        else:
            qty = Decimal(rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 10, 12, 20]))
        unit = money(Decimal(rng.randint(lo, hi)) / 100)
        disc = rng.choice([0, 0, 0, 5, 10, 15]) if layout == "T2" else 0
        amount = money(qty * unit * (100 - disc) / 100)
        second, note = "", False
        r = rng.random()
        if r < 0.3:
            second = rng.choice(DETAILS[lang])
        elif r < 0.42 and uom == "pc":
            second = SERIAL[lang].format(
                s=f"{rng.choice(['SN', 'S', 'CN'])}{rng.randint(10 ** 7, 10 ** 8 - 1)}"
                  f"{rng.choice('ABXK')}")
            note = True
        if lang == "de":
            code = f"{rng.choice(['10', '20', '47', '83'])}{rng.randint(1000, 9999)}"
        else:
            code = f"{rng.choice('ABKMR')}{rng.randint(100, 999)}-{rng.randint(10, 99)}"
        rate = Decimal(reduced) if mixed and red else Decimal(full)
        out.append(_Line(name, second, note, code, qty, UOM[lang][uom], unit, disc, amount,
                         rate, group))
    return out


def _desc_cell(ln: _Line, small: str) -> str:
    if not ln.second:
        return _s(ln.name)
    return (f"[#{_s(ln.name)}#linebreak()#text(size: {small}, fill: {GREY}, "
            f"{_s(ln.second)})]")


def _pages(lines: list[_Line], first: float, rest: float,
           wrap: int) -> list[list[_Line]]:
    """Items cut into pages by an estimate of their height (a grey second line: 0.6 rows
    more, a description over ``wrap`` characters one more)."""
    pages: list[list[_Line]] = [[]]
    room = first
    for ln in lines:
        h = 1.0 + (0.6 if ln.second else 0.0) + (1.0 if len(ln.name) > wrap else 0.0)
        if h > room and pages[-1]:
            pages.append([])
            room = rest
        pages[-1].append(ln)
        room -= h
    return pages


def make_typst_invoice(seed: int) -> TypstInvoice:
    rng = random.Random(f"typst-invoice-{seed}")
    layout = LAYOUTS[seed % len(LAYOUTS)]
    lang = rng.choice(LANGS[layout])
    heads = {k: rng.choice(v) for k, v in HEADS[lang].items()}
    words = {k: rng.choice(v) for k, v in WORDS[lang].items()}
    font = rng.choice(FONTS)
    size = rng.choice([9, 9.5, 10]) if font != "DejaVu Sans Mono" else rng.choice([8, 8.5])
    small = f"{size - 1.5}pt"
    long_table = rng.random() < 0.35
    n = (rng.randint(22, 48) if layout != "T3" else rng.randint(34, 55)) if long_table \
        else rng.randint(3, 9)
    mixed = rng.random() < (0.5 if layout == "T1" else 0.25)
    all_groups = list(GOODS[lang])
    if layout == "T3":
        groups = all_groups[:3] if n >= 6 else all_groups[:2]
        groups = [g for g in groups if rng.random() < 0.85] or [all_groups[0], all_groups[2]]
    elif layout == "T1" and mixed:
        groups = [all_groups[3]]
    else:
        groups = [rng.choice(all_groups[:3]), all_groups[3]] if rng.random() < 0.5 \
            else [all_groups[0], all_groups[2]]
    lines = _lines(rng, lang, layout, n, mixed, groups)
    cur = CURRENCY[lang]
    seller = rng.choice(SELLERS[lang])
    subtotal = sum((ln.amount for ln in lines), Decimal(0))
    by_rate: dict[Decimal, Decimal] = {}
    for ln in lines:
        by_rate[ln.rate] = by_rate.get(ln.rate, Decimal(0)) + ln.amount
    taxes = [(r, base, money(base * r / 100)) for r, base in sorted(by_rate.items(),
                                                                     reverse=True)]
    tax = sum((t for _r, _b, t in taxes), Decimal(0))
    total = subtotal + tax
    year = 2026
    date = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
    inv_no = {"de": f"RE-{year}-{rng.randint(100, 9999):05d}",
              "fr": f"FA{year}-{rng.randint(10, 9999):04d}",
              "en": f"INV-{rng.randint(10000, 99999)}"}[lang]
    cust = str(rng.randint(10000, 99999))
    sym_in_cells = lang == "fr" and rng.random() < 0.6
    euro = "\u00a0€" if cur == "EUR" else ""

    def amt(v: Decimal, cell: bool = True) -> str:
        s = _num(v, lang)
        if lang == "en":
            return s if cell else "£" + s
        if lang == "fr" and (sym_in_cells or not cell):
            return s + euro
        return s if cell else f"{s} {'EUR' if lang == 'de' else ''}".strip()

    src: list[str] = []
    w = src.append
    footer_cols = [
        f"{seller}\\n{STREETS[lang][0]}\\n{STREETS[lang][1]}",
        {"de": "Geschäftsführer: Jan Hoffmann\\nAmtsgericht Mannheim HRB 71{0}\\n"
               "USt-IdNr.: DE 812 345 6{0}",
         "en": "Registered in England No. 0845{0}\\nVAT Reg. No. GB 284 5512 {0}\\n"
               "Directors: R. Ashdown, K. Patel",
         "fr": "SARL au capital de 20 000 €\\nSIRET 512 384 761 000{0}\\n"
               "TVA intracom. FR 42 512384761"}[lang].format(rng.randint(10, 99)),
        {"de": "Sparkasse Karlsruhe\\nIBAN DE12 6605 0101 0001 2345 {0}\\nBIC KARSDE66XXX",
         "en": "Barclays Bank plc\\nSort code 20-45-77, Acc. 4471 {0}\\nIBAN GB33 BARC 2045 "
               "7744 71{0} 12",
         "fr": "Crédit Lyonnais\\nIBAN FR76 3000 2005 5000 0015 {0} 21\\nBIC CRLYFRPP"}[lang]
        .format(rng.randint(10, 99)),
    ]
    foot = ", ".join("[" + "#linebreak()".join(f"#{_s(x)}" for x in c.split("\\n")) + "]"
                     for c in footer_cols)
    page_label = f"{words['page']} "
    w(f'#set page(paper: "a4", margin: (left: {rng.choice([20, 25])}mm, right: 20mm, '
      f'top: {rng.choice([15, 20])}mm, bottom: 32mm), footer: context {{ set text(size: 7pt, '
      f'fill: luma(80)); line(length: 100%, stroke: 0.4pt + luma(150)); '
      f'grid(columns: (1fr, 1fr, 1fr), gutter: 6pt, {foot}); '
      f'align(right, [#{_s(page_label)}#counter(page).display() '
      f'#{_s(words["of"])} #counter(page).final().first()]) }})')
    w(f'#set text(font: {_s(font)}, size: {size}pt, lang: "{lang}")')
    w("#set par(justify: false)")

    date_s = _date(date, lang, rng)
    deliv = date - dt.timedelta(days=rng.randint(1, 12))
    due = date + dt.timedelta(days=rng.choice([14, 30]))
    info = [(words["no"], inv_no), (words["cust"], cust), (words["date"], date_s),
            (words["deliv"], deliv.strftime("%d.%m.%Y") if lang == "de" else
             deliv.strftime("%d/%m/%Y"))]
    buyer = BUYERS[lang]

    # ---------------------------------------------------------------- head of page 1
    if layout == "T1":  # DIN 5008 form B: letterhead, window address at left, info at right
        w(f'#align(right, text(size: {size + 7}pt, weight: "bold", {_s(seller)}))')
        street = f"{STREETS[lang][0]} · {STREETS[lang][1]}"
        w(f"#align(right, text(size: {size - 1}pt, {_s(street)}))")
        w("#v(14mm)")
        addr = "#linebreak()".join(f"#{_s(x)}" for x in buyer)
        ret = f"{seller} · {STREETS[lang][0]} · {STREETS[lang][1]}"
        rows = ", ".join(f"{_s(k)}, {_s(v)}" for k, v in info)
        w(f"#grid(columns: (85mm, 1fr, 62mm), [#text(size: 6.5pt, {_s(ret)})#v(-4pt)"
          f"#line(length: 80mm, stroke: 0.3pt)#v(2mm){addr}], [], "
          f"grid(columns: (auto, auto), column-gutter: 8pt, row-gutter: 4pt, {rows}))")
        w("#v(16mm)")
        w(f'#text(size: {size + 2}pt, weight: "bold", {_s(words["title"] + " " + inv_no)})')
        w("#v(4mm)")
        sal = {"de": "Sehr geehrte Damen und Herren,", "en": "Dear Sir or Madam,",
               "fr": "Madame, Monsieur,"}[lang]
        body = {"de": "für unsere Lieferungen und Leistungen berechnen wir Ihnen wie folgt:",
                "en": "we invoice you for the following goods and services:",
                "fr": "veuillez trouver ci-dessous le détail de notre facturation :"}[lang]
        w(f"#{_s(sal)}#linebreak()#{_s(body)}")
        w("#v(3mm)")
    elif layout == "T2":  # vendor block left, client box right, title and references
        w(f'#grid(columns: (1fr, 75mm), [#text(size: {size + 5}pt, weight: "bold", '
          f'{_s(seller)})#linebreak()#{_s(STREETS[lang][0])}#linebreak()'
          f'#{_s(STREETS[lang][1])}#linebreak()#text(size: {size - 1}pt, '
          f'{_s("Tél. 04 72 18 33 " + str(rng.randint(10, 99)))})], '
          f'rect(width: 100%, inset: 8pt, stroke: 0.5pt, '
          f'[{"#linebreak()".join("#" + _s(x) for x in buyer)}]))')
        w("#v(10mm)")
        w(f'#text(size: {size + 6}pt, weight: "bold", {_s(words["title"])})')
        w("#v(2mm)")
        w(f"#table(columns: 3, stroke: 0.5pt, inset: 5pt, {', '.join(_s(k) for k, _ in info[:3])}, "
          f"{', '.join(_s(v) for _, v in info[:3])})")
        w("#v(6mm)")
    else:  # T3: a title band, two address columns
        w(f'#grid(columns: (1fr, auto), text(size: {size + 10}pt, weight: "bold", '
          f'{_s(words["title"].upper())}), align(right, [#text(weight: "bold", {_s(seller)})'
          f'#linebreak()#{_s(STREETS[lang][0])}#linebreak()#{_s(STREETS[lang][1])}]))')
        w("#v(8mm)")
        bill = {"de": "Rechnungsempfänger", "en": "Bill to", "fr": "Facturé à"}[lang]
        addr = "#linebreak()".join(f"#{_s(x)}" for x in buyer)
        rows = ", ".join(f"{_s(k)}, {_s(v)}" for k, v in info[:3])
        w(f'#grid(columns: (1fr, auto), [#text(fill: {GREY}, {_s(bill)})#linebreak(){addr}], '
          f"grid(columns: 2, column-gutter: 10pt, row-gutter: 4pt, {rows}))")
        w("#v(8mm)")

    # ---------------------------------------------------------------- the table
    show_vat = mixed or rng.random() < 0.3
    if layout == "T1":
        order = ["pos", "code", "desc", "qty", "uom", "unit", "amount"] if rng.random() < 0.6 \
            else ["pos", "desc", "qty", "uom", "unit", "amount"]
        if show_vat:
            order.insert(order.index("amount"), "vat")
    elif layout == "T2":
        order = rng.choice([["desc", "qty", "unit", "disc", "amount", "vat"],
                            ["code", "desc", "qty", "uom", "unit", "disc", "amount"],
                            ["code", "desc", "qty", "unit", "disc", "amount", "vat"]])
    else:
        order = rng.choice([["desc", "qty", "unit", "amount"], ["qty", "desc", "unit", "amount"],
                            ["pos", "desc", "unit", "qty", "amount"],
                            ["code", "desc", "qty", "unit", "amount"]])
    if mixed and "vat" not in order:
        order.insert(order.index("amount") + (1 if order[-1] == "amount" else 0), "vat")
    qty_unit = layout == "T3" or (layout == "T2" and "uom" not in order and rng.random() < 0.5)
    width = {"pos": "auto", "code": "auto", "desc": "1fr", "qty": "auto", "uom": "auto",
             "unit": "auto", "amount": "auto", "vat": "auto", "disc": "auto"}
    right = {"qty", "unit", "amount", "vat", "disc"}
    ncol = len(order)
    cols = ", ".join(width[c] for c in order)
    aligns = ", ".join("right" if c in right else "left" for c in order)
    if layout == "T1":
        stroke = "none"
        fill = "none"
    elif layout == "T2":
        stroke = "0.5pt + luma(90)"
        fill = "(x, y) => if y == 0 { luma(215) }"
    else:
        stroke = "none"
        fill = "(x, y) => if y > 0 and calc.even(y) { luma(236) }"
    head_cells = ", ".join(f"strong({_s(heads[c])})" for c in order)
    repeat = "true" if layout != "T3" or rng.random() < 0.6 else "false"
    header = f"table.header(repeat: {repeat}, {head_cells})"
    if layout == "T1":
        header += ", table.hline(stroke: 0.8pt)"

    def item_cells(ln: _Line, pos: int) -> str:
        cells = []
        for c in order:
            if c == "pos":
                cells.append(_s(str(pos)))
            elif c == "code":
                cells.append(_s(ln.code))
            elif c == "desc":
                cells.append(_desc_cell(ln, small))
            elif c == "qty":
                q = _qty(ln.qty, lang)
                cells.append(_s(f"{q} {ln.uom}" if qty_unit else q))
            elif c == "uom":
                cells.append(_s(ln.uom))
            elif c == "unit":
                cells.append(_s(amt(ln.unit)))
            elif c == "amount":
                cells.append(_s(amt(ln.amount)))
            elif c == "vat":
                cells.append(_s(f"{_rate(ln.rate, lang)} %" if lang != "en"
                                else f"{_rate(ln.rate, lang)}%"))
            elif c == "disc":
                cells.append(_s(f"{ln.disc} %" if ln.disc else ("–" if lang == "fr" else "")))
        return ", ".join(cells)

    def label_row(label: str, value: Decimal | None, bold: bool = True) -> str:
        """A row that is no item: the label over the columns before the amount."""
        ai = order.index("amount")
        lab = f'text(weight: "bold", {_s(label)})' if bold else _s(label)
        cells = [f"table.cell(colspan: {ai}, align: right, {lab})" if ai else "",
                 _s(amt(value)) if value is not None else '""']
        if ai < ncol - 1:
            cells.append(f"table.cell(colspan: {ncol - 1 - ai}, [])")
        return ", ".join(c for c in cells if c)

    def open_table() -> None:
        w(f"#table(columns: ({cols},), align: ({aligns},), stroke: {stroke}, fill: {fill}, "
          f"inset: (x: 4pt, y: {rng.choice([3, 4])}pt), {header},")

    pos = 0
    running = Decimal(0)
    if layout in ("T1", "T2"):
        page_rows = _pages(lines, first=rng.choice([19, 21]), rest=rng.choice([33, 36]),
                           wrap=28 if layout == "T2" else 60)
        for p, chunk in enumerate(page_rows):
            if p:
                w("#pagebreak()")
                cont = f"{words['title']} {inv_no} · {date_s}"
                w(f"#text(size: {size - 1}pt, {_s(cont)})")
                w("#v(3mm)")
            open_table()
            if p:
                w(label_row(words["carry_in"], running) + ",")
            for ln in chunk:
                pos += 1
                running += ln.amount
                w(item_cells(ln, pos) + ",")
            if p < len(page_rows) - 1:
                if layout == "T1":
                    w("table.hline(stroke: 0.5pt),")
                w(label_row(words["carry_out"], running) + ",")
            w(")")
    else:
        open_table()
        for g in groups:
            glines = [ln for ln in lines if ln.group == g]
            if not glines:
                continue
            w(f"table.cell(colspan: {ncol}, align: left, fill: luma(200), "
              f'text(weight: "bold", {_s(g)})),')
            for ln in glines:
                pos += 1
                w(item_cells(ln, pos) + ",")
            w(label_row(words["group"].format(g=g),
                        sum((x.amount for x in glines), Decimal(0)), bold=False) + ",")
        w(")")

    # ---------------------------------------------------------------- totals
    tot_rows: list[tuple[str, str, bool]] = [(words["sub"], amt(subtotal, False), False)]
    for r, base, t in taxes:
        label = words["tax"].format(r=_rate(r, lang))
        if (len(taxes) > 1 or rng.random() < 0.3) and layout != "T3":
            label += f" {words['on']} {amt(base)}"
        tot_rows.append((label, amt(t, False), False))
    tot_rows.append((words["total"], amt(total, False), True))
    if layout == "T2" and lang == "fr":
        tot_rows.append(("Net à payer", amt(total, False), True))
    cells = ", ".join(
        f'{_s(k) if not b else "strong(" + _s(k) + ")"}, '
        f'{_s(v) if not b else "strong(" + _s(v) + ")"}' for k, v, b in tot_rows)
    tstroke = "0.5pt" if layout == "T2" else "none"
    w("#v(4mm)")
    w(f"#align(right, table(columns: (auto, auto), align: (left, right), stroke: {tstroke}, "
      f"inset: (x: 5pt, y: 3pt), {cells}))")
    if cur == "GBP" and rng.random() < 0.5:
        w(f"#v(2mm)#text(size: {size - 1}pt, {_s('All amounts in pounds sterling (GBP).')})")
    w("#v(6mm)")
    pay = {"de": f"Zahlbar ohne Abzug bis {due.strftime('%d.%m.%Y')}. Bitte geben Sie bei "
                 f"Zahlung die Rechnungsnummer {inv_no} an.",
           "en": f"Payment due by {due.strftime('%d/%m/%Y')}. Please quote {inv_no} with "
                 "your remittance.",
           "fr": f"Échéance : {due.strftime('%d/%m/%Y')}. Pénalités de retard : 3 fois le taux "
                 "d'intérêt légal. Indemnité forfaitaire pour frais de recouvrement : 40 €."}
    w(f"#text(size: {size - 0.5}pt, {_s(pay[lang])})")

    items = [{"description": ln.name if ln.note or not ln.second else f"{ln.name} {ln.second}",
              "quantity": float(ln.qty), "unit_price": float(ln.unit),
              "total": float(ln.amount)} for ln in lines]
    truth = {"seller": seller, "invoice_number": inv_no, "invoice_date": date.isoformat(),
             "currency": cur, "subtotal": float(subtotal), "tax_amount": float(tax),
             "total_amount": float(total)}
    return TypstInvoice("\n".join(src) + "\n", truth, items, {
        "layout": layout, "lang": lang, "long": long_table, "columns": "-".join(order),
        "font": font, "mixed": mixed, "seed": seed})


def render_typst_pdf(inv: TypstInvoice, cache_dir: str | None = None) -> bytes:
    """Compile with Typst's embedded fonts only (no system fonts); cached by the source."""
    import typst

    key = hashlib.sha1(f"typst:{inv.source}".encode()).hexdigest()
    return cached_pdf(key, cache_dir, lambda: typst.compile(
        inv.source.encode(), ignore_system_fonts=True, timestamp=1_767_225_600))
