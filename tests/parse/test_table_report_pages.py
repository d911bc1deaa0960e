"""Table detection on pages laid out like a government report (platypus frames, justified
prose in columns): prose columns, justified lines and a form's key-value block are not
tables; unruled tables in a narrow column with wrapped row labels and headers set over
right-aligned numbers are."""

from __future__ import annotations

import io

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sheaf.parse import parse

W, H = letter
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5,
                      alignment=TA_JUSTIFY)
SENTENCES = [
    "The agency reported the number of applicants during the period we reviewed.",
    "Local governments identified changes in eligibility rules since 2009, and the "
    "committee recommended performance measures for the third consecutive year.",
    "Federal funding expanded oversight of contracts in each of the regions.",
    "The survey could not determine the reliability of the data according to agency "
    "officials, although the data were incomplete.",
    "Each state documented grant awards to states and localities under the current "
    "statute.",
]


def _prose(n: int, seed: int) -> Paragraph:
    text = " ".join(SENTENCES[(seed + k) % len(SENTENCES)] for k in range(n))
    return Paragraph(text, BODY)


def _pdf(story: list, columns: int, gutter: float = 18) -> bytes:
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=letter)
    fw, m = W - 108, 54
    cw = (fw - gutter * (columns - 1)) / columns
    frames = [Frame(m + k * (cw + gutter), m, cw, H - 2 * m, leftPadding=0, rightPadding=0)
              for k in range(columns)]
    doc.addPageTemplates([PageTemplate(id="p", frames=frames)])
    doc.build(story)
    return buf.getvalue()


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def test_three_column_justified_prose_is_not_a_table():
    story = [_prose(6, k) for k in range(9)]
    assert _tables(_pdf(story, 3)) == []


def test_key_value_block_without_colons_is_not_a_table():
    """Bold labels, plain values of every kind (names, dates, codes), two pairs a row."""
    data = [["Report number", "GAO-13-424", "Agency", "Census Bureau"],
            ["Date issued", "March 4, 2013", "Telephone", "(202) 512-424"],
            ["Contact", "Jane Q. Smith", "Status", "Open"],
            ["Project period", "36 months", "Program code", "424-A"]]
    kv = Table(data, colWidths=[90, 160, 90, 160], hAlign="LEFT")
    kv.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
                            ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 8.5),
                            ("FONT", (2, 0), (2, -1), "Helvetica-Bold", 8.5)]))
    story = [_prose(3, 0), Spacer(1, 8), kv, Spacer(1, 8), _prose(4, 2)]
    assert _tables(_pdf(story, 1)) == []


def test_unruled_table_in_a_narrow_column_is_one_table():
    """Right column of a two-column page (an 18 pt gutter), wrapped row labels, the
    'Amount' header set left over right-aligned amounts, a group of two columns."""
    rows = [["Program", "Amount", "Count"],
            ["Public transit", "$2,874.6", "72"],
            ["Small business loans and related activities", "$738.6", "15"],
            ["Water infrastructure", "$3,588.5", "8"],
            ["Highway safety grants for rural roads", "$5,188.5", "41"],
            ["Energy assistance", "$844.5", "3"],
            ["Total", "$13,234.7", "139"]]
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=9.5)
    data = [[Paragraph(r[0], cell) if len(r[0]) > 22 else r[0], r[1], r[2]] for r in rows]
    t = Table(data, colWidths=[110, 70, 60], hAlign="LEFT")
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "Helvetica", 8),
                           ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
                           ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    story = [_prose(8, 1), _prose(6, 3), _prose(5, 0),
             Paragraph("<b>Table 2: Grants by program, fiscal year 2012</b>", BODY), t,
             _prose(5, 2)]
    tables = _tables(_pdf(story, 2))
    assert len(tables) == 1
    got = tables[0].rows
    assert got[0] == ["Program", "Amount", "Count"]
    assert ["Small business loans and related activities", "$738.6", "15"] in got
    assert got[-1] == ["Total", "$13,234.7", "139"]


