"""General invoice rules of the deterministic resolver (hand-built documents, no data files)."""

from __future__ import annotations

import pytest

from sheaf.extract import extract
from sheaf.extract.resolvers.confidence import CALIBRATION, calibrate
from sheaf.extract.values import find_amounts, find_dates

from .helpers import doc_from_pages, page_from_cells

SCHEMA = {
    "type": "object",
    "properties": {
        "issuer": {"type": "string", "description": "Name of the company that issued the invoice"},
        "invoice_number": {"type": "string", "description": "Invoice number"},
        "date": {"type": "string", "format": "date", "description": "Invoice date"},
        "amount": {"type": "number", "description": "Total amount to pay, taxes included"},
        "amount_untaxed": {"type": "number", "description": "Total before tax"},
    },
}


def _run(cells):
    return extract(doc_from_pages(page_from_cells(cells)), SCHEMA).data


def test_column_labels_pair_with_the_value_below_not_the_next_label():
    data = _run(
        [
            (40, 280, "Klant"),
            (140, 280, "Factuur datum"),
            (260, 280, "Factuur"),
            (380, 280, "Vervaldatum"),
            (40, 292, "SC0303006"),
            (140, 292, "8-9-2022"),
            (260, 292, "VF1005193039"),
            (380, 292, "22-9-2022"),
        ]
    )
    assert data["invoice_number"] == "VF1005193039"
    assert data["date"] == "2022-09-08"


def test_bare_number_under_the_invoice_title_and_po_number_is_not_it():
    data = _run(
        [
            (50, 5, "Sammy Maystone"),
            (450, 27, "INVOICE"),
            (450, 60, "# inv_0042"),
            (380, 180, "PO Number:"),
            (460, 180, "po_123"),
        ]
    )
    assert data["invoice_number"] == "inv_0042"


def test_booking_id_is_a_fallback_invoice_number():
    data = _run(
        [
            (300, 142, "Booking ID"),
            (420, 142, "Payment Mode"),
            (300, 154, "IBZY2087"),
            (420, 154, "Cash at Hotel"),
        ]
    )
    assert data["invoice_number"] == "IBZY2087"


def test_order_date_is_not_the_invoice_date():
    data = _run([(10, 100, "Order Date: 15-10-2015"), (10, 125, "Invoice Date: 20-10-2015")])
    assert data["date"] == "2015-10-20"


def test_due_date_in_french_is_not_the_invoice_date():
    data = _run(
        [
            (40, 320, "Facture n°562044387 du 02 Juillet 2015"),
            (40, 340, "Date limite de paiement le 05 Juillet 2015"),
        ]
    )
    assert data["date"] == "2015-07-02"
    assert data["invoice_number"] == "562044387"


@pytest.mark.parametrize(
    "text,iso",
    [
        ("August 3 , 2014", "2014-08-03"),
        ("3 de agosto de 2014", "2014-08-03"),
        ("15 junio 2021", "2021-06-15"),
        ("12 maggio 2019", "2019-05-12"),
        ("1er mars 2020", "2020-03-01"),
    ],
)
def test_dates_in_several_languages(text, iso):
    assert [m.value.isoformat() for m in find_dates(text)] == [iso]


def test_untaxed_amount_is_the_one_that_adds_up_with_the_tax():
    data = _run(
        [
            (60, 580, "Exclusief BTW"),
            (200, 580, "€ 593,36"),
            (300, 580, "Subtotaal"),
            (420, 580, "€ 717,97"),
            (80, 592, "BTW 21%"),
            (200, 592, "€ 124,61"),
            (300, 604, "Totaal"),
            (420, 604, "€ 717,97"),
        ]
    )
    assert data["amount_untaxed"] == pytest.approx(593.36)
    assert data["amount"] == pytest.approx(717.97)


def test_amount_to_pay_beats_a_total_row_of_net_amounts():
    data = _run(
        [
            (40, 420, "Total facture"),
            (300, 420, "24.99"),
            (360, 420, "5.00"),
            (420, 420, "29.99"),
            (40, 490, "Somme à payer"),
            (300, 490, "29.99 € TTC"),
        ]
    )
    assert data["amount"] == pytest.approx(29.99)


