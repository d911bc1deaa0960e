"""Receipt rules of the fifth SROIE session: which date order a receipt writes, which header
lines belong to the address rather than the name, where the address block ends, and
discounts between two totals (hand-built documents, no data files)."""

from __future__ import annotations

from sheaf.extract import extract
from sheaf.extract.values import date_orders, month_first
from sheaf.parse.document import BBox, Document, Item, Page, Word

from .helpers import doc_from_pages, page_from_cells
from .test_receipt_rules import SCHEMA


def _run(lines: list[str]) -> dict:
    cells = [(60.0, 40.0 + 14 * k, t) for k, t in enumerate(lines)]
    return extract(doc_from_pages(page_from_cells(cells)), SCHEMA).data


def test_date_orders_say_which_reading_a_printed_date_allows():
    assert date_orders("19-09-17 15:39") == ["day"]
    assert date_orders("CK 11-22-31 - 10/400") == ["month"]
    assert date_orders("DATE 03/04/2018") == ["either"]
    assert date_orders("TOTAL 12.50") == []
    assert month_first(["03/20/2023", "03/04/2023"])
    assert not month_first(["03/20/2023", "20/03/2023"])


def test_a_code_that_reads_only_month_first_is_no_date_on_a_day_first_receipt():
    # a till's product code "CK 11-22-31" above the receipt's own "19-09-17" (no time after
    # it, nothing else to tell them apart): 22 can be no month, so it reads as Nov 22, 2031,
    # an order this receipt does not write its dates in
    data = _run(
        [
            "MR.D.I.Y(M)SDN BHD",
            "LOT 1851-A, JALAN KPB 6,",
            "43300 SERI KEMBANGAN, SELANGOR",
            "-TAX INVOICE-",
            "CURTAIN STRAPS",
            "CK 11-22-31 - 10/400",
            "1 X 2.70",
            "TOTAL INCL. GST 2.70",
            "19-09-17 SH01 ZJ03",
        ]
    )
    assert data["date"] == "19-09-17"


def test_a_month_first_receipt_keeps_its_dates():
    data = _run(["ACME STORE", "1 MAIN STREET", "DATE 03/20/2023", "TOTAL 12.50"])
    assert data["date"] == "03/20/2023"


def test_a_line_that_goes_on_a_street_line_ending_in_a_comma_is_no_name():
    # "AEON TEBRAU CITY," continues "S117, SECOND FLOOR,": the mall is part of the address,
    # not the issuer, even though the postcode line under it makes it look like a name line
    data = _run(
        [
            "ANANDA BHAWAN",
            "TAX INVOICE",
            "S117, SECOND FLOOR,",
            "AEON TEBRAU CITY,",
            "81100 JOHOR BAHRU, JOHOR.",
            "DATE 12/03/2018",
            "TOTAL 15.00",
        ]
    )
    assert data["company"] == "ANANDA BHAWAN"
    assert data["address"] == "S117, SECOND FLOOR, AEON TEBRAU CITY, 81100 JOHOR BAHRU, JOHOR."


def test_a_town_line_between_the_street_and_the_postcode_is_no_name():
    from sheaf.extract.layout import build_layout
    from sheaf.extract.resolvers.organisations import _inside_address

    lines = build_layout(
        doc_from_pages(
            page_from_cells(
                [
                    (60, 40, "BHPETROL PALEKBANG"),
                    (60, 54, "LOT 1626, MUKIM KAMPUNG LAUT"),
                    (60, 68, "TUMPAT"),
                    (60, 82, "16200 PALEKBANG, KELANTAN"),
                ]
            )
        )
    ).lines
    assert _inside_address(lines, 2, 3)  # TUMPAT
    assert not _inside_address(lines, 0, 1)  # the name on top
    assert not _inside_address(lines, 1, 2)  # the street line under the name


def test_a_stamp_on_a_line_of_its_own_is_no_name():
    data = _run(
        [
            "PAID",
            "FIVE STAR CASH & CARRY",
            "COMPANY NO: SA0127959-D",
            "TEL/FAX : 603-7877 9712",
            "DATE 12/03/2018",
            "TOTAL 9.90",
        ]
    )
    assert data["company"] == "FIVE STAR CASH & CARRY"


