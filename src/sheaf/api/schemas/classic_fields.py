"""The catalogue of classic LlamaParse upload fields: what each one is, and where it goes.

Read by :mod:`sheaf.api.schemas.classic_options`, which maps a form with these tables. Names
are those the classic clients send (``llama-cloud-services`` 0.6.94 ``LlamaParse._create_job``
and ``@llamaindex/cloud`` ``LlamaParseReader``).
"""

from __future__ import annotations

__all__ = [
    "BOOL_FIELDS", "CLASSIC_LANGUAGES", "CLIENT_FIELDS", "DEFAULT_SEPARATOR", "FAILED_PAGE_MODES",
    "KNOWN_FIELDS", "MAX_VIEW_TEXT", "NOT_HONOURED", "NOT_HONOURED_MAPPED", "PARSE_MODES",
    "PRESETS", "PROMPT_FIELDS", "TERMINAL_EVENTS", "TIERS", "VIEW_TEXT_FIELDS",
]

TIERS = ("fast", "cost_effective", "agentic", "agentic_plus")
# Classic parse modes and presets, by the v2 tier that does the same job.
PARSE_MODES = {
    "parse_page_without_llm": "fast",
    "parse_page_with_llm": "cost_effective",
    "parse_document_with_llm": "cost_effective",
    "parse_page_with_lvm": "agentic",
    "parse_document_with_lvm": "agentic",
    "parse_page_with_agent": "agentic",
    "parse_page_with_layout_agent": "agentic",
    "parse_document_with_agent": "agentic_plus",
}
PRESETS = {
    "fast": "fast", "balanced": "cost_effective", "cost_effective": "cost_effective",
    "agentic": "agentic", "premium": "agentic_plus", "agentic_plus": "agentic_plus",
}
# The classic clients' ParserLanguages enum.
_LANGUAGES = (
    "af az bs cs cy da de en es et fr ga hr hu id is it ku la lt lv mi ms mt nl no oc pi pl pt "
    "ro rs_latin sk sl sq sv sw tl tr uz vi ar fa ug ur bn as mni ru rs_cyrillic be bg uk mn abq "
    "ady kbd ava dar inh che lbe lez tab tjk hi mr ne bh mai ang bho mah sck new gom sa bgc th "
    "ch_sim ch_tra ja ko ta te kn"
)
CLASSIC_LANGUAGES = frozenset(_LANGUAGES.split(" "))
FAILED_PAGE_MODES = ("raw_text", "blank_page", "error_message")
DEFAULT_SEPARATOR = "\n---\n"
TERMINAL_EVENTS = ["parse.success", "parse.error", "parse.cancelled"]  # classic's one callback

