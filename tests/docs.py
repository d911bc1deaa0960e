"""Small real documents made on the fly (tests must not depend on ../shared)."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas


def pdf(
    pages: int = 1, title: str = "Quarterly Report", body: str = "Revenue grew in every region."
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 20)
        c.drawString(72, 720, f"{title} {n}" if pages > 1 else title)
        c.setFont("Helvetica", 11)
        for i in range(30):
            c.drawString(72, 690 - i * 18, f"{body} Line {i + 1} of page {n}.")
        c.showPage()
    c.save()
    return buf.getvalue()


def markdown(title: str = "Notes") -> bytes:
    return f"# {title}\n\nSome text here.\n\n- first\n- second\n".encode()
