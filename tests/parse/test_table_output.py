"""output_options.markdown (tables, annotate_links) and merged cells, end to end through
real PDFs made here, rendered to the contract's shapes and checked with the official SDK's
TableItem model."""

from __future__ import annotations

import io

import pytest
from llama_cloud.types.table_item import TableItem
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from sheaf.parse import parse
from sheaf.parse.document import Document, Item, Page
from sheaf.parse.errors import ParseError
from sheaf.parse.render import render

_GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.8, colors.black)])


def _long_table_pdf(rows: int = 70) -> bytes:
    """One ruled table long enough to continue on a second page, header repeated there."""
    buf = io.BytesIO()
    data = [["Item", "Quantity", "Price"]] + [
        [f"part {i}", str(i), f"{i * 3}.00"] for i in range(1, rows + 1)
    ]
    SimpleDocTemplate(buf, pagesize=letter).build([Table(data, repeatRows=1, style=_GRID)])
    return buf.getvalue()


def _tables(doc: Document) -> list[tuple[int, dict]]:
    return [
        (p["page_number"], it)
        for p in render(doc, "items")["pages"]
        for it in p["items"]
        if it["type"] == "table"
    ]


def test_continued_table_is_merged_onto_its_first_page():
    pdf = _long_table_pdf()
    plain = _tables(parse(pdf, tier="cost_effective"))
    assert [pg for pg, _ in plain] == [1, 2, 3]  # one table per page without the option
    doc = parse(
        pdf,
        tier="cost_effective",
        options={"output_options": {"markdown": {"tables": {"merge_continued_tables": True}}}},
    )
    (p1, head), *rest = _tables(doc)
    for _, it in [(p1, head), *rest]:
        TableItem.model_validate(it)
    assert p1 == 1 and [pg for pg, _ in rest] == [2, 3]
    assert head["merged_from_pages"] == [1, 2, 3] and "merged_into_page" not in head
    for _, cont in rest:
        assert cont["merged_into_page"] == 1 and cont["rows"] == [] and cont["md"] == ""
    rows = head["rows"]
    assert rows[0] == ["Item", "Quantity", "Price"]
    assert [r[0] for r in rows[1:]] == [f"part {i}" for i in range(1, 71)]  # header once
    assert rows[-1] == ["part 70", "70", "210.00"]
    md = render(doc, "markdown")["pages"]
    assert "part 70" in md[0]["markdown"] and "part 70" not in md[2]["markdown"]


def test_tables_follow_the_next_text_do_not_merge():
    doc = Document(
        pages=[
            Page(
                1,
                612,
                792,
                items=[
                    Item("table", rows=[["a", "b"], ["1", "2"]]),
                    Item("text", text="After the table."),
                ],
            ),
            Page(2, 612, 792, items=[Item("table", rows=[["a", "b"], ["3", "4"]])]),
        ]
    )
    from sheaf.parse.continued_tables import merge_continued_tables

    merge_continued_tables(doc)
    assert doc.pages[0].items[0].rows == [["a", "b"], ["1", "2"]]
    assert doc.pages[1].items[0].rows == [["a", "b"], ["3", "4"]]
    assert doc.pages[1].items[0].merged_into_page is None


def _spanned_doc(**tables) -> Document:
    it = Item(
        "table",
        rows=[["Region", "2023", ""], ["", "H1", "H2"], ["North", "1", "2"]],
        header_rows=2,
        spans=[(0, 0, 2, 1), (0, 1, 1, 2)],
    )
    d = Document(pages=[Page(1, 612, 792, items=[it])])
    from sheaf.parse.render.md import TableStyle as Style

    d.render_options = {"tables": Style.from_options(tables)}
    return d


def test_merged_cells_render_as_html_spans():
    d = _spanned_doc()
    ((_, item),) = _tables(d)
    TableItem.model_validate(item)
    assert item["html"] == (
        '<table><tr><th rowspan="2">Region</th><th colspan="2">2023</th>'
        "</tr><tr><th>H1</th><th>H2</th></tr><tr><td>North</td><td>1</td>"
        "<td>2</td></tr></table>"
    )
    # a pipe table cannot express merged cells, so markdown carries the HTML by default
    assert item["md"] == item["html"]
    assert render(d, "markdown")["pages"][0]["markdown"] == item["html"]


def test_output_tables_as_markdown_flattens_spans():
    d = _spanned_doc(output_tables_as_markdown=True)
    md = render(d, "markdown")["pages"][0]["markdown"]
    assert md.splitlines()[0] == "| Region | 2023 |  |"
    assert render(
        _spanned_doc(output_tables_as_markdown=False, compact_markdown_tables=True), "markdown"
    )["pages"][0]["markdown"].startswith("<table>")


def test_compact_tables_and_multiline_separator():
    it = Item("table", rows=[["Name", "Notes"], ["A", "first line\nsecond line"]])
    d = Document(pages=[Page(1, 612, 792, items=[it])])
    from sheaf.parse.render.md import TableStyle as Style

    d.render_options = {
        "tables": Style.from_options(
            {"compact_markdown_tables": True, "markdown_table_multiline_separator": "<br>"}
        )
    }
    md = render(d, "markdown")["pages"][0]["markdown"]
    assert md == "|Name|Notes|\n|---|---|\n|A|first line<br>second line|"
    d.render_options = {}
    assert render(d, "markdown")["pages"][0]["markdown"].endswith("| A | first line second line |")


@pytest.mark.parametrize(
    "tables, message",
    [
        ({"compact_markdown_tables": "yes"}, "compact_markdown_tables must be true or false"),
        ({"markdown_table_multiline_separator": 3}, "must be a string"),
    ],
)
def test_bad_table_options_are_clear_errors(tables, message):
    with pytest.raises(ParseError, match=message):
        parse(
            b"hello",
            tier="fast",
            filename="a.txt",
            options={"output_options": {"markdown": {"tables": tables}}},
        )


def test_annotate_links_marks_the_linked_words():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Read the full report on our website before the meeting.")
    x0 = 72 + c.stringWidth("Read the full report on our ", "Helvetica", 12)
    x1 = x0 + c.stringWidth("website", "Helvetica", 12)
    c.linkURL("https://example.org/report", (x0, 697, x1, 712), relative=0)
    c.save()
    opts = {"output_options": {"markdown": {"annotate_links": True}}}
    md = render(parse(buf.getvalue(), tier="cost_effective", options=opts), "markdown")
    assert (
        "Read the full report on our [website](https://example.org/report) before the meeting."
    ) in md["pages"][0]["markdown"]
    plain = render(parse(buf.getvalue(), tier="cost_effective"), "markdown")
    assert "](https://" not in plain["pages"][0]["markdown"]
