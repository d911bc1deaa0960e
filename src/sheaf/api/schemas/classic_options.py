"""Classic LlamaParse upload form fields -> a v2 parse request, view options and warnings.

The classic clients (``llama-cloud-services`` ``LlamaParse``, npm ``LlamaParseReader``) post one
multipart form per file with ~100 flat fields. Each field lands in exactly one of four places:

- the v2 request body (``tier``, ``page_ranges``, ``crop_box``, ``output_options`` ...), so the
  job is an ordinary v2 parse job;
- the classic *view* (page separator, prefixes, header/footer handling, failed-page text), which
  only changes how the classic routes render the stored per-page results;
- a warning naming the field, when Sheaf accepts it but cannot honour it (never silently);
- a 422 ``{"detail": ...}`` when its value is invalid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheaf.errors import InvalidInput
from sheaf.parse.options import OCR_LANGUAGES

__all__ = ["ClassicRequest", "classic_request", "classic_target_pages"]

# Accepted language codes: the classic clients' ParserLanguages enum.
_LANGUAGE_CODES = (
    "af az bs cs cy da de en es et fr ga hr hu id is it ku la lt lv mi ms mt nl no oc pi pl pt "
    "ro rs_latin sk sl sq sv sw tl tr uz vi ar fa ug ur bn as mni ru rs_cyrillic be bg uk mn abq "
    "ady kbd ava dar inh che lbe lez tab tjk hi mr ne bh mai ang bho mah sck new gom sa bgc th "
    "ch_sim ch_tra ja ko ta te kn"
)
CLASSIC_LANGUAGES = frozenset(_LANGUAGE_CODES.split(" "))
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
    "fast": "fast",
    "balanced": "cost_effective",
    "cost_effective": "cost_effective",
    "agentic": "agentic",
    "premium": "agentic_plus",
    "agentic_plus": "agentic_plus",
}
TIERS = ("fast", "cost_effective", "agentic", "agentic_plus")
FAILED_PAGE_MODES = ("raw_text", "blank_page", "error_message")
DEFAULT_SEPARATOR = "\n---\n"
TERMINAL_EVENTS = ["parse.success", "parse.error", "parse.cancelled"]
PROMPT_FIELDS = (
    "parsing_instruction",
    "formatting_instruction",
    "complemental_formatting_instruction",
    "content_guideline_instruction",
    "system_prompt",
    "system_prompt_append",
    "user_prompt",
)
# Fields that only describe the request, not the parse.
CLIENT_FIELDS = frozenset(
    {"file", "input_url", "input_s3_path", "from_python_package", "organization_id", "project_id"}
)
# Mapped to a v2 option that this server accepts but whose behaviour it does not implement.
NOT_HONOURED_MAPPED = {
    "do_not_unroll_columns": ("output_options", "spatial_text", "do_not_unroll_columns"),
    "preserve_layout_alignment_across_pages": (
        "output_options",
        "spatial_text",
        "preserve_layout_alignment_across_pages",
    ),
    "preserve_very_small_text": ("output_options", "spatial_text", "preserve_very_small_text"),
    "disable_ocr": ("processing_options", "ignore", "ignore_text_in_image"),
    "html_make_all_elements_visible": ("input_options", "html", "make_all_elements_visible"),
    "html_remove_fixed_elements": ("input_options", "html", "remove_fixed_elements"),
    "html_remove_navigation_elements": ("input_options", "html", "remove_navigation_elements"),
    "spreadsheet_force_formula_computation": (
        "input_options",
        "spreadsheet",
        "force_formula_computation_in_sheets",
    ),
    "presentation_out_of_bounds_content": (
        "input_options",
        "presentation",
        "out_of_bounds_content",
    ),
    "guess_xlsx_sheet_name": ("output_options", "tables_as_spreadsheet", "guess_sheet_name"),
    "output_pdf_of_document": ("output_options", "save_output_pdf"),
    "aggressive_table_extraction": ("processing_options", "aggressive_table_extraction"),
    "strict_mode_buggy_font": (
        "processing_control",
        "job_failure_conditions",
        "fail_on_buggy_font",
    ),
    "strict_mode_image_extraction": (
        "processing_control",
        "job_failure_conditions",
        "fail_on_image_extraction_error",
    ),
    "strict_mode_image_ocr": (
        "processing_control",
        "job_failure_conditions",
        "fail_on_image_ocr_error",
    ),
    "strict_mode_reconstruction": (
        "processing_control",
        "job_failure_conditions",
        "fail_on_markdown_reconstruction_error",
    ),
}
# Accepted without any Sheaf equivalent: named in the job's warnings when set.
NOT_HONOURED = frozenset(
    {
        "adaptive_long_table",
        "auto_mode",
        "auto_mode_configuration_json",
        "auto_mode_trigger_on_image_in_page",
        "auto_mode_trigger_on_regexp_in_page",
        "auto_mode_trigger_on_table_in_page",
        "auto_mode_trigger_on_text_in_page",
        "azure_openai_api_version",
        "azure_openai_deployment_name",
        "azure_openai_endpoint",
        "azure_openai_key",
        "disable_reconstruction",
        "extract_charts",
        "extract_layout",
        "gpt4o_api_key",
        "high_res_ocr",
        "ignore_document_elements_for_layout_detection",
        "inline_images_in_markdown",
        "input_s3_region",
        "is_formatting_instruction",
        "keep_page_separator_when_merging_tables",
        "line_level_bounding_box",
        "outlined_table_extraction",
        "output_s3_path_prefix",
        "output_s3_region",
        "precise_bounding_box",
        "specialized_chart_parsing_agentic",
        "specialized_chart_parsing_efficient",
        "specialized_chart_parsing_plus",
        "specialized_image_parsing",
        "structured_output",
        "structured_output_json_schema",
        "structured_output_json_schema_name",
        "vendor_multimodal_api_key",
        "job_timeout_extra_time_per_page_in_seconds",
    }
)
BOOL_FIELDS = frozenset(
    {
        "annotate_links",
        "compact_markdown_table",
        "continuous_mode",
        "disable_image_extraction",
        "do_not_cache",
        "extract_printed_page_number",
        "fast_mode",
        "gpt4o_mode",
        "hide_footers",
        "hide_headers",
        "invalidate_cache",
        "merge_tables_across_pages_in_markdown",
        "output_tables_as_HTML",
        "premium_mode",
        "remove_hidden_text",
        "save_images",
        "skip_diagonal_text",
        "spreadsheet_extract_sub_tables",
        "take_screenshot",
        "use_vendor_multimodal_model",
        *NOT_HONOURED_MAPPED,
        "adaptive_long_table",
        "auto_mode",
        "auto_mode_trigger_on_image_in_page",
        "auto_mode_trigger_on_table_in_page",
        "disable_reconstruction",
        "extract_charts",
        "extract_layout",
        "high_res_ocr",
        "ignore_document_elements_for_layout_detection",
        "inline_images_in_markdown",
        "is_formatting_instruction",
        "keep_page_separator_when_merging_tables",
        "line_level_bounding_box",
        "outlined_table_extraction",
        "precise_bounding_box",
        "specialized_chart_parsing_agentic",
        "specialized_chart_parsing_efficient",
        "specialized_chart_parsing_plus",
        "specialized_image_parsing",
        "structured_output",
    }
)
VIEW_TEXT_FIELDS = (
    "page_separator",
    "page_prefix",
    "page_suffix",
    "page_header_prefix",
    "page_header_suffix",
    "page_footer_prefix",
    "page_footer_suffix",
    "replace_failed_page_with_error_message_prefix",
    "replace_failed_page_with_error_message_suffix",
)
MAX_VIEW_TEXT = 1000


@dataclass
class ClassicRequest:
    """What one classic upload asks for, split by where Sheaf handles it."""

    body: dict[str, Any]  # a v2 parse request (the same keys as ``POST /api/v2/parse``)
    view: dict[str, Any]  # classic rendering options, applied when results are read
    warnings: list[str] = field(default_factory=list)


def _bool(name: str, value: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off", "", "null", "none"):
        return False
    raise InvalidInput(f"{name} must be true or false; got {value!r}")


def _number(name: str, value: str, *, lo: float, hi: float, integer: bool = False) -> float:
    try:
        num = int(value) if integer else float(value)
    except ValueError:
        kind = "an integer" if integer else "a number"
        raise InvalidInput(f"{name} must be {kind}; got {value!r}") from None
    if not lo <= num <= hi:
        raise InvalidInput(f"{name} must be between {lo:g} and {hi:g}; got {value!r}")
    return num


def classic_target_pages(spec: str) -> str:
    """Classic ``target_pages`` (0-based, ``"0,2-4"``) as v2 ``page_ranges.target_pages``
    (1-based, ``"1,3-5"``)."""
    out: list[str] = []
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo, hi = int(a), int(b)
                if lo < 0 or hi < lo:
                    raise ValueError
                out.append(f"{lo + 1}-{hi + 1}")
            else:
                page = int(part)
                if page < 0:
                    raise ValueError
                out.append(str(page + 1))
        except ValueError:
            raise InvalidInput(
                f"target_pages must list 0-based pages and ranges such as '0,2-4'; got {spec!r}"
            ) from None
    if not out:
        raise InvalidInput(f"target_pages must name at least one page; got {spec!r}")
    return ",".join(out)


def _put(body: dict[str, Any], path: Sequence[str], value: Any) -> None:
    node = body
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _tier(f: Mapping[str, str], flags: dict[str, bool], warnings: list[str]) -> str:
    """The v2 tier: explicit ``tier`` > ``preset`` > ``parse_mode`` > the boolean modes."""
    if f.get("tier"):
        if f["tier"] not in TIERS:
            raise InvalidInput(f"tier must be one of {', '.join(TIERS)}; got {f['tier']!r}")
        return f["tier"]
    if f.get("preset"):
        if f["preset"] not in PRESETS:
            raise InvalidInput(f"preset must be one of {', '.join(PRESETS)}; got {f['preset']!r}")
        return PRESETS[f["preset"]]
    if f.get("parse_mode"):
        if f["parse_mode"] not in PARSE_MODES:
            raise InvalidInput(
                f"parse_mode must be one of {', '.join(PARSE_MODES)}; got {f['parse_mode']!r}"
            )
        if f["parse_mode"].startswith("parse_document_"):
            warnings.append(
                f"parse_mode={f['parse_mode']}: pages are parsed one by one "
                f"(tier {PARSE_MODES[f['parse_mode']]})"
            )
        return PARSE_MODES[f["parse_mode"]]
    if flags.get("premium_mode"):
        return "agentic_plus"
    if (
        flags.get("use_vendor_multimodal_model")
        or flags.get("gpt4o_mode")
        or f.get("model")
        or (f.get("vendor_multimodal_model_name"))
    ):
        return "agentic"
    if flags.get("fast_mode"):
        return "fast"
    return "cost_effective"  # classic's default mode (parse_page_with_llm, 3 credits a page)


def _languages(values: Sequence[str], body: dict[str, Any], warnings: list[str]) -> None:
    codes: list[str] = []
    for value in values:
        codes += [c.strip() for c in value.split(",") if c.strip()]
    bad = [c for c in codes if c not in CLASSIC_LANGUAGES]
    if bad:
        raise InvalidInput(f"language: unknown code(s) {', '.join(bad)}")
    bundled = [c for c in dict.fromkeys(codes) if c.lower() in OCR_LANGUAGES]
    missing = [c for c in dict.fromkeys(codes) if c.lower() not in OCR_LANGUAGES]
    if bundled:
        _put(body, ("processing_options", "ocr_parameters", "languages"), bundled)
    if missing:
        warnings.append(
            f"language={','.join(missing)}: no OCR model for it is bundled; OCR reads with the "
            "Latin/English and Chinese models"
        )


def _crop(f: Mapping[str, str], body: dict[str, Any]) -> None:
    box = {}
    for side in ("top", "bottom", "left", "right"):
        if f.get(f"bbox_{side}"):
            box[side] = _number(f"bbox_{side}", f[f"bbox_{side}"], lo=0.0, hi=0.999)
    if f.get("bounding_box") and not box:  # deprecated "top,right,bottom,left" margins
        parts = f["bounding_box"].split(",")
        if len(parts) != 4:
            raise InvalidInput("bounding_box must be four ratios 'top,right,bottom,left'")
        for side, value in zip(("top", "right", "bottom", "left"), parts, strict=True):
            box[side] = _number("bounding_box", value.strip(), lo=0.0, hi=0.999)
    if box:
        if box.get("top", 0) + box.get("bottom", 0) >= 1 or (
            box.get("left", 0) + box.get("right", 0) >= 1
        ):
            raise InvalidInput("bbox margins leave no area to parse")
        body["crop_box"] = box


def _prompt(f: Mapping[str, str], body: dict[str, Any], warnings: list[str]) -> None:
    given = [k for k in PROMPT_FIELDS if f.get(k, "").strip()]
    if not given:
        return
    body["agentic_options"] = {"custom_prompt": "\n\n".join(f[k].strip() for k in given)}
    if body["tier"] not in ("agentic", "agentic_plus"):
        warnings.append(
            f"{', '.join(given)}: prompts are used by the agentic tiers only "
            f"(this job runs tier {body['tier']})"
        )


def _images(flags: dict[str, bool], given: set[str], body: dict[str, Any]) -> None:
    # Classic extracts images unless told not to; screenshots only when asked.
    save = not flags.get("disable_image_extraction") and (
        flags.get("save_images", True) if "save_images" in given else True
    )
    cats = (["embedded"] if save else []) + (["screenshot"] if flags.get("take_screenshot") else [])
    _put(body, ("output_options", "images_to_save"), cats)


def _view(f: Mapping[str, str], flags: dict[str, bool], warnings: list[str]) -> dict[str, Any]:
    view: dict[str, Any] = {"page_separator": DEFAULT_SEPARATOR}
    for name in VIEW_TEXT_FIELDS:
        if name in f:
            if len(f[name]) > MAX_VIEW_TEXT:
                raise InvalidInput(f"{name} must be at most {MAX_VIEW_TEXT} characters")
            view[name] = f[name]
    view["hide_headers"] = flags.get("hide_headers", False)
    view["hide_footers"] = flags.get("hide_footers", False)
    mode = f.get("replace_failed_page_mode")
    if mode:
        if mode not in FAILED_PAGE_MODES:
            raise InvalidInput(
                f"replace_failed_page_mode must be one of {', '.join(FAILED_PAGE_MODES)}"
            )
        if mode == "raw_text":
            warnings.append(
                "replace_failed_page_mode=raw_text: no raw text is kept for a failed page; "
                "it is left blank"
            )
        view["replace_failed_page_mode"] = mode
    return view


def classic_request(form: Mapping[str, Sequence[str]]) -> ClassicRequest:
    """Map the upload form (field -> every value sent) to a v2 request, view and warnings."""
    f = {k: v[-1] if v else "" for k, v in form.items()}
    given = {k for k, v in f.items() if v != ""}
    flags = {k: _bool(k, f[k]) for k in BOOL_FIELDS if k in given}
    warnings: list[str] = []
    body: dict[str, Any] = {
        "tier": _tier(f, flags, warnings),
        "version": f.get("version") or "latest",
    }

    if f.get("target_pages"):
        _put(body, ("page_ranges", "target_pages"), classic_target_pages(f["target_pages"]))
    if f.get("max_pages"):
        pages = _number("max_pages", f["max_pages"], lo=1, hi=1_000_000, integer=True)
        _put(body, ("page_ranges", "max_pages"), int(pages))
    _crop(f, body)
    if form.get("language"):
        _languages(form["language"], body, warnings)
    if flags.get("skip_diagonal_text"):
        _put(body, ("processing_options", "ignore", "ignore_diagonal_text"), True)
    if flags.get("remove_hidden_text"):
        _put(body, ("processing_options", "ignore", "ignore_hidden_text"), True)
    if flags.get("annotate_links"):
        _put(body, ("output_options", "markdown", "annotate_links"), True)
    tables = ("output_options", "markdown", "tables")
    if flags.get("output_tables_as_HTML"):
        _put(body, (*tables, "output_tables_as_markdown"), False)
    if flags.get("compact_markdown_table"):
        _put(body, (*tables, "compact_markdown_tables"), True)
    if flags.get("merge_tables_across_pages_in_markdown") or flags.get("continuous_mode"):
        _put(body, (*tables, "merge_continued_tables"), True)
    if "markdown_table_multiline_header_separator" in f:
        sep = f["markdown_table_multiline_header_separator"]
        if len(sep) > 32:
            raise InvalidInput("markdown_table_multiline_header_separator: at most 32 characters")
        _put(body, (*tables, "markdown_table_multiline_separator"), sep)
    if "extract_printed_page_number" in flags:
        _put(
            body,
            ("output_options", "extract_printed_page_number"),
            flags["extract_printed_page_number"],
        )
    if flags.get("spreadsheet_extract_sub_tables"):  # Sheaf always splits sheets into tables
        _put(body, ("input_options", "spreadsheet", "detect_sub_tables_in_sheets"), True)
    _images(flags, given, body)
    if flags.get("invalidate_cache") or flags.get("do_not_cache"):
        body["disable_cache"] = True  # Sheaf keeps no parse cache: every job parses afresh
    if f.get("job_timeout_in_seconds"):
        seconds = _number("job_timeout_in_seconds", f["job_timeout_in_seconds"], lo=1, hi=7200)
        _put(body, ("processing_control", "timeouts", "base_in_seconds"), seconds)
    if f.get("page_error_tolerance"):
        ratio = _number("page_error_tolerance", f["page_error_tolerance"], lo=0.0, hi=1.0)
        _put(
            body,
            ("processing_control", "job_failure_conditions", "allowed_page_failure_ratio"),
            ratio,
        )
    if f.get("webhook_url"):
        body["webhook_configurations"] = [
            {"webhook_url": f["webhook_url"], "webhook_events": TERMINAL_EVENTS}
        ]
    if f.get("input_url"):
        body["source_url"] = f["input_url"]
        if f.get("http_proxy"):
            body["http_proxy"] = f["http_proxy"]
    elif f.get("http_proxy"):
        warnings.append("http_proxy: used only with input_url")
    _prompt(f, body, warnings)

    for name, path in NOT_HONOURED_MAPPED.items():
        if flags.get(name):
            _put(body, path, True)
            warnings.append(f"{name}: accepted but not implemented by this server")
    for name in sorted(NOT_HONOURED & given):
        if name in BOOL_FIELDS and not flags.get(name):
            continue
        warnings.append(f"{name}: accepted but not supported by this server; ignored")
    vendor = (
        flags.get("gpt4o_mode")
        or flags.get("use_vendor_multimodal_model")
        or f.get("model")
        or f.get("vendor_multimodal_model_name")
    )
    if vendor and not (f.get("tier") or f.get("preset") or f.get("parse_mode")):
        warnings.append(
            "vendor model options select the agentic tier, which uses the vision model "
            "configured on this server (SHEAF_VLM_*), not the named model or key"
        )
    known = (
        CLIENT_FIELDS
        | BOOL_FIELDS
        | NOT_HONOURED
        | set(VIEW_TEXT_FIELDS)
        | set(PROMPT_FIELDS)
        | {
            "tier",
            "version",
            "preset",
            "parse_mode",
            "model",
            "vendor_multimodal_model_name",
            "target_pages",
            "max_pages",
            "bbox_top",
            "bbox_bottom",
            "bbox_left",
            "bbox_right",
            "bounding_box",
            "language",
            "markdown_table_multiline_header_separator",
            "job_timeout_in_seconds",
            "page_error_tolerance",
            "webhook_url",
            "http_proxy",
            "replace_failed_page_mode",
        }
    )
    for name in sorted(given - known):
        warnings.append(f"{name}: not a LlamaParse option this server knows; ignored")
    return ClassicRequest(body=body, view=_view(f, flags, warnings), warnings=warnings)
