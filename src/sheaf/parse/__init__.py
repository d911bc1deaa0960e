"""Sheaf's parse engine: any supported file -> :class:`Document` -> contract outputs.

A plain library (no HTTP, no database)::

    from sheaf.parse import parse, ParseError
    from sheaf.parse.render import render

    doc = parse(b"%PDF-...", tier="cost_effective", options={"page_ranges": {"max_pages": 3}})
    render(doc, "markdown")  # {"pages": [{"page_number": 1, "markdown": "...", "success": true}]}
"""

from __future__ import annotations

from .document import BBox, Document, Item, Page, Word
from .errors import ParseError
from .limits import MAX_PAGE_PIXELS, MAX_PAGES
from .options import TIERS
from .pipeline import parse
from .sniff import MIME_TYPES, SUPPORTED_FORMATS, sniff_format
from .versions import ENGINE_VERSIONS, resolve_version

__all__ = [
    "BBox",
    "Document",
    "ENGINE_VERSIONS",
    "Item",
    "MAX_PAGES",
    "MAX_PAGE_PIXELS",
    "MIME_TYPES",
    "Page",
    "ParseError",
    "SUPPORTED_FORMATS",
    "TIERS",
    "Word",
    "parse",
    "resolve_version",
    "sniff_format",
]
