"""One reader per format. Each module declares ``ACCEPTS`` and a class with ``convert()``;
third-party imports are guarded so importing ``sheaf.parse`` never fails for a missing extra.

PDF and images are driven by the pipeline (they share the layout and OCR stages); the other
readers build the ``Document`` directly. Adding a format = one module + one line below.
"""

from __future__ import annotations

import importlib

from ..errors import ParseError

__all__ = ["READERS", "get_reader"]

# format -> (module, class)
READERS: dict[str, tuple[str, str]] = {
    "docx": ("docx", "DocxReader"),
    "pptx": ("pptx", "PptxReader"),
    "xlsx": ("xlsx", "XlsxReader"),
    "csv": ("delimited", "DelimitedReader"),
    "tsv": ("delimited", "DelimitedReader"),
    "html": ("html", "HtmlReader"),
    "epub": ("epub", "EpubReader"),
    "md": ("markdown", "MarkdownReader"),
    "txt": ("markdown", "PlainTextReader"),
    "doc": ("legacy", "LegacyOfficeReader"),
    "ppt": ("legacy", "LegacyOfficeReader"),
    "xls": ("legacy", "LegacyOfficeReader"),
}


def get_reader(fmt: str):
    try:
        mod, cls = READERS[fmt]
    except KeyError:
        raise ParseError(f"unsupported file type: {fmt}") from None
    module = importlib.import_module(f"{__name__}.{mod}")
    return getattr(module, cls)(fmt)