def test_labels_inside_a_gridded_line_chart_are_not_a_table():
    """A line chart with a frame and gridlines (which read as a ruled grid) and a few
    annotations inside it: the layout model sees a figure, the text covers little of it."""
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String

    d = Drawing(460, 300)
    ch = HorizontalLineChart()
    ch.x, ch.y, ch.width, ch.height = 40, 30, 400, 250
    ch.data = [[(k * 37) % 90 + 5 for k in range(40)], [(k * 53) % 70 + 3 for k in range(40)]]
    ch.categoryAxis.categoryNames = [str(k * 10) if k % 5 == 0 else "" for k in range(40)]
    ch.valueAxis.valueMin, ch.valueAxis.valueMax, ch.valueAxis.valueStep = 0, 100, 20
    ch.valueAxis.visibleGrid = True
    ch.categoryAxis.visibleGrid = True
    ch.strokeColor = ch.valueAxis.gridStrokeColor
    d.add(ch)
    d.add(String(250, 230, "1995 March 20", fontName="Helvetica-Bold", fontSize=12))
    d.add(String(250, 212, "Subway incident", fontName="Helvetica-Bold", fontSize=12))
    d.add(String(380, 262, "LATWP NYT REUTERS", fontName="Helvetica", fontSize=7))
    story = [Paragraph("<b>Frequency of the name by day, 1995</b>", BODY), Spacer(1, 8), d]
    assert _tables(_pdf(story, 1)) == []


def _canvas_pdf(draw) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _leader(c, label: str, x: float, y: float, upto: float) -> None:
    """``label`` and dot leaders up to ``upto`` (one text run, as statistical tables set it)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = label + " "
    while stringWidth(text + ".", "Helvetica", 8) < upto - x:
        text += "."
    c.drawString(x, y, text)


def test_dot_leaders_do_not_merge_the_label_column_with_the_first_values():
    states = ["United States", "Alabama", "Alaska", "Arizona", "Arkansas", "California"]

    def draw(c):
        c.setFont("Helvetica-Bold", 10)
        c.drawString(72, H - 72, "Table 3. Population by State: 2000 and 2010")
        c.setFont("Helvetica", 8)
        for x, h in zip((72, 340, 410, 480), ("State", "2000", "2010", "Change"), strict=True):
            c.drawString(x, H - 100, h) if x == 72 else c.drawRightString(x, H - 100, h)
        for i, s in enumerate(states):
            y = H - 118 - 12 * i
            _leader(c, s, 72, y, 305)  # the dots end a space before the first value
            for k, x in enumerate((340, 410, 480)):
                c.drawRightString(x, y, f"{(i * 7919 + k * 104729) % 900000 + 1000:,}")

    tables = _tables(_canvas_pdf(draw))
    assert len(tables) == 1
    rows = tables[0].rows
    assert rows[0] == ["State", "2000", "2010", "Change"]
    assert [r[0] for r in rows[1:]] == states
    assert rows[1][1:] == ["1,000", "105,729", "210,458"]


def test_table_of_contents_with_dot_leaders_is_not_a_table():
    entries = ["Background", "Objectives, scope and methodology", "Results in brief",
               "Program costs grew", "Agency comments", "Appendix I: Data sources"]

    def draw(c):
        c.setFont("Helvetica-Bold", 12)
        c.drawString(72, H - 72, "Contents")
        c.setFont("Helvetica", 10)
        for i, e in enumerate(entries):
            y = H - 100 - 16 * i
            _leader(c, e, 72, y, 500)
            c.drawRightString(540, y, str(1 + 4 * i))

    assert _tables(_canvas_pdf(draw)) == []



def test_worksheet_lines_and_contents_are_told_from_tables():
    """What the cells hold: a form's numbered worksheet lines ending with their line number,
    a table of contents, against data tables of the same shape."""
    from sheaf.parse.document import BBox
    from sheaf.parse.layout.not_tables import contents_list, form_lines
    from sheaf.parse.layout.table_common import Table as Grid

    def grid(rows):
        return Grid(BBox(0, 0, 100, 100), rows, [], True)

    worksheet = grid([["Worksheet-Line 17", "Keep for Your Records"],
                      ["1. Add the amounts on Schedule A, lines 3 and 7", "1."],
                      ["Caution: be sure your losses are identified", ""],
                      ["2. Enter the total of the amount on line 8", "2."],
                      ["3. Subtract line 2 from line 1 3.", ""],
                      ["enter the result here", ""]])
    contents = grid([["1. Background", "5"], ["2. Objectives and scope", "9"],
                     ["3. Results", "12"], ["Appendix I", "31"]])
    front = grid([["Notices", "vii"], ["Trademarks", "viii"], ["Preface", "xi"],
                  ["Authors", "xii"]])
    data = grid([["State", "2010"], ["Alabama", "4,779"], ["Alaska", "710"],
                 ["Arizona", "6,392"], ["Arkansas", "2,916"]])
    ranks = grid([["Program", "Rank"], ["Job training", "3"], ["Student aid", "1"],
                  ["Public transit", "4"], ["Energy", "2"]])
    assert form_lines(worksheet) and not form_lines(data) and not form_lines(contents)
    assert contents_list(contents) and contents_list(front)
    assert not contents_list(data) and not contents_list(ranks)
