"""Classic LlamaParse upload form fields -> a v2 parse request, view options and warnings.

The classic clients (``llama-cloud-services`` ``LlamaParse``, npm ``LlamaParseReader``) post one
multipart form per file with ~100 flat fields. Each field lands in exactly one of four places:

- the v2 request body (``tier``, ``page_ranges``, ``crop_box``, ``output_options`` ...), so the
  job is an ordinary v2 parse job;
- the classic *view* (page separator, prefixes, header/footer handling, failed-page text), which
  only changes how the classic routes render the stored per-page results;
- a warning naming the field, when Sheaf accepts it but cannot honour it (never silently);
- a 422 ``{"detail": ...}`` when its value is invalid.

Which field is which lives in :mod:`sheaf.api.schemas.classic_fields`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheaf.api.schemas.classic_fields import (
    BOOL_FIELDS,
    CLASSIC_LANGUAGES,
    DEFAULT_SEPARATOR,
    FAILED_PAGE_MODES,
    KNOWN_FIELDS,
    MAX_VIEW_TEXT,
    NOT_HONOURED,
    NOT_HONOURED_MAPPED,
    PARSE_MODES,
    PRESETS,
    PROMPT_FIELDS,
    TERMINAL_EVENTS,
    TIERS,
    VIEW_TEXT_FIELDS,
)
from sheaf.errors import InvalidInput
from sheaf.parse.options import OCR_LANGUAGES

__all__ = ["DEFAULT_SEPARATOR", "ClassicRequest", "classic_request", "classic_target_pages"]


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


def _images(flags: dict[str, bool], body: dict[str, Any]) -> None:
    # Classic extracts images unless told not to; screenshots only when asked.
    save = flags.get("save_images", True) and not flags.get("disable_image_extraction")
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
    _images(flags, body)
    if flags.get("invalidate_cache") or flags.get("do_not_cache"):
        body["disable_cache"] = True  # Sheaf keeps no parse cache: every job parses afresh
    if f.get("job_timeout_in_seconds"):
        seconds = _number("job_timeout_in_seconds", f["job_timeout_in_seconds"], lo=1, hi=7200)
        _put(body, ("processing_control", "timeouts", "base_in_seconds"), seconds)
    if f.get("job_timeout_extra_time_per_page_in_seconds"):
        name = "job_timeout_extra_time_per_page_in_seconds"
        per_page = _number(name, f[name], lo=0, hi=300)
        _put(body, ("processing_control", "timeouts", "extra_time_per_page_in_seconds"), per_page)
    if f.get("page_error_tolerance"):
        ratio = _number("page_error_tolerance", f["page_error_tolerance"], lo=0.0, hi=1.0)
        _put(
            body,
            ("processing_control", "job_failure_conditions", "allowed_page_failure_ratio"),
            ratio,
        )
    if f.get("webhook_url"):
        body["webhook_configurations"] = [
            # LlamaParse posts the result itself (txt, md, json, images), not a v2 event
            {
                "webhook_url": f["webhook_url"],
                "webhook_events": TERMINAL_EVENTS,
                "body": "llamaparse_v1",
            }
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
    for name in sorted(given - KNOWN_FIELDS):
        warnings.append(f"{name}: not a LlamaParse option this server knows; ignored")
    return ClassicRequest(body=body, view=_view(f, flags, warnings), warnings=warnings)
