"""Receipt rules of the fifth SROIE session: which date order a receipt writes, and which
header lines belong to the address rather than the name (hand-built documents, no data)."""

from __future__ import annotations

from sheaf.extract import extract
from sheaf.extract.values import date_orders, month_first

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
