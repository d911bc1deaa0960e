"""Renderers produce exactly the contract's result shapes (section 4.4)."""

from __future__ import annotations

import json

from sheaf.parse import ENGINE_VERSIONS, parse
from sheaf.parse.document import BBox, Document, Item, Page
from sheaf.parse.render import render


def _doc() -> Document:
    p1 = Page(1, 612, 792, printed_page_number="iv", items=[
        Item("header", text="Running head", bbox=BBox(72, 20, 100, 10),
             children=[Item("text", text="Running head")]),
        Item("heading", text="Title", level=1, bbox=BBox(72, 72, 200, 20, confidence=0.9)),
        Item("text", text="Body text."),
        Item("list", ordered=True, children=[Item("text", text="one"), Item("text", text="two")]),
        Item("table", rows=[["a", "b"], ["1", "2|3"]]),
        Item("image", caption="A cat", url="page_1_image_1.png"),
        Item("link", text="site", url="https://x.test"),
        Item("code", text="print(1)", language="python"),
        Item("footer", text="4", children=[Item("text", text="4")]),
    ])
    p2 = Page(2, 612, 792, error="page could not be read")
    return Document(pages=[p1, p2])


def test_text_shapes():
    d = _doc()
    t = render(d, "text")
    assert t["pages"][0]["page_number"] == 1 and "Body text." in t["pages"][0]["text"]
    assert t["pages"][1] == {"page_number": 2, "text": ""}
    assert isinstance(render(d, "text_full"), str)


def test_markdown_shapes():
    d = _doc()
    m = render(d, "markdown")["pages"]
    assert m[0]["success"] is True and m[0]["page_number"] == 1
    md = m[0]["markdown"]
    assert md.startswith("# Title\n\nBody text.\n\n1. one\n2. two")
    assert "| a | b |\n|---|---|\n| 1 | 2\\|3 |" in md
    assert "![A cat](page_1_image_1.png)" in md and "[site](https://x.test)" in md
    assert "```python\nprint(1)\n```" in md
    assert m[0]["header"] == "Running head" and m[0]["footer"] == "4"
    assert "Running head" not in md
    assert m[1] == {"page_number": 2, "error": "page could not be read", "success": False}
    assert render(d, "markdown_full").startswith("# Title")


def test_items_shapes():
    d = _doc()
    pages = render(d, "items")["pages"]
    p = pages[0]
    assert set(p) == {"page_number", "page_width", "page_height", "success", "items"}
    by_type = {it["type"]: it for it in p["items"]}
    assert set(by_type["text"]) == {"type", "md", "value"}
    assert by_type["heading"]["level"] == 1 and by_type["heading"]["md"] == "# Title"
    assert by_type["heading"]["bbox"] == [{"x": 72, "y": 72, "w": 200, "h": 20,
                                           "confidence": 0.9}]
    t = by_type["table"]
    assert set(t) == {"type", "csv", "html", "md", "rows"}
    assert t["rows"] == [["a", "b"], ["1", "2|3"]] and t["csv"] == "a,b\n1,2|3"
    assert t["html"].startswith("<table><tr><th>a</th>")
    lst = by_type["list"]
    assert lst["ordered"] is True and [i["value"] for i in lst["items"]] == ["one", "two"]
    assert set(by_type["image"]) == {"type", "caption", "md", "url"}
    assert set(by_type["link"]) == {"type", "md", "text", "url"}
    assert by_type["code"]["language"] == "python"
    assert by_type["header"]["items"][0]["value"] == "Running head"
    assert set(by_type["footer"]) >= {"type", "items", "md"}
    assert pages[1]["success"] is False and "error" in pages[1]
    json.dumps(pages)


def test_metadata_shape():
    d = _doc()
    m = render(d, "metadata")
    p = m["pages"][0]
    assert set(p) == {"page_number", "confidence", "printed_page_number",
                      "original_orientation_angle", "speaker_notes", "slide_section_name"}
    assert p["printed_page_number"] == "iv"
    assert "confidence" in m["document"]


def test_versions():
    assert set(ENGINE_VERSIONS) == {"fast", "cost_effective", "agentic", "agentic_plus", "latest"}
    for tier, latest in ENGINE_VERSIONS["latest"].items():
        assert latest == ENGINE_VERSIONS[tier][-1]


def test_real_document_round_trip(two_col):
    doc = parse(two_col, tier="cost_effective")
    for kind in ("text", "text_full", "markdown", "markdown_full", "items", "metadata"):
        json.dumps(render(doc, kind))


def test_cli(tmp_path, two_col, capsys):
    from sheaf.parse.__main__ import main

    f = tmp_path / "a.pdf"
    f.write_bytes(two_col)
    assert main([str(f), "--tier", "cost_effective"]) == 0
    assert "# Annual Widget Study" in capsys.readouterr().out
    assert main([str(f), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["pages"][0]["success"] is True
