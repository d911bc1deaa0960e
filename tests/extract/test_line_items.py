"""Line items (arrays of objects) from real PDFs: reportlab draws them, ``sheaf.parse`` reads
them, the deterministic engine fills the schema."""

from __future__ import annotations

import io

import pytest

from sheaf.extract import extract
from sheaf.extract.resolvers.columns import field_kind, header_kinds, is_summary_label
from sheaf.extract.schema import Field

from .invoice_gen import SCHEMAS, Style, make_invoice

parse_mod = pytest.importorskip("sheaf.parse")
pytest.importorskip("reportlab")

ITEMS = SCHEMAS["tuning"]


def _read(pdf: bytes, schema: dict = ITEMS):
    return extract(parse_mod.parse(pdf, tier="cost_effective"), schema)


def _key(it: dict) -> tuple:
    return (" ".join(it["description"].split()), it["quantity"], it["unit_price"], it["amount"])


def _check(inv, got: list[dict]) -> None:
    want = [_key(it) for it in inv.items]
    assert [_key(g) for g in got] == want


@pytest.mark.parametrize(
    "style",
    [
        # German, no rules, two-line descriptions, 1.234,56 numbers, currency after the amount
        Style("T1", "de", "plain", ("pos", "desc", "qty", "unit", "amount"), True, 1, False),
        # French, SKU and VAT columns, spaces as thousands separators, zebra rows
        Style("T1", "fr", "zebra", ("sku", "desc", "qty", "unit", "vat", "amount"), False, 1,
              False),
        # Dutch, quantity first, header wordings of another family
        Style("T2", "nl", "grid", ("qty", "sku", "desc", "unit", "vat", "amount"), False, 1,
              False, alt_heads=True),
        # numbers on the last line of a two-line item, no rules: the first line leads it
        Style("T1", "en", "plain", ("desc", "qty", "unit", "amount"), True, 1, False,
              numbers_low=True),
    ],
    ids=["de-plain-two-line", "fr-zebra-sku-vat", "nl-grid-qty-first", "en-numbers-low"],
)
def test_items_in_several_languages_and_layouts(style):
    inv = make_invoice(11, style)
    _check(inv, _read(inv.pdf).data["line_items"])


def test_table_continued_on_page_two_without_its_header():
    style = Style("T3", "en", "rules", ("pos", "desc", "qty", "unit", "amount"), False, 2, False)
    inv = make_invoice(5, style)
    res = _read(inv.pdf)
    _check(inv, res.data["line_items"])
    pages = {m["description"]["citation"][0]["page"] for m in res.field_metadata["line_items"]}
    assert pages == {1, 2}


def test_totals_and_payment_rows_inside_the_table_are_not_items():
    style = Style("T2", "en", "grid", ("pos", "desc", "qty", "unit", "amount"), False, 1, True)
    for seed in range(40):  # a seed whose table also lists a payment and the balance
        inv = make_invoice(seed, style)
        if len(inv.items) >= 2 and _has_paid_rows(inv.pdf):
            break
    res = _read(inv.pdf)
    _check(inv, res.data["line_items"])
    assert res.data["subtotal"] == inv.truth["subtotal"]
    assert res.data["tax"] == inv.truth["tax"]  # the tax amount, not the subtotal
    assert res.data["total"] == inv.truth["total"]


def _has_paid_rows(pdf: bytes) -> bool:
    doc = parse_mod.parse(pdf, tier="fast")
    return "Payment received" in " ".join(it.text or "" for p in doc.pages for it in p.items) or (
        "Payment received" in str([it.rows for p in doc.pages for it in p.items if it.rows])
    )


