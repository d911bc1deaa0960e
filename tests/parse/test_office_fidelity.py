"""Fidelity of the PPTX and XLSX readers: lists as PowerPoint marks them, reading order of
shapes, merged cells as spans, charts as data tables, sheets split into their tables,
numbers as displayed."""

from __future__ import annotations

import io

import pytest

from sheaf.parse import parse
from sheaf.parse.readers._util import format_number
from sheaf.parse.render import render

pptx = pytest.importorskip("pptx")
openpyxl = pytest.importorskip("openpyxl")

from pptx.chart.data import CategoryChartData  # noqa: E402
from pptx.enum.chart import XL_CHART_TYPE  # noqa: E402
from pptx.oxml.ns import qn  # noqa: E402
from pptx.util import Emu, Inches  # noqa: E402


def _pptx_bytes(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _xlsx_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _set_bullet(para, tag: str, **attrs) -> None:
    pPr = para._p.get_or_add_pPr()
    el = pPr.makeelement(qn(f"a:{tag}"), attrs)
    pPr.append(el)


# ----------------------------------------------------------------------------- pptx
def test_body_placeholder_bullets_follow_the_master_unless_turned_off():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # title and content
    slide.shapes.title.text = "Agenda"
    tf = slide.placeholders[1].text_frame
    tf.text = "An introduction, not a bullet"
    _set_bullet(tf.paragraphs[0], "buNone")
    for t in ("First point", "Second point"):
        tf.add_paragraph().text = t
    items = parse(_pptx_bytes(prs)).pages[0].items
    assert [it.type for it in items] == ["heading", "text", "list"]
    assert items[1].text == "An introduction, not a bullet"
    assert not items[2].ordered
    assert [c.text for c in items[2].children] == ["First point", "Second point"]


def test_text_box_lists_bullet_and_numbered():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    tf = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(3)).text_frame
    tf.text = "Steps:"
    for t in ("Open", "Close"):
        p = tf.add_paragraph()
        p.text = t
        _set_bullet(p, "buAutoNum", type="arabicPeriod")
    p = tf.add_paragraph()
    p.text = "Loose bullet"
    _set_bullet(p, "buChar", char="•")
    p = tf.add_paragraph()
    p.text = "Plain closing line"  # a text box has no bullets by default
    items = parse(_pptx_bytes(prs)).pages[0].items
    assert [it.type for it in items] == ["text", "list", "list", "text"]
    assert items[1].ordered and [c.text for c in items[1].children] == ["Open", "Close"]
    assert not items[2].ordered and items[2].children[0].text == "Loose bullet"
    md = render(parse(_pptx_bytes(prs)), "markdown_full")
    assert "1. Open\n2. Close" in md


def test_shapes_with_level_tops_read_left_to_right():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    # added right to left, the right box a hair higher: still one row, read left to right
    for i, name in enumerate(["right", "middle", "left"]):
        top = Inches(2) + Emu(20000 * (3 - i))
        box = slide.shapes.add_textbox(Inches(7 - 3 * i), top, Inches(2), Inches(1))
        box.text_frame.text = name
    below = slide.shapes.add_textbox(Inches(5), Inches(5), Inches(2), Inches(1))
    below.text_frame.text = "below"
    above = slide.shapes.add_textbox(Inches(5), Inches(1.2), Inches(2), Inches(3))
    above.text_frame.text = "tall box starting higher"
    texts = [it.text for it in parse(_pptx_bytes(prs)).pages[0].items]
    assert texts == ["tall box starting higher", "left", "middle", "right", "below"]


def test_slide_table_merged_cells_are_spans():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    tbl = slide.shapes.add_table(3, 3, Inches(1), Inches(1), Inches(6), Inches(2)).table
    tbl.cell(0, 0).text = "Region"
    tbl.cell(0, 1).text = "Sales"
    tbl.cell(0, 1).merge(tbl.cell(0, 2))
    tbl.cell(1, 0).text = "North"
    tbl.cell(1, 0).merge(tbl.cell(2, 0))
    for r in (1, 2):
        tbl.cell(r, 1).text, tbl.cell(r, 2).text = f"Q{r}", str(10 * r)
    t = next(it for it in parse(_pptx_bytes(prs)).pages[0].items if it.type == "table")
    assert t.rows == [["Region", "Sales", ""], ["North", "Q1", "10"], ["", "Q2", "20"]]
    assert sorted(t.spans) == [(0, 1, 1, 2), (1, 0, 2, 1)]
    assert 'colspan="2"' in render(parse(_pptx_bytes(prs)), "markdown_full")