# Describe the request, not the parse.
CLIENT_FIELDS = frozenset(
    {"file", "input_url", "input_s3_path", "from_python_package", "organization_id", "project_id"}
)
# Joined into agentic_options.custom_prompt.
PROMPT_FIELDS = (
    "parsing_instruction", "formatting_instruction", "complemental_formatting_instruction",
    "content_guideline_instruction", "system_prompt", "system_prompt_append", "user_prompt",
)
# The classic view: applied when the classic routes render the stored per-page results.
VIEW_TEXT_FIELDS = (
    "page_separator", "page_prefix", "page_suffix", "page_header_prefix", "page_header_suffix",
    "page_footer_prefix", "page_footer_suffix", "replace_failed_page_with_error_message_prefix",
    "replace_failed_page_with_error_message_suffix",
)
MAX_VIEW_TEXT = 1000
# Booleans Sheaf honours (in the v2 request or the view).
HONOURED_FLAGS = frozenset({
    "annotate_links", "compact_markdown_table", "continuous_mode", "disable_image_extraction",
    "do_not_cache", "extract_printed_page_number", "fast_mode", "gpt4o_mode", "hide_footers",
    "hide_headers", "invalidate_cache", "merge_tables_across_pages_in_markdown",
    "output_tables_as_HTML", "premium_mode", "remove_hidden_text", "save_images",
    "skip_diagonal_text", "spreadsheet_extract_sub_tables", "take_screenshot",
    "use_vendor_multimodal_model",
})
# Booleans with a v2 option the engine does not implement yet: mapped there, and warned.
NOT_HONOURED_MAPPED = {
    "do_not_unroll_columns": ("output_options", "spatial_text", "do_not_unroll_columns"),
    "preserve_layout_alignment_across_pages":
        ("output_options", "spatial_text", "preserve_layout_alignment_across_pages"),
    "preserve_very_small_text": ("output_options", "spatial_text", "preserve_very_small_text"),
    "disable_ocr": ("processing_options", "ignore", "ignore_text_in_image"),
    "html_make_all_elements_visible": ("input_options", "html", "make_all_elements_visible"),
    "html_remove_fixed_elements": ("input_options", "html", "remove_fixed_elements"),
    "html_remove_navigation_elements": ("input_options", "html", "remove_navigation_elements"),
    "spreadsheet_force_formula_computation":
        ("input_options", "spreadsheet", "force_formula_computation_in_sheets"),
    "presentation_out_of_bounds_content":
        ("input_options", "presentation", "out_of_bounds_content"),
    "guess_xlsx_sheet_name": ("output_options", "tables_as_spreadsheet", "guess_sheet_name"),
    "output_pdf_of_document": ("output_options", "save_output_pdf"),
    "aggressive_table_extraction": ("processing_options", "aggressive_table_extraction"),
    "strict_mode_buggy_font":
        ("processing_control", "job_failure_conditions", "fail_on_buggy_font"),
    "strict_mode_image_extraction":
        ("processing_control", "job_failure_conditions", "fail_on_image_extraction_error"),
    "strict_mode_image_ocr":
        ("processing_control", "job_failure_conditions", "fail_on_image_ocr_error"),
    "strict_mode_reconstruction":
        ("processing_control", "job_failure_conditions", "fail_on_markdown_reconstruction_error"),
}
# Booleans with no Sheaf equivalent: warned when true.
UNSUPPORTED_FLAGS = frozenset({
    "adaptive_long_table", "auto_mode", "auto_mode_trigger_on_image_in_page",
    "auto_mode_trigger_on_table_in_page", "disable_reconstruction", "extract_charts",
    "extract_layout", "high_res_ocr", "ignore_document_elements_for_layout_detection",
    "inline_images_in_markdown", "is_formatting_instruction",
    "keep_page_separator_when_merging_tables", "line_level_bounding_box",
    "outlined_table_extraction", "precise_bounding_box", "specialized_chart_parsing_agentic",
    "specialized_chart_parsing_efficient", "specialized_chart_parsing_plus",
    "specialized_image_parsing", "structured_output",
})
# Other fields with no Sheaf equivalent: warned when given.
UNSUPPORTED_VALUES = frozenset({
    "auto_mode_configuration_json", "auto_mode_trigger_on_regexp_in_page",
    "auto_mode_trigger_on_text_in_page", "azure_openai_api_version",
    "azure_openai_deployment_name", "azure_openai_endpoint", "azure_openai_key",
    "gpt4o_api_key", "input_s3_region",
    "output_s3_path_prefix", "output_s3_region", "structured_output_json_schema",
    "structured_output_json_schema_name", "vendor_multimodal_api_key",
})
NOT_HONOURED = UNSUPPORTED_FLAGS | UNSUPPORTED_VALUES
BOOL_FIELDS = HONOURED_FLAGS | frozenset(NOT_HONOURED_MAPPED) | UNSUPPORTED_FLAGS
# Valued fields Sheaf honours.
VALUE_FIELDS = frozenset({
    "tier", "version", "preset", "parse_mode", "model", "vendor_multimodal_model_name",
    "target_pages", "max_pages", "bbox_top", "bbox_bottom", "bbox_left", "bbox_right",
    "bounding_box", "language", "markdown_table_multiline_header_separator",
    "job_timeout_in_seconds", "job_timeout_extra_time_per_page_in_seconds",
    "page_error_tolerance", "webhook_url", "http_proxy", "replace_failed_page_mode",
})
KNOWN_FIELDS = (
    CLIENT_FIELDS | BOOL_FIELDS | NOT_HONOURED | VALUE_FIELDS
    | frozenset(VIEW_TEXT_FIELDS) | frozenset(PROMPT_FIELDS)
)
