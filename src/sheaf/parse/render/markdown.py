"""``markdown`` / ``markdown_full``: one markdown string per page; running headers and
footers go to the page's ``header``/``footer`` fields, not into the body."""

from __future__ import annotations

from ..document import Document, Page
from .md import item_md

__all__ = ["page_markdown", "render_markdown", "render_markdown_full"]


def page_markdown(p: Page, annotate_links: bool = False) -> str:
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
        md = item_md(it, annotate_links)
        if md:
            parts.append(md)
    return "\n\n".join(parts)


def _page(p: Page, annotate_links: bool) -> dict:
    if not p.ok:
        return {"page_number": p.number, "error": p.error, "success": False}
    out: dict = {"page_number": p.number, "markdown": page_markdown(p, annotate_links),
                 "success": True}
    for kind in ("header", "footer"):
        hf = [it for it in p.items if it.type == kind]
        if hf:
            out[kind] = "\n".join(item_md(it) for it in hf)
    return out


def render_markdown(doc: Document) -> dict:
    al = bool(doc.render_options.get("annotate_links"))
    return {"pages": [_page(p, al) for p in doc.pages]}


def render_markdown_full(doc: Document) -> str:
    al = bool(doc.render_options.get("annotate_links"))
    return "\n\n".join(page_markdown(p, al) for p in doc.pages if p.ok)
