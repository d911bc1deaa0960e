"""Office, HTML, CSV, Markdown and plain text readers."""

from __future__ import annotations

import io

from sheaf.parse import parse, sniff_format
from sheaf.parse.render import render


def _docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Report Title", level=1)
    d.add_paragraph("Intro paragraph.")
    d.add_heading("Details", level=2)
    d.add_paragraph("first point", style="List Bullet")
    d.add_paragraph("second point", style="List Bullet")
    d.add_paragraph("step one", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Key", "Value"
    t.cell(1, 0).text, t.cell(1, 1).text = "alpha", "42"
    d.add_page_break()
    d.add_paragraph("Second page text.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx():
    data = _docx()
    assert sniff_format(data) == "docx"
    doc = parse(data, tier="cost_effective")
    assert len(doc.pages) == 2
    items = doc.pages[0].items
    heads = [(it.text, it.level) for it in items if it.type == "heading"]
    assert heads == [("Report Title", 1), ("Details", 2)]
    lists = [it for it in items if it.type == "list"]
    assert [c.text for c in lists[0].children] == ["first point", "second point"]
    assert not lists[0].ordered and lists[1].ordered
    table = next(it for it in items if it.type == "table")
    assert table.rows == [["Key", "Value"], ["alpha", "42"]]
    assert "Second page text." in render(doc, "text")["pages"][1]["text"]
    doc = parse(data, options={"page_ranges": {"target_pages": "2"}})
    assert [p.number for p in doc.pages] == [2]


def test_pptx():
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = "Quarterly Review"
    body = s.placeholders[1].text_frame
    body.text = "Revenue up"
    body.add_paragraph().text = "Costs down"
    s.notes_slide.notes_text_frame.text = "Say hello first"
    s2 = prs.slides.add_slide(prs.slide_layouts[5])
    s2.shapes.title.text = "Numbers"
    tbl = s2.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(4), Inches(1)).table
    tbl.cell(0, 0).text, tbl.cell(0, 1).text = "Q", "Sales"
    tbl.cell(1, 0).text, tbl.cell(1, 1).text = "Q1", "100"
    buf = io.BytesIO()
    prs.save(buf)
    doc = parse(buf.getvalue(), tier="cost_effective")
    assert len(doc.pages) == 2
    p1 = doc.pages[0]
    assert p1.items[0].type == "heading" and p1.items[0].text == "Quarterly Review"
    lst = next(it for it in p1.items if it.type == "list")
    assert [c.text for c in lst.children] == ["Revenue up", "Costs down"]
    assert p1.speaker_notes == "Say hello first"
    meta = render(doc, "metadata")["pages"][0]
    assert meta["speaker_notes"] == "Say hello first"
    t = next(it for it in doc.pages[1].items if it.type == "table")
    assert t.rows == [["Q", "Sales"], ["Q1", "100"]]
    assert round(p1.width) == 720


def test_xlsx():
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sales"
    ws.append(["Item", "Units", "Price"])
    ws.append(["Bolt", 10, 0.25])
    ws2 = wb.create_sheet("Costs")
    ws2.append(["Rent", 1000])
    hidden = wb.create_sheet("Secret")
    hidden.append(["x"])
    hidden.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    doc = parse(buf.getvalue())
    assert [p.section_name for p in doc.pages] == ["Sales", "Costs"]
    assert doc.pages[0].items[0].type == "heading" and doc.pages[0].items[0].text == "Sales"
    assert doc.pages[0].items[1].rows == [["Item", "Units", "Price"], ["Bolt", "10", "0.25"]]
    assert render(doc, "metadata")["pages"][1]["slide_section_name"] == "Costs"


def test_csv_and_tsv():
    doc = parse(b"name,qty\nfoo,1\nbar,2\n", filename="x.csv")
    assert doc.source_format == "csv"
    assert doc.pages[0].items[0].rows == [["name", "qty"], ["foo", "1"], ["bar", "2"]]
    doc = parse(b"a\tb\n1\t2\n")
    assert doc.source_format == "tsv" and doc.pages[0].items[0].rows[1] == ["1", "2"]


def test_html():
    html = b"""<!doctype html><html><head><title>t</title><style>p{}</style></head><body>
    <h1>Main</h1><p>Hello <b>world</b>.</p><h3>Sub</h3>
    <ul><li>one</li><li>two<ul><li>two.a</li></ul></li></ul>
    <ol><li>first</li></ol>
    <table><tr><th>A</th><th>B</th></tr><tr><td colspan="2">wide</td></tr></table>
    <pre><code class="language-python">x = 1</code></pre>
    <p><a href="https://e.test">Link text</a></p><script>alert(1)</script></body></html>"""
    doc = parse(html, tier="cost_effective")
    items = doc.pages[0].items
    types = [it.type for it in items]
    assert types == ["heading", "text", "heading", "list", "list", "table", "code", "link"]
    assert items[0].level == 1 and items[2].level == 3
    assert items[1].text == "Hello world ."
    assert items[3].children[2].type == "list" and items[3].children[2].children[0].text == "two.a"
    assert items[4].ordered
    assert items[5].rows == [["A", "B"], ["wide", ""]]
    assert items[6].language == "python" and items[6].text == "x = 1"
    assert items[7].url == "https://e.test"
    assert "alert" not in render(doc, "text_full")


def test_markdown_and_text():
    md = b"# Title\n\nSome *text*.\n\n## Part\n\n- a\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n"
    doc = parse(md, filename="r.md")
    types = [(it.type, it.level) for it in doc.pages[0].items]
    assert types == [("heading", 1), ("text", None), ("heading", 2), ("list", None),
                     ("table", None)]
    doc = parse(b"hello there\n\nsecond para\fpage two", filename="n.txt")
    assert doc.source_format == "txt" and len(doc.pages) == 2
    assert [it.text for it in doc.pages[0].items] == ["hello there", "second para"]


def test_sniff_text_like():
    assert sniff_format(b"<html><body><p>x</p></body></html>", "a.txt") == "html"
    assert sniff_format(b"just words here", None) == "txt"
    assert sniff_format(b"just words here", "a.md") == "md"


def test_xlsx_inflated_dimension_stays_small():
    """A styled empty cell at row 1,000,000 (an inflated <dimension>) once made the reader
    build a dense 200k x 2000 grid (~6 GB RSS); empty rows are now only counted."""
    import time
    import tracemalloc

    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["a", "b", "c"])
    ws.append([1, 2, 3])
    ws.append([])
    ws.append(["x", None, "z"])
    ws.cell(row=1_000_000, column=1).font = Font(bold=True)
    buf = io.BytesIO()
    wb.save(buf)
    tracemalloc.start()
    t0 = time.perf_counter()
    doc = parse(buf.getvalue())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # blocks apart (an empty row between) are separate tables; one empty column is a spacer
    items = doc.pages[0].items
    assert [it.rows for it in items] == [[["a", "b", "c"], ["1", "2", "3"]], [["x", "z"]]]
    assert peak < 200 * 1024 * 1024
    assert time.perf_counter() - t0 < 30


def test_docx_content_control_contents_are_read():
    """Tables and paragraphs wrapped in a content control (w:sdt) are part of the body."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_paragraph("Before the control")
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["Clause", "Change"], ["Scope", "Rewrite it"]]):
        for c, txt in enumerate(row):
            t.cell(r, c).text = txt
    p = d.add_paragraph("Inside the control")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    sdt.append(content)
    t._tbl.addprevious(sdt)
    content.append(t._tbl)
    content.append(p._p)
    d.add_paragraph("After the control")
    buf = io.BytesIO()
    d.save(buf)
    md = render(parse(buf.getvalue(), tier="cost_effective"), "markdown_full")
    assert "| Scope | Rewrite it |" in md
    assert md.index("Before") < md.index("Clause") < md.index("Inside the control") < md.index(
        "After")
