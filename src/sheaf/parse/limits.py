"""Resource limits for the parse engine (module constants; callers may override per call)."""

from __future__ import annotations

MAX_PAGES = 5000  # documents with more pages are refused
MAX_PAGE_PIXELS = 200_000_000  # a decoded image (or one page render) may not exceed this
MAX_FILE_BYTES = 1 << 30  # 1 GiB
OCR_DPI = 200  # page render resolution for OCR
OCR_MAX_SIDE = 3000  # longest side of a page image sent to OCR, in pixels
MAX_PAGE_OBJECTS = 20_000  # page objects scanned for rules/images on one page
# Office files (DOCX/XLSX/PPTX) are zips: refused before inflating when their members declare
# more than this in all, or (past the floor) more than MAX_ZIP_RATIO times the file's size.
MAX_UNZIPPED_BYTES = 1 << 30
MAX_ZIP_RATIO = 100
ZIP_RATIO_FLOOR_BYTES = 64 << 20