def _pdf(draw) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    draw(c, A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def test_values_are_never_cited_from_inside_an_order_number_or_a_postcode():
    """The coolblue case: 21 / 25 / 31 were read from inside "Ordernummer: 12572103" and a
    postcode. Item values come from the table, cited as whole tokens inside it."""

    def draw(c, h):
        c.setFont("Helvetica", 9)
        c.drawString(40, h - 40, "Coolzwart B.V.  Weena 664  3012 CN Rotterdam")
        c.drawString(40, h - 60, "Klant: J. Jansen, Sessamestreet 32, 1025 RX Amsterdam")
        c.drawString(40, h - 80, "Factuurnummer: 993548900   Ordernummer: 12572103")
        y = h - 130
        for x, t in ((40, "Artikel"), (300, "Aantal"), (360, "Prijs per stuk"), (460, "BTW"),
                     (500, "Bedrag")):
            c.drawString(x, y, t)
        rows = [("Apple iPad Air Wifi 16 GB Zilver", "1", "€ 399,00", "21%", "€ 399,00"),
                ("Nintendo AC-adapter", "2", "€ 14,99", "21%", "€ 29,98")]
        for r in rows:
            y -= 14
            for x, t in zip((40, 300, 360, 460, 500), r, strict=True):
                c.drawString(x, y, t)
        c.drawString(360, y - 30, "Totaal")
        c.drawString(500, y - 30, "€ 428,98")

    schema = {
        "type": "object",
        "properties": {
            "lines": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "qty": {"type": "integer"},
                        "price_unit": {"type": "number"},
                        "line_tax_percent": {"type": "number"},
                        "price_subtotal": {"type": "number"},
                    },
                },
            }
        },
    }
    res = _read(_pdf(draw), schema)
    assert res.data["lines"] == [
        {"name": "Apple iPad Air Wifi 16 GB Zilver", "qty": 1, "price_unit": 399.0,
         "line_tax_percent": 21.0, "price_subtotal": 399.0},
        {"name": "Nintendo AC-adapter", "qty": 2, "price_unit": 14.99, "line_tax_percent": 21.0,
         "price_subtotal": 29.98},
    ]
    for item_meta in res.field_metadata["lines"]:
        for name in ("qty", "price_unit", "price_subtotal"):
            cit = item_meta[name]["citation"]
            assert cit, name
            text = cit[0]["matching_text"]
            assert text not in ("12572103", "993548900") and "1025" not in text
            box = cit[0]["bounding_boxes"][0]
            assert box["y"] > 120  # in the table, below the order number line (y = 80)


def test_grand_total_and_payment_rows_of_a_booking_are_not_items():
    """The oyo case: one room charge, then Grand Total / Payment received / Balance rows."""

    def draw(c, h):
        c.setFont("Helvetica", 9)
        y = h - 100
        for x, t in ((40, "DESCRIPTION"), (250, "RATE"), (480, "AMOUNT")):
            c.drawString(x, y, t)
        rows = [("Room Charges", "Rs 1939 x 1 Night x 1 Room", "Rs 1939"),
                ("Grand Total", "", "Rs 1939"),
                ("Payment received by OYO", "Paid through Cash At Hotel (Rs 1939)", "Rs 1939"),
                ("Balance ( if any )", "", "Rs 0")]
        for r in rows:
            y -= 16
            for x, t in zip((40, 250, 480), r, strict=True):
                c.drawString(x, y, t)
                c.line(40, y - 4, 540, y - 4)

    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"description": {"type": "string"},
                                   "rate": {"type": "number"}, "amount": {"type": "number"}},
                },
            }
        },
    }
    data = _read(_pdf(draw), schema).data
    assert data["items"] == [{"description": "Room Charges", "rate": 1939.0, "amount": 1939.0}]


