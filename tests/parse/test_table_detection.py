"""Table detection on born-digital pages: sideways pages are laid out in their reading frame,
and text that merely lines up (two-column prose, key-value forms, charts) is not a table."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse
from sheaf.parse.render.md import table_item_md

from .builders import drawn_pdf

W, H = letter
ROWS = [["Region", "Units", "Price", "Revenue"]] + [
    [f"Area {k}", str(100 + 7 * k), f"{3 + k}.50", f"{(100 + 7 * k) * (3 + k)}"]
    for k in range(1, 9)
]


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return doc, [it for p in doc.pages for it in p.items if it.type == "table"]


def _unruled_table(c, x: float, top: float) -> None:
    for r, row in enumerate(ROWS):
        for k, cell in enumerate(row):
            c.drawString(x + 110 * k, top - 16 * r, cell)


@pytest.mark.parametrize("angle", [90, 270])
def test_sideways_table_is_read_in_its_reading_frame(angle):
    """A landscape table printed sideways on a portrait page (text running up or down)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 10)
    c.saveState()
    if angle == 90:  # text runs up the page
        c.translate(W - 300, 80)
    else:  # text runs down the page
        c.translate(300, H - 80)
    c.rotate(angle)
    c.drawString(0, 40, "Table 3. Sales by region, landscape")
    _unruled_table(c, 0, 0)
    c.restoreState()
    c.showPage()
    c.save()
    doc, tables = _tables(buf.getvalue())
    assert len(tables) == 1
    assert tables[0].rows[0] == ROWS[0]
    assert tables[0].rows[-1] == ROWS[-1]
    assert doc.pages[0].orientation in (90, 270)
    assert (doc.pages[0].width, doc.pages[0].height) == (H, W)


def test_key_value_form_block_is_not_a_table():
    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, H - 72, "Application for a permit")
        c.setFont("Helvetica", 10)
        pairs = [("Applicant name:", "Maria Rossi"), ("Date of birth:", "12 March 1980"),
                 ("Address:", "Via Roma 12, Milano"), ("Telephone:", "+39 02 555 0100"),
                 ("E-mail:", "m.rossi@example.org"), ("Permit type:", "Temporary"),
                 ("Valid from:", "1 June 2024"), ("Valid until:", "31 May 2025")]
        for k, (key, value) in enumerate(pairs):
            c.drawString(72, H - 110 - 18 * k, key)
            c.drawString(200, H - 110 - 18 * k, value)

    doc, tables = _tables(drawn_pdf(draw))
    assert tables == []
    text = " ".join(it.text for it in doc.pages[0].items)
    assert "Applicant name:" in text and "Maria Rossi" in text


def test_bar_chart_labels_are_not_a_table():
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing

    def draw(c):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, H - 72, "Figure 3. Imports by year")
        d = Drawing(400, 250)
        bc = VerticalBarChart()
        bc.x, bc.y, bc.height, bc.width = 50, 50, 170, 320
        bc.data = [[13, 5, 20, 22, 37, 45]]
        bc.categoryAxis.categoryNames = ["2018", "2019", "2020", "2021", "2022", "2023"]
        bc.barLabelFormat = "%d"
        bc.barLabels.nudge = 7
        d.add(bc)
        renderPDF.draw(d, c, 72, H - 360)

    _doc, tables = _tables(drawn_pdf(draw))
    assert tables == []


def test_two_column_prose_is_not_a_table():
    text = ("the council adopted a regulation on the common market for agricultural "
            "products and its annexes shall apply from the first day of")
    words = text.split()

    def draw(c):
        c.setFont("Helvetica", 9)
        for col, x in enumerate((60, 320)):
            for i in range(50):
                n = 4 + (i * 7 + col) % 5
                line = " ".join(words[(i * 3 + k) % len(words)] for k in range(n))
                c.drawString(x, H - 72 - 11 * i, line)

    _doc, tables = _tables(drawn_pdf(draw))
    assert tables == []


