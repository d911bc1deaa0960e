"""Merged cells of ruled grids and figures that are not tables, found through the ICDAR
2013 table bench: a header over several columns drawn without the rules between them, a row
label beside several rows, header cells wrapped over two lines each drawn in its own box
inside the grid, and axis labels of a chart aligned like a table's columns."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

XS = [72, 220, 310, 400, 490]  # grid lines of a four-column table
FONT = ("Helvetica", 8)


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def _canvas() -> tuple[canvas.Canvas, io.BytesIO]:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont(*FONT)
    return c, buf


def _fill(c: canvas.Canvas, data: list[list[str]], ys: list[float]) -> None:
    """Write ``data`` into the ruled rows ``ys``, one cell per column of ``XS``."""
    for r, row in enumerate(data):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 4, ys[r + 1] + 4, text)


def _centred(c: canvas.Canvas, x0: float, x1: float, y: float, text: str) -> None:
    c.drawString((x0 + x1) / 2 - c.stringWidth(text, *FONT) / 2, y, text)


def test_header_over_three_columns_is_one_merged_cell():
    c, buf = _canvas()
    ys = [700, 686, 672, 658, 644]
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in (XS[0], XS[1], XS[-1]):
        c.line(x, ys[0], x, ys[-1])
    for x in XS[2:-1]:  # no rules between the value columns in the top row
        c.line(x, ys[1], x, ys[-1])
    _centred(c, XS[1], XS[-1], ys[1] + 4, "THRESHOLD FOR RELEASES")
    data = [
        ["", "to air", "to water", "to land"],
        ["Ammonia", "10 000", "-", "-"],
        ["Methane", "100 000", "5", "7"],
    ]
    for r, row in enumerate(data, start=1):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 4, ys[r + 1] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == [["", "THRESHOLD FOR RELEASES", "", ""], *data]
    assert ts[0].spans == [(0, 1, 1, 3)]
    assert ts[0].header_rows == 2  # the header cell and the column names under it


def test_separate_values_without_a_rule_between_them_stay_apart():
    c, buf = _canvas()
    ys = [700, 686, 672, 658]
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in (XS[0], XS[1], XS[2], XS[-1]):
        c.line(x, ys[0], x, ys[-1])
    c.line(XS[3], ys[0], XS[3], ys[1])  # below the header no rule parts the last two columns
    data = [
        ["Country", "2004", "n", "%Pos"],
        ["Spain", "36", "-", "-"],
        ["Italy", "334", "2.4", "0.6"],
    ]
    _fill(c, data, ys)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == data
    assert ts[0].spans == []
    assert ts[0].header_rows == 1


def test_row_label_beside_two_rows_spans_them():
    c, buf = _canvas()
    ys = [700, 686, 672, 658, 644]
    for y in (ys[0], ys[1], ys[3], ys[4]):
        c.line(XS[0], y, XS[-1], y)
    c.line(XS[1], ys[2], XS[-1], ys[2])  # the label column has no rule between its rows
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    data = [
        ["Condition", "Measure", "Suffered", "Treated"],
        ["Chronic fatigue", "Count", "19", "4"],
        ["syndrome", "Percentage", "3.8%", "0.8%"],
        ["Asthma", "Count", "31", "22"],
    ]
    _fill(c, data, ys)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == [
        data[0],
        ["Chronic fatigue syndrome", *data[1][1:]],
        ["", *data[2][1:]],
        data[3],
    ]
    assert ts[0].spans == [(1, 0, 2, 1)]
    assert ts[0].header_rows == 1


def test_header_wrapped_over_two_boxed_lines_is_one_row():
    c, buf = _canvas()
    ys = [700, 676, 662, 648]  # a two-line header row, then two data rows
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    inset, mid = 5, ys[0] - 12
    head = [
        ("Substance", ""),
        ("to air", "kg/year"),
        ("to water", "kg/year"),
        ("to land", "kg/year"),
    ]
    for k, (top, low) in enumerate(head):
        if k:  # each line of a header cell shaded in its own box, inset from the grid
            c.rect(XS[k] + inset, mid, XS[k + 1] - XS[k] - 2 * inset, ys[0] - mid - 1)
            c.rect(XS[k] + inset, ys[1] + 1, XS[k + 1] - XS[k] - 2 * inset, mid - ys[1] - 1)
        _centred(c, XS[k], XS[k + 1], mid + 3, top)
        if low:
            _centred(c, XS[k], XS[k + 1], ys[1] + 3, low)
    data = [["Ammonia", "10 000", "-", "-"], ["Methane", "100 000", "5", "7"]]
    for r, row in enumerate(data, start=1):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 4, ys[r + 1] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == [
        ["Substance", "to air kg/year", "to water kg/year", "to land kg/year"],
        *data,
    ]
    assert ts[0].spans == []


def test_label_line_boxed_inside_its_cell_is_no_row_of_its_own():
    """A label whose first line sits in a shaded box of its own inside the cell (the box ends
    on the box's own corner, not on a column rule) is one cell beside one line of values: no
    rows, no values spanning them."""
    c, buf = _canvas()
    ys = [700, 686, 658, 644]  # header, a two-line label row, a plain row
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, ys[0], x, ys[-1])
    c.rect(XS[0], ys[1] - 14, XS[1] - XS[0] - 20, 14)  # box around the label's first line
    data = [["Source", "Type", "Tokens", "Docs"], ["Wikipedia", "Encyclopedic", "3.7B", "6.2M"]]
    for k, text in enumerate(data[0]):
        c.drawString(XS[k] + 4, ys[1] + 4, text)
    c.drawString(XS[0] + 4, ys[1] - 10, "Wikipedia")
    c.drawString(XS[0] + 12, ys[2] + 4, "from Dolma")
    for k, text in enumerate(data[1][1:], start=1):
        c.drawString(XS[k] + 4, ys[1] - 16, text)
    for k, text in enumerate(["Total", "", "3.9T", "3.1B"]):
        c.drawString(XS[k] + 4, ys[3] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows == [
        data[0],
        ["Wikipedia from Dolma", *data[1][1:]],
        ["Total", "", "3.9T", "3.1B"],
    ]
    assert ts[0].spans == []
    assert ts[0].header_rows == 1


def test_unruled_table_has_no_merged_cells():
    c, buf = _canvas()
    rows = [
        ["Country", "2004", "2005", "2006"],
        ["Spain", "36", "", "12"],
        ["Italy", "334", "2.4", "0.6"],
        ["France", "71", "3.3", "1.9"],
    ]
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 4, 700 - 14 * r, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].spans == []
    assert ts[0].header_rows == 1


def test_group_header_set_flush_right_over_its_columns_is_merged():
    """A Word table (every cell boxed) whose group header is right-aligned in a cell merged
    over two columns: the column rule missing in that row only makes it one cell, however the
    text sits in it (it stayed in the last column, the first left empty, before)."""
    c, buf = _canvas()
    ys = [700, 686, 672, 658, 644, 630]
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in (XS[0], XS[1], XS[3], XS[-1]):
        c.line(x, ys[0], x, ys[-1])
    c.line(XS[2], ys[1], XS[2], ys[-1])  # no rule between the two years' columns on top
    c.drawRightString(XS[3] - 4, ys[1] + 4, "2017")
    c.drawString(XS[0] + 4, ys[1] + 4, "Sector")
    c.drawString(XS[3] + 4, ys[1] + 4, "Total")
    data = [
        ["", "Amount", "Share", ""],
        ["Industry", "54.5", "33.8", "331,363"],
        ["Energy", "21.2", "1.7", "458,757"],
        ["Construction", "5.0", "19.6", "108,284"],
    ]
    for r, row in enumerate(data, start=1):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 4, ys[r + 1] + 4, text)
    c.save()
    ts = _tables(buf.getvalue())
    assert len(ts) == 1
    assert ts[0].rows[0] == ["Sector", "2017", "", "Total"]
    assert (0, 1, 1, 2) in ts[0].spans
    assert ts[0].rows[-1] == data[-1]