def test_header_words_and_schema_names_map_to_column_kinds():
    assert [k for k, _ in header_kinds("Qty Unit")] == ["qty", "uom"]
    merged = header_kinds("Prijs BTW Hoeveelheid")
    assert [k for k, _ in merged] == ["unit_price", "vat_rate", "qty"]
    assert [k for k, _ in header_kinds("BTW Prijs incl. BTW")] == ["vat_rate", "amount"]
    assert header_kinds("Désignation")[0][0] == "desc"
    assert header_kinds("Einzelpreis")[0][0] == "unit_price"
    assert header_kinds("Importe")[0][0] == "amount"
    # a qualifying word names no column of its own; two column words still name two
    assert [k for k, _ in header_kinds("Line amount")] == ["amount"]
    assert [k for k, _ in header_kinds("Line")] == ["pos"]
    assert [k for k, _ in header_kinds("# Description")] == ["pos", "desc"]
    assert [k for k, _ in header_kinds("Precio/ud.")] == ["unit_price"]
    assert [k for k, _ in header_kinds("Prix par unité")] == ["unit_price"]
    assert [k for k, _ in header_kinds("Price Qty")] == ["unit_price", "qty"]
    # words glued or misread by OCR
    assert [k for k, _ in header_kinds("MengeEinheit")] == ["qty", "uom"]
    assert [k for k, _ in header_kinds("QtéU.")] == ["qty", "uom"]
    assert [k for k, _ in header_kinds("MwSt.")] == ["vat_rate"]
    assert [k for k, _ in header_kinds("UoM")] == ["uom"]
    assert [k for k, _ in header_kinds("łoeveelheid Omschrijving")] == ["qty", "desc"]
    assert header_kinds("Bestellnummer") == ()
    # "Product / Service" is one column; a code then its description are two
    assert [k for k, _ in header_kinds("Product / Service")] == ["desc"]
    assert [k for k, _ in header_kinds("Ref / Article")] == ["sku", "desc"]

    def kind(name: str, desc: str = "") -> str | None:
        return field_kind(Field(name, name, "number", {}, desc))

    assert kind("price_unit") == "unit_price"
    assert kind("price_subtotal") == "amount"
    assert kind("price", "Price of one unit") == "unit_price"
    assert kind("vat", "VAT amount of the line") == "vat_amount"
    assert kind("line_tax_percent") == "vat_rate"
    assert is_summary_label("Payment received by OYO")
    assert is_summary_label("Offener Betrag")
    assert not is_summary_label("Consulting hours")


def test_a_detail_list_without_column_headers_gives_low_confidence_items():
    """The AWS case: a ruled "Detail" list of service | amount rows, each followed by its
    "Charges" and "VAT" sub-rows, and no column header at all."""

    def draw(c, h):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(40, h - 60, "Detail")
        c.setFont("Helvetica", 9)
        y = h - 80
        rows = [("AWS Data Transfer", "$0.01"), ("Charges", "$0.01"), ("VAT **", "$0.00"),
                ("Amazon Glacier", "$2.22"), ("Charges", "$2.22"), ("VAT **", "$0.00")]
        c.setLineWidth(0.5)
        for label, amount in rows:
            c.rect(40, y - 4, 300, 16, stroke=1, fill=0)
            c.rect(340, y - 4, 120, 16, stroke=1, fill=0)
            c.drawString(44, y, label)
            c.drawRightString(455, y, amount)
            y -= 16

    res = _read(_pdf(draw))
    assert res.data["line_items"] == [
        {"description": "AWS Data Transfer", "amount": 0.01},
        {"description": "Amazon Glacier", "amount": 2.22},
    ]
    confs = [m["amount"]["confidence"] for m in res.field_metadata["line_items"]]
    assert all(c < 0.6 for c in confs)  # no header backs the reading


def test_locate_prefers_a_whole_token_to_digits_inside_another():
    from sheaf.extract.layout import build_layout
    from sheaf.extract.resolvers.citations import locate

    from .helpers import doc_from_pages, page_from_cells

    layout = build_layout(doc_from_pages(page_from_cells(
        [(40, 40, "Ordernummer: 12572103"), (40, 60, "1025 RX Amsterdam"), (40, 80, "BTW 21")])))
    (line, s, e), = locate(layout, "21")
    assert line.text[s:e] == "21" and line.text == "BTW 21"


