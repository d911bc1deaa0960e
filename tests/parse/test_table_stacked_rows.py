"""A ruled grid with a header row and ONE body row drawn without rules between its entries
(each cell holding a stack of lines, line for line across the columns) is read one row per
baseline, not as one row of run-together cells. A wrapped header stays one row."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

XS = [72, 220, 360, 500]
HEADER = ["Country", "Cohesion Fund", "Total"]
BODY = [["Bulgaria", "2.3", "5.5"], ["Cyprus", "0.21", "0.21"],
        ["Czech Republic", "8.8", "22.2"], ["Estonia", "1.1", "3.0"],
        ["Technical Assistance", "", "0.87"]]


def _stacked_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 9)
    c.drawString(72, 740, "Indicative amounts by country are summarised below.")
    top, head_h, pitch = 720, 18, 12
    body_top = top - head_h
    bottom = body_top - pitch * len(BODY) - 6
    for y in (top, body_top, bottom):  # no rules between the body entries
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, top, x, bottom)
    for k, text in enumerate(HEADER):
        c.drawString(XS[k] + 5, body_top + 5, text)
    for i, row in enumerate(BODY):
        y = body_top - pitch * (i + 1)
        for k, text in enumerate(row):
            if text:
                c.drawString(XS[k] + 5, y, text)
    c.drawString(72, bottom - 24, "Source: the Commission.")
    c.save()
    return buf.getvalue()


def test_one_ruled_row_of_stacked_lines_splits_into_rows():
    doc = parse(_stacked_pdf(), tier="cost_effective")
    ts = [it for p in doc.pages for it in p.items if it.type == "table"]
    assert len(ts) == 1
    assert ts[0].rows == [HEADER, *BODY]


def _wrapped_header_pdf() -> bytes:
    """Header cells wrapped over three lines (no row label): one header row."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 9)
    top, head_h, row_h = 720, 40, 16
    ys = [top, top - head_h, top - head_h - row_h, top - head_h - 2 * row_h]
    for y in ys:
        c.line(XS[0], y, XS[-1], y)
    for x in XS:
        c.line(x, top, x, ys[-1])
    stacks = {1: ["number of", "enterprises", "(000)"], 2: ["turnover", "per firm", "(ecu)"]}
    for k, stack in stacks.items():
        for i, text in enumerate(stack):
            c.drawString(XS[k] + 5, top - 12 - 11 * i, text)
    for r, row in enumerate([["Belgium", "12", "3.4"], ["Denmark", "7", "2.1"]]):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 5, ys[r + 1] - 12, text)
    c.save()
    return buf.getvalue()


def test_wrapped_header_without_label_stays_one_row():
    doc = parse(_wrapped_header_pdf(), tier="cost_effective")
    ts = [it for p in doc.pages for it in p.items if it.type == "table"]
    assert len(ts) == 1
    assert ts[0].rows[0][1:] == ["number of enterprises (000)", "turnover per firm (ecu)"]
    assert len(ts[0].rows) == 3
