"""Turning job results into what a page shows: safe markdown, page images, extract fields."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["Field", "flatten_fields", "markdown_html", "render_page_png", "source_kind"]

# CommonMark with raw HTML off: a document cannot inject markup or script into the page.
# markdown-it also refuses javascript:/vbscript:/data: link targets.
_md = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")

# PDFium is not thread-safe and the API renders pages in its thread pool: one at a time.
_PDFIUM = threading.Lock()

IMAGE_TYPES = {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"}
PAGE_SCALE = 1.5  # 108 dpi: legible beside the text without huge PNGs


def markdown_html(text: str | None) -> Markup:
    return Markup(_md.render(text or ""))  # noqa: S704 - html is off, the renderer escapes


def source_kind(file_type: str | None, head: bytes) -> str | None:
    """``pdf``, ``image`` or None (a format we do not draw pages of)."""
    if head.startswith(b"%PDF") or (file_type or "").lower() == "pdf":
        return "pdf"
    if (file_type or "").lower() in IMAGE_TYPES:
        return "image"
    return None


def render_page_png(data: bytes | Path, kind: str, page_number: int) -> bytes | None:
    """Page ``page_number`` (1-based) as PNG, or None when the document has no such page."""
    if kind == "pdf":
        import pypdfium2 as pdfium

        with _PDFIUM:
            pdf = pdfium.PdfDocument(str(data) if isinstance(data, Path) else data)
            try:
                if not 1 <= page_number <= len(pdf):
                    return None
                page = pdf[page_number - 1]
                image = page.render(scale=PAGE_SCALE).to_pil()
                page.close()
            finally:
                pdf.close()
    else:
        from PIL import Image, ImageSequence

        with Image.open(data if isinstance(data, Path) else io.BytesIO(data)) as img:
            frames = list(ImageSequence.Iterator(img))
            if not 1 <= page_number <= len(frames):
                return None
            image = frames[page_number - 1].convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@dataclass
class Box:
    page: int
    left: float  # percent of the page width / height, for CSS overlays
    top: float
    width: float
    height: float


@dataclass
class Field:
    path: str
    value: Any
    confidence: float | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


def _boxes(citation: dict[str, Any]) -> list[Box]:
    dims = citation.get("page_dimensions") or {}
    width, height = dims.get("width") or 0, dims.get("height") or 0
    if not width or not height:
        return []
    return [
        Box(
            page=int(citation.get("page") or 1),
            left=100 * b["x"] / width,
            top=100 * b["y"] / height,
            width=100 * b["w"] / width,
            height=100 * b["h"] / height,
        )
        for b in citation.get("bounding_boxes") or []
        if {"x", "y", "w", "h"} <= b.keys()
    ]


def _is_leaf_meta(meta: Any) -> bool:
    return isinstance(meta, dict) and ("citation" in meta or "confidence" in meta)


def flatten_fields(value: Any, meta: Any, path: str = "") -> list[Field]:
    """Every leaf value of an extract result with its confidence and citations."""
    if _is_leaf_meta(meta):
        citations = list(meta.get("citation") or [])
        confidence = meta.get("confidence", meta.get("extraction_confidence"))
        out = Field(path or "(root)", value, confidence, citations)
        for citation in citations:
            out.boxes.extend(_boxes(citation))
        return [out]
    if isinstance(value, dict):
        fields: list[Field] = []
        for key, sub in value.items():
            sub_meta = meta.get(key) if isinstance(meta, dict) else None
            fields.extend(flatten_fields(sub, sub_meta, f"{path}.{key}" if path else key))
        return fields
    if isinstance(value, list) and value and isinstance(value[0], dict | list):
        fields = []
        for i, sub in enumerate(value):
            sub_meta = meta[i] if isinstance(meta, list) and i < len(meta) else None
            fields.extend(flatten_fields(sub, sub_meta, f"{path}[{i}]"))
        return fields
    return [Field(path or "(root)", value)]
