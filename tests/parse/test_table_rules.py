"""Ruled-table rules found through the ICDAR 2013 table bench: cells drawn as boxes inset
from the grid lines (no sliver columns), and a row label wrapped over two boxed lines."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

XS = [72, 250, 350, 450]  # grid lines of a three-column table
INSET = 5.5


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def _grid(c, top: float, heights: list[float]) -> list[float]:
    """Grid lines for rows of the given heights; returns the row tops and the bottom."""
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    return ys


def _box(c, x0: float, x1: float, y_top: float, y_bot: float) -> None:
    c.rect(x0 + INSET, y_bot + 1, x1 - x0 - 2 * INSET, y_top - y_bot - 1.5)


def test_cell_boxes_inset_from_grid_lines_make_no_extra_columns():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 8)
    data = [["Substance", "To air", "To water"], ["Ammonia", "10 000", "-"],
            ["Methane", "100 000", "5"], ["Halons", "1", "-"]]
    ys = _grid(c, 714, [14] * (len(data) + 1))
    # a header over both value columns; its word "FOR" sits on the boxes' inner edges
    _box(c, XS[1], XS[-1], ys[0], ys[1])
    x = XS[2] - 3 - c.stringWidth("FOR", "Helvetica", 8) / 2 - c.stringWidth(
        "THRESHOLD ", "Helvetica", 8)
    c.drawString(x, ys[1] + 4, "THRESHOLD FOR RELEASES")
    for r, row in enumerate(data, start=1):
        for k, text in enumerate(row):
            _box(c, XS[k], XS[k + 1], ys[r], ys[r + 1])
            c.drawString(XS[k] + INSET + 2, ys[r + 1] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert all(len(r) == 3 for r in ts[0].rows)
    assert ts[0].rows[1:] == data


def test_row_label_wrapped_over_two_boxed_lines_is_one_row():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 8)
    ys = _grid(c, 700, [14, 14, 24, 14])
    rows = [["Pollutant", "To air", "To water"], ["Ammonia", "10 000", "-"], None,
            ["Halons", "1", "-"]]
    for r, row in enumerate(rows):
        if row is None:  # label in two boxes, one per line; values on the second line
            mid = ys[r] - 12
            _box(c, XS[0], XS[1], ys[r], mid)
            _box(c, XS[0], XS[1], mid, ys[r + 1])
            c.drawString(XS[0] + INSET + 2, mid + 3, "Chlorine and inorganic compounds")
            c.drawString(XS[0] + INSET + 2, ys[r + 1] + 3, "(as HCl)")
            for k, text in ((1, "10 000"), (2, "-")):
                _box(c, XS[k], XS[k + 1], ys[r], ys[r + 1])
                c.drawString(XS[k] + INSET + 2, ys[r + 1] + 3, text)
            continue
        for k, text in enumerate(row):
            _box(c, XS[k], XS[k + 1], ys[r], ys[r + 1])
            c.drawString(XS[k] + INSET + 2, ys[r + 1] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == [["Pollutant", "To air", "To water"], ["Ammonia", "10 000", "-"],
                          ["Chlorine and inorganic compounds (as HCl)", "10 000", "-"],
                          ["Halons", "1", "-"]]
