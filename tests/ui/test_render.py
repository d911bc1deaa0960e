"""The job page's helpers: page drawing, extract field flattening, safe markdown."""

from __future__ import annotations

import io

from PIL import Image

from sheaf.api.ui.render import flatten_fields, markdown_html, render_page_png, source_kind
from tests import docs


def _png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        return img.size


def test_pdf_and_image_pages_are_drawn_and_missing_pages_are_none():
    pdf = docs.pdf(pages=2)
    assert source_kind("pdf", pdf[:8]) == "pdf" and source_kind(None, pdf[:8]) == "pdf"
    width, height = _png_size(render_page_png(pdf, "pdf", 2))
    assert (width, height) == (918, 1188)  # US letter at 1.5x
    assert render_page_png(pdf, "pdf", 3) is None
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buf, format="JPEG")
    assert source_kind("jpg", buf.getvalue()[:8]) == "image"
    assert _png_size(render_page_png(buf.getvalue(), "image", 1)) == (40, 30)
    assert render_page_png(buf.getvalue(), "image", 2) is None
    assert source_kind("docx", b"PK\x03\x04") is None


def test_extract_fields_carry_confidence_and_page_boxes():
    result = {"vendor": "ACME", "lines": [{"sku": "A-1"}, {"sku": "B-2"}], "note": None}
    cite = {
        "page": 1,
        "matching_text": "A-1",
        "bounding_boxes": [{"x": 61.2, "y": 79.2, "w": 30.6, "h": 7.92}],
        "page_dimensions": {"width": 612, "height": 792},
    }
    meta = {
        "vendor": {"citation": [], "confidence": 0.9},
        "lines": [{"sku": {"citation": [cite], "confidence": 0.8}}, {"sku": {"confidence": 0.4}}],
    }
    fields = {f.path: f for f in flatten_fields(result, meta)}
    assert list(fields) == ["vendor", "lines[0].sku", "lines[1].sku", "note"]
    assert fields["vendor"].confidence == 0.9 and fields["note"].confidence is None
    (box,) = fields["lines[0].sku"].boxes
    assert (box.page, round(box.left, 1), round(box.top, 1)) == (1, 10.0, 10.0)
    assert (round(box.width, 1), round(box.height, 1)) == (5.0, 1.0)


def test_markdown_renders_tables_and_escapes_html():
    html = str(markdown_html("| a | b |\n|---|---|\n| 1 | <b>2</b> |\n\n[x](javascript:alert(1))"))
    assert "<table>" in html and "<td>&lt;b&gt;2&lt;/b&gt;</td>" in html
    assert 'href="javascript' not in html