def test_unruled_numeric_table_is_a_table():
    def draw(c):
        c.setFont("Helvetica-Bold", 11)
        c.drawString(72, H - 72, "Table 4. Staff by department")
        c.setFont("Helvetica", 9)
        rows = [["Department", "2021", "2022", "2023"]] + [
            [f"Unit {k}", str(10 + k), str(12 + k), str(15 + k)] for k in range(10)]
        for r, row in enumerate(rows):
            c.drawString(72, H - 100 - 13 * r, row[0])
            for k, v in enumerate(row[1:]):
                c.drawRightString(260 + 70 * k, H - 100 - 13 * r, v)

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Department", "2021", "2022", "2023"]
    assert tables[0].rows[-1] == ["Unit 9", "19", "21", "24"]


def test_unruled_item_table_with_a_header_over_amounts_is_a_table():
    """An invoice's items: a header row, a text column and amount columns, no rules."""
    def draw(c):
        rows = [["Description", "Qty", "Unit price", "Amount"],
                ["Annual support plan", "1", "240.00", "240.00"],
                ["Extra mailbox", "3", "12.50", "37.50"],
                ["Domain renewal", "2", "15.00", "30.00"]]
        for r, row in enumerate(rows):
            c.drawString(72, H - 200 - 16 * r, row[0])
            for k, v in enumerate(row[1:]):
                c.drawRightString(330 + 90 * k, H - 200 - 16 * r, v)
        c.drawString(72, H - 120, "Invoice 2024-117")

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[2] == ["Extra mailbox", "3", "12.50", "37.50"]


def test_booktabs_sub_columns_under_a_group_header_are_split():
    """Horizontal rules only; a group header line runs across the sub-columns it heads (its
    words over the gaps), the numbers below stand in their own columns."""
    def draw(c):
        c.setFont("Helvetica", 8)
        x0, x1, top = 72, 540, H - 100
        c.line(x0, top, x1, top)
        c.drawString(200, top - 12, "Modern method used by women in the survey year")
        heads = ["Group", "Any", "Pill", "IUD", "Condom", "Other", "Total"]
        xs = [76, 200, 250, 300, 350, 400, 470]
        for x, h in zip(xs, heads, strict=True):
            c.drawString(x, top - 26, h)
        c.line(x0, top - 30, x1, top - 30)
        for r in range(12):
            y = top - 44 - 12 * r
            c.drawString(xs[0], y, f"Region {r + 1}")
            for k, x in enumerate(xs[1:]):
                c.drawString(x, y, f"{(r * 7 + k * 3) % 50 + 0.5:.1f}")
        c.line(x0, top - 44 - 12 * 12, x1, top - 44 - 12 * 12)

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    body = [r for r in tables[0].rows if r[0].startswith("Region")]
    assert len(body) == 12
    assert all(len([c for c in r if c]) == 7 for r in body), body[0]
    assert body[0][1:] == ["0.5", "3.5", "6.5", "9.5", "12.5", "15.5"]


def test_rules_that_set_apart_blocks_of_a_letter_are_not_one_booktabs_table():
    """An invoice's full-width rules: under the letterhead, under the document title, under
    the item header, with an address block, a blank and a reference line between them. The
    item table keeps its header (the header went to a "table" of the address block and
    the reference line between the rules before)."""
    def draw(c):
        c.setLineWidth(0.6)
        c.line(43, 680, 548, 680)
        for i, (a, b) in enumerate([("Invoice address", "Delivery address"),
                                    ("Strategic Corp", "Main office"),
                                    ("Fakestreet 46", "Fakestreet 46"),
                                    ("3500 MJ Utrecht", "3500 MJ Utrecht")]):
            c.drawString(95, 664 - 11 * i, a)
            c.drawString(430, 664 - 11 * i, b)
        c.setFont("Helvetica-Bold", 13)
        c.drawString(52, 540, "Copy invoice")
        c.setFont("Helvetica", 8)
        c.line(43, 535, 548, 535)
        for x, t in ((52, "Customer"), (170, "Order"), (380, "Invoice date"),
                     (470, "Due date")):
            c.drawString(x, 526, t)
        for x, t in ((52, "SC0303006280999"), (170, "SC000000444"), (380, "8-9-2022"),
                     (470, "22-9-2022")):
            c.drawString(x, 515, t)
        heads = [(52, "Article"), (120, "Description"), (400, "Price"), (470, "Qty"),
                 (520, "Amount")]
        for x, t in heads:
            c.drawString(x, 482, t)
        c.line(43, 479, 548, 479)
        for i, row in enumerate([("E103184", "Maintenance kit CA6707/10", "49,99", "1",
                                  "49,99"), ("E103560", "Flyer discount", "0,00", "2", "0,00"),
                                 ("E103561", "Descaler", "9,99", "1", "9,99")]):
            y = 469 - 11 * i
            c.drawString(52, y, row[0])
            c.drawString(120, y, row[1])
            for x, t in zip((425, 485, 545), row[2:], strict=True):
                c.drawRightString(x, y, t)
        c.drawString(52, 420, "Prices include VAT")
        c.drawRightString(545, 420, "Total EUR 59,98")
        c.drawString(52, 120, "Following our records you paid this invoice in advance by card.")
        c.line(37, 110, 553, 110)

    _, tables = _tables(drawn_pdf(draw, font_size=8))
    items = [t for t in tables if any("E103184" in c for r in t.rows for c in r)]
    assert len(items) == 1
    assert items[0].rows[0] == ["Article", "Description", "Price", "Qty", "Amount"]


