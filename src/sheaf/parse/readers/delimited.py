"""CSV / TSV: one page, one table."""

from __future__ import annotations

import csv
import io

from ..document import Document, Item
from ..options import ParseOptions
from ._util import single_page_doc, trim_rows
from .markdown import decode_text

__all__ = ["DelimitedReader"]

ACCEPTS = ("csv", "tsv")
MAX_ROWS = 500_000


class DelimitedReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "csv") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        text = decode_text(data)
        delim = "\t" if self.fmt == "tsv" else ","
        if self.fmt == "csv":
            try:
                delim = csv.Sniffer().sniff(text[:8192], delimiters=",;|\t").delimiter
            except csv.Error:
                delim = ","
        csv.field_size_limit(10_000_000)
        rows = []
        for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=delim)):
            rows.append([c.strip() for c in r])
            if i >= MAX_ROWS:
                break
        rows = trim_rows(rows)
        items = [Item("table", rows=rows)] if rows else []
        d = single_page_doc(items, self.fmt)
        d.pipeline = ["csv"]
        return d
