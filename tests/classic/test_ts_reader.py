"""npm ``@llamaindex/cloud``'s ``LlamaParseReader`` (the ``/api/v1/parsing`` routes) against a
real ``sheaf serve``: a PDF and a DOCX, JSON pages, images, and a corrupt file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.classic.conftest import THREE_PAGES, TS_DIR, outcome, run_driver

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def ts(server, node, classic_docs, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("classic-ts")
    docs = {"pdf": classic_docs["three"], "docx": classic_docs["memo"],
            "images": classic_docs["images"], "bad": classic_docs["bad"], "out": str(tmp)}
    return run_driver([node, str(TS_DIR / "drive.mjs")], server, docs, tmp, cwd=TS_DIR)


def test_reader_loads_a_pdf_as_markdown_pages(ts):
    texts = outcome(ts, "pdf_markdown")
    assert len(texts) == 3  # split on the default "\n---\n"
    for text, lines in zip(texts, THREE_PAGES, strict=True):
        assert lines[0] in text


def test_reader_loads_a_docx_as_text(ts):
    [text] = outcome(ts, "docx_text")
    assert "Quarterly memo" in text
    assert "Revenue grew in every region." in text and "Costs stayed flat." in text


def test_reader_json_with_target_pages(ts):
    pages = outcome(ts, "pdf_json")["pages"]
    assert [p["page"] for p in pages] == [2] and "Bravo page two" in pages[0]["md"]
    assert pages[0]["items"] >= 1


def test_reader_downloads_images(ts):
    images = outcome(ts, "images")
    assert [im["name"] for im in images] == ["page_1_image_0.png", "page_2_image_0.png"]
    for im in images:
        assert Path(im["path"]).read_bytes()[:8] == PNG


def test_reader_reports_a_corrupt_file(ts):
    raised = outcome(ts, "corrupt")["raised"]
    assert raised is not None and "status: ERROR" in raised
