"""The fourth invoice generator (spreadsheets printed by LibreOffice Calc, some scanned) makes
real PDFs whose line items the engine reads; skipped where LibreOffice is not installed."""

from __future__ import annotations

import re

import pytest

from sheaf.extract import extract
from sheaf.extract.resolvers.columns import cut_note, is_note_label

from .invoice_calc import make_calc_invoice, render_calc_pdf
from .invoice_html import SCHEMA
from .office_pdf import soffice

parse_mod = pytest.importorskip("sheaf.parse")
pytest.importorskip("openpyxl")
needs_calc = pytest.mark.skipif(soffice() is None, reason="no LibreOffice on this machine")


def _items(seed: int):
    inv = make_calc_invoice(seed)
    res = extract(parse_mod.parse(render_calc_pdf(inv), tier="cost_effective"), SCHEMA)
    got = [(" ".join(str(g.get("description")).split()), g.get("quantity"),
            g.get("unit_price"), g.get("total")) for g in res.data["line_items"]]
    return inv, got


def _ocr_key(items) -> list[tuple]:
    """Items as a scan can be held to: numbers exact, the description's words exact, its
    punctuation not (at 150-200 dpi OCR tells "g," from "g." differently from one CPU's
    onnxruntime build to another's)."""
    return [(" ".join(re.sub(r"[^\w]+", " ", str(d).lower()).split()), q, u, t)
            for d, q, u, t in items]


def _expected(inv) -> list[tuple]:
    return [(i["description"], i["quantity"], i["unit_price"], i["total"]) for i in inv.items]


@needs_calc
@pytest.mark.parametrize("seed", [13, 7])
def test_serial_number_rows_are_notes_and_fee_rows_items(seed):
    """C2 (no rules; 13: English with a code column, 7: French, quantity first):
    "Serial no.: SN2984..." / "N° de série : ..." sub-rows, in their own row or in the
    description cell, are not part of the item above; an indented fee row with its own
    numbers is an item of its own; "2 Bras" | "d'écran double" (the quantity cell took the
    description's first word) gives "Bras d'écran double"."""
    inv, got = _items(seed)
    assert not inv.style["scan"] and inv.style["layout"] == "C2"
    assert got == [(i["description"], i["quantity"], i["unit_price"], i["total"])
                   for i in inv.items]
    assert any(i["description"] in ("Recycling fee (WEEE)", "Éco-participation DEEE")
               for i in inv.items)


def test_note_labels_need_the_label_form():
    """A "label: value" serial line is a note; the same words without the colon are part
    of the description (a product called "Serial port cable", a second line "serial no.
    7741-KX-02" that other invoices keep in the description)."""
    assert is_note_label("Serial no.: SN29848241K")
    assert is_note_label("N° de série : S97967969X")
    assert is_note_label("Serienummer: GS60 2QE-226NLK141900003666")
    assert is_note_label("IMEI: 351234567890123")
    assert not is_note_label("Serial port cable 2 m")
    assert not is_note_label("serial no. 7741-KX-02")
    assert cut_note("Wall bracket, steel Serial no.: SN29848241K") == "Wall bracket, steel"
    assert cut_note("Hubwagen 2,5 t Seriennummer 7741-KX-02") == (
        "Hubwagen 2,5 t Seriennummer 7741-KX-02")


@needs_calc
def test_a_scan_turned_by_a_degree_reads_like_the_printed_page():
    """A ruled grid scanned 1.2 degrees off: the right-hand amounts sit half a line lower
    than the descriptions. The page is straightened before OCR (``parse/deskew.py``), so the
    rows hold together and the items read as on the born-digital PDF."""
    from sheaf.parse.deskew import skew_angle

    from .invoice_calc import scan_pdf

    inv = make_calc_invoice(12)
    assert inv.style["layout"] == "C1" and not inv.style["long"]
    pdf = scan_pdf(render_calc_pdf(inv, scan=False), 12, angle=-1.2)
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf)[0]
    assert abs(skew_angle(page.render(scale=2).to_pil()) - 1.2) <= 0.15
    straight = pdfium.PdfDocument(render_calc_pdf(inv, scan=False))[0]
    assert skew_angle(straight.render(scale=2).to_pil()) == 0.0
    res = extract(parse_mod.parse(pdf, tier="cost_effective"), SCHEMA)
    got = [(" ".join(str(g.get("description")).split()), g.get("quantity"),
            g.get("unit_price"), g.get("total")) for g in res.data["line_items"]]
    assert _ocr_key(got) == _ocr_key(_expected(inv))


@needs_calc
def test_a_turned_photo_of_an_invoice_as_a_png_file():
    """The same invoice as a PNG image file (an upload from a scanner app), turned 1 degree
    the other way: image files are straightened before OCR too."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    inv = make_calc_invoice(12)
    page = pdfium.PdfDocument(render_calc_pdf(inv, scan=False))[0]
    img = page.render(scale=175 / 72).to_pil().convert("L")
    img = img.rotate(1.0, resample=Image.Resampling.BICUBIC, fillcolor=255)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    res = extract(parse_mod.parse(buf.getvalue(), tier="cost_effective"), SCHEMA)
    got = [(" ".join(str(g.get("description")).split()), g.get("quantity"),
            g.get("unit_price"), g.get("total")) for g in res.data["line_items"]]
    assert _ocr_key(got) == _ocr_key(_expected(inv))


@needs_calc
def test_a_scan_whose_ocr_glues_quantity_and_unit():
    """A German grid scanned (seed 51, outside the bench's ranges): OCR reads the adjacent
    header cells "Menge" | "Einheit" as "MengeEinheit" and the cells "25" | "Karton" as
    "25Karton". The glued header names both columns and the quantity is read before its
    unit."""
    inv, got = _items(51)
    assert inv.style["scan"] and inv.style["layout"] == "C1"
    assert _ocr_key(got) == _ocr_key(_expected(inv))
