"""Tables in images and scanned pages: structure from the bundled table model (SLANet),
cell text from our OCR. The images are drawn here: a borderless table, and prose that a
table model alone would also cut into a grid."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sheaf.parse import parse
from sheaf.parse.table_model import TABLE_STAGE

from .builders import png_bytes, text_image

ROWS = [
    ["Country", "Capital", "Population", "Area"],
    ["France", "Paris", "68.4", "551695"],
    ["Germany", "Berlin", "84.5", "357592"],
    ["Italy", "Rome", "58.9", "301340"],
    ["Spain", "Madrid", "48.6", "505990"],
]


def _font(size: int):
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def table_image(rows: list[list[str]] = ROWS, title: str | None = None) -> Image.Image:
    """A borderless table: columns separated only by white space, a rule under the header."""
    font, bold = _font(26), _font(28)
    xs = [40, 260, 480, 700]
    top = 110 if title else 40
    img = Image.new("RGB", (900, top + 60 * len(rows) + 30), "white")
    d = ImageDraw.Draw(img)
    if title:
        d.text((40, 40), title, fill="black", font=bold)
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            d.text((x, top + 60 * i), text, fill="black", font=bold if i == 0 else font)
    d.line((30, top + 45, 870, top + 45), fill="black", width=2)
    return img


def _tables(doc) -> list:
    return [it for p in doc.pages for it in p.items if it.type == "table"]


def test_image_of_a_table_reads_as_one_table():
    doc = parse(png_bytes(table_image()), tier="cost_effective")
    (table,) = _tables(doc)
    assert TABLE_STAGE in doc.pipeline
    assert table.rows == ROWS


def test_prose_image_is_not_a_table():
    img = text_image(
        [
            "The quick brown fox jumps over the lazy dog.",
            "A second line of plain prose follows here,",
            "and a third line ends the paragraph.",
        ]
    )
    doc = parse(png_bytes(img), tier="cost_effective")
    assert _tables(doc) == []
    assert TABLE_STAGE not in doc.pipeline
    assert "quick brown fox" in " ".join(it.text for it in doc.pages[0].items)


def test_scanned_pdf_table_is_read_by_the_model():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)  # a page that is only a picture: a scan
    c.drawImage(
        ImageReader(table_image(title="Table 1. European capitals")),
        36,
        400,
        width=540,
        height=540 * 430 / 900,
    )
    c.save()
    doc = parse(buf.getvalue(), tier="cost_effective")
    assert doc.pages[0].ocr
    (table,) = _tables(doc)
    assert TABLE_STAGE in doc.pipeline
    assert table.rows == ROWS
    assert any("European capitals" in it.text for it in doc.pages[0].items if it.type != "table")


def test_table_among_prose_on_a_scanned_page():
    """The layout model finds the table region; the prose around it stays text."""
    font, bold = _font(26), _font(34)
    table = table_image()
    img = Image.new("RGB", (1000, 1300), "white")
    d = ImageDraw.Draw(img)
    d.text((50, 50), "Quarterly report", fill="black", font=bold)
    prose = [
        "This report lists the capitals of four European countries together",
        "with their population in millions and their area in square kilometres.",
        "The figures below come from the most recent national statistics.",
    ]
    for i, line in enumerate(prose):
        d.text((50, 140 + 45 * i), line, fill="black", font=font)
    img.paste(table, (50, 320))
    d.text(
        (50, 320 + table.height + 40),
        "All figures are rounded to one decimal place.",
        fill="black",
        font=font,
    )
    doc = parse(png_bytes(img), tier="cost_effective")
    (found,) = _tables(doc)
    assert found.rows == ROWS
    text = " ".join(it.text for it in doc.pages[0].items if it.type != "table")
    assert "most recent national statistics" in text and "rounded to one decimal" in text
    assert "Quarterly report" in text


def test_picture_of_a_table_in_a_born_digital_pdf_becomes_a_table_on_agentic():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawString(72, 740, "The table below was pasted into this report as a picture.")
    c.drawImage(ImageReader(table_image()), 72, 400, width=450, height=450 * 360 / 900)
    c.drawString(72, 370, "Text after the picture.")
    c.save()
    pdf = buf.getvalue()
    assert _tables(parse(pdf, tier="cost_effective")) == []  # the picture stays a picture
    doc = parse(pdf, tier="agentic")
    (table,) = _tables(doc)
    assert table.rows == ROWS
    assert TABLE_STAGE in doc.pipeline
    assert not any(it.type == "image" for it in doc.pages[0].items)
