"""Table layouts of Word documents exported to PDF by LibreOffice (``bench/word_pages.py``):
a header band that runs to the cell edges over a body whose text sits inside them, and an
"at a glance" block of label / value lines on a tab stop, which is not a table."""

from __future__ import annotations

from sheaf.parse import parse

from .builders import drawn_pdf

HEAD = ["Region", "2010", "2011", "2012", "Change"]


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def test_header_band_wider_than_an_indented_body_heads_it():
    """A Word table with a dark header row over unruled rows (LibreOffice's export): the band
    runs to the cell edges, the body's text sits inside them (row labels indented, numbers
    set right within the padding), so its extent falls short of the band's by more than the
    old tolerance: still one table, the band its header."""
    rows = [[f"Division {k}", f"{1000 + 37 * k:,}", f"{1200 + 41 * k:,}",
             f"{1300 + 43 * k:,}", f"{(k % 7) - 3}.{k % 10}"] for k in range(1, 5)]

    def draw(c):
        c.drawString(60, 720, "Table 2. Employment by division: 2010 to 2012")
        c.setFillColorRGB(0.12, 0.23, 0.39)
        edges = [50, 200, 270, 350, 430, 520]  # a box a cell, two header rows
        for y in (697, 684):
            for a, b in zip(edges, edges[1:], strict=False):
                c.rect(a, y, b - a, 13, stroke=0, fill=1)
        c.setFillColorRGB(1, 1, 1)
        c.drawCentredString(350, 700, "Years")
        c.drawString(55, 688, HEAD[0])
        for x, txt in zip(edges[2:], HEAD[1:], strict=True):
            c.drawRightString(x - 5, 688, txt)
        c.setFillColorRGB(0, 0, 0)
        for i, r in enumerate(rows):
            y = 672 - 12 * i
            c.drawString(80, y, r[0])
            for x, txt in zip(edges[2:], r[1:], strict=True):
                c.drawRightString(x - 22, y, txt)

    tables = _tables(drawn_pdf(draw, font_size=8))
    assert len(tables) == 1
    got = tables[0].rows
    assert got[1][0] == "Region" and "Years" in " ".join(got[0]) and got[-1] == rows[-1]
    assert len(got) == len(rows) + 2


def test_at_a_glance_lines_with_colons_on_some_labels_are_not_a_table():
    """An "at a glance" block typed in Word: label, tab, amount, a colon after some labels
    only. No header row, the first line a label and a value like the rest: key-value lines,
    not a table (below the seven-in-ten colon share it needed before)."""
    items = [("Population:", "2,503,037"), ("Households", "1,812,864"),
             ("Median age:", "39.4"), ("Labor force", "1,284,210"),
             ("Field offices:", "48"), ("Budget authority", "7,986,400"),
             ("Full-time equivalents", "6,690")]

    def draw(c):
        c.drawString(72, 720, "At a Glance")
        for i, (label, value) in enumerate(items):
            y = 700 - 14 * i
            c.drawString(72, y, label)
            c.drawRightString(330, y, value)
        c.drawString(72, 580, "The figures above are for the fiscal year ending September 30.")

    assert _tables(drawn_pdf(draw)) == []
