"""The fifth invoice generator (Typst markup compiled by the ``typst`` binding with its own
embedded fonts) makes valid PDFs whose text holds what the truth says."""

from __future__ import annotations

from decimal import Decimal

import pypdfium2 as pdfium
import pytest

from .invoice_typst import LAYOUTS, SCHEMA, make_typst_invoice, render_typst_pdf
from .office_pdf import money


def _text(pdf: bytes) -> tuple[int, str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()
    return len(pages), "\n".join(pages)


def _flat(s: str) -> str:
    return " ".join(s.replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("seed", [0, 1, 2, 5, 6, 8])
def test_pdf_and_truth_agree(seed):
    inv = make_typst_invoice(seed)
    assert inv.style["layout"] == LAYOUTS[seed % 3]
    n_pages, text = _text(render_typst_pdf(inv))
    flat = _flat(text)
    assert (n_pages >= 2) == inv.style["long"]
    t = inv.truth
    assert set(t) == set(SCHEMA["properties"]) - {"line_items"}
    assert t["invoice_number"] in flat and t["seller"] in flat
    sub = sum(Decimal(str(i["total"])) for i in inv.items)
    assert float(sub) == t["subtotal"]
    assert round(t["subtotal"] + t["tax_amount"], 2) == t["total_amount"]
    assert t["tax_amount"] not in (t["subtotal"], t["total_amount"])
    for it in inv.items:
        head = it["description"][:20]
        assert _flat(head) in flat or _flat(head) in flat.replace("- ", "")
        gross = Decimal(str(it["quantity"])) * Decimal(str(it["unit_price"]))
        assert Decimal(str(it["total"])) <= money(gross)


def test_layout_conventions():
    """Long T1 / T2 invoices print carry-forward rows; T3 prints section rows that are no
    items; some items have a serial-number note that is not part of the description."""
    carry = {"de": "Übertrag", "fr": "Report", "en": "forward"}
    for seed in (6, 1):
        inv = make_typst_invoice(seed)
        assert inv.style["long"] and inv.style["layout"] in ("T1", "T2")
        assert carry[inv.style["lang"]] in _text(render_typst_pdf(inv))[1]
    inv = make_typst_invoice(2)
    text = _text(render_typst_pdf(inv))[1]
    assert "Hardware" in text and "Summe Hardware" in text or "Zwischensumme Hardware" in text
    assert all(i["description"] != "Hardware" for i in inv.items)
    assert "Seriennummer: S12364611K" in text
    assert not any("Seriennummer" in i["description"] for i in inv.items)


def test_same_seed_same_pdf():
    a, b = make_typst_invoice(4), make_typst_invoice(4)
    assert a.source == b.source and render_typst_pdf(a) == render_typst_pdf(b)
