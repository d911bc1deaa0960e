"""DOCX edge cases: text boxes, Strict namespaces, equations, table cells, tracked changes.
Every document is built here with python-docx plus raw WordprocessingML."""

from __future__ import annotations

import io
import zipfile

import pytest

from sheaf.parse import parse
from sheaf.parse.render import render

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')


def _doc(*xml: str, before: str = "Before", after: str = "After") -> bytes:
    d = docx.Document()
    d.add_paragraph(before)
    anchor = d.add_paragraph(after)._p
    for frag in xml:
        anchor.addprevious(parse_xml(frag))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _p(inner: str) -> str:
    return f"<w:p {NS}>{inner}</w:p>"


def _md(data: bytes) -> str:
    return render(parse(data, tier="cost_effective"), "markdown_full")


def _txbx(text: str) -> str:
    return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"


def test_drawingml_text_box_read_once_not_from_vml_fallback():
    shape = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
        "<wp:docPr id=\"1\" name=\"Text Box 1\"/><a:graphic><a:graphicData "
        "uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"><wps:wsp>"
        f"<wps:txbx>{_txbx('Boxed words')}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{_txbx('Boxed words')}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")
    md = _md(_doc(_p("<w:r><w:t>Anchor line</w:t></w:r>" + shape)))
    assert md.count("Boxed words") == 1
    assert md.index("Before") < md.index("Anchor line") < md.index("Boxed words") < md.index(
        "After")
    assert "![" not in md  # the text box shape is not a picture


def test_vml_text_box_is_read():
    md = _md(_doc(_p(f"<w:r><w:pict><v:shape><v:textbox>{_txbx('Legacy box text')}"
                     "</v:textbox></v:shape></w:pict></w:r>")))
    assert "Legacy box text" in md


