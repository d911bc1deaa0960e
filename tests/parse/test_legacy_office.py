"""Legacy .doc/.xls through a real LibreOffice (scripts/test installs it from Debian)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from docx import Document as DocxDocument
from openpyxl import Workbook

from sheaf.parse import parse
from sheaf.parse.render import render

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


def _to_legacy(tmp_path, name: str, data: bytes, target: str) -> bytes:
    src = tmp_path / name
    src.write_bytes(data)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            target,
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp_path / f"{src.stem}.{target}").read_bytes()


def test_doc_is_converted_and_read(tmp_path):
    doc = DocxDocument()
    doc.add_heading("Legacy Report", level=1)
    doc.add_paragraph("Written by an old word processor.")
    buf = io.BytesIO()
    doc.save(buf)
    legacy = _to_legacy(tmp_path, "report.docx", buf.getvalue(), "doc")
    assert legacy.startswith(b"\xd0\xcf\x11\xe0")  # OLE container, not OOXML
    result = parse(legacy, tier="cost_effective", filename="report.doc")
    markdown = render(result, "markdown_full")
    assert "# Legacy Report" in markdown and "old word processor" in markdown


def test_xls_is_converted_and_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Ducks"
    ws.append(["Year", "Count"])
    ws.append([2024, 17])
    buf = io.BytesIO()
    wb.save(buf)
    legacy = _to_legacy(tmp_path, "ducks.xlsx", buf.getvalue(), "xls")
    result = parse(legacy, tier="cost_effective", filename="ducks.xls")
    table = next(i for i in result.pages[0].items if i.type == "table")
    assert table.rows[0] == ["Year", "Count"] and table.rows[1][1] in ("17", 17)
