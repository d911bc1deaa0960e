"""Tables as statistical publications set them: zebra rows drawn as one filled box per cell,
a booktabs table longer than its rules' usual reach, section headings of the stub between
the rows of an unruled table, panel headings centred across it; and a form's boxes
(captions over entries) and key-value lines, which are not tables."""

from __future__ import annotations

from reportlab.lib.pagesizes import letter

from sheaf.parse import parse

from .builders import drawn_pdf

W, H = letter
COLS = [72, 250, 330, 410, 490]  # left edge of the stub, right edges of the value columns
HEAD = ["Region", "2010", "2011", "2012", "Change"]


def _row(k: int) -> list[str]:
    return [f"Division {k}", f"{1000 + 37 * k:,}", f"{1200 + 41 * k:,}",
            f"{1300 + 43 * k:,}", f"{(k % 7) - 3}.{k % 10}"]


def _draw_row(c, cells: list[str], y: float) -> None:
    c.drawString(COLS[0] + 3, y, cells[0])
    for x, txt in zip(COLS[1:], cells[1:], strict=True):
        c.drawRightString(x - 3, y, txt)


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def _cell_boxes(c, y: float, h: float, colour) -> None:
    """One filled box per cell, no stroke (how a typesetter fills a row's background)."""
    c.setFillColorRGB(*colour)
    edges = [COLS[0] - 3] + COLS[1:]
    for a, b in zip(edges, edges[1:], strict=False):
        c.rect(a, y, b - a, h, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)


def test_zebra_rows_of_cell_boxes_are_one_table():
    """Shaded rows drawn as one box per cell: the boxes' sides are no drawing's rules (the
    table was lost as a chart's labels before)."""
    rows = [_row(k) for k in range(1, 11)]

    def draw(c):
        c.drawString(72, 700, "Table 4. Employment by division: 2010 to 2012")
        top = 680
        _draw_row(c, HEAD, top)
        for i, r in enumerate(rows):
            y = top - 12 * (i + 1)
            if i % 2:
                _cell_boxes(c, y - 3, 12, (0.9, 0.92, 0.95))
            _draw_row(c, r, y)

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    assert tables[0].rows[0] == HEAD
    assert tables[0].rows[-1] == rows[-1]
    assert len(tables[0].rows) == 11


