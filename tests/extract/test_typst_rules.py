"""The engine rules written from the tuning misses of the fifth (Typst) invoice generator:
header words cut into the wrong cells, two headers read as one cell, amounts with narrow
no-break spaces, tax lines that name their base, one tax line per rate, grouped items with
group subtotals."""

from __future__ import annotations

import pytest

from sheaf.extract import extract
from sheaf.extract.resolvers.columns import header_kinds
from sheaf.extract.resolvers.item_cells import _find_header
from sheaf.extract.resolvers.labels import _norm_label
from sheaf.extract.schema import compile_schema
from sheaf.extract.values import find_amounts

from .invoice_typst import SCHEMA, make_typst_invoice, render_typst_pdf

parse_mod = pytest.importorskip("sheaf.parse")


def _items_field():
    root = compile_schema(SCHEMA)
    return next(f for f in root.properties if f.name == "line_items").items


def test_two_headers_read_as_one_cell():
    """"MwSt. Betrag EUR": a stop, a space and a capital end the first header when both
    parts name a column; "MwSt.-Betrag" stays the VAT-amount column."""
    assert [k for k, _ in header_kinds("MwSt. Betrag EUR")] == ["vat_rate", "amount"]
    assert [k for k, _ in header_kinds("Menge Einh. Einzelpreis")] == ["qty", "uom",
                                                                       "unit_price"]
    assert [k for k, _ in header_kinds("MwSt.-Betrag")] == ["vat_amount"]
    assert [k for k, _ in header_kinds("Prix unit. HT")] == ["unit_price"]
    assert [k for k, _ in header_kinds("Rab. %")] == ["discount"]


def test_header_words_in_the_wrong_cells_are_laid_out_again():
    """Right-aligned header words read with the word before them: "Pos. Bezeichnung" over
    the description and nothing over the position numbers, "Preis/Einh. MwSt. Gesamt" over
    the rate column. The kinds go, in order, to the columns whose values suit them."""
    rows = [
        ["", "Pos. Bezeichnung", "Menge ME", "", "Preis/Einh. MwSt. Gesamt", ""],
        ["1", "Kaffee Crema ganze Bohne, 1 kg", "2 Pack", "25,22", "7 %", "50,44"],
        ["2", "Lieferung frei Verwendungsstelle", "1 Pauschal", "42,32", "19 %", "42,32"],
        ["3", "Kopierpapier A4, 80 g/m², 500 Blatt", "1 Pack", "6,57", "19 %", "6,57"],
    ]
    cm = _find_header(rows, _items_field())
    assert cm is not None
    assert cm.kinds == [["pos"], ["desc"], ["qty", "uom"], ["unit_price"], ["vat_rate"],
                        ["amount"]]
    assert {k: j for j, k in cm.fields.values()} == {"desc": 1, "qty": 2, "unit_price": 3,
                                                      "amount": 5}


def test_amounts_with_narrow_no_break_spaces_and_a_tax_base():
    assert [str(m.value) for m in find_amounts("Total HT 5\u202f283,13 €")] == ["5283.13"]
    assert [str(m.value) for m in find_amounts("TVA 1\u00a0056,63\u00a0€")] == ["1056.63"]
    assert _norm_label("TVA à 20 % sur 29 362,15 €") == "tva à 20 %"
    assert _norm_label("Umsatzsteuer 19 % auf 1.845,03") == "umsatzsteuer 19 %"
    assert _norm_label("Invoice no 123") == "invoice no 123"
    assert _norm_label("Page 1 of 2") == "page 1 of 2"


def _read(seed: int):
    inv = make_typst_invoice(seed)
    res = extract(parse_mod.parse(render_typst_pdf(inv), tier="cost_effective"), SCHEMA)
    got = [(" ".join(str(g.get("description")).split()), g.get("quantity"),
            g.get("unit_price"), g.get("total")) for g in res.data["line_items"]]
    want = [(i["description"], i["quantity"], i["unit_price"], i["total"]) for i in inv.items]
    return inv, res, got, want


def test_din_letter_with_two_vat_rates():
    """A DIN 5008 letter (seed 0): header cells cut at the wrong gaps, "zzgl. 19 % USt. auf
    1.845,03" and "7 % ... auf 499,18": the tax is the sum of the two rate lines."""
    inv, res, got, want = _read(0)
    assert inv.style["layout"] == "T1" and inv.style["mixed"]
    assert got == want
    assert res.data["tax_amount"] == inv.truth["tax_amount"]
    assert res.data["total_amount"] == inv.truth["total_amount"]


def test_grouped_items_with_group_subtotals():
    """Items under "Matériel" / "Prestations" with a "Total Matériel" row between (seed
    20): the items after the group subtotal are read; "Facture n°" under "Facturé à" and
    "18 avenue" are no invoice number; "5 283,13 €" is one amount."""
    inv, res, got, want = _read(20)
    assert inv.style["layout"] == "T3"
    assert got == want
    for k in ("invoice_number", "subtotal", "tax_amount", "total_amount"):
        assert res.data[k] == inv.truth[k], k


def test_grouped_items_over_two_pages():
    """A German grouped table over two pages (seed 2): the group subtotal on page 1 does
    not end the table, the page footer's "USt-IdNr." neither; "Endbetrag" is the total."""
    inv, res, got, want = _read(2)
    assert inv.style["long"]
    assert got == want
    assert res.data["total_amount"] == inv.truth["total_amount"]


def test_a_tax_line_that_names_its_base():
    """"TVA à 20 % sur 29 362,15 €" (seed 1): the tax is the amount at the right, not the
    base after "sur", nor the "Total hors taxes" above it."""
    inv, res, _got, _want = _read(1)
    assert res.data["tax_amount"] == inv.truth["tax_amount"]
    assert res.data["subtotal"] == inv.truth["subtotal"]
