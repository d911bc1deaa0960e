import pytest

from sheaf.extract import SchemaError, extract, generate_schema, validate_schema
from sheaf.parse.document import BBox, Document, Item, Page

from .helpers import invoice_doc


def test_from_prompt():
    out = generate_schema(
        prompt="Extract the invoice number, invoice date, total amount and vendor name."
    )
    assert out["parameters"]["product_type"] == "extract_v2"
    props = out["parameters"]["data_schema"]["properties"]
    assert set(props) == {"invoice_number", "invoice_date", "total_amount", "vendor_name"}
    assert props["invoice_date"]["format"] == "date"
    assert props["total_amount"]["type"] == "number"
    assert out["name"] == "invoice-number-invoice-date"


def test_from_document_pairs_and_tables():
    table = Item(
        "table",
        rows=[["Item", "Qty", "Price"], ["Apple", "3", "1.20"]],
        bbox=BBox(50, 300, 300, 40),
    )
    doc = invoice_doc()
    doc.pages[0].items.append(table)
    out = generate_schema(doc=doc, name="inv")
    schema = out["parameters"]["data_schema"]
    props = schema["properties"]
    assert out["name"] == "inv"
    assert props["invoice_no"]["type"] == "string"
    assert props["invoice_date"] == {
        "type": "string",
        "format": "date",
        "description": "Invoice Date",
    }
    assert props["email"]["format"] == "email"
    items = props["line_items"]["items"]["properties"]
    assert set(items) == {"item", "qty", "price"} and items["price"]["type"] == "number"
    validate_schema(schema)
    # the proposed schema is usable as is
    res = extract(doc, schema)
    assert res.data["invoice_no"] == "INV-2024-0042"


def test_extends_partial_schema_and_keeps_it():
    partial = {"type": "object", "properties": {"total": {"type": "string", "description": "x"}}}
    out = generate_schema(data_schema=partial, prompt="also get the due date")
    props = out["parameters"]["data_schema"]["properties"]
    assert props["total"] == {"type": "string", "description": "x"}
    assert props["due_date"]["format"] == "date"


def test_nothing_to_propose():
    with pytest.raises(SchemaError):
        generate_schema(doc=Document([Page(1, 100, 100)]))
