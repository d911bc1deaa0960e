"""Born-digital PDF: structure, reading order, tables, header/footer, options."""

from __future__ import annotations

from sheaf.parse import parse
from sheaf.parse.render import render

from .builders import simple_pdf


def _items(doc, page=0):
    return doc.pages[page].items


def _all_text(doc) -> str:
    return render(doc, "markdown_full")


def test_headings_and_levels(two_col):
    doc = parse(two_col, tier="cost_effective")
    heads = {it.text: it.level for it in _items(doc) if it.type == "heading"}
    assert heads["Annual Widget Study"] == 1
    assert heads["Introduction"] < heads["Background"]
    assert "Introduction" in heads and "Background" in heads


def test_two_column_reading_order(two_col):
    md = render(parse(two_col, tier="cost_effective"), "markdown")["pages"][0]["markdown"]
    order = [md.index(k) for k in ("Annual Widget Study", "LEFTSTART", "LEFTEND", "Background",
                                   "RIGHTSTART", "RIGHTEND")]
    assert order == sorted(order)


def test_header_footer_detected(two_col):
    doc = parse(two_col, tier="cost_effective")
    for p in doc.pages:
        types = [it.type for it in p.items]
        assert types[0] == "header" and types[-1] == "footer"
        assert p.items[0].text == "ACME Quarterly Report"
    assert doc.pages[0].printed_page_number == "1"
    assert doc.pages[1].printed_page_number == "2"
    md = render(doc, "markdown")["pages"][0]
    assert "ACME Quarterly Report" not in md["markdown"]
    assert md["header"] == "ACME Quarterly Report"


def test_lists(two_col):
    doc = parse(two_col, tier="cost_effective")
    lists = [it for it in _items(doc) if it.type == "list"]
    bullets = [ls for ls in lists if not ls.ordered]
    numbered = [ls for ls in lists if ls.ordered]
    assert [c.text for c in bullets[0].children] == [f"bullet item {k}" for k in range(3)]
    assert [c.text for c in numbered[0].children] == [f"numbered step {k}" for k in (1, 2, 3)]
    md = render(doc, "markdown")["pages"][0]["markdown"]
    assert "- bullet item 0" in md and "1. numbered step 1" in md


def test_ruled_and_unruled_tables(tables):
    doc = parse(tables, tier="cost_effective")
    ts = [it for it in _items(doc) if it.type == "table"]
    assert len(ts) == 2
    ruled = ts[0].rows
    assert ruled[0] == ["Name", "Qty", "Price"]
    assert ruled[3] == ["Plum", "12", "2.05"]
    unruled = ts[1].rows
    assert unruled[0] == ["Region", "Units", "Revenue", "Growth"]
    assert unruled[2] == ["South", "98", "3,900", "-1%"]
    assert len(unruled) == 5
    heading = next(it for it in _items(doc) if it.type == "heading")
    assert heading.text == "Price List"


def test_bboxes_are_sane(two_col):
    doc = parse(two_col, tier="cost_effective")
    p = doc.pages[0]
    assert (round(p.width), round(p.height)) == (612, 792)
    for it in p.items:
        b = it.bbox
        assert b is not None
        assert b.x >= 0 and b.y >= 0 and b.w > 0 and b.h > 0
        assert b.x1 <= p.width + 1 and b.y1 <= p.height + 1
    title = next(it for it in p.items if it.text == "Annual Widget Study")
    assert title.bbox.y < 120  # near the top, y grows downwards
    assert p.words and all(w.bbox.w > 0 for w in p.words)


def test_fast_tier_text_only(two_col):
    doc = parse(two_col, tier="fast")
    assert doc.pipeline == ["pdfium-text"]
    text = render(doc, "text")["pages"][0]["text"]
    assert "LEFTSTART" in text and "RIGHTEND" in text
    assert all(it.type == "text" for it in doc.pages[0].items)


def test_page_ranges():
    pdf = simple_pdf([[f"page {i} body"] for i in range(1, 9)])
    doc = parse(pdf, tier="cost_effective", options={"page_ranges": {"target_pages": "2,5-6"}})
    assert [p.number for p in doc.pages] == [2, 5, 6]
    assert "page 5 body" in render(doc, "text")["pages"][1]["text"]
    doc = parse(pdf, tier="fast", options={"page_ranges": {"max_pages": 3}})
    assert [p.number for p in doc.pages] == [1, 2, 3]


def test_crop_box():
    pdf = simple_pdf([["top line here", "second line", "third line"]])
    # keep only the top 12% of the page: drawString at y=700 (of 792) is ~92pt from the top
    doc = parse(pdf, tier="cost_effective", options={"crop_box": {"bottom": 0.86}})
    text = render(doc, "text_full")
    assert "top line here" in text and "third line" not in text


def test_links():
    pdf = simple_pdf([["hello"]], link="https://example.com/x")
    doc = parse(pdf, tier="cost_effective")
    links = [it for it in doc.pages[0].items if it.type == "link"]
    assert links and links[0].url == "https://example.com/x"
    assert links[0].text == "Visit our site"


def test_pipeline_reports_stages(two_col):
    doc = parse(two_col, tier="cost_effective")
    assert doc.pipeline[:2] == ["pdfium-text", "layout"]
    assert not any(s.startswith("vlm") for s in doc.pipeline)
