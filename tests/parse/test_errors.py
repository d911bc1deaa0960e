"""Whole-document failures raise ParseError with a clear message, quickly."""

from __future__ import annotations

import io
import zipfile

import pytest

from sheaf.parse import ParseError, parse

from .builders import simple_pdf


def _err(data, **kw) -> str:
    with pytest.raises(ParseError) as ei:
        parse(data, **kw)
    return str(ei.value)


def test_zero_bytes():
    assert "empty" in _err(b"")


def test_corrupt_pdf():
    assert "corrupt" in _err(b"%PDF-1.7\n" + b"\x00garbage" * 50, tier="cost_effective")


def test_truncated_pdf():
    pdf = simple_pdf([["some text on the page"]])
    msg = _err(pdf[: len(pdf) // 3], tier="cost_effective")
    assert "corrupt" in msg or "truncated" in msg


def test_encrypted_pdf():
    pdf = simple_pdf([["secret text"]], encrypt="hunter2")
    assert _err(pdf) == "PDF is encrypted and no password was given"
    doc = parse(pdf, tier="cost_effective", options={"password": "hunter2"})
    assert "secret text" in doc.pages[0].items[0].text


def test_unsupported_zip():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hi")
    assert _err(buf.getvalue()) == "unsupported file type: application/zip (detected from content)"


def test_unsupported_binary():
    msg = _err(bytes(range(256)) * 10, filename="x.pdf")
    assert msg.startswith("unsupported file type: application/octet-stream")


def test_extension_does_not_override_content():
    assert "gzip" in _err(b"\x1f\x8b\x08\x00" + b"\x00" * 20, filename="report.pdf")


def test_too_many_pages():
    pdf = simple_pdf([["a"], ["b"], ["c"]])
    assert "too many pages" in _err(pdf, options={"max_page_count": 2})


def test_bad_page_ranges():
    pdf = simple_pdf([["a"], ["b"]])
    assert "twice" in _err(pdf, options={"page_ranges": {"target_pages": "1,1"}})
    assert "no existing page" in _err(pdf, options={"page_ranges": {"target_pages": "9"}})


def test_unknown_tier():
    assert "unknown tier" in _err(simple_pdf([["a"]]), tier="turbo")


def test_unbundled_ocr_language():
    msg = _err(simple_pdf([["a"]]), tier="cost_effective",
               options={"processing_options": {"ocr_parameters": {"languages": ["ar"]}}})
    assert "not bundled" in msg and "ar" in msg


def test_image_pixel_bomb():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buf, format="PNG")  # 400 MP, tiny file
    assert "too large" in _err(buf.getvalue(), tier="cost_effective")


def test_corrupt_image():
    assert "corrupt" in _err(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)


def test_corrupt_docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    assert "DOCX" in _err(buf.getvalue())


def test_legacy_without_libreoffice(monkeypatch):
    from sheaf.parse.readers import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode(
        "utf-16-le") + b"\x00" * 200
    msg = _err(ole, filename="old.doc")
    assert "LibreOffice" in msg and ".doc" in msg


def test_missing_path():
    assert "not found" in _err("/nonexistent/file.pdf")
