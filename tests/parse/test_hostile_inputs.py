"""Hostile inputs: zip bombs in Office files are refused before inflating; deeply nested
HTML keeps its text and says what was lost."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pptx
import pytest

from sheaf.parse.errors import ParseError
from sheaf.parse.pipeline import parse


def _docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("Quarterly numbers")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _xlsx() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["region", "sales"])
    wb.active.append(["north", 12])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _pptx() -> bytes:
    p = pptx.Presentation()
    slide = p.slides.add_slide(p.slide_layouts[1])
    slide.shapes.title.text = "Quarterly numbers"
    out = io.BytesIO()
    p.save(out)
    return out.getvalue()


def _with_bomb(data: bytes, member: str, megabytes: int = 100) -> bytes:
    """The same file plus one member that inflates to ``megabytes`` of zeros."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as fh:
        chunk = b"\0" * (1 << 20)
        for _ in range(megabytes):
            fh.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "ext", "member"),
    [
        (_docx, "docx", "word/media/bomb.xml"),
        (_xlsx, "xlsx", "xl/media/bomb.xml"),
        (_pptx, "pptx", "ppt/media/bomb.xml"),
    ],
)
def test_office_zip_bomb_refused_before_inflating(make, ext, member):
    plain = make()
    assert parse(plain, filename=f"ok.{ext}").pages  # the same file without the bomb parses
    bomb = _with_bomb(plain, member)
    assert len(bomb) < 2 << 20  # small on disk, 100 MB declared
    for tier in ("fast", "cost_effective", "agentic"):
        with pytest.raises(ParseError, match="zip bomb") as err:
            parse(bomb, filename=f"bomb.{ext}", tier=tier)
        assert ext.upper() in err.value.message


def test_deeply_nested_html_keeps_its_text_and_says_why():
    depth = 5000
    html = "<html><body>" + "<div>" * depth + "deep words" + "</div>" * depth + "<p>after</p>"
    doc = parse(html.encode(), filename="deep.html")
    texts = [item.text for page in doc.pages for item in page.items]
    assert "deep words" in texts and "after" in texts
    assert any("nested deeper than" in w for w in doc.warnings), doc.warnings
    shallow = parse(b"<html><body><div><p>fine</p></div></body></html>", filename="ok.html")
    assert shallow.warnings == []
