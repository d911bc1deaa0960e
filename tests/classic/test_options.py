"""Classic form fields -> v2 request, view options and warnings (no server needed)."""

from __future__ import annotations

import re

import pytest

from sheaf.api.schemas.classic_fields import KNOWN_FIELDS
from sheaf.api.schemas.classic_options import classic_request, classic_target_pages
from sheaf.errors import InvalidInput
from tests.classic.conftest import TS_DIR


def form(**fields: str | list[str]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in fields.items()}


@pytest.mark.parametrize(
    ("classic", "v2"),
    [("0", "1"), ("0,2-4", "1,3-5"), (" 3 , 7-7 ", "4,8-8"), ("10-12,1", "11-13,2")],
)
def test_target_pages_shift_to_one_based(classic, v2):
    assert classic_target_pages(classic) == v2


@pytest.mark.parametrize("bad", ["", "-1", "a", "2-1", "1-", ","])
def test_bad_target_pages(bad):
    with pytest.raises(InvalidInput, match="target_pages"):
        classic_target_pages(bad)


def test_mapped_fields_land_in_v2_options():
    req = classic_request(form(
        target_pages="0-1", max_pages="5", language=["en", "fr,de"], skip_diagonal_text="true",
        remove_hidden_text="True", annotate_links="1", output_tables_as_HTML="true",
        compact_markdown_table="true", merge_tables_across_pages_in_markdown="true",
        markdown_table_multiline_header_separator="<br>", extract_printed_page_number="false",
        bbox_top="0.1", bbox_left="0.05", job_timeout_in_seconds="90",
        job_timeout_extra_time_per_page_in_seconds="2.5",
        page_error_tolerance="0.2", invalidate_cache="true", take_screenshot="true",
        webhook_url="https://example.com/hook", premium_mode="true",
        system_prompt="Keep tables",
    ))
    b = req.body
    assert b["tier"] == "agentic_plus" and b["version"] == "latest"
    assert b["page_ranges"] == {"target_pages": "1-2", "max_pages": 5}
    assert b["processing_options"] == {
        "ocr_parameters": {"languages": ["en", "fr", "de"]},
        "ignore": {"ignore_diagonal_text": True, "ignore_hidden_text": True},
    }
    md = b["output_options"]["markdown"]
    assert md["annotate_links"] is True
    assert md["tables"] == {
        "output_tables_as_markdown": False,
        "compact_markdown_tables": True,
        "merge_continued_tables": True,
        "markdown_table_multiline_separator": "<br>",
    }
    assert b["output_options"]["extract_printed_page_number"] is False
    assert b["output_options"]["images_to_save"] == ["embedded", "screenshot"]
    assert b["crop_box"] == {"top": 0.1, "left": 0.05}
    assert b["processing_control"] == {
        "timeouts": {"base_in_seconds": 90.0, "extra_time_per_page_in_seconds": 2.5},
        "job_failure_conditions": {"allowed_page_failure_ratio": 0.2},
    }
    assert b["disable_cache"] is True
    assert b["webhook_configurations"][0]["webhook_url"] == "https://example.com/hook"
    assert b["agentic_options"] == {"custom_prompt": "Keep tables"}
    assert req.warnings == []


def test_view_options_and_defaults():
    plain = classic_request({})
    assert plain.body == {
        "tier": "cost_effective",
        "version": "latest",
        "output_options": {"images_to_save": ["embedded"]},
    }
    assert plain.view["page_separator"] == "\n---\n" and plain.warnings == []
    req = classic_request(form(
        page_separator="\n<{pageNumber}>\n", page_prefix="P{pageNumber}:", hide_footers="true",
        save_images="false", replace_failed_page_mode="error_message",
    ))
    assert req.view["page_separator"] == "\n<{pageNumber}>\n"
    assert req.view["page_prefix"] == "P{pageNumber}:" and req.view["hide_footers"] is True
    assert req.view["replace_failed_page_mode"] == "error_message"
    assert req.body["output_options"]["images_to_save"] == []


def test_false_flags_ask_for_nothing():
    req = classic_request(form(
        do_not_unroll_columns="false", gpt4o_mode="false", line_level_bounding_box="false",
        use_vendor_multimodal_model="false", output_tables_as_HTML="false",
        from_python_package="true",
    ))
    assert req.warnings == [] and req.body["tier"] == "cost_effective"
    assert "markdown" not in req.body["output_options"]


def test_unhonoured_fields_are_warned_and_still_mapped():
    req = classic_request(form(
        do_not_unroll_columns="true", disable_ocr="true", structured_output="true",
        output_s3_path_prefix="s3://out/", language="ja", gpt4o_mode="true", something="x",
    ))
    names = [w.split(":", 1)[0] for w in req.warnings]
    assert "do_not_unroll_columns" in names and "disable_ocr" in names
    assert "structured_output" in names and "output_s3_path_prefix" in names
    assert "language=ja" in names and "something" in names
    assert any("vision model configured on this server" in w for w in req.warnings)
    assert req.body["tier"] == "agentic"
    assert req.body["output_options"]["spatial_text"] == {"do_not_unroll_columns": True}
    assert "ocr_parameters" not in req.body.get("processing_options", {})


def _python_client_fields(venv_python) -> set[str]:
    site = next((venv_python.parent.parent / "lib").glob("python3*/site-packages"))
    source = (site / "llama_cloud_services" / "parse" / "base.py").read_text()
    create_job = source.split("async def _create_job", 1)[1].split("\n    async def ", 1)[0]
    return set(re.findall(r'data\[\s*"(\w+)"\s*\]', create_job))


def _ts_reader_fields() -> set[str]:
    source = (TS_DIR / "node_modules/@llamaindex/cloud/reader/dist/index.js").read_text()
    body = source.split("const body = {", 1)[1].split("};", 1)[0]
    return set(re.findall(r"^\s*(\w+)(?::|,)", body, flags=re.M))


def test_every_field_the_python_client_sends_is_catalogued(classic_python):
    fields = _python_client_fields(classic_python)
    assert len(fields) > 90  # the whole form, not a parsing accident
    assert fields - KNOWN_FIELDS == set()


def test_every_field_the_ts_reader_sends_is_catalogued(node):
    fields = _ts_reader_fields()
    assert len(fields) > 80 and "file" in fields and "page_separator" in fields
    assert fields - KNOWN_FIELDS == set()
