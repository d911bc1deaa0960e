"""Table detection on born-digital pages: sideways pages are laid out in their reading frame,
and text that merely lines up (two-column prose, key-value forms, charts) is not a table."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from sheaf.parse import parse

W, H = letter
ROWS = [["Region", "Units", "Price", "Revenue"]] + [
    [f"Area {k}", str(100 + 7 * k), f"{3 + k}.50", f"{(100 + 7 * k) * (3 + k)}"]
    for k in range(1, 9)
]


def _tables(data: bytes):
    doc = parse(data, tier="cost_effective")
    return doc, [it for p in doc.pages for it in p.items if it.type == "table"]


def _unruled_table(c, x: float, top: float) -> None:
    for r, row in enumerate(ROWS):
        for k, cell in enumerate(row):
            c.drawString(x + 110 * k, top - 16 * r, cell)


@pytest.mark.parametrize("angle", [90, 270])
def test_sideways_table_is_read_in_its_reading_frame(angle):
    """A landscape table printed sideways on a portrait page (text running up or down)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 10)
    c.saveState()
    if angle == 90:  # text runs up the page
        c.translate(W - 300, 80)
    else:  # text runs down the page
        c.translate(300, H - 80)
    c.rotate(angle)
    c.drawString(0, 40, "Table 3. Sales by region, landscape")
    _unruled_table(c, 0, 0)
    c.restoreState()
    c.showPage()
    c.save()
    doc, tables = _tables(buf.getvalue())
    assert len(tables) == 1
    assert tables[0].rows[0] == ROWS[0]
    assert tables[0].rows[-1] == ROWS[-1]
    assert doc.pages[0].orientation in (90, 270)
    assert (doc.pages[0].width, doc.pages[0].height) == (H, W)
