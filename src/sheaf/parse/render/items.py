"""``items``: typed items with bboxes per page (contract 4.4 ItemsPage / FailedPage)."""

from __future__ import annotations

from ..document import BBox, Document, Item, Page
from .md import DEFAULT_STYLE, TableStyle, item_md, table_csv, table_html

__all__ = ["item_dict", "render_items"]


def _bbox(b: BBox | None) -> list[dict]:
    if b is None:
        return []
    d: dict = {"x": round(b.x, 2), "y": round(b.y, 2), "w": round(b.w, 2), "h": round(b.h, 2)}
    if b.confidence is not None:
        d["confidence"] = round(b.confidence, 4)
    if b.label is not None:
        d["label"] = b.label
    return [d]


def item_dict(it: Item, tables: TableStyle = DEFAULT_STYLE) -> dict:
    t = it.type
    md = item_md(it, tables)
    if t == "text":
        d: dict = {"type": t, "md": md, "value": it.text}
    elif t == "heading":
        d = {"type": t, "level": it.level or 1, "md": md, "value": it.text}
    elif t == "code":
        d = {"type": t, "md": md, "value": it.text, "language": it.language}
    elif t == "table":
        rows = it.rows or []
        d = {
            "type": t,
            "csv": table_csv(rows),
            "html": table_html(rows, it.header_rows, it.spans) if rows else "",
            "md": md,
            "rows": rows,
        }
        if it.merged_from_pages:
            d["merged_from_pages"] = list(it.merged_from_pages)
        if it.merged_into_page is not None:
            d["merged_into_page"] = it.merged_into_page
    elif t == "list":
        d = {
            "type": t,
            "items": [item_dict(c, tables) for c in it.children],
            "md": md,
            "ordered": it.ordered,
        }
    elif t == "image":
        # both are required strings on the wire (ImageItem); empty when unknown / not saved
        d = {"type": t, "caption": it.caption or "", "md": md, "url": it.url or ""}
    elif t == "link":
        d = {"type": t, "md": md, "text": it.text, "url": it.url}
    else:  # header / footer
        d = {"type": t, "items": [item_dict(c, tables) for c in it.children], "md": md}
    bb = _bbox(it.bbox)
    if bb:
        d["bbox"] = bb
    return d


def _page(p: Page, tables: TableStyle) -> dict:
    if not p.ok:
        return {"page_number": p.number, "error": p.error, "success": False}
    return {
        "page_number": p.number,
        "page_width": float(p.width),
        "page_height": float(p.height),
        "success": True,
        "items": [item_dict(it, tables) for it in p.items],
    }


def render_items(doc: Document) -> dict:
    tables = doc.render_options.get("tables") or DEFAULT_STYLE
    return {"pages": [_page(p, tables) for p in doc.pages]}