def _strict(data: bytes) -> bytes:
    pairs = [(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
              b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
             (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              b"http://purl.oclc.org/ooxml/officeDocument/relationships")]
    zin, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            for a, b in pairs:
                body = body.replace(a, b)
            zout.writestr(info, body)
    return out.getvalue()


def test_strict_ooxml_namespaces_are_read():
    d = docx.Document()
    d.add_heading("Strict Title", level=1)
    d.add_paragraph("Strict body text.")
    buf = io.BytesIO()
    d.save(buf)
    strict = _strict(buf.getvalue())
    with pytest.raises(KeyError):  # python-docx alone finds no main document part
        docx.Document(io.BytesIO(strict))
    md = _md(strict)
    assert "# Strict Title" in md and "Strict body text." in md


def _r(t: str) -> str:
    return f"<m:r><m:t>{t}</m:t></m:r>"


def test_equations_become_latex():
    inline = ("<w:r><w:t xml:space=\"preserve\">Area is </w:t></w:r><m:oMath>" + _r("A=π") +
              f"<m:sSup><m:e>{_r('r')}</m:e><m:sup>{_r('2')}</m:sup></m:sSup></m:oMath>"
              "<w:r><w:t xml:space=\"preserve\"> here.</w:t></w:r>")
    display = ("<m:oMathPara><m:oMath><m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr>"
               f"<m:sub>{_r('n=1')}</m:sub><m:sup>{_r('∞')}</m:sup><m:e><m:f><m:num>{_r('1')}"
               f"</m:num><m:den><m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/>"
               f"<m:e>{_r('n')}</m:e></m:rad></m:den></m:f></m:e></m:nary></m:oMath>"
               "</m:oMathPara>")
    md = _md(_doc(_p(inline), _p(display)))
    assert "Area is $A= \\pi r^{2}$ here." in md
    assert "$$\\sum_{n=1}^{\\infty}\\frac{1}{\\sqrt{n}}$$" in md


def _tc(inner: str, pr: str = "") -> str:
    return f"<w:tc>{pr}{inner}</w:tc>"


def _tcp(text: str, pr: str = "") -> str:
    return _tc(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>", pr)


def test_one_cell_table_is_unwrapped_and_nested_table_read():
    inner = ("<w:tbl><w:tr>" + _tcp("Tab1") + _tcp("Tab2") + "</w:tr><w:tr>" + _tcp("A") +
             _tcp("B") + "</w:tr></w:tbl><w:p/>")
    frame = f"<w:tbl {NS}><w:tr>" + _tc(inner) + "</w:tr></w:tbl>"
    doc = parse(_doc(frame), tier="cost_effective")
    tables = [it for it in doc.pages[0].items if it.type == "table"]
    assert [t.rows for t in tables] == [[["Tab1", "Tab2"], ["A", "B"]]]


def test_table_cells_spans_equations_nested_and_late_rows():
    span = "<w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>"
    nested = "<w:tbl><w:tr>" + _tcp("inner x") + _tcp("inner y") + "</w:tr></w:tbl><w:p/>"
    eq = "<w:p><m:oMath>" + _r("E=m") + "</m:oMath></w:p>"
    tbl = (f"<w:tbl {NS}><w:tr>" + _tcp("H1") + _tcp("H2") + _tcp("H3") + "</w:tr>"
           "<w:tr>" + _tcp("Wide", span) + _tc(eq) + "</w:tr>"
           "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>" + _tcp("late") + _tc(nested) +
           "</w:tr></w:tbl>")
    doc = parse(_doc(tbl), tier="cost_effective")
    rows = next(it.rows for it in doc.pages[0].items if it.type == "table")
    assert rows == [["H1", "H2", "H3"], ["Wide", "Wide", "$E=m$"], ["", "late", "inner x inner y"]]


def test_tracked_insertions_kept_deletions_dropped_field_codes_hidden():
    xml = _p("<w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r><w:ins><w:r><w:t>inserted"
             "</w:t></w:r></w:ins><w:del><w:r><w:delText>GONE</w:delText></w:r></w:del>"
             "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE"
             "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
             "<w:r><w:t xml:space=\"preserve\"> 7</w:t></w:r>"
             "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
    md = _md(_doc(xml))
    assert "Kept inserted 7" in md and "GONE" not in md and "PAGE" not in md


def test_chart_data_becomes_a_table():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"

    def cache(tag: str, vals: list[str]) -> str:
        pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(vals))
        return f"<c:{tag}><c:strRef><c:strCache>{pts}</c:strCache></c:strRef></c:{tag}>"

    sers = "".join(f"<c:ser>{cache('tx', [name])}{cache('cat', ['North', 'South'])}"
                   f"{cache('val', vals)}</c:ser>"
                   for name, vals in [("Sales", ["4.3", "2.5"]),
                                      ("Costs", ["1", "4.4000000000000004"])])
    chart = (f'<c:chartSpace xmlns:c="{c}" xmlns:a="http://schemas.openxmlformats.org/drawingml/'
             '2006/main"><c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>Regional results</a:t>'
             f"</a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart>{sers}"
             "</c:barChart></c:plotArea></c:chart></c:chartSpace>").encode()
    d = docx.Document()
    d.add_paragraph("Intro")
    part = Part(PackURI("/word/charts/chart1.xml"),
                "application/vnd.openxmlformats-officedocument.drawingml.chart+xml", chart,
                d.part.package)
    rid = d.part.relate_to(part, RT.CHART)
    d.element.body.sectPr.addprevious(parse_xml(_p(
        '<w:r><w:drawing><wp:inline><wp:docPr id="5" name="Chart 1"/><a:graphic><a:graphicData '
        f'uri="{c}"><c:chart xmlns:c="{c}" xmlns:r="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships" r:id="{rid}"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>")))
    buf = io.BytesIO()
    d.save(buf)
    items = parse(buf.getvalue(), tier="cost_effective").pages[0].items
    assert [it.type for it in items] == ["text", "image", "text", "table"]
    assert items[2].text == "Regional results"
    assert items[3].rows == [["", "Sales", "Costs"], ["North", "4.3", "1"], ["South", "2.5", "4.4"]]
