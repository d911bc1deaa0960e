"""Scanned pages get the born-digital table logic: ruling lines are found in the page image
(:mod:`sheaf.parse.ocr_rules`) and the OCR'd words are laid into the grid they draw, merged
header cells included. The scans are made here: reportlab pages rendered by pdfium at
150 dpi, as a scanner would deliver them, and parsed as PNG images."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from sheaf.parse import parse
from sheaf.parse.ocr_rules import image_rules
from sheaf.parse.table_model import TABLE_STAGE

from .builders import png_bytes

XS = [72, 250, 350, 450, 550]  # grid lines of a four-column table (points)
YS = [700, 680, 660, 640, 620, 600]  # rows, top to bottom (reportlab: y grows upwards)
FONT = ("Helvetica", 10)
DATA = [
    ["", "to air", "to water", "to land"],
    ["Ammonia", "10 000", "250", "40"],
    ["Methane", "100 000", "5", "7"],
    ["Nitrous oxide", "10 000", "12", "9"],
]


def _scan(pdf: bytes, dpi: int = 150) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def _grid_page() -> bytes:
    """A ruled grid whose header spans the three value columns (no rules between them in
    the top row), with prose above it."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 11)
    c.drawString(72, 760, "The thresholds below apply to every facility in the register.")
    c.drawString(72, 744, "Releases under the threshold need not be reported at all.")
    c.setFont(*FONT)
    for y in YS:
        c.line(XS[0], y, XS[-1], y)
    for x in (XS[0], XS[1], XS[-1]):
        c.line(x, YS[0], x, YS[-1])
    for x in XS[2:-1]:
        c.line(x, YS[1], x, YS[-1])
    head = "THRESHOLD FOR RELEASES"
    c.drawString((XS[1] + XS[-1]) / 2 - c.stringWidth(head, *FONT) / 2, YS[1] + 6, head)
    for r, row in enumerate(DATA, start=1):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 5, YS[r + 1] + 6, text)
    c.save()
    return buf.getvalue()


def test_image_rules_are_where_the_page_draws_them():
    img = _scan(_grid_page())
    w, h = A4
    rules = image_rules(img, w, h, 14.0)
    hs = [r for r in rules if r.horizontal and r.a1 - r.a0 > 100]
    vs = [r for r in rules if not r.horizontal and r.a1 - r.a0 > 15]
    # top-left origin on the image: y = page height - reportlab's y
    for y in YS:
        assert any(abs(r.pos - (h - y)) < 1.5 and abs(r.a0 - XS[0]) < 2 and abs(r.a1 - XS[-1]) < 2
                   for r in hs), y
    for x in XS:
        assert any(abs(r.pos - x) < 1.5 for r in vs), x
    assert not any(r.pos < h - YS[0] - 5 for r in hs)  # the prose above draws no rule


def test_scanned_ruled_grid_reads_like_the_born_digital_one():
    pdf = _grid_page()
    born = [it for it in parse(pdf, tier="cost_effective").pages[0].items if it.type == "table"]
    doc = parse(png_bytes(_scan(pdf)), tier="cost_effective")
    page = doc.pages[0]
    assert page.ocr
    assert TABLE_STAGE not in doc.pipeline  # the page's rules gave the structure
    (table,) = [it for it in page.items if it.type == "table"]
    assert table.rows == [["", "THRESHOLD FOR RELEASES", "", ""], *DATA]
    assert table.spans == [(0, 1, 1, 3)]
    assert (table.rows, table.spans) == (born[0].rows, born[0].spans)
    text = " ".join(it.text for it in page.items if it.type != "table")
    assert "apply to every facility" in text


def test_blank_and_tiny_images_have_no_rules():
    assert image_rules(Image.new("RGB", (600, 800), "white"), 288, 384, 12.0) == []
    assert image_rules(Image.new("RGB", (8, 8), "black"), 4, 4, 2.0) == []


def test_scanned_two_column_prose_is_not_a_table():
    """Lines of two text columns side by side are no grid of cells, however well they line
    up (the table model reads such a page as a two-column table)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    text = ("the committee reviewed every report on retail prices and found that small "
            "shops paid more for the same goods than the large chains did in each region "
            "of the union over the whole period")
    words = text.split(" ")
    for col, x in enumerate((60, 310)):
        for i in range(40):
            k = (i * 7 + col * 3) % len(words)
            c.drawString(x, 780 - 16 * i, " ".join((words * 2)[k:k + 7]))
    c.save()
    doc = parse(png_bytes(_scan(buf.getvalue())), tier="cost_effective")
    page = doc.pages[0]
    assert page.ocr and not [it for it in page.items if it.type == "table"]
    assert "committee reviewed" in " ".join(it.text for it in page.items)
