"""Renderers: one file per output, each a pure function of the :class:`Document`.

``render(doc, kind)`` returns a JSON-able value in exactly the contract shape (section 4.4).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..document import Document
from .items import render_items
from .markdown import render_markdown, render_markdown_full
from .metadata import render_metadata
from .text import render_text, render_text_full

__all__ = ["RENDERERS", "render"]

RENDERERS: dict[str, Callable[[Document], Any]] = {
    "text": render_text,
    "text_full": render_text_full,
    "markdown": render_markdown,
    "markdown_full": render_markdown_full,
    "items": render_items,
    "metadata": render_metadata,
}


def render(doc: Document, kind: str) -> Any:
    try:
        fn = RENDERERS[kind]
    except KeyError:
        raise ValueError(f"unknown output {kind!r}; expected one of {sorted(RENDERERS)}") from None
    return fn(doc)
