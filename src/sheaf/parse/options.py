"""Normalise the contract's ``parse_v2`` parameters dict into what the engine uses.

Unknown keys are ignored; malformed known keys raise :class:`ParseError` with a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import limits
from .errors import ParseError

__all__ = ["IMAGE_CATEGORIES", "TIERS", "ParseOptions", "parse_target_pages"]

TIERS = ("fast", "cost_effective", "agentic", "agentic_plus")
IMAGE_CATEGORIES = ("embedded", "layout", "screenshot")

# OCR languages the bundled PP-OCR models read: Latin-script languages and Chinese (the bundled
# recogniser is the multilingual "ch" model, which covers English/Latin letters, digits and CJK
# ideographs). Anything else needs a model we do not ship.
OCR_LANGUAGES = frozenset((
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "is", "et",
    "lv", "lt", "pl", "cs", "sk", "sl", "hr", "bs", "sr_latin", "ro", "hu", "sq", "tr", "az",
    "uz", "ms", "id", "vi", "tl", "sw", "af", "ca", "eu", "gl", "oc", "ga", "cy", "mt", "la",
    "lb", "rm", "fo", "eo", "ch", "chi_sim", "chi_tra", "zh", "ch_sim", "ch_tra", "zh-cn",
    "zh-tw", "zh_cn", "zh_tw", "latin",
))


def parse_target_pages(spec: str, page_count: int | None = None) -> list[int]:
    """``"1,3,5-8"`` -> [1, 3, 5, 6, 7, 8] (1-based, in the given order). Duplicates are an
    error, as are pages beyond ``page_count`` when it is known."""
    out: list[int] = []
    seen: set[int] = set()
    for part in str(spec).replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo = int(a)
                hi = int(b) if b else (page_count or lo)
                rng = range(lo, hi + 1)
            else:
                rng = range(int(part), int(part) + 1)
        except ValueError:
            raise ParseError(f"invalid page_ranges.target_pages: {spec!r}") from None
        for p in rng:
            if p < 1:
                raise ParseError(f"invalid page_ranges.target_pages: {spec!r} (pages start at 1)")
            if p in seen:
                raise ParseError(f"page_ranges.target_pages lists page {p} twice")
            if len(seen) > 1_000_000:
                raise ParseError("page_ranges.target_pages selects too many pages")
            seen.add(p)
            out.append(p)
    if not out:
        raise ParseError(f"invalid page_ranges.target_pages: {spec!r}")
    return out


def _dict(d: Any, key: str) -> dict:
    v = d.get(key) if isinstance(d, dict) else None
    return v if isinstance(v, dict) else {}


_TABLE_FLAGS = ("compact_markdown_tables", "merge_continued_tables", "output_tables_as_markdown")


def _tables(t: dict) -> dict:
    """Check ``output_options.markdown.tables``; unset keys stay unset."""
    out: dict = {}
    for k in _TABLE_FLAGS:
        if t.get(k) is not None:
            if not isinstance(t[k], bool):
                raise ParseError(f"output_options.markdown.tables.{k} must be true or false")
            out[k] = t[k]
    sep = t.get("markdown_table_multiline_separator")
    if sep is not None:
        if not isinstance(sep, str) or len(sep) > 32:
            raise ParseError("output_options.markdown.tables.markdown_table_multiline_separator "
                             "must be a string of at most 32 characters")
        out["markdown_table_multiline_separator"] = sep
    return out


@dataclass
class ParseOptions:
    tier: str = "fast"
    target_pages: str | None = None
    max_pages: int | None = None
    crop: tuple[float, float, float, float] | None = None  # top, bottom, left, right ratios
    ignore_diagonal: bool = False
    ignore_hidden: bool = False
    ignore_text_in_image: bool = False
    languages: list[str] = field(default_factory=list)
    extract_printed_page_number: bool = True
    annotate_links: bool = False
    custom_prompt: str | None = None
    password: str | None = None
    max_page_count: int = limits.MAX_PAGES
    max_pixels: int = limits.MAX_PAGE_PIXELS
    include_hidden_sheets: bool = False
    include_hidden_slides: bool = False
    images_to_save: tuple[str, ...] = ()  # subset of IMAGE_CATEGORIES (output_options)
    tables: dict = field(default_factory=dict)  # output_options.markdown.tables, validated

    @property
    def layout(self) -> bool:
        """Layout analysis (headings, lists, tables, header/footer) runs on non-fast tiers."""
        return self.tier != "fast"

    @property
    def ocr(self) -> bool:
        return self.tier != "fast"

    @property
    def thorough(self) -> bool:
        return self.tier in ("agentic", "agentic_plus")

    @classmethod
    def from_dict(cls, tier: str, options: dict | None) -> ParseOptions:
        if tier not in TIERS:
            raise ParseError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}")
        o = options if isinstance(options, dict) else {}
        po = cls(tier=tier)
        pr = _dict(o, "page_ranges")
        if pr.get("target_pages"):
            po.target_pages = str(pr["target_pages"])
            parse_target_pages(po.target_pages)  # validate early
        if pr.get("max_pages") is not None:
            try:
                po.max_pages = int(pr["max_pages"])
            except (TypeError, ValueError):
                raise ParseError("page_ranges.max_pages must be an integer") from None
            if po.max_pages < 1:
                raise ParseError("page_ranges.max_pages must be at least 1")
        cb = _dict(o, "crop_box")
        if cb:
            try:
                vals = tuple(float(cb.get(k) or 0.0) for k in ("top", "bottom", "left", "right"))
            except (TypeError, ValueError):
                raise ParseError("crop_box values must be numbers between 0 and 1") from None
            if any(v < 0 or v >= 1 for v in vals) or vals[0] + vals[1] >= 1 or (
                vals[2] + vals[3] >= 1
            ):
                raise ParseError(
                    "crop_box values must be ratios in [0, 1) leaving a non-empty area")
            if any(vals):
                po.crop = vals  # type: ignore[assignment]
        proc = _dict(o, "processing_options")
        ign = _dict(proc, "ignore")
        po.ignore_diagonal = bool(ign.get("ignore_diagonal_text"))
        po.ignore_hidden = bool(ign.get("ignore_hidden_text"))
        po.ignore_text_in_image = bool(ign.get("ignore_text_in_image"))
        langs = _dict(proc, "ocr_parameters").get("languages") or []
        if isinstance(langs, str):
            langs = [langs]
        po.languages = [str(x) for x in langs]
        bad = [x for x in po.languages if x.lower() not in OCR_LANGUAGES]
        if bad:
            raise ParseError(
                f"OCR language model not bundled for: {', '.join(bad)} (this server ships the "
                "Latin/English and Chinese PP-OCR models only)"
            )
        out = _dict(o, "output_options")
        if out.get("extract_printed_page_number") is False:
            po.extract_printed_page_number = False
        po.annotate_links = bool(_dict(out, "markdown").get("annotate_links"))
        po.tables = _tables(_dict(_dict(out, "markdown"), "tables"))
        its = out.get("images_to_save") or []
        if isinstance(its, str):
            its = [its]
        if not isinstance(its, list | tuple):
            raise ParseError("output_options.images_to_save must be a list")
        bad = [str(x) for x in its if x not in IMAGE_CATEGORIES]
        if bad:
            raise ParseError(f"output_options.images_to_save: unknown value(s) {', '.join(bad)}; "
                             f"expected {', '.join(IMAGE_CATEGORIES)}")
        po.images_to_save = tuple(c for c in IMAGE_CATEGORIES if c in its)
        ag = _dict(o, "agentic_options")
        if ag.get("custom_prompt"):
            po.custom_prompt = str(ag["custom_prompt"])
        if o.get("password"):
            po.password = str(o["password"])
        inp = _dict(o, "input_options")
        po.include_hidden_sheets = bool(_dict(inp, "spreadsheet").get("include_hidden_sheets"))
        po.include_hidden_slides = bool(_dict(inp, "presentation").get("include_hidden_slides"))
        if o.get("max_page_count"):
            po.max_page_count = int(o["max_page_count"])
        return po

    def select_pages(self, page_count: int) -> list[int]:
        """The 1-based page numbers to parse, in order, for a document of ``page_count`` pages."""
        if self.target_pages:
            pages = parse_target_pages(self.target_pages, page_count)
            over = [p for p in pages if p > page_count]
            if over and len(over) == len(pages):
                raise ParseError(
                    f"page_ranges.target_pages selects no existing page (document has "
                    f"{page_count} page{'s' if page_count != 1 else ''})"
                )
            pages = [p for p in pages if p <= page_count]
        else:
            pages = list(range(1, page_count + 1))
        if self.max_pages is not None:
            pages = pages[: self.max_pages]
        return pages
