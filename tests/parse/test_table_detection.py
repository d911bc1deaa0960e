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


def test_key_figure_cards_are_not_a_table():
    """A web page printed to PDF: key figures in cards (a big figure over a small label and
    its change) line up in columns like a table; they are none. The statistical table on
    the page is one."""
    def draw(c):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(50, 750, "Labour market overview: March 2024")
        cards = [("Employment rate", "75.0%", "up 0.3 on the quarter"),
                 ("Unemployment rate", "4.2%", "down 0.1 on the quarter"),
                 ("Annual pay growth", "6.0%", "down 0.2 on the year"),
                 ("Vacancies", "916,000", "down 43,000 on the quarter"),
                 ("Payrolled employees", "30.4 million", "up 0.1% on the year"),
                 ("Inactivity rate", "21.8%", "up 0.1 on the quarter")]
        for k, (label, fig, change) in enumerate(cards):
            x, y = 50 + 175 * (k % 3), 690 - 95 * (k // 3)
            c.setStrokeGray(0.7)
            c.rect(x, y - 60, 160, 80, stroke=1, fill=0)
            c.setFont("Helvetica", 9)
            c.drawString(x + 8, y + 6, label)
            c.setFont("Helvetica-Bold", 22)
            c.drawString(x + 8, y - 22, fig)
            c.setFont("Helvetica", 8)
            c.drawString(x + 8, y - 45, change)
        c.setFont("Helvetica", 9)
        _unruled_table(c, 60, 470)

    _doc, tables = _tables(drawn_pdf(draw))
    assert [t.rows[0] for t in tables] == [ROWS[0]]


def test_header_over_a_booktabs_body_and_a_bold_first_row_join_it():
    """Group headers over rules that underline their columns, the header's rule, a bold
    "All persons" row set over two lines before the first row rule, hairlines between the
    rows: one table, whose last row sits at the foot of the page and is no footer."""
    regions = ["North", "North East", "North West", "Yorkshire"] + [
        f"Area {k}" for k in range(1, 37)]
    xs = [250, 330, 410, 490]

    def draw(c):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(50, 742, "Table 4: Employees by region, 2023")
        c.setFont("Helvetica-Bold", 8)
        c.drawCentredString(275, 722, "Women")
        c.drawCentredString(435, 722, "Men")
        c.setLineWidth(0.5)
        c.line(215, 718, 335, 718)
        c.line(375, 718, 495, 718)
        c.drawString(55, 706, "Region")
        for x, head in zip(xs, ["Number", "Share (%)", "Number", "Share (%)"], strict=True):
            c.drawRightString(x, 706, head)
        c.setLineWidth(1.2)
        c.line(50, 700, 500, 700)
        c.drawString(55, 688, "All")
        c.drawString(55, 678, "persons")
        for x, v in zip(xs, ["974,380", "9.9", "946,824", "9.7"], strict=True):
            c.drawRightString(x, 688, v)
        c.setFont("Helvetica", 8)
        c.setLineWidth(0.3)
        y = 672
        c.line(50, y, 500, y)
        for k, name in enumerate(regions):
            y -= 12
            c.drawString(55, y, name)
            for j, x in enumerate(xs):
                c.drawRightString(x, y, f"{(k + 3) * (j + 7) * 1013:,}" if j % 2 == 0
                                  else f"{(k * 7 + j) % 90 + 1.5:.1f}")
            y -= 4
            c.line(50, y, 500, y)  # each row ruled under it
        assert y < 60  # the last row sits at the foot of the page

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    rows = tables[0].rows
    assert "Women" in rows[0] and "Men" in rows[0]
    assert rows[1] == ["Region", "Number", "Share (%)", "Number", "Share (%)"]
    assert rows[2] == ["All persons", "974,380", "9.9", "946,824", "9.7"]
    assert rows[3][0] == "North"
    assert rows[-1][0] == "Area 36"


def _tight_invoice_table(c, top: float, scale: float = 1.0) -> None:
    """Cells padded as a browser pads them: columns less than an em apart (9 pt type,
    6-8 pt between cells), "Date: ... Order: ..." over the header, a trailing euro sign on
    prices beside a discount column that holds "-" or a percentage."""
    c.setFont("Helvetica", 9 / scale)
    c.drawString(50 / scale, top / scale, "Datum: 2025-03-22")
    c.drawString(140 / scale, top / scale, "Auftrag: PO-66067")
    cols = [("Pos", 50, "r", 62), ("Art.-Nr.", 69, "l", None), ("Bezeichnung", 118, "l", None),
            ("Stück", 0, "r", 262), ("Stückpreis", 0, "r", 311), ("Rabatt %", 0, "r", 355),
            ("G-Preis", 0, "r", 410)]
    rows = [[str(k + 1), f"{'MHW'[k % 3]}{4100 + 37 * k}-17", f"Kabelbinder Typ {k}",
             str(k % 4 + 1), f"{120 + 13 * k},50 €", "-" if k % 3 == 0 else f"{5 * (k % 3)}%",
             f"{(k % 4 + 1) * (120 + 13 * k)},00 €"] for k in range(8)]
    for r, row in enumerate([[h for h, *_ in cols], *rows]):
        y = (top - 22 - 16 * r) / scale
        for (_h, x, align, right), cell in zip(cols, row, strict=True):
            if align == "l":
                c.drawString(x / scale, y, cell)
            else:
                c.drawRightString((right or x) / scale, y, cell)


def test_cells_set_closer_than_an_em_are_split_into_their_columns():
    _doc, tables = _tables(drawn_pdf(lambda c: _tight_invoice_table(c, 700)))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ["Pos", "Art.-Nr.", "Bezeichnung", "Stück", "Stückpreis", "Rabatt %",
                       "G-Preis"]
    assert rows[1] == ["1", "M4100-17", "Kabelbinder Typ 0", "1", "120,50 €", "-", "120,00 €"]
    assert rows[2][4:] == ["133,50 €", "5%", "266,00 €"]  # the sign stays with its price
    assert len(rows) == 9


def test_font_size_is_read_through_the_text_matrix():
    """A browser writes sizes in CSS pixels under a 0.75 scale: 12 px is 9 pt, and the
    tight table reads the same as one drawn without the scale."""
    def draw(c):
        c.saveState()
        c.scale(0.75, 0.75)
        _tight_invoice_table(c, 700, scale=0.75)
        c.restoreState()

    from sheaf.parse.options import ParseOptions
    from sheaf.parse.readers.pdf import PdfReader, open_pdf

    data = drawn_pdf(draw)
    raw = PdfReader.raw_page(open_pdf(data), 0, ParseOptions())
    assert {round(ln.size, 1) for ln in raw.lines} == {9.0}
    _doc, tables = _tables(data)
    assert len(tables) == 1 and tables[0].rows[1][:3] == ["1", "M4100-17", "Kabelbinder Typ 0"]


def test_a_footer_of_link_columns_is_not_a_table():
    """A site's footer printed from a browser: headings over columns of underlined links.
    The same columns without the underlines stay a table (a table of words)."""
    heads = ["Help", "Institute", "Data", "Follow us"]
    links = [["Accessibility", "Mission", "Release calendar", "Newsletter"],
             ["Privacy", "Careers", "Time series", "RSS feeds"],
             ["Legal notice", "Press room", "Open data", "LinkedIn"],
             ["Contact us", "Events", "API", "YouTube"]]

    def draw(underline):
        def page(c):
            c.setFont("Helvetica", 9)
            c.drawString(72, 740, "The figures above are provisional and will be revised.")
            for k, h in enumerate(heads):
                c.setFont("Helvetica-Bold", 9)
                c.drawString(72 + 120 * k, 700, h)
            c.setFont("Helvetica", 9)
            for r, row in enumerate(links):
                y = 686 - 14 * r
                for k, text in enumerate(row):
                    x = 72 + 120 * k
                    c.drawString(x, y, text)
                    if underline:
                        c.setLineWidth(0.75)
                        c.line(x, y - 1.5, x + c.stringWidth(text, "Helvetica", 9), y - 1.5)
        return page

    _doc, tables = _tables(drawn_pdf(draw(True)))
    assert tables == []
    _doc, tables = _tables(drawn_pdf(draw(False)))
    assert len(tables) == 1 and tables[0].rows[0] == heads


def test_a_narrow_table_in_one_column_of_two_column_prose_is_found():
    """A title and a contents list set across the page, then two columns of prose with a
    small table in the left one: the table is looked for within its column, not in rows that
    run on into the prose beside it."""
    text = ("the employment rate was largely unchanged over the year and the number of "
            "payrolled employees returned to its level before the pandemic in most regions")
    words = text.split()
    rows = [("Water supply", "4.3"), ("Wholesale and retail trade", "5.6"),
            ("Transport and storage", "1.8"), ("Accommodation and food", "15.9"),
            ("Information and communication", "14.8"), ("Education", "-1.8")]

    def prose(c, x, top, n):
        for i in range(n):
            line = " ".join(words[(i * 5 + k) % len(words)] for k in range(7))
            c.drawString(x, top - 12 * i, line)

    def draw(c):
        c.setFont("Helvetica-Bold", 16)
        c.drawString(50, 740, "Regional labour market statistics: May 2021")
        c.setFont("Helvetica", 9)
        for i, (entry, page) in enumerate([("Employment", "7"), ("Unemployment", "10")]):
            c.drawString(50, 712 - 12 * i, entry + " " + "." * 120)
            c.drawRightString(560, 712 - 12 * i, page)
        prose(c, 50, 670, 5)
        c.setFont("Helvetica-Bold", 9)
        c.drawString(50, 604, "Industry")
        c.drawRightString(280, 604, "2021")
        c.setFont("Helvetica", 9)
        for i, (label, value) in enumerate(rows):
            c.drawString(50, 590 - 13 * i, label)
            c.drawRightString(280, 590 - 13 * i, value)
        prose(c, 50, 500, 4)
        prose(c, 310, 670, 18)

    _doc, tables = _tables(drawn_pdf(draw))
    assert len(tables) == 1
    assert tables[0].rows[0] == ["Industry", "2021"]
    assert tables[0].rows[-1] == ["Education", "-1.8"]
