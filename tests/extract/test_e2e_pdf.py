"""End to end: a reportlab PDF -> sheaf.parse.parse -> extract, with citations on the page."""

from __future__ import annotations

import io

import pytest

from sheaf.extract import extract

reportlab = pytest.importorskip("reportlab")
parse_mod = pytest.importorskip("sheaf.parse")


def _pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    h = A4[1]
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, h - 72, "NORTHWIND SUPPLIES LTD")
    c.setFont("Helvetica", 10)
    c.drawString(72, h - 90, "221 Baker Street, London NW1 6XE")
    c.drawString(72, h - 140, "Invoice No:")
    c.drawString(200, h - 140, "NW-88123")
    c.drawString(72, h - 156, "Date:")
    c.drawString(200, h - 156, "14 March 2024")
    c.drawString(350, h - 300, "Subtotal")
    c.drawString(450, h - 300, "100.00")
    c.drawString(350, h - 316, "VAT 20%")
    c.drawString(450, h - 316, "20.00")
    c.drawString(350, h - 332, "Total Due")
    c.drawString(450, h - 332, "GBP 120.00")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_end_to_end():
    doc = parse_mod.parse(_pdf(), tier="cost_effective")
    schema = {
        "type": "object",
        "properties": {
            "supplier": {"type": "string", "description": "company that issued the invoice"},
            "invoice_number": {"type": "string"},
            "invoice_date": {"type": "string", "format": "date"},
            "total": {"type": "number"},
            "currency": {"type": "string"},
        },
    }
    res = extract(doc, schema)
    assert res.data == {
        "supplier": "NORTHWIND SUPPLIES LTD",
        "invoice_number": "NW-88123",
        "invoice_date": "2024-03-14",
        "total": 120.0,
        "currency": "GBP",
    }
    cit = res.field_metadata["total"]["citation"][0]
    assert cit["page"] == 1 and cit["matching_text"] == "120.00"
    box = cit["bounding_boxes"][0]
    # drawn at x=450 + width of "GBP ", baseline 332 pt from the top
    assert 450 <= box["x"] <= 480 and 315 <= box["y"] <= 335
    assert cit["page_dimensions"]["width"] == pytest.approx(595.27, abs=0.1)
