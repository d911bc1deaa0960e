"""Layout stages shared by every page-image-like source (PDF text layer, OCR).

``RawPage`` (lines with fonts, rules, images, links) -> header/footer marking ->
tables -> blocks -> reading order -> classification -> ``Page.items``.
"""

from .build import build_page_items
from .headfoot import mark_headers_footers
from .model import Line, RawPage

__all__ = ["Line", "RawPage", "build_page_items", "mark_headers_footers"]