def test_shaded_header_band_heads_the_rows_ruled_under_it():
    """An agency's header band (one dark box a cell and row, white text, a group header)
    over rows ruled one by one, a section label between the two: one table, the band its
    header (the band was a table of its own before, the body another)."""
    rows = [_row(k) for k in range(1, 9)]

    def draw(c):
        c.drawString(72, 720, "Table 7. Employment by division: 2010 to 2012")
        c.setFillColorRGB(0.12, 0.23, 0.39)
        edges = [COLS[0] - 3, 190, *COLS[1:]]  # a box over each column, the stub's too
        for y in (697, 684):
            for a, b in zip(edges, edges[1:], strict=False):
                c.rect(a, y, b - a, 13, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.drawCentredString(370, 700, "Years")
        _draw_row(c, HEAD, 688)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(COLS[0] + 3, 674, "Total")
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.setLineWidth(0.3)
        for i, r in enumerate(rows):
            y = 660 - 12 * i
            _draw_row(c, r, y)
            c.line(COLS[0] - 3, y - 3, COLS[-1], y - 3)
        c.line(COLS[0] - 3, 671, COLS[-1], 671)

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    got = tables[0].rows
    assert got[1] == HEAD and "Years" in " ".join(got[0])
    assert got[2][0] == "Total" and got[-1] == rows[-1]


def test_long_booktabs_table_keeps_its_body():
    """A rule over and under a two-row header and one under the last row, 52 rows between:
    the body is the table's, not the page between two rules far apart (the header alone
    was the table before)."""
    rows = [_row(k) for k in range(1, 53)]

    def draw(c):
        top = 720
        c.drawString(72, top + 40, "Table 12. Employment by division: 2010 to 2012")
        c.setLineWidth(0.8)
        c.line(COLS[0] - 3, top + 22, COLS[-1], top + 22)
        c.drawCentredString(330, top + 11, "Fiscal year")  # a group header row
        c.drawCentredString(450, top + 11, "Percent")
        _draw_row(c, HEAD, top)
        c.setLineWidth(0.5)
        c.line(COLS[0] - 3, top - 4, COLS[-1], top - 4)
        for i, r in enumerate(rows):
            _draw_row(c, r, top - 12 * (i + 1) - 2)
        c.setLineWidth(0.8)
        y = top - 12 * len(rows) - 8
        c.line(COLS[0] - 3, y, COLS[-1], y)
        c.drawString(72, y - 14, "Source: Bureau of Labor Statistics.")

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    assert HEAD in tables[0].rows
    assert tables[0].rows[-1] == rows[-1]
    assert len(tables[0].rows) == 54


def test_booktabs_tables_with_prose_between_and_stacked_headers():
    """Two booktabs tables with a paragraph between them (their rules line up): each is a
    table of its own (the rules were chained over the paragraph and neither was found). A
    year centred over two columns stays a group header; a header cell over two lines
    ("Percent" / "change") is one cell; a symbol cell "(Z)" is not a list marker glued to
    the next cell's value."""
    cols = [72, 400, 470, 540]  # stub left edge, right edges of the two value columns
    body = [("All items", "-12.2", "3,780,476"), ("Food", "(Z)", "6,509,825"),
            ("Food at home", "7.1", "5,255,910"), ("Energy", "-2.0", "3,413,743"),
            ("Fuel oil", "18.5", "9,059,557"), ("Motor fuel", "(Z)", "2,818,491")]

    def table(c, top: float) -> float:
        c.setLineWidth(0.8)
        c.line(cols[0], top, cols[-1], top)
        c.drawCentredString(470, top - 9, "1994")
        c.setLineWidth(0.4)
        c.line(405, top - 12, cols[-1], top - 12)
        c.drawRightString(cols[2] - 2, top - 21, "Percent")
        c.drawString(cols[0] + 2, top - 30, "Item and group")
        c.drawRightString(cols[2] - 2, top - 30, "change")
        c.drawRightString(cols[3] - 2, top - 30, "Households")
        c.setLineWidth(0.5)
        c.line(cols[0], top - 34, cols[-1], top - 34)
        y = top - 44
        for label, a, b in body:
            c.drawString(cols[0] + 2, y, label)
            c.drawRightString(cols[2] - 2, y, a)
            c.drawRightString(cols[3] - 2, y, b)
            y -= 10
        c.setLineWidth(0.8)
        c.line(cols[0], y + 6, cols[-1], y + 6)
        return y

    def draw(c):
        y = table(c, 720)
        for k in range(3):
            c.drawString(72, y - 20 - 11 * k, "The Consumer Price Index rose since the last "
                         "recession, and average weekly hours fell after adjusting for it.")
        table(c, y - 70)

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 2
    for t in tables:
        assert "1994" in t.rows[0] and "Households" not in t.rows[0]
        assert t.rows[1] == ["Item and group", "Percent change", "Households"]
        assert ["Food", "(Z)", "6,509,825"] in t.rows
        assert t.rows[-1] == ["Motor fuel", "(Z)", "2,818,491"]


def test_stub_section_headings_do_not_split_an_unruled_table():
    """Headings of the row labels set on lines of their own in the stub (one wrapped over two
    lines, indented differently from the labels) keep the rows one table."""
    def draw(c):
        y = 700
        _draw_row(c, HEAD, y)
        out = []
        for sec, n in (("RACE", 4), ("EDUCATIONAL|ATTAINMENT", 5), ("AGE", 4)):
            for part in sec.split("|"):
                y -= 11
                c.drawString(COLS[0] + 9, y, part)
            for _k in range(n):
                y -= 11
                r = _row(len(out) + 1)
                c.drawString(COLS[0] + 15, y, r[0])
                for x, txt in zip(COLS[1:], r[1:], strict=True):
                    c.drawRightString(x - 3, y, txt)
                out.append(r)
        return out

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    labels = [r[0] for r in tables[0].rows]
    assert "Division 1" in labels and "Division 13" in labels


def test_form_boxes_are_not_a_table():
    """A form's fields drawn as a ruled grid, each box a small caption over its entry."""
    fields = [("1. Name of establishment", "Riverside Mills Inc."),
              ("2. Employer Identification Number", "12-3456789"),
              ("3. Street address", "4182 Industrial Parkway"),
              ("4. City, State, ZIP", "Springfield, IL 61974"),
              ("5. Telephone", "(552) 555-4931"),
              ("6. Reporting period", "January 1 - December 31, 2012")]

    def draw(c):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(150, 720, "ANNUAL SURVEY OF MANUFACTURES")
        top, h, x0, w = 690, 30, 72, 234
        c.setLineWidth(0.5)
        for i, (cap, val) in enumerate(fields):
            r, k = divmod(i, 2)
            x, y = x0 + k * w, top - r * h
            c.rect(x, y - h, w, h, stroke=1, fill=0)
            c.setFont("Helvetica", 6.5)
            c.drawString(x + 4, y - 9, cap)
            c.setFont("Helvetica", 9)
            c.drawString(x + 4, y - 22, val)

    assert _tables(drawn_pdf(draw, font_size=8)) == []


def test_panel_headings_across_the_table_do_not_hide_its_columns():
    """"NUMBER" and "PERCENT DISTRIBUTION" centred across an unruled table, over the gaps
    between its columns: the columns stay apart."""
    def draw(c):
        y = 700
        _draw_row(c, HEAD, y)
        for panel in ("NUMBER", "PERCENT DISTRIBUTION"):
            y -= 11
            c.drawCentredString(290, y, panel)
            for k in range(1, 6):
                y -= 11
                _draw_row(c, _row(k), y)

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    assert all(len(r) == len(HEAD) for r in tables[0].rows)
    assert all(_row(k) in tables[0].rows for k in range(2, 6))


def test_key_value_lines_with_a_label_piece_apart_are_not_a_table():
    """``label:`` value pairs, two a line, one label hyphenated over two lines with its
    first piece set apart (a justified narrow cell): still a form's fields."""
    def draw(c):
        y = 700
        c.drawString(72, y, "Reference")
        c.drawString(140, y, "pe-")
        c.drawString(72, y - 9, "riod:")
        c.drawString(190, y, "Calendar year 2012")
        c.drawString(330, y, "Next release:")
        c.drawString(420, y, "June 4, 2013")
        for k, (a, b, d, e) in enumerate([("Telephone:", "301-763-6884", "Contact:", "J. Smith"),
                                          ("Report number:", "P60-245", "Sample size:",
                                           "68,000 households")]):
            yy = y - 24 * (k + 1)
            c.drawString(72, yy, a)
            c.drawString(190, yy, b)
            c.drawString(330, yy, d)
            c.drawString(420, yy, e)

    assert _tables(drawn_pdf(draw, font_size=8)) == []
