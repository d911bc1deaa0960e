"""XLSX (openpyxl): one page per sheet, headed by the sheet name (also the page's section
name). A sheet's cells are split into blocks of touching cells (merged ranges count as one
cell; blocks side by side across one empty spacer column stay together): each block is a
table with its merged cells as spans, a lone cell is a text line, and a merged title row over
a table is a text line before it. Charts give their title and data table, in sheet order."""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import posixpath
import re
import xml.etree.ElementTree as ET

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import chart_content, check_unzipped_size, clean, format_number

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None

__all__ = ["XlsxReader", "cell_str"]

ACCEPTS = ("xlsx",)
MAX_ROWS = 200_000
MAX_COLS = 2_000
MAX_MERGE_BLOCKS = 2_000  # side-by-side block merging is quadratic; skip it past this

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_NS_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def cell_str(v, fmt: str | None = None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        if isinstance(v, int) and (fmt or "General") == "General":
            return str(v)  # exact, however many digits
        return format_number(float(v), fmt)
    if isinstance(v, _dt.datetime):
        return v.isoformat(sep=" ") if (v.hour or v.minute or v.second) else v.date().isoformat()
    if isinstance(v, _dt.date | _dt.time):
        return v.isoformat()
    return clean(str(v))


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _range(ref: str) -> tuple[int, int, int, int] | None:
    """ "B2:C4" -> (r0, c0, r1, c1), 0-based and inclusive."""
    ends = _REF.findall(ref.upper())
    if not ends:
        return None
    (a, b), (c, d) = ends[0], ends[-1]
    r0, r1 = sorted((int(b) - 1, int(d) - 1))
    c0, c1 = sorted((_col(a), _col(c)))
    return r0, c0, r1, c1


def _rels(zf, part: str) -> dict[str, str]:
    """relationship id -> target part path of one package part."""
    d, name = posixpath.split(part)
    try:
        root = ET.fromstring(zf.read(posixpath.join(d, "_rels", name + ".rels")))
    except (KeyError, ET.ParseError):
        return {}
    out = {}
    for r in root.iter(f"{_NS_PKG}Relationship"):
        if r.get("TargetMode") == "External":
            continue
        t = r.get("Target") or ""
        out[r.get("Id") or ""] = (
            t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join(d, t))
        )
    return out


def _sheet_parts(zf) -> dict[str, str]:
    """sheet name -> its part path, from the workbook."""
    try:
        root = ET.fromstring(zf.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return {}
    rels = _rels(zf, "xl/workbook.xml")
    return {
        s.get("name") or "": rels.get(s.get(f"{_NS_REL}id") or "", "")
        for s in root.iter(f"{_NS_MAIN}sheet")
    }


def _merges(zf, part: str) -> list[tuple[int, int, int, int]]:
    out = []
    with contextlib.suppress(KeyError, ET.ParseError), zf.open(part) as fh:
        for _ev, el in ET.iterparse(fh):
            if el.tag == f"{_NS_MAIN}mergeCell":
                rg = _range(el.get("ref") or "")
                if rg:
                    out.append(rg)
            if el.tag == f"{_NS_MAIN}row":
                el.clear()
    return out


def _drawing_items(zf, part: str) -> list[tuple[int, int, list[Item]]]:
    """(row, col, items) of the charts and pictures a sheet's drawing anchors."""
    out: list[tuple[int, int, list[Item]]] = []
    for target in _rels(zf, part).values():
        if not target.startswith("xl/drawings/") or not target.endswith(".xml"):
            continue
        try:
            root = ET.fromstring(zf.read(target))
        except (KeyError, ET.ParseError):
            continue
        drels = _rels(zf, target)
        for anchor in root:
            frm = anchor.find(f"{_NS_XDR}from")
            row = col = 0
            if frm is not None:
                with contextlib.suppress(AttributeError, TypeError, ValueError):
                    row = int(frm.findtext(f"{_NS_XDR}row") or "")
                    col = int(frm.findtext(f"{_NS_XDR}col") or "")
            items: list[Item] = []
            for ch in anchor.iter(f"{_NS_C}chart"):
                cpart = drels.get(ch.get(f"{_NS_REL}id") or "")
                try:
                    title, rows = chart_content(zf.read(cpart)) if cpart else ("", [])
                except (KeyError, ET.ParseError):
                    continue
                if title:
                    items.append(Item("text", text=title))
                if len(rows) > 1:
                    items.append(Item("table", rows=rows))
            for pic in anchor.iter(f"{_NS_XDR}pic"):
                pr = pic.find(f"{_NS_XDR}nvPicPr/{_NS_XDR}cNvPr")
                items.append(
                    Item("image", caption=(pr.get("descr") or None) if pr is not None else None)
                )
            if items:
                out.append((row, col, items))
    return out


class _DSU:
    def __init__(self) -> None:
        self.p: dict = {}

    def find(self, x):
        p = self.p
        root = x
        while p[root] != root:
            root = p[root]
        while p[x] != root:
            p[x], x = root, p[x]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[rb] = ra


def sheet_blocks(
    cells: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, list[Item]]]:
    """Split a sheet's non-empty cells into (row, col, items) blocks: touching cells (a merged
    range is one cell) form a block; blocks side by side across at most one empty column
    whose rows mostly overlap are one block (a spacer column in a form)."""
    merges = [m for m in merges if (m[0], m[1]) in cells]
    dsu = _DSU()
    occ: dict[tuple[int, int], tuple[int, int]] = {}
    for k in cells:
        occ[k] = k
        dsu.p[k] = k
    for r0, c0, r1, c1 in merges:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) not in occ:
                    occ[(r, c)] = (r, c)
                    dsu.p[(r, c)] = (r, c)
                dsu.union((r0, c0), (r, c))
    for r, c in occ:
        for nb in ((r - 1, c), (r, c - 1)):
            if nb in occ:
                dsu.union((r, c), nb)
    groups: dict = {}
    for k in occ:
        groups.setdefault(dsu.find(k), []).append(k)
    boxes = []
    for ks in groups.values():
        rs = [k[0] for k in ks]
        cs = [k[1] for k in ks]
        boxes.append([min(rs), min(cs), max(rs), max(cs), ks])
    if len(boxes) <= MAX_MERGE_BLOCKS:
        changed = True
        while changed:
            changed = False
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    a, b = boxes[i], boxes[j]
                    ov = min(a[2], b[2]) - max(a[0], b[0]) + 1
                    small = min(a[2] - a[0], b[2] - b[0]) + 1
                    gap = max(a[1], b[1]) - min(a[3], b[3]) - 1
                    if ov > 0 and ov * 2 >= small and gap <= 1:
                        boxes[i] = [
                            min(a[0], b[0]),
                            min(a[1], b[1]),
                            max(a[2], b[2]),
                            max(a[3], b[3]),
                            a[4] + b[4],
                        ]
                        del boxes[j]
                        changed = True
                        break
                if changed:
                    break
    out = []
    for r0, c0, r1, c1, ks in boxes:
        mine = {k for k in ks if k in cells}
        spans = [
            (m[0] - r0, m[1] - c0, min(m[2], r1) - m[0] + 1, min(m[3], c1) - m[1] + 1)
            for m in merges
            if (m[0], m[1]) in mine
        ]
        rows = [
            [cells[(r, c)] if (r, c) in mine else "" for c in range(c0, c1 + 1)]
            for r in range(r0, r1 + 1)
        ]
        out.append((r0, c0, _block_items(rows, spans)))
    return out


