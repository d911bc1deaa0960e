"""The classic Python client (``llama-cloud-services==0.6.94``, ``LlamaParse``) against a real
``sheaf serve``, with nothing but ``LLAMA_CLOUD_BASE_URL`` and ``LLAMA_CLOUD_API_KEY`` set.

All scenarios run in one client process (its imports take seconds); each test checks one."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.classic.conftest import HERE, THREE_PAGES, outcome, run_driver

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def py(server, classic_python, classic_docs, tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("classic-py")
    argv = [str(classic_python), str(HERE / "drive_llamaparse.py")]
    return run_driver(argv, server, classic_docs, tmp, cwd=tmp)


def test_load_data_markdown_split_by_page(py):
    texts = outcome(py, "md_split")
    assert len(texts) == 3
    for text, lines in zip(texts, THREE_PAGES, strict=True):
        for line in lines:
            assert line in text
    assert "Bravo" not in texts[0] and "Alpha" not in texts[1]


def test_load_data_text_as_one_document(py):
    [text] = outcome(py, "text_whole")
    assert text.count("\n---\n") == 2  # the default page separator, between three pages
    assert text.index("Alpha") < text.index("Bravo") < text.index("Charlie")


def test_page_separator_and_prefix_with_page_numbers(py):
    got = outcome(py, "framed")
    md = got["raw_markdown"]
    assert md.startswith("[start 1]\n")
    assert "\n[end 1]\n=== next: 2 ===\n[start 2]\n" in md
    assert "\n=== next: 3 ===\n[start 3]\n" in md and md.endswith("[end 3]")
    assert "Charlie page three" in got["raw_text"]


def test_get_json_result_pages_items_and_metadata(py):
    [result] = outcome(py, "json_result")
    [page] = result["pages"]
    assert page["page"] == 1 and "Price List" in page["text"]
    assert "| Apple | 3 | 1.20 |" in page["md"]
    heading = next(it for it in page["items"] if it["type"] == "heading")
    assert heading["value"] == "Price List" and heading["lvl"] >= 1
    table = next(it for it in page["items"] if it["type"] == "table")
    assert table["rows"][0] == ["Name", "Qty", "Price"] and table["rows"][3][0] == "Plum"
    assert set(table["bBox"]) == {"x", "y", "w", "h"}
    meta = result["job_metadata"]
    assert meta["job_pages"] == 1 and meta["credits_used"] == 3.0  # cost_effective, 1 page
    assert result["job_id"].startswith("pjb-")


def test_parse_returns_job_result(py):
    got = outcome(py, "parse_job")
    assert got["job_id"].startswith("pjb-") and got["file_name"].endswith("three.pdf")
    assert got["pages"] == [1, 2, 3] and got["job_pages"] == 3 and got["json_pages"] == 3
    assert [m["page_number"] for m in got["md_meta"]] == [1, 2, 3]
    assert "Bravo page two" in got["md_docs"][1]
    [whole] = got["text_docs"]
    assert "Alpha" in whole and "Charlie" in whole
    assert got["raw_text"].count("\n---\n") == 2
    assert got["again_pages"] == [1, 2, 3]  # get_result(job_id) reads the finished job again


def test_target_pages_are_zero_based(py):
    pages = outcome(py, "target_pages")
    assert [p["page"] for p in pages] == [1, 3]
    assert "Alpha" in pages[0]["text"] and "Charlie" in pages[1]["text"]


def test_aload_data_many_files_with_workers(py):
    texts = outcome(py, "many")
    assert len(texts) == 4
    for n, text in enumerate(texts):  # in the order given
        assert f"Single page file number {n}" in text


def test_corrupt_file_ignored(py):
    assert outcome(py, "corrupt_ignored") == []


def test_corrupt_file_raises_when_not_ignoring_errors(py):
    got = outcome(py, "corrupt_raised")
    assert got["raised"] == "JobFailedException"
    assert "status: ERROR" in got["message"] and "PARSING_ERROR" in got["message"]


def test_ignore_errors_keeps_the_good_files(py):
    texts = outcome(py, "mixed_ignored")
    assert len(texts) == 1 and "Single page file number 0" in texts[0]


def test_get_images_downloads_pngs(py):
    got = outcome(py, "images")
    images = got["downloaded"]
    assert [(im["name"], im["page"]) for im in images] == [
        ("page_1_image_0.png", 1), ("page_2_image_0.png", 2)
    ]
    for im in images:
        assert Path(im["path"]).read_bytes()[:8] == PNG
    assert bytes.fromhex(got["job_result_image"]) == PNG


def test_get_xlsx_holds_the_tables(py):
    got = outcome(py, "xlsx")
    [path] = got["paths"]
    wb = openpyxl.load_workbook(path)
    first = wb[wb.sheetnames[0]]
    rows = [[c.value for c in row] for row in first.iter_rows()]
    assert rows[0] == ["Name", "Qty", "Price"] and rows[-1] == ["Plum", "12", "2.05"]
    assert wb.sheetnames[0] == "Page 1 table 1"
    # JobResult.get_xlsx_data reads /api/v1/parsing/.../result/xlsx: the same workbook.
    again = openpyxl.load_workbook(got["job_result_xlsx"])
    assert again.sheetnames == wb.sheetnames
    assert [[c.value for c in r] for r in again[wb.sheetnames[0]].iter_rows()] == rows


def test_partition_pages_stops_at_the_end(py):
    # partition_pages=2 on 4 pages: jobs for 0-1, 2-3, then 4-5, which finds no page
    # (NO_DATA_FOUND_IN_FILE) and ends the loop.
    texts = outcome(py, "partitioned")
    assert len(texts) == 4
    for n, text in enumerate(texts, 1):
        assert f"Section {n} body" in text


def test_fields_mapped_and_unhonoured_ones_warned(py):
    [result] = outcome(py, "options")
    page = result["pages"][0]
    assert "<table>" in page["md"]  # output_tables_as_HTML
    warnings = result["job_metadata"]["warnings"]
    assert any(w.startswith("do_not_unroll_columns:") for w in warnings)
    assert any(w.startswith("extract_charts:") for w in warnings)
    assert any(w.startswith("language=ja:") for w in warnings)
    assert not any(w.startswith("skip_diagonal_text") for w in warnings)  # honoured


def test_classic_files_api(py):
    got = outcome(py, "files")
    assert len(got["id"]) == 36 and got["name"] == "table.pdf"
    assert got["size"] > 0 and got["external_file_id"] == "ext-table"
    assert got["content_matches"] is True
    assert got["after_delete"] == 404