def test_two_headers_set_as_one_line_over_two_columns_are_split():
    """"Preis Gesamtpreis netto" printed as one line over a unit-price and an amount
    column (the amount column had no header and the two headers one cell)."""
    rows = [("Akustikwandpaneel", "20", "331,41", "6628,20"),
            ("Fußstütze ergonomisch", "2", "741,16", "1482,32"),
            ("Monitorarm", "5", "374,21", "1871,05")]

    def draw(c):
        c.drawString(72, 700, "Bezeichnung")
        c.drawRightString(330, 700, "Anzahl")
        c.drawRightString(530, 700, "Preis Gesamtpreis netto")  # "Preis" over 331,41
        for i, (d, q, u, a) in enumerate(rows):
            y = 684 - 14 * i
            c.drawString(72, y, d)
            c.drawRightString(330, y, q)
            c.drawRightString(430, y, u)
            c.drawRightString(530, y, a)

    _, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Bezeichnung", "Anzahl", "Preis", "Gesamtpreis netto"]
    assert tables[0].rows[1] == list(rows[0])


def test_a_framed_group_title_close_under_an_item_stays_a_row():
    """"--- Food Products ---" set as close under an item as a wrapped description line:
    it is the next group's title, a row of its own (it was glued to the item above)."""
    rows = [("--- Non Food ---", None), ("Beeswax XL", ("1.00 kg", "42.00", "$ 42.00")),
            ("Office Chair", ("1.00 Units", "70.00", "$ 70.00")),
            ("--- Food Products ---", None), ("Olive Oil", ("1.00 L", "1.00", "$ 0.90")),
            ("Luxury Truffles", ("15.00 g", "10.00", "$ 150.00"))]

    def draw(c):
        for x, t in ((72, "Description"), (300, "Quantity"), (400, "Unit Price"),
                     (500, "Amount")):
            c.drawString(x, 700, t)
        y = 688
        for k, (label, vals) in enumerate(rows):
            c.drawString(72, y, label)
            if vals:
                for x, t in zip((345, 450, 540), vals, strict=True):
                    c.drawRightString(x, y, t)
            # the title sits as close under the item above as a wrapped line would
            y -= 9 if k + 1 < len(rows) and rows[k + 1][1] is None else 16

    _, tables = _tables(drawn_pdf(draw, font_size=9))
    assert len(tables) == 1
    firsts = [r[0] for r in tables[0].rows]
    assert "--- Food Products ---" in firsts and "Office Chair" in firsts