def _block_items(rows: list[list[str]], spans: list[tuple[int, int, int, int]]) -> list[Item]:
    # empty spacer columns (no value, no merged cell over them) carry nothing
    covered = {c + j for _r, c, _rs, cs in spans for j in range(cs)}
    keep = [j for j in range(len(rows[0])) if j in covered or any(r[j] for r in rows)]
    if len(keep) < len(rows[0]):
        new = {j: i for i, j in enumerate(keep)}
        rows = [[r[j] for j in keep] for r in rows]
        spans = [
            (r, new[c], rs, sum(1 for j in range(c, c + cs) if j in new)) for r, c, rs, cs in spans
        ]
    values = [(i, j) for i, r in enumerate(rows) for j, v in enumerate(r) if v]
    if len(values) == 1:
        i, j = values[0]
        return [Item("text", text=rows[i][j])]
    items: list[Item] = []
    width = len(rows[0])
    first = [v for v in rows[0] if v]
    if (
        width > 1
        and len(rows) > 1
        and len(first) == 1
        and any(r == 0 and cs == width for r, _c, rs, cs in spans if rs == 1)
    ):
        items.append(Item("text", text=first[0]))
        rows = rows[1:]
        spans = [(r - 1, c, rs, cs) for r, c, rs, cs in spans if r > 0]
    spans = [s for s in spans if s[2] > 1 or s[3] > 1]
    items.append(Item("table", rows=rows, spans=spans))
    return items


class XlsxReader:
    accepts = ACCEPTS

    def __init__(self, fmt: str = "xlsx") -> None:
        self.fmt = fmt

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        if openpyxl is None:  # pragma: no cover
            raise ParseError("XLSX support needs the 'openpyxl' package, which is not installed")
        check_unzipped_size(data, "XLSX")
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise ParseError("XLSX file is corrupt or not an Excel workbook") from None
        doc = Document(source_format="xlsx", pipeline=["openpyxl"])
        try:
            zf = wb._archive
            parts = _sheet_parts(zf)
            shown = [
                (n, wb[name])
                for n, name in enumerate(wb.sheetnames, start=1)
                if wb[name].sheet_state == "visible" or opts.include_hidden_sheets
            ]
            for n, ws in shown:
                name = ws.title
                part = getattr(ws, "_worksheet_path", None) or parts.get(name, "")
                blocks = []
                if hasattr(ws, "iter_rows"):
                    cells = self._cells(ws, doc)
                    blocks = sheet_blocks(cells, _merges(zf, part) if part else [])
                if part:
                    blocks += _drawing_items(zf, part)
                page = Page(n, 612.0, 792.0, section_name=ws.title)
                if len(shown) > 1:  # a lone sheet's name (often "Sheet1") is no heading
                    page.items.append(Item("heading", text=clean(ws.title), level=2))
                for _r, _c, items in sorted(blocks, key=lambda b: (b[0], b[1])):
                    page.items.extend(items)
                doc.pages.append(page)
        finally:
            wb.close()
        return doc

    @staticmethod
    def _cells(ws, doc: Document) -> dict[tuple[int, int], str]:
        """(row, col) -> displayed text of the non-empty cells. The sheet's <dimension> may
        claim far more than it holds (a styled empty cell at row 1048496 is common): read no
        wider than it says and keep only cells with content, so memory follows the content."""
        cells: dict[tuple[int, int], str] = {}
        width = min(ws.max_column or MAX_COLS, MAX_COLS)
        for i, row in enumerate(ws.iter_rows(min_row=1, min_col=1, max_col=width)):
            if i >= MAX_ROWS:
                doc.warnings.append(f"sheet {ws.title!r} truncated at {MAX_ROWS} rows")
                break
            for j, c in enumerate(row):
                v = getattr(c, "value", None)
                if v is None or v == "":
                    continue
                fmt = getattr(c, "number_format", None) if isinstance(v, int | float) else None
                s = cell_str(v, fmt)
                if s:
                    cells[(i, j)] = s
        return cells