def test_customer_block_under_bill_to_is_not_the_issuer():
    data = _run(
        [
            (50, 27, "Sammy Maystone"),
            (50, 126, "Bill To:"),
            (200, 126, "Ship To:"),
            (50, 143, "Taylor Riddel"),
            (200, 143, "Taylor's Store"),
        ]
    )
    assert data["issuer"] == "Sammy Maystone"


def test_name_over_registered_office_line_is_the_issuer():
    data = _run(
        [
            (386, 114, "ALEXINUX"),
            (386, 126, "de Lattre Alexis"),
            (386, 139, "27 rue Henri Rolland"),
            (386, 151, "69100 Villeurbanne"),
            (244, 176, "Facture n° 2022089083"),
            (278, 760, "NETPRESSE"),
            (137, 772, "Siège social : 16 rue Mollien - 92100 BOULOGNE"),
        ]
    )
    assert data["issuer"] == "NETPRESSE"


def test_calibration_map_is_monotone_and_capped():
    for knots in CALIBRATION.values():
        ys = [calibrate(x / 100, knots) for x in range(101)]
        assert all(a <= b for a, b in zip(ys, ys[1:], strict=False))
        assert max(ys) <= 0.99


def test_tax_is_the_value_beside_its_label_not_the_base_inside_the_label():
    """"VAT @ 20% on $1,234.00 | 246.80": the amount inside the label is the base (the
    subtotal); the tax is the value in the next cell."""
    schema = {"type": "object", "properties": {
        "subtotal": {"type": "number", "description": "Total before tax"},
        "tax_amount": {"type": "number", "description": "Total tax (VAT) amount"},
        "total_amount": {"type": "number", "description": "Total amount, tax included"},
    }}
    cells = [(50, 40, "Harbour Lane Supplies Ltd"), (400, 40, "INVOICE"),
             (300, 300, "Subtotal"), (480, 300, "1,234.00"),
             (300, 316, "VAT @ 20% on $1,234.00"), (480, 316, "246.80"),
             (300, 332, "Total (incl. VAT)"), (480, 332, "1,480.80")]
    data = extract(doc_from_pages(page_from_cells(cells)), schema).data
    assert (data["subtotal"], data["tax_amount"], data["total_amount"]) == (
        1234.0, 246.8, 1480.8)


def test_a_number_inside_a_date_or_a_range_is_not_an_amount():
    """"Tax point: 11/04/2025" (the UK name of the invoice date) is not a tax of 11."""
    amounts = [m.value for m in find_amounts("Tax point: 11/04/2025 period 1-30 April")]
    assert amounts == []
    assert [float(m.value) for m in find_amounts("Total -12.00 / RM 8.60")] == [-12.0, 8.6]
    schema = {"type": "object", "properties": {
        "tax_amount": {"type": "number", "description": "Total tax (VAT) amount"}}}
    cells = [(50, 40, "Whitcombe & Hale Ltd"), (50, 56, "Tax point: 11/04/2025"),
             (300, 300, "Subtotal"), (480, 300, "1,234.00"),
             (300, 316, "Plus VAT 20%"), (480, 316, "246.80")]
    assert extract(doc_from_pages(page_from_cells(cells)), schema).data["tax_amount"] == 246.8


def test_a_dotted_acronym_is_a_tax_label():
    """"T.V.A. 20%" is the VAT line; without it the tax had been taken from the total."""
    schema = {"type": "object", "properties": {
        "tax_amount": {"type": "number", "description": "Total tax (VAT) amount"}}}
    cells = [(50, 40, "Maison Girard SARL"), (300, 300, "Montant HT"), (480, 300, "7697,41"),
             (300, 316, "T.V.A. 20%"), (480, 316, "1540,98"),
             (300, 332, "Total à payer"), (480, 332, "9245,89")]
    assert extract(doc_from_pages(page_from_cells(cells)), schema).data["tax_amount"] == 1540.98
