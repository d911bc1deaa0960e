"""Line items around the items themselves: group titles between them, references printed
before their names, bundle parts listed under them with a count and no price, and a last
item's description lines left under the table's edge. Each test draws its own page."""

from __future__ import annotations

import io

import pytest

from sheaf.extract import extract
from sheaf.extract.resolvers.item_text import cut_reference, is_section_title

parse_mod = pytest.importorskip("sheaf.parse")
pytest.importorskip("reportlab")

SCHEMA = {
    "type": "object",
    "properties": {
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "description": "Description of the product"},
                    "qty": {"type": "number", "description": "Quantity"},
                    "price_unit": {"type": "number", "description": "Unit price"},
                    "price_subtotal": {"type": "number", "description": "Line amount"},
                },
            },
        }
    },
}


def _pdf(draw) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 9)
    draw(c, A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def _grid(c, xs: list[float], top: float, rows: list[tuple[str, ...]], pitch: float = 18.0):
    """A ruled table: one row per tuple, cells at ``xs``; returns the y of its bottom rule."""
    y = top
    c.line(xs[0] - 4, y, 560, y)
    for r in rows:
        for x, t in zip(xs, r, strict=True):
            if t:
                c.drawString(x, y - 12, t)
        y -= pitch
        c.line(xs[0] - 4, y, 560, y)
    for x in [xs[0] - 4, *[x - 4 for x in xs[1:]], 560]:
        c.line(x, top, x, y)
    return y


def _names(pdf: bytes) -> list[tuple]:
    got = extract(parse_mod.parse(pdf, tier="cost_effective"), SCHEMA).data["lines"]
    return [(g.get("name"), g.get("qty"), g.get("price_unit"), g.get("price_subtotal"))
            for g in got]


def test_text_rules():
    assert is_section_title("--- Food Products ---")
    assert is_section_title("*** Services ***")
    assert not is_section_title("- item -")
    assert not is_section_title("--- 12 ---")
    assert not is_section_title("Office Chair --")
    assert cut_reference("[FURN_7777] Office Chair") == "Office Chair"
    assert cut_reference("*987123* Olive Oil") == "Olive Oil"
    assert cut_reference("[New] Office Chair") == "[New] Office Chair"  # a word, no code
    assert cut_reference("[A-100]") == "[A-100]"  # nothing after it: the code is all there is


def test_group_titles_and_references_are_not_part_of_the_names():
    """"--- Food ---" between two items is a title (not more of the item above); the ERP
    reference in brackets before a name is not the name."""

    def draw(c, h):
        _grid(c, [40, 300, 380, 470], h - 100, [
            ("Description", "Quantity", "Unit Price", "Amount"),
            ("--- Furniture ---", "", "", ""),
            ("[FURN_7777] Office Chair", "1.00", "70.00", "70.00"),
            ("--- Food ---", "", "", ""),
            ("[LUX_TRF] Luxury Truffles", "15.00", "10.00", "150.00"),
        ])

    assert _names(_pdf(draw)) == [
        ("Office Chair", 1.0, 70.0, 70.0),
        ("Luxury Truffles", 15.0, 10.0, 150.0),
    ]


def test_bundle_parts_with_a_count_and_no_price_are_not_items():
    """A bundle listed with its parts under it ("+ Magic Mouse", then the two parts with a
    count of 1 and no price): only priced rows are billed."""

    def draw(c, h):
        _grid(c, [40, 300, 380, 470], h - 100, [
            ("Artikel", "Aantal", "Prijs per stuk", "Bedrag"),
            ("Laptop 13 + Wireless Mouse", "1", "2.321,00", "2.321,00"),
            ("Laptop 13 256 GB", "1", "", ""),
            ("Wireless Mouse", "1", "", ""),
            ("Office Suite 2024", "2", "124,99", "249,98"),
        ])

    assert _names(_pdf(draw)) == [
        ("Laptop 13 + Wireless Mouse", 1.0, 2321.0, 2321.0),
        ("Office Suite 2024", 2.0, 124.99, 249.98),
    ]


def test_a_last_description_run_on_under_the_table_edge_is_the_items():
    """The table's rules end at the last item's first line; its further description lines
    are printed under the bottom rule where the description column starts."""

    def draw(c, h):
        bottom = _grid(c, [40, 80, 400, 480], h - 100, [
            ("Pos.", "Beschreibung", "VK-Preis", "Zeilenbetrag"),
            ("1", "Exchange Standard", "3,89", "3,89"),
            ("2", "Exchange Premium", "5,39", "5,39"),
        ])
        c.drawString(80, bottom - 10, "Grundgebühr pro Einheit")
        c.drawString(80, bottom - 21, "Dienst: OFFICE")
        c.drawString(400, bottom - 60, "Total EUR")
        c.drawString(480, bottom - 60, "9,28")

    got = _names(_pdf(draw))
    assert [g[0] for g in got] == [
        "Exchange Standard",
        "Exchange Premium Grundgebühr pro Einheit Dienst: OFFICE",
    ]