def test_a_line_holding_a_price_is_an_item_not_the_name():
    data = _run(
        ["TAX INVOICE", "1 VEGETABLES 2.20 ZRL", "PASAR MINI JIN SENG", "DATE 12/03/2018",
         "TOTAL 9.90"]
    )
    assert data["company"] == "PASAR MINI JIN SENG"


def _sized(rows: list[tuple[str, float]]) -> dict:
    """One line per row, each with its own font height."""
    items, words, y = [], [], 40.0
    for text, h in rows:
        items.append(Item("text", text, BBox(60, y, len(text) * h * 0.5, h)))
        pos = 0
        for t in text.split(" "):
            if t:
                words.append(Word(t, BBox(60 + pos * h * 0.5, y, len(t) * h * 0.5, h)))
            pos += len(t) + 1
        y += h + 3
    doc = Document([Page(1, 612.0, 792.0, items, words)], "pdf", "cost_effective")
    return extract(doc, SCHEMA).data


def test_the_lower_part_of_a_broken_legal_name_is_no_name_even_when_printed_larger():
    data = _sized(
        [
            ("LIAN CHI PU TIAN VEGETARIAN", 12),
            ("RESTAURANT SDN BHD", 16),  # a third larger: the heading bonus goes to it
            ("(1095514-X)", 12),
            ("54, JALAN SS23/11, TAMAN SEA,", 12),
            ("47400 PETALING JAYA", 12),
            ("TEL: 03-7805 7889", 12),
            ("TOTAL 12.50", 12),
        ]
    )
    assert data["company"] == "LIAN CHI PU TIAN VEGETARIAN RESTAURANT SDN BHD"


_HEAD = ["ABC TRADING", "NO 1, JALAN 2,", "47300 PETALING JAYA", "12/03/2018"]


def test_a_discount_named_with_more_words_still_points_at_the_total_after_it():
    for disc in ("MEMBER DISC -2.00", "LESS: VOUCHER 2.00", "PROMO DISCOUNT 2.00"):
        data = _run([*_HEAD, "TOTAL 12.50", disc, "TOTAL PAYABLE 10.50"])
        assert data["total"] == "10.50", disc
    # "TOTAL AFTER DISCOUNT" is a total, not a discount
    data = _run([*_HEAD, "TOTAL 12.50", "DISCOUNT 2.00", "TOTAL AFTER DISCOUNT 10.50"])
    assert data["total"] == "10.50"


def test_a_unit_number_with_a_stop_is_no_price_that_ends_the_address():
    for street in ("LOT 2.10, LEVEL 2,", "UNIT 1.05, FIRST FLOOR,"):
        data = _run(
            ["SUSHI KING", street, "MID VALLEY MEGAMALL,", "59200 KUALA LUMPUR",
             "DATE: 12/03/2018", "ITEM A 5.00", "TOTAL 18.00"]
        )
        assert data["address"] == f"{street} MID VALLEY MEGAMALL, 59200 KUALA LUMPUR"


def test_an_address_with_a_contact_glued_to_it_keeps_the_part_before_the_contact():
    tail = ["DATE: 12/03/2018", "ITEM A 5.00", "TOTAL 18.00"]
    # the whole address on one line with the phone number beside it
    data = _run(["ABC SDN BHD", "NO 12, JALAN BESAR, 43500 SEMENYIH, SELANGOR. TEL: 03-8723 1234",
                 *tail])
    assert data["address"] == "NO 12, JALAN BESAR, 43500 SEMENYIH, SELANGOR."
    # a bracketed tax number glued to the postcode line
    data = _run(["ABC HARDWARE TRADING", "NO 12, JALAN BESAR,",
                 "43500 SEMENYIH, SELANGOR (GST ID: 000123456789)", *tail])
    assert data["address"] == "NO 12, JALAN BESAR, 43500 SEMENYIH, SELANGOR"
    # the state alone under the postcode line, the phone number beside it
    data = _run(["ABC HARDWARE", "NO 12 JALAN BESAR", "43500 SEMENYIH",
                 "SELANGOR. TEL: 03-8723 1234", *tail])
    assert data["address"] == "NO 12 JALAN BESAR 43500 SEMENYIH SELANGOR."
