"""A grid drawn without outer vertical borders (rules only between the columns, horizontal
rules running past them to the table's edges) keeps its first and last columns: the row
labels and the last value column are cells of the one table, not a second table."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

LEFT, RIGHT = 72, 520
INNER = [140, 270, 400]  # vertical rules between the four columns only
DATA = [["", "Finland", "EU-15", "EU-25"], ["1996", "3.7", "1.6", "1.7"],
        ["2000", "5.0", "3.9", "3.9"], ["2005", "1.5", "1.5", "1.6"],
        ["2006 (*)", "3.5", "2.0", "2.1"]]


def _open_sided_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawString(LEFT, 740, "Real GDP growth, percentage change on previous year.")
    top, h = 720, 16
    ys = [top - k * h for k in range(len(DATA) + 1)]
    c.line(INNER[0], ys[0], RIGHT, ys[0])  # the top rule leaves the empty corner cell open
    for y in ys[1:]:
        c.line(LEFT, y, RIGHT, y)
    for x in INNER:
        c.line(x, ys[0], x, ys[-1])
    edges = [LEFT, *INNER, RIGHT]
    for r, row in enumerate(DATA):
        for k, text in enumerate(row):
            if text:
                c.drawString(edges[k] + 6, ys[r + 1] + 4, text)
    c.drawString(LEFT, ys[-1] - 20, "Source: Eurostat.")
    c.save()
    return buf.getvalue()


def test_grid_without_outer_borders_keeps_label_and_last_columns():
    doc = parse(_open_sided_pdf(), tier="cost_effective")
    ts = [it for p in doc.pages for it in p.items if it.type == "table"]
    assert len(ts) == 1
    assert ts[0].rows == DATA
