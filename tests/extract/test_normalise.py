"""Values normalised from the schema, read from reportlab PDFs: dates to ISO 8601 in the
document's language, organisation names without the document title or a sender line's
address, tax amounts that are not the subtotal, enums matched without accents."""

from __future__ import annotations

import io

import pytest

from sheaf.extract import extract

parse_mod = pytest.importorskip("sheaf.parse")
pytest.importorskip("reportlab")

SCHEMA = {
    "type": "object",
    "properties": {
        "issuer": {"type": "string", "description": "Company that issued the invoice"},
        "date": {"type": "string", "format": "date"},
        "subtotal": {"type": "number", "description": "Total before tax"},
        "tax": {"type": "number", "description": "Tax amount"},
        "payment": {"type": "string", "enum": ["Carte de crédit", "Virement", "Espèces"]},
    },
}


def _read(lines: list[tuple[float, float, str, int]]) -> dict:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for x, y, text, size in lines:
        c.setFont("Helvetica-Bold" if size > 12 else "Helvetica", size)
        c.drawString(x, A4[1] - y, text)
    c.showPage()
    c.save()
    return extract(parse_mod.parse(buf.getvalue(), tier="cost_effective"), SCHEMA).data


@pytest.mark.parametrize(
    "printed,iso",
    [("August 3 , 2014", "2014-08-03"), ("7. Mai 2014", "2014-05-07"),
     ("03/08/2014", "2014-08-03"), ("3 de agosto de 2014", "2014-08-03")],
)
def test_dates_come_back_as_iso_8601(printed, iso):
    data = _read([(40, 60, "Quality Hosting AG", 16), (40, 120, f"Date: {printed}", 10)])
    assert data["date"] == iso


def test_issuer_without_the_document_title_beside_it():
    data = _read([(40, 60, "Amazon Web Services Invoice", 16), (40, 120, "Date: 3 Aug 2014", 10)])
    assert data["issuer"] == "Amazon Web Services"


def test_issuer_from_a_letter_sender_line_without_its_address():
    data = _read([
        (40, 40, "Müller & Söhne GmbH - Hauptstraße 42 - 80331 München", 7),
        (40, 80, "Anna Schmidt", 10), (40, 92, "Lindenweg 7", 10), (40, 104, "10115 Berlin", 10),
        (40, 150, "RECHNUNG RE-2024-118", 14),
    ])
    assert data["issuer"] == "Müller & Söhne GmbH"


def test_tax_is_the_tax_line_not_the_subtotal_in_french():
    data = _read([
        (40, 60, "Atelier Dubois SAS", 16),
        (350, 300, "Total HT", 10), (480, 300, "1 250,00 €", 10),
        (350, 315, "TVA 20%", 10), (480, 315, "250,00 €", 10),
        (350, 330, "Total TTC", 10), (480, 330, "1 500,00 €", 10),
        (40, 380, "Payment: carte de credit", 10),
    ])
    assert data["subtotal"] == 1250.0
    assert data["tax"] == 250.0
    assert data["payment"] == "Carte de crédit"


def test_numeric_dates_are_month_first_when_the_document_writes_them_so():
    data = _read([
        (40, 60, "Bluebird Consulting Inc.", 16),
        (40, 120, "Invoice Date: 03/08/2024", 10),
        (40, 135, "Due Date: 03/23/2024", 10),
    ])
    assert data["date"] == "2024-03-08"  # 03/23/2024 shows the month comes first


def test_currency_is_an_iso_code_unless_the_field_asks_for_the_symbol():
    schema = {
        "type": "object",
        "properties": {
            "currency": {"type": "string", "description": "ISO 4217 code"},
            "currency_symbol": {"type": "string"},
        },
    }
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(40, A4[1] - 100, "Total due: £120.00")
    c.showPage()
    c.save()
    data = extract(parse_mod.parse(buf.getvalue(), tier="cost_effective"), schema).data
    assert data == {"currency": "GBP", "currency_symbol": "£"}


def test_normalise_reads_printed_values_in_the_documents_conventions():
    from sheaf.extract.layout import build_layout
    from sheaf.extract.normalise import normalise
    from sheaf.extract.schema import compile_schema

    from .helpers import doc_from_pages, page_from_cells

    schema = {
        "type": "object",
        "properties": {
            "issued_at": {"type": "string", "format": "date-time"},
            "due": {"type": "string", "format": "date"},
            "total": {"type": "number"},
            "currency": {"type": "string", "description": "ISO 4217 currency code"},
        },
    }
    # a German document: 1.234,56 numbers, day-first dates
    layout = build_layout(doc_from_pages(page_from_cells([
        (40, 40, "Rechnungsdatum 03.08.2014"), (40, 60, "Summe 1.234,56 €")])))
    data = normalise(compile_schema(schema), {
        "issued_at": "03.08.2014 14:30", "due": "7. Mai 2014", "total": "1.234,56 €",
        "currency": "€",
    }, layout)
    assert data == {"issued_at": "2014-08-03T14:30:00", "due": "2014-05-07", "total": 1234.56,
                    "currency": "EUR"}