def test_numbers_right_under_left_headers_and_an_unlisted_amount_header():
    """Headers aligned left, numbers aligned right (nearer the next header), a quantity
    with its unit glued to the description by a narrow gap, and an amount column under a
    header word no list has ("Ext."): columns come from where the numbers line up and
    from quantity x unit price = amount."""
    rows = [("3 pcs", "Cleaning service, ground floor", "1,665.62", "4,996.86"),
            ("25 pcs", "Barcode scanner handheld", "719.98", "17,999.50"),
            ("2 pcs", "Thermal labels 100x50", "12.40", "24.80")]

    def draw(c, h):
        c.setFont("Helvetica-Bold", 9)
        for x, head in ((50, "Hours"), (109, "Item description"), (326, "Rate"), (436, "Ext.")):
            c.drawString(x, h - 200, head)
        c.setFont("Helvetica", 9)
        for i, (q, d, u, a) in enumerate(rows):
            y = h - 220 - 18 * i
            c.drawRightString(100, y, q)
            c.drawString(104, y, d)
            c.drawRightString(427, y, u)
            c.drawRightString(545, y, a)
        c.drawString(395, h - 300, "Subtotal")
        c.drawRightString(545, h - 300, "23,021.16")

    got = _read(_pdf(draw)).data["line_items"]
    assert [_key(g) for g in got] == [
        ("Cleaning service, ground floor", 3.0, 1665.62, 4996.86),
        ("Barcode scanner handheld", 25.0, 719.98, 17999.5),
        ("Thermal labels 100x50", 2.0, 12.4, 24.8),
    ]


def test_totals_labels_with_qualifiers_and_amounts_are_not_items():
    for label in ("zzgl. 19 % USt.", "VAT @ 20% on 1,234.00", "TVA 20 % sur 1 234,00",
                  "abzgl. Rabatt", "Reste dû", "Totaalbedrag", "Anzahlung"):
        assert is_summary_label(label), label
    for label in ("Delivery note DN-20417", "Steel shelving unit 180 cm"):
        assert not is_summary_label(label), label
    assert header_kinds("Leistungsbeschreibung") == (("desc", 0.75),)
    assert [k for k, _ in header_kinds("LEISTUNGSBESCHREIBUNG E-PREIS")] == [
        "desc", "unit_price"]
    assert [k for k, _ in header_kinds("Net value")] == ["amount"]  # one column
    assert header_kinds("Product / Service")[0][0] == "desc"
    assert len(header_kinds("Product / Service")) == 1


def test_an_unnamed_description_column_is_the_column_of_words():
    """The description's header is a word no list has ("Offerte"): the unclaimed column
    that holds words on the item rows is the description. "Einzelpreis netto" is one unit
    price column ("netto" qualifies it)."""
    assert [k for k, _ in header_kinds("Einzelpreis netto")] == ["unit_price"]
    rows = [("Akustikwandpaneel", "2", "672,61", "1.345,22"),
            ("Datenmigration (Festpreis)", "1", "167,78", "167,78")]

    def draw(c, h):
        c.setFont("Helvetica-Bold", 9)
        for x, head in ((60, "Offerte"), (300, "Menge"), (380, "Einzelpreis netto"),
                        (480, "Gesamt")):
            c.drawString(x, h - 200, head)
        c.setFont("Helvetica", 9)
        for i, (d, q, u, a) in enumerate(rows):
            y = h - 220 - 18 * i
            c.drawString(60, y, d)
            c.drawRightString(330, y, q)
            c.drawRightString(450, y, u)
            c.drawRightString(540, y, a)

    got = _read(_pdf(draw)).data["line_items"]
    assert [_key(g) for g in got] == [
        ("Akustikwandpaneel", 2.0, 672.61, 1345.22),
        ("Datenmigration (Festpreis)", 1.0, 167.78, 167.78),
    ]


