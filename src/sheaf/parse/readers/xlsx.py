"""XLSX (openpyxl): one page per sheet, the used range as one table; the sheet name is the
page's section name."""

from __future__ import annotations

import datetime as _dt
import io

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import trim_rows

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None

__all__ = ["XlsxReader", "cell_str"]

ACCEPTS = ("xlsx",)
MAX_ROWS = 200_000
MAX_COLS = 2_000


def cell_str(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ") if (v.hour or v.minute or v.second) else v.date().isoformat()
    if isinstance(v, _dt.date | _dt.time):
        return v.isoformat()
    return str(v).strip()


class XlsxReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "xlsx") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        if openpyxl is None:  # pragma: no cover
            raise ParseError("XLSX support needs the 'openpyxl' package, which is not installed")
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ParseError("XLSX file is corrupt or not an Excel workbook") from None
        doc = Document(source_format="xlsx", pipeline=["openpyxl"])
        try:
            for n, ws in enumerate(wb.worksheets, start=1):
                if ws.sheet_state != "visible" and not opts.include_hidden_sheets:
                    continue
                rows: list[list[str]] = []
                # The sheet's <dimension> may claim far more than it holds (a styled empty cell
                # at row 1048496 is common): read no wider than it says, and keep empty rows
                # only as a count until content follows, so memory follows the real content
                # (a dense 200k x 2000 grid of "" used to take ~6 GB).
                width = min(ws.max_column or MAX_COLS, MAX_COLS)
                pending = 0
                for r in ws.iter_rows(values_only=True, max_col=width):
                    if len(rows) + pending >= MAX_ROWS:
                        doc.warnings.append(f"sheet {ws.title!r} truncated at {MAX_ROWS} rows")
                        break
                    if all(v is None or v == "" for v in r):
                        pending += 1
                        continue
                    rows.extend([""] * len(r) for _ in range(pending))
                    pending = 0
                    rows.append([cell_str(v) for v in r])
                rows = trim_rows(rows)
                # drop leading empty rows/columns
                while rows and not any(rows[0]):
                    rows.pop(0)
                if rows:
                    lead = min(next((i for i, c in enumerate(r) if c), len(r)) for r in rows)
                    rows = [r[lead:] for r in rows]
                page = Page(n, 612.0, 792.0, section_name=ws.title)
                if rows:
                    page.items.append(Item("table", rows=rows))
                doc.pages.append(page)
        finally:
            wb.close()
        return doc
