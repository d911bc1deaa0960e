"""The classic LlamaParse result shape built from a parse job's stored per-page outputs.

Plain dicts, no wire models: the classic routes serve them and the classic ``webhook_url``
delivery sends them, so both show the same pages.
"""

from __future__ import annotations

from typing import Any, Literal

__all__ = ["IMAGE_TYPES", "classic_pages", "full_document"]

IMAGE_TYPES = {"screenshot": "full_page_screenshot", "layout": "layout_image", "embedded": "image"}


def _sub(template: str, page: int) -> str:
    return template.replace("{pageNumber}", str(page))


def _item_value(item: dict) -> str:
    if "value" in item:
        return item.get("value") or ""
    if item.get("type") == "link":
        return item.get("text") or ""
    return "\n".join(_item_value(c) for c in item.get("items") or [])


def _bbox(item: dict) -> dict | None:
    boxes = item.get("bbox") or []
    if not boxes:
        return None
    b = boxes[0]
    return {"x": b["x"], "y": b["y"], "w": b["w"], "h": b["h"]}


def _item(item: dict) -> dict:
    """A v2 item as a classic ``PageItem`` (type, lvl, value, md, rows, bBox, html, csv)."""
    kind = item["type"]
    out: dict[str, Any] = {"type": kind, "md": item.get("md", "")}
    if kind == "heading":
        out["lvl"] = item.get("level") or 1
        out["value"] = item.get("value", "")
    elif kind == "table":
        out["value"] = item.get("csv", "")
        out["rows"] = item.get("rows") or []
        out["csv"] = item.get("csv", "")
        out["html"] = item.get("html", "")
    elif kind == "image":
        out["value"] = item.get("caption", "")
        out["url"] = item.get("url", "")
    else:  # text, code, list, link: classic knows them all as text
        out["type"] = "text"
        out["value"] = _item_value(item)
    box = _bbox(item)
    if box is not None:
        out["bBox"] = box
    return out


def _links(items: list[dict]) -> list[dict]:
    return [
        {"text": it.get("text", ""), "url": it.get("url", "")}
        for it in items
        if it["type"] == "link"
    ]


def _framed(md: str | None, prefix: str, suffix: str, page: int) -> str | None:
    return None if md is None else _sub(prefix, page) + md + _sub(suffix, page)


def _page_md(md_page: dict, view: dict) -> tuple[str, str | None, str | None]:
    num = md_page["page_number"]
    header = _framed(
        md_page.get("header"),
        view.get("page_header_prefix", ""),
        view.get("page_header_suffix", ""),
        num,
    )
    footer = _framed(
        md_page.get("footer"),
        view.get("page_footer_prefix", ""),
        view.get("page_footer_suffix", ""),
        num,
    )
    parts = [
        header if not view.get("hide_headers") else None,
        md_page.get("markdown", ""),
        footer if not view.get("hide_footers") else None,
    ]
    return "\n\n".join(p for p in parts if p), header, footer


def _failed_text(page: dict, view: dict) -> str:
    if view.get("replace_failed_page_mode") != "error_message":
        return ""
    return (
        _sub(view.get("replace_failed_page_with_error_message_prefix", ""), page["page_number"])
        + (page.get("error") or "page failed")
        + _sub(view.get("replace_failed_page_with_error_message_suffix", ""), page["page_number"])
    )


def classic_pages(results: dict[str, Any], view: dict, tier: str | None) -> list[dict]:
    """The classic ``pages[]`` of the JSON result, one per parsed page."""
    text = {
        p["page_number"]: p.get("text", "") for p in (results.get("text") or {}).get("pages", [])
    }
    items = {p["page_number"]: p for p in (results.get("items") or {}).get("pages", [])}
    meta = {p["page_number"]: p for p in (results.get("metadata") or {}).get("pages", [])}
    images: dict[int, list[dict]] = {}
    for im in results.get("images") or []:
        b = im.get("bbox") or {}
        images.setdefault(im["page_number"], []).append(
            {
                "name": im["filename"],
                "x": b.get("x"),
                "y": b.get("y"),
                "width": b.get("w"),
                "height": b.get("h"),
                "original_width": None,
                "original_height": None,
                "type": IMAGE_TYPES.get(im.get("category"), im.get("category")),
            }
        )
    pages = []
    for md_page in (results.get("markdown") or {}).get("pages", []):
        num = md_page["page_number"]
        ok = md_page.get("success", True)
        page_items = items.get(num, {})
        raw_items = page_items.get("items") or []
        if ok:
            md, header, footer = _page_md(md_page, view)
            page_text = text.get(num, "")
        else:
            md = page_text = _failed_text(md_page, view)
            header = footer = None
        m = meta.get(num, {})
        pages.append(
            {
                "page": num,
                "text": page_text,
                "md": md,
                "images": images.get(num, []),
                "charts": [],
                "tables": [],
                "layout": [],
                "items": [_item(it) for it in raw_items if it["type"] not in ("header", "footer")],
                "status": "OK" if ok else "ERROR",
                "error": None if ok else md_page.get("error"),
                "links": _links(raw_items),
                "width": page_items.get("page_width"),
                "height": page_items.get("page_height"),
                "triggeredAutoMode": False,
                "parsingMode": tier or "",
                "structuredData": None,
                "noStructuredContent": True,
                "noTextContent": not (page_text or "").strip(),
                "confidence": m.get("confidence"),
                "printedPageNumber": m.get("printed_page_number"),
                "slideSpeakerNotes": m.get("speaker_notes"),
                "pageHeaderMarkdown": header,
                "pageFooterMarkdown": footer,
            }
        )
    return pages


def full_document(pages: list[dict], view: dict, key: Literal["text", "md"]) -> str:
    """The whole document as one string: each page framed by ``page_prefix``/``page_suffix``,
    pages joined by ``page_separator``; ``{pageNumber}`` is the page's number (in a separator,
    the number of the page after it)."""
    prefix, suffix = view.get("page_prefix", ""), view.get("page_suffix", "")
    separator = view.get("page_separator", "\n---\n")
    out: list[str] = []
    for i, page in enumerate(pages):
        num = page["page"]
        if i:
            out.append(_sub(separator, num))
        out.append(_sub(prefix, num) + (page.get(key) or "") + _sub(suffix, num))
    return "".join(out)
