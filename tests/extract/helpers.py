"""Build ``Document`` objects by hand for the extract tests (no parse engine, no files)."""

from __future__ import annotations

from sheaf.parse.document import BBox, Document, Item, Page, Word

CHAR_W = 6.0  # points per character at the fake font size
LINE_H = 12.0


def page_from_cells(
    cells: list[tuple[float, float, str]],
    number: int = 1,
    tables: list[Item] | None = None,
    confidence: float = 1.0,
) -> Page:
    """``cells`` = (x, y, text): each becomes one text item and its words."""
    items: list[Item] = []
    words: list[Word] = []
    for x, y, text in cells:
        items.append(Item("text", text, BBox(x, y, len(text) * CHAR_W, LINE_H)))
        pos = 0
        for w in text.split(" "):
            if w:
                words.append(
                    Word(w, BBox(x + pos * CHAR_W, y, len(w) * CHAR_W, LINE_H), confidence)
                )
            pos += len(w) + 1
    items.extend(tables or [])
    return Page(number, 612.0, 792.0, items, words, confidence=confidence)


def doc_from_pages(*pages: Page) -> Document:
    return Document(list(pages), "pdf", "cost_effective")


INVOICE_CELLS = [
    (50, 40, "ACME TRADING LTD"),
    (50, 56, "12 Harbour Road, Springfield 12345"),
    (50, 72, "Tel: +1 415 555 0134"),
    (50, 100, "INVOICE"),
    (50, 130, "Invoice No:"),
    (200, 130, "INV-2024-0042"),
    (50, 146, "Invoice Date:"),
    (200, 146, "05/03/2024"),
    (50, 162, "Due Date:"),
    (200, 162, "04/04/2024"),
    (50, 178, "Email: billing@acme.example"),
    (50, 220, "Description"),
    (300, 220, "Qty"),
    (380, 220, "Unit Price"),
    (480, 220, "Amount"),
    (50, 236, "Widget large"),
    (300, 236, "2"),
    (380, 236, "10.00"),
    (480, 236, "20.00"),
    (50, 252, "Gadget small"),
    (300, 252, "1"),
    (380, 252, "5.50"),
    (480, 252, "5.50"),
    (380, 290, "Subtotal"),
    (480, 290, "25.50"),
    (380, 306, "Tax 10%"),
    (480, 306, "2.55"),
    (380, 322, "Total"),
    (480, 322, "$28.05"),
    (50, 360, "Paid: yes"),
    (50, 376, "Payment method: Credit Card"),
]


def invoice_doc() -> Document:
    return doc_from_pages(page_from_cells(INVOICE_CELLS))


INVOICE_SCHEMA = {
    "type": "object",
    "properties": {
        "vendor_name": {"type": "string", "description": "Name of the company issuing the invoice"},
        "invoice_number": {"type": "string"},
        "invoice_date": {"type": "string", "format": "date"},
        "due_date": {"type": "string", "format": "date"},
        "email": {"type": "string"},
        "subtotal": {"type": "number"},
        "tax": {"type": "number"},
        "total": {"type": "number"},
        "paid": {"type": "boolean"},
        "payment_method": {"type": "string", "enum": ["Cash", "Credit Card", "Bank Transfer"]},
        "line_items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "description": {"type": "string"},
                    "quantity": {"type": "integer"},
                    "unit_price": {"type": "number"},
                    "amount": {"type": "number"},
                },
            },
        },
    },
    "required": ["invoice_number", "total"],
}
