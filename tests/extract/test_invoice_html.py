"""The second invoice generator (HTML printed by headless Chromium) makes real, readable
PDFs whose line items the engine reads; skipped where no Chromium is installed."""

from __future__ import annotations

import pytest

from sheaf.extract import extract

from .invoice_html import SCHEMA, chromium, make_html_invoice, render_pdf

parse_mod = pytest.importorskip("sheaf.parse")
pytestmark = pytest.mark.skipif(chromium() is None, reason="no chromium on this machine")


def test_generator_is_deterministic_and_varies_layouts():
    a, b = make_html_invoice(7), make_html_invoice(7)
    assert a.html == b.html and a.items == b.items
    assert {make_html_invoice(s).style["layout"] for s in range(5)} == {
        "H1", "H2", "H3", "H4", "H5"}


@pytest.mark.parametrize("seed", [3, 5, 6, 8, 9, 28, 36])
def test_items_of_html_invoices(seed):
    """H4 with left headers over right-aligned numbers and a quantity with its unit (3),
    H1 German with an amount header no list names (5), H4 German with position, unit and
    a two-line description (8); a quantity (28) or position (36) printed in the gap before
    the description's header and glued to it; French 1 234,56 numbers and a unit column
    (36); a merged header line "LEISTUNGSBESCHREIBUNG E-PREIS" and totals repeated at
    the foot of page 1 (6); a quantity glued to its unit price, "6 1.004,03 €" (9)."""
    inv = make_html_invoice(seed)
    res = extract(parse_mod.parse(render_pdf(inv.html), tier="cost_effective"), SCHEMA)
    got = [(g["quantity"], g["unit_price"], g["total"]) for g in res.data["line_items"]]
    assert got == [(i["quantity"], i["unit_price"], i["total"]) for i in inv.items]