def test_chart_gives_title_and_category_rows():
    prs = pptx.Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData()
    data.categories = ["2021", "2022"]
    data.add_series("Ducks", (120.0, 130.5))
    data.add_series("Geese", (80.0, 95.0))
    gf = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(1), Inches(1), Inches(6), Inches(4), data
    )
    gf.chart.has_title = True
    gf.chart.chart_title.text_frame.text = "Birds by year"
    items = parse(_pptx_bytes(prs)).pages[0].items
    assert items[0].type == "text" and items[0].text == "Birds by year"
    assert items[1].rows == [["", "Ducks", "Geese"], ["2021", "120", "80"], ["2022", "130.5", "95"]]


# ----------------------------------------------------------------------------- xlsx
def test_sheet_names_head_each_sheet_only_when_there_are_several():
    wb = openpyxl.Workbook()
    wb.active.title = "Only"
    wb.active.append(["a", "b"])
    wb.active.append([1, 2])
    doc = parse(_xlsx_bytes(wb))
    assert [it.type for it in doc.pages[0].items] == ["table"]
    wb.create_sheet("Second").append(["c", "d"])
    doc = parse(_xlsx_bytes(wb))
    assert [(it.type, it.text) for it in doc.pages[1].items][0] == ("heading", "Second")
    assert doc.pages[1].items[0].level == 2
    assert "## Only" in render(doc, "markdown_full")


def test_sheet_splits_into_its_tables_and_lone_cells():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B1"] = "Quarterly report"  # a title, an empty row under it
    for r, row in enumerate([["Item", "Qty"], ["Bolt", 3], ["Nut", 5]], start=3):
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    for r, row in enumerate([["Code", "Name"], ["B", "Bolt"]], start=3):
        for c, v in enumerate(row, start=6):  # three empty columns away: another table
            ws.cell(row=r, column=c, value=v)
    ws["A9"] = "Prepared by the office"
    items = parse(_xlsx_bytes(wb)).pages[0].items
    assert [(it.type, it.text) for it in items if it.type == "text"] == [
        ("text", "Quarterly report"),
        ("text", "Prepared by the office"),
    ]
    tables = [it.rows for it in items if it.type == "table"]
    assert tables == [
        [["Item", "Qty"], ["Bolt", "3"], ["Nut", "5"]],
        [["Code", "Name"], ["B", "Bolt"]],
    ]
    assert [it.type for it in items] == ["text", "table", "table", "text"]


def test_form_with_spacer_column_stays_one_table():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Power"
    for r, (n, label, val) in enumerate([(1, "Voltage", "130 kV"), (2, "Phases", 3)], start=2):
        ws.cell(row=r, column=1, value=n)
        ws.cell(row=r, column=3, value=label)  # column B is an empty spacer
        ws.cell(row=r, column=4, value=val)
    items = parse(_xlsx_bytes(wb)).pages[0].items
    assert len(items) == 1
    assert items[0].rows == [["Power", "", ""], ["1", "Voltage", "130 kV"], ["2", "Phases", "3"]]


def test_merged_cells_are_spans_and_a_merged_title_row_is_text():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Reading list"
    ws.merge_cells("A1:C1")
    ws.append(["Genre", "Title", "Year"])
    ws.append(["Fiction", "Hound", 1902])
    ws.append([None, "Time", 1988])
    ws.merge_cells("A3:A4")
    ws["A3"] = "Fiction"
    items = parse(_xlsx_bytes(wb)).pages[0].items
    assert items[0].type == "text" and items[0].text == "Reading list"
    t = items[1]
    assert t.rows == [
        ["Genre", "Title", "Year"],
        ["Fiction", "Hound", "1902"],
        ["", "Time", "1988"],
    ]
    assert t.spans == [(1, 0, 2, 1)]


def test_numbers_show_as_formatted():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Share", "Amount", "Rate", "Count", "Price"])
    ws.append([0.256, 1234567.891, 2.5, 7.0, 12.5])
    for cell, fmt in zip(ws[2], ["0.0%", "#,##0.00", "0", "General", "$#,##0.00"], strict=True):
        cell.number_format = fmt
    t = parse(_xlsx_bytes(wb)).pages[0].items[0]
    assert t.rows[1] == ["25.6%", "1,234,567.89", "3", "7", "$12.50"]
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(1.0, "\\1\\.0#") == "1"  # an unknown format shows as General


def test_sheet_chart_gives_its_title():
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Year", "Ducks"], [2021, 120], [2022, 130]]:
        ws.append(row)
    ch = BarChart()
    ch.title = "Ducks by year"
    ch.add_data(Reference(ws, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    ws.add_chart(ch, "D2")
    items = parse(_xlsx_bytes(wb)).pages[0].items
    assert items[0].rows == [["Year", "Ducks"], ["2021", "120"], ["2022", "130"]]
    assert [it.text for it in items if it.type == "text"] == ["Ducks by year"]