def test_financial_statement_header_and_currency_signs():
    """An SEC-style statement: a group label centred over three dates, a unit line under
    them, and "$" set at the left edge of each amount's cell, far from the number."""
    cols = [300, 380, 460]  # right edges of the three amount columns

    def draw(c):
        c.setFont("Helvetica", 9)
        c.drawString(72, 720, "Stock-based compensation expense was as follows:")
        c.drawCentredString(350, 690, "Year Ended")
        for x, d in zip(cols, ("Jan 26, 2025", "Jan 28, 2024", "Jan 29, 2023"), strict=True):
            c.drawRightString(x, 678, d)
            c.line(x - 60, 675, x, 675)
        c.drawCentredString(350, 666, "(In millions)")
        body = [("Cost of revenue", "178", "141", "138"),
                ("Research and development", "3,423", "2,532", "1,892"),
                ("Sales, general and administrative", "1,136", "876", "680"),
                ("Total", "4,737", "3,549", "2,710")]
        y = 652
        for k, (label, *vals) in enumerate(body):
            c.drawString(72, y, label)
            for x, v in zip(cols, vals, strict=True):
                if k in (0, 3):
                    c.drawString(x - 58, y, "$")
                c.drawRightString(x, y, v)
            y -= 12
        c.drawString(72, y - 20, "Stock-based compensation capitalized was not significant.")

    doc = parse(drawn_pdf(draw, 9), tier="cost_effective")
    items = doc.pages[0].items
    assert not [it.text for it in items if it.type == "heading"]
    (table,) = [it for it in items if it.type == "table"]
    rows = table.rows
    assert rows[0][1] == "Year Ended" and (0, 1, 1, 3) in [tuple(s) for s in table.spans]
    assert [c.split(" (")[0] for c in rows[1][1:]] == ["Jan 26, 2025", "Jan 28, 2024",
                                                        "Jan 29, 2023"]
    assert "(In millions)" in " ".join(rows[1] + rows[2])
    assert rows[-4] == ["Cost of revenue", "$ 178", "$ 141", "$ 138"]
    assert rows[-1] == ["Total", "$ 4,737", "$ 3,549", "$ 2,710"]
    assert table.header_rows == 2
    # merged cells make it HTML; its row labels are row headers there
    html = table_item_md(table)
    assert '<th colspan="3">Year Ended</th>' in html
    assert "<th>Research and development</th><td>3,423</td>" in html


def test_slanted_column_headers_join_the_header_row():
    """Score columns too narrow for their names, named by headers set at 45 degrees over them
    (a paper's results table between booktabs rules): each name goes over its column."""
    names = ["Procedure", "Completion", "Knowledge"]
    xs = [250, 290, 330]  # left edges of the score columns

    def draw(c):
        c.setFont("Helvetica", 8)
        c.line(72, 720, 380, 720)
        for x, name in zip(xs, names, strict=True):
            c.saveState()
            c.translate(x + 2, 692)
            c.rotate(45)
            c.drawString(0, 0, name)
            c.restoreState()
        c.drawString(80, 682, "Task")
        c.line(72, 678, 380, 678)
        y = 666
        for task, scores in [("Clustering", ("0.87", "0.20", "0.20")),
                             ("Mixing", ("0.82", "0.00", "0.40")),
                             ("Regression", ("0.42", "0.10", "0.60")),
                             ("Correlation", ("0.46", "0.20", "0.05"))]:
            c.drawString(80, y, task)
            for x, v in zip(xs, scores, strict=True):
                c.drawString(x, y, v)
            y -= 12
        c.line(72, y + 6, 380, y + 6)

    doc = parse(drawn_pdf(draw, 8), tier="cost_effective")
    (table,) = [it for it in doc.pages[0].items if it.type == "table"]
    assert table.rows[0] == ["Task", *names]
    assert table.rows[1] == ["Clustering", "0.87", "0.20", "0.20"]


def test_group_label_spans_the_columns_it_is_centred_over():
    """In an upper header row, "ReACT" alone over Procedure | Completion | Knowledge (and
    "Plan" over the next three) spans them; the row label column stays its own."""
    from sheaf.parse.document import BBox, Word
    from sheaf.parse.layout.model import Line
    from sheaf.parse.layout.tables import Table, _group_spans

    def line(text: str, x0: float, x1: float, y: float) -> Line:
        return Line([Word(text, BBox(x0, y, x1 - x0, 8))], x0, y, x1, y + 8, 8)

    cols = [(72, 120), (130, 160), (170, 200), (210, 240), (250, 280), (290, 320), (330, 360)]
    react, plan = line("ReACT", 170, 200, 100), line("Plan", 295, 315, 100)
    rows = [["", "", "ReACT", "", "", "Plan", ""],
            ["Task", "Proc", "Comp", "Know", "Proc", "Comp", "Know"],
            ["Clustering", "0.87", "0.20", "0.20", "0.80", "0.00", "0.00"]]
    t = Table(BBox(72, 100, 288, 40), rows, [react, plan], True, cols, header_rows=2)
    _group_spans(t)
    assert t.rows[0] == ["", "ReACT", "", "", "Plan", "", ""]
    assert sorted(t.spans) == [(0, 1, 1, 3), (0, 4, 1, 3)]


