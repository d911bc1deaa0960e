"""Markdown for single items (shared by the markdown and items renderers)."""

from __future__ import annotations

import csv
import html
import io
import re

from ..document import Item

__all__ = ["item_md", "table_csv", "table_html", "table_md"]

_WS = re.compile(r"\s+")
_NUMBERED = re.compile(r"^\d{1,9}[.)] ")


def _cell(c: object) -> str:
    s = "" if c is None else str(c)
    return _WS.sub(" ", s).replace("|", "\\|").strip()


def table_md(rows: list[list]) -> str:
    if not rows:
        return ""
    n = max(len(r) for r in rows)
    rows = [list(r) + [""] * (n - len(r)) for r in rows]
    out = ["| " + " | ".join(_cell(c) for c in rows[0]) + " |",
           "|" + "|".join(["---"] * n) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows[1:]]
    return "\n".join(out)


def table_csv(rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(["" if c is None else c for c in r])
    return buf.getvalue().rstrip("\n")


def table_html(rows: list[list], header_rows: int = 1) -> str:
    out = ["<table>"]
    for i, r in enumerate(rows):
        tag = "th" if i < header_rows else "td"
        cells = "".join(f"<{tag}>{html.escape('' if c is None else str(c))}</{tag}>" for c in r)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "".join(out)


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


def item_md(it: Item, annotate_links: bool = False) -> str:
    t = it.type
    if t == "heading":
        return "#" * max(1, min(it.level or 1, 6)) + " " + it.text.replace("\n", " ")
    if t == "table":
        return table_md(it.rows or [])
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
