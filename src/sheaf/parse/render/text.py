"""``text`` / ``text_full``: plain text per page."""

from __future__ import annotations

from ..document import Document, Item, Page

__all__ = ["page_text", "render_text", "render_text_full"]


def _item_text(it: Item) -> str:
    if it.type == "table":
        return "\n".join("\t".join("" if c is None else str(c) for c in r) for r in it.rows or [])
    if it.type == "list":
        return "\n".join(_item_text(ch) for ch in it.children)
    if it.type in ("header", "footer") and it.children:
        return "\n".join(ch.text for ch in it.children)
    if it.type == "image":
        return it.caption or ""
    return it.text


def page_text(p: Page) -> str:
    if not p.ok:
        return ""
    if p.text is not None:
        return p.text
    return "\n\n".join(s for s in (_item_text(it) for it in p.items) if s)


def render_text(doc: Document) -> dict:
    return {"pages": [{"page_number": p.number, "text": page_text(p)} for p in doc.pages]}


def render_text_full(doc: Document) -> str:
    return "\n\n".join(page_text(p) for p in doc.pages if p.ok)