def test_band_labels_and_wrapped_row_labels_stay_inside_one_table():
    """A statistical table without rules: "NUMBER" centred between header and body and
    "PERCENT DISTRIBUTION" between two sections are band rows of the table (their label in
    the first cell), a row label wrapped after "not" or over two label-only lines is one
    label, and "Total (1,000)" is a header, not a value."""
    values = [["58,708", "8,790,564", "203.1"], ["53,441.6", "4,636,692", "191.3"],
              ["77,828", "4,486,049", "115.7"], ["60,194", "7,723,218", "256.3"],
              ["48,357", "1,678,781", "110.6"], ["73,236", "4,425,434", "180.9"]]
    xs = [260, 340, 420]  # right edges of the value columns

    def draw(c):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, 720, "Table 147. Persons by Race and Educational Attainment")
        c.setFont("Helvetica", 8)
        c.drawString(72, 690, "Characteristic")
        for x, head in zip(xs, ["Total (1,000)", "Persons", "Index"], strict=True):
            c.drawRightString(x, 690, head)
        c.drawCentredString(246, 678, "NUMBER")
        y = 666
        for label, row in [("All races", values[0]), ("White alone", values[1]),
                           ("White alone, not", values[2])]:
            c.drawString(78, y, label)
            for x, v in zip(xs, row, strict=True):
                c.drawRightString(x, y, v)
            y -= 10
        c.drawString(78, y, "Hispanic")
        c.drawString(72, y - 10, "Educational")
        c.drawString(72, y - 20, "attainment")
        c.drawCentredString(246, y - 30, "PERCENT DISTRIBUTION")
        y -= 40
        for label, row in [("Less than 9th grade", values[3]), ("High school graduate",
                           values[4]), ("Bachelor's degree", values[5])]:
            c.drawString(78, y, label)
            for x, v in zip(xs, row, strict=True):
                c.drawRightString(x, y, v)
            y -= 10

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ["Characteristic", "Total (1,000)", "Persons", "Index"]
    firsts = [r[0] for r in rows]
    assert firsts == ["Characteristic", "NUMBER", "All races", "White alone",
                      "White alone, not Hispanic", "Educational attainment",
                      "PERCENT DISTRIBUTION", "Less than 9th grade", "High school graduate",
                      "Bachelor's degree"]
    assert rows[1] == ["NUMBER", "", "", ""]
    assert rows[4] == ["White alone, not Hispanic", "77,828", "4,486,049", "115.7"]


def test_wrapped_category_labels_under_a_bar_chart_are_not_a_table():
    """Category names under the bars, several wrapped over two or three lines: three rows of
    words in columns, which the layout model sees inside a figure."""
    names = [("West South", "Central"), ("Middle At-", "lantic"), ("American", "Indian and"),
             ("White alone", ""), ("65 to 74", "years"), ("Pacific", ""),
             ("West North", "Central"), ("35 to 44", "years")]
    heights = [11.1, 19.9, 2.5, 2.0, 49.1, 50.5, 76.8, 94.1]

    def draw(c):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, 700, "Figure 2. Unemployment Rates by Division: 2012")
        base, top = 420, 660
        c.setLineWidth(0.5)
        c.setStrokeGray(0.6)
        for k in range(6):
            y = base + k * (top - base) / 5
            c.line(100, y, 520, y)
            c.setFont("Helvetica", 7)
            c.drawRightString(95, y - 2, str(20 * k))
        c.setFillColorRGB(0.4, 0.55, 0.15)
        for k, h in enumerate(heights):
            c.rect(110 + 52 * k, base, 30, h / 100 * (top - base), stroke=0, fill=1)
        c.setFillGray(0)
        for k, ((a, b), h) in enumerate(zip(names, heights, strict=True)):
            x = 110 + 52 * k
            c.drawString(x, base + h / 100 * (top - base) + 3, f"{h}")
            c.drawString(x, base - 8, a)
            if b:
                c.drawString(x, base - 16, b)
        c.drawString(110 + 52 * 2, base - 24, "Alaska Na-")
        c.drawString(110 + 52 * 2, base - 32, "tive")
        c.drawString(110 + 52 * 6, base - 24, "Division")
        c.setFont("Helvetica", 7)
        c.drawString(72, base - 40, "Source: Bureau of Transportation Statistics")

    _doc, tables = _tables(drawn_pdf(draw))
    assert tables == []
