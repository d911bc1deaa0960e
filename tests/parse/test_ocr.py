"""OCR of images and scanned PDF pages (bundled RapidOCR models; kept to a few small images)."""

from __future__ import annotations

import io

import pytest

from sheaf.parse import parse
from sheaf.parse.render import render

from .builders import png_bytes, text_image

pytest.importorskip("rapidocr")


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def test_png_ocr_text_boxes_confidence():
    img = text_image(["Invoice Number 12345", "Total due 99.50 EUR"])
    doc = parse(png_bytes(img), tier="cost_effective")
    assert doc.source_format == "png"
    assert "ocr:rapidocr-ppocr" in doc.pipeline
    page = doc.pages[0]
    text = _norm(render(doc, "text_full"))
    assert "invoice number 12345" in text and "total due 99.50 eur" in text
    assert page.ocr and 0.8 < page.confidence <= 1.0
    assert render(doc, "metadata")["document"]["confidence"] > 0.8
    first = min(page.words, key=lambda w: (w.bbox.y, w.bbox.x))
    assert first.text.lower().startswith("invoice")
    assert 30 <= first.bbox.x <= 60 and first.bbox.y < 80  # drawn at (40, 40) px


def test_scanned_pdf_ocr_only_on_non_fast_tiers():
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = text_image(["Scanned Page Heading", "with some body text"], rotate=90)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.drawImage(ImageReader(img), 72, 100, width=img.width * 0.5, height=img.height * 0.5)
    c.showPage()
    c.save()
    pdf = buf.getvalue()
    fast = parse(pdf, tier="fast")
    assert render(fast, "text_full").strip() == ""
    doc = parse(pdf, tier="cost_effective")
    assert "ocr:rapidocr-ppocr" in doc.pipeline
    text = _norm(render(doc, "text_full"))
    assert "scanned page heading" in text and "with some body text" in text
    assert text.index("scanned") < text.index("body")
    assert doc.pages[0].orientation in (90, 270)


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_turned_image_is_read_upright(turned):
    img = text_image(["Quarterly revenue grew strongly", "across every region this year"],
                     rotate=turned)
    doc = parse(png_bytes(img), tier="cost_effective")
    text = _norm(render(doc, "text_full"))
    assert "quarterly revenue grew strongly" in text and "across every region" in text
    assert text.index("quarterly") < text.index("region")
    assert doc.pages[0].orientation == (360 - turned) % 360 or doc.pages[0].orientation == turned
