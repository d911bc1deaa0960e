import jsonschema
import pytest

from sheaf.extract import ExtractError, ExtractResult, extract
from sheaf.parse.document import BBox, Document, Item, Page

from .helpers import INVOICE_SCHEMA, doc_from_pages, invoice_doc, page_from_cells


@pytest.fixture(scope="module")
def result() -> ExtractResult:
    return extract(invoice_doc(), INVOICE_SCHEMA)


def test_scalars(result):
    d = result.data
    assert result.resolver == "deterministic"
    assert d["vendor_name"] == "ACME TRADING LTD"
    assert d["invoice_number"] == "INV-2024-0042"
    assert d["invoice_date"] == "2024-03-05"
    assert d["due_date"] == "2024-04-04"
    assert d["email"] == "billing@acme.example"
    assert d["subtotal"] == 25.50
    assert d["tax"] == 2.55
    assert d["total"] == 28.05
    assert d["paid"] is True
    assert d["payment_method"] == "Credit Card"


def test_line_items_from_aligned_rows(result):
    items = result.data["line_items"]
    assert items == [
        {"description": "Widget large", "quantity": 2, "unit_price": 10.0, "amount": 20.0},
        {"description": "Gadget small", "quantity": 1, "unit_price": 5.5, "amount": 5.5},
    ]
    meta = result.field_metadata["line_items"]
    assert isinstance(meta, list) and len(meta) == 2
    assert meta[0]["amount"]["citation"][0]["matching_text"] == "20.00"


def test_data_validates(result):
    jsonschema.validate(result.data, INVOICE_SCHEMA)


def test_metadata_shape_and_citation_boxes(result):
    m = result.field_metadata["invoice_number"]
    assert set(m) >= {
        "citation",
        "confidence",
        "extraction_confidence",
        "parsing_confidence",
        "reasoning",
    }
    cit = m["citation"][0]
    assert cit["page"] == 1 and cit["matching_text"] == "INV-2024-0042"
    assert cit["page_dimensions"] == {"width": 612.0, "height": 792.0}
    box = cit["bounding_boxes"][0]
    assert box["x"] == pytest.approx(200) and box["y"] == pytest.approx(130)
    assert box["w"] == pytest.approx(13 * 6) and box["h"] == pytest.approx(12)
    assert m["reasoning"] == "VERBATIM EXTRACTION"
    # a date normalised to ISO is inferred, not verbatim
    assert result.field_metadata["invoice_date"]["reasoning"] == "INFERRED FROM TEXT"
    assert 0 < m["confidence"] <= 1


def test_missing_field_is_null_not_a_guess():
    schema = {
        "type": "object",
        "properties": {"iban": {"type": "string"}, "total": {"type": "number"}},
    }
    doc = doc_from_pages(page_from_cells([(50, 50, "Total: 12.50")]))
    res = extract(doc, schema)
    # optional and not nullable: left out so that the data validates
    assert res.data == {"total": 12.5}
    jsonschema.validate(res.data, schema)
    nullable = {
        **schema,
        "properties": {**schema["properties"], "iban": {"type": ["string", "null"]}},
    }
    res = extract(doc, nullable)
    assert res.data == {"iban": None, "total": 12.5}
    assert res.field_metadata["iban"]["confidence"] == 0.0
    assert res.field_metadata["iban"]["citation"] == []


def test_required_missing_is_warned():
    schema = {
        "type": "object",
        "properties": {"po_number": {"type": "string"}},
        "required": ["po_number"],
    }
    res = extract(doc_from_pages(page_from_cells([(50, 50, "Hello world")])), schema)
    assert res.data == {"po_number": None}
    assert any("po_number" in w for w in res.warnings)


def test_confidence_reflects_evidence_and_ocr():
    schema = {"type": "object", "properties": {"total": {"type": "number"}}}
    labelled = extract(doc_from_pages(page_from_cells([(50, 50, "Total: 12.50")])), schema)
    ocr = extract(
        doc_from_pages(page_from_cells([(50, 50, "Total: 12.50")], confidence=0.6)), schema
    )
    c1 = labelled.field_metadata["total"]
    c2 = ocr.field_metadata["total"]
    assert c1["confidence"] > 0.8
    assert c2["parsing_confidence"] == pytest.approx(0.6)
    assert c2["confidence"] < c1["confidence"]


