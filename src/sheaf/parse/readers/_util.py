"""Small helpers shared by the non-PDF readers."""

from __future__ import annotations

import re

from ..document import Document, Item, Page

__all__ = ["clean", "single_page_doc", "trim_rows"]

_WS = re.compile(r"[ \t\r\f\v\u00a0]+")


def clean(text: str | None) -> str:
    if not text:
        return ""
    return "\n".join(_WS.sub(" ", ln).strip() for ln in str(text).splitlines()).strip()


def trim_rows(rows: list[list[str]]) -> list[list[str]]:
    """Drop empty trailing rows/columns and pad rows to the same width."""
    rows = [list(r) for r in rows]
    while rows and not any(c for c in rows[-1]):
        rows.pop()
    if not rows:
        return rows
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [(r + [""] * width)[:width] for r in rows]


def single_page_doc(items: list[Item], fmt: str, width: float = 612.0,
                    height: float = 792.0) -> Document:
    return Document(pages=[Page(1, width, height, items=items)], source_format=fmt)


def list_item(texts: list[tuple[int, str]], ordered: bool) -> Item:
    """Build a (possibly nested) list item from (level, text) pairs."""
    root = Item("list", ordered=ordered)
    stack: list[tuple[int, Item]] = [(0, root)]
    base = min((lv for lv, _t in texts), default=0)
    for lv, t in texts:
        lv -= base
        while len(stack) > 1 and stack[-1][0] > lv:
            stack.pop()
        parent = stack[-1][1]
        if lv > stack[-1][0]:
            sub = Item("list", ordered=ordered)
            parent.children.append(sub)
            stack.append((lv, sub))
            parent = sub
        parent.children.append(Item("text", text=t))
    return root
