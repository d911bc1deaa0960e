"""``output_options.markdown.tables.merge_continued_tables``: a table that ends one page and
goes on at the top of the next becomes one table on the page where it starts."""

from __future__ import annotations

from .document import Document, Item, Page

__all__ = ["merge_continued_tables"]

_EDGE = ("header", "footer")


def _body(page: Page) -> list[Item]:
    return [it for it in page.items if it.type not in _EDGE]


def _width(it: Item) -> int:
    return max((len(r) for r in it.rows or ()), default=0)


def _norm(row: list) -> list[str]:
    return [" ".join(str(c or "").split()).lower() for c in row]


def _continues(head: Item, part: Item) -> bool:
    return bool(part.rows) and _width(part) == _width(head) > 1


def _append(head: Item, part: Item) -> None:
    rows = list(part.rows or [])
    skip = 0
    # a continuation that repeats the header row(s) drops them
    n = max(1, head.header_rows)
    if len(rows) > n and [_norm(r) for r in rows[:n]] == [_norm(r) for r in (head.rows or [])[:n]]:
        skip = n
    offset = len(head.rows or []) - skip
    head.rows = list(head.rows or []) + rows[skip:]
    head.spans = list(head.spans) + [
        (r + offset, c, rs, cs) for r, c, rs, cs in part.spans if r >= skip
    ]


def merge_continued_tables(doc: Document) -> None:
    """Merge in place. The continuation keeps its place and bbox, with no rows, and
    ``merged_into_page`` naming the page the merged table starts on."""
    head: Item | None = None
    head_page = 0
    prev_number = None
    for page in doc.pages:
        body = _body(page) if page.ok else []
        first = body[0] if body else None
        contiguous = prev_number is not None and page.number == prev_number + 1
        if (
            head is not None
            and contiguous
            and first is not None
            and first.type == "table"
            and _continues(head, first)
        ):
            _append(head, first)
            if not head.merged_from_pages:
                head.merged_from_pages = [head_page]
            head.merged_from_pages.append(page.number)
            first.rows, first.spans, first.merged_into_page = [], [], head_page
            # the merged table may go on over the next page too, if nothing follows it here
            if len(body) > 1:
                head = None
        else:
            head = None
        if head is None and body and body[-1].type == "table" and body[-1].rows:
            head, head_page = body[-1], page.number
        prev_number = page.number if page.ok else None