def test_value_on_next_line_and_label_fuzzy():
    cells = [
        (50, 50, "Customer Reference"),
        (50, 64, "CR-778812"),
        (50, 90, "Amount Due"),
        (50, 104, "EUR 1.234,56"),
    ]
    schema = {
        "type": "object",
        "properties": {
            "customer_ref": {"type": "string", "description": "customer reference number"},
            "amountDue": {"type": "number"},
        },
    }
    res = extract(doc_from_pages(page_from_cells(cells)), schema)
    assert res.data == {"customer_ref": "CR-778812", "amountDue": 1234.56}


def test_table_items_and_key_value_table():
    table = Item(
        "table",
        rows=[["Item", "Qty", "Price"], ["Apple", "3", "1.20"], ["Pear", "2", "0.80"]],
        bbox=BBox(50, 100, 300, 60),
    )
    kv = Item(
        "table",
        rows=[["Order ID", "A-991"], ["Ship Date", "2023-11-02"]],
        bbox=BBox(50, 200, 300, 30),
        header_rows=0,
    )
    page = Page(1, 612, 792, [table, kv])
    schema = {
        "type": "object",
        "properties": {
            "order_id": {"type": "string"},
            "ship_date": {"type": "string", "format": "date"},
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "qty": {"type": "integer"},
                        "price": {"type": "number"},
                    },
                },
            },
        },
    }
    res = extract(Document([page]), schema)
    assert res.data["order_id"] == "A-991"
    assert res.data["ship_date"] == "2023-11-02"
    assert res.data["items"] == [
        {"name": "Apple", "qty": 3, "price": 1.2},
        {"name": "Pear", "qty": 2, "price": 0.8},
    ]


def test_nested_object_metadata_recurses():
    cells = [(50, 50, "Seller: Foo Bar GmbH"), (50, 66, "Seller email: sales@foo.example")]
    schema = {
        "type": "object",
        "properties": {
            "seller": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "email": {"type": "string", "format": "email"},
                },
            }
        },
    }
    res = extract(doc_from_pages(page_from_cells(cells)), schema)
    assert res.data["seller"]["email"] == "sales@foo.example"
    assert "citation" in res.field_metadata["seller"]["email"]


def test_target_pages_and_max_pages():
    p1 = page_from_cells([(50, 50, "Total: 1.00")], number=1)
    p2 = page_from_cells([(50, 50, "Total: 2.00")], number=2)
    schema = {"type": "object", "properties": {"total": {"type": "number"}}}
    assert extract(doc_from_pages(p1, p2), schema, options={"target_pages": "2"}).data == {
        "total": 2.0
    }
    res = extract(doc_from_pages(p1, p2), schema, options={"max_pages": 1})
    assert res.pages == [1] and res.data == {"total": 1.0}
    with pytest.raises(ExtractError, match="target_pages"):
        extract(doc_from_pages(p1), schema, options={"target_pages": "a-b"})


def test_failed_pages_are_skipped_with_warning():
    bad = Page(2, 612, 792, error="render failed")
    res = extract(
        doc_from_pages(page_from_cells([(50, 50, "Total: 3.00")]), bad),
        {"type": "object", "properties": {"total": {"type": "number"}}},
    )
    assert res.data == {"total": 3.0}
    assert any("failed" in w for w in res.warnings)


def test_agentic_without_llm_raises(monkeypatch):
    monkeypatch.delenv("SHEAF_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("SHEAF_LLM_MODEL", raising=False)
    with pytest.raises(ExtractError, match="LLM endpoint"):
        extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "agentic"})


def test_unknown_tier():
    with pytest.raises(ExtractError, match="unknown extract tier"):
        extract(invoice_doc(), INVOICE_SCHEMA, options={"tier": "platinum"})


def test_items_only_document_without_words():
    page = Page(
        1,
        612,
        792,
        [
            Item("heading", "Receipt", BBox(10, 10, 100, 20), level=1),
            Item("text", "Date: 2019-01-02\nTotal: 5.00", BBox(10, 40, 200, 30)),
        ],
    )
    res = extract(
        Document([page]),
        {"type": "object", "properties": {"date": {"type": "string"}, "total": {"type": "string"}}},
    )
    assert res.data == {"date": "2019-01-02", "total": "5.00"}
    box = res.field_metadata["total"]["citation"][0]["bounding_boxes"][0]
    assert box["y"] >= 40
