"""HTML (beautifulsoup4 + lxml): h1-h6, paragraphs, lists, tables, pre/code, links, images."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..document import Document, Item, Page
from ..errors import ParseError
from ..options import ParseOptions
from ._util import trim_rows
from .markdown import decode_text

try:
    from bs4 import BeautifulSoup, NavigableString, Tag
except ImportError:  # pragma: no cover
    BeautifulSoup = None  # type: ignore[assignment,misc]

__all__ = ["HtmlReader", "html_items"]

ACCEPTS = ("html",)
_WS = re.compile(r"\s+")
_DROP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "button",
         "select", "input", "textarea", "form"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "nav", "aside",
          "blockquote", "figure", "figcaption", "body", "html", "center", "address", "dl",
          "dd", "dt", "details", "summary", "fieldset", "caption"}
_INLINE_OK = {"span", "a", "b", "strong", "i", "em", "u", "small", "sup", "sub", "code", "br",
              "mark", "abbr", "cite", "q", "s", "del", "ins", "font", "label", "time", "kbd",
              "var", "tt", "big"}


MAX_DEPTH = 200  # elements walked with structure; deeper content becomes plain text



def _attr(tag, name: str) -> str | None:
    """An attribute as one string (bs4 types multi-valued ones, e.g. class, as lists)."""
    value = tag.get(name)
    if value is None or isinstance(value, str):
        return value
    return " ".join(value)

def _text(node) -> str:
    return _WS.sub(" ", node.get_text(" ")).strip()


def html_items(markup: bytes | str, image_url: Callable[[str], str | None] | None = None,
               warnings: list[str] | None = None) -> list[Item]:
    """The items of one HTML page (also each EPUB chapter). ``image_url(src)`` maps an
    ``<img src>`` to the item's ``url`` (default: the src as written). Why some structure
    could not be kept (too deep nesting) is appended to ``warnings``."""
    if BeautifulSoup is None:  # pragma: no cover
        raise ParseError("HTML support needs the 'beautifulsoup4' package")
    text = decode_text(markup) if isinstance(markup, bytes) else markup
    soup = BeautifulSoup(text, "lxml")
    for svg in soup.find_all("svg"):  # an SVG that frames one picture (book covers) is that
        pic = svg.find("image")
        href = (_attr(pic, "xlink:href") or _attr(pic, "href")) if pic else None
        if href:
            svg.replace_with(soup.new_tag("img", attrs={"src": href}))
    for t in soup.find_all(list(_DROP)):
        t.decompose()
    items: list[Item] = []
    reader = HtmlReader(image_url=image_url)
    reader._walk(soup.body or soup, items, 0)
    if reader.flattened and warnings is not None:
        warnings.append(
            f"HTML nested deeper than {MAX_DEPTH} elements: the deeper content was kept as "
            "plain text without its structure"
        )
    return items


class HtmlReader:
    accepts = ACCEPTS

    def __init__(
        self, fmt: str = "html", image_url: Callable[[str], str | None] | None = None
    ) -> None:
        self.fmt = fmt
        self.image_url = image_url
        self.flattened = False  # some subtree was too deep to walk

    def convert(self, data: bytes, opts: ParseOptions) -> Document:
        warnings: list[str] = []
        items = html_items(data, warnings=warnings)
        return Document(pages=[Page(1, 612.0, 792.0, items=items)], source_format="html",
                        pipeline=["beautifulsoup"], warnings=warnings)

    def _walk(self, node, items: list[Item], depth: int) -> None:
        if depth > MAX_DEPTH:  # recursion has a limit; the text does not have to be lost
            text = _text(node)
            if text:
                items.append(Item("text", text=text))
            self.flattened = True
            return
        inline: list[str] = []

        def flush() -> None:
            t = _WS.sub(" ", " ".join(inline)).strip()
            if t:
                items.append(Item("text", text=t))
            inline.clear()

        for ch in node.children:
            if isinstance(ch, NavigableString):
                if type(ch).__name__ in ("Comment", "Doctype", "Declaration", "CData",
                                         "ProcessingInstruction"):
                    continue
                s = str(ch)
                if s.strip():
                    inline.append(s)
                continue
            if not isinstance(ch, Tag):
                continue
            name = ch.name.lower()
            if name in _INLINE_OK:
                if name == "a" and ch.get("href") and not inline and self._alone(ch):
                    t = _text(ch)
                    if t:
                        items.append(Item("link", text=t, url=_attr(ch, "href")))
                    continue
                if name == "br":
                    inline.append("\n")
                    continue
                # inline element containing blocks: descend
                if ch.find(list(_BLOCK | {"table", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
                                          "h6", "pre"})):
                    flush()
                    self._walk(ch, items, depth + 1)
                else:
                    inline.append(_text(ch))
                continue
            flush()
            if re.fullmatch(r"h[1-6]", name):
                t = _text(ch)
                if t:
                    items.append(Item("heading", text=t, level=int(name[1])))
            elif name in ("ul", "ol"):
                lst = self._list(ch, depth)
                if lst.children:
                    items.append(lst)
            elif name == "table":
                rows = self._table(ch)
                if rows:
                    cap = ch.find("caption")
                    if cap is not None and _text(cap):
                        items.append(Item("text", text=_text(cap)))
                    items.append(Item("table", rows=rows))
            elif name == "pre":
                code = ch.get_text()
                lang = None
                c = ch.find("code")
                if c is not None:
                    for cls in c.get("class") or []:
                        if cls.startswith("language-"):
                            lang = cls[9:]
                items.append(Item("code", text=code.strip("\n"), language=lang))
            elif name == "img":
                src = _attr(ch, "src")
                url = self.image_url(src) if self.image_url and src else src
                items.append(Item("image", caption=_attr(ch, "alt") or None, url=url))
            elif name == "hr":
                continue
            else:
                self._walk(ch, items, depth + 1)
        flush()

    @staticmethod
    def _alone(a) -> bool:
        parent = a.parent
        if parent is None:
            return False
        own = _WS.sub(" ", parent.get_text(" ")).strip()
        return own == _text(a)

    def _list(self, node, depth: int) -> Item:
        lst = Item("list", ordered=node.name.lower() == "ol")
        for li in node.find_all("li", recursive=False):
            subs = li.find_all(["ul", "ol"], recursive=False)
            for s in subs:
                s.extract()
            t = _text(li)
            if t:
                lst.children.append(Item("text", text=t))
            for s in subs:
                sub = self._list(s, depth + 1)
                if sub.children:
                    lst.children.append(sub)
        return lst

    @staticmethod
    def _table(node) -> list[list[str]]:
        rows: list[list[str]] = []
        spans: dict[tuple[int, int], str] = {}
        trs = [tr for tr in node.find_all("tr") if tr.find_parent("table") is node]
        for r, tr in enumerate(trs):
            row: list[str] = []
            c = 0
            for cell in tr.find_all(["td", "th"], recursive=False):
                while (r, c) in spans:
                    row.append(spans.pop((r, c)))
                    c += 1
                t = _text(cell)
                try:
                    cs = max(1, min(int(cell.get("colspan", 1)), 100))
                    rs = max(1, min(int(cell.get("rowspan", 1)), 1000))
                except ValueError:
                    cs = rs = 1
                for k in range(cs):
                    row.append(t if k == 0 else "")
                    for dr in range(1, rs):
                        spans[(r + dr, c + k)] = ""
                c += cs
            while (r, c) in spans:
                row.append(spans.pop((r, c)))
                c += 1
            rows.append(row)
        return trim_rows(rows)
