"""The parse engine's one intermediate model: ``Document -> Page -> Item``.

Every reader (PDF, OCR, DOCX, HTML, ...) fills this model and nothing else; every output
(text, markdown, items JSON, metadata) is rendered from it. The extract engine reads it too.

Coordinates are PDF points (1/72 inch) with the origin at the top-left of the page, y growing
downwards, which is what the contract's ``bbox`` {x, y, w, h} means.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "BBox",
    "Document",
    "Item",
    "ItemType",
    "Page",
    "Word",
]

ItemType = Literal[
    "text", "heading", "list", "table", "image", "code", "link", "header", "footer"
]


@dataclass(slots=True)
class BBox:
    x: float
    y: float
    w: float
    h: float
    confidence: float | None = None
    label: str | None = None

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def union(self, other: BBox) -> BBox:
        x0, y0 = min(self.x, other.x), min(self.y, other.y)
        x1, y1 = max(self.x1, other.x1), max(self.y1, other.y1)
        return BBox(x0, y0, x1 - x0, y1 - y0)


@dataclass(slots=True)
class Word:
    """One word (or OCR token) with its box; kept on the page for citations and word_bbox."""

    text: str
    bbox: BBox
    confidence: float = 1.0


@dataclass(slots=True)
class Item:
    """One block on a page.

    Which fields matter depends on ``type``:
    - text / code: ``text`` (code may set ``language``)
    - heading: ``text`` and ``level`` (1 = biggest)
    - list: ``children`` (each a text item or a nested list item) and ``ordered``
    - table: ``rows`` (a rectangular grid of cell strings; the first ``header_rows`` rows are
      the header) and ``spans``: merged cells as ``(row, col, rowspan, colspan)``, the text
      in ``rows[row][col]`` and the other positions the cell covers left ``""``
    - image: ``caption`` and ``url`` (a file name the job stores the crop under, if any)
    - link: ``text`` and ``url``
    - header / footer: ``children`` (text items)
    """

    type: ItemType
    text: str = ""
    bbox: BBox | None = None
    level: int | None = None
    children: list[Item] = field(default_factory=list)
    ordered: bool = False
    rows: list[list[str]] | None = None
    header_rows: int = 1
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)
    # output_options.markdown.tables.merge_continued_tables: the first part of a table
    # continued over pages lists every page it took rows from; each later part keeps its
    # place (bbox) but no rows, and names the page the merged table starts on.
    merged_from_pages: list[int] = field(default_factory=list)
    merged_into_page: int | None = None
    url: str | None = None
    caption: str | None = None
    language: str | None = None
    confidence: float | None = None


@dataclass(slots=True)
class Page:
    number: int  # 1-based position in the source document
    width: float  # points
    height: float  # points
    items: list[Item] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    printed_page_number: str | None = None
    orientation: int = 0  # degrees the page was rotated by to read it upright
    confidence: float = 1.0
    speaker_notes: str | None = None
    section_name: str | None = None  # slide title or sheet name
    error: str | None = None  # set when this page failed; the other pages still count
    ocr: bool = False  # True when the text came from OCR rather than a text layer
    text: str | None = None  # plain text as laid out by the source, when it differs from items
    links: list[tuple[BBox, str]] = field(default_factory=list)  # (area, url) on the page
    # Set when a vision model wrote this page's markdown (``items`` stay the local layout's);
    # ``markdown_source`` names it, e.g. "vlm:gpt-4o".
    markdown: str | None = None
    markdown_source: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class Document:
    pages: list[Page] = field(default_factory=list)
    source_format: str = ""  # "pdf", "docx", "png", ...
    tier: str = "fast"
    pipeline: list[str] = field(default_factory=list)  # stages that ran, for job_metadata
    warnings: list[str] = field(default_factory=list)
    render_options: dict = field(default_factory=dict)  # e.g. {"annotate_links": True}
    # Vision-model use: {"model", "pages": [numbers it wrote], "errors": [{"page", "error"}]}
    vlm: dict | None = None
    # Saved image crops / screenshots (sheaf.parse.images.SavedImage), bytes only when no
    # ``on_image`` callback consumed them
    images: list = field(default_factory=list)

    @property
    def confidence(self) -> float:
        ok = [p.confidence for p in self.pages if p.ok]
        return min(ok) if ok else 0.0
