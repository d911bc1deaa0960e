"""``markdown`` / ``markdown_full``: one markdown string per page; running headers and
footers go to the page's ``header``/``footer`` fields, not into the body."""

from __future__ import annotations

from ..document import Document, Page
from .links import annotate_links as link_words
from .md import DEFAULT_STYLE, TableStyle, item_md

__all__ = ["page_markdown", "render_markdown", "render_markdown_full"]


def page_markdown(p: Page, annotate_links: bool = False, tables: TableStyle = DEFAULT_STYLE) -> str:
    if p.markdown is not None:  # written by a vision model (sheaf.parse.vlm)
        return p.markdown
    parts = []
    for it in p.items:
        if it.type in ("header", "footer"):
            continue
        if it.type == "image" and not it.url:
            if it.text:
                parts.append(it.text)
            continue
        if annotate_links and p.links and it.type in ("text", "heading", "list"):
            it = link_words(it, p)
        md = item_md(it, tables=tables)
        if md:
            parts.append(md)
    return "\n\n".join(parts)


def _style(doc: Document) -> tuple[bool, TableStyle]:
    ro = doc.render_options
    return bool(ro.get("annotate_links")), ro.get("tables") or DEFAULT_STYLE


def _page(p: Page, annotate_links: bool, tables: TableStyle) -> dict:
    if not p.ok:
        return {"page_number": p.number, "error": p.error, "success": False}
    out: dict = {
        "page_number": p.number,
        "markdown": page_markdown(p, annotate_links, tables),
        "success": True,
    }
    for kind in ("header", "footer"):
        hf = [it for it in p.items if it.type == kind]
        if hf:
            out[kind] = "\n".join(item_md(it) for it in hf)
    return out


def render_markdown(doc: Document) -> dict:
    al, tables = _style(doc)
    return {"pages": [_page(p, al, tables) for p in doc.pages]}


def render_markdown_full(doc: Document) -> str:
    al, tables = _style(doc)
    return "\n\n".join(page_markdown(p, al, tables) for p in doc.pages if p.ok)