def test_a_description_header_wins_over_an_item_header_of_codes():
    """"Artikel | Omschrijving" (Dutch; "Item | Description" in English): the item column
    holds article codes, the description is the column named for it (the codes were taken
    as descriptions before)."""
    rows = [("E103184", "Onderhoudsset CA6707/10", "1", "49,99", "49,99"),
            ("E103560", "SX Flyer Korting", "2", "3,50", "7,00")]

    def draw(c, h):
        c.setFont("Helvetica-Bold", 9)
        for x, head in ((60, "Artikel"), (140, "Omschrijving"), (330, "Aantal"),
                        (400, "Prijs"), (500, "Bedrag")):
            c.drawString(x, h - 200, head)
        c.setFont("Helvetica", 9)
        for i, (code, d, q, u, a) in enumerate(rows):
            y = h - 220 - 14 * i
            c.drawString(60, y, code)
            c.drawString(140, y, d)
            c.drawRightString(360, y, q)
            c.drawRightString(430, y, u)
            c.drawRightString(540, y, a)

    got = _read(_pdf(draw)).data["line_items"]
    assert [_key(g) for g in got] == [("Onderhoudsset CA6707/10", 1.0, 49.99, 49.99),
                                      ("SX Flyer Korting", 2.0, 3.5, 7.0)]


def test_items_before_a_better_read_repeat_of_the_header_are_kept():
    """The header repeated on page 2 reads better than page 1's (a plain "Description"
    against "Description of goods delivered"): page 1's items still come first (the list
    started at the best-read header and lost them)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pages = [("Description of goods delivered",
              [("Desk lamp", "2", "19.90", "39.80"), ("Office chair", "1", "149.00", "149.00"),
               ("Paper A4", "10", "4.50", "45.00")]),
             ("Description", [("Stapler", "3", "7.20", "21.60"),
                              ("Monitor arm", "1", "59.00", "59.00")])]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    h = A4[1]
    for head, rows in pages:
        c.setFont("Helvetica-Bold", 9)
        for x, t in ((60, head), (330, "Qty"), (400, "Unit price"), (500, "Amount")):
            c.drawString(x, h - 200, t)
        c.setFont("Helvetica", 9)
        for i, (d, q, u, a) in enumerate(rows):
            y = h - 220 - 16 * i
            c.drawString(60, y, d)
            c.drawRightString(350, y, q)
            c.drawRightString(440, y, u)
            c.drawRightString(535, y, a)
        c.showPage()
    c.save()
    got = _read(buf.getvalue()).data["line_items"]
    assert [g["description"] for g in got] == [d for _, rows in pages for d, *_ in rows]


def test_a_continued_table_whose_header_merges_two_columns_is_read_in_its_columns():
    """Page one sets Qty and Unit price apart; the table goes on where the two stand too
    close to be told apart ("Qty Unit price" over "3 93.30"): the numbers are split between
    them, and a totals label under the merged header stays a totals row."""
    from sheaf.extract.layout import TableView
    from sheaf.extract.resolvers.item_cells import _find_header
    from sheaf.extract.resolvers.item_sources import _as_rows
    from sheaf.extract.schema import compile_schema

    item = next(f for f in compile_schema(ITEMS).properties if f.name == "line_items").items
    page1 = [["Description", "Qty", "Unit price", "Amount"], ["Widget", "2", "10.00", "20.00"]]
    page2 = [["Description", "Qty Unit price", "Amount"], ["Bracket", "3 93.30", "279.90"],
             ["", "Subtotal", "299.90"]]
    cm, cm2 = _find_header(page1, item), _find_header(page2, item)
    assert cm is not None and cm2 is not None
    rows = _as_rows(TableView(2, page2, 1, None, 612, 792), cm2, cm)
    assert rows[0].cells == ["Bracket", "3", "93.30", "279.90"]
    assert rows[1].cells == ["", "Subtotal", "", "299.90"]
