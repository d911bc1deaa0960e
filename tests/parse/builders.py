"""Builders for small test documents (generated here; tests never read shared data)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

SS = getSampleStyleSheet()
W, H = letter


def two_column_pdf(pages: int = 2) -> bytes:
    """Title across the top, then two columns; running header and page-number footer."""
    buf = io.BytesIO()

    def on_page(c, d):
        c.setFont("Helvetica", 8)
        c.drawString(72, H - 30, "ACME Quarterly Report")
        c.drawString(W / 2, 30, str(d.page))

    doc = BaseDocTemplate(buf, pagesize=letter)
    colw = (W - 144) / 2 - 10
    frames = [Frame(72, H - 110, W - 144, 50, id="t"), Frame(72, 60, colw, H - 170, id="l"),
              Frame(72 + colw + 20, 60, colw, H - 170, id="r")]
    doc.addPageTemplates([PageTemplate(id="p", frames=frames, onPage=on_page)])
    story = [Paragraph("Annual Widget Study", SS["Title"]), FrameBreak()]
    story.append(Paragraph("Introduction", SS["Heading1"]))
    story.append(Paragraph("LEFTSTART " + "alpha beta gamma delta " * 20 + "LEFTEND",
                           SS["BodyText"]))
    story.append(Paragraph("Background", SS["Heading2"]))
    story.append(Paragraph("more left text " * 30, SS["BodyText"]))
    story.append(FrameBreak())
    story.append(Paragraph("RIGHTSTART " + "epsilon zeta eta theta " * 20 + "RIGHTEND",
                           SS["BodyText"]))
    story.append(ListFlowable([ListItem(Paragraph(f"bullet item {k}", SS["BodyText"]))
                               for k in range(3)], bulletType="bullet"))
    story.append(ListFlowable([ListItem(Paragraph(f"numbered step {k}", SS["BodyText"]))
                               for k in range(1, 4)], bulletType="1",
                               bulletFormat="%s."))
    for k in range(pages - 1):
        story.append(FrameBreak())
        story.append(FrameBreak())
        story.append(FrameBreak())
        story.append(Paragraph(f"Page body {k + 2} " + "lorem ipsum dolor " * 40,
                               SS["BodyText"]))
    doc.build(story)
    return buf.getvalue()


def drawn_pdf(draw, font_size: float = 10) -> bytes:
    """A one-page letter PDF whose content ``draw(canvas)`` puts on it (font Helvetica)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", font_size)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def table_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(72, 720, "Price List")
    c.setFont("Helvetica", 10)
    # ruled grid
    data = [["Name", "Qty", "Price"], ["Apple", "3", "1.20"], ["Pear", "5", "0.80"],
            ["Plum", "12", "2.05"]]
    t = Table(data, colWidths=[120, 60, 60])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    t.wrapOn(c, W, H)
    t.drawOn(c, 72, 600)
    # unruled aligned columns
    c.setFont("Helvetica", 10)
    rows = [["Region", "Units", "Revenue", "Growth"], ["North", "120", "4,500", "3%"],
            ["South", "98", "3,900", "-1%"], ["East", "143", "5,210", "7%"],
            ["West", "87", "2,950", "2%"]]
    y = 400
    for r in rows:
        for j, cell in enumerate(r):
            c.drawString(72 + j * 110, y, cell)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


def simple_pdf(texts_per_page: list[list[str]], *, encrypt: str | None = None,
               link: str | None = None) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, encrypt=encrypt)
    for texts in texts_per_page:
        y = 700
        c.setFont("Helvetica", 11)
        for t in texts:
            c.drawString(72, y, t)
            y -= 20
        if link:
            c.drawString(72, y - 20, "Visit our site")
            c.linkURL(link, (70, y - 24, 160, y - 8), relative=0)
        c.showPage()
    c.save()
    return buf.getvalue()


def text_image(lines: list[str], size: int = 36, rotate: int = 0):
    from PIL import Image, ImageDraw, ImageFont

    try:
        font = ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        font = ImageFont.load_default(size=size)
    img = Image.new("RGB", (900, 90 + 70 * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for i, t in enumerate(lines):
        d.text((40, 40 + 70 * i), t, fill="black", font=font)
    if rotate:
        img = img.rotate(rotate, expand=True, fillcolor="white")
    return img


def png_bytes(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
