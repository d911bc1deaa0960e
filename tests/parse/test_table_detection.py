"""Table detection on born-digital pages: sideways pages are laid out in their reading frame,
and text that merely lines up (two-column prose, key-value forms, charts) is not a table."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

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
