"""Markdown for single items (shared by the markdown and items renderers)."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

from ..document import Item

__all__ = [
    "DEFAULT_STYLE",
    "TableStyle",
    "item_md",
    "table_csv",
    "table_html",
    "table_item_md",
    "table_md",
]

_WS = re.compile(r"\s+")
_NUMBERED = re.compile(r"^\d{1,9}[.)] ")


@dataclass(frozen=True, slots=True)
class TableStyle:
    """``output_options.markdown.tables``: how tables appear in markdown.

    ``as_markdown``: True = always pipe tables (merged cells are flattened), False = always
    HTML ``<table>``, None (default) = pipe tables unless the table has merged cells, which
    a pipe table cannot express. ``multiline_separator`` joins the lines of a cell.
    """

    as_markdown: bool | None = None
    compact: bool = False
    multiline_separator: str = " "

    @classmethod
    def from_options(cls, tables: dict) -> TableStyle:
        sep = tables.get("markdown_table_multiline_separator")
        as_md = tables.get("output_tables_as_markdown")
        return cls(
            as_markdown=None if as_md is None else bool(as_md),
            compact=bool(tables.get("compact_markdown_tables")),
            multiline_separator=" " if sep is None else str(sep),
        )


DEFAULT_STYLE = TableStyle()


def _cell(c: object, sep: str = " ") -> str:
    s = "" if c is None else str(c)
    if "\n" in s and sep != " ":
        s = sep.join(_WS.sub(" ", ln).strip() for ln in s.splitlines() if ln.strip())
    return _WS.sub(" ", s).replace("|", "\\|").strip()


def table_md(rows: list[list], style: TableStyle = DEFAULT_STYLE) -> str:
    """A pipe table; the first row is the header row (pipe tables always have one)."""
    if not rows:
        return ""
    n = max(len(r) for r in rows)
    rows = [list(r) + [""] * (n - len(r)) for r in rows]
    sep, gap = style.multiline_separator, "" if style.compact else " "

    def line(r: list) -> str:
        return f"|{gap}" + f"{gap}|{gap}".join(_cell(c, sep) for c in r) + f"{gap}|"

    out = [line(rows[0]), "|" + "|".join(["---"] * n) + "|"]
    out += [line(r) for r in rows[1:]]
    return "\n".join(out)


def table_csv(rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return buf.getvalue().rstrip("\n")


def table_html(
    rows: list[list], header_rows: int = 1, spans: list[tuple[int, int, int, int]] | None = None
) -> str:
    """An HTML table; merged cells get ``rowspan``/``colspan`` and the positions they cover
    are left out."""
    anchors = {(r, c): (rs, cs) for r, c, rs, cs in spans or ()}
    covered = {
        (r + i, c + j)
        for (r, c), (rs, cs) in anchors.items()
        for i in range(rs)
        for j in range(cs)
        if i or j
    }
    stub = _row_labels(rows, header_rows)
    out = ["<table>"]
    for i, row in enumerate(rows):
        cells = []
        for j, c in enumerate(row):
            if (i, j) in covered:
                continue
            tag = "th" if i < header_rows or (j == 0 and stub and c) else "td"
            rs, cs = anchors.get((i, j), (1, 1))
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            text = html.escape("" if c is None else str(c), quote=False).replace("\n", "<br>")
            cells.append(f"<{tag}{attrs}>{text}</{tag}>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "".join(out)


_AMOUNT = re.compile(r"[-+(]?[$€£¥]?\s?\d[\d,.\s]*%?\)?")


def _row_labels(rows: list[list], header_rows: int) -> bool:
    """The first column names the rows of a table of values (a statement's "Research and
    development | 3,423 | 2,532"): its cells are row headers, ``th`` as HTML has them."""
    body = [r for r in rows[header_rows:] if r]
    if len(body) < 2 or max(len(r) for r in body) < 2:
        return False
    labels = [str(r[0]) for r in body if r[0]]
    values = [str(c) for r in body for c in r[1:] if c]
    if not labels or not values:
        return False
    text = sum(1 for t in labels if not _AMOUNT.fullmatch(t.strip()))
    nums = sum(1 for v in values if _AMOUNT.fullmatch(v.strip()))
    return text >= 0.8 * len(labels) and nums >= 0.8 * len(values)


def table_item_md(it: Item, style: TableStyle = DEFAULT_STYLE) -> str:
    rows = it.rows or []
    if not rows:
        return ""
    as_md = style.as_markdown if style.as_markdown is not None else not it.spans
    return table_md(rows, style) if as_md else table_html(rows, it.header_rows, it.spans)


def _list_md(it: Item, depth: int = 0) -> str:
    out = []
    n = 0
    for ch in it.children:
        if ch.type == "list":
            out.append(_list_md(ch, depth + 1))
            continue
        n += 1
        text = ch.text.replace("\n", " ")
        if it.ordered and _NUMBERED.match(text):  # the item keeps its printed number
            out.append("   " * depth + text)
            continue
        marker = f"{n}." if it.ordered else "-"
        out.append("   " * depth + f"{marker} {text}")
    return "\n".join(out)


def item_md(it: Item, tables: TableStyle = DEFAULT_STYLE) -> str:
    t = it.type
    if t == "heading":
        return "#" * max(1, min(it.level or 1, 6)) + " " + it.text.replace("\n", " ")
    if t == "table":
        return table_item_md(it, tables)
    if t == "list":
        return _list_md(it)
    if t == "code":
        return f"```{it.language or ''}\n{it.text}\n```"
    if t == "image":
        return f"![{it.caption or 'Image'}]({it.url or ''})"
    if t == "link":
        return f"[{it.text}]({it.url or ''})"
    if t in ("header", "footer"):
        return "\n".join(ch.text for ch in it.children) if it.children else it.text
    return it.text
