"""Text aligned in columns inside a drawing is a figure, not a table: the axis labels of two
line charts side by side (gridlines, ticks, plotted series, frames) line up like the columns of
a table, yet the many rules running inside the area without spanning it mark it as a chart."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

FONT = ("Helvetica", 8)


def _chart(c: canvas.Canvas, x0: float, title: str) -> None:
    """A line chart: title, y-axis labels beside horizontal gridlines, a plotted series and
    x-axis labels, in a frame."""
    c.rect(x0, 440, 220, 200)
    c.drawString(x0 + 60, 625, title)
    for k in range(8):
        y = 460 + 20 * k
        c.drawRightString(x0 + 30, y - 3, str(50 * k))
        c.line(x0 + 36, y, x0 + 210, y)
        c.line(x0 + 36 + 25 * k, 458, x0 + 36 + 25 * k, 462)  # x-axis ticks
    c.line(x0 + 36, 460, x0 + 36, 600)
    pts = [(x0 + 36 + 6 * k, 470 + (k * 7) % 40) for k in range(29)]
    for (xa, ya), (xb, yb) in zip(pts, pts[1:], strict=False):
        c.line(xa, ya, xb, ya)
        c.line(xb, ya, xb, yb)
    c.drawString(x0 + 36, 446, "Jan-08    Jul-08    Jan-09")


def test_axis_labels_of_charts_are_no_table():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont(*FONT)
    c.drawString(72, 700, "Figures 15 and 16 show the spreads over the period considered.")
    _chart(c, 72, "Portugal vs Germany (bp)")
    _chart(c, 310, "Spain vs Germany (bp)")
    c.save()
    doc = parse(buf.getvalue(), tier="cost_effective")
    assert not [it for p in doc.pages for it in p.items if it.type == "table"]
    text = " ".join(it.text for p in doc.pages for it in p.items)
    assert "Portugal vs Germany" in text


def test_columns_under_a_header_rule_stay_a_table():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont(*FONT)
    data = [
        ["Country", "2019", "2020", "2021"],
        ["Austria", "1.5", "-6.6", "4.6"],
        ["Belgium", "2.2", "-5.3", "6.1"],
        ["Denmark", "1.5", "-2.0", "4.9"],
    ]
    for r, row in enumerate(data):
        for k, text in enumerate(row):
            c.drawString(72 + 90 * k, 700 - 14 * r, text)
    c.line(72, 696, 400, 696)  # one rule under the header, across the table
    c.save()
    ts = [
        it
        for p in parse(buf.getvalue(), tier="cost_effective").pages
        for it in p.items
        if it.type == "table"
    ]
    assert len(ts) == 1
    assert ts[0].rows == data
