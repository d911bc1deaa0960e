"""``output_options.markdown.annotate_links``: turn the words under a PDF link annotation
into a markdown link, ``[words](url)``, in the item that holds them."""

from __future__ import annotations

from dataclasses import replace

from ..document import BBox, Item, Page

__all__ = ["annotate_links"]


def _inside(w: BBox, area: BBox) -> bool:
    cx, cy = w.x + w.w / 2, w.y + w.h / 2
    return area.x <= cx <= area.x1 and area.y <= cy <= area.y1


def _overlaps(a: BBox, b: BBox) -> bool:
    return a.x < b.x1 and b.x < a.x1 and a.y < b.y1 and b.y < a.y1


def _link_text(text: str, anchor: str, url: str) -> str:
    """Wrap the first not-yet-linked occurrence of ``anchor`` in ``text``."""
    start = 0
    while (i := text.find(anchor, start)) >= 0:
        before = text[:i]
        if before.count("[") == before.count("]"):  # not inside an earlier link's text
            return f"{before}[{anchor}]({url}){text[i + len(anchor) :]}"
        start = i + len(anchor)
    return text


def annotate_links(it: Item, page: Page) -> Item:
    """A copy of ``it`` whose text (or list entries) link the words each link area covers.

    Anchors are matched by the words' text, so an item whose text was rebuilt differently
    (hyphenation joined, say) keeps that stretch unlinked rather than linking a wrong one.
    """
    if it.bbox is None:
        return it
    links = [(a, url) for a, url in page.links if url and _overlaps(a, it.bbox)]
    if not links:
        return it
    if it.type == "list":
        return replace(it, children=[annotate_links(c, page) for c in it.children])
    text = it.text
    for area, url in links:
        words = [w.text for w in page.words if _inside(w.bbox, area)]
        anchor = " ".join(words).strip()
        if anchor and f"]({url})" not in text:
            text = _link_text(text, anchor, url)
    return replace(it, text=text) if text != it.text else it
